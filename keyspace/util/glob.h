// Glob-style matching with Redis 7.0's semantics (KEYS, SCAN MATCH, and
// later PSUBSCRIBE-like uses): `*`, `?`, `[abc]`, `[^a-z]`, `\x` escapes.
// Binary safe. Patterns that would need deep backtracking are cut off as
// Redis cuts them off, so an abusive pattern costs bounded time.

#ifndef LUAKV_KEYSPACE_UTIL_GLOB_H_
#define LUAKV_KEYSPACE_UTIL_GLOB_H_

#include <string_view>

namespace luakv {

bool GlobMatch(std::string_view pattern, std::string_view text,
               bool nocase = false);

// True when `pattern` is exactly "*": KEYS and SCAN then skip matching (and
// so list the empty key too, which GlobMatch("*", "") does not match).
inline bool GlobMatchesEverything(std::string_view pattern) {
  return pattern == "*";
}

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_UTIL_GLOB_H_
