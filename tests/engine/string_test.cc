// String commands. Every expected reply was checked against redis-server
// 7.0.15; every error path also checks that the keyspace is unchanged.

#include <sys/mman.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "testing/engine_test.h"

namespace luakv::testing {
namespace {

using namespace std::string_literals;
using namespace std::string_view_literals;

// The manual clock's start (2024-01-01T00:00:00Z) in milliseconds.
constexpr int64_t kStartMs = ManualClock::kDefaultStartMicros / 1000;

class StringCommands : public EngineTest {
 protected:
  // A key as a client sees it: value, encoding and PTTL.
  std::string Describe(std::string_view key) {
    return Run({"GET", key}).ToString() + " | " +
           Run({"OBJECT", "ENCODING", key}).ToString() + " | " +
           Run({"PTTL", key}).ToString();
  }

  // DBSIZE and the description of each of `keys`.
  std::string State(const std::vector<std::string>& keys) {
    std::string out = Run({"DBSIZE"}).ToString();
    for (const std::string& k : keys) out += "\n" + k + ": " + Describe(k);
    return out;
  }

  // Runs `argv`, expecting exactly the error `text`, and checks that
  // neither the database size nor any of `keys` changed.
  ::testing::AssertionResult FailsWithoutEffect(
      const std::vector<std::string>& argv, std::string_view text,
      const std::vector<std::string>& keys = {"k"}) {
    const std::string before = State(keys);
    const Reply r = Run(argv);
    if (!r.is_error() || r.str() != text) {
      return ::testing::AssertionFailure()
             << "expected (error) " << text << ", got " << r.ToString();
    }
    const std::string after = State(keys);
    if (after != before) {
      return ::testing::AssertionFailure()
             << "keyspace changed:\nbefore: " << before << "\nafter:  "
             << after;
    }
    return ::testing::AssertionSuccess();
  }

  // Stores a list at `key`; false while the engine has no list commands,
  // in which case the wrong-type tests skip themselves.
  bool MakeList(std::string_view key) {
    return Run({"RPUSH", key, "a"}) == Reply::Integer(1);
  }

  std::string Encoding(std::string_view key) {
    return Run({"OBJECT", "ENCODING", key}).str();
  }
  int64_t Pttl(std::string_view key) { return Run({"PTTL", key}).integer(); }
};

#define SKIP_WITHOUT_LISTS()                                      \
  if (!MakeList("l")) GTEST_SKIP() << "no list commands yet"; \
  static_assert(true)

constexpr std::string_view kWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
constexpr std::string_view kNotInteger =
    "ERR value is not an integer or out of range";
constexpr std::string_view kNotFloat = "ERR value is not a valid float";
constexpr std::string_view kSyntax = "ERR syntax error";
constexpr std::string_view kOverflow =
    "ERR increment or decrement would overflow";
constexpr std::string_view kTooLong =
    "ERR string exceeds maximum allowed size (proto-max-bulk-len)";

// --- GET ------------------------------------------------------------------

TEST_F(StringCommands, GetReturnsNilForMissingKey) {
  EXPECT_THAT(Run({"GET", "missing"}), IsNil());
  EXPECT_EQ(RunResp({"GET", "missing"}), "$-1\r\n");
}

TEST_F(StringCommands, GetIsBinarySafe) {
  const std::string_view v = "a\0b\r\n"sv;
  EXPECT_THAT(Run({"SET", "k", v}), IsOk());
  EXPECT_THAT(Run({"GET", "k"}), IsBulk(std::string(v)));
}

TEST_F(StringCommands, GetSeesKeyUntilItsExpiryMillisecondThenNil) {
  EXPECT_THAT(Run({"SET", "k", "v", "PX", "100"}), IsOk());
  clock().AdvanceMillis(100);
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("v"));
  clock().AdvanceMillis(1);
  EXPECT_THAT(Run({"GET", "k"}), IsNil());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

TEST_F(StringCommands, GetOnWrongTypeIsAnError) {
  SKIP_WITHOUT_LISTS();
  EXPECT_TRUE(FailsWithoutEffect({"GET", "l"}, kWrongType, {"l"}));
}

// --- SET ------------------------------------------------------------------

TEST_F(StringCommands, SetStoresAndReplaces) {
  EXPECT_THAT(Run({"SET", "k", "v1"}), IsOk());
  EXPECT_THAT(Run({"SET", "k", "v2"}), IsOk());
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("v2"));
  EXPECT_THAT(Run({"SET", "k", ""}), IsOk());
  EXPECT_THAT(Run({"GET", "k"}), IsBulk(""));
}

TEST_F(StringCommands, SetDropsTheTtlUnlessKeepTtl) {
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "100"}), IsOk());
  EXPECT_THAT(Run({"SET", "k", "w", "KEEPTTL"}), IsOk());
  EXPECT_EQ(Pttl("k"), 100000);
  EXPECT_THAT(Run({"SET", "k", "x"}), IsOk());
  EXPECT_EQ(Pttl("k"), -1);
}

TEST_F(StringCommands, SetNxStoresOnlyWhenAbsent) {
  EXPECT_THAT(Run({"SET", "k", "v", "NX"}), IsOk());
  EXPECT_THAT(Run({"SET", "k", "w", "NX"}), IsNil());
  EXPECT_EQ(RunResp({"SET", "k", "w", "NX"}), "$-1\r\n");
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("v"));
}

TEST_F(StringCommands, SetXxStoresOnlyWhenPresent) {
  EXPECT_THAT(Run({"SET", "k", "v", "XX"}), IsNil());
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
  EXPECT_THAT(Run({"SET", "k", "v"}), IsOk());
  EXPECT_THAT(Run({"SET", "k", "w", "XX"}), IsOk());
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("w"));
}

TEST_F(StringCommands, SetAbortedByNxIsNullUnderResp3) {
  session().set_protocol(3);
  EXPECT_EQ(RunResp({"SET", "k", "v"}), "+OK\r\n");
  EXPECT_EQ(RunResp({"SET", "k", "v", "NX"}), "_\r\n");
  EXPECT_EQ(RunResp({"SET", "k", "v", "NX", "GET"}), "$1\r\nv\r\n");
}

TEST_F(StringCommands, SetNxWithXxIsASyntaxErrorInEitherOrder) {
  Run({"SET", "k", "v"});
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "NX", "XX"}, kSyntax));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "XX", "NX"}, kSyntax));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k2", "w", "NX", "XX"}, kSyntax,
                                 {"k", "k2"}));
}

TEST_F(StringCommands, SetAcceptsRepeatedOptionsAndTheLastExpiryWins) {
  EXPECT_THAT(Run({"SET", "k", "v", "NX", "NX"}), IsOk());
  EXPECT_THAT(Run({"SET", "k", "v", "XX", "XX", "GET", "GET"}),
              IsBulk("v"));
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "10", "EX", "20"}), IsOk());
  EXPECT_EQ(Pttl("k"), 20000);
  EXPECT_THAT(Run({"SET", "k", "v", "KEEPTTL", "KEEPTTL"}), IsOk());
  EXPECT_EQ(Pttl("k"), 20000);
}

TEST_F(StringCommands, SetOptionNamesIgnoreCaseAndStopAtNul) {
  EXPECT_THAT(Run({"SET", "k", "v", "nX"}), IsOk());
  // Redis reads options as C strings: "XX\0junk" is XX.
  EXPECT_THAT(Run({"SET", "k", "w", "XX\0junk"sv}), IsOk());
  EXPECT_THAT(Run({"SET", "k", "x", "ex\0"sv, "10"}), IsOk());
  EXPECT_EQ(Pttl("k"), 10000);
  EXPECT_THAT(Run({"SET", "k", "y", "gEt"}), IsBulk("x"));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "z", "NXX"}, kSyntax));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "z", "\0NX"s}, kSyntax));
}

TEST_F(StringCommands, SetUnknownOptionIsASyntaxError) {
  Run({"SET", "k", "v", "EX", "50"});
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "FOO"}, kSyntax));
  // PERSIST belongs to GETEX only.
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "PERSIST"}, kSyntax));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "NX", "FOO"}, kSyntax));
}

TEST_F(StringCommands, SetGetRepliesWithTheOldValue) {
  EXPECT_THAT(Run({"SET", "k", "v1", "GET"}), IsNil());
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("v1"));
  EXPECT_THAT(Run({"SET", "k", "v2", "GET"}), IsBulk("v1"));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("v2"));
}

TEST_F(StringCommands, SetNxGetRepliesWithTheOldValueAndDoesNotStore) {
  Run({"SET", "k", "old"});
  EXPECT_THAT(Run({"SET", "k", "new", "NX", "GET"}), IsBulk("old"));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("old"));
  EXPECT_THAT(Run({"SET", "k2", "new", "NX", "GET"}), IsNil());
  EXPECT_THAT(Run({"GET", "k2"}), IsBulk("new"));
}

TEST_F(StringCommands, SetXxGetOnMissingKeyIsNilAndStoresNothing) {
  EXPECT_THAT(Run({"SET", "k", "v", "XX", "GET"}), IsNil());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
  Run({"SET", "k", "old", "EX", "100"});
  EXPECT_THAT(Run({"SET", "k", "new", "XX", "KEEPTTL", "GET"}),
              IsBulk("old"));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("new"));
  EXPECT_EQ(Pttl("k"), 100000);
}

TEST_F(StringCommands, SetGetOnWrongTypeFailsAndKeepsTheValue) {
  SKIP_WITHOUT_LISTS();
  EXPECT_TRUE(FailsWithoutEffect({"SET", "l", "v", "GET"}, kWrongType, {"l"}));
  EXPECT_TRUE(
      FailsWithoutEffect({"SET", "l", "v", "NX", "GET"}, kWrongType, {"l"}));
  EXPECT_TRUE(
      FailsWithoutEffect({"SET", "l", "v", "XX", "GET"}, kWrongType, {"l"}));
  // Without GET, SET replaces a value of any type.
  EXPECT_THAT(Run({"SET", "l", "v"}), IsOk());
  EXPECT_THAT(Run({"GET", "l"}), IsBulk("v"));
}

TEST_F(StringCommands, SetExpiryOptionsSetTheExpiry) {
  EXPECT_THAT(Run({"SET", "k", "v", "EX", "10"}), IsOk());
  EXPECT_EQ(Pttl("k"), 10000);
  EXPECT_THAT(Run({"SET", "k", "v", "px", "1500"}), IsOk());
  EXPECT_EQ(Pttl("k"), 1500);
  EXPECT_THAT(Run({"SET", "k", "v", "EXAT", std::to_string(kStartMs / 1000 + 30)}),
              IsOk());
  EXPECT_EQ(Pttl("k"), 30000);
  EXPECT_THAT(Run({"SET", "k", "v", "PXAT", std::to_string(kStartMs + 2500)}),
              IsOk());
  EXPECT_EQ(Pttl("k"), 2500);
  clock().AdvanceMillis(2501);
  EXPECT_THAT(Run({"GET", "k"}), IsNil());
}

TEST_F(StringCommands, SetExpiryCombinesWithNxXxGet) {
  EXPECT_THAT(Run({"SET", "k", "v", "NX", "EX", "10"}), IsOk());
  EXPECT_THAT(Run({"SET", "k", "w", "NX", "EX", "20"}), IsNil());
  EXPECT_EQ(Pttl("k"), 10000);
  EXPECT_THAT(Run({"SET", "k", "w", "PX", "300", "XX", "GET"}), IsBulk("v"));
  EXPECT_EQ(Pttl("k"), 300);
}

TEST_F(StringCommands, SetConflictingExpiryOptionsAreSyntaxErrors) {
  Run({"SET", "k", "v", "EX", "50"});
  for (const std::vector<std::string>& argv :
       std::vector<std::vector<std::string>>{
           {"SET", "k", "w", "EX", "10", "PX", "100"},
           {"SET", "k", "w", "PX", "10", "EX", "100"},
           {"SET", "k", "w", "EXAT", "1800000000", "PXAT", "1800000000000"},
           {"SET", "k", "w", "PXAT", "1800000000000", "EX", "10"},
           {"SET", "k", "w", "KEEPTTL", "EX", "10"},
           {"SET", "k", "w", "EX", "10", "KEEPTTL"},
           {"SET", "k", "w", "PXAT", "1800000000000", "KEEPTTL"},
       }) {
    EXPECT_TRUE(FailsWithoutEffect(argv, kSyntax)) << argv[3];
  }
}

TEST_F(StringCommands, SetExpiryWithoutItsArgumentIsASyntaxError) {
  Run({"SET", "k", "v"});
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "EX"}, kSyntax));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "NX", "PXAT"}, kSyntax));
}

TEST_F(StringCommands, SetSyntaxErrorsComeBeforeExpiryValueErrors) {
  Run({"SET", "k", "v"});
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "EX", "abc", "FOO"}, kSyntax));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "EX", "0", "PX", "1"}, kSyntax));
}

TEST_F(StringCommands, SetExpiryMustBeAPositiveInteger) {
  Run({"SET", "k", "v"});
  const std::string invalid = "ERR invalid expire time in 'set' command";
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "EX", "0"}, invalid));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "EX", "-1"}, invalid));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "PX", "0"}, invalid));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "EXAT", "0"}, invalid));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "PXAT", "-5"}, invalid));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "EX", "abc"}, kNotInteger));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "PX", "1.5"}, kNotInteger));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "EX", " 1"}, kNotInteger));
  EXPECT_TRUE(FailsWithoutEffect({"SET", "k", "w", "EX", "9223372036854775808"},
                                 kNotInteger));
}

TEST_F(StringCommands, SetExpiryThatOverflowsIsInvalid) {
  Run({"SET", "k", "v"});
  const std::string invalid = "ERR invalid expire time in 'set' command";
  // Seconds beyond INT64_MAX / 1000.
  EXPECT_TRUE(FailsWithoutEffect(
      {"SET", "k", "w", "EX", "9223372036854775807"}, invalid));
  EXPECT_TRUE(FailsWithoutEffect(
      {"SET", "k", "w", "EXAT", "9223372036854775807"}, invalid));
  EXPECT_TRUE(
      FailsWithoutEffect({"SET", "k", "w", "EX", "9223372036854776"}, invalid));
  // In range once scaled, but not once the current time is added.
  EXPECT_TRUE(
      FailsWithoutEffect({"SET", "k", "w", "EX", "9223372036854775"}, invalid));
  EXPECT_TRUE(FailsWithoutEffect(
      {"SET", "k", "w", "PX", "9223372036854775807"}, invalid));
  // Absolute times have no base time added.
  EXPECT_THAT(Run({"SET", "k", "w", "EXAT", "9223372036854775"}), IsOk());
  EXPECT_EQ(Pttl("k"), 9223372036854775000 - kStartMs);
  EXPECT_THAT(Run({"SET", "k", "w", "PXAT", "9223372036854775807"}), IsOk());
  EXPECT_EQ(Pttl("k"), INT64_MAX - kStartMs);
}

TEST_F(StringCommands, SetExpiryErrorComesBeforeGetAndTypeCheck) {
  SKIP_WITHOUT_LISTS();
  EXPECT_TRUE(FailsWithoutEffect({"SET", "l", "v", "GET", "EX", "0"},
                                 "ERR invalid expire time in 'set' command",
                                 {"l"}));
}

TEST_F(StringCommands, SetWithPastAbsoluteTimeStoresAKeyThatIsAlreadyGone) {
  Run({"SET", "k", "old"});
  EXPECT_THAT(Run({"SET", "k", "v", "PXAT", "1"}), IsOk());
  // Redis 7.0 stores it and lets lazy expiry remove it.
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
  EXPECT_THAT(Run({"GET", "k"}), IsNil());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
  EXPECT_THAT(Run({"SET", "k", "v", "EXAT", "1", "GET"}), IsNil());
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
}

TEST_F(StringCommands, SetChoosesTheEncodingRedisWould) {
  Run({"SET", "k", "12345"});
  EXPECT_EQ(Encoding("k"), "int");
  Run({"SET", "k", "-9223372036854775808"});
  EXPECT_EQ(Encoding("k"), "int");
  Run({"SET", "k", "9223372036854775808"});
  EXPECT_EQ(Encoding("k"), "embstr");
  Run({"SET", "k", "012"});
  EXPECT_EQ(Encoding("k"), "embstr");
  Run({"SET", "k", std::string(44, 'x')});
  EXPECT_EQ(Encoding("k"), "embstr");
  Run({"SET", "k", std::string(45, 'x')});
  EXPECT_EQ(Encoding("k"), "raw");
}

// --- SETNX, SETEX, PSETEX -------------------------------------------------

TEST_F(StringCommands, SetnxRepliesOneWhenStoredAndZeroOtherwise) {
  EXPECT_THAT(Run({"SETNX", "k", "5"}), IsInt(1));
  EXPECT_EQ(Encoding("k"), "int");
  EXPECT_THAT(Run({"SETNX", "k", "6"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("5"));
}

TEST_F(StringCommands, SetnxTreatsAnExpiredKeyAsAbsent) {
  Run({"SET", "k", "v", "PX", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(Run({"SETNX", "k", "w"}), IsInt(1));
  EXPECT_EQ(Pttl("k"), -1);
}

TEST_F(StringCommands, SetnxOnWrongTypeRepliesZero) {
  SKIP_WITHOUT_LISTS();
  EXPECT_THAT(Run({"SETNX", "l", "x"}), IsInt(0));
  EXPECT_THAT(Run({"TYPE", "l"}), IsStatus("list"));
}

TEST_F(StringCommands, SetexAndPsetexStoreWithATtl) {
  EXPECT_THAT(Run({"SETEX", "k", "10", "v"}), IsOk());
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("v"));
  EXPECT_EQ(Pttl("k"), 10000);
  EXPECT_THAT(Run({"PSETEX", "k", "1500", "123"}), IsOk());
  EXPECT_EQ(Pttl("k"), 1500);
  EXPECT_EQ(Encoding("k"), "int");
}

TEST_F(StringCommands, SetexRejectsBadTimesNamingItself) {
  Run({"SET", "k", "v"});
  EXPECT_TRUE(FailsWithoutEffect({"SETEX", "k", "0", "w"},
                                 "ERR invalid expire time in 'setex' command"));
  EXPECT_TRUE(FailsWithoutEffect({"SETEX", "k", "-5", "w"},
                                 "ERR invalid expire time in 'setex' command"));
  EXPECT_TRUE(FailsWithoutEffect({"SETEX", "k", "9223372036854775", "w"},
                                 "ERR invalid expire time in 'setex' command"));
  EXPECT_TRUE(FailsWithoutEffect({"SETEX", "k", "abc", "w"}, kNotInteger));
  EXPECT_TRUE(FailsWithoutEffect({"PSETEX", "k", "0", "w"},
                                 "ERR invalid expire time in 'psetex' command"));
  EXPECT_TRUE(FailsWithoutEffect({"PSETEX", "k", "9223372036854775807", "w"},
                                 "ERR invalid expire time in 'psetex' command"));
  EXPECT_TRUE(FailsWithoutEffect({"PSETEX", "k", "1e3", "w"}, kNotInteger));
}

TEST_F(StringCommands, SetexReplacesAValueOfAnyType) {
  SKIP_WITHOUT_LISTS();
  EXPECT_THAT(Run({"SETEX", "l", "10", "v"}), IsOk());
  EXPECT_THAT(Run({"TYPE", "l"}), IsStatus("string"));
}

// --- MGET, MSET, MSETNX ---------------------------------------------------

TEST_F(StringCommands, MgetRepliesNilForMissingAndExpiredKeys) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "2", "PX", "5"});
  clock().AdvanceMillis(6);
  Reply r = Run({"MGET", "a", "b", "c", "a"});
  EXPECT_EQ(r, Reply::Array({Reply::Bulk("1"), Reply::Null(), Reply::Null(),
                             Reply::Bulk("1")}));
}

TEST_F(StringCommands, MgetRepliesNilForWrongType) {
  SKIP_WITHOUT_LISTS();
  Run({"SET", "a", "1"});
  EXPECT_EQ(Run({"MGET", "l", "a"}),
            Reply::Array({Reply::Null(), Reply::Bulk("1")}));
}

TEST_F(StringCommands, MsetStoresEveryPairAndTheLastDuplicateWins) {
  Run({"SET", "a", "old", "EX", "100"});
  EXPECT_THAT(Run({"MSET", "a", "1", "b", "2", "a", "3"}), IsOk());
  EXPECT_EQ(Run({"MGET", "a", "b"}), Bulks({"3", "2"}));
  EXPECT_EQ(Pttl("a"), -1);
  EXPECT_EQ(Encoding("a"), "int");
}

TEST_F(StringCommands, MsetWithAnOddCountIsAnArityError) {
  Run({"SET", "a", "x"});
  EXPECT_TRUE(FailsWithoutEffect(
      {"MSET", "a", "1", "b"},
      "ERR wrong number of arguments for 'mset' command", {"a", "b"}));
}

TEST_F(StringCommands, MsetnxStoresAllOrNothing) {
  EXPECT_THAT(Run({"MSETNX", "a", "1", "b", "2"}), IsInt(1));
  EXPECT_THAT(Run({"MSETNX", "b", "x", "c", "y"}), IsInt(0));
  EXPECT_THAT(Run({"EXISTS", "c"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("2"));
}

TEST_F(StringCommands, MsetnxAcceptsTheSameNewKeyTwice) {
  EXPECT_THAT(Run({"MSETNX", "x", "1", "x", "2"}), IsInt(1));
  EXPECT_THAT(Run({"GET", "x"}), IsBulk("2"));
}

TEST_F(StringCommands, MsetnxTreatsExpiredKeysAsAbsent) {
  Run({"SET", "a", "old", "PX", "5"});
  clock().AdvanceMillis(6);
  EXPECT_THAT(Run({"MSETNX", "a", "1"}), IsInt(1));
  EXPECT_THAT(Run({"GET", "a"}), IsBulk("1"));
}

TEST_F(StringCommands, MsetnxWithAnOddCountIsAnArityError) {
  EXPECT_TRUE(FailsWithoutEffect(
      {"MSETNX", "a", "1", "b"},
      "ERR wrong number of arguments for 'msetnx' command", {"a", "b"}));
}

TEST_F(StringCommands, MsetnxCountsAKeyOfAnyTypeAsExisting) {
  SKIP_WITHOUT_LISTS();
  EXPECT_THAT(Run({"MSETNX", "l", "1", "w", "2"}), IsInt(0));
  EXPECT_THAT(Run({"EXISTS", "w"}), IsInt(0));
}

// --- GETSET, GETDEL -------------------------------------------------------

TEST_F(StringCommands, GetsetRepliesWithTheOldValueAndDropsTheTtl) {
  EXPECT_THAT(Run({"GETSET", "k", "v"}), IsNil());
  Run({"SET", "k", "v", "EX", "100"});
  EXPECT_THAT(Run({"GETSET", "k", "42"}), IsBulk("v"));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("42"));
  EXPECT_EQ(Pttl("k"), -1);
  EXPECT_EQ(Encoding("k"), "int");
}

TEST_F(StringCommands, GetsetOnWrongTypeFails) {
  SKIP_WITHOUT_LISTS();
  EXPECT_TRUE(FailsWithoutEffect({"GETSET", "l", "v"}, kWrongType, {"l"}));
}

TEST_F(StringCommands, GetdelRepliesWithTheValueAndDeletesTheKey) {
  Run({"SET", "k", "v", "EX", "100"});
  EXPECT_THAT(Run({"GETDEL", "k"}), IsBulk("v"));
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
  EXPECT_THAT(Run({"GETDEL", "k"}), IsNil());
}

TEST_F(StringCommands, GetdelOnWrongTypeFails) {
  SKIP_WITHOUT_LISTS();
  EXPECT_TRUE(FailsWithoutEffect({"GETDEL", "l"}, kWrongType, {"l"}));
}

// --- GETEX ----------------------------------------------------------------

TEST_F(StringCommands, GetexWithoutOptionsLeavesTheTtl) {
  Run({"SET", "k", "v", "PX", "5000"});
  EXPECT_THAT(Run({"GETEX", "k"}), IsBulk("v"));
  EXPECT_EQ(Pttl("k"), 5000);
}

TEST_F(StringCommands, GetexSetsTheExpiry) {
  Run({"SET", "k", "v"});
  EXPECT_THAT(Run({"GETEX", "k", "EX", "10"}), IsBulk("v"));
  EXPECT_EQ(Pttl("k"), 10000);
  EXPECT_THAT(Run({"GETEX", "k", "px", "100", "PX", "200"}), IsBulk("v"));
  EXPECT_EQ(Pttl("k"), 200);
  EXPECT_THAT(
      Run({"GETEX", "k", "EXAT", std::to_string(kStartMs / 1000 + 60)}),
      IsBulk("v"));
  EXPECT_EQ(Pttl("k"), 60000);
  EXPECT_THAT(Run({"GETEX", "k", "PXAT", std::to_string(kStartMs + 7)}),
              IsBulk("v"));
  EXPECT_EQ(Pttl("k"), 7);
}

TEST_F(StringCommands, GetexPersistRemovesTheTtl) {
  Run({"SET", "k", "v", "EX", "10"});
  EXPECT_THAT(Run({"GETEX", "k", "PERSIST", "persist"}), IsBulk("v"));
  EXPECT_EQ(Pttl("k"), -1);
}

TEST_F(StringCommands, GetexWithAPastAbsoluteTimeDeletesTheKey) {
  Run({"SET", "k", "v"});
  EXPECT_THAT(Run({"GETEX", "k", "EXAT", "1"}), IsBulk("v"));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
  Run({"SET", "k", "v"});
  // The current millisecond counts as past.
  EXPECT_THAT(Run({"GETEX", "k", "PXAT", std::to_string(kStartMs)}),
              IsBulk("v"));
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
}

TEST_F(StringCommands, GetexOnMissingKeyIsNilWhateverTheExpiry) {
  EXPECT_THAT(Run({"GETEX", "missing"}), IsNil());
  EXPECT_THAT(Run({"GETEX", "missing", "EX", "abc"}), IsNil());
  EXPECT_THAT(Run({"GETEX", "missing", "EX", "0"}), IsNil());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

TEST_F(StringCommands, GetexRejectsSetOnlyAndConflictingOptions) {
  Run({"SET", "k", "v", "EX", "50"});
  for (const std::vector<std::string>& argv :
       std::vector<std::vector<std::string>>{
           {"GETEX", "k", "NX"},
           {"GETEX", "k", "XX"},
           {"GETEX", "k", "GET"},
           {"GETEX", "k", "KEEPTTL"},
           {"GETEX", "k", "FOO"},
           {"GETEX", "k", "EX"},
           {"GETEX", "k", "PERSIST", "EX", "10"},
           {"GETEX", "k", "EX", "10", "PERSIST"},
           {"GETEX", "k", "EX", "10", "PXAT", "10"},
       }) {
    EXPECT_TRUE(FailsWithoutEffect(argv, kSyntax)) << argv[2];
  }
  // Syntax is checked before the key is looked up.
  EXPECT_TRUE(FailsWithoutEffect({"GETEX", "missing", "FOO"}, kSyntax));
}

TEST_F(StringCommands, GetexRejectsBadTimesNamingItself) {
  Run({"SET", "k", "v", "EX", "50"});
  const std::string invalid = "ERR invalid expire time in 'getex' command";
  EXPECT_TRUE(FailsWithoutEffect({"GETEX", "k", "EX", "0"}, invalid));
  EXPECT_TRUE(FailsWithoutEffect({"GETEX", "k", "PX", "-1"}, invalid));
  EXPECT_TRUE(
      FailsWithoutEffect({"GETEX", "k", "EX", "9223372036854775"}, invalid));
  EXPECT_TRUE(FailsWithoutEffect({"GETEX", "k", "EXAT", "9223372036854775807"},
                                 invalid));
  EXPECT_TRUE(FailsWithoutEffect({"GETEX", "k", "EX", "ten"}, kNotInteger));
}

TEST_F(StringCommands, GetexChecksTheTypeBeforeTheExpiry) {
  SKIP_WITHOUT_LISTS();
  EXPECT_TRUE(FailsWithoutEffect({"GETEX", "l", "EX", "0"}, kWrongType, {"l"}));
  EXPECT_TRUE(FailsWithoutEffect({"GETEX", "l", "FOO"}, kSyntax, {"l"}));
}

// --- APPEND, STRLEN -------------------------------------------------------

TEST_F(StringCommands, AppendCreatesAndExtends) {
  EXPECT_THAT(Run({"APPEND", "k", "Hello"}), IsInt(5));
  EXPECT_THAT(Run({"APPEND", "k", " World"}), IsInt(11));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("Hello World"));
}

TEST_F(StringCommands, AppendToMissingKeyEncodesLikeSet) {
  EXPECT_THAT(Run({"APPEND", "n", "123"}), IsInt(3));
  EXPECT_EQ(Encoding("n"), "int");
  EXPECT_THAT(Run({"APPEND", "s", "abc"}), IsInt(3));
  EXPECT_EQ(Encoding("s"), "embstr");
  EXPECT_THAT(Run({"APPEND", "e", ""}), IsInt(0));
  EXPECT_THAT(Run({"EXISTS", "e"}), IsInt(1));
  EXPECT_EQ(Encoding("e"), "embstr");
}

TEST_F(StringCommands, AppendToExistingKeyMakesItRawAndKeepsTheTtl) {
  Run({"SET", "n", "5", "EX", "100"});
  EXPECT_THAT(Run({"APPEND", "n", ""}), IsInt(1));
  EXPECT_EQ(Encoding("n"), "raw");
  EXPECT_THAT(Run({"APPEND", "n", "6"}), IsInt(2));
  EXPECT_THAT(Run({"GET", "n"}), IsBulk("56"));
  EXPECT_EQ(Pttl("n"), 100000);
}

// A view of `size` zero bytes that costs no memory until read.
class ZeroPages {
 public:
  explicit ZeroPages(size_t size) : size_(size) {
    void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
                   MAP_NORESERVE, -1, 0);
    data_ = p == MAP_FAILED ? nullptr : static_cast<const char*>(p);
  }
  ~ZeroPages() {
    if (data_ != nullptr) munmap(const_cast<char*>(data_), size_);
  }
  bool ok() const { return data_ != nullptr; }
  std::string_view view() const { return {data_, size_}; }

 private:
  size_t size_;
  const char* data_;
};

TEST_F(StringCommands, AppendBeyond512MegabytesFails) {
  ZeroPages big(512 * 1024 * 1024);
  ASSERT_TRUE(big.ok());
  Run({"SET", "k", "x"});
  const std::string before = State({"k"});
  EXPECT_THAT(Run({"APPEND", "k", big.view()}), IsExactError(kTooLong));
  EXPECT_EQ(State({"k"}), before);
}

TEST_F(StringCommands, AppendOnWrongTypeFails) {
  SKIP_WITHOUT_LISTS();
  EXPECT_TRUE(FailsWithoutEffect({"APPEND", "l", "x"}, kWrongType, {"l"}));
}

TEST_F(StringCommands, StrlenCountsBytes) {
  EXPECT_THAT(Run({"STRLEN", "missing"}), IsInt(0));
  Run({"SET", "k", "a\0b"sv});
  EXPECT_THAT(Run({"STRLEN", "k"}), IsInt(3));
  Run({"SET", "n", "-12345"});
  EXPECT_THAT(Run({"STRLEN", "n"}), IsInt(6));
}

TEST_F(StringCommands, StrlenOnWrongTypeFails) {
  SKIP_WITHOUT_LISTS();
  EXPECT_TRUE(FailsWithoutEffect({"STRLEN", "l"}, kWrongType, {"l"}));
}

// --- INCR, DECR, INCRBY, DECRBY -------------------------------------------

TEST_F(StringCommands, IncrFamilyStartsFromZero) {
  EXPECT_THAT(Run({"INCR", "a"}), IsInt(1));
  EXPECT_THAT(Run({"DECR", "b"}), IsInt(-1));
  EXPECT_THAT(Run({"INCRBY", "c", "10"}), IsInt(10));
  EXPECT_THAT(Run({"DECRBY", "d", "10"}), IsInt(-10));
  EXPECT_EQ(Run({"MGET", "a", "b", "c", "d"}), Bulks({"1", "-1", "10", "-10"}));
}

TEST_F(StringCommands, IncrFamilyAddsToExistingValues) {
  Run({"SET", "k", "10"});
  EXPECT_THAT(Run({"INCR", "k"}), IsInt(11));
  EXPECT_THAT(Run({"DECR", "k"}), IsInt(10));
  EXPECT_THAT(Run({"INCRBY", "k", "-15"}), IsInt(-5));
  EXPECT_THAT(Run({"DECRBY", "k", "-7"}), IsInt(2));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("2"));
}

TEST_F(StringCommands, IncrKeepsTheTtlAndStoresAnInt) {
  Run({"SET", "k", "10", "EX", "100"});
  Run({"APPEND", "k", "0"});
  EXPECT_EQ(Encoding("k"), "raw");
  EXPECT_THAT(Run({"INCR", "k"}), IsInt(101));
  EXPECT_EQ(Encoding("k"), "int");
  EXPECT_EQ(Pttl("k"), 100000);
}

TEST_F(StringCommands, IncrOnNonIntegerLeavesValueIntact) {
  for (const char* v : {"abc", " 1", "1 ", "01", "1.0", "-0", "+1", "",
                        "9223372036854775808", "1e3"}) {
    Run({"SET", "k", v});
    EXPECT_TRUE(FailsWithoutEffect({"INCR", "k"}, kNotInteger)) << v;
    EXPECT_TRUE(FailsWithoutEffect({"DECRBY", "k", "1"}, kNotInteger)) << v;
  }
}

TEST_F(StringCommands, IncrbyRejectsANonIntegerIncrement) {
  Run({"SET", "k", "1"});
  EXPECT_TRUE(FailsWithoutEffect({"INCRBY", "k", "1.5"}, kNotInteger));
  EXPECT_TRUE(FailsWithoutEffect({"INCRBY", "k", "9223372036854775808"},
                                 kNotInteger));
  EXPECT_TRUE(FailsWithoutEffect({"DECRBY", "k", "x"}, kNotInteger));
  EXPECT_TRUE(FailsWithoutEffect({"INCRBY", "missing", "x"}, kNotInteger,
                                 {"k", "missing"}));
}

TEST_F(StringCommands, IncrOverflowIsAnErrorAtBothEnds) {
  Run({"SET", "k", "9223372036854775807"});
  EXPECT_TRUE(FailsWithoutEffect({"INCR", "k"}, kOverflow));
  EXPECT_TRUE(FailsWithoutEffect({"INCRBY", "k", "1"}, kOverflow));
  EXPECT_TRUE(FailsWithoutEffect({"DECRBY", "k", "-1"}, kOverflow));
  EXPECT_THAT(Run({"INCRBY", "k", "0"}), IsInt(INT64_MAX));
  Run({"SET", "k", "-9223372036854775808"});
  EXPECT_TRUE(FailsWithoutEffect({"DECR", "k"}, kOverflow));
  EXPECT_TRUE(FailsWithoutEffect({"INCRBY", "k", "-1"}, kOverflow));
  EXPECT_TRUE(FailsWithoutEffect({"DECRBY", "k", "1"}, kOverflow));
  EXPECT_THAT(Run({"DECRBY", "k", "-1"}), IsInt(INT64_MIN + 1));
  Run({"SET", "k", "-1"});
  EXPECT_TRUE(
      FailsWithoutEffect({"INCRBY", "k", "-9223372036854775808"}, kOverflow));
  EXPECT_THAT(Run({"SET", "k", "0"}), IsOk());
  EXPECT_THAT(Run({"INCRBY", "k", "-9223372036854775808"}), IsInt(INT64_MIN));
}

TEST_F(StringCommands, DecrbyOfInt64MinIsRefusedBeforeTheKeyIsRead) {
  Run({"SET", "k", "5"});
  EXPECT_TRUE(FailsWithoutEffect({"DECRBY", "k", "-9223372036854775808"},
                                 "ERR decrement would overflow"));
  EXPECT_TRUE(FailsWithoutEffect({"DECRBY", "missing", "-9223372036854775808"},
                                 "ERR decrement would overflow",
                                 {"k", "missing"}));
}

TEST_F(StringCommands, IncrOnWrongTypeFails) {
  SKIP_WITHOUT_LISTS();
  EXPECT_TRUE(FailsWithoutEffect({"INCR", "l"}, kWrongType, {"l"}));
  EXPECT_TRUE(FailsWithoutEffect({"DECRBY", "l", "2"}, kWrongType, {"l"}));
  // The increment is parsed first.
  EXPECT_TRUE(FailsWithoutEffect({"INCRBY", "l", "x"}, kNotInteger, {"l"}));
  EXPECT_TRUE(FailsWithoutEffect({"DECRBY", "l", "-9223372036854775808"},
                                 "ERR decrement would overflow", {"l"}));
}

// --- INCRBYFLOAT ----------------------------------------------------------

TEST_F(StringCommands, IncrbyfloatFormatsLikeRedis) {
  EXPECT_THAT(Run({"INCRBYFLOAT", "f", "10.5"}), IsBulk("10.5"));
  EXPECT_THAT(Run({"INCRBYFLOAT", "f", "0.1"}), IsBulk("10.6"));
  EXPECT_THAT(Run({"INCRBYFLOAT", "f", "-10.6"}), IsBulk("0"));
  EXPECT_THAT(Run({"INCRBYFLOAT", "f", "5.0e3"}), IsBulk("5000"));
  EXPECT_THAT(Run({"INCRBYFLOAT", "f", "0x10"}), IsBulk("5016"));
  EXPECT_THAT(Run({"INCRBYFLOAT", "g", "1.23456789012345678901234"}),
              IsBulk("1.23456789012345679"));
  EXPECT_THAT(Run({"INCRBYFLOAT", "h", "0.0000000000000000001"}),
              IsBulk("0"));
  EXPECT_THAT(Run({"GET", "f"}), IsBulk("5016"));
}

TEST_F(StringCommands, IncrbyfloatEncodesByLengthAndKeepsTheTtl) {
  Run({"SET", "f", "5", "EX", "100"});
  EXPECT_EQ(Encoding("f"), "int");
  EXPECT_THAT(Run({"INCRBYFLOAT", "f", "1"}), IsBulk("6"));
  EXPECT_EQ(Encoding("f"), "embstr");
  EXPECT_EQ(Pttl("f"), 100000);
  const Reply big = Run({"INCRBYFLOAT", "f", "1e300"});
  ASSERT_EQ(big.type(), Reply::Type::kBulk);
  EXPECT_EQ(big.str().size(), 301u);
  EXPECT_EQ(big.str().substr(0, 20), "10000000000000000000");
  EXPECT_EQ(Encoding("f"), "raw");
}

TEST_F(StringCommands, IncrbyfloatRejectsNonFloats) {
  Run({"SET", "f", "1"});
  for (const char* v : {"abc", "nan", " 1", "1 ", "", "1e5000"}) {
    EXPECT_TRUE(FailsWithoutEffect({"INCRBYFLOAT", "f", v}, kNotFloat)) << v;
  }
  EXPECT_TRUE(FailsWithoutEffect({"INCRBYFLOAT", "f", "1\0x"s}, kNotFloat));
  Run({"SET", "f", "abc"});
  EXPECT_TRUE(FailsWithoutEffect({"INCRBYFLOAT", "f", "1"}, kNotFloat));
  EXPECT_TRUE(FailsWithoutEffect({"INCRBYFLOAT", "f", "x"}, kNotFloat));
}

TEST_F(StringCommands, IncrbyfloatRefusesToProduceNanOrInfinity) {
  const std::string_view text = "ERR increment would produce NaN or Infinity";
  Run({"SET", "f", "1"});
  EXPECT_TRUE(FailsWithoutEffect({"INCRBYFLOAT", "f", "inf"}, text));
  EXPECT_TRUE(FailsWithoutEffect({"INCRBYFLOAT", "f", "-inf"}, text));
  Run({"SET", "f", "inf"});
  EXPECT_TRUE(FailsWithoutEffect({"INCRBYFLOAT", "f", "1"}, text));
  EXPECT_TRUE(FailsWithoutEffect({"INCRBYFLOAT", "missing", "inf"}, text,
                                 {"f", "missing"}));
}

TEST_F(StringCommands, IncrbyfloatGoesBeyondDoubleRange) {
  // Sums are long doubles: twice DBL_MAX is still finite.
  Run({"INCRBYFLOAT", "f", "1.7976931348623157e308"});
  const Reply r = Run({"INCRBYFLOAT", "f", "1.7976931348623157e308"});
  ASSERT_EQ(r.type(), Reply::Type::kBulk);
  EXPECT_EQ(r.str().substr(0, 12), "359538626972");
  EXPECT_EQ(r.str().size(), 309u);
}

TEST_F(StringCommands, IncrbyfloatOnWrongTypeFailsBeforeParsing) {
  SKIP_WITHOUT_LISTS();
  EXPECT_TRUE(FailsWithoutEffect({"INCRBYFLOAT", "l", "abc"}, kWrongType, {"l"}));
}

// --- GETRANGE, SUBSTR -----------------------------------------------------

TEST_F(StringCommands, GetrangeHandlesEveryIndexShape) {
  Run({"SET", "s", "Hello World"});
  struct Case {
    const char* start;
    const char* end;
    const char* want;
  };
  for (const Case& c : std::vector<Case>{
           {"0", "4", "Hello"},
           {"-5", "-1", "World"},
           {"-1", "-5", ""},
           {"-100", "-50", "H"},
           {"-100", "100", "Hello World"},
           {"5", "3", ""},
           {"0", "-100", "H"},
           {"100", "200", ""},
           {"10", "10", "d"},
           {"11", "11", ""},
           {"-1", "-1", "d"},
           {"0", "9223372036854775807", "Hello World"},
           {"-9223372036854775808", "-1", "Hello World"},
       }) {
    EXPECT_THAT(Run({"GETRANGE", "s", c.start, c.end}), IsBulk(c.want))
        << c.start << " " << c.end;
    EXPECT_THAT(Run({"SUBSTR", "s", c.start, c.end}), IsBulk(c.want))
        << c.start << " " << c.end;
  }
}

TEST_F(StringCommands, GetrangeOfMissingOrEmptyIsEmpty) {
  EXPECT_THAT(Run({"GETRANGE", "missing", "0", "-1"}), IsBulk(""));
  EXPECT_EQ(RunResp({"GETRANGE", "missing", "0", "-1"}), "$0\r\n\r\n");
  Run({"SET", "e", ""});
  EXPECT_THAT(Run({"GETRANGE", "e", "0", "-1"}), IsBulk(""));
  EXPECT_THAT(Run({"GETRANGE", "e", "-1", "0"}), IsBulk(""));
}

TEST_F(StringCommands, GetrangeReadsIntEncodedValues) {
  Run({"SET", "n", "12345"});
  EXPECT_THAT(Run({"GETRANGE", "n", "1", "2"}), IsBulk("23"));
  EXPECT_EQ(Encoding("n"), "int");
}

TEST_F(StringCommands, GetrangeRejectsNonIntegerIndexesEvenForMissingKeys) {
  Run({"SET", "k", "v"});
  EXPECT_TRUE(FailsWithoutEffect({"GETRANGE", "k", "a", "1"}, kNotInteger));
  EXPECT_TRUE(FailsWithoutEffect({"GETRANGE", "k", "0", "1.5"}, kNotInteger));
  EXPECT_TRUE(FailsWithoutEffect({"SUBSTR", "missing", "x", "1"}, kNotInteger));
}

TEST_F(StringCommands, GetrangeOnWrongTypeFailsAfterIndexParsing) {
  SKIP_WITHOUT_LISTS();
  EXPECT_TRUE(FailsWithoutEffect({"GETRANGE", "l", "0", "1"}, kWrongType, {"l"}));
  EXPECT_TRUE(FailsWithoutEffect({"SUBSTR", "l", "0", "1"}, kWrongType, {"l"}));
  EXPECT_TRUE(FailsWithoutEffect({"GETRANGE", "l", "a", "1"}, kNotInteger, {"l"}));
}

// --- SETRANGE -------------------------------------------------------------

TEST_F(StringCommands, SetrangeOverwritesAndPadsWithZeroBytes) {
  Run({"SET", "k", "Hello World"});
  EXPECT_THAT(Run({"SETRANGE", "k", "6", "Redis"}), IsInt(11));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("Hello Redis"));
  EXPECT_THAT(Run({"SETRANGE", "k", "13", "!"}), IsInt(14));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("Hello Redis\0\0!"s));
  EXPECT_THAT(Run({"SETRANGE", "new", "3", "abc"}), IsInt(6));
  EXPECT_THAT(Run({"GET", "new"}), IsBulk("\0\0\0abc"s));
  EXPECT_EQ(Encoding("new"), "raw");
}

TEST_F(StringCommands, SetrangeMakesTheValueRawAndKeepsTheTtl) {
  Run({"SET", "n", "123", "EX", "100"});
  EXPECT_THAT(Run({"SETRANGE", "n", "1", "9"}), IsInt(3));
  EXPECT_THAT(Run({"GET", "n"}), IsBulk("193"));
  EXPECT_EQ(Encoding("n"), "raw");
  EXPECT_EQ(Pttl("n"), 100000);
}

TEST_F(StringCommands, SetrangeWithNothingToWriteChangesNothing) {
  EXPECT_THAT(Run({"SETRANGE", "missing", "10", ""}), IsInt(0));
  EXPECT_THAT(Run({"SETRANGE", "missing", "536870912", ""}), IsInt(0));
  EXPECT_THAT(Run({"EXISTS", "missing"}), IsInt(0));
  Run({"SET", "n", "123"});
  EXPECT_THAT(Run({"SETRANGE", "n", "536870912", ""}), IsInt(3));
  EXPECT_EQ(Encoding("n"), "int");
}

TEST_F(StringCommands, SetrangeRejectsBadOffsets) {
  Run({"SET", "k", "abc"});
  EXPECT_TRUE(FailsWithoutEffect({"SETRANGE", "k", "-1", "x"},
                                 "ERR offset is out of range"));
  EXPECT_TRUE(FailsWithoutEffect({"SETRANGE", "missing", "-1", ""},
                                 "ERR offset is out of range",
                                 {"k", "missing"}));
  EXPECT_TRUE(FailsWithoutEffect({"SETRANGE", "k", "x", "x"}, kNotInteger));
  EXPECT_TRUE(FailsWithoutEffect({"SETRANGE", "k", "9223372036854775808", "x"},
                                 kNotInteger));
}

TEST_F(StringCommands, SetrangeBeyond512MegabytesFails) {
  Run({"SET", "k", "abc"});
  EXPECT_TRUE(
      FailsWithoutEffect({"SETRANGE", "k", "536870912", "x"}, kTooLong));
  EXPECT_TRUE(FailsWithoutEffect({"SETRANGE", "missing", "536870912", "x"},
                                 kTooLong, {"k", "missing"}));
  EXPECT_TRUE(FailsWithoutEffect(
      {"SETRANGE", "missing", "9223372036854775807", "x"}, kTooLong,
      {"k", "missing"}));
  ZeroPages big(512 * 1024 * 1024 + 1);
  ASSERT_TRUE(big.ok());
  const std::string before = State({"k"});
  EXPECT_THAT(Run({"SETRANGE", "k", "0", big.view()}), IsExactError(kTooLong));
  EXPECT_EQ(State({"k"}), before);
}

TEST_F(StringCommands, SetrangeOnWrongTypeFailsAfterTheOffsetCheck) {
  SKIP_WITHOUT_LISTS();
  EXPECT_TRUE(FailsWithoutEffect({"SETRANGE", "l", "0", "a"}, kWrongType, {"l"}));
  EXPECT_TRUE(FailsWithoutEffect({"SETRANGE", "l", "0", ""}, kWrongType, {"l"}));
  EXPECT_TRUE(FailsWithoutEffect({"SETRANGE", "l", "-1", "a"},
                                 "ERR offset is out of range", {"l"}));
}

// --- LCS ------------------------------------------------------------------

class LcsCommand : public StringCommands {
 protected:
  void SetUp() override {
    Run({"MSET", "key1", "ohmytext", "key2", "mynewtext"});
  }
  static Reply Range(int64_t a0, int64_t a1, int64_t b0, int64_t b1) {
    return Reply::Array(
        {Reply::Array({Reply::Integer(a0), Reply::Integer(a1)}),
         Reply::Array({Reply::Integer(b0), Reply::Integer(b1)})});
  }
  static Reply Range(int64_t a0, int64_t a1, int64_t b0, int64_t b1,
                     int64_t len) {
    Reply r = Range(a0, a1, b0, b1);
    r.mutable_elements().push_back(Reply::Integer(len));
    return r;
  }
  static Reply Idx(std::vector<Reply> matches, int64_t len) {
    return Reply::Array({Reply::Bulk("matches"),
                         Reply::Array(std::move(matches)), Reply::Bulk("len"),
                         Reply::Integer(len)});
  }
};

TEST_F(LcsCommand, RepliesWithTheSubsequence) {
  EXPECT_THAT(Run({"LCS", "key1", "key2"}), IsBulk("mytext"));
  EXPECT_THAT(Run({"LCS", "key1", "key1"}), IsBulk("ohmytext"));
  EXPECT_THAT(Run({"LCS", "key1", "key2", "WITHMATCHLEN"}), IsBulk("mytext"));
}

TEST_F(LcsCommand, LenRepliesWithTheLength) {
  EXPECT_THAT(Run({"LCS", "key1", "key2", "LEN"}), IsInt(6));
  EXPECT_THAT(Run({"LCS", "key1", "key2", "len", "LEN"}), IsInt(6));
  EXPECT_THAT(Run({"LCS", "key1", "key2", "MINMATCHLEN", "3", "LEN"}),
              IsInt(6));
}

TEST_F(LcsCommand, IdxListsMatchesFromTheEnd) {
  EXPECT_EQ(Run({"LCS", "key1", "key2", "IDX"}),
            Idx({Range(4, 7, 5, 8), Range(2, 3, 0, 1)}, 6));
  EXPECT_EQ(Run({"LCS", "key1", "key2", "IDX", "WITHMATCHLEN"}),
            Idx({Range(4, 7, 5, 8, 4), Range(2, 3, 0, 1, 2)}, 6));
  EXPECT_EQ(Run({"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4",
                 "WITHMATCHLEN"}),
            Idx({Range(4, 7, 5, 8, 4)}, 6));
  EXPECT_EQ(Run({"LCS", "key1", "key1", "IDX", "WITHMATCHLEN"}),
            Idx({Range(0, 7, 0, 7, 8)}, 8));
}

TEST_F(LcsCommand, NegativeMinmatchlenMeansNoMinimum) {
  EXPECT_EQ(Run({"LCS", "key1", "key2", "MINMATCHLEN", "-5", "IDX"}),
            Idx({Range(4, 7, 5, 8), Range(2, 3, 0, 1)}, 6));
}

TEST_F(LcsCommand, IdxIsAMapUnderResp3) {
  session().set_protocol(3);
  EXPECT_EQ(RunResp({"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4"}),
            "%2\r\n$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n"
            ":8\r\n$3\r\nlen\r\n:6\r\n");
}

TEST_F(LcsCommand, MissingKeysAreEmptyStrings) {
  EXPECT_THAT(Run({"LCS", "missing", "key2"}), IsBulk(""));
  EXPECT_THAT(Run({"LCS", "missing", "other", "LEN"}), IsInt(0));
  EXPECT_EQ(Run({"LCS", "missing", "key2", "IDX", "WITHMATCHLEN"}),
            Idx({}, 0));
}

TEST_F(LcsCommand, ReadsIntEncodedValues) {
  Run({"MSET", "n1", "12345", "n2", "2345"});
  EXPECT_EQ(Run({"LCS", "n1", "n2", "IDX"}), Idx({Range(1, 4, 0, 3)}, 4));
}

TEST_F(LcsCommand, BadOptionsAreErrors) {
  const std::vector<std::string> keys = {"key1", "key2"};
  EXPECT_TRUE(FailsWithoutEffect({"LCS", "key1", "key2", "FOO"}, kSyntax, keys));
  EXPECT_TRUE(
      FailsWithoutEffect({"LCS", "key1", "key2", "LEN", "FOO"}, kSyntax, keys));
  EXPECT_TRUE(
      FailsWithoutEffect({"LCS", "key1", "key2", "MINMATCHLEN"}, kSyntax, keys));
  EXPECT_TRUE(FailsWithoutEffect({"LCS", "key1", "key2", "MINMATCHLEN", "x"},
                                 kNotInteger, keys));
  const std::string both =
      "ERR If you want both the length and indexes, please just use IDX.";
  EXPECT_TRUE(FailsWithoutEffect({"LCS", "key1", "key2", "LEN", "IDX"}, both,
                                 keys));
  EXPECT_TRUE(FailsWithoutEffect({"LCS", "key1", "key2", "idx", "len"}, both,
                                 keys));
}

TEST_F(LcsCommand, RefusesATableLargerThan512Megabytes) {
  // (11585+1)^2 cells of 4 bytes exceed 512 MB; (11584+1)^2 do not.
  Run({"SETRANGE", "big1", "11584", "x"});
  Run({"SETRANGE", "big2", "11584", "x"});
  EXPECT_TRUE(FailsWithoutEffect(
      {"LCS", "big1", "big2", "LEN"},
      "ERR Insufficient memory, transient memory for LCS exceeds "
      "proto-max-bulk-len",
      {"big1", "big2"}));
}

TEST_F(LcsCommand, NonStringKeysAreRefusedBeforeOptions) {
  SKIP_WITHOUT_LISTS();
  const std::string text = "ERR The specified keys must contain string values";
  EXPECT_TRUE(FailsWithoutEffect({"LCS", "l", "key1"}, text, {"l", "key1"}));
  EXPECT_TRUE(
      FailsWithoutEffect({"LCS", "key1", "l", "FOO"}, text, {"l", "key1"}));
}

}  // namespace
}  // namespace luakv::testing
