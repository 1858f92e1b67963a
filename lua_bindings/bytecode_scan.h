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

// What the Lua function at `idx`, compiled from `source`, may do. Each
// answer is true unless proven false; a dump that cannot be read answers
// true to both.
struct ChunkEffects {
  // A global assignment anywhere in its bytecode.
  bool may_write_globals = true;
  // A table store or a global assignment in its bytecode, or anywhere in
  // its source text one of the names through which library code could
  // store for it (rawset, table.*, setmetatable, loadstring, _G, the error
  // handler, ...); mere mentions (in a comment, a string) count.
  bool may_change_tables = true;
};
ChunkEffects ScanChunk(lua_State* L, int idx, std::string_view source);

}  // namespace luakv::lua

#endif  // LUAKV_LUA_BINDINGS_BYTECODE_SCAN_H_
