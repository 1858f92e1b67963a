#include "engine/scripting/script_cache.h"

#include <utility>

#include "engine/errors.h"
#include "engine/scripting/shebang.h"
#include "keyspace/util/status_macros.h"
#include "lua_bindings/sha1.h"

namespace luakv {

ScriptCache::ScriptCache(lua::LuaSandbox& sandbox, size_t eval_limit)
    : sandbox_(sandbox), eval_limit_(eval_limit) {}

ScriptCache::~ScriptCache() {
  for (auto& [sha, script] : scripts_) sandbox_.Release(script->function);
}

bool ScriptCache::Normalize(std::string_view sha, char (&buf)[40]) {
  if (sha.size() != 40) return false;
  for (size_t i = 0; i < 40; ++i) buf[i] = AsciiLower(sha[i]);
  return true;
}

CachedScript* ScriptCache::Find(std::string_view sha) {
  // EVALSHA in a loop asks for the same script again and again: compare
  // with the last one found before hashing.
  if (last_found_ != nullptr &&
      (sha == last_found_->sha || EqualsIgnoreCase(sha, last_found_->sha))) {
    Touch(*last_found_);
    return last_found_;
  }
  char buf[40];
  if (!Normalize(sha, buf)) return nullptr;
  auto it = scripts_.find(std::string_view(buf, 40));
  if (it == scripts_.end()) return nullptr;
  Touch(*it->second);
  last_found_ = it->second.get();
  return last_found_;
}

bool ScriptCache::Contains(std::string_view sha) const {
  char buf[40];
  if (!Normalize(sha, buf)) return false;
  return scripts_.contains(std::string_view(buf, 40));
}

void ScriptCache::Touch(CachedScript& script) {
  if (!script.pinned && script.lru != lru_.begin()) {
    lru_.splice(lru_.begin(), lru_, script.lru);
  }
}

absl::StatusOr<CachedScript*> ScriptCache::GetOrCompile(std::string_view body,
                                                        bool pin) {
  const std::string sha = lua::Sha1Hex(body);
  auto it = scripts_.find(std::string_view(sha));
  if (it != scripts_.end()) {
    CachedScript& script = *it->second;
    if (pin && !script.pinned) {
      lru_.erase(script.lru);
      script.pinned = true;
    } else {
      Touch(script);
    }
    return &script;
  }
  LUAKV_ASSIGN_OR_RETURN(const Shebang shebang, ParseShebang(body));
  // The shebang line goes, its newline stays: line numbers do not move.
  absl::StatusOr<int> function =
      sandbox_.Compile(body.substr(shebang.length), "@user_script");
  if (!function.ok()) {
    std::string text(errors::kCompileScriptPrefix);
    text.append(StatusMessage(function.status()));
    return absl::InvalidArgumentError(text);
  }
  auto script = std::make_unique<CachedScript>();
  script->sha = sha;
  script->body = std::string(body);
  script->flags = shebang.flags;
  script->function = *function;
  script->pinned = pin;
  CachedScript* raw = script.get();
  if (!pin) {
    lru_.push_front(raw);
    raw->lru = lru_.begin();
  }
  scripts_.emplace(sha, std::move(script));
  EvictBeyondLimit();
  return raw;
}

void ScriptCache::EvictBeyondLimit() {
  while (eval_limit_ != 0 && lru_.size() > eval_limit_) {
    CachedScript* victim = lru_.back();
    lru_.pop_back();
    if (victim == last_found_) last_found_ = nullptr;
    sandbox_.Release(victim->function);
    const std::string sha = victim->sha;  // the key dies with the entry
    scripts_.erase(sha);
  }
}

}  // namespace luakv
