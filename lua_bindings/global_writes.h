// Whether compiled Lua code can assign a global variable.
//
// Scripts read globals through a read-only proxy of the globals table,
// which costs a metamethod lookup per read. A chunk whose bytecode (its own
// and that of every function it defines) holds no global assignment cannot
// write to its environment, so it may read the real table directly: the
// proxy only matters for writes. This module answers the question from the
// chunk's bytecode dump.
//
// Internal to lua_bindings.

#ifndef LUAKV_LUA_BINDINGS_GLOBAL_WRITES_H_
#define LUAKV_LUA_BINDINGS_GLOBAL_WRITES_H_

#include <lua.hpp>

namespace luakv::lua {

// True unless the Lua function at `idx` provably assigns no global: when its
// dump cannot be read, the answer is true (the safe side).
bool MayWriteGlobals(lua_State* L, int idx);

}  // namespace luakv::lua

#endif  // LUAKV_LUA_BINDINGS_GLOBAL_WRITES_H_
