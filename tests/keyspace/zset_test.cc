#include "keyspace/zset.h"

#include <algorithm>
#include <cmath>
#include <list>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "keyspace/collection_testing.h"
#include "keyspace/score_tree.h"

namespace luakv::testing {
namespace {

using Scored = std::vector<std::pair<std::string, double>>;

Scored Contents(const ZSetValue& z) {
  Scored out;
  z.ForEach([&out](std::string_view m, double s) { out.emplace_back(m, s); });
  return out;
}

struct ModelLess {
  bool operator()(const std::pair<double, std::string>& a,
                  const std::pair<double, std::string>& b) const {
    return a.first < b.first || (a.first == b.first && a.second < b.second);
  }
};

TEST(ScoreTree, MatchesAnOrderedSetThroughGrowthAndShrinkage) {
  std::mt19937_64 rng(11);
  ScoreTree tree;
  // The tree points at members; std::list keeps them where they are.
  std::list<std::string> storage;
  std::set<std::pair<double, std::string>, ModelLess> model;
  std::vector<std::pair<double, const std::string*>> present;
  auto check_sample = [&] {
    ASSERT_EQ(tree.size(), model.size());
    if (model.empty()) return;
    const size_t r = rng() % model.size();
    auto it = model.begin();
    std::advance(it, static_cast<ptrdiff_t>(r));
    ScoreTree::Iter t = tree.At(r);
    ASSERT_TRUE(t.valid());
    ASSERT_EQ(t->score, it->first);
    ASSERT_EQ(*t->member, it->second);
    ASSERT_EQ(tree.Rank(it->first, it->second), r);
  };
  for (int round = 0; round < 3; ++round) {
    // Grow to ~30000 with few distinct scores (ties ordered by member).
    for (int i = 0; i < 30000; ++i) {
      const double score = static_cast<double>(rng() % 500);
      storage.push_back("m" + std::to_string(rng() % 100000));
      const std::string& m = storage.back();
      if (!model.emplace(score, m).second) continue;
      tree.Insert({score, &m});
      present.emplace_back(score, &m);
      if (i % 1000 == 0) check_sample();
    }
    ASSERT_TRUE(tree.TEST_Check());
    // Shrink to a few hundred in random order.
    std::shuffle(present.begin(), present.end(), rng);
    while (present.size() > 300) {
      auto [score, m] = present.back();
      present.pop_back();
      ASSERT_TRUE(tree.Erase(score, *m));
      ASSERT_FALSE(tree.Erase(score, *m));
      model.erase({score, *m});
      if (present.size() % 997 == 0) {
        check_sample();
        ASSERT_TRUE(tree.TEST_Check());
      }
    }
    ASSERT_TRUE(tree.TEST_Check());
  }
  // A full walk both ways.
  std::vector<std::pair<double, std::string>> fwd;
  for (ScoreTree::Iter it = tree.At(0); it.valid(); tree.Next(it)) {
    fwd.emplace_back(it->score, *it->member);
  }
  const std::vector<std::pair<double, std::string>> expected(model.begin(),
                                                             model.end());
  EXPECT_EQ(fwd, expected);
  size_t n = 0;
  for (ScoreTree::Iter it = tree.At(tree.size() - 1); it.valid();
       tree.Prev(it)) {
    ++n;
  }
  EXPECT_EQ(n, model.size());
}

TEST(ScoreTree, SequentialInsertsAndDeletesKeepItShallow) {
  ScoreTree tree;
  std::vector<std::string> members(200000);
  for (size_t i = 0; i < members.size(); ++i) {
    members[i] = std::to_string(i);
    tree.Insert({static_cast<double>(i), &members[i]});
  }
  EXPECT_TRUE(tree.TEST_Check());
  EXPECT_LE(tree.TEST_height(), 5);
  EXPECT_EQ(tree.Rank(123456, "123456"), 123456u);
  // Bytes per item: leaves at least half full after sequential splits.
  EXPECT_LT(tree.HeapBytes() / members.size(), 40u);
  for (size_t i = 0; i < members.size(); i += 2) {
    ASSERT_TRUE(tree.Erase(static_cast<double>(i), members[i]));
  }
  EXPECT_TRUE(tree.TEST_Check());
  EXPECT_EQ(tree.Rank(123457, "123457"), 61728u);
  for (size_t i = 1; i < members.size(); i += 2) {
    ASSERT_TRUE(tree.Erase(static_cast<double>(i), members[i]));
  }
  EXPECT_TRUE(tree.empty());
  EXPECT_TRUE(tree.TEST_Check());
  EXPECT_EQ(tree.HeapBytes(), 0u);
}

TEST(ScoreTree, PartitionPointFindsScoreBounds) {
  ScoreTree tree;
  std::vector<std::string> members(1000);
  for (int i = 0; i < 1000; ++i) {
    members[i] = "m" + std::to_string(i);
    tree.Insert({static_cast<double>(i / 10), &members[i]});
  }
  auto below = [](double x) {
    return [x](double s, std::string_view) { return s < x; };
  };
  EXPECT_EQ(tree.PartitionPoint(below(0)), 0u);
  EXPECT_EQ(tree.PartitionPoint(below(5)), 50u);
  EXPECT_EQ(tree.PartitionPoint(below(5.5)), 60u);
  EXPECT_EQ(tree.PartitionPoint(below(INFINITY)), 1000u);
}

TEST(ZSetValue, ListpackOrdersByScoreThenMember) {
  ZSetValue z;
  z.Insert("b", 1);
  z.Insert("a", 1);
  z.Insert("c", -INFINITY);
  z.Insert("d", 0.5);
  EXPECT_EQ(Contents(z), (Scored{{"c", -INFINITY}, {"d", 0.5}, {"a", 1}, {"b", 1}}));
  EXPECT_EQ(z.Rank("a", 1), 2u);
  z.Update("c", 2);
  EXPECT_EQ(Contents(z).back(), (std::pair<std::string, double>{"c", 2}));
  EXPECT_EQ(*z.Remove("a"), 1);
  EXPECT_FALSE(z.Remove("a").has_value());
  EXPECT_EQ(*z.Score("b"), 1);
  EXPECT_STREQ(z.EncodingName(), "listpack");
}

TEST(ZSetValue, ListpackScoresRoundTripExactly) {
  const std::vector<double> scores = {
      0, 1, -1, 127, 128, -129, 65535, 1e15, -1e15, 9007199254740991.0,
      9007199254740992.0, -9007199254740992.0, 1e300, 0.1, -2.5, 5e-324,
      INFINITY, -INFINITY, 4611686018427387904.0};
  ZSetValue z;
  for (size_t i = 0; i < scores.size(); ++i) {
    z.Insert("m" + std::to_string(i), scores[i]);
  }
  for (size_t i = 0; i < scores.size(); ++i) {
    EXPECT_EQ(*z.Score("m" + std::to_string(i)), scores[i]) << i;
  }
  // Small integral scores take a byte or two, not eight.
  ZSetValue small;
  for (int i = 0; i < 100; ++i) small.Insert("m" + std::to_string(i), i);
  EXPECT_LT(small.HeapBytes(), 100u * 8);
}

TEST(ZSetValue, BothEncodingsAgreeOnRanksRangesAndReverseWalks) {
  std::mt19937_64 rng(2);
  ZSetValue small;
  ZSetValue big;
  big.ConvertToSkiplist();
  for (int i = 0; i < 120; ++i) {
    const std::string m = "m" + std::to_string(rng() % 1000);
    const double s = static_cast<double>(rng() % 20);
    if (small.Score(m)) continue;
    small.Insert(m, s);
    big.Insert(m, s);
  }
  EXPECT_EQ(Contents(small), Contents(big));
  for (size_t start = 0; start < small.size(); start += 7) {
    for (size_t end = start; end <= small.size(); end += 11) {
      for (bool rev : {false, true}) {
        Scored a, b;
        small.VisitRanks(start, end, rev, [&a](std::string_view m, double s) {
          a.emplace_back(m, s);
          return true;
        });
        big.VisitRanks(start, end, rev, [&b](std::string_view m, double s) {
          b.emplace_back(m, s);
          return true;
        });
        ASSERT_EQ(a, b) << start << " " << end << " " << rev;
        ASSERT_EQ(a.size(), end - start);
      }
    }
  }
  for (double x : {-1.0, 0.0, 3.0, 3.5, 19.0, 25.0}) {
    auto pred = [x](double s, std::string_view) { return s <= x; };
    EXPECT_EQ(small.PartitionPoint(pred), big.PartitionPoint(pred));
  }
  for (const auto& [m, s] : Contents(small)) {
    EXPECT_EQ(small.Rank(m, s), big.Rank(m, s));
  }
}

class ZSetEditTest : public CollectionTest {
 protected:
  ZSetValue& MakeZSet(std::string_view key, const Scored& items) {
    Entry& e = db().Set(key, Value::NewZSet());
    ZSetEdit edit(db(), key, e.value.zset());
    for (const auto& [m, s] : items) edit.Insert(m, s);
    return e.value.zset();
  }
};

TEST_F(ZSetEditTest, ConvertsOnLongMembersAndManyMembers) {
  ZSetValue& z = MakeZSet("z", {{"a", 1}});
  {
    ZSetEdit edit(db(), "z", z);
    edit.Insert(std::string(64, 'x'), 2);
  }
  EXPECT_STREQ(z.EncodingName(), "listpack");
  {
    ZSetEdit edit(db(), "z", z);
    edit.Insert(std::string(65, 'x'), 3);
  }
  EXPECT_STREQ(z.EncodingName(), "skiplist");
  Scored many;
  for (size_t i = 0; i < ZSetValue::kMaxListpackEntries; ++i) {
    many.emplace_back("m" + std::to_string(i), static_cast<double>(i));
  }
  ZSetValue& m = MakeZSet("m", many);
  EXPECT_STREQ(m.EncodingName(), "listpack");
  {
    ZSetEdit edit(db(), "m", m);
    edit.Insert("extra", 0);
  }
  EXPECT_STREQ(m.EncodingName(), "skiplist");
  EXPECT_EQ(m.Rank("extra", 0), 0u);
}

TEST_F(ZSetEditTest, RollbackRestoresScoresMembersAndEncoding) {
  ZSetValue& z = MakeZSet("z", {{"a", 1}, {"b", 2}, {"c", 3}});
  const Scored before = Contents(z);
  const size_t overhead = db().memory_bytes() - Find("z")->HeapBytes();
  OpenJournal();
  {
    ZSetEdit edit(db(), "z", z);
    edit.Update("a", 10);
    edit.Remove("b");
    edit.Insert("d", 0);
    edit.Insert(std::string(80, 'L'), 5);  // converts
    edit.Update("c", -1);
    edit.Remove("a");
  }
  EXPECT_STREQ(z.EncodingName(), "skiplist");
  Rollback();
  ZSetValue& r = Find("z")->zset();
  EXPECT_STREQ(r.EncodingName(), "listpack");
  EXPECT_EQ(Contents(r), before);
  EXPECT_EQ(db().memory_bytes() - Find("z")->HeapBytes(), overhead);
}

TEST_F(ZSetEditTest, UndoRecordsOfALargeSetAreSmall) {
  Scored many;
  for (int i = 0; i < 100000; ++i) {
    many.emplace_back("member" + std::to_string(i), i);
  }
  ZSetValue& z = MakeZSet("z", many);
  OpenJournal();
  {
    ZSetEdit edit(db(), "z", z);
    edit.Insert("new", 0.5);
  }
  EXPECT_EQ(journal().size(), 1u);
  Rollback();
  EXPECT_EQ(z.size(), 100000u);
  EXPECT_FALSE(z.Score("new").has_value());
}

TEST_F(ZSetEditTest, ByteCountReturnsToEmptyAfterDeletion) {
  Scored many;
  for (int i = 0; i < 5000; ++i) {
    many.emplace_back("member:" + std::to_string(i), i % 13);
  }
  ZSetValue& z = MakeZSet("z", many);
  EXPECT_GT(db().memory_bytes(), empty_bytes() + 5000 * 64);
  {
    ZSetEdit edit(db(), "z", z);
    for (const auto& [m, s] : many) edit.Remove(m);
  }
  EXPECT_EQ(db().memory_bytes(), empty_bytes());
}

TEST_F(ZSetEditTest, CloneCopiesBothEncodings) {
  MakeZSet("s", {{"a", 1}});
  MakeZSet("b", {{std::string(70, 'a'), 1}, {"b", 2}});
  Value s = Find("s")->Clone();
  Value b = Find("b")->Clone();
  EXPECT_EQ(Contents(s.zset()), (Scored{{"a", 1}}));
  EXPECT_EQ(Contents(b.zset()), Contents(Find("b")->zset()));
  EXPECT_STREQ(b.EncodingName(), "skiplist");
  EXPECT_STREQ(ValueTypeName(b.type()), "zset");
}

}  // namespace
}  // namespace luakv::testing
