#include "keyspace/dict.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace luakv {
namespace {

using IntDict = Dict<int>;

std::string Key(int i) { return "key:" + std::to_string(i); }

// Inserts keys until an insert starts a resize; returns how many it took.
int InsertUntilRehashing(IntDict& d, int first) {
  int i = first;
  while (!d.TEST_rehashing()) {
    d.Insert(Key(i), int{i});
    ++i;
  }
  return i - first;
}

// Runs lookups until the resize in progress has finished.
void FinishRehash(IntDict& d) {
  for (int guard = 0; d.TEST_rehashing() && guard < 1000000; ++guard) {
    d.Find("any");
  }
  ASSERT_FALSE(d.TEST_rehashing());
}

// All keys of `d`, through ForEach.
std::multiset<std::string> AllKeys(IntDict& d) {
  std::multiset<std::string> keys;
  d.ForEach([&](const IntDict::Node& n) { keys.insert(n.key); });
  return keys;
}

TEST(Dict, StartsEmpty) {
  IntDict d;
  EXPECT_EQ(d.size(), 0u);
  EXPECT_TRUE(d.empty());
  EXPECT_EQ(d.Find("a"), nullptr);
  EXPECT_EQ(d.FindNode("a"), nullptr);
  EXPECT_EQ(d.Extract("a"), nullptr);
  EXPECT_FALSE(d.Erase("a"));
  EXPECT_EQ(d.Scan(0, [](const IntDict::Node&) { FAIL(); }), 0u);
  EXPECT_EQ(d.Random([] { return uint64_t{7}; }), nullptr);
  EXPECT_EQ(d.TEST_buckets(), 0u);
}

TEST(Dict, InsertFindErase) {
  IntDict d;
  auto [v, inserted] = d.Insert("a", 1);
  ASSERT_TRUE(inserted);
  EXPECT_EQ(*v, 1);
  // A second insert of the same key changes nothing and returns the slot.
  auto [v2, inserted2] = d.Insert("a", 2);
  EXPECT_FALSE(inserted2);
  EXPECT_EQ(v2, v);
  EXPECT_EQ(*v2, 1);
  EXPECT_EQ(d.size(), 1u);

  ASSERT_NE(d.Find("a"), nullptr);
  EXPECT_EQ(*d.Find("a"), 1);
  IntDict::Node* node = d.FindNode("a");
  ASSERT_NE(node, nullptr);
  EXPECT_EQ(node->key, "a");
  EXPECT_EQ(d.Find("b"), nullptr);

  auto extracted = d.Extract("a");
  ASSERT_NE(extracted, nullptr);
  EXPECT_EQ(extracted->key, "a");
  EXPECT_EQ(extracted->value, 1);
  EXPECT_EQ(extracted->next, nullptr);
  EXPECT_EQ(d.size(), 0u);
  EXPECT_EQ(d.Find("a"), nullptr);
  EXPECT_FALSE(d.Erase("a"));
}

TEST(Dict, KeysAreBinarySafe) {
  IntDict d;
  const std::string with_nul("a\0b", 3);
  d.Insert(with_nul, 1);
  d.Insert("a", 2);
  d.Insert("", 3);
  EXPECT_EQ(*d.Find(with_nul), 1);
  EXPECT_EQ(*d.Find("a"), 2);
  EXPECT_EQ(*d.Find(""), 3);
  EXPECT_EQ(d.Find(std::string("a\0c", 3)), nullptr);
  EXPECT_TRUE(d.Erase(""));
  EXPECT_EQ(*d.Find(with_nul), 1);
}

TEST(Dict, ValuePointersSurviveGrowth) {
  IntDict d;
  int* first = d.Insert("first", 42).first;
  for (int i = 0; i < 5000; ++i) d.Insert(Key(i), int{i});
  EXPECT_EQ(d.Find("first"), first);
  EXPECT_EQ(*first, 42);
}

TEST(Dict, GrowsIncrementally) {
  IntDict d;
  int n = 0;
  for (; n < 1000; ++n) d.Insert(Key(n), int{n});
  FinishRehash(d);
  size_t before = 0;
  while (!d.TEST_rehashing()) {
    before = d.TEST_buckets();
    d.Insert(Key(n), int{n});
    ++n;
  }
  // Every key stays reachable at each step of the resize.
  int lookups = 0;
  while (d.TEST_rehashing()) {
    IntDict::Node* node = d.FindNode(Key(lookups % n));
    ASSERT_NE(node, nullptr) << lookups;
    EXPECT_EQ(node->value, lookups % n);
    ++lookups;
  }
  // A bucket or so per operation: the resize was spread out.
  EXPECT_GT(lookups, 100);
  EXPECT_EQ(d.TEST_buckets(), 2 * before);
  EXPECT_EQ(d.size(), static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    ASSERT_NE(d.Find(Key(i)), nullptr) << i;
    EXPECT_EQ(*d.Find(Key(i)), i);
  }
  EXPECT_EQ(AllKeys(d).size(), static_cast<size_t>(n));
}

TEST(Dict, ShrinksAfterDeletes) {
  IntDict d;
  for (int i = 0; i < 4096; ++i) d.Insert(Key(i), int{i});
  FinishRehash(d);
  const size_t big = d.TEST_buckets();
  EXPECT_GE(big, 4096u);
  for (int i = 0; i < 4090; ++i) ASSERT_TRUE(d.Erase(Key(i))) << i;
  // Every remaining key is reachable while the table shrinks.
  for (int round = 0; round < 100000 && d.TEST_rehashing(); ++round) {
    for (int i = 4090; i < 4096; ++i) ASSERT_NE(d.Find(Key(i)), nullptr);
  }
  EXPECT_FALSE(d.TEST_rehashing());
  EXPECT_LT(d.TEST_buckets(), big / 4);
  // A shrink starts when a delete leaves the table under 1/8 full and sizes
  // the new table for the keys left then; deletes during a resize do not
  // start another. So with one key left, whatever the steps in between
  // (bucket placement varies with the process's hash seed), the table ends
  // at 4 buckets, or 8 if it was already that small.
  for (int i = 4090; i < 4095; ++i) {
    ASSERT_TRUE(d.Erase(Key(i)));
    FinishRehash(d);
  }
  EXPECT_LE(d.TEST_buckets(), 8u);
  EXPECT_EQ(d.size(), 1u);
  EXPECT_EQ(AllKeys(d).size(), 1u);
  ASSERT_NE(d.Find(Key(4095)), nullptr);
}

TEST(Dict, EmptiedTableReleasesItsBuckets) {
  IntDict d;
  for (int i = 0; i < 1000; ++i) d.Insert(Key(i), int{i});
  // The deletes start a shrink that is still in progress when the last key
  // goes; nothing would step it afterwards.
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(d.Erase(Key(i)));
  EXPECT_TRUE(d.empty());
  EXPECT_FALSE(d.TEST_rehashing());
  EXPECT_EQ(d.TEST_buckets(), 0u);
  EXPECT_EQ(d.BucketBytes(), 0u);
  d.Insert("again", 1);
  EXPECT_EQ(*d.Find("again"), 1);
  EXPECT_EQ(d.TEST_buckets(), 4u);
}

TEST(Dict, EraseDuringRehashFindsKeysInEitherTable) {
  IntDict d;
  int n = InsertUntilRehashing(d, 0);
  ASSERT_TRUE(d.TEST_rehashing());
  // Erase every key while the resize is in progress: some live in the old
  // table, some have moved.
  for (int i = 0; i < n; ++i) ASSERT_TRUE(d.Erase(Key(i))) << i;
  EXPECT_TRUE(d.empty());
  EXPECT_TRUE(AllKeys(d).empty());
  EXPECT_FALSE(d.TEST_rehashing());
  EXPECT_EQ(d.TEST_buckets(), 0u);
}

TEST(Dict, ClearAndMove) {
  IntDict d;
  for (int i = 0; i < 100; ++i) d.Insert(Key(i), int{i});
  IntDict moved(std::move(d));
  EXPECT_EQ(moved.size(), 100u);
  EXPECT_EQ(d.size(), 0u);  // NOLINT(bugprone-use-after-move): documented.
  EXPECT_EQ(d.Find(Key(1)), nullptr);
  d.Insert("reuse", 1);
  EXPECT_EQ(*d.Find("reuse"), 1);

  IntDict other;
  other.Insert("x", 9);
  other = std::move(moved);
  EXPECT_EQ(other.size(), 100u);
  EXPECT_EQ(other.Find("x"), nullptr);
  EXPECT_EQ(*other.Find(Key(99)), 99);

  other.Clear();
  EXPECT_TRUE(other.empty());
  EXPECT_EQ(other.TEST_buckets(), 0u);
  EXPECT_EQ(other.BucketBytes(), 0u);
}

TEST(Dict, MoveDuringRehashKeepsEveryKey) {
  IntDict d;
  const int n = InsertUntilRehashing(d, 0);
  IntDict moved(std::move(d));
  EXPECT_TRUE(moved.TEST_rehashing());
  FinishRehash(moved);
  for (int i = 0; i < n; ++i) ASSERT_NE(moved.Find(Key(i)), nullptr) << i;
}

TEST(Dict, PrefetchChangesNothing) {
  // Empty, mid-resize (both tables), and settled; present and absent keys.
  IntDict d;
  d.PrefetchSlot("x");
  d.PrefetchNode("x");
  const int n = InsertUntilRehashing(d, 0);
  const IntDict& c = d;  // both are const: usable where only reads are
  for (int i = -1; i <= n; ++i) {
    c.PrefetchSlot(Key(i));
    c.PrefetchNode(Key(i));
  }
  EXPECT_TRUE(d.TEST_rehashing()) << "a prefetch must not step the resize";
  EXPECT_EQ(d.size(), static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) ASSERT_NE(d.Find(Key(i)), nullptr);
}

TEST(Dict, RandomReturnsPresentKeysAndReachesAll) {
  IntDict d;
  std::mt19937_64 rng(1);
  auto rnd = [&rng] { return rng(); };
  for (int i = 0; i < 20; ++i) d.Insert(Key(i), int{i});
  std::set<std::string> seen;
  for (int i = 0; i < 5000; ++i) {
    IntDict::Node* n = d.Random(rnd);
    ASSERT_NE(n, nullptr);
    ASSERT_NE(d.Find(n->key), nullptr);
    seen.insert(n->key);
  }
  EXPECT_EQ(seen.size(), 20u);
}

TEST(Dict, RandomDuringRehash) {
  IntDict d;
  std::mt19937_64 rng(2);
  auto rnd = [&rng] { return rng(); };
  const int n = InsertUntilRehashing(d, 0);
  std::set<std::string> seen;
  // Random steps the rehash as it goes; check both during and after.
  for (int i = 0; i < 20000; ++i) {
    IntDict::Node* node = d.Random(rnd);
    ASSERT_NE(node, nullptr);
    seen.insert(node->key);
  }
  EXPECT_FALSE(d.TEST_rehashing());
  EXPECT_EQ(seen.size(), static_cast<size_t>(n));

  // A shrink in progress too.
  for (int i = 0; i < n - 3; ++i) d.Erase(Key(i));
  for (int i = 0; i < 200; ++i) {
    IntDict::Node* node = d.Random(rnd);
    ASSERT_NE(node, nullptr);
    EXPECT_GE(node->value, n - 3);
  }
}

// A full SCAN of a table that does not change between calls: every key
// exactly once, whatever state the table is in (including mid-resize: SCAN
// itself does not step the rehash).
void ExpectScanReturnsEachKeyOnce(IntDict& d, const std::set<std::string>& keys) {
  std::multiset<std::string> seen;
  uint64_t cursor = 0;
  int calls = 0;
  do {
    cursor = d.Scan(cursor, [&](const IntDict::Node& n) { seen.insert(n.key); });
    ASSERT_LT(++calls, 1 << 22);
  } while (cursor != 0);
  EXPECT_EQ(seen, std::multiset<std::string>(keys.begin(), keys.end()));
}

TEST(DictScan, UnchangedTableReturnsEachKeyOnce) {
  for (int n : {0, 1, 3, 4, 5, 17, 100, 1000, 4097}) {
    IntDict d;
    std::set<std::string> keys;
    for (int i = 0; i < n; ++i) {
      d.Insert(Key(i), int{i});
      keys.insert(Key(i));
    }
    FinishRehash(d);
    SCOPED_TRACE(n);
    ExpectScanReturnsEachKeyOnce(d, keys);
  }
}

TEST(DictScan, FrozenMidGrowthReturnsEachKeyOnce) {
  IntDict d;
  std::set<std::string> keys;
  for (int i = 0; i < 1000; ++i) {
    d.Insert(Key(i), int{i});
    keys.insert(Key(i));
  }
  FinishRehash(d);
  int i = 1000;
  while (!d.TEST_rehashing()) {
    d.Insert(Key(i), int{i});
    keys.insert(Key(i));
    ++i;
  }
  // Step part of the way, then scan with the table frozen.
  for (int step = 0; step < 100; ++step) d.Find("x");
  ASSERT_TRUE(d.TEST_rehashing());
  ExpectScanReturnsEachKeyOnce(d, keys);
}

TEST(DictScan, FrozenMidShrinkReturnsEachKeyOnce) {
  IntDict d;
  for (int i = 0; i < 4096; ++i) d.Insert(Key(i), int{i});
  FinishRehash(d);
  std::set<std::string> keys;
  int i = 0;
  while (!d.TEST_rehashing()) {
    d.Erase(Key(i));
    ++i;
  }
  for (int j = i; j < 4096; ++j) keys.insert(Key(j));
  for (int step = 0; step < 20; ++step) d.Find("x");
  ASSERT_TRUE(d.TEST_rehashing());
  ExpectScanReturnsEachKeyOnce(d, keys);
}

// The SCAN guarantee under churn: keys present for the whole iteration are
// all returned, while other keys come and go between calls and the table
// grows, shrinks, and is caught mid-resize. Every key returned was present
// at some point. Duplicates are allowed (a shrink may return keys again).
struct ScanChurnStats {
  int scan_calls = 0;
  int calls_mid_rehash = 0;
  int growths = 0;
  int shrinks = 0;
  int duplicates = 0;
};

ScanChurnStats RunScanChurn(uint64_t seed, bool allow_deletes) {
  std::mt19937_64 rng(seed);
  auto uniform = [&rng](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };
  IntDict d;
  int next_key = 0;
  std::unordered_set<std::string> present;
  std::unordered_set<std::string> ever_present;
  auto insert = [&] {
    const std::string k = Key(next_key);
    d.Insert(k, int{next_key});
    ++next_key;
    present.insert(k);
    ever_present.insert(k);
  };
  const int initial = uniform(0, 1500);
  for (int i = 0; i < initial; ++i) insert();

  // Keys that stay for the whole iteration: a random part of the start.
  std::unordered_set<std::string> stable;
  for (const std::string& k : present) {
    if (uniform(0, 3) == 0) stable.insert(k);
  }
  std::vector<std::string> deletable;
  for (const std::string& k : present) {
    if (!stable.count(k)) deletable.push_back(k);
  }

  const int churn_calls = uniform(1, 150);
  ScanChurnStats stats;
  std::unordered_map<std::string, int> seen;
  uint64_t cursor = 0;
  size_t last_buckets = d.TEST_buckets();
  do {
    if (d.TEST_rehashing()) ++stats.calls_mid_rehash;
    cursor = d.Scan(cursor, [&](const IntDict::Node& n) { ++seen[n.key]; });
    ++stats.scan_calls;

    // Between calls, for the first `churn_calls` calls: bursts of inserts
    // (growth), bursts of deletes (shrink), a few lookups to step a
    // resize, or nothing. Then the table rests so the iteration can end.
    const int action = stats.scan_calls <= churn_calls ? uniform(0, 5) : 5;
    switch (action) {
      case 0: {
        const int n = uniform(0, 150);
        for (int i = 0; i < n; ++i) insert();
        break;
      }
      case 1: {
        if (!allow_deletes) break;
        const int n = uniform(0, static_cast<int>(deletable.size()));
        for (int i = 0; i < n && !deletable.empty(); ++i) {
          const size_t at = uniform(0, static_cast<int>(deletable.size()) - 1);
          std::swap(deletable[at], deletable.back());
          EXPECT_TRUE(d.Erase(deletable.back()));
          present.erase(deletable.back());
          deletable.pop_back();
        }
        break;
      }
      case 2: {
        // New keys that are deleted again before the iteration ends.
        const int n = uniform(0, 50);
        for (int i = 0; i < n; ++i) {
          insert();
          deletable.push_back(Key(next_key - 1));
        }
        break;
      }
      case 3: {
        const int n = uniform(0, 20);
        for (int i = 0; i < n; ++i) d.Find("probe");
        break;
      }
      default:
        break;
    }
    if (!d.TEST_rehashing()) {
      const size_t b = d.TEST_buckets();
      if (b > last_buckets) ++stats.growths;
      if (b < last_buckets) ++stats.shrinks;
      last_buckets = b;
    }
  } while (cursor != 0 && stats.scan_calls < 1000000);

  EXPECT_EQ(cursor, 0u) << "seed " << seed << ": the iteration never ended";
  for (const std::string& k : stable) {
    EXPECT_TRUE(seen.count(k)) << "seed " << seed << ": SCAN missed " << k;
  }
  for (const auto& [k, count] : seen) {
    EXPECT_TRUE(ever_present.count(k)) << "seed " << seed << ": " << k;
    if (count > 1) ++stats.duplicates;
  }
  return stats;
}

TEST(DictScan, NeverMissesAStableKeyUnderChurn) {
  ScanChurnStats total;
  for (uint64_t seed = 1; seed <= 100; ++seed) {
    ScanChurnStats s = RunScanChurn(seed, /*allow_deletes=*/true);
    total.scan_calls += s.scan_calls;
    total.calls_mid_rehash += s.calls_mid_rehash;
    total.growths += s.growths;
    total.shrinks += s.shrinks;
    total.duplicates += s.duplicates;
    if (HasFailure()) return;
  }
  // The rounds did exercise what they claim to.
  EXPECT_GT(total.calls_mid_rehash, 1000);
  EXPECT_GT(total.growths, 20);
  EXPECT_GT(total.shrinks, 20);
  RecordProperty("scan_calls", total.scan_calls);
  RecordProperty("duplicates", total.duplicates);
}

TEST(DictScan, GrowthAloneNeverReturnsAKeyTwice) {
  // Without shrinks, a key is returned at most once: a grown table maps
  // every visited bucket onto visited buckets, so moved keys are not met
  // again.
  for (uint64_t seed = 1000; seed < 1040; ++seed) {
    ScanChurnStats s = RunScanChurn(seed, /*allow_deletes=*/false);
    EXPECT_EQ(s.duplicates, 0) << "seed " << seed;
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace luakv
