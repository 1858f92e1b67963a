// The undo journal: whatever a unit of work does through the Database and
// Keyspace mutators, Rollback() puts back exactly, and Commit() keeps.

#include "keyspace/journal.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "keyspace/database.h"
#include "keyspace/keyspace.h"
#include "keyspace/value.h"

namespace luakv {
namespace {

constexpr int kDatabases = 4;
constexpr int64_t kNow = 1'700'000'000'000;

// Bytes held by keys and values: memory_bytes() without the hash table's
// bucket arrays, whose size follows the table's resize history (every lookup
// steps a resize in progress), which a rollback does not replay.
size_t DataBytes(const Database& db) {
  return db.memory_bytes() - db.table_bytes();
}

// Everything observable about the keyspace's data, one line per key, sorted,
// plus each database's counters and memory account. Access times are left
// out on purpose: reads update them and a rollback does not undo reads
// (Redis, which has no rollback, would have updated them too).
std::string Dump(Keyspace& ks) {
  std::ostringstream out;
  for (int i = 0; i < ks.databases(); ++i) {
    Database& db = ks.db(i);
    std::vector<std::string> lines;
    db.ForEachKey([&lines](const std::string& key, const Entry& e) {
      std::ostringstream line;
      line << "  " << key << " type=" << ValueTypeName(e.value.type())
           << " enc=" << e.value.EncodingName();
      if (e.value.is_string()) line << " str=" << e.value.str();
      line << " expire=" << e.expire_at_ms;
      lines.push_back(line.str());
    });
    std::sort(lines.begin(), lines.end());
    out << "db" << i << " size=" << db.size()
        << " volatile=" << db.volatile_keys()
        << " memory=" << DataBytes(db) << "\n";
    for (const std::string& l : lines) out << l << "\n";
  }
  return out.str();
}

Value Str(std::string s) { return Value::StringFromCommand(std::move(s)); }

Entry MakeEntry(std::string s, int64_t expire = kNoExpiry) {
  Entry e;
  e.value = Str(std::move(s));
  e.expire_at_ms = expire;
  return e;
}

class JournalTest : public ::testing::Test {
 protected:
  JournalTest() : ks_(kDatabases, /*seed=*/1) {
    ks_.set_now_ms(kNow);
    // Some state to change: short and long strings, integers, TTLs, and
    // enough keys in database 0 that its table has resized.
    Database& db0 = ks_.db(0);
    db0.Set("s", Str("short"));
    db0.Set("n", Str("12345"));
    db0.Set("long", Str(std::string(100, 'x')));
    db0.Add("ttl", MakeEntry("v", kNow + 10'000));
    for (int i = 0; i < 20; ++i) db0.Set("bulk:" + std::to_string(i), Str("b"));
    ks_.db(1).Set("one", Str("1"));
    ks_.db(1).Add("expiring", MakeEntry("e", kNow + 5'000));
    ks_.db(2).Set("two", Str("2"));
  }

  // Opens a journal, runs `change`, checks that it changed something, rolls
  // back, and checks that the keyspace is as before.
  template <typename Fn>
  void ExpectUndone(Fn change) {
    const std::string before = Dump(ks_);
    Journal journal;
    ks_.set_journal(&journal);
    change();
    ks_.set_journal(nullptr);
    EXPECT_NE(Dump(ks_), before) << "the change changed nothing";
    journal.Rollback(ks_);
    EXPECT_TRUE(journal.empty());
    EXPECT_EQ(Dump(ks_), before);
  }

  Keyspace ks_;
};

TEST_F(JournalTest, SetOfANewKey) {
  ExpectUndone([&] { ks_.db(0).Set("new", Str("v")); });
  EXPECT_EQ(ks_.db(0).Find("new"), nullptr);
}

TEST_F(JournalTest, SetOverwritesValueAndTtl) {
  ExpectUndone([&] { ks_.db(0).Set("ttl", Str("other")); });
  ExpectUndone([&] { ks_.db(0).Set("ttl", Str("99"), /*keep_ttl=*/true); });
  ExpectUndone([&] { ks_.db(0).Set("long", Str("now short")); });
  ExpectUndone([&] { ks_.db(0).Set("s", Str(std::string(60, 'y'))); });
  ASSERT_NE(ks_.db(0).Find("ttl"), nullptr);
  EXPECT_EQ(ks_.db(0).Find("ttl")->expire_at_ms, kNow + 10'000);
  EXPECT_EQ(ks_.db(0).Find("ttl")->value.str(), "v");
}

TEST_F(JournalTest, SetTwiceInOneUnit) {
  ExpectUndone([&] {
    ks_.db(0).Set("s", Str("first"));
    ks_.db(0).Set("s", Str("second"));
    ks_.db(0).Set("fresh", Str("a"));
    ks_.db(0).Set("fresh", Str("b"));
  });
}

TEST_F(JournalTest, Add) {
  ExpectUndone([&] { ks_.db(3).Add("k", MakeEntry("v", kNow + 1)); });
  EXPECT_EQ(ks_.db(3).size(), 0u);
}

TEST_F(JournalTest, Delete) {
  ExpectUndone([&] { EXPECT_TRUE(ks_.db(0).Delete("ttl")); });
  ExpectUndone([&] {
    EXPECT_TRUE(ks_.db(0).Delete("s"));
    EXPECT_FALSE(ks_.db(0).Delete("s"));
    ks_.db(0).Set("s", Str("reborn"));
  });
}

TEST_F(JournalTest, SetExpire) {
  ExpectUndone([&] { ks_.db(0).SetExpire("s", kNow + 1000); });
  ExpectUndone([&] { ks_.db(0).SetExpire("ttl", kNoExpiry); });
  ExpectUndone([&] {
    ks_.db(0).SetExpire("ttl", kNow + 1);
    ks_.db(0).SetExpire("ttl", kNow + 2);
  });
}

TEST_F(JournalTest, AppendString) {
  // An int-encoded value becomes raw; a rollback restores the encoding.
  ExpectUndone([&] { ks_.db(0).AppendString("n", "678"); });
  ExpectUndone([&] { ks_.db(0).AppendString("s", std::string(200, 'z')); });
  ExpectUndone([&] {
    ks_.db(0).AppendString("long", "a");
    ks_.db(0).AppendString("long", "b");
  });
  EXPECT_EQ(ks_.db(0).Find("n")->value.string_encoding(), StringEncoding::kInt);
}

TEST_F(JournalTest, RolledBackAppendGivesBackItsBuffer) {
  const size_t before = DataBytes(ks_.db(0));
  const size_t capacity = ks_.db(0).Find("long")->value.str().capacity();
  ExpectUndone([&] {
    ks_.db(0).AppendString("long", std::string(1 << 20, 'a'));
    EXPECT_GE(DataBytes(ks_.db(0)), before + (1 << 20));
  });
  EXPECT_EQ(ks_.db(0).Find("long")->value.str().capacity(), capacity);
  EXPECT_EQ(DataBytes(ks_.db(0)), before);
}

TEST_F(JournalTest, StringsWithSpareCapacityComeBackAsTheyWere) {
  // A committed APPEND leaves the string with room to grow; undoing later
  // changes must not lose (or gain) that room.
  ks_.db(0).AppendString("long", "y");
  ASSERT_GT(ks_.db(0).Find("long")->value.str().capacity(), 101u);
  ExpectUndone([&] { ks_.db(0).AppendString("long", std::string(5000, 'z')); });
  ExpectUndone([&] { ks_.db(0).SetStringRange("long", 3, "abc"); });
  ExpectUndone([&] { ks_.db(0).SetStringRange("long", 200, "past the end"); });
}

TEST_F(JournalTest, SetInteger) {
  // In place: old and new digits fit the string's inline buffer.
  ExpectUndone([&] {
    Entry* e = ks_.db(0).Find("n");
    ks_.db(0).SetInteger("n", *e, -42);
    EXPECT_EQ(e->value.str(), "-42");
  });
  // An embstr that reads as text becomes an int, and comes back an embstr.
  ExpectUndone([&] { ks_.db(0).SetInteger("s", *ks_.db(0).Find("s"), 7); });
  // Too long for the inline buffer either way: the general path.
  ExpectUndone([&] {
    ks_.db(0).SetInteger("n", *ks_.db(0).Find("n"), INT64_MIN);
    EXPECT_EQ(ks_.db(0).Find("n")->value.str(), "-9223372036854775808");
  });
  ExpectUndone([&] { ks_.db(0).SetInteger("long", *ks_.db(0).Find("long"), 1); });
  // Twice in one unit, keeping the TTL.
  ExpectUndone([&] {
    ks_.db(0).SetInteger("ttl", *ks_.db(0).Find("ttl"), 1);
    ks_.db(0).SetInteger("ttl", *ks_.db(0).Find("ttl"), 2);
    EXPECT_EQ(ks_.db(0).Find("ttl")->expire_at_ms, kNow + 10'000);
    EXPECT_EQ(ks_.db(0).Find("ttl")->value.string_encoding(),
              StringEncoding::kInt);
  });
  EXPECT_EQ(ks_.db(0).Find("n")->value.str(), "12345");
}

TEST_F(JournalTest, SetStringRange) {
  ExpectUndone([&] { ks_.db(0).SetStringRange("s", 1, "HO"); });
  // Past the end: the gap is zero-filled and the string grows.
  ExpectUndone([&] { ks_.db(0).SetStringRange("n", 10, "xyz"); });
  ExpectUndone([&] { ks_.db(0).SetStringRange("long", 0, std::string(300, 'q')); });
}

TEST_F(JournalTest, FlushAndWritesAfterIt) {
  ExpectUndone([&] { ks_.db(0).Flush(); });
  ExpectUndone([&] {
    ks_.db(0).Flush();
    ks_.db(0).Set("s", Str("after flush"));
    ks_.db(0).Set("new", Str("v"));
    ks_.db(0).Flush();
    ks_.db(0).Set("newer", Str("w"));
  });
}

TEST_F(JournalTest, FlushAll) {
  ExpectUndone([&] {
    ks_.FlushAll();
    ks_.db(1).Set("x", Str("y"));
  });
  EXPECT_EQ(ks_.db(1).Find("one")->value.str(), "1");
}

TEST_F(JournalTest, MoveKey) {
  ExpectUndone([&] { ks_.MoveKey(0, "ttl", 3, "moved"); });
  ExpectUndone([&] { ks_.MoveKey(0, "s", 0, "renamed"); });
  ExpectUndone([&] {
    ks_.MoveKey(1, "one", 2, "one");
    ks_.MoveKey(2, "one", 0, "again");
  });
}

TEST_F(JournalTest, SwapDb) {
  ExpectUndone([&] { ks_.SwapDb(0, 3); });
  ExpectUndone([&] {
    ks_.SwapDb(0, 1);
    ks_.db(0).Set("after", Str("swap"));
    ks_.SwapDb(1, 2);
  });
}

TEST_F(JournalTest, LazyExpiryIsUndone) {
  ks_.set_now_ms(kNow + 7'000);  // "expiring" in db 1 has expired.
  ExpectUndone([&] { EXPECT_EQ(ks_.db(1).Find("expiring"), nullptr); });
  // RANDOMKEY deletes the expired keys it picks; db 3 holds only one.
  ks_.db(3).Add("gone", MakeEntry("g", kNow + 1));
  ExpectUndone([&] { EXPECT_EQ(ks_.db(3).RandomKey(), std::nullopt); });
  EXPECT_EQ(ks_.db(3).size(), 1u);
  ExpectUndone([&] {
    size_t examined = 0;
    EXPECT_EQ(ks_.db(1).ActiveExpire(100, &examined), 1u);
  });
  // Still there, still expired, for the next reader to remove.
  EXPECT_EQ(ks_.db(1).size(), 2u);
  EXPECT_EQ(ks_.db(1).Peek("expiring"), nullptr);
}

TEST_F(JournalTest, CommitKeepsTheChanges) {
  Journal journal;
  ks_.set_journal(&journal);
  ks_.db(0).Set("new", Str("v"));
  ks_.db(0).Delete("s");
  ks_.db(0).AppendString("n", "0");
  ks_.SwapDb(1, 2);
  ks_.set_journal(nullptr);
  EXPECT_EQ(journal.size(), 4u);
  const std::string after = Dump(ks_);
  journal.Commit();
  EXPECT_TRUE(journal.empty());
  // A rollback of a committed journal does nothing.
  journal.Rollback(ks_);
  EXPECT_EQ(Dump(ks_), after);
  EXPECT_EQ(ks_.db(0).Find("new")->value.str(), "v");
  EXPECT_EQ(ks_.db(0).Find("n")->value.str(), "123450");
  EXPECT_EQ(ks_.db(2).Find("one")->value.str(), "1");
}

TEST_F(JournalTest, NoJournalRecordsNothingAndRollbackKeepsItOpen) {
  Journal unused;
  ks_.db(0).Set("untracked", Str("v"));
  EXPECT_TRUE(unused.empty());

  Journal journal;
  ks_.set_journal(&journal);
  ks_.db(0).Set("tracked", Str("v"));
  // Rolling back while the journal is still open leaves it open (and the
  // undo itself records nothing).
  journal.Rollback(ks_);
  EXPECT_EQ(ks_.journal(), &journal);
  EXPECT_TRUE(journal.empty());
  EXPECT_EQ(ks_.db(0).Find("tracked"), nullptr);
  ks_.set_journal(nullptr);
}

TEST_F(JournalTest, CustomRecordsRunInReverseOrder) {
  std::vector<int> order;
  Journal journal;
  journal.RecordCustom([&order](Keyspace&) { order.push_back(1); });
  journal.RecordCustom([&order](Keyspace&) { order.push_back(2); });
  journal.Rollback(ks_);
  EXPECT_EQ(order, (std::vector<int>{2, 1}));
}

// Long random sequences of every mutator, rolled back at the end. Keys are
// drawn from a small pool so operations collide: overwrites of moved keys,
// appends to keys that were flushed and recreated, and so on.
class JournalRandomTest : public ::testing::TestWithParam<uint64_t> {};

TEST_P(JournalRandomTest, RollbackRestoresEverything) {
  std::mt19937_64 rng(GetParam());
  auto uniform = [&rng](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  Keyspace ks(kDatabases, GetParam());
  int64_t now = kNow;
  ks.set_now_ms(now);
  auto key = [&] { return "k" + std::to_string(uniform(0, 40)); };
  auto value = [&]() -> std::string {
    switch (uniform(0, 3)) {
      case 0: return std::to_string(uniform(-1000, 1000));
      case 1: return std::string(uniform(0, 10), 'a' + uniform(0, 25));
      case 2: return std::string(uniform(40, 50), 'm');
      default: return std::string(uniform(100, 300), 'L');
    }
  };
  auto expiry = [&]() -> int64_t {
    switch (uniform(0, 2)) {
      case 0: return kNoExpiry;
      case 1: return now + uniform(1, 5000);
      default: return now - uniform(0, 10);  // already expired
    }
  };
  // Random existing key of `db`, or nullopt.
  auto existing = [&](Database& db) -> std::optional<std::string> {
    std::vector<std::string> keys;
    db.ForEachKey([&keys](const std::string& k, const Entry&) {
      keys.push_back(k);
    });
    if (keys.empty()) return std::nullopt;
    std::sort(keys.begin(), keys.end());
    return keys[uniform(0, static_cast<int>(keys.size()) - 1)];
  };

  // One random operation; `ops` counts them by kind for the final check.
  std::vector<int> ops(15, 0);
  auto step = [&] {
    const int db_index = uniform(0, kDatabases - 1);
    Database& db = ks.db(db_index);
    const int op = uniform(0, 14);
    switch (op) {
      case 0:
      case 1: {
        const std::string k = key();
        db.Set(k, Str(value()), /*keep_ttl=*/uniform(0, 1) == 1);
        if (uniform(0, 3) == 0) db.SetExpire(k, expiry());
        break;
      }
      case 2: {
        const std::string k = key();
        if (db.Peek(k) == nullptr && uniform(0, 1)) {
          db.Delete(k);  // an expired key may still be there
          db.Add(k, MakeEntry(value(), expiry()));
        }
        break;
      }
      case 3:
        db.Delete(key());
        break;
      case 4:
        if (auto k = existing(db)) db.SetExpire(*k, expiry());
        break;
      case 5:
        if (auto k = existing(db)) db.AppendString(*k, value());
        break;
      case 6:
        if (auto k = existing(db)) {
          const size_t len = db.Peek(*k) ? db.Peek(*k)->value.str().size() : 0;
          db.SetStringRange(*k, uniform(0, static_cast<int>(len) + 5),
                            value());
        }
        break;
      case 7:
        if (uniform(0, 4) == 0) db.Flush();
        break;
      case 8:
        if (uniform(0, 10) == 0) ks.FlushAll();
        break;
      case 9: {
        const int dst_db = uniform(0, kDatabases - 1);
        const std::string dst = key();
        auto src = existing(db);
        if (src && !(dst_db == db_index && dst == *src) &&
            ks.db(dst_db).Peek(dst) == nullptr) {
          ks.db(dst_db).Delete(dst);  // an expired key may still be there
          ks.MoveKey(db_index, *src, dst_db, dst);
        }
        break;
      }
      case 10:
        ks.SwapDb(db_index, uniform(0, kDatabases - 1));
        break;
      case 11:
        db.Find(key());  // may expire lazily
        break;
      case 12: {
        size_t examined = 0;
        db.ActiveExpire(uniform(1, 20), &examined);
        db.RandomKey();
        break;
      }
      case 13:
        if (auto k = existing(db)) {
          if (Entry* e = db.Find(*k)) {
            // Short and long results, over short and long strings.
            db.SetInteger(*k, *e,
                          uniform(0, 3) == 0 ? INT64_MAX - uniform(0, 9)
                                             : uniform(-100000, 100000));
          }
        }
        break;
      default:
        // Time moves on between commands; the journal spans them all.
        now += uniform(0, 2000);
        ks.set_now_ms(now);
        break;
    }
    ++ops[op];
  };

  for (int round = 0; round < 20; ++round) {
    // Build up committed state, then a journaled unit of work to undo.
    for (int i = uniform(0, 60); i > 0; --i) step();
    const std::string before = Dump(ks);
    Journal journal;
    ks.set_journal(&journal);
    for (int i = uniform(1, 150); i > 0; --i) step();
    ks.set_journal(nullptr);
    journal.Rollback(ks);
    ASSERT_EQ(Dump(ks), before)
        << "seed " << GetParam() << " round " << round;
    // And a unit that is kept.
    Journal kept;
    ks.set_journal(&kept);
    for (int i = uniform(0, 20); i > 0; --i) step();
    ks.set_journal(nullptr);
    const std::string after = Dump(ks);
    kept.Commit();
    EXPECT_EQ(Dump(ks), after);
  }
  for (int op = 0; op < 15; ++op) EXPECT_GT(ops[op], 0) << "op " << op;
}

INSTANTIATE_TEST_SUITE_P(Seeds, JournalRandomTest, ::testing::Range<uint64_t>(1, 41));

}  // namespace
}  // namespace luakv
