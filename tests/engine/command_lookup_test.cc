// Command lookup: FoldedName must fold exactly the ASCII letters, and the
// command table must find every command under any case and nothing else.

#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <string_view>

#include "engine/command_table.h"
#include "engine/folded_name.h"
#include "keyspace/util/sv_hash.h"

namespace luakv {
namespace {

FoldedName Fold(std::string_view s) {
  FoldedName f;
  EXPECT_TRUE(FoldedName::From(s, &f)) << s;
  return f;
}

TEST(FoldedName, EqualExactlyWhenEqualIgnoringAsciiCase) {
  // Every pair of byte values, at every position of a word and across the
  // word boundary: the words agree with a byte-by-byte case-insensitive
  // compare.
  for (size_t pos : {0u, 3u, 7u, 8u, 15u, 16u, 23u}) {
    for (int a = 0; a < 256; ++a) {
      for (int b = 0; b < 256; ++b) {
        std::string x(24, 'k'), y(24, 'k');
        x[pos] = static_cast<char>(a);
        y[pos] = static_cast<char>(b);
        ASSERT_EQ(Fold(x) == Fold(y), EqualsIgnoreCase(x, y))
            << "pos " << pos << " bytes " << a << " " << b;
      }
    }
  }
}

TEST(FoldedName, WordsHoldTheLowerCasedBytesAtEveryLength) {
  // Against a byte-by-byte reference, for every length the word loads
  // treat differently (0, 1-3, 4-7, 8 per word).
  std::mt19937 rng(7);
  for (size_t len = 0; len <= FoldedName::kMaxBytes; ++len) {
    for (int round = 0; round < 200; ++round) {
      std::string s(len, '\0');
      for (char& c : s) c = static_cast<char>(rng() & 0xff);
      unsigned char want[FoldedName::kMaxBytes] = {};
      for (size_t i = 0; i < len; ++i) {
        want[i] = static_cast<unsigned char>(AsciiLower(s[i]));
      }
      const FoldedName f = Fold(s);
      EXPECT_EQ(std::memcmp(f.w, want, sizeof(want)), 0) << "len " << len;
      EXPECT_EQ(f.size, len);
    }
  }
}

TEST(FoldedName, SizeTellsTrailingNulsApart) {
  using namespace std::string_view_literals;
  EXPECT_FALSE(Fold("get") == Fold("get\0"sv));
  EXPECT_FALSE(Fold("") == Fold("\0"sv));
  EXPECT_TRUE(Fold("GeT") == Fold("gEt"));
}

TEST(FoldedName, LongerThanThreeWordsDoesNotFold) {
  FoldedName f;
  EXPECT_TRUE(FoldedName::From(std::string(24, 'a'), &f));
  EXPECT_FALSE(FoldedName::From(std::string(25, 'a'), &f));
}

TEST(CommandTable, FindsEveryCommandUnderAnyCase) {
  const CommandTable& table = CommandTable::Get();
  for (const CommandSpec& spec : table.all()) {
    std::string upper(spec.name), mixed(spec.name);
    for (size_t i = 0; i < upper.size(); ++i) {
      upper[i] = static_cast<char>(std::toupper(upper[i]));
      if (i % 2 == 0) mixed[i] = upper[i];
    }
    EXPECT_EQ(table.Lookup(spec.name), &spec);
    EXPECT_EQ(table.Lookup(upper), &spec);
    EXPECT_EQ(table.Lookup(mixed), &spec);
    // Near misses find nothing, or the command they do name (HSET less
    // one letter is SET).
    for (const std::string& near :
         {std::string(spec.name) + "x", std::string(spec.name.substr(1)),
          std::string(spec.name) + '\0', std::string("@").append(spec.name)}) {
      const CommandSpec* found = table.Lookup(near);
      if (found != nullptr) {
        EXPECT_TRUE(EqualsIgnoreCase(found->name, near));
      }
    }
  }
  EXPECT_EQ(table.Lookup(""), nullptr);
  EXPECT_EQ(table.Lookup(std::string(100, 'g')), nullptr);
  EXPECT_EQ(table.Lookup("g\xc5t"), nullptr);
}

TEST(CommandTable, ResolvesSubcommandsOfContainers) {
  const CommandTable& table = CommandTable::Get();
  auto resolve = [&](std::initializer_list<std::string_view> words) {
    return table.Resolve(std::span(words.begin(), words.size()));
  };
  const CommandSpec* config = resolve({"CONFIG"});
  ASSERT_NE(config, nullptr);
  EXPECT_EQ(config->name, "config");  // a container alone is itself
  const CommandSpec* get = resolve({"config", "GET"});
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->name, "get");
  EXPECT_NE(get, table.Lookup("get"));
  const CommandSpec* set = resolve({"Config", "set"});
  ASSERT_NE(set, nullptr);
  EXPECT_NE(set, get);
  EXPECT_EQ(resolve({"CONFIG", "nope"}), nullptr);
  EXPECT_EQ(resolve({"nope", "get"}), nullptr);
  // Not a container: the second word is an argument.
  EXPECT_EQ(resolve({"GET", "config"}), table.Lookup("get"));
}

}  // namespace
}  // namespace luakv
