// Number parsing and formatting. The accepted and rejected inputs and the
// printed forms below were checked against redis-server 7.0.15: INCRBY for
// ParseInt64, ZADD and ZSCORE for ParseDouble and FormatDouble17g,
// INCRBYFLOAT for ParseLongDouble and FormatLongDoubleHuman.

#include "keyspace/util/numbers.h"

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace luakv {
namespace {

using namespace std::string_view_literals;

TEST(ParseInt64, AcceptsCanonicalIntegers) {
  EXPECT_EQ(ParseInt64("0"), 0);
  EXPECT_EQ(ParseInt64("1"), 1);
  EXPECT_EQ(ParseInt64("-1"), -1);
  EXPECT_EQ(ParseInt64("1234567890"), 1234567890);
  EXPECT_EQ(ParseInt64("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(ParseInt64("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(ParseInt64("-1234567890123456789"), -1234567890123456789);
}

TEST(ParseInt64, RejectsWhatRedisRejects) {
  for (std::string_view s :
       {""sv, "-"sv, "-0"sv, "+1"sv, "+0"sv, "01"sv, "00"sv, "-01"sv, " 1"sv,
        "1 "sv, "\t1"sv, "1.0"sv, "1e3"sv, "0x10"sv, "abc"sv, "1a"sv, "--1"sv,
        "12\0003"sv, "9223372036854775808"sv, "-9223372036854775809"sv,
        "18446744073709551615"sv, "18446744073709551616"sv,
        "99999999999999999999"sv, "-99999999999999999999"sv,
        "123456789012345678901"sv}) {
    EXPECT_EQ(ParseInt64(s), std::nullopt) << "'" << s << "'";
  }
}

TEST(ParseInt64, CapsTheLengthAtTwentyCharacters) {
  // No in-range integer is longer than 20 characters ("-" and 19 digits),
  // so longer input is rejected before it is read.
  EXPECT_EQ(std::string("-9223372036854775808").size(), 20u);
  EXPECT_EQ(ParseInt64(std::string(21, '1')), std::nullopt);
  EXPECT_EQ(ParseInt64(std::string(1000, '9')), std::nullopt);
}

// A plain reading of Redis's rules, digit by digit with overflow checks.
std::optional<int64_t> ReferenceParse(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  if (s == "0") return 0;
  size_t i = 0;
  const bool negative = s[0] == '-';
  if (negative) ++i;
  if (i == s.size() || s[i] < '1' || s[i] > '9') return std::nullopt;
  __int128 v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
    v = v * 10 + (s[i] - '0');
    if (v > (__int128{1} << 64)) return std::nullopt;
  }
  if (negative) v = -v;
  if (v < INT64_MIN || v > INT64_MAX) return std::nullopt;
  return static_cast<int64_t>(v);
}

TEST(ParseInt64, AgreesWithAReferenceAtEveryLengthAndPosition) {
  // Digit strings of every length, with and without a sign, each byte in
  // turn replaced by a byte next to the digit range (or high ASCII): the
  // eight-at-a-time path must reject exactly what the reference rejects.
  std::mt19937_64 rng(11);
  for (size_t len = 1; len <= 20; ++len) {
    for (int round = 0; round < 50; ++round) {
      std::string digits(len, '0');
      for (char& c : digits) c = static_cast<char>('0' + rng() % 10);
      if (rng() % 3 == 0) digits[0] = '9';
      for (const std::string& base : {digits, "-" + digits}) {
        ASSERT_EQ(ParseInt64(base), ReferenceParse(base)) << base;
        for (size_t pos = 0; pos < base.size(); ++pos) {
          for (char bad : {'/', ':', ' ', '\0', '\x80', '\xb5', 'a'}) {
            std::string s = base;
            s[pos] = bad;
            ASSERT_EQ(ParseInt64(s), ReferenceParse(s)) << s;
          }
        }
      }
    }
  }
  EXPECT_EQ(ParseInt64("12345678"), 12345678);
  EXPECT_EQ(ParseInt64("1234567890123"), 1234567890123);
  EXPECT_EQ(ParseInt64("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(ParseInt64("-9223372036854775808"), INT64_MIN);
  EXPECT_EQ(ParseInt64("9223372036854775808"), std::nullopt);
}

TEST(ParseInt64, RoundTripsThroughInt64ToString) {
  for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{42},
                    int64_t{-1000000007}, INT64_MAX, INT64_MIN,
                    INT64_MAX - 1, INT64_MIN + 1}) {
    const std::string s = Int64ToString(v);
    EXPECT_EQ(ParseInt64(s), v) << s;
  }
  EXPECT_EQ(Int64ToString(INT64_MIN), "-9223372036854775808");
  EXPECT_EQ(Int64ToString(0), "0");
}

TEST(ParseDouble, AcceptsWhatStrtodReadsWhole) {
  EXPECT_EQ(ParseDouble("1.5"), 1.5);
  EXPECT_EQ(ParseDouble(".5"), 0.5);
  EXPECT_EQ(ParseDouble("5."), 5.0);
  EXPECT_EQ(ParseDouble("+.5e1"), 5.0);
  EXPECT_EQ(ParseDouble("0x1p3"), 8.0);
  EXPECT_EQ(ParseDouble("-3"), -3.0);
  EXPECT_EQ(ParseDouble("inf"), HUGE_VAL);
  EXPECT_EQ(ParseDouble("+inf"), HUGE_VAL);
  EXPECT_EQ(ParseDouble("-inf"), -HUGE_VAL);
  EXPECT_EQ(ParseDouble("-INF"), -HUGE_VAL);
  EXPECT_EQ(ParseDouble("infinity"), HUGE_VAL);
  // Denormals are accepted; only underflow to zero is an error.
  ASSERT_TRUE(ParseDouble("4.9e-324").has_value());
  EXPECT_GT(*ParseDouble("4.9e-324"), 0.0);
  std::optional<double> negative_zero = ParseDouble("-0");
  ASSERT_TRUE(negative_zero.has_value());
  EXPECT_EQ(*negative_zero, 0.0);
  EXPECT_TRUE(std::signbit(*negative_zero));
}

TEST(ParseDouble, RejectsWhatRedisRejects) {
  for (std::string_view s :
       {""sv, " "sv, "  "sv, " 1"sv, "1 "sv, "\n1"sv, "nan"sv, "NaN"sv,
        "-nan"sv, "1e400"sv, "-1e400"sv, "1e-400"sv, "abc"sv, "1e"sv,
        "1.0\0"sv, "1\0002"sv, "--1"sv, "1,5"sv}) {
    EXPECT_EQ(ParseDouble(s), std::nullopt) << "'" << s << "'";
  }
}

TEST(ParseLongDouble, AcceptsAndRejectsAsIncrbyfloat) {
  EXPECT_EQ(ParseLongDouble("3.0"), 3.0L);
  EXPECT_EQ(ParseLongDouble("-5"), -5.0L);
  EXPECT_EQ(ParseLongDouble("0x10"), 16.0L);
  EXPECT_EQ(ParseLongDouble("inf"), HUGE_VALL);
  // Long double reaches beyond double's range.
  ASSERT_TRUE(ParseLongDouble("1e4000").has_value());
  EXPECT_GT(*ParseLongDouble("1e4000"), static_cast<long double>(DBL_MAX));
  for (std::string_view s : {""sv, " 1"sv, "1 "sv, "nan"sv, "1e5000"sv,
                             "-1e5000"sv, "1e-5000"sv, "x"sv, "1\0"sv}) {
    EXPECT_EQ(ParseLongDouble(s), std::nullopt) << "'" << s << "'";
  }
  // Input of 5 KiB or more is refused outright (MAX_LONG_DOUBLE_CHARS).
  const std::string long_zeros = "1." + std::string(5 * 1024, '0');
  EXPECT_EQ(ParseLongDouble(long_zeros), std::nullopt);
  const std::string just_fits = "1." + std::string(5 * 1024 - 3, '0');
  EXPECT_EQ(ParseLongDouble(just_fits), 1.0L);
}

TEST(FormatDouble17g, PrintsAsZscoreDoes) {
  auto f = [](std::string_view s) { return FormatDouble17g(*ParseDouble(s)); };
  EXPECT_EQ(f("1.1"), "1.1000000000000001");
  EXPECT_EQ(f("0.1"), "0.10000000000000001");
  EXPECT_EQ(f("1e300"), "1.0000000000000001e+300");
  EXPECT_EQ(f("3"), "3");
  EXPECT_EQ(f("1.5"), "1.5");
  EXPECT_EQ(f("1e17"), "1e+17");
  EXPECT_EQ(f("1e16"), "10000000000000000");
  EXPECT_EQ(f("123456789012345678"), "1.2345678901234568e+17");
  EXPECT_EQ(f("0.000001"), "9.9999999999999995e-07");
  EXPECT_EQ(f("1e-5"), "1.0000000000000001e-05");
  EXPECT_EQ(f("2.5e-310"), "2.5000000000000171e-310");
  EXPECT_EQ(f("4.9e-324"), "4.9406564584124654e-324");
  EXPECT_EQ(f("1.7976931348623157e308"), "1.7976931348623157e+308");
  EXPECT_EQ(f("0x1p3"), "8");
  EXPECT_EQ(FormatDouble17g(HUGE_VAL), "inf");
  EXPECT_EQ(FormatDouble17g(-HUGE_VAL), "-inf");
  // printf keeps the sign of zero; callers that print "0" for it decide so.
  EXPECT_EQ(FormatDouble17g(-0.0), "-0");
}

TEST(FormatLongDoubleHuman, PrintsAsIncrbyfloatDoes) {
  auto sum = [](std::string_view a, std::string_view b) {
    return FormatLongDoubleHuman(*ParseLongDouble(a) + *ParseLongDouble(b));
  };
  EXPECT_EQ(sum("0", "3.0"), "3");
  EXPECT_EQ(sum("1.1", "2.2"), "3.3");
  EXPECT_EQ(sum("10.5", "0.1"), "10.6");
  EXPECT_EQ(sum("0", "0.1"), "0.1");
  EXPECT_EQ(sum("0", "0.3"), "0.3");
  EXPECT_EQ(sum("5.0e3", "2.0e2"), "5200");
  EXPECT_EQ(sum("0", "-5"), "-5");
  EXPECT_EQ(sum("0", "0x10"), "16");
  EXPECT_EQ(sum("0", "1e20"), "100000000000000000000");
  EXPECT_EQ(sum("0", "123456789012345678"), "123456789012345678");
  EXPECT_EQ(sum("0", "1.23456789012345678901234"), "1.23456789012345679");
  // Below the 17th decimal a value prints as zero, without a sign.
  EXPECT_EQ(sum("0", "1e-20"), "0");
  EXPECT_EQ(sum("0", "-1e-20"), "0");
  EXPECT_EQ(sum("3", "-3"), "0");
  EXPECT_EQ(FormatLongDoubleHuman(-0.0L), "0");
  // Large values print every integer digit.
  const std::string big = sum("1e300", "1");
  EXPECT_EQ(big.size(), 301u);
  EXPECT_EQ(big.substr(0, 40), "1000000000000000000008997324079559193870");
  EXPECT_EQ(sum("0", "1e4000").size(), 4000u);
  EXPECT_EQ(sum("0", "1e4900").size(), 4901u);
  EXPECT_EQ(FormatLongDoubleHuman(HUGE_VALL), "inf");
  EXPECT_EQ(FormatLongDoubleHuman(-HUGE_VALL), "-inf");
  // The largest long double still fits the 5 KiB buffer.
  EXPECT_EQ(FormatLongDoubleHuman(LDBL_MAX).size(), 4933u);
}

}  // namespace
}  // namespace luakv
