// Keys and databases: DEL, EXISTS, TYPE, the EXPIRE and TTL families,
// RENAME, KEYS, SCAN, RANDOMKEY, DBSIZE, TOUCH, COPY, MOVE, SWAPDB, SELECT,
// FLUSHDB, FLUSHALL and OBJECT. Expected replies were checked against
// redis-server 7.0.15.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "testing/engine_test.h"

namespace luakv::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace std::string_view_literals;

// The ManualClock's start, 2024-01-01T00:00:00Z.
constexpr int64_t kStartMs = ManualClock::kDefaultStartMicros / 1000;
constexpr int64_t kStartS = kStartMs / 1000;

std::vector<std::string> SortedStrings(const Reply& array) {
  std::vector<std::string> out;
  for (const Reply& r : array.elements()) out.push_back(r.str());
  std::sort(out.begin(), out.end());
  return out;
}

class KeyCommands : public EngineTest {
 protected:
  // Every key of every database with its value and expiry: compared before
  // and after a failing command to show that it changed nothing.
  std::string Snapshot() {
    const int saved = session().db();
    std::string out;
    for (int db = 0; db < 16; ++db) {
      session().set_db(db);
      for (const std::string& key : SortedStrings(Run({"KEYS", "*"}))) {
        out += std::to_string(db) + ":" + key + "=" +
               Run({"GET", key}).str() + "@" +
               std::to_string(Run({"PEXPIRETIME", key}).integer()) + "\n";
      }
    }
    session().set_db(saved);
    return out;
  }

  // Runs `argv` in database `db`, then returns to the current one.
  Reply RunIn(int db, std::initializer_list<std::string_view> argv) {
    const int saved = session().db();
    session().set_db(db);
    Reply r = Run(argv);
    session().set_db(saved);
    return r;
  }

  // Sets every key of `keys` to "v".
  void SetAll(const std::vector<std::string>& keys) {
    for (const std::string& k : keys) ASSERT_THAT(Run({"SET", k, "v"}), IsOk());
  }

  // A full SCAN iteration with the given options after the cursor; `between`
  // runs before every call after the first.
  std::vector<std::string> ScanAll(std::vector<std::string> options = {},
                                   const std::function<void()>& between = {}) {
    std::vector<std::string> seen;
    std::string cursor = "0";
    bool first = true;
    do {
      if (!first && between) between();
      first = false;
      std::vector<std::string> argv = {"SCAN", cursor};
      argv.insert(argv.end(), options.begin(), options.end());
      Reply r = Run(argv);
      EXPECT_EQ(r.type(), Reply::Type::kArray) << r;
      if (r.type() != Reply::Type::kArray) break;
      cursor = r[0].str();
      for (const Reply& k : r[1].elements()) seen.push_back(k.str());
    } while (cursor != "0");
    return seen;
  }
};

// --- DEL, UNLINK ----------------------------------------------------------

TEST_F(KeyCommands, DelCountsOnlyTheKeysItRemoved) {
  SetAll({"a", "b"});
  EXPECT_THAT(Run({"DEL", "a", "b", "c", "a"}), IsInt(2));
  EXPECT_THAT(Run({"EXISTS", "a", "b"}), IsInt(0));
  EXPECT_THAT(Run({"DEL", "a"}), IsInt(0));
}

TEST_F(KeyCommands, DelDoesNotCountAnExpiredKeyButRemovesIt) {
  SetAll({"a"});
  EXPECT_THAT(Run({"PEXPIRE", "a", "100"}), IsInt(1));
  clock().AdvanceMillis(101);
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
  EXPECT_THAT(Run({"DEL", "a"}), IsInt(0));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

TEST_F(KeyCommands, UnlinkRemovesKeysAsDelDoes) {
  SetAll({"a", "b", ""});
  EXPECT_THAT(Run({"UNLINK", "a", "", "", "zz"}), IsInt(2));
  EXPECT_THAT(Run({"KEYS", "*"}), Bulks({"b"}));
}

TEST_F(KeyCommands, DelAndUnlinkNeedAKey) {
  EXPECT_THAT(Run({"DEL"}),
              IsExactError("ERR wrong number of arguments for 'del' command"));
  EXPECT_THAT(Run({"UNLINK"}), IsExactError("ERR wrong number of arguments "
                                            "for 'unlink' command"));
}

// --- EXISTS, TYPE ---------------------------------------------------------

TEST_F(KeyCommands, ExistsCountsAKeyNamedTwiceTwice) {
  SetAll({"a", "b"});
  EXPECT_THAT(Run({"EXISTS", "a", "a", "b", "zz", "a"}), IsInt(4));
  EXPECT_THAT(Run({"EXISTS", "zz"}), IsInt(0));
}

TEST_F(KeyCommands, ExistsDeletesAnExpiredKeyItMeets) {
  SetAll({"a"});
  Run({"PEXPIRE", "a", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
  EXPECT_THAT(Run({"EXISTS", "a"}), IsInt(0));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

TEST_F(KeyCommands, TypeNamesTheValueTypeAsAStatus) {
  SetAll({"s"});
  EXPECT_THAT(Run({"TYPE", "s"}), IsStatus("string"));
  EXPECT_THAT(Run({"TYPE", "zz"}), IsStatus("none"));
  EXPECT_EQ(RunResp({"TYPE", "zz"}), "+none\r\n");
}

TEST_F(KeyCommands, TypeOfAnExpiredKeyIsNoneAndDeletesIt) {
  SetAll({"s"});
  Run({"PEXPIRE", "s", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(Run({"TYPE", "s"}), IsStatus("none"));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

// --- EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT --------------------------------

TEST_F(KeyCommands, ExpireSetsATimeToLiveInSeconds) {
  SetAll({"k"});
  EXPECT_THAT(Run({"EXPIRE", "k", "10"}), IsInt(1));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(10));
  EXPECT_THAT(Run({"PTTL", "k"}), IsInt(10000));
  EXPECT_THAT(Run({"PEXPIRETIME", "k"}), IsInt(kStartMs + 10000));
}

TEST_F(KeyCommands, PexpireSetsATimeToLiveInMilliseconds) {
  SetAll({"k"});
  EXPECT_THAT(Run({"PEXPIRE", "k", "1234"}), IsInt(1));
  EXPECT_THAT(Run({"PTTL", "k"}), IsInt(1234));
  EXPECT_THAT(Run({"PEXPIRETIME", "k"}), IsInt(kStartMs + 1234));
}

TEST_F(KeyCommands, ExpireatAndPexpireatTakeAbsoluteTimes) {
  SetAll({"a", "b"});
  EXPECT_THAT(Run({"EXPIREAT", "a", std::to_string(kStartS + 100)}), IsInt(1));
  EXPECT_THAT(Run({"TTL", "a"}), IsInt(100));
  EXPECT_THAT(Run({"EXPIRETIME", "a"}), IsInt(kStartS + 100));
  EXPECT_THAT(Run({"PEXPIREAT", "b", std::to_string(kStartMs + 2500)}),
              IsInt(1));
  EXPECT_THAT(Run({"PTTL", "b"}), IsInt(2500));
  EXPECT_THAT(Run({"PEXPIRETIME", "b"}), IsInt(kStartMs + 2500));
}

TEST_F(KeyCommands, ExpireOnAMissingKeyRepliesZero) {
  EXPECT_THAT(Run({"EXPIRE", "zz", "10"}), IsInt(0));
  EXPECT_THAT(Run({"PEXPIREAT", "zz", "1"}), IsInt(0));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

TEST_F(KeyCommands, AKeyLivesThroughItsExpiryMillisecondAndDiesAfter) {
  SetAll({"k"});
  Run({"PEXPIRE", "k", "100"});
  clock().AdvanceMillis(100);
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(1));
  EXPECT_THAT(Run({"PTTL", "k"}), IsInt(0));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(0));
  clock().AdvanceMillis(1);
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
  EXPECT_THAT(Run({"PTTL", "k"}), IsInt(-2));
}

TEST_F(KeyCommands, ExpireInThePastDeletesTheKeyAndRepliesOne) {
  SetAll({"a", "b", "c", "d", "e"});
  EXPECT_THAT(Run({"EXPIRE", "a", "-1"}), IsInt(1));
  EXPECT_THAT(Run({"EXPIRE", "b", "0"}), IsInt(1));
  EXPECT_THAT(Run({"PEXPIRE", "c", "0"}), IsInt(1));
  EXPECT_THAT(Run({"EXPIREAT", "d", "1"}), IsInt(1));
  // A time equal to now already counts as past for EXPIRE.
  EXPECT_THAT(Run({"PEXPIREAT", "e", std::to_string(kStartMs)}), IsInt(1));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
  SetAll({"f"});
  EXPECT_THAT(Run({"PEXPIREAT", "f", std::to_string(kStartMs + 1)}),
              IsInt(1));
  EXPECT_THAT(Run({"EXISTS", "f"}), IsInt(1));
}

TEST_F(KeyCommands, ExpireOnAnExpiredKeyRepliesZero) {
  SetAll({"k"});
  Run({"PEXPIRE", "k", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(Run({"EXPIRE", "k", "100"}), IsInt(0));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

TEST_F(KeyCommands, ExpireNxAppliesOnlyToAKeyWithoutTtl) {
  SetAll({"k"});
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "NX"}), IsInt(1));
  EXPECT_THAT(Run({"EXPIRE", "k", "200", "nx"}), IsInt(0));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(100));
}

TEST_F(KeyCommands, ExpireXxAppliesOnlyToAKeyWithTtl) {
  SetAll({"k"});
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "XX"}), IsInt(0));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(-1));
  Run({"EXPIRE", "k", "100"});
  EXPECT_THAT(Run({"EXPIRE", "k", "200", "xx"}), IsInt(1));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(200));
}

TEST_F(KeyCommands, ExpireGtTreatsNoTtlAsInfiniteAndNeedsAStrictlyLaterTime) {
  SetAll({"k"});
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "GT"}), IsInt(0));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(-1));
  Run({"EXPIRE", "k", "100"});
  EXPECT_THAT(Run({"EXPIRE", "k", "50", "GT"}), IsInt(0));
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "GT"}), IsInt(0));
  EXPECT_THAT(Run({"EXPIRE", "k", "200", "gt"}), IsInt(1));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(200));
}

TEST_F(KeyCommands, ExpireLtTreatsNoTtlAsInfiniteAndNeedsAStrictlyEarlierTime) {
  SetAll({"k"});
  EXPECT_THAT(Run({"EXPIRE", "k", "300", "LT"}), IsInt(1));
  EXPECT_THAT(Run({"EXPIRE", "k", "400", "LT"}), IsInt(0));
  EXPECT_THAT(Run({"EXPIRE", "k", "300", "LT"}), IsInt(0));
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "lt"}), IsInt(1));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(100));
  // LT with a past time still deletes the key.
  EXPECT_THAT(Run({"EXPIRE", "k", "-5", "LT"}), IsInt(1));
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
}

TEST_F(KeyCommands, ExpireXxCombinesWithGtOrLtAndOptionsMayRepeat) {
  SetAll({"k"});
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "XX", "GT"}), IsInt(0));
  Run({"EXPIRE", "k", "100"});
  EXPECT_THAT(Run({"EXPIRE", "k", "200", "xx", "gt"}), IsInt(1));
  EXPECT_THAT(Run({"EXPIRE", "k", "50", "LT", "xx", "lt"}), IsInt(1));
  EXPECT_THAT(Run({"EXPIRE", "k", "60", "nx", "NX"}), IsInt(0));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(50));
}

TEST_F(KeyCommands, ExpireRejectsNxWithAnyOtherOption) {
  SetAll({"k"});
  const std::string before = Snapshot();
  for (std::string_view other : {"XX", "GT", "LT"}) {
    EXPECT_THAT(Run({"EXPIRE", "k", "100", "NX", other}),
                IsExactError("ERR NX and XX, GT or LT options at the same "
                             "time are not compatible"));
  }
  EXPECT_THAT(Run({"PEXPIRE", "k", "100", "gt", "nx"}),
              IsExactError("ERR NX and XX, GT or LT options at the same "
                           "time are not compatible"));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(KeyCommands, ExpireRejectsGtWithLt) {
  SetAll({"k"});
  const std::string before = Snapshot();
  EXPECT_THAT(Run({"EXPIREAT", "k", "100", "GT", "LT"}),
              IsExactError("ERR GT and LT options at the same time are not "
                           "compatible"));
  // NX wins the check when all three are given.
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "GT", "LT", "NX"}),
              IsExactError("ERR NX and XX, GT or LT options at the same "
                           "time are not compatible"));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(KeyCommands, ExpireReportsAnUnsupportedOptionBeforeAnythingElse) {
  SetAll({"k"});
  const std::string before = Snapshot();
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "foo"}),
              IsExactError("ERR Unsupported option foo"));
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "NX", "XX", "bar"}),
              IsExactError("ERR Unsupported option bar"));
  EXPECT_THAT(Run({"EXPIRE", "k", "abc", "foo"}),
              IsExactError("ERR Unsupported option foo"));
  EXPECT_THAT(Run({"PEXPIREAT", "zz", "1", "foo"}),
              IsExactError("ERR Unsupported option foo"));
  // The option is printed as a C string.
  EXPECT_THAT(Run({"EXPIRE", "k", "100", "a\0b"sv}),
              IsExactError("ERR Unsupported option a"));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(KeyCommands, ExpireRejectsATimeThatIsNotAnInteger) {
  SetAll({"k"});
  const std::string before = Snapshot();
  for (std::string_view bad : {"abc", "1.5", "", " 1", "01", "+1"}) {
    EXPECT_THAT(Run({"EXPIRE", "k", bad}),
                IsExactError("ERR value is not an integer or out of range"))
        << bad;
  }
  EXPECT_THAT(Run({"PEXPIRE", "zz", "x"}),
              IsExactError("ERR value is not an integer or out of range"));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(KeyCommands, ExpireRejectsTimesThatOverflowNamingTheCommand) {
  SetAll({"k"});
  Run({"EXPIRE", "k", "100"});
  const std::string before = Snapshot();
  EXPECT_THAT(Run({"EXPIRE", "k", "9223372036854775807"}),
              IsExactError("ERR invalid expire time in 'expire' command"));
  EXPECT_THAT(Run({"EXPIRE", "k", "-9223372036854775808"}),
              IsExactError("ERR invalid expire time in 'expire' command"));
  // Fits once multiplied by 1000, but not once now is added.
  EXPECT_THAT(Run({"EXPIRE", "k", "9223372036854774"}),
              IsExactError("ERR invalid expire time in 'expire' command"));
  EXPECT_THAT(Run({"PEXPIRE", "k", "9223372036854775000"}),
              IsExactError("ERR invalid expire time in 'pexpire' command"));
  EXPECT_THAT(Run({"EXPIREAT", "k", "9223372036854776"}),
              IsExactError("ERR invalid expire time in 'expireat' command"));
  EXPECT_THAT(Run({"expire", "zz", "9223372036854775807"}),
              IsExactError("ERR invalid expire time in 'expire' command"));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(KeyCommands, AbsoluteExpiryMayReachTheLargestTime) {
  SetAll({"a", "b"});
  EXPECT_THAT(Run({"PEXPIREAT", "a", "9223372036854775807"}), IsInt(1));
  EXPECT_THAT(Run({"PEXPIRETIME", "a"}), IsInt(INT64_MAX));
  // Rounding the seconds up does not wrap.
  EXPECT_THAT(Run({"EXPIRETIME", "a"}), IsInt(9223372036854776));
  EXPECT_THAT(Run({"TTL", "a"}),
              IsInt((INT64_MAX - kStartMs + 500) / 1000));
  EXPECT_THAT(Run({"EXPIREAT", "b", "9223372036854775"}), IsInt(1));
  EXPECT_THAT(Run({"EXPIRETIME", "b"}), IsInt(9223372036854775));
}

// --- TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST ---------------------------

TEST_F(KeyCommands, TtlFamilyRepliesMinusTwoForMissingMinusOneForPersistent) {
  SetAll({"k"});
  for (std::string_view cmd : {"TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"}) {
    EXPECT_THAT(Run({cmd, "zz"}), IsInt(-2)) << cmd;
    EXPECT_THAT(Run({cmd, "k"}), IsInt(-1)) << cmd;
  }
}

TEST_F(KeyCommands, TtlRoundsToTheNearestSecond) {
  SetAll({"k"});
  const std::pair<const char*, int64_t> cases[] = {
      {"499", 0}, {"500", 1}, {"1499", 1}, {"1500", 2}, {"2501", 3}};
  for (const auto& [ms, seconds] : cases) {
    Run({"PEXPIRE", "k", ms});
    EXPECT_THAT(Run({"TTL", "k"}), IsInt(seconds)) << ms;
  }
  Run({"PEXPIRE", "k", "10000"});
  clock().AdvanceMillis(9400);
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(1));
  clock().AdvanceMillis(101);
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(0));
  EXPECT_THAT(Run({"PTTL", "k"}), IsInt(499));
}

TEST_F(KeyCommands, ExpiretimeRoundsToTheNearestSecond) {
  SetAll({"k"});
  const int64_t base = (kStartS + 50) * 1000;
  Run({"PEXPIREAT", "k", std::to_string(base + 499)});
  EXPECT_THAT(Run({"EXPIRETIME", "k"}), IsInt(kStartS + 50));
  Run({"PEXPIREAT", "k", std::to_string(base + 500)});
  EXPECT_THAT(Run({"EXPIRETIME", "k"}), IsInt(kStartS + 51));
  EXPECT_THAT(Run({"PEXPIRETIME", "k"}), IsInt(base + 500));
}

TEST_F(KeyCommands, TtlOfAnExpiredKeyIsMinusTwoAndDeletesIt) {
  SetAll({"k"});
  Run({"EXPIRE", "k", "1"});
  clock().AdvanceMillis(1001);
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
  EXPECT_THAT(Run({"PEXPIRETIME", "k"}), IsInt(-2));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

TEST_F(KeyCommands, PersistRemovesTheTimeToLive) {
  SetAll({"k"});
  Run({"EXPIRE", "k", "100"});
  EXPECT_THAT(Run({"PERSIST", "k"}), IsInt(1));
  EXPECT_THAT(Run({"TTL", "k"}), IsInt(-1));
  EXPECT_THAT(Run({"PERSIST", "k"}), IsInt(0));
  EXPECT_THAT(Run({"PERSIST", "zz"}), IsInt(0));
  clock().AdvanceSeconds(1000);
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("v"));
}

TEST_F(KeyCommands, PersistOnAnExpiredKeyRepliesZero) {
  SetAll({"k"});
  Run({"PEXPIRE", "k", "5"});
  clock().AdvanceMillis(6);
  EXPECT_THAT(Run({"PERSIST", "k"}), IsInt(0));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

// --- RENAME, RENAMENX ------------------------------------------------------

TEST_F(KeyCommands, RenameMovesTheValueAndItsTtl) {
  Run({"SET", "a", "hello"});
  Run({"EXPIRE", "a", "100"});
  EXPECT_THAT(Run({"RENAME", "a", "b"}), IsOk());
  EXPECT_THAT(Run({"EXISTS", "a"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("hello"));
  EXPECT_THAT(Run({"TTL", "b"}), IsInt(100));
}

TEST_F(KeyCommands, RenameReplacesTheDestinationAndItsTtl) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "2"});
  Run({"EXPIRE", "b", "100"});
  EXPECT_THAT(Run({"RENAME", "a", "b"}), IsOk());
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("1"));
  EXPECT_THAT(Run({"TTL", "b"}), IsInt(-1));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
}

TEST_F(KeyCommands, RenamenxDoesNotReplaceALiveDestination) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "2"});
  EXPECT_THAT(Run({"RENAMENX", "a", "b"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "a"}), IsBulk("1"));
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("2"));
  EXPECT_THAT(Run({"RENAMENX", "a", "c"}), IsInt(1));
  EXPECT_THAT(Run({"GET", "c"}), IsBulk("1"));
  EXPECT_THAT(Run({"EXISTS", "a"}), IsInt(0));
}

TEST_F(KeyCommands, RenamenxTreatsAnExpiredDestinationAsAbsent) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "2"});
  Run({"PEXPIRE", "b", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(Run({"RENAMENX", "a", "b"}), IsInt(1));
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("1"));
  EXPECT_THAT(Run({"TTL", "b"}), IsInt(-1));
}

TEST_F(KeyCommands, RenameOfAMissingKeyIsNoSuchKey) {
  Run({"SET", "b", "2"});
  const std::string before = Snapshot();
  EXPECT_THAT(Run({"RENAME", "zz", "b"}), IsExactError("ERR no such key"));
  EXPECT_THAT(Run({"RENAMENX", "zz", "b"}), IsExactError("ERR no such key"));
  // Even when both names are the same missing key.
  EXPECT_THAT(Run({"RENAME", "zz", "zz"}), IsExactError("ERR no such key"));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(KeyCommands, RenameOfAnExpiredKeyIsNoSuchKey) {
  Run({"SET", "a", "1"});
  Run({"PEXPIRE", "a", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(Run({"RENAME", "a", "b"}), IsExactError("ERR no such key"));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

TEST_F(KeyCommands, RenamingAKeyToItselfKeepsItUnchanged) {
  Run({"SET", "a", "1"});
  Run({"EXPIRE", "a", "100"});
  EXPECT_THAT(Run({"RENAME", "a", "a"}), IsOk());
  EXPECT_THAT(Run({"RENAMENX", "a", "a"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "a"}), IsBulk("1"));
  EXPECT_THAT(Run({"TTL", "a"}), IsInt(100));
}

TEST_F(KeyCommands, RenameIsBinarySafe) {
  Run({"SET", "a\0x"sv, "1"});
  EXPECT_THAT(Run({"RENAME", "a\0x"sv, "a\0y"sv}), IsOk());
  EXPECT_THAT(Run({"GET", "a\0y"sv}), IsBulk("1"));
  EXPECT_THAT(Run({"EXISTS", "a\0x"sv, "a"}), IsInt(0));
}

// --- KEYS -----------------------------------------------------------------

TEST_F(KeyCommands, KeysMatchesGlobPatterns) {
  SetAll({"one", "two", "three", "t"});
  EXPECT_THAT(SortedStrings(Run({"KEYS", "t*"})),
              ElementsAre("t", "three", "two"));
  EXPECT_THAT(SortedStrings(Run({"KEYS", "?w?"})), ElementsAre("two"));
  EXPECT_THAT(SortedStrings(Run({"KEYS", "[ot]??"})),
              ElementsAre("one", "two"));
  EXPECT_THAT(SortedStrings(Run({"KEYS", "*e"})), ElementsAre("one", "three"));
  EXPECT_EQ(Run({"KEYS", "nomatch*"}), Reply::Array({}));
}

TEST_F(KeyCommands, KeysStarListsTheEmptyKey) {
  SetAll({"", "a"});
  EXPECT_THAT(SortedStrings(Run({"KEYS", "*"})), ElementsAre("", "a"));
  EXPECT_THAT(SortedStrings(Run({"KEYS", "?"})), ElementsAre("a"));
  EXPECT_THAT(SortedStrings(Run({"KEYS", "**"})), ElementsAre("a"));
}

TEST_F(KeyCommands, KeysHidesExpiredKeysWithoutDeletingThem) {
  SetAll({"a", "b"});
  Run({"PEXPIRE", "a", "10"});
  clock().AdvanceMillis(11);
  EXPECT_EQ(Run({"KEYS", "*"}), Bulks({"b"}));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(2));
}

TEST_F(KeyCommands, KeysSeesOnlyTheSelectedDatabase) {
  SetAll({"a"});
  EXPECT_THAT(RunIn(1, {"KEYS", "*"}), ::testing::Property(&Reply::size, 0));
  EXPECT_EQ(Run({"KEYS", "*"}), Bulks({"a"}));
}

TEST_F(KeyCommands, KeysIsBinarySafe) {
  SetAll({std::string("a\0b", 3), "ab"});
  EXPECT_EQ(Run({"KEYS", "a?b"}), Bulks({"a\0b"sv}));
  EXPECT_EQ(Run({"KEYS", "a\0*"sv}), Bulks({"a\0b"sv}));
}

// --- SCAN -----------------------------------------------------------------

TEST_F(KeyCommands, ScanOfAnEmptyDatabaseEndsAtOnce) {
  EXPECT_EQ(RunResp({"SCAN", "0"}), "*2\r\n$1\r\n0\r\n*0\r\n");
  EXPECT_EQ(RunResp({"SCAN", "12345"}), "*2\r\n$1\r\n0\r\n*0\r\n");
}

TEST_F(KeyCommands, ScanRepliesTheCursorAsABulkString) {
  SetAll({"k"});
  EXPECT_EQ(RunResp({"SCAN", "0"}), "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n");
  session().set_protocol(3);
  EXPECT_EQ(RunResp({"SCAN", "0"}), "*2\r\n$1\r\n0\r\n*1\r\n$1\r\nk\r\n");
}

TEST_F(KeyCommands, ScanVisitsEveryKeyOnceOverAFullIteration) {
  std::vector<std::string> keys;
  for (int i = 0; i < 1000; ++i) keys.push_back("key:" + std::to_string(i));
  SetAll(keys);
  std::vector<std::string> seen = ScanAll();
  std::sort(seen.begin(), seen.end());
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(seen, keys);
}

TEST_F(KeyCommands, ScanWithALargeCountReturnsEverythingInOneCall) {
  std::vector<std::string> keys;
  for (int i = 0; i < 100; ++i) keys.push_back(std::to_string(i));
  SetAll(keys);
  Reply r = Run({"SCAN", "0", "COUNT", "1000"});
  EXPECT_THAT(r[0], IsBulk("0"));
  EXPECT_EQ(r[1].size(), 100u);
}

TEST_F(KeyCommands, ScanCountIsAHintThatBoundsEachCall) {
  std::vector<std::string> keys;
  for (int i = 0; i < 1000; ++i) keys.push_back("k" + std::to_string(i));
  SetAll(keys);
  Reply r = Run({"SCAN", "0", "COUNT", "5"});
  EXPECT_NE(r[0].str(), "0");
  EXPECT_GE(r[1].size(), 1u);
  // A step stops once COUNT keys are in hand; one bucket may add a few more.
  EXPECT_LT(r[1].size(), 20u);
}

// The guarantee SCAN makes: a key present from the start of a full iteration
// to its end is returned at least once, however the table grows, shrinks or
// rehashes between calls.
TEST_F(KeyCommands, ScanReturnsEveryKeyPresentThroughoutWhileTheTableGrows) {
  std::vector<std::string> stable;
  for (int i = 0; i < 200; ++i) stable.push_back("stable:" + std::to_string(i));
  SetAll(stable);
  int added = 0;
  std::vector<std::string> seen = ScanAll({"COUNT", "7"}, [&] {
    // Until 3000 keys have been added, each step adds 40 and deletes a third
    // of them again: the table grows through several doublings (and keeps
    // rehashing) while the iteration is under way.
    if (added >= 3000) return;
    for (int i = 0; i < 40; ++i) {
      const std::string key = "new:" + std::to_string(added++);
      Run({"SET", key, "x"});
      if (i % 3 == 0) Run({"DEL", key});
    }
  });
  EXPECT_EQ(added, 3000);
  std::set<std::string> seen_set(seen.begin(), seen.end());
  for (const std::string& k : stable) EXPECT_TRUE(seen_set.count(k)) << k;
}

TEST_F(KeyCommands, ScanReturnsEveryKeyPresentThroughoutWhileTheTableShrinks) {
  std::vector<std::string> stable;
  std::vector<std::string> doomed;
  for (int i = 0; i < 100; ++i) stable.push_back("stable:" + std::to_string(i));
  for (int i = 0; i < 4000; ++i) {
    doomed.push_back("doomed:" + std::to_string(i));
  }
  SetAll(stable);
  SetAll(doomed);
  size_t next = 0;
  std::vector<std::string> seen = ScanAll({"COUNT", "20"}, [&] {
    for (int i = 0; i < 150 && next < doomed.size(); ++i) {
      Run({"DEL", doomed[next++]});
    }
  });
  EXPECT_EQ(next, doomed.size());
  std::set<std::string> seen_set(seen.begin(), seen.end());
  for (const std::string& k : stable) EXPECT_TRUE(seen_set.count(k)) << k;
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(100));
}

TEST_F(KeyCommands, ScanMatchFiltersKeys) {
  SetAll({"user:1", "user:2", "item:1", ""});
  std::vector<std::string> seen = ScanAll({"MATCH", "user:*"});
  std::sort(seen.begin(), seen.end());
  EXPECT_THAT(seen, ElementsAre("user:1", "user:2"));
  // MATCH * lists the empty key too; the last MATCH wins.
  seen = ScanAll({"match", "user:*", "MATCH", "*"});
  EXPECT_EQ(seen.size(), 4u);
}

TEST_F(KeyCommands, ScanTypeFiltersByTypeNameInAnyCase) {
  SetAll({"a", "b"});
  EXPECT_EQ(ScanAll({"TYPE", "STRING"}).size(), 2u);
  EXPECT_THAT(ScanAll({"TYPE", "list"}), IsEmpty());
  // An unknown type name matches nothing (Redis 7.0 does not reject it).
  EXPECT_THAT(ScanAll({"TYPE", "nosuchtype"}), IsEmpty());
  // TYPE may repeat; the last one wins.
  EXPECT_EQ(ScanAll({"TYPE", "list", "type", "string"}).size(), 2u);
}

TEST_F(KeyCommands, ScanSkipsAndDeletesExpiredKeys) {
  SetAll({"a", "b", "c"});
  Run({"PEXPIRE", "a", "10"});
  Run({"PEXPIRE", "b", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(ScanAll(), ElementsAre("c"));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
}

TEST_F(KeyCommands, ScanMatchLeavesExpiredKeysThatDoNotMatch) {
  SetAll({"a", "b"});
  Run({"PEXPIRE", "a", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(ScanAll({"MATCH", "b"}), ElementsAre("b"));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(2));
  EXPECT_THAT(ScanAll({"MATCH", "a"}), IsEmpty());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
}

TEST_F(KeyCommands, ScanTypeNoneReturnsExpiredKeysAsRedis70Does) {
  SetAll({"a", "b"});
  Run({"PEXPIRE", "a", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(ScanAll({"TYPE", "none"}), ElementsAre("a"));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
  EXPECT_THAT(ScanAll({"TYPE", "none"}), IsEmpty());
}

TEST_F(KeyCommands, ScanReadsTheCursorAsStrtoulDoes) {
  SetAll({"k"});
  for (std::string_view ok : {""sv, "0"sv, "+0"sv, "-0"sv, "7"sv, "-1"sv,
                              "+18"sv, "18446744073709551615"sv,
                              "-18446744073709551615"sv, "0\0junk"sv}) {
    Reply r = Run({"SCAN", ok});
    EXPECT_EQ(r.type(), Reply::Type::kArray) << ok << ": " << r;
  }
  // The empty cursor is 0: a full first step.
  EXPECT_EQ(Run({"SCAN", ""})[1], Bulks({"k"}));
  for (std::string_view bad : {"abc", " 1", "\t1", "1 ", "+", "-", "0x10",
                               "1.0", "18446744073709551616",
                               "-18446744073709551616",
                               "99999999999999999999"}) {
    EXPECT_THAT(Run({"SCAN", bad}), IsExactError("ERR invalid cursor")) << bad;
  }
}

TEST_F(KeyCommands, ScanRejectsBadOptions) {
  SetAll({"k"});
  EXPECT_THAT(Run({"SCAN", "0", "COUNT", "0"}),
              IsExactError("ERR syntax error"));
  EXPECT_THAT(Run({"SCAN", "0", "COUNT", "-1"}),
              IsExactError("ERR syntax error"));
  EXPECT_THAT(Run({"SCAN", "0", "COUNT", "abc"}),
              IsExactError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"SCAN", "0", "COUNT"}), IsExactError("ERR syntax error"));
  EXPECT_THAT(Run({"SCAN", "0", "MATCH"}), IsExactError("ERR syntax error"));
  EXPECT_THAT(Run({"SCAN", "0", "TYPE"}), IsExactError("ERR syntax error"));
  EXPECT_THAT(Run({"SCAN", "0", "FOO", "bar"}),
              IsExactError("ERR syntax error"));
  EXPECT_THAT(Run({"SCAN", "0", "MATCH", "*", "COUNT"}),
              IsExactError("ERR syntax error"));
  // The cursor is checked first.
  EXPECT_THAT(Run({"SCAN", "x", "COUNT", "0"}),
              IsExactError("ERR invalid cursor"));
  EXPECT_THAT(Run({"SCAN"}),
              IsExactError("ERR wrong number of arguments for 'scan' command"));
  EXPECT_THAT(Run({"scan", "0", "count", "10", "match", "k", "type", "string"}),
              ::testing::Property(&Reply::size, 2));
}

// --- RANDOMKEY, DBSIZE, TOUCH ----------------------------------------------

TEST_F(KeyCommands, RandomkeyOfAnEmptyDatabaseIsNil) {
  EXPECT_THAT(Run({"RANDOMKEY"}), IsNil());
  EXPECT_EQ(RunResp({"RANDOMKEY"}), "$-1\r\n");
}

TEST_F(KeyCommands, RandomkeyReturnsAnExistingKey) {
  SetAll({"a", "b", "c"});
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    Reply r = Run({"RANDOMKEY"});
    ASSERT_EQ(r.type(), Reply::Type::kBulk);
    seen.insert(r.str());
  }
  EXPECT_THAT(seen, ElementsAre("a", "b", "c"));
}

TEST_F(KeyCommands, RandomkeyDeletesExpiredKeysUntilItFindsALiveOne) {
  std::vector<std::string> keys;
  for (int i = 0; i < 500; ++i) keys.push_back("old:" + std::to_string(i));
  SetAll(keys);
  for (const std::string& k : keys) Run({"PEXPIRE", k, "10"});
  SetAll({"live"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(Run({"RANDOMKEY"}), IsBulk("live"));
}

TEST_F(KeyCommands, RandomkeyWhenEveryKeyHasExpiredIsNilAndEmptiesTheDatabase) {
  SetAll({"a", "b"});
  Run({"PEXPIRE", "a", "10"});
  Run({"PEXPIRE", "b", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(Run({"RANDOMKEY"}), IsNil());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

TEST_F(KeyCommands, DbsizeCountsUnremovedExpiredKeysOfTheSelectedDatabase) {
  SetAll({"a", "b"});
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(2));
  EXPECT_THAT(RunIn(1, {"DBSIZE"}), IsInt(0));
  Run({"PEXPIRE", "a", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(2));
  Run({"GET", "a"});
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
}

TEST_F(KeyCommands, TouchCountsExistingKeysIncludingRepeats) {
  SetAll({"a", "b"});
  EXPECT_THAT(Run({"TOUCH", "a", "a", "b", "zz"}), IsInt(3));
  EXPECT_THAT(Run({"TOUCH", "zz"}), IsInt(0));
}

// --- Access time (OBJECT IDLETIME) ------------------------------------------

TEST_F(KeyCommands, ReadsThatDoNotTouchLeaveTheIdleTimeAlone) {
  SetAll({"k"});
  Run({"EXPIRE", "k", "1000"});
  clock().AdvanceSeconds(7);
  Run({"TYPE", "k"});
  Run({"EXISTS", "k"});
  Run({"TTL", "k"});
  Run({"PTTL", "k"});
  Run({"EXPIRETIME", "k"});
  Run({"PEXPIRETIME", "k"});
  Run({"KEYS", "*"});
  Run({"SCAN", "0", "TYPE", "string"});
  Run({"OBJECT", "ENCODING", "k"});
  Run({"OBJECT", "REFCOUNT", "k"});
  Run({"OBJECT", "FREQ", "k"});
  Run({"RANDOMKEY"});
  Run({"DBSIZE"});
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "k"}), IsInt(7));
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "k"}), IsInt(7));
}

TEST_F(KeyCommands, CommandsThatTouchResetTheIdleTime) {
  const std::vector<std::vector<std::string>> touching = {
      {"TOUCH", "k"},           {"EXPIRE", "k", "1000"},
      {"PEXPIRE", "k", "1000"}, {"PERSIST", "k"},
      {"COPY", "k", "k2"},      {"RENAMENX", "k", "k"},
  };
  for (const std::vector<std::string>& cmd : touching) {
    Run({"FLUSHALL"});
    SetAll({"k"});
    clock().AdvanceSeconds(5);
    EXPECT_THAT(Run({"OBJECT", "IDLETIME", "k"}), IsInt(5));
    Run(cmd);
    EXPECT_THAT(Run({"OBJECT", "IDLETIME", "k"}), IsInt(0)) << cmd[0];
  }
}

// --- COPY -----------------------------------------------------------------

TEST_F(KeyCommands, CopyDuplicatesTheValueAndItsTtl) {
  Run({"SET", "a", "hello"});
  Run({"EXPIRE", "a", "100"});
  EXPECT_THAT(Run({"COPY", "a", "b"}), IsInt(1));
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("hello"));
  EXPECT_THAT(Run({"TTL", "b"}), IsInt(100));
  // The copy is independent of its source.
  Run({"APPEND", "b", "!"});
  EXPECT_THAT(Run({"GET", "a"}), IsBulk("hello"));
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("hello!"));
}

TEST_F(KeyCommands, CopyWithoutTtlCopiesNone) {
  Run({"SET", "a", "1"});
  EXPECT_THAT(Run({"COPY", "a", "b"}), IsInt(1));
  EXPECT_THAT(Run({"TTL", "b"}), IsInt(-1));
}

TEST_F(KeyCommands, CopyKeepsTheStringEncoding) {
  Run({"SET", "int", "12345"});
  Run({"SET", "emb", "hello"});
  Run({"SET", "raw", "x"});
  Run({"APPEND", "raw", "y"});
  for (std::string_view key : {"int", "emb", "raw"}) {
    const std::string dst = std::string(key) + "2";
    EXPECT_THAT(Run({"COPY", key, dst}), IsInt(1));
    EXPECT_EQ(Run({"OBJECT", "ENCODING", dst}),
              Run({"OBJECT", "ENCODING", key}));
  }
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "raw2"}), IsBulk("raw"));
}

TEST_F(KeyCommands, CopyStartsTheCopysIdleTimeAtZero) {
  Run({"SET", "a", "hello"});
  clock().AdvanceSeconds(9);
  Run({"COPY", "a", "b", "DB", "1"});
  EXPECT_THAT(RunIn(1, {"OBJECT", "IDLETIME", "b"}), IsInt(0));
}

TEST_F(KeyCommands, CopyDoesNotReplaceAnExistingDestinationUnlessAsked) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "2"});
  Run({"EXPIRE", "b", "100"});
  EXPECT_THAT(Run({"COPY", "a", "b"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("2"));
  EXPECT_THAT(Run({"COPY", "a", "b", "REPLACE"}), IsInt(1));
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("1"));
  EXPECT_THAT(Run({"TTL", "b"}), IsInt(-1));
  EXPECT_THAT(Run({"COPY", "a", "b", "replace", "REPLACE"}), IsInt(1));
}

TEST_F(KeyCommands, CopyTreatsAnExpiredDestinationAsAbsent) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "2"});
  Run({"PEXPIRE", "b", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(Run({"COPY", "a", "b"}), IsInt(1));
  EXPECT_THAT(Run({"GET", "b"}), IsBulk("1"));
}

TEST_F(KeyCommands, CopyOfAMissingOrExpiredKeyRepliesZero) {
  EXPECT_THAT(Run({"COPY", "zz", "b"}), IsInt(0));
  Run({"SET", "a", "1"});
  Run({"PEXPIRE", "a", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(Run({"COPY", "a", "b"}), IsInt(0));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

TEST_F(KeyCommands, CopyToAnotherDatabase) {
  Run({"SET", "a", "1"});
  Run({"EXPIRE", "a", "50"});
  EXPECT_THAT(Run({"COPY", "a", "a", "DB", "1"}), IsInt(1));
  EXPECT_THAT(Run({"COPY", "a", "b", "db", "15"}), IsInt(1));
  EXPECT_THAT(RunIn(1, {"GET", "a"}), IsBulk("1"));
  EXPECT_THAT(RunIn(1, {"TTL", "a"}), IsInt(50));
  EXPECT_THAT(RunIn(15, {"GET", "b"}), IsBulk("1"));
  EXPECT_THAT(Run({"COPY", "a", "a", "DB", "1"}), IsInt(0));
  // The last DB wins.
  EXPECT_THAT(Run({"COPY", "a", "c", "DB", "1", "DB", "2"}), IsInt(1));
  EXPECT_THAT(RunIn(2, {"EXISTS", "c"}), IsInt(1));
  EXPECT_THAT(RunIn(1, {"EXISTS", "c"}), IsInt(0));
  EXPECT_EQ(session().db(), 0);
}

TEST_F(KeyCommands, CopyFromAnotherSelectedDatabaseToDatabaseZero) {
  session().set_db(3);
  Run({"SET", "a", "1"});
  EXPECT_THAT(Run({"COPY", "a", "a", "DB", "0"}), IsInt(1));
  EXPECT_THAT(RunIn(0, {"GET", "a"}), IsBulk("1"));
  EXPECT_THAT(Run({"COPY", "a", "a", "DB", "3"}),
              IsExactError("ERR source and destination objects are the same"));
}

TEST_F(KeyCommands, CopyOntoItselfIsAnError) {
  Run({"SET", "a", "1"});
  const std::string before = Snapshot();
  EXPECT_THAT(Run({"COPY", "a", "a"}),
              IsExactError("ERR source and destination objects are the same"));
  EXPECT_THAT(Run({"COPY", "a", "a", "DB", "0", "REPLACE"}),
              IsExactError("ERR source and destination objects are the same"));
  EXPECT_THAT(Run({"COPY", "zz", "zz"}),
              IsExactError("ERR source and destination objects are the same"));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(KeyCommands, CopyRejectsBadOptions) {
  Run({"SET", "a", "1"});
  const std::string before = Snapshot();
  EXPECT_THAT(Run({"COPY", "a", "b", "DB", "16"}),
              IsExactError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"COPY", "a", "b", "DB", "-1"}),
              IsExactError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"COPY", "a", "b", "DB", "abc"}),
              IsExactError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"COPY", "a", "b", "DB", "4294967296"}),
              IsExactError("ERR value is out of range, value must between "
                           "-2147483648 and 2147483647"));
  EXPECT_THAT(Run({"COPY", "a", "b", "DB"}), IsExactError("ERR syntax error"));
  EXPECT_THAT(Run({"COPY", "a", "b", "foo"}), IsExactError("ERR syntax error"));
  EXPECT_THAT(Run({"COPY", "a", "b", "REPLACE", "DB", "1", "x"}),
              IsExactError("ERR syntax error"));
  // Options are checked before the source key.
  EXPECT_THAT(Run({"COPY", "zz", "b", "DB", "16"}),
              IsExactError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"COPY", "a"}),
              IsExactError("ERR wrong number of arguments for 'copy' command"));
  EXPECT_EQ(Snapshot(), before);
}

// --- MOVE -----------------------------------------------------------------

TEST_F(KeyCommands, MoveTransfersTheKeyAndItsTtl) {
  Run({"SET", "a", "1"});
  Run({"EXPIRE", "a", "100"});
  EXPECT_THAT(Run({"MOVE", "a", "1"}), IsInt(1));
  EXPECT_THAT(Run({"EXISTS", "a"}), IsInt(0));
  EXPECT_THAT(RunIn(1, {"GET", "a"}), IsBulk("1"));
  EXPECT_THAT(RunIn(1, {"TTL", "a"}), IsInt(100));
}

TEST_F(KeyCommands, MoveRefusesWhenTheDestinationHasTheKey) {
  Run({"SET", "a", "1"});
  RunIn(1, {"SET", "a", "2"});
  EXPECT_THAT(Run({"MOVE", "a", "1"}), IsInt(0));
  EXPECT_THAT(Run({"GET", "a"}), IsBulk("1"));
  EXPECT_THAT(RunIn(1, {"GET", "a"}), IsBulk("2"));
}

TEST_F(KeyCommands, MoveTreatsAnExpiredDestinationKeyAsAbsent) {
  Run({"SET", "a", "1"});
  RunIn(1, {"SET", "a", "2"});
  RunIn(1, {"PEXPIRE", "a", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(Run({"MOVE", "a", "1"}), IsInt(1));
  EXPECT_THAT(RunIn(1, {"GET", "a"}), IsBulk("1"));
}

TEST_F(KeyCommands, MoveOfAMissingKeyRepliesZero) {
  EXPECT_THAT(Run({"MOVE", "zz", "1"}), IsInt(0));
  EXPECT_THAT(RunIn(1, {"DBSIZE"}), IsInt(0));
}

TEST_F(KeyCommands, MoveRejectsBadDatabases) {
  Run({"SET", "a", "1"});
  const std::string before = Snapshot();
  EXPECT_THAT(Run({"MOVE", "a", "0"}),
              IsExactError("ERR source and destination objects are the same"));
  EXPECT_THAT(Run({"MOVE", "zz", "0"}),
              IsExactError("ERR source and destination objects are the same"));
  EXPECT_THAT(Run({"MOVE", "a", "16"}),
              IsExactError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"MOVE", "a", "-1"}),
              IsExactError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"MOVE", "a", "abc"}),
              IsExactError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"MOVE", "a", "-2147483649"}),
              IsExactError("ERR value is out of range, value must between "
                           "-2147483648 and 2147483647"));
  EXPECT_EQ(Snapshot(), before);
}

// --- SWAPDB, SELECT -------------------------------------------------------

TEST_F(KeyCommands, SwapdbExchangesTheContentsOfTwoDatabases) {
  Run({"SET", "a", "0"});
  Run({"EXPIRE", "a", "100"});
  RunIn(1, {"SET", "b", "1"});
  EXPECT_THAT(Run({"SWAPDB", "0", "1"}), IsOk());
  EXPECT_EQ(Run({"KEYS", "*"}), Bulks({"b"}));
  EXPECT_EQ(RunIn(1, {"KEYS", "*"}), Bulks({"a"}));
  EXPECT_THAT(RunIn(1, {"TTL", "a"}), IsInt(100));
  EXPECT_EQ(session().db(), 0);
}

TEST_F(KeyCommands, SwapdbOfADatabaseWithItselfIsOk) {
  Run({"SET", "a", "0"});
  const std::string before = Snapshot();
  EXPECT_THAT(Run({"SWAPDB", "0", "0"}), IsOk());
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(KeyCommands, SwapdbRejectsBadIndexes) {
  Run({"SET", "a", "0"});
  const std::string before = Snapshot();
  EXPECT_THAT(Run({"SWAPDB", "abc", "0"}),
              IsExactError("ERR invalid first DB index"));
  EXPECT_THAT(Run({"SWAPDB", "0", "abc"}),
              IsExactError("ERR invalid second DB index"));
  EXPECT_THAT(Run({"SWAPDB", "abc", "abc"}),
              IsExactError("ERR invalid first DB index"));
  // Both are parsed before either is range-checked.
  EXPECT_THAT(Run({"SWAPDB", "16", "abc"}),
              IsExactError("ERR invalid second DB index"));
  EXPECT_THAT(Run({"SWAPDB", "4294967296", "0"}),
              IsExactError("ERR invalid first DB index"));
  EXPECT_THAT(Run({"SWAPDB", "0", "16"}),
              IsExactError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"SWAPDB", "-1", "0"}),
              IsExactError("ERR DB index is out of range"));
  EXPECT_EQ(Snapshot(), before);
}

TEST_F(KeyCommands, SelectChangesTheSessionsDatabase) {
  EXPECT_THAT(Run({"SELECT", "5"}), IsOk());
  EXPECT_EQ(session().db(), 5);
  Run({"SET", "a", "1"});
  EXPECT_THAT(Run({"SELECT", "0"}), IsOk());
  EXPECT_THAT(Run({"EXISTS", "a"}), IsInt(0));
  EXPECT_THAT(RunIn(5, {"EXISTS", "a"}), IsInt(1));
  EXPECT_THAT(Run({"SELECT", "15"}), IsOk());
}

TEST_F(KeyCommands, SelectRejectsBadIndexesAndKeepsTheDatabase) {
  Run({"SELECT", "3"});
  EXPECT_THAT(Run({"SELECT", "16"}),
              IsExactError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"SELECT", "-1"}),
              IsExactError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"SELECT", "abc"}),
              IsExactError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"SELECT", "1.0"}),
              IsExactError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"SELECT", "4294967296"}),
              IsExactError("ERR value is out of range, value must between "
                           "-2147483648 and 2147483647"));
  EXPECT_EQ(session().db(), 3);
}

TEST_F(KeyCommands, SelectHonoursTheConfiguredNumberOfDatabases) {
  Options options;
  options.databases = 4;
  Reset(std::move(options));
  EXPECT_THAT(Run({"SELECT", "3"}), IsOk());
  EXPECT_THAT(Run({"SELECT", "4"}),
              IsExactError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"MOVE", "a", "4"}),
              IsExactError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"SWAPDB", "0", "4"}),
              IsExactError("ERR DB index is out of range"));
}

// --- FLUSHDB, FLUSHALL ----------------------------------------------------

TEST_F(KeyCommands, FlushdbEmptiesOnlyTheSelectedDatabase) {
  Run({"SET", "a", "1"});
  RunIn(1, {"SET", "b", "1"});
  EXPECT_THAT(Run({"FLUSHDB"}), IsOk());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
  EXPECT_THAT(RunIn(1, {"DBSIZE"}), IsInt(1));
}

TEST_F(KeyCommands, FlushallEmptiesEveryDatabase) {
  Run({"SET", "a", "1"});
  RunIn(1, {"SET", "b", "1"});
  RunIn(15, {"SET", "c", "1"});
  EXPECT_THAT(Run({"FLUSHALL"}), IsOk());
  EXPECT_EQ(Snapshot(), "");
}

TEST_F(KeyCommands, FlushAcceptsSyncOrAsyncInAnyCase) {
  for (std::string_view cmd : {"FLUSHDB", "FLUSHALL"}) {
    for (std::string_view opt : {"SYNC", "async", "Async", "sync"}) {
      Run({"SET", "a", "1"});
      EXPECT_THAT(Run({cmd, opt}), IsOk()) << cmd << " " << opt;
      EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
    }
  }
}

TEST_F(KeyCommands, FlushRejectsOtherArgumentsAndFlushesNothing) {
  Run({"SET", "a", "1"});
  RunIn(1, {"SET", "b", "1"});
  const std::string before = Snapshot();
  for (std::string_view cmd : {"FLUSHDB", "FLUSHALL"}) {
    EXPECT_THAT(Run({cmd, "foo"}), IsExactError("ERR syntax error"));
    EXPECT_THAT(Run({cmd, "ASYNC", "SYNC"}), IsExactError("ERR syntax error"));
    EXPECT_THAT(Run({cmd, "sync", "sync"}), IsExactError("ERR syntax error"));
  }
  EXPECT_EQ(Snapshot(), before);
}

// --- OBJECT ---------------------------------------------------------------

TEST_F(KeyCommands, ObjectEncodingNamesHowAStringIsStored) {
  Run({"SET", "int", "-12345"});
  Run({"SET", "emb", "hello"});
  Run({"SET", "emb44", std::string(44, 'x')});
  Run({"SET", "raw45", std::string(45, 'x')});
  Run({"SET", "zero", "01"});
  Run({"SET", "long", "12345678901234567890"});
  Run({"SET", "appended", "1"});
  Run({"APPEND", "appended", "2"});
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "int"}), IsBulk("int"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "emb"}), IsBulk("embstr"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "emb44"}), IsBulk("embstr"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "raw45"}), IsBulk("raw"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "zero"}), IsBulk("embstr"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "long"}), IsBulk("embstr"));
  EXPECT_THAT(Run({"object", "encoding", "appended"}), IsBulk("raw"));
}

TEST_F(KeyCommands, ObjectOnAMissingKeyRepliesANullBulk) {
  for (std::string_view sub : {"ENCODING", "REFCOUNT", "IDLETIME", "FREQ"}) {
    EXPECT_EQ(RunResp({"OBJECT", sub, "zz"}), "$-1\r\n") << sub;
  }
  session().set_protocol(3);
  for (std::string_view sub : {"ENCODING", "REFCOUNT", "IDLETIME", "FREQ"}) {
    EXPECT_EQ(RunResp({"OBJECT", sub, "zz"}), "_\r\n") << sub;
  }
}

TEST_F(KeyCommands, ObjectOnAnExpiredKeyRepliesNullAndDeletesIt) {
  Run({"SET", "a", "1"});
  Run({"PEXPIRE", "a", "10"});
  clock().AdvanceMillis(11);
  EXPECT_THAT(Run({"OBJECT", "ENCODING", "a"}), IsNil());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

TEST_F(KeyCommands, ObjectRefcountReportsSharedSmallIntegers) {
  const std::pair<const char*, int64_t> cases[] = {
      {"0", 2147483647},  {"5", 2147483647}, {"9999", 2147483647},
      {"10000", 1},       {"-1", 1},         {"01", 1},
      {"hello", 1},       {"-0", 1}};
  for (const auto& [value, refcount] : cases) {
    Run({"SET", "k", value});
    EXPECT_THAT(Run({"OBJECT", "REFCOUNT", "k"}), IsInt(refcount)) << value;
  }
  Run({"SET", "k", "9998"});
  Run({"INCR", "k"});
  EXPECT_THAT(Run({"OBJECT", "REFCOUNT", "k"}), IsInt(2147483647));
  Run({"INCR", "k"});
  EXPECT_THAT(Run({"OBJECT", "REFCOUNT", "k"}), IsInt(1));
}

TEST_F(KeyCommands, ObjectIdletimeCountsWholeSecondsSinceTheLastAccess) {
  Run({"SET", "k", "hello"});
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "k"}), IsInt(0));
  clock().AdvanceMillis(4999);
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "k"}), IsInt(4));
  clock().AdvanceMillis(1);
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "k"}), IsInt(5));
  Run({"GET", "k"});
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "k"}), IsInt(0));
  clock().AdvanceSeconds(100);
  Run({"RENAME", "k", "j"});
  EXPECT_THAT(Run({"OBJECT", "IDLETIME", "j"}), IsInt(0));
}

TEST_F(KeyCommands, ObjectFreqNeedsAnLfuPolicy) {
  Run({"SET", "k", "v"});
  EXPECT_THAT(
      Run({"OBJECT", "FREQ", "k"}),
      IsExactError("ERR An LFU maxmemory policy is not selected, access "
                   "frequency not tracked. Please note that when switching "
                   "between policies at runtime LRU and LFU data will take "
                   "some time to adjust."));
}

TEST_F(KeyCommands, ObjectHelpListsTheSubcommandsAsStatusLines) {
  Reply r = Run({"OBJECT", "HELP"});
  ASSERT_EQ(r.type(), Reply::Type::kArray);
  ASSERT_EQ(r.size(), 15u);
  for (const Reply& line : r.elements()) {
    EXPECT_EQ(line.type(), Reply::Type::kStatus);
  }
  EXPECT_THAT(r[0], IsStatus("OBJECT <subcommand> [<arg> [value] [opt] ...]. "
                             "Subcommands are:"));
  EXPECT_THAT(r[2], IsStatus("    Return the kind of internal representation "
                             "used in order to store the value"));
  EXPECT_THAT(r[11], IsStatus("    Return the number of references of the "
                              "value associated with the specified"));
  EXPECT_THAT(r[13], IsStatus("HELP"));
  EXPECT_THAT(r[14], IsStatus("    Prints this help."));
  EXPECT_EQ(RunResp({"object", "help"}).substr(0, 70),
            "*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. "
            "Subcommands are:\r");
}

TEST_F(KeyCommands, ObjectRejectsUnknownSubcommandsAndWrongArity) {
  EXPECT_THAT(Run({"OBJECT", "foo"}),
              IsExactError("ERR unknown subcommand 'foo'. Try OBJECT HELP."));
  EXPECT_THAT(Run({"OBJECT"}), IsExactError("ERR wrong number of arguments "
                                            "for 'object' command"));
  EXPECT_THAT(Run({"OBJECT", "ENCODING"}),
              IsExactError("ERR wrong number of arguments for "
                           "'object|encoding' command"));
  EXPECT_THAT(Run({"OBJECT", "HELP", "x"}),
              IsExactError("ERR wrong number of arguments for 'object|help' "
                           "command"));
}

}  // namespace
}  // namespace luakv::testing
