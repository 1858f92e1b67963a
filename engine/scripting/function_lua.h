// FunctionLua: the Lua side of Redis Functions (spec §7.2, §7.3) in a
// sandbox of their own.
//
// Every library's chunk runs with one shared environment, an empty
// read-only table whose lookups are redirected: while a library loads,
// only a `redis` table with register_function, log, LOG_* and
// REDIS_VERSION* is visible; when functions run, the sandbox's globals are,
// without KEYS and ARGV, with a `redis` table lacking breakpoint, debug,
// replicate_commands and register_function. Local helpers a library defines
// see the run-time globals when called, as in Redis.
//
// Thread safety: none; used under the engine's lock.

#ifndef LUAKV_ENGINE_SCRIPTING_FUNCTION_LUA_H_
#define LUAKV_ENGINE_SCRIPTING_FUNCTION_LUA_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "lua_bindings/sandbox.h"

namespace luakv {

// A function a library registered.
struct LoadedFunction {
  std::string name;
  // LuaSandbox handle of a function that calls the callback as
  // callback(KEYS, ARGV) with fresh tables; what LuaSandbox::Run runs.
  int handle = 0;
  uint32_t flags = 0;  // ScriptFlag bits; never kScriptCompatMode
  std::optional<std::string> description;
};

class FunctionLua {
 public:
  // Installs the environments into `sandbox`, which must outlive this.
  explicit FunctionLua(lua::LuaSandbox& sandbox);
  FunctionLua(const FunctionLua&) = delete;
  FunctionLua& operator=(const FunctionLua&) = delete;

  // Compiles `body` (a library's code with its first line blanked, so line
  // numbers match the full text) as "@user_function" and runs it to collect
  // its redis.register_function calls. Errors carry Redis's reply text
  // ("ERR Error compiling function: ...", "ERR Error registering
  // functions: ..."). Nothing stays referenced on failure.
  absl::StatusOr<std::vector<LoadedFunction>> Load(std::string_view body);

  void Release(const LoadedFunction& function);

 private:
  lua::LuaSandbox& sandbox_;
  int env_ref_ = 0;         // the chunks' environment
  int env_meta_ref_ = 0;    // its metatable, whose __index is swapped
  int load_index_ref_ = 0;  // __index while loading
  int run_index_ref_ = 0;   // __index while functions run
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_SCRIPTING_FUNCTION_LUA_H_
