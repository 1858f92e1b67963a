#include "keyspace/set.h"

#include <random>
#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "keyspace/collection_testing.h"
#include "keyspace/intset.h"

namespace luakv::testing {
namespace {

std::vector<std::string> Members(const SetValue& s) {
  std::vector<std::string> out;
  s.ForEach([&out](std::string_view m) { out.emplace_back(m); });
  return out;
}

TEST(IntSet, WidensAndStaysSorted) {
  IntSet s;
  EXPECT_TRUE(s.Add(5));
  EXPECT_TRUE(s.Add(-3));
  EXPECT_FALSE(s.Add(5));
  EXPECT_EQ(s.width(), 2u);
  EXPECT_TRUE(s.Add(70000));
  EXPECT_EQ(s.width(), 4u);
  EXPECT_TRUE(s.Add(INT64_MIN));
  EXPECT_EQ(s.width(), 8u);
  EXPECT_EQ(s.At(0), INT64_MIN);
  EXPECT_EQ(s.At(1), -3);
  EXPECT_EQ(s.At(3), 70000);
  EXPECT_TRUE(s.Contains(70000));
  EXPECT_FALSE(s.Contains(4));
  EXPECT_TRUE(s.Remove(INT64_MIN));
  EXPECT_FALSE(s.Remove(INT64_MIN));
  EXPECT_EQ(s.width(), 8u);  // never narrows, as in Redis
  EXPECT_EQ(s.size(), 3u);
  EXPECT_EQ(s.HeapBytes(), 32u);
}

TEST(IntSet, MatchesAStdSet) {
  std::mt19937_64 rng(5);
  IntSet s;
  std::set<int64_t> model;
  for (int i = 0; i < 20000; ++i) {
    int64_t v = static_cast<int64_t>(rng() % 2000) - 1000;
    if (i % 97 == 0) v = static_cast<int64_t>(rng());
    if (rng() % 3 == 0) {
      EXPECT_EQ(s.Remove(v), model.erase(v) == 1);
    } else {
      EXPECT_EQ(s.Add(v), model.insert(v).second);
    }
  }
  ASSERT_EQ(s.size(), model.size());
  size_t i = 0;
  for (int64_t v : model) EXPECT_EQ(s.At(i++), v);
}

TEST(SetValue, IntsetMembersListInAscendingOrder) {
  SetValue s;
  s.Add("10");
  s.Add("-2");
  s.Add("3");
  EXPECT_EQ(Members(s), (std::vector<std::string>{"-2", "3", "10"}));
  EXPECT_TRUE(s.Contains("3"));
  EXPECT_FALSE(s.Contains("03"));
  EXPECT_FALSE(s.Contains("abc"));
  EXPECT_FALSE(s.Remove("abc"));
  EXPECT_STREQ(s.EncodingName(), "intset");
}

class SetEditTest : public CollectionTest {
 protected:
  SetValue& MakeSet(std::string_view key, const std::vector<std::string>& m) {
    Entry& e = db().Set(key, Value::NewSet());
    SetEdit edit(db(), key, e.value.set());
    for (const auto& s : m) edit.Add(s);
    return e.value.set();
  }
};

TEST_F(SetEditTest, ConvertsOnANonIntegerOrTooManyIntegers) {
  SetValue& s = MakeSet("s", {"1", "2"});
  EXPECT_STREQ(s.EncodingName(), "intset");
  {
    SetEdit edit(db(), "s", s);
    edit.Add("x");
  }
  EXPECT_STREQ(s.EncodingName(), "hashtable");
  std::vector<std::string> ints;
  for (size_t i = 0; i < SetValue::kMaxIntsetEntries; ++i) {
    ints.push_back(std::to_string(i));
  }
  SetValue& t = MakeSet("t", ints);
  EXPECT_STREQ(t.EncodingName(), "intset");
  {
    SetEdit edit(db(), "t", t);
    edit.Add("100000");
  }
  EXPECT_STREQ(t.EncodingName(), "hashtable");
  EXPECT_EQ(t.size(), SetValue::kMaxIntsetEntries + 1);
  EXPECT_TRUE(t.Contains("511"));
}

TEST_F(SetEditTest, RollbackRestoresMembersAndEncoding) {
  SetValue& s = MakeSet("s", {"1", "2", "3"});
  const size_t overhead = db().memory_bytes() - Find("s")->HeapBytes();
  OpenJournal();
  {
    SetEdit edit(db(), "s", s);
    edit.Remove("2");
    edit.Add("4");
    edit.Add("word");
    edit.Remove("1");
    edit.Add("another");
  }
  EXPECT_STREQ(s.EncodingName(), "hashtable");
  Rollback();
  SetValue& r = Find("s")->set();
  EXPECT_STREQ(r.EncodingName(), "intset");
  EXPECT_EQ(Members(r), (std::vector<std::string>{"1", "2", "3"}));
  EXPECT_EQ(db().memory_bytes() - Find("s")->HeapBytes(), overhead);
}

TEST_F(SetEditTest, RemovingTheLastMemberDeletesTheKeyAndUndoRestoresIt) {
  MakeSet("s", {"a"});
  OpenJournal();
  {
    SetEdit edit(db(), "s", Find("s")->set());
    EXPECT_FALSE(edit.Remove("b"));
    EXPECT_TRUE(edit.Remove("a"));
  }
  EXPECT_EQ(Find("s"), nullptr);
  Rollback();
  EXPECT_EQ(Members(Find("s")->set()), (std::vector<std::string>{"a"}));
}

TEST_F(SetEditTest, ByteCountReturnsToEmptyAfterDeletion) {
  std::vector<std::string> m;
  for (int i = 0; i < 3000; ++i) m.push_back("member:" + std::to_string(i));
  SetValue& s = MakeSet("s", m);
  EXPECT_GT(db().memory_bytes(), empty_bytes() + 3000 * 48);
  {
    SetEdit edit(db(), "s", s);
    for (const auto& x : m) edit.Remove(x);
  }
  EXPECT_EQ(db().memory_bytes(), empty_bytes());
}

TEST_F(SetEditTest, ScanSeesEveryMemberDespiteShrinking) {
  std::vector<std::string> m;
  for (int i = 0; i < 2000; ++i) m.push_back("m" + std::to_string(i));
  SetValue& s = MakeSet("s", m);
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int removed = 0;
  do {
    cursor = s.Scan(cursor, [&seen](std::string_view x) { seen.emplace(x); });
    // Remove members other than the first 100, shrinking the table.
    for (int k = 0; k < 40 && removed < 1900; ++k, ++removed) {
      SetEdit edit(db(), "s", s);
      edit.Remove("m" + std::to_string(100 + removed));
    }
  } while (cursor != 0);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(seen.count("m" + std::to_string(i)));
}

TEST_F(SetEditTest, CloneCopiesBothEncodings) {
  MakeSet("i", {"1", "2"});
  MakeSet("h", {"a", "b"});
  Value i = Find("i")->Clone();
  Value h = Find("h")->Clone();
  EXPECT_EQ(Members(i.set()), (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(h.set().Contains("b"));
  EXPECT_STREQ(h.EncodingName(), "hashtable");
  EXPECT_STREQ(ValueTypeName(h.type()), "set");
}

}  // namespace
}  // namespace luakv::testing
