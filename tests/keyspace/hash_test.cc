#include "keyspace/hash.h"

#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "keyspace/collection_testing.h"

namespace luakv::testing {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs Contents(const HashValue& h) {
  Pairs out;
  h.ForEach([&out](std::string_view f, std::string_view v) {
    out.emplace_back(f, v);
  });
  return out;
}

std::map<std::string, std::string> AsMap(const HashValue& h) {
  std::map<std::string, std::string> out;
  h.ForEach([&out](std::string_view f, std::string_view v) {
    out.emplace(f, v);
  });
  return out;
}

TEST(HashValue, ListpackKeepsInsertionOrderAndUpdatesInPlace) {
  HashValue h;
  EXPECT_TRUE(h.Set("b", "1"));
  EXPECT_TRUE(h.Set("a", "2"));
  EXPECT_FALSE(h.Set("b", "3"));
  EXPECT_EQ(Contents(h), (Pairs{{"b", "3"}, {"a", "2"}}));
  EXPECT_EQ(*h.Get("a"), "2");
  EXPECT_FALSE(h.Get("c").has_value());
  EXPECT_TRUE(h.Delete("b"));
  EXPECT_FALSE(h.Delete("b"));
  EXPECT_EQ(h.size(), 1u);
  EXPECT_STREQ(h.EncodingName(), "listpack");
}

TEST(HashValue, HashtableMatchesAMap) {
  std::mt19937 rng(3);
  HashValue h;
  h.ConvertToHashtable();
  std::map<std::string, std::string> model;
  for (int i = 0; i < 20000; ++i) {
    const std::string f = "f" + std::to_string(rng() % 3000);
    if (rng() % 3 == 0) {
      EXPECT_EQ(h.Delete(f), model.erase(f) == 1);
    } else {
      const std::string v(rng() % 40, 'v');
      EXPECT_EQ(h.Set(f, v), model.count(f) == 0);
      model[f] = v;
    }
  }
  EXPECT_EQ(AsMap(h), model);
  EXPECT_STREQ(h.EncodingName(), "hashtable");
}

TEST(HashValue, ScanReturnsEveryFieldPresentThroughoutDespiteGrowth) {
  HashValue h;
  h.ConvertToHashtable();
  for (int i = 0; i < 500; ++i) h.Set("keep" + std::to_string(i), "v");
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int added = 0;
  do {
    cursor = h.Scan(cursor, [&seen](std::string_view f, std::string_view) {
      seen.emplace(f);
    });
    // Grow the table between the first steps, forcing rehashes.
    for (int k = 0; k < 50 && added < 3000; ++k) {
      h.Set("new" + std::to_string(added++), "v");
    }
  } while (cursor != 0);
  for (int i = 0; i < 500; ++i) {
    EXPECT_TRUE(seen.count("keep" + std::to_string(i))) << i;
  }
}

TEST(HashValue, RandomPicksComeFromTheHash) {
  std::mt19937_64 rng(1);
  auto rnd = [&rng] { return rng(); };
  for (bool table : {false, true}) {
    HashValue h;
    if (table) h.ConvertToHashtable();
    for (int i = 0; i < 10; ++i) h.Set("f" + std::to_string(i), "v" + std::to_string(i));
    std::set<std::string> picked;
    for (int i = 0; i < 500; ++i) {
      auto [f, v] = h.Random(rnd);
      EXPECT_EQ(*h.Get(f), v);
      picked.emplace(f);
    }
    EXPECT_EQ(picked.size(), 10u);
  }
}

class HashEditTest : public CollectionTest {
 protected:
  HashValue& MakeHash(std::string_view key, const Pairs& pairs) {
    Entry& e = db().Set(key, Value::NewHash());
    HashEdit edit(db(), key, e.value.hash());
    for (const auto& [f, v] : pairs) edit.Set(f, v);
    return e.value.hash();
  }
};

TEST_F(HashEditTest, ConvertsOnLongValuesAndManyFields) {
  HashValue& h = MakeHash("h", {{"a", "1"}});
  {
    HashEdit edit(db(), "h", h);
    edit.Set("b", std::string(64, 'x'));
  }
  EXPECT_STREQ(h.EncodingName(), "listpack");
  {
    HashEdit edit(db(), "h", h);
    edit.Set("c", std::string(65, 'x'));
  }
  EXPECT_STREQ(h.EncodingName(), "hashtable");
  {
    Entry& e = db().Set("g", Value::NewHash());
    HashEdit edit(db(), "g", e.value.hash());
  }
  EXPECT_EQ(Find("g"), nullptr);  // an empty hash is never kept
  Pairs many;
  for (size_t i = 0; i < HashValue::kMaxListpackEntries; ++i) {
    many.emplace_back("f" + std::to_string(i), "v");
  }
  HashValue& m = MakeHash("m", many);
  EXPECT_STREQ(m.EncodingName(), "listpack");
  {
    HashEdit edit(db(), "m", m);
    edit.Set("one-more", "v");
  }
  EXPECT_STREQ(m.EncodingName(), "hashtable");
}

TEST_F(HashEditTest, RollbackRestoresFieldsOrderAndEncoding) {
  HashValue& h = MakeHash("h", {{"a", "1"}, {"b", "2"}, {"c", "3"}});
  const Pairs before = Contents(h);
  const size_t overhead = db().memory_bytes() - Find("h")->HeapBytes();
  OpenJournal();
  {
    HashEdit edit(db(), "h", h);
    edit.Set("a", "changed");
    edit.Delete("b");
    edit.Set("d", "4");
    edit.Set("long", std::string(100, 'x'));  // converts
    edit.Delete("c");
    edit.Set("e", "5");
  }
  EXPECT_STREQ(h.EncodingName(), "hashtable");
  Rollback();
  HashValue& after = Find("h")->hash();
  EXPECT_STREQ(after.EncodingName(), "listpack");
  EXPECT_EQ(Contents(after), before);
  EXPECT_EQ(db().memory_bytes() - Find("h")->HeapBytes(), overhead);
}

TEST_F(HashEditTest, RollbackOfADeletedHashBringsItBack) {
  MakeHash("h", {{"a", "1"}});
  OpenJournal();
  {
    HashEdit edit(db(), "h", Find("h")->hash());
    edit.Delete("a");
  }
  EXPECT_EQ(Find("h"), nullptr);
  Rollback();
  EXPECT_EQ(Contents(Find("h")->hash()), (Pairs{{"a", "1"}}));
}

TEST_F(HashEditTest, ByteCountReturnsToEmptyAfterDeletion) {
  Pairs many;
  for (int i = 0; i < 2000; ++i) {
    many.emplace_back("field-number-" + std::to_string(i), std::string(30, 'v'));
  }
  HashValue& h = MakeHash("h", many);
  EXPECT_GT(db().memory_bytes(), empty_bytes() + 2000 * 80);
  {
    HashEdit edit(db(), "h", h);
    for (const auto& [f, v] : many) edit.Delete(f);
  }
  EXPECT_EQ(Find("h"), nullptr);
  EXPECT_EQ(db().memory_bytes(), empty_bytes());
}

TEST_F(HashEditTest, CloneCopiesBothEncodings) {
  MakeHash("small", {{"a", "1"}});
  MakeHash("big", {{"a", std::string(100, 'x')}});
  Value s = Find("small")->Clone();
  Value b = Find("big")->Clone();
  EXPECT_STREQ(s.EncodingName(), "listpack");
  EXPECT_STREQ(b.EncodingName(), "hashtable");
  EXPECT_EQ(*b.hash().Get("a"), std::string(100, 'x'));
  EXPECT_STREQ(ValueTypeName(b.type()), "hash");
}

}  // namespace
}  // namespace luakv::testing
