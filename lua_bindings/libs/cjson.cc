// The cjson module table and its option functions. Option semantics follow
// Redis's bundled lua-cjson 2.1.0 as observed from scripts, quirks included:
// integer options are truncated to 32 bits before the range check, and a
// range error always names argument #1.

#include <lua.hpp>
#include <new>
#include <string_view>

#include "lua_bindings/libs/cjson_internal.h"
#include "lua_bindings/libs/lua_libs.h"

namespace luakv::lua::libs {
namespace {

constexpr char kConfigMeta[] = "luakv.CjsonConfig";
constexpr int kIntMax = 2147483647;

void CheckArgCount(lua_State* L, int max_args) {
  luaL_argcheck(L, lua_gettop(L) <= max_args, max_args + 1,
                "found too many arguments");
}

// An integer option argument; nil or absent leaves `value` unchanged.
void ReadIntOption(lua_State* L, int arg, int min, int max, int* value) {
  if (lua_isnoneornil(L, arg)) return;
  int v = LowInt32(CastToInt64(luaL_checknumber(L, arg)));
  if (v < min || v > max) {
    luaL_argerror(
        L, 1,
        lua_pushfstring(L, "expected integer between %d and %d", min, max));
  }
  *value = v;
}

// A switch option: true/false, "on"/"off" and, when `allow_null`, "null".
// Returns -1 for nil/absent (no change), 0 off, 1 on, 2 null.
int ReadSwitchOption(lua_State* L, int arg, bool allow_null) {
  if (lua_isnoneornil(L, arg)) return -1;
  if (lua_type(L, arg) == LUA_TBOOLEAN) return lua_toboolean(L, arg);
  const char* s = luaL_checkstring(L, arg);
  std::string_view option(s);
  if (option == "off") return 0;
  if (option == "on") return 1;
  if (allow_null && option == "null") return 2;
  return luaL_argerror(L, arg, lua_pushfstring(L, "invalid option '%s'", s));
}

int EncodeSparseArray(lua_State* L) {
  CjsonConfig* config = CurrentCjsonConfig(L);
  CheckArgCount(L, 3);
  int convert = ReadSwitchOption(L, 1, false);
  if (convert >= 0) config->encode_sparse_convert = convert == 1;
  ReadIntOption(L, 2, 0, kIntMax, &config->encode_sparse_ratio);
  ReadIntOption(L, 3, 0, kIntMax, &config->encode_sparse_safe);
  lua_pushboolean(L, config->encode_sparse_convert);
  lua_pushinteger(L, config->encode_sparse_ratio);
  lua_pushinteger(L, config->encode_sparse_safe);
  return 3;
}

int EncodeMaxDepth(lua_State* L) {
  CjsonConfig* config = CurrentCjsonConfig(L);
  CheckArgCount(L, 1);
  ReadIntOption(L, 1, 1, kIntMax, &config->encode_max_depth);
  lua_pushinteger(L, config->encode_max_depth);
  return 1;
}

int DecodeMaxDepth(lua_State* L) {
  CjsonConfig* config = CurrentCjsonConfig(L);
  CheckArgCount(L, 1);
  ReadIntOption(L, 1, 1, kIntMax, &config->decode_max_depth);
  lua_pushinteger(L, config->decode_max_depth);
  return 1;
}

int EncodeNumberPrecision(lua_State* L) {
  CjsonConfig* config = CurrentCjsonConfig(L);
  CheckArgCount(L, 1);
  ReadIntOption(L, 1, 1, 14, &config->encode_number_precision);
  lua_pushinteger(L, config->encode_number_precision);
  return 1;
}

int EncodeKeepBuffer(lua_State* L) {
  CjsonConfig* config = CurrentCjsonConfig(L);
  CheckArgCount(L, 1);
  int keep = ReadSwitchOption(L, 1, false);
  if (keep >= 0) {
    config->encode_keep_buffer = keep == 1;
    if (!config->encode_keep_buffer) config->encode_buffer.Release(L);
  }
  lua_pushboolean(L, config->encode_keep_buffer);
  return 1;
}

int EncodeInvalidNumbers(lua_State* L) {
  CjsonConfig* config = CurrentCjsonConfig(L);
  CheckArgCount(L, 1);
  switch (ReadSwitchOption(L, 1, true)) {
    case 0:
      config->encode_invalid_numbers = InvalidNumbers::kReject;
      break;
    case 1:
      config->encode_invalid_numbers = InvalidNumbers::kAllow;
      break;
    case 2:
      config->encode_invalid_numbers = InvalidNumbers::kAsNull;
      break;
    default:
      break;
  }
  switch (config->encode_invalid_numbers) {
    case InvalidNumbers::kReject:
      lua_pushboolean(L, 0);
      break;
    case InvalidNumbers::kAllow:
      lua_pushboolean(L, 1);
      break;
    case InvalidNumbers::kAsNull:
      lua_pushliteral(L, "null");
      break;
  }
  return 1;
}

int DecodeInvalidNumbers(lua_State* L) {
  CjsonConfig* config = CurrentCjsonConfig(L);
  CheckArgCount(L, 1);
  int allow = ReadSwitchOption(L, 1, false);
  if (allow >= 0) config->decode_invalid_numbers = allow == 1;
  lua_pushboolean(L, config->decode_invalid_numbers);
  return 1;
}

int ConfigGc(lua_State* L) {
  auto* config = static_cast<CjsonConfig*>(lua_touserdata(L, 1));
  config->encode_buffer.Release(L);
  config->decode_buffer.Release(L);
  return 0;
}

// cjson.new(): a fresh module table with its own default options.
int CjsonNew(lua_State* L) {
  new (lua_newuserdata(L, sizeof(CjsonConfig))) CjsonConfig();
  if (luaL_newmetatable(L, kConfigMeta)) {
    lua_pushcfunction(L, ConfigGc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);

  static constexpr struct {
    const char* name;
    lua_CFunction fn;
  } kFunctions[] = {
      {"encode", CjsonEncode},
      {"decode", CjsonDecode},
      {"encode_sparse_array", EncodeSparseArray},
      {"encode_max_depth", EncodeMaxDepth},
      {"decode_max_depth", DecodeMaxDepth},
      {"encode_number_precision", EncodeNumberPrecision},
      {"encode_keep_buffer", EncodeKeepBuffer},
      {"encode_invalid_numbers", EncodeInvalidNumbers},
      {"decode_invalid_numbers", DecodeInvalidNumbers},
  };
  lua_newtable(L);
  for (const auto& f : kFunctions) {
    lua_pushvalue(L, -2);
    lua_pushcclosure(L, f.fn, 1);
    lua_setfield(L, -2, f.name);
  }
  lua_pushcfunction(L, CjsonNew);
  lua_setfield(L, -2, "new");
  // JSON null decodes to, and encodes from, a NULL light userdata.
  lua_pushlightuserdata(L, nullptr);
  lua_setfield(L, -2, "null");
  lua_pushliteral(L, "cjson");
  lua_setfield(L, -2, "_NAME");
  lua_pushliteral(L, "2.1.0");
  lua_setfield(L, -2, "_VERSION");
  lua_remove(L, -2);
  return 1;
}

}  // namespace

CjsonConfig* CurrentCjsonConfig(lua_State* L) {
  return static_cast<CjsonConfig*>(lua_touserdata(L, lua_upvalueindex(1)));
}

}  // namespace luakv::lua::libs

namespace luakv::lua {

void OpenCjson(lua_State* L) {
  lua_pushcfunction(L, libs::CjsonNew);
  lua_call(L, 0, 1);
  lua_setglobal(L, "cjson");
}

}  // namespace luakv::lua
