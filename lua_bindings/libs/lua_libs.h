// The Lua libraries Redis 7.0 bundles for scripts: cjson, cmsgpack, struct
// and bit. Each behaves as Redis 7.0.15's copy does from a script's point of
// view: same encodings, same number formatting, same option functions and
// defaults, same limits and the same error texts.
//
// Call these while building a script state, before its globals are locked.
// They need the base library (for `tostring`-style conversions) and, for
// PatchBit, LuaJIT's built-in `bit` library to have been opened already.
//
// Every library keeps its scratch memory inside userdata owned by the state,
// allocated through the state's allocator, so a memory cap installed with
// lua_newstate covers it and lua_close frees it. None of them ever calls back
// into Lua code.

#ifndef LUAKV_LUA_BINDINGS_LIBS_LUA_LIBS_H_
#define LUAKV_LUA_BINDINGS_LIBS_LUA_LIBS_H_

struct lua_State;

namespace luakv::lua {

// Sets the global `cjson`: encode, decode, null, new, the option functions
// (encode_sparse_array, encode_max_depth, decode_max_depth,
// encode_number_precision, encode_keep_buffer, encode_invalid_numbers,
// decode_invalid_numbers), _NAME and _VERSION. Options live in the module
// table they were set through and persist for the life of the state, as in
// Redis; cjson.new() returns an independent copy with default options.
void OpenCjson(lua_State* L);

// Sets the global `cmsgpack`: pack, unpack, unpack_one, unpack_limit and the
// _NAME/_VERSION/_COPYRIGHT/_DESCRIPTION strings.
void OpenCmsgpack(lua_State* L);

// Sets the global `struct`: pack, unpack and size, with the bounds checks of
// Redis's security fixes (integral size limit 32, size-overflow and
// data-length checks).
void OpenStruct(lua_State* L);

// Replaces the functions of the global `bit` (creating it if absent) with
// ones that behave like the LuaBitOp Redis ships, CVE-2024-31449 fix
// included: bit.tohex clamps its digit count to 8 in both directions, so
// bit.tohex(65535, -2147483648) is "0000FFFF" (LuaJIT returns ""). Plain C
// functions also make argument errors name the function and carry the
// caller's position, as they do in Redis, where LuaJIT's built-ins say '?'.
void PatchBit(lua_State* L);

}  // namespace luakv::lua

#endif  // LUAKV_LUA_BINDINGS_LIBS_LUA_LIBS_H_
