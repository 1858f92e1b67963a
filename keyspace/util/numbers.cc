#include "keyspace/util/numbers.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace luakv {

std::optional<int64_t> ParseInt64(std::string_view s) {
  // Redis caps the length at LONG_STR_SIZE - 1 = 20 characters.
  if (s.empty() || s.size() > 20) return std::nullopt;
  if (s.size() == 1 && s[0] == '0') return 0;
  size_t i = 0;
  bool negative = false;
  if (s[0] == '-') {
    negative = true;
    i = 1;
    if (s.size() == 1) return std::nullopt;
  }
  if (s[i] < '1' || s[i] > '9') return std::nullopt;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    const uint64_t digit = static_cast<uint64_t>(s[i] - '0');
    // Only a 20-digit number can pass 2^64; shorter ones skip the check.
    if (s.size() - (negative ? 1 : 0) == 20 &&
        v > (UINT64_MAX - digit) / 10) {
      return std::nullopt;
    }
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
