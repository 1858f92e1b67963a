// The functions of the cmsgpack module, shared with its registration.

#ifndef LUAKV_LUA_BINDINGS_LIBS_CMSGPACK_INTERNAL_H_
#define LUAKV_LUA_BINDINGS_LIBS_CMSGPACK_INTERNAL_H_

struct lua_State;

namespace luakv::lua::libs {

// cmsgpack.pack(v1, ...): upvalue 1 is the ByteBuffer used as scratch.
int MsgpackPack(lua_State* L);
// cmsgpack.unpack(s), cmsgpack.unpack_one(s [, offset]),
// cmsgpack.unpack_limit(s, limit [, offset]).
int MsgpackUnpack(lua_State* L);
int MsgpackUnpackOne(lua_State* L);
int MsgpackUnpackLimit(lua_State* L);

}  // namespace luakv::lua::libs

#endif  // LUAKV_LUA_BINDINGS_LIBS_CMSGPACK_INTERNAL_H_
