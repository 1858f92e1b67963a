// FunctionRegistry: the libraries FUNCTION LOAD created and the functions
// they registered (spec §7), with their own Lua sandbox, apart from EVAL's:
// SCRIPT FLUSH leaves functions alone and FUNCTION FLUSH leaves the EVAL
// cache alone.
//
// Library names are case-sensitive; function names are global and
// case-insensitive. Every change is all-or-nothing: a failed LOAD (with
// REPLACE too) or RESTORE leaves the registry as it was.
//
// Thread safety: none; used under the engine's lock.

#ifndef LUAKV_ENGINE_SCRIPTING_FUNCTION_REGISTRY_H_
#define LUAKV_ENGINE_SCRIPTING_FUNCTION_REGISTRY_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "engine/scripting/function_lua.h"
#include "lua_bindings/sandbox.h"

namespace luakv {

struct FunctionLibrary {
  std::string name;
  std::string engine;  // as written in the shebang ("lua", "LUA", ...)
  std::string code;    // the full code, shebang included
  std::vector<LoadedFunction> functions;
};

class FunctionRegistry {
 public:
  explicit FunctionRegistry(lua::SandboxOptions options);
  ~FunctionRegistry();
  FunctionRegistry(const FunctionRegistry&) = delete;
  FunctionRegistry& operator=(const FunctionRegistry&) = delete;

  // FUNCTION LOAD: the library's name, or Redis's error text.
  absl::StatusOr<std::string> Load(std::string_view code, bool replace);
  // FUNCTION DELETE: false when there is no library of that exact name.
  bool Delete(std::string_view library);
  // FUNCTION FLUSH.
  void Flush();

  // FUNCTION DUMP's payload (function_dump.h).
  std::string Dump() const;
  enum class RestorePolicy { kAppend, kReplace, kFlush };
  // FUNCTION RESTORE; errors carry Redis's texts.
  absl::Status Restore(std::string_view payload, RestorePolicy policy);

  // The function called `name` (any case), or null.
  const LoadedFunction* Find(std::string_view name) const;

  // Libraries by name.
  const std::map<std::string, std::unique_ptr<FunctionLibrary>, std::less<>>&
  libraries() const {
    return libraries_;
  }
  size_t function_count() const { return functions_.size(); }

  lua::LuaSandbox& sandbox() { return *sandbox_; }

 private:
  using Staged = std::vector<std::unique_ptr<FunctionLibrary>>;

  // Parses `code`'s metadata and compiles it into a library.
  absl::StatusOr<std::unique_ptr<FunctionLibrary>> Build(
      std::string_view code, bool replace);
  void Install(std::unique_ptr<FunctionLibrary> library);
  void Remove(const std::string& name);
  void ReleaseAll(Staged& staged);

  std::unique_ptr<lua::LuaSandbox> sandbox_;
  std::unique_ptr<FunctionLua> lua_;
  std::map<std::string, std::unique_ptr<FunctionLibrary>, std::less<>>
      libraries_;
  // Lowercased function name -> the function (owned by its library).
  absl::flat_hash_map<std::string, const LoadedFunction*> functions_;
  // Lowercased function name -> its library's name.
  absl::flat_hash_map<std::string, std::string> owners_;
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_SCRIPTING_FUNCTION_REGISTRY_H_
