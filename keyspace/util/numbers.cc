#include "keyspace/util/numbers.h"

#include <bit>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace luakv {

namespace {

static_assert(std::endian::native == std::endian::little,
              "EightDigitsValue reads the first digit from the lowest byte");

// Whether the eight bytes of `chunk` are all ASCII digits: each byte's high
// nibble must be 3, and stay 3 once 6 is added (which carries for ':'..'?').
bool EightDigits(uint64_t chunk) {
  constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ULL;
  constexpr uint64_t kThrees = 0x3030303030303030ULL;
  return (chunk & kHigh) == kThrees &&
         ((chunk + 0x0606060606060606ULL) & kHigh) == kThrees;
}

// The number eight ASCII digits spell, the first in the lowest byte (x86's
// byte order): pairs, then fours, then all eight combined in three steps.
uint64_t EightDigitsValue(uint64_t chunk) {
  uint64_t v = chunk - 0x3030303030303030ULL;
  v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFULL;
  v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFULL;
  return (v * 10000 + (v >> 32)) & 0x00000000FFFFFFFFULL;
}

}  // namespace

std::optional<int64_t> ParseInt64(std::string_view s) {
  // Redis's string2ll: an optional '-', then digits with no leading zero
  // ("0" alone is fine), at most LONG_STR_SIZE - 1 = 20 characters.
  const char* p = s.data();
  const char* const end = p + s.size();
  if (s.empty() || s.size() > 20) return std::nullopt;
  const bool negative = *p == '-';
  if (negative && ++p == end) return std::nullopt;
  if (*p == '0') {
    if (s.size() == 1) return 0;
    return std::nullopt;
  }
  // Up to 19 digits cannot pass 2^64; only a 20-digit number needs the
  // overflow check. Shorter ones take eight digits at a time while they
  // last (stored counters are often a dozen digits long), then one compare
  // and a multiply-add per digit.
  uint64_t v = 0;
  const bool may_wrap = end - p == 20;
  if (!may_wrap) {
    for (; end - p >= 8; p += 8) {
      uint64_t chunk;
      std::memcpy(&chunk, p, 8);
      if (!EightDigits(chunk)) return std::nullopt;
      v = v * 100000000 + EightDigitsValue(chunk);
    }
  }
  for (; p != end; ++p) {
    const unsigned digit = static_cast<unsigned char>(*p) - unsigned{'0'};
    if (digit > 9) return std::nullopt;
    if (may_wrap && v > (UINT64_MAX - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  if (negative) {
    if (v > static_cast<uint64_t>(INT64_MAX) + 1) return std::nullopt;
    return static_cast<int64_t>(0 - v);
  }
  if (v > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(v);
}

std::optional<double> ParseDouble(std::string_view s) {
  if (s.empty() || isspace(static_cast<unsigned char>(s[0]))) {
    return std::nullopt;
  }
  // strtod needs a terminator; an embedded NUL stops it early and fails the
  // whole-string check below, as in Redis.
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  const double v = strtod(buf.c_str(), &end);
  if (static_cast<size_t>(end - buf.c_str()) != s.size()) return std::nullopt;
  if (errno == ERANGE &&
      (v == HUGE_VAL || v == -HUGE_VAL || std::fpclassify(v) == FP_ZERO)) {
    return std::nullopt;
  }
  if (std::isnan(v)) return std::nullopt;
  return v;
}

std::optional<long double> ParseLongDouble(std::string_view s) {
  // MAX_LONG_DOUBLE_CHARS in Redis.
  constexpr size_t kMaxChars = 5 * 1024;
  if (s.empty() || s.size() >= kMaxChars) return std::nullopt;
  std::string buf(s);
  char* end = nullptr;
  errno = 0;
  const long double v = strtold(buf.c_str(), &end);
  if (isspace(static_cast<unsigned char>(buf[0])) || *end != '\0' ||
      static_cast<size_t>(end - buf.c_str()) != s.size()) {
    return std::nullopt;
  }
  if (errno == ERANGE &&
      (v == HUGE_VALL || v == -HUGE_VALL || std::fpclassify(v) == FP_ZERO)) {
    return std::nullopt;
  }
  if (errno == EINVAL || std::isnan(v)) return std::nullopt;
  return v;
}

std::string Int64ToString(int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, r.ptr);
}

std::string FormatDouble17g(double v) {
  char buf[64];
  const int n = snprintf(buf, sizeof(buf), "%.17g", v);
  return std::string(buf, static_cast<size_t>(n));
}

std::string FormatLongDoubleHuman(long double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[5 * 1024];
  int n = snprintf(buf, sizeof(buf), "%.17Lf", v);
  if (n < 0 || static_cast<size_t>(n) >= sizeof(buf)) return "";
  std::string out(buf, static_cast<size_t>(n));
  if (out.find('.') != std::string::npos) {
    while (!out.empty() && out.back() == '0') out.pop_back();
    if (!out.empty() && out.back() == '.') out.pop_back();
  }
  if (out == "-0") out = "0";
  return out;
}

}  // namespace luakv
