// What compiled Lua code can change, read from its bytecode dump (its own
// instructions and those of every function it defines).
//
// Scripts read globals through a read-only proxy of the globals table,
// which costs a metamethod lookup per read; a chunk that assigns no global
// may read the real table instead. And KEYS and ARGV are refilled in place
// for every run; after a chunk that can store into no table they are known
// to hold exactly what was put there, so the next run need not check them.
//
// Internal to lua_bindings.

#ifndef LUAKV_LUA_BINDINGS_BYTECODE_SCAN_H_
#define LUAKV_LUA_BINDINGS_BYTECODE_SCAN_H_

#include <string_view>

#include <lua.hpp>

namespace luakv::lua {

// True unless the Lua function at `idx` provably assigns no global: when its
// dump cannot be read, the answer is true (the safe side).
bool MayWriteGlobals(lua_State* L, int idx);

// True unless the Lua function at `idx`, compiled from `source`, provably
// changes no table: no table store in its bytecode, no global assignment,
// and none of the names through which library code could store for it
// (rawset, table.*, setmetatable, loadstring, _G, the error handler, ...)
// anywhere in its source text. Unreadable dumps and mere mentions (in a
// comment, a string) answer true.
bool MayChangeTables(lua_State* L, int idx, std::string_view source);

}  // namespace luakv::lua

#endif  // LUAKV_LUA_BINDINGS_BYTECODE_SCAN_H_
