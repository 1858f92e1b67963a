#include "keyspace/list.h"

#include <algorithm>
#include <deque>
#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "keyspace/collection_testing.h"
#include "keyspace/listpack.h"

namespace luakv::testing {
namespace {

std::vector<std::string> Contents(const ListValue& l) {
  std::vector<std::string> out;
  if (l.empty()) return out;
  ListValue::Iter it = l.Seek(0);
  do {
    out.emplace_back(l.Get(it));
  } while (l.Next(it));
  return out;
}

std::vector<std::string> Backwards(const ListValue& l) {
  std::vector<std::string> out;
  if (l.empty()) return out;
  ListValue::Iter it = l.Seek(l.size() - 1);
  do {
    out.emplace_back(l.Get(it));
  } while (l.Prev(it));
  return out;
}

TEST(Listpack, WalksBothWaysOverShortAndLongEntries) {
  Listpack lp;
  const std::vector<std::string> items = {"", "a", std::string(127, 'x'),
                                          std::string(128, 'y'),
                                          std::string(20000, 'z'), "end"};
  for (const auto& s : items) lp.PushBack(s);
  EXPECT_EQ(lp.count(), items.size());
  size_t p = lp.Begin();
  for (const auto& s : items) {
    EXPECT_EQ(lp.Get(p), s);
    p = lp.Next(p);
  }
  EXPECT_EQ(p, lp.End());
  p = lp.End();
  for (size_t i = items.size(); i-- > 0;) {
    p = lp.Prev(p);
    EXPECT_EQ(lp.Get(p), items[i]);
  }
  EXPECT_EQ(p, lp.Begin());
}

TEST(Listpack, InsertEraseReplaceSplitAndAppend) {
  Listpack lp;
  lp.PushBack("b");
  lp.PushFront("a");
  lp.PushBack("d");
  size_t p = lp.Next(lp.Next(lp.Begin()));
  lp.Insert(p, "c");
  p = lp.Replace(lp.Begin(), std::string(300, 'A'));
  EXPECT_EQ(lp.Get(p), std::string(300, 'A'));
  EXPECT_EQ(lp.count(), 4u);
  Listpack tail = lp.SplitAt(lp.Next(lp.Next(lp.Begin())));
  EXPECT_EQ(lp.count(), 2u);
  EXPECT_EQ(tail.count(), 2u);
  EXPECT_EQ(tail.Get(tail.Begin()), "c");
  lp.Erase(lp.Begin());
  EXPECT_EQ(lp.Get(lp.Begin()), "b");
  lp.Append(std::move(tail));
  EXPECT_EQ(lp.count(), 3u);
  EXPECT_EQ(lp.Get(lp.Last()), "d");
  Listpack copy = lp.Clone();
  lp.Clear();
  EXPECT_TRUE(lp.empty());
  EXPECT_EQ(copy.count(), 3u);
  EXPECT_EQ(lp.HeapBytes(), 0u);
}

TEST(ListValue, PushPopAtBothEnds) {
  ListValue l;
  l.PushBack("b");
  l.PushFront("a");
  l.PushBack("c");
  EXPECT_EQ(Contents(l), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(l.PopFront(), "a");
  EXPECT_EQ(l.PopBack(), "c");
  EXPECT_EQ(l.PopBack(), "b");
  EXPECT_TRUE(l.empty());
  EXPECT_EQ(l.HeapBytes(), 32u);  // the chunk vector's block stays
}

TEST(ListValue, SpreadsOverChunksAndWalksAcrossThem) {
  ListValue l;
  for (int i = 0; i < 5000; ++i) l.PushBack("element-" + std::to_string(i));
  for (int i = 1; i <= 5000; ++i) l.PushFront("front-" + std::to_string(i));
  EXPECT_EQ(l.size(), 10000u);
  EXPECT_EQ(l.At(0), "front-5000");
  EXPECT_EQ(l.At(9999), "element-4999");
  EXPECT_EQ(l.At(5000), "element-0");
  EXPECT_EQ(l.At(4999), "front-1");
  std::vector<std::string> fwd = Contents(l);
  std::vector<std::string> back = Backwards(l);
  std::reverse(back.begin(), back.end());
  EXPECT_EQ(fwd, back);
  // Chunks hold at most 8 KiB: 10000 elements of ~12 bytes need several.
  EXPECT_GT(l.HeapBytes(), 10000u * 12);
  EXPECT_LT(l.HeapBytes(), 10000u * 20);
}

TEST(ListValue, MatchesADequeUnderRandomOperations) {
  std::mt19937 rng(7);
  ListValue l;
  std::deque<std::string> model;
  for (int step = 0; step < 20000; ++step) {
    const int op = static_cast<int>(rng() % 9);
    const std::string v(rng() % 3 == 0 ? rng() % 300 : rng() % 12,
                        static_cast<char>('a' + rng() % 26));
    if (op == 0) {
      l.PushFront(v);
      model.push_front(v);
    } else if (op == 1 || op == 2) {
      l.PushBack(v);
      model.push_back(v);
    } else if (model.empty()) {
      continue;
    } else if (op == 3) {
      ASSERT_EQ(l.PopFront(), model.front());
      model.pop_front();
    } else if (op == 4) {
      ASSERT_EQ(l.PopBack(), model.back());
      model.pop_back();
    } else if (op == 5) {
      const size_t i = rng() % model.size();
      l.Set(i, v);
      model[i] = v;
    } else if (op == 6) {
      const size_t i = rng() % (model.size() + 1);
      l.Insert(i, v);
      model.insert(model.begin() + static_cast<ptrdiff_t>(i), v);
    } else if (op == 7) {
      const size_t i = rng() % model.size();
      const size_t n = rng() % (model.size() - i + 1) % 50;
      std::vector<std::string> removed;
      l.Erase(i, n, &removed);
      ASSERT_EQ(removed.size(), n);
      for (size_t k = 0; k < n; ++k) ASSERT_EQ(removed[k], model[i + k]);
      model.erase(model.begin() + static_cast<ptrdiff_t>(i),
                  model.begin() + static_cast<ptrdiff_t>(i + n));
    } else {
      std::vector<size_t> idx;
      for (size_t i = 0; i < model.size(); ++i) {
        if (rng() % 7 == 0) idx.push_back(i);
      }
      l.EraseIndexes(idx);
      for (size_t k = idx.size(); k-- > 0;) {
        model.erase(model.begin() + static_cast<ptrdiff_t>(idx[k]));
      }
    }
    ASSERT_EQ(l.size(), model.size());
    if (!model.empty()) {
      const size_t i = rng() % model.size();
      ASSERT_EQ(l.At(i), model[i]) << "step " << step;
    }
  }
  EXPECT_EQ(Contents(l),
            std::vector<std::string>(model.begin(), model.end()));
}

TEST(ListValue, CloneIsDeep) {
  ListValue l;
  for (int i = 0; i < 3000; ++i) l.PushBack(std::to_string(i));
  ListValue c = l.Clone();
  l.Set(0, "changed");
  EXPECT_EQ(c.At(0), "0");
  EXPECT_EQ(Contents(c).size(), 3000u);
}

class ListEditTest : public CollectionTest {
 protected:
  ListValue& MakeList(std::string_view key,
                      const std::vector<std::string>& items) {
    Entry& e = db().Set(key, Value::NewList());
    ListEdit edit(db(), key, e.value.list());
    for (const auto& s : items) edit.PushBack(s);
    return e.value.list();
  }
};

TEST_F(ListEditTest, EmptyingAListDeletesItsKey) {
  ListValue& l = MakeList("l", {"a", "b"});
  {
    ListEdit edit(db(), "l", l);
    edit.PopFront();
    edit.PopBack();
  }
  EXPECT_EQ(Find("l"), nullptr);
  EXPECT_EQ(db().memory_bytes(), empty_bytes());
}

TEST_F(ListEditTest, ByteCountFollowsGrowthAndShrinkage) {
  ListValue& l = MakeList("l", {"seed"});
  const size_t before = db().memory_bytes();
  {
    ListEdit edit(db(), "l", l);
    for (int i = 0; i < 10000; ++i) edit.PushBack("0123456789");
  }
  EXPECT_GT(db().memory_bytes(), before + 10000 * 12);
  {
    ListEdit edit(db(), "l", l);
    edit.Trim(0, 1);
  }
  EXPECT_LE(db().memory_bytes(), before + 64);
  {
    ListEdit edit(db(), "l", l);
    edit.PopFront();
  }
  EXPECT_EQ(db().memory_bytes(), empty_bytes());
}

TEST_F(ListEditTest, RollbackUndoesEveryKindOfChange) {
  std::vector<std::string> items;
  for (int i = 0; i < 3000; ++i) items.push_back("item" + std::to_string(i));
  MakeList("l", items);
  const size_t overhead = db().memory_bytes() - Find("l")->HeapBytes();
  OpenJournal();
  {
    ListEdit edit(db(), "l", Find("l")->list());
    edit.PushFront("f");
    edit.PushBack("b");
    edit.PopFront();
    edit.PopFront();
    edit.PopBack();
    edit.Set(5, std::string(500, 's'));
    edit.Insert(10, "ins");
    edit.Insert(0, "ins0");
    edit.EraseIndexes({0, 3, 7, 2000, 2999});
    edit.Trim(100, 1000);
  }
  // Records are inverse steps, not copies of the list (Trim keeps the
  // elements it removed, one record).
  EXPECT_LE(journal().size(), 12u);
  Rollback();
  ASSERT_NE(Find("l"), nullptr);
  EXPECT_EQ(Contents(Find("l")->list()), items);
  // Chunk boundaries may differ after undo; the count must still match the
  // value's own.
  EXPECT_EQ(db().memory_bytes() - Find("l")->HeapBytes(), overhead);
}

TEST_F(ListEditTest, RollbackRestoresAListThatWasEmptiedAndRecreated) {
  MakeList("l", {"a"});
  OpenJournal();
  {
    ListEdit edit(db(), "l", Find("l")->list());
    edit.PopFront();
  }
  EXPECT_EQ(Find("l"), nullptr);
  {
    Entry& e = db().Set("l", Value::NewList());
    ListEdit edit(db(), "l", e.value.list());
    edit.PushBack("new");
  }
  Rollback();
  ASSERT_NE(Find("l"), nullptr);
  EXPECT_EQ(Contents(Find("l")->list()), (std::vector<std::string>{"a"}));
}

TEST_F(ListEditTest, RollbackOfACreatedListRemovesTheKey) {
  OpenJournal();
  MakeList("new", {"x", "y"});
  Rollback();
  EXPECT_EQ(Find("new"), nullptr);
  EXPECT_EQ(db().memory_bytes(), empty_bytes());
}

TEST_F(ListEditTest, RollbackFollowsARename) {
  MakeList("a", {"1", "2"});
  OpenJournal();
  {
    ListEdit edit(db(), "a", Find("a")->list());
    edit.PushBack("3");
  }
  ks().MoveKey(0, "a", 0, "b");
  {
    ListEdit edit(db(), "b", Find("b")->list());
    edit.PopFront();
  }
  Rollback();
  EXPECT_EQ(Find("b"), nullptr);
  EXPECT_EQ(Contents(Find("a")->list()),
            (std::vector<std::string>{"1", "2"}));
}

TEST_F(ListEditTest, CommittedChangesStay) {
  MakeList("l", {"a"});
  OpenJournal();
  {
    ListEdit edit(db(), "l", Find("l")->list());
    edit.PushBack("b");
  }
  Commit();
  EXPECT_EQ(Contents(Find("l")->list()), (std::vector<std::string>{"a", "b"}));
}

TEST_F(ListEditTest, ValueCloneCopiesAList) {
  MakeList("l", {"a", "b"});
  Value copy = Find("l")->Clone();
  ASSERT_EQ(copy.type(), ValueType::kList);
  EXPECT_EQ(Contents(copy.list()), (std::vector<std::string>{"a", "b"}));
  EXPECT_STREQ(copy.EncodingName(), "quicklist");
  EXPECT_STREQ(ValueTypeName(copy.type()), "list");
}

TEST(ValueLayout, StringsStayAtFortyBytes) {
  EXPECT_LE(sizeof(Value), 40u);
  Value v = Value::NewList();
  Value w = std::move(v);
  EXPECT_EQ(w.type(), ValueType::kList);
  EXPECT_EQ(v.type(), ValueType::kString);
  v = std::move(w);
  EXPECT_EQ(v.type(), ValueType::kList);
  w = Value::StringFromCommand("12");
  EXPECT_STREQ(w.EncodingName(), "int");
  v = std::move(w);
  EXPECT_EQ(v.str(), "12");
}

}  // namespace
}  // namespace luakv::testing
