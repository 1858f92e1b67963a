// GlobMatch against Redis 7.0's stringmatchlen. Every expected result in the
// tables below was obtained from a real redis-server 7.0.15 (KEYS against a
// database holding only the text as a key; COMMAND LIST FILTERBY PATTERN for
// the case-insensitive rows), not worked out by hand.

#include "keyspace/util/glob.h"

#include <chrono>
#include <iterator>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace luakv {
namespace {

using namespace std::string_view_literals;

struct GlobCase {
  std::string_view pattern;
  std::string_view text;
  bool match;
};

std::string Printable(std::string_view s) {
  std::string out;
  for (char c : s) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) {
      out.push_back(c);
    } else {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 15]);
    }
  }
  return out;
}

void ExpectCases(const GlobCase* cases, size_t n, bool nocase) {
  for (size_t i = 0; i < n; ++i) {
    const GlobCase& c = cases[i];
    EXPECT_EQ(GlobMatch(c.pattern, c.text, nocase), c.match)
        << "pattern '" << Printable(c.pattern) << "' text '"
        << Printable(c.text) << "'" << (nocase ? " nocase" : "");
  }
}

// Hand-picked: each feature and the corners of its parsing.
TEST(GlobMatch, AgreesWithRedisOnChosenCases) {
  static constexpr GlobCase kCases[] = {
      {""sv, "a"sv, false},
      {"a"sv, ""sv, false},
      {"a"sv, "a"sv, true},
      {"a"sv, "b"sv, false},
      {"abc"sv, "abc"sv, true},
      {"abc"sv, "abd"sv, false},
      {"abc"sv, "ab"sv, false},
      {"ab"sv, "abc"sv, false},
      {"A"sv, "a"sv, false},
      {"?"sv, "a"sv, true},
      {"?"sv, ""sv, false},
      {"?"sv, "ab"sv, false},
      {"a?c"sv, "abc"sv, true},
      {"a?c"sv, "ac"sv, false},
      {"??"sv, "ab"sv, true},
      {"abc?"sv, "abc"sv, false},
      {"*"sv, "a"sv, true},
      {"*"sv, "abc"sv, true},
      {"a*"sv, "a"sv, true},
      {"a*"sv, "abc"sv, true},
      {"a*"sv, "ba"sv, false},
      {"*a"sv, "ba"sv, true},
      {"*a"sv, "ab"sv, false},
      {"a*c"sv, "ac"sv, true},
      {"a*c"sv, "abbbc"sv, true},
      {"a*c"sv, "abcb"sv, false},
      {"**"sv, "x"sv, true},
      {"a**b"sv, "ab"sv, true},
      {"*?"sv, "a"sv, true},
      {"*?"sv, ""sv, false},
      {"?*"sv, "a"sv, true},
      {"?*"sv, ""sv, false},
      {"a*b*c"sv, "axxbyyc"sv, true},
      {"a*b*c"sv, "axxbyy"sv, false},
      {"*a*"sv, "bab"sv, true},
      {"*a*"sv, "bbb"sv, false},
      {"h*llo"sv, "hello"sv, true},
      {"h*llo"sv, "hllo"sv, true},
      {"h*llo"sv, "hellol"sv, false},
      {"*x"sv, ""sv, false},
      {"a*"sv, ""sv, false},
      {"abc*"sv, "abc"sv, true},
      {"abc*d"sv, "abc"sv, false},
      {"a***"sv, "a"sv, true},
      {"*b*b"sv, "abab"sv, true},
      {"*?b"sv, "ab"sv, true},
      {"*?b"sv, "b"sv, false},
      {"[abc]"sv, "a"sv, true},
      {"[abc]"sv, "d"sv, false},
      {"[abc]"sv, ""sv, false},
      {"[abc]"sv, "ab"sv, false},
      {"h[ae]llo"sv, "hello"sv, true},
      {"h[ae]llo"sv, "hallo"sv, true},
      {"h[ae]llo"sv, "hillo"sv, false},
      {"[^a]"sv, "a"sv, false},
      {"[^a]"sv, "b"sv, true},
      {"[^a]"sv, ""sv, false},
      {"h[^e]llo"sv, "hallo"sv, true},
      {"h[^e]llo"sv, "hello"sv, false},
      {"[^abc]"sv, "d"sv, true},
      {"[^]"sv, "a"sv, true},
      {"[^]]"sv, "]"sv, false},
      {"[a-c]"sv, "b"sv, true},
      {"[a-c]"sv, "a"sv, true},
      {"[a-c]"sv, "c"sv, true},
      {"[a-c]"sv, "d"sv, false},
      {"[c-a]"sv, "b"sv, true},
      {"[c-a]"sv, "d"sv, false},
      {"[a-]"sv, "-"sv, false},
      {"[a-]"sv, "a"sv, true},
      {"[a-]"sv, "b"sv, false},
      {"[-a]"sv, "-"sv, true},
      {"[-a]"sv, "b"sv, false},
      {"[a-c-e]"sv, "d"sv, false},
      {"[a-c-e]"sv, "-"sv, true},
      {"[a-ce-g]"sv, "f"sv, true},
      {"[a-ce-g]"sv, "d"sv, false},
      {"[^a-c]"sv, "b"sv, false},
      {"[^a-c]"sv, "x"sv, true},
      {"[A-z]"sv, "_"sv, true},
      {"[]]"sv, "]"sv, false},
      {"[]]"sv, ""sv, false},
      {"[]a]"sv, "a"sv, false},
      {"[]a]"sv, "]a"sv, false},
      {"[]"sv, "a"sv, false},
      {"[]"sv, "[]"sv, false},
      {"[\\]]"sv, "]"sv, true},
      {"[\\-]"sv, "-"sv, true},
      {"[a\\-z]"sv, "b"sv, false},
      {"[a\\-z]"sv, "-"sv, true},
      {"[a\\-z]"sv, "z"sv, true},
      {"[\\a-c]"sv, "b"sv, false},
      {"[a-\\]"sv, "b"sv, false},
      {"[a-\\]"sv, "\\"sv, true},
      {"[a-\\]"sv, "]"sv, true},
      {"[\\^a]"sv, "^"sv, true},
      {"[\\^a]"sv, "b"sv, false},
      {"[^\\]]"sv, "]"sv, false},
      {"[^\\]]"sv, "x"sv, true},
      {"[abc"sv, "a"sv, true},
      {"[abc"sv, "d"sv, false},
      {"[abc"sv, "abc"sv, false},
      {"["sv, "["sv, false},
      {"["sv, "a"sv, false},
      {"["sv, ""sv, false},
      {"a["sv, "a"sv, false},
      {"a["sv, "a["sv, false},
      {"[a-"sv, "a"sv, true},
      {"[a-"sv, "-"sv, true},
      {"[a-"sv, "b"sv, false},
      {"[^"sv, "a"sv, true},
      {"[^"sv, "^"sv, true},
      {"[\\"sv, "\\"sv, true},
      {"[\\"sv, "a"sv, false},
      {"ab["sv, "ab"sv, false},
      {"ab["sv, "abc"sv, false},
      {"[a-z"sv, "m"sv, true},
      {"[a-z"sv, "z"sv, true},
      {"[a-z]x"sv, "mx"sv, true},
      {"[^"sv, ""sv, false},
      {"\\*"sv, "*"sv, true},
      {"\\*"sv, "a"sv, false},
      {"\\?"sv, "?"sv, true},
      {"\\?"sv, "a"sv, false},
      {"\\[a]"sv, "[a]"sv, true},
      {"\\[a]"sv, "a"sv, false},
      {"\\\\"sv, "\\"sv, true},
      {"a\\"sv, "a\\"sv, true},
      {"a\\"sv, "a"sv, false},
      {"\\a"sv, "a"sv, true},
      {"\\"sv, "\\"sv, true},
      {"\\"sv, ""sv, false},
      {"a\\*b"sv, "a*b"sv, true},
      {"a\\*b"sv, "axb"sv, false},
      {"a\x00""b"sv, "a\x00""b"sv, true},
      {"a?b"sv, "a\x00""b"sv, true},
      {"a*"sv, "a\x00"sv, true},
      {"[\x00-\x10]"sv, "\x05"sv, true},
      {"[\x80-\xff]"sv, "\x90"sv, true},
      {"[\x80-\xff]"sv, "a"sv, false},
      {"[a-\xff]"sv, "b"sv, false},
      {"[a-\xff]"sv, "\x90"sv, false},
      {"[a-\xff]"sv, "\xff"sv, true},
      {"[\x01-\xff]"sv, "a"sv, false},
      {"[\x01-\xff]"sv, "\x00"sv, true},
      {"[\x01-\xff]"sv, "\x01"sv, true},
      {"\xe9"sv, "\xe9"sv, true},
      {"?"sv, "\xe9"sv, true},
      {"[\xe9]"sv, "\xe9"sv, true},
      {"[^\xe9]"sv, "\xe9"sv, false},
  };
  ExpectCases(kCases, std::size(kCases), false);
}

// Random patterns over the special characters, drawn with a fixed seed and
// kept in equal numbers of matches and non-matches.
TEST(GlobMatch, AgreesWithRedisOnRandomCases) {
  static constexpr GlobCase kCases[] = {
      {"**-", "\\\\-", true},
      {"**?[aa", "bbba", true},
      {"**[a*\\", "aa", true},
      {"**[a*\\-", "]a]aa", true},
      {"**b", "]-b", true},
      {"*-*", "[a", false},
      {"*-^", "ab[", false},
      {"*?", "[\\aa", true},
      {"*[[a-b", "ba[a", true},
      {"*[^", "[]]b", true},
      {"*[^", "aaabb", true},
      {"*[^", "b", true},
      {"*[^", "bbab\\", true},
      {"*[^*]", "\\-a", true},
      {"*[^-*]", "a", true},
      {"*[^[^[a*", "b]", true},
      {"*[^\\?*]", "ba-ab^", true},
      {"*[^\\^", "abaa[a", true},
      {"*[^b", "aaba^a", true},
      {"*[^b\\?", "-a", true},
      {"*[^bb[a", "^\\", true},
      {"*[a[[a?", "]ab[", true},
      {"*[a[[b", "a\\ab", true},
      {"*[a]a-a", "\\a[b", false},
      {"*]", "]", true},
      {"*][a?", "\\\\", false},
      {"*]a", "b-]a", true},
      {"*^**", "a-^b-]", true},
      {"*^*b[aa-", "]", false},
      {"*a", "[a", true},
      {"*a--]?", "bb\\b\\a", false},
      {"*a-^", "b", false},
      {"*a-b[^-", "ba^]", false},
      {"*b", "-b-", false},
      {"*b?", "^[-b]", true},
      {"-", "^]aaba", false},
      {"-*", "-b^b\\", true},
      {"-[^[", "\\\\a-^]", false},
      {"-\\*", "bb[\\b", false},
      {"-^a-*", "]ab", false},
      {"-a-**[]", "]-aa[", false},
      {"?*", "aa^-", true},
      {"?*[aa^a-", "b^a]a", true},
      {"?-*[aa-b", "b-b[b", true},
      {"??*", "ab", true},
      {"?[][]a-", "bab[", false},
      {"?[^[-][a", "^b", true},
      {"?\\*]", "\\b]^", false},
      {"?][^][-", "-babaa", false},
      {"?^*[^", "b^^", true},
      {"?^b[^a-\\", "b][^a", false},
      {"?b*?[^", "^b-]", true},
      {"[[a]-*a", "^a]a-", false},
      {"[[a^b^]", "^", true},
      {"[[aabb", "b", true},
      {"[\\", "aabaa", false},
      {"[\\\\a[-", "^aab", false},
      {"[][^^a*", "aababb", false},
      {"[^", "-", true},
      {"[^", "a", true},
      {"[^*[a[", "b", true},
      {"[^*b*?", "a", true},
      {"[^-", "a^", false},
      {"[^-[a", "b", true},
      {"[^-\\", "^", true},
      {"[^[", "b", true},
      {"[^[[a", "aba[^a", false},
      {"[^[^]", "a][^aa", false},
      {"[^[a", "^", true},
      {"[^a", "a-", false},
      {"[^a", "ab\\", false},
      {"[^a-?", "\\a[b[]", false},
      {"[^a^*][a", "b\\]][a", false},
      {"[^b***", "a", true},
      {"[a*", "a", true},
      {"[a*", "a-a^bb", false},
      {"[a-[*ab", "^", true},
      {"[a-]a-", "][]", false},
      {"[a[^[a", "-^\\a\\]", false},
      {"[a\\]a-a", "a", true},
      {"[a^a-*", "aa", false},
      {"[aa-[^", "a", true},
      {"[aa-ba]b", "ab", true},
      {"[ab", "b", true},
      {"[ab-[][^", "ba", true},
      {"[ab[^?", "a]aab", false},
      {"\\", "\\ba-b", false},
      {"\\*]", "bb", false},
      {"\\*b-*]", "]bba", false},
      {"\\[a*[a-", "^^", false},
      {"\\[a^*", "b^a", false},
      {"\\^", "^", true},
      {"\\a--\\*", "]aa", false},
      {"]", "]", true},
      {"]?^?", "ab^\\", false},
      {"]a-]a][", "^", false},
      {"]a-a-^", "[bb", false},
      {"^*aa", "b[-", false},
      {"^[", "-bb]", false},
      {"^[a[a\\a-a", "bababb", false},
      {"^^a-", "aa]\\ba", false},
      {"^a*[\\^", "b\\b[[", false},
      {"a*", "b[][ab", false},
      {"a**a", "abba]a", true},
      {"a-*??", "b", false},
      {"a---", "abb", false},
      {"a--[^", "aa", false},
      {"a-\\b[^", "a[[[^", false},
      {"a\\\\", "ab\\aab", false},
      {"a]?\\?", "-", false},
      {"b", "[a\\^b", false},
      {"b*", "b", true},
      {"b*", "b\\", true},
      {"b*", "baa", true},
      {"b*", "bb[[b-", true},
      {"b*[^", "b[", true},
      {"b?", "ab]", false},
      {"b[]a-?", "b", false},
      {"b[^\\?[\\", "b-b", false},
      {"b^[^]a--", "aa[]b", false},
  };
  ExpectCases(kCases, std::size(kCases), false);
}

TEST(GlobMatch, NocaseFoldsLiteralsAndRangesButNotEscapesInClasses) {
  static constexpr GlobCase kCases[] = {
      {"GET", "get", true},       {"gEt", "get", true},
      {"[A-Z]et", "get", true},   {"[^G]et", "get", false},
      {"[^g]et", "get", false},   {"\\GET", "get", true},
      {"[\\G]et", "get", false},  {"[\\g]et", "get", true},
      {"G?T", "get", true},       {"[F-H]ET", "get", true},
      {"[f-h]ET", "get", true},   {"[H-F]et", "get", true},
  };
  ExpectCases(kCases, std::size(kCases), true);
  // Without nocase the same patterns are case-sensitive.
  EXPECT_FALSE(GlobMatch("GET", "get"));
  EXPECT_FALSE(GlobMatch("[A-Z]et", "get"));
}

TEST(GlobMatch, EmptyPatternAndText) {
  EXPECT_TRUE(GlobMatch("", ""));
  // "*" does not match the empty string; KEYS * lists the empty key only
  // because it skips matching for "*".
  EXPECT_FALSE(GlobMatch("*", ""));
  EXPECT_TRUE(GlobMatchesEverything("*"));
  EXPECT_FALSE(GlobMatchesEverything("**"));
  EXPECT_FALSE(GlobMatchesEverything("a*"));
}

TEST(GlobMatch, StarRunsAndDeepNesting) {
  std::string a60(60, 'a');
  const std::string twenty = "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
  EXPECT_FALSE(GlobMatch(twenty, a60));
  EXPECT_TRUE(GlobMatch(twenty, a60 + "b"));
  // Consecutive stars count as one.
  EXPECT_TRUE(GlobMatch(std::string(5000, '*') + "a", "aaa"));
  // Redis gives up on stars nested more than 1000 deep: "*a" repeated 1000
  // times still matches, 1001 times never does.
  auto repeat = [](std::string_view unit, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s.append(unit);
    return s;
  };
  const std::string a1100(1100, 'a');
  EXPECT_TRUE(GlobMatch(repeat("*a", 999), a1100));
  EXPECT_TRUE(GlobMatch(repeat("*a", 1000), a1100));
  EXPECT_FALSE(GlobMatch(repeat("*a", 1001), a1100));
  EXPECT_FALSE(GlobMatch(repeat("*a", 1002), a1100));
}

TEST(GlobMatch, AbusivePatternsFinishQuickly) {
  // Without cutting off longer matches for earlier stars, these take time
  // exponential in the number of stars.
  std::string pattern;
  for (int i = 0; i < 40; ++i) pattern += "a*";
  pattern += "b";
  const std::string text(100000, 'a');
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(GlobMatch(pattern, text));
  EXPECT_TRUE(GlobMatch(pattern, text + "b"));
  EXPECT_FALSE(GlobMatch("*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*?*b", text));
  EXPECT_FALSE(GlobMatch("[a]*[a]*[a]*[a]*[a]*[a]*[a]*[a]*[a]*[a]*c", text,
                         /*nocase=*/true));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(2));
}

}  // namespace
}  // namespace luakv
