// ScriptCache: the EVAL script cache, sha1 -> body, shebang flags and the
// compiled function (spec §4.3).
//
// The key is the lowercase hex SHA1 of the whole body as sent (shebang
// included); lookups accept any case. EVAL of a new body parses its
// shebang, compiles it and caches it before running (it stays cached even
// if the run fails; compile and shebang errors cache nothing). SCRIPT LOAD
// does the same without running; loading a cached body changes nothing but
// its pinning.
//
// Redis 7.0 never evicts. Here scripts only ever seen through EVAL are
// evicted least recently used beyond Options::eval_script_cache_limit
// (0: never, as Redis 7.0); scripts loaded with SCRIPT LOAD are pinned until
// SCRIPT FLUSH, because a client will call them by sha.
//
// Thread safety: none; used under the engine's lock. Pointers returned stay
// valid until the next Add/GetOrCompile, or until the cache is destroyed.

#ifndef LUAKV_ENGINE_SCRIPTING_SCRIPT_CACHE_H_
#define LUAKV_ENGINE_SCRIPTING_SCRIPT_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "keyspace/util/sv_hash.h"
#include "lua_bindings/sandbox.h"

namespace luakv {

struct CachedScript {
  std::string sha;   // 40 lowercase hex characters
  std::string body;  // as sent, shebang included
  uint32_t flags = 0;  // ScriptFlag bits (shebang.h)
  int function = 0;    // LuaSandbox handle
  bool pinned = false; // loaded by SCRIPT LOAD: never evicted
  std::list<CachedScript*>::iterator lru;  // valid when !pinned
};

class ScriptCache {
 public:
  // `sandbox` compiles the scripts and must outlive the cache.
  // `eval_limit`: EVAL-only scripts kept at most (0: no limit).
  ScriptCache(lua::LuaSandbox& sandbox, size_t eval_limit);
  ~ScriptCache();
  ScriptCache(const ScriptCache&) = delete;
  ScriptCache& operator=(const ScriptCache&) = delete;

  // The script with this sha (any case), or null. Counts as a use.
  CachedScript* Find(std::string_view sha);
  // True when a script with this sha (any case) is cached (SCRIPT EXISTS;
  // not a use).
  bool Contains(std::string_view sha) const;

  // The script of `body`, compiled and cached if new (EVAL, and SCRIPT
  // LOAD with `pin`). Errors carry Redis's reply text: a shebang error, or
  // "ERR Error compiling script (new function): user_script:1: ...".
  absl::StatusOr<CachedScript*> GetOrCompile(std::string_view body, bool pin);

  size_t size() const { return scripts_.size(); }

 private:
  // Lowercases a 40-character sha into `buf`; false for any other length.
  static bool Normalize(std::string_view sha, char (&buf)[40]);
  void Touch(CachedScript& script);
  void EvictBeyondLimit();

  lua::LuaSandbox& sandbox_;
  size_t eval_limit_;
  absl::flat_hash_map<std::string, std::unique_ptr<CachedScript>, SvHash,
                      SvEq>
      scripts_;
  // Unpinned scripts, most recently used first.
  std::list<CachedScript*> lru_;
  CachedScript* last_found_ = nullptr;
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_SCRIPTING_SCRIPT_CACHE_H_
