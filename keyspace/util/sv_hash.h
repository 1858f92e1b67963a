// Hashing helpers for std::string_view keys.
//
// Debian's abseil has its own absl::string_view, so heterogeneous lookup in
// abseil maps keyed by std::string does not accept std::string_view. These
// transparent functors make such lookups work without converting.

#ifndef LUAKV_KEYSPACE_UTIL_SV_HASH_H_
#define LUAKV_KEYSPACE_UTIL_SV_HASH_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/hash/hash.h"
#include "absl/strings/string_view.h"

namespace luakv {

inline size_t HashBytes(std::string_view s) {
  return absl::Hash<absl::string_view>{}(absl::string_view(s.data(), s.size()));
}

struct SvHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return HashBytes(s); }
};

struct SvEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const {
    return a == b;
  }
};

inline char AsciiLower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// Case-insensitive FNV-1a: command names are short, and this needs no
// lower-cased copy of the name.
struct CaseInsensitiveHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const {
    uint64_t h = 1469598103934665603ULL;
    for (char c : s) {
      h ^= static_cast<unsigned char>(AsciiLower(c));
      h *= 1099511628211ULL;
    }
    return static_cast<size_t>(h);
  }
};

struct CaseInsensitiveEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const {
    return EqualsIgnoreCase(a, b);
  }
};

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_UTIL_SV_HASH_H_
