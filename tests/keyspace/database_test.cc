// Database: lazy expiry, the counters and memory account, and the raw walks
// (SCAN, RANDOMKEY, active expiry) the key commands build on.

#include "keyspace/database.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "keyspace/keyspace.h"
#include "keyspace/value.h"

namespace luakv {
namespace {

constexpr int64_t kNow = 1'700'000'000'000;

Value Str(std::string s) { return Value::StringFromCommand(std::move(s)); }

Entry MakeEntry(std::string s, int64_t expire = kNoExpiry) {
  Entry e;
  e.value = Str(std::move(s));
  e.expire_at_ms = expire;
  return e;
}

size_t DataBytes(const Database& db) {
  return db.memory_bytes() - db.table_bytes();
}

class DatabaseTest : public ::testing::Test {
 protected:
  DatabaseTest() : ks_(4, /*seed=*/7) { ks_.set_now_ms(kNow); }
  Database& db() { return ks_.db(0); }

  Keyspace ks_;
};

TEST_F(DatabaseTest, AKeyLivesUntilItsExpiryTimeHasPassed) {
  db().Add("k", MakeEntry("v", kNow + 100));
  ks_.set_now_ms(kNow + 100);
  ASSERT_NE(db().Find("k"), nullptr);  // still alive at the instant itself
  ks_.set_now_ms(kNow + 101);
  EXPECT_EQ(db().Find("k"), nullptr);
  EXPECT_EQ(db().size(), 0u);
  EXPECT_EQ(db().volatile_keys(), 0u);
}

TEST_F(DatabaseTest, PeekNeverDeletes) {
  db().Add("k", MakeEntry("v", kNow + 1));
  ks_.set_now_ms(kNow + 2);
  EXPECT_EQ(db().Peek("k"), nullptr);
  EXPECT_EQ(db().size(), 1u);  // DBSIZE still counts it
  EXPECT_EQ(db().Find("k"), nullptr);
  EXPECT_EQ(db().size(), 0u);
}

TEST_F(DatabaseTest, FindTouchesAndFindNoTouchDoesNot) {
  db().Set("k", Str("v"));
  const uint32_t set_at = db().Peek("k")->value.access_s();
  EXPECT_EQ(set_at, kNow / 1000);
  ks_.set_now_ms(kNow + 10'000);
  ASSERT_NE(db().FindNoTouch("k"), nullptr);
  EXPECT_EQ(db().Peek("k")->value.access_s(), set_at);
  ASSERT_NE(db().Find("k"), nullptr);
  EXPECT_EQ(db().Peek("k")->value.access_s(), (kNow + 10'000) / 1000);
  // FindNoTouch still expires.
  db().SetExpire("k", kNow + 10'000);
  ks_.set_now_ms(kNow + 10'001);
  EXPECT_EQ(db().FindNoTouch("k"), nullptr);
  EXPECT_EQ(db().size(), 0u);
}

TEST_F(DatabaseTest, ExpireIfNeeded) {
  db().Add("live", MakeEntry("v", kNow + 5));
  db().Add("dead", MakeEntry("v", kNow - 1));
  db().Set("plain", Str("v"));
  EXPECT_FALSE(db().ExpireIfNeeded("live"));
  EXPECT_TRUE(db().ExpireIfNeeded("dead"));
  EXPECT_FALSE(db().ExpireIfNeeded("dead"));
  EXPECT_FALSE(db().ExpireIfNeeded("plain"));
  EXPECT_FALSE(db().ExpireIfNeeded("absent"));
  EXPECT_EQ(db().size(), 2u);
}

TEST_F(DatabaseTest, VolatileKeysFollowEveryWayATtlComesAndGoes) {
  db().Add("a", MakeEntry("v", kNow + 1000));
  db().Set("b", Str("v"));
  EXPECT_EQ(db().volatile_keys(), 1u);
  db().SetExpire("b", kNow + 1000);
  EXPECT_EQ(db().volatile_keys(), 2u);
  db().SetExpire("b", kNow + 2000);  // a new TTL for a volatile key
  EXPECT_EQ(db().volatile_keys(), 2u);
  db().Set("b", Str("w"), /*keep_ttl=*/true);
  EXPECT_EQ(db().volatile_keys(), 2u);
  EXPECT_EQ(db().Peek("b")->expire_at_ms, kNow + 2000);
  db().Set("b", Str("x"));  // SET drops the TTL
  EXPECT_EQ(db().volatile_keys(), 1u);
  EXPECT_EQ(db().Peek("b")->expire_at_ms, kNoExpiry);
  db().SetExpire("a", kNoExpiry);  // PERSIST
  EXPECT_EQ(db().volatile_keys(), 0u);
  db().SetExpire("a", kNow + 5);
  EXPECT_TRUE(db().Delete("a"));
  EXPECT_EQ(db().volatile_keys(), 0u);
  db().Add("c", MakeEntry("v", kNow + 5));
  db().Flush();
  EXPECT_EQ(db().volatile_keys(), 0u);
  EXPECT_EQ(db().size(), 0u);
}

TEST_F(DatabaseTest, SetExpireOnAMissingKeyDoesNothing) {
  db().SetExpire("absent", kNow + 5);
  EXPECT_EQ(db().size(), 0u);
  EXPECT_EQ(db().volatile_keys(), 0u);
}

TEST_F(DatabaseTest, MemoryAccountFollowsKeysAndValues) {
  EXPECT_EQ(db().memory_bytes(), 0u);
  db().Set("k", Str("short"));
  const size_t one_short = DataBytes(db());
  EXPECT_GT(one_short, 0u);
  db().Set("k", Str(std::string(1000, 'x')));
  EXPECT_GE(DataBytes(db()), one_short + 1000);
  db().Set("k", Str("short"));
  EXPECT_EQ(DataBytes(db()), one_short);
  // A long key costs its bytes too.
  db().Set(std::string(100, 'k'), Str("v"));
  EXPECT_GE(DataBytes(db()), 2 * one_short + 100);
  db().AppendString("k", std::string(500, 'a'));
  EXPECT_GE(DataBytes(db()), 2 * one_short + 600);
  db().SetStringRange("k", 2000, "z");
  EXPECT_GE(DataBytes(db()), 2 * one_short + 2100);
  // Deleting everything gives every byte back, bucket arrays included.
  EXPECT_TRUE(db().Delete("k"));
  EXPECT_TRUE(db().Delete(std::string(100, 'k')));
  EXPECT_EQ(db().memory_bytes(), 0u);
}

TEST_F(DatabaseTest, FlushAndSwapMoveTheAccountsAlong) {
  for (int i = 0; i < 100; ++i) {
    db().Add("k" + std::to_string(i), MakeEntry("v", kNow + 1000 + i));
  }
  ks_.db(1).Set("other", Str("v"));
  const size_t bytes0 = db().memory_bytes();
  const size_t bytes1 = ks_.db(1).memory_bytes();
  ks_.SwapDb(0, 1);
  EXPECT_EQ(ks_.db(1).memory_bytes(), bytes0);
  EXPECT_EQ(ks_.db(1).volatile_keys(), 100u);
  EXPECT_EQ(ks_.db(0).memory_bytes(), bytes1);
  EXPECT_EQ(ks_.db(0).volatile_keys(), 0u);
  ks_.db(1).Flush();
  EXPECT_EQ(ks_.db(1).memory_bytes(), 0u);
  EXPECT_EQ(ks_.memory_bytes(), bytes1);
  EXPECT_EQ(ks_.total_keys(), 1u);
}

TEST_F(DatabaseTest, MoveKeyTakesTheTtlAlong) {
  db().Add("src", MakeEntry("v", kNow + 500));
  ks_.MoveKey(0, "src", 2, "dst");
  EXPECT_EQ(db().Peek("src"), nullptr);
  EXPECT_EQ(db().volatile_keys(), 0u);
  EXPECT_EQ(db().memory_bytes(), 0u);
  ASSERT_NE(ks_.db(2).Peek("dst"), nullptr);
  EXPECT_EQ(ks_.db(2).Peek("dst")->expire_at_ms, kNow + 500);
  EXPECT_EQ(ks_.db(2).volatile_keys(), 1u);
}

TEST_F(DatabaseTest, ScanWalksRawKeysExpiredOnesIncluded) {
  std::set<std::string> want;
  for (int i = 0; i < 300; ++i) {
    const std::string k = "k" + std::to_string(i);
    db().Add(k, MakeEntry("v", i % 3 == 0 ? kNow - 1 : kNoExpiry));
    want.insert(k);
  }
  std::vector<std::string> got;
  uint64_t cursor = 0;
  do {
    cursor = db().Scan(cursor, &got);
  } while (cursor != 0);
  EXPECT_EQ(std::set<std::string>(got.begin(), got.end()), want);
  EXPECT_EQ(got.size(), want.size());
  EXPECT_EQ(db().size(), 300u);  // SCAN itself expires nothing
}

TEST_F(DatabaseTest, RandomKeyDeletesTheExpiredKeysItPicks) {
  EXPECT_EQ(db().RandomKey(), std::nullopt);
  for (int i = 0; i < 50; ++i) {
    db().Add("dead" + std::to_string(i), MakeEntry("v", kNow - 1));
  }
  EXPECT_EQ(db().RandomKey(), std::nullopt);
  EXPECT_EQ(db().size(), 0u);

  for (int i = 0; i < 50; ++i) {
    db().Add("dead" + std::to_string(i), MakeEntry("v", kNow - 1));
  }
  db().Set("alive", Str("v"));
  for (int i = 0; i < 20; ++i) EXPECT_EQ(db().RandomKey(), "alive");
}

TEST_F(DatabaseTest, RandomKeyReachesEveryLiveKey) {
  for (int i = 0; i < 10; ++i) db().Set("k" + std::to_string(i), Str("v"));
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(*db().RandomKey());
  EXPECT_EQ(seen.size(), 10u);
}

TEST_F(DatabaseTest, ActiveExpireRemovesOnlyExpiredKeysWithinItsBudget) {
  for (int i = 0; i < 200; ++i) {
    db().Add("dead" + std::to_string(i), MakeEntry("v", kNow - 1));
    db().Add("live" + std::to_string(i), MakeEntry("v", kNow + 60'000));
    db().Set("plain" + std::to_string(i), Str("v"));
  }
  size_t examined = 0;
  const size_t first = db().ActiveExpire(20, &examined);
  EXPECT_GE(examined, 20u);
  EXPECT_LT(examined, 600u);  // a step, not a full pass
  EXPECT_LE(first, examined);
  // Repeated steps resume where the last stopped and reach every key.
  size_t deleted = first;
  for (int step = 0; step < 1000 && db().size() > 400; ++step) {
    deleted += db().ActiveExpire(20, &examined);
  }
  EXPECT_EQ(deleted, 200u);
  EXPECT_EQ(db().size(), 400u);
  EXPECT_EQ(db().volatile_keys(), 200u);
  for (int i = 0; i < 200; ++i) {
    EXPECT_NE(db().Peek("live" + std::to_string(i)), nullptr);
  }
  // Nothing volatile: nothing to do.
  Database& empty = ks_.db(3);
  empty.Set("p", Str("v"));
  size_t none = 0;
  EXPECT_EQ(empty.ActiveExpire(100, &none), 0u);
}

TEST(ValueEncoding, StringsTakeTheEncodingRedisReports) {
  EXPECT_STREQ(Str("123").EncodingName(), "int");
  EXPECT_STREQ(Str("-9223372036854775808").EncodingName(), "int");
  EXPECT_STREQ(Str("9223372036854775807").EncodingName(), "int");
  // Not integers as Redis reads them.
  EXPECT_STREQ(Str("12345678901234567890").EncodingName(), "embstr");
  EXPECT_STREQ(Str("-0").EncodingName(), "embstr");
  EXPECT_STREQ(Str("007").EncodingName(), "embstr");
  EXPECT_STREQ(Str(" 1").EncodingName(), "embstr");
  EXPECT_STREQ(Str("").EncodingName(), "embstr");
  EXPECT_STREQ(Str(std::string(44, 'x')).EncodingName(), "embstr");
  EXPECT_STREQ(Str(std::string(45, 'x')).EncodingName(), "raw");
  EXPECT_STREQ(Value::String("1", StringEncoding::kRaw).EncodingName(), "raw");
  EXPECT_EQ(Value::EncodingByLength(44), StringEncoding::kEmbStr);
  EXPECT_EQ(Value::EncodingByLength(45), StringEncoding::kRaw);
}

}  // namespace
}  // namespace luakv
