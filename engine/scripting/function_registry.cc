#include "engine/scripting/function_registry.h"

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "engine/scripting/function_dump.h"
#include "engine/scripting/shebang.h"
#include "keyspace/util/sv_hash.h"

namespace luakv {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

absl::Status Invalid(std::string message) {
  return absl::InvalidArgumentError(message);
}

struct Metadata {
  std::string engine;
  std::string name;
  size_t header_length = 0;  // up to, not including, the first '\n'
};

absl::StatusOr<Metadata> ParseMetadata(std::string_view code) {
  if (code.substr(0, 2) != "#!") return Invalid("ERR Missing library metadata");
  const size_t newline = code.find('\n');
  if (newline == std::string_view::npos) {
    return Invalid("ERR Invalid library metadata");
  }
  std::optional<std::vector<std::string>> parts =
      SplitArgs(code.substr(0, newline));
  if (!parts.has_value() || parts->empty()) {
    return Invalid("ERR Invalid library metadata");
  }
  Metadata meta;
  meta.header_length = newline;
  meta.engine = (*parts)[0].substr(2);
  bool has_name = false;
  for (size_t i = 1; i < parts->size(); ++i) {
    const std::string& part = (*parts)[i];
    if (part.size() >= 5 && EqualsIgnoreCase(part.substr(0, 5), "name=")) {
      if (has_name) {
        return Invalid(
            "ERR Invalid metadata value, name argument was given multiple "
            "times");
      }
      meta.name = part.substr(5);
      has_name = true;
      continue;
    }
    return Invalid("ERR Invalid metadata value given: " + part);
  }
  if (!has_name) return Invalid("ERR Library name was not given");
  return meta;
}

bool ValidLibraryName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_') {
      return false;
    }
  }
  return true;
}

}  // namespace

FunctionRegistry::FunctionRegistry(lua::SandboxOptions options) {
  auto sandbox = lua::LuaSandbox::Create(options);
  if (!sandbox.ok()) {
    // Only an exhausted allocator gets here.
    std::fprintf(stderr, "luakv: cannot create the functions' Lua sandbox\n");
    std::abort();
  }
  sandbox_ = std::move(*sandbox);
  lua_ = std::make_unique<FunctionLua>(*sandbox_);
}

FunctionRegistry::~FunctionRegistry() {
  Flush();
  lua_.reset();
  sandbox_.reset();
}

absl::StatusOr<std::unique_ptr<FunctionLibrary>> FunctionRegistry::Build(
    std::string_view code, bool replace) {
  absl::StatusOr<Metadata> meta = ParseMetadata(code);
  if (!meta.ok()) return meta.status();
  if (!ValidLibraryName(meta->name)) {
    return Invalid(
        "ERR Library names can only contain letters, numbers, or "
        "underscores(_) and must be at least one character long");
  }
  if (!EqualsIgnoreCase(meta->engine, "lua")) {
    return Invalid("ERR Engine '" + meta->engine + "' not found");
  }
  if (!replace && libraries_.contains(meta->name)) {
    return Invalid("ERR Library '" + meta->name + "' already exists");
  }
  // The first line is left out but its '\n' kept: line numbers then match
  // the full code.
  absl::StatusOr<std::vector<LoadedFunction>> functions =
      lua_->Load(code.substr(meta->header_length));
  if (!functions.ok()) return functions.status();
  auto library = std::make_unique<FunctionLibrary>();
  library->name = std::move(meta->name);
  library->engine = absl::AsciiStrToUpper(meta->engine);
  library->code = std::string(code);
  library->functions = std::move(*functions);
  return library;
}

absl::StatusOr<std::string> FunctionRegistry::Load(std::string_view code,
                                                   bool replace) {
  absl::StatusOr<std::unique_ptr<FunctionLibrary>> built =
      Build(code, replace);
  if (!built.ok()) return built.status();
  std::unique_ptr<FunctionLibrary> library = std::move(*built);
  for (const LoadedFunction& f : library->functions) {
    auto owner = owners_.find(Lower(f.name));
    if (owner != owners_.end() && owner->second != library->name) {
      const std::string message = "ERR Function " + f.name + " already exists";
      Staged staged;
      staged.push_back(std::move(library));
      ReleaseAll(staged);
      return Invalid(message);
    }
  }
  std::string name = library->name;
  Remove(name);
  Install(std::move(library));
  return name;
}

void FunctionRegistry::Install(std::unique_ptr<FunctionLibrary> library) {
  for (const LoadedFunction& f : library->functions) {
    // 'f' and 'F' of one library: the first one answers FCALL, as in
    // Redis.
    std::string key = Lower(f.name);
    functions_.emplace(key, &f);
    owners_.emplace(std::move(key), library->name);
  }
  std::string name = library->name;
  libraries_[std::move(name)] = std::move(library);
}

void FunctionRegistry::Remove(const std::string& name) {
  auto it = libraries_.find(name);
  if (it == libraries_.end()) return;
  for (const LoadedFunction& f : it->second->functions) {
    const std::string key = Lower(f.name);
    functions_.erase(key);
    owners_.erase(key);
    lua_->Release(f);
  }
  libraries_.erase(it);
}

void FunctionRegistry::ReleaseAll(Staged& staged) {
  for (auto& library : staged) {
    for (const LoadedFunction& f : library->functions) lua_->Release(f);
  }
  staged.clear();
}

bool FunctionRegistry::Delete(std::string_view library) {
  auto it = libraries_.find(library);
  if (it == libraries_.end()) return false;
  Remove(it->first);
  return true;
}

void FunctionRegistry::Flush() {
  while (!libraries_.empty()) {
    const std::string name = libraries_.begin()->first;
    Remove(name);
  }
}

const LoadedFunction* FunctionRegistry::Find(std::string_view name) const {
  auto it = functions_.find(Lower(name));
  return it == functions_.end() ? nullptr : it->second;
}

std::string FunctionRegistry::Dump() const {
  std::vector<std::string_view> codes;
  codes.reserve(libraries_.size());
  for (const auto& [name, library] : libraries_) codes.push_back(library->code);
  return EncodeFunctionDump(codes);
}

absl::Status FunctionRegistry::Restore(std::string_view payload,
                                       RestorePolicy policy) {
  absl::StatusOr<std::vector<std::string>> codes = DecodeFunctionDump(payload);
  if (!codes.ok()) return codes.status();
  // Everything is compiled first, as a registry of its own: names must not
  // clash inside the payload either.
  Staged staged;
  std::set<std::string> staged_names;
  absl::flat_hash_map<std::string, std::string> staged_owners;
  for (const std::string& code : *codes) {
    absl::StatusOr<Metadata> meta = ParseMetadata(code);
    if (meta.ok() && staged_names.contains(meta->name)) {
      ReleaseAll(staged);
      return Invalid("ERR Library '" + meta->name + "' already exists");
    }
    absl::StatusOr<std::unique_ptr<FunctionLibrary>> built =
        Build(code, /*replace=*/true);
    if (!built.ok()) {
      ReleaseAll(staged);
      return built.status();
    }
    for (const LoadedFunction& f : (*built)->functions) {
      if (!staged_owners.emplace(Lower(f.name), (*built)->name).second) {
        const std::string message =
            "ERR Function " + f.name + " already exists";
        staged.push_back(std::move(*built));
        ReleaseAll(staged);
        return Invalid(message);
      }
    }
    staged_names.insert((*built)->name);
    staged.push_back(std::move(*built));
  }
  if (policy == RestorePolicy::kFlush) {
    Flush();
  } else {
    for (const auto& library : staged) {
      if (policy == RestorePolicy::kAppend &&
          libraries_.contains(library->name)) {
        const std::string name = library->name;
        ReleaseAll(staged);
        return Invalid("ERR Library " + name + " already exists");
      }
    }
    for (const auto& [key, owner] : staged_owners) {
      auto existing = owners_.find(key);
      if (existing == owners_.end()) continue;
      if (policy == RestorePolicy::kReplace &&
          staged_names.contains(existing->second)) {
        continue;  // its library is being replaced
      }
      const std::string name = functions_.at(key)->name;
      ReleaseAll(staged);
      return Invalid("ERR Function " + name + " already exists");
    }
    for (const std::string& name : staged_names) Remove(name);
  }
  for (auto& library : staged) Install(std::move(library));
  return absl::OkStatus();
}

}  // namespace luakv
