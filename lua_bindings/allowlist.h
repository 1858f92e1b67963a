// What a script may see (spec §3.1), as data: the allowed globals, the
// allowed members of each library table, and the names that must never be
// visible. The sandbox deletes everything not allowed; tests walk the same
// lists.

#ifndef LUAKV_LUA_BINDINGS_ALLOWLIST_H_
#define LUAKV_LUA_BINDINGS_ALLOWLIST_H_

#include <span>
#include <string_view>

namespace luakv::lua {

struct LibraryAllowlist {
  std::string_view name;                      // global holding the table
  std::span<const std::string_view> members;  // everything else is removed
};

// Globals a script may see (KEYS and ARGV are set per invocation).
std::span<const std::string_view> AllowedGlobals();
// Library tables and their members.
std::span<const LibraryAllowlist> AllowedLibraries();
// Globals that must never exist: Redis's deny list plus what LuaJIT adds
// (jit, ffi, getfenv, setfenv, newproxy; spec §3.1, §10).
std::span<const std::string_view> DeniedGlobals();

}  // namespace luakv::lua

#endif  // LUAKV_LUA_BINDINGS_ALLOWLIST_H_
