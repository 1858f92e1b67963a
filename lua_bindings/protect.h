// Read-only globals and library tables (spec §3.2) on an unpatched LuaJIT.
//
// Redis marks tables read-only with a bit its Lua checks on every write.
// LuaJIT has no such bit, so scripts are given empty proxy tables instead:
// reads fall through (__index) to the real table, every write reaches
// __newindex, which raises Redis's error. The real tables are reachable
// from nowhere a script can go. The base functions that bypass metamethods
// (rawget, rawset, next, pairs, getmetatable, setmetatable, table.insert,
// table.foreach) are replaced by versions that see through proxies for
// reads and refuse writes with Redis's texts:
//
//   a = 1; string.x = 1; getmetatable('').__index = f
//       -> user_script:1: Attempt to modify a readonly table
//   rawset(_G, 'x', 1); setmetatable(_G, {}); table.insert(string, 1)
//       -> Attempt to modify a readonly table   (no position, as in Redis)
//   return nosuch
//       -> user_script:1: Script attempted to access nonexistent global
//          variable 'nosuch'
//
// getmetatable('') returns a read-only view whose __index is the `string`
// proxy, and getmetatable(_G) a view whose __index is the function raising
// the nonexistent-global error: what a Redis script sees.
//
// A chunk that can change no table (no table store, no rawset, table.*,
// setmetatable, loadstring, _G ...; see bytecode_scan.h) runs with the real
// library tables instead, `string` excepted: it has no way to write to
// them, and reads skip the proxy. The error handler, which writes `source`
// and `line` into a table raised as the error, swaps a real library table
// for its proxy first, so error(redis) fails alike either way.
//
// Differences left: cjson.encode and cmsgpack.pack of a library table see
// an empty table (Redis would see its functions) unless the script runs
// with the real tables.

#ifndef LUAKV_LUA_BINDINGS_PROTECT_H_
#define LUAKV_LUA_BINDINGS_PROTECT_H_

struct lua_State;

namespace luakv::lua {

// True when the value at `idx` is a read-only proxy. [-0, +0, -]
bool IsReadOnly(lua_State* L, int idx);

}  // namespace luakv::lua

#endif  // LUAKV_LUA_BINDINGS_PROTECT_H_
