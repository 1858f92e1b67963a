#include "keyspace/util/glob.h"

#include <cctype>
#include <utility>

namespace luakv {
namespace {

// Redis 7.0 (after CVE-2022-36021) gives up on a pattern that nests more
// than this many stars deep, and stops retrying a star once a later star has
// failed against every suffix (a longer match there cannot help).
constexpr int kMaxNesting = 1000;

int Fold(int c, bool nocase) { return nocase ? tolower(c) : c; }

bool Match(const char* p, size_t plen, const char* s, size_t slen,
           bool nocase, bool* give_up, int nesting) {
  if (nesting > kMaxNesting) return false;
  while (plen > 0 && slen > 0) {
    switch (p[0]) {
      case '*': {
        while (plen > 1 && p[1] == '*') {
          ++p;
          --plen;
        }
        if (plen == 1) return true;
        while (slen > 0) {
          if (Match(p + 1, plen - 1, s, slen, nocase, give_up, nesting + 1)) {
            return true;
          }
          if (*give_up) return false;
          ++s;
          --slen;
        }
        *give_up = true;
        return false;
      }
      case '?':
        ++s;
        --slen;
        break;
      case '[': {
        ++p;
        --plen;
        const bool negate = plen > 0 && p[0] == '^';
        if (negate) {
          ++p;
          --plen;
        }
        bool hit = false;
        for (;;) {
          if (plen == 0) {
            // Unterminated class: treat the end of the pattern as its close.
            --p;
            ++plen;
            break;
          }
          if (p[0] == '\\' && plen >= 2) {
            ++p;
            --plen;
            if (p[0] == s[0]) hit = true;
          } else if (p[0] == ']') {
            break;
          } else if (plen >= 3 && p[1] == '-') {
            // Plain (signed) char comparisons, as Redis makes them.
            int lo = p[0], hi = p[2], c = s[0];
            if (lo > hi) std::swap(lo, hi);
            if (nocase) {
              lo = tolower(lo);
              hi = tolower(hi);
              c = tolower(c);
            }
            p += 2;
            plen -= 2;
            if (c >= lo && c <= hi) hit = true;
          } else if (Fold(static_cast<unsigned char>(p[0]), nocase) ==
                     Fold(static_cast<unsigned char>(s[0]), nocase)) {
            hit = true;
          }
          ++p;
          --plen;
        }
        if (negate) hit = !hit;
        if (!hit) return false;
        ++s;
        --slen;
        break;
      }
      case '\\':
        if (plen >= 2) {
          ++p;
          --plen;
        }
        [[fallthrough]];
      default:
        if (Fold(static_cast<unsigned char>(p[0]), nocase) !=
            Fold(static_cast<unsigned char>(s[0]), nocase)) {
          return false;
        }
        ++s;
        --slen;
        break;
    }
    ++p;
    --plen;
    if (slen == 0) {
      while (plen > 0 && p[0] == '*') {
        ++p;
        --plen;
      }
      break;
    }
  }
  return plen == 0 && slen == 0;
}

}  // namespace

bool GlobMatch(std::string_view pattern, std::string_view text, bool nocase) {
  bool give_up = false;
  return Match(pattern.data(), pattern.size(), text.data(), text.size(),
               nocase, &give_up, 0);
}

}  // namespace luakv
