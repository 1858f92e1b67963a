// The cmsgpack module table, as Redis bundles lua-cmsgpack 0.4.0.

#include <lua.hpp>

#include "lua_bindings/libs/cmsgpack_internal.h"
#include "lua_bindings/libs/lib_support.h"
#include "lua_bindings/libs/lua_libs.h"

namespace luakv::lua {

void OpenCmsgpack(lua_State* L) {
  lua_newtable(L);
  libs::ByteBuffer::Push(L);
  lua_pushcclosure(L, libs::MsgpackPack, 1);
  lua_setfield(L, -2, "pack");
  lua_pushcfunction(L, libs::MsgpackUnpack);
  lua_setfield(L, -2, "unpack");
  lua_pushcfunction(L, libs::MsgpackUnpackOne);
  lua_setfield(L, -2, "unpack_one");
  lua_pushcfunction(L, libs::MsgpackUnpackLimit);
  lua_setfield(L, -2, "unpack_limit");
  lua_pushliteral(L, "cmsgpack");
  lua_setfield(L, -2, "_NAME");
  lua_pushliteral(L, "lua-cmsgpack 0.4.0");
  lua_setfield(L, -2, "_VERSION");
  lua_pushliteral(L, "Copyright (C) 2012, Salvatore Sanfilippo");
  lua_setfield(L, -2, "_COPYRIGHT");
  lua_pushliteral(L, "MessagePack C implementation for Lua");
  lua_setfield(L, -2, "_DESCRIPTION");
  lua_setglobal(L, "cmsgpack");
}

}  // namespace luakv::lua
