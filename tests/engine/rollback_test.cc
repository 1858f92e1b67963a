// Undo of collection commands: each test runs commands with a journal open
// on the keyspace, rolls it back, and checks that every key reads exactly as
// before (contents, order, encoding, TTL). Scripts rely on this to leave
// nothing half-done; these tests drive the dispatcher directly so they do
// not depend on how a script opens its journal.

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/dispatcher.h"
#include "engine/engine_core.h"
#include "gtest/gtest.h"
#include "keyspace/journal.h"
#include "luakv/luakv.h"

namespace luakv::testing {
namespace {

class CollectionRollback : public ::testing::Test {
 protected:
  CollectionRollback() {
    Options options;
    clock_ = std::make_shared<ManualClock>();
    clock_->SetMicros(1700000000000000);
    options.clock = clock_;
    core_ = std::make_unique<EngineCore>(std::move(options));
  }

  Reply Run(std::initializer_list<std::string_view> argv) {
    return Run(std::vector<std::string>(argv.begin(), argv.end()));
  }
  Reply Run(const std::vector<std::string>& argv) {
    std::vector<std::string_view> views(argv.begin(), argv.end());
    core_->StartCommandClock();
    ReplyBuilder out(2);
    Dispatch(*core_, session_, views, out);
    return out.Take();
  }

  // Everything a client can observe about `key`.
  std::string Dump(const std::string& key) {
    const std::string type = Run({"TYPE", key}).ToString();
    std::string out = type + " " + Run({"OBJECT", "ENCODING", key}).ToString() +
                      " ttl=" + Run({"PTTL", key}).ToString() + "\n";
    Reply contents;
    if (type == "list") {
      contents = Run({"LRANGE", key, "0", "-1"});
    } else if (type == "hash") {
      contents = Run({"HGETALL", key});
      // A hashtable's order is its own; a listpack's must come back.
      if (Run({"OBJECT", "ENCODING", key}).str() == "hashtable") {
        contents = SortedPairs(contents);
      }
    } else if (type == "set") {
      contents = Run({"SMEMBERS", key});
      std::sort(contents.mutable_elements().begin(),
                contents.mutable_elements().end(),
                [](const Reply& a, const Reply& b) { return a.str() < b.str(); });
    } else if (type == "zset") {
      contents = Run({"ZRANGE", key, "0", "-1", "WITHSCORES"});
    } else if (type == "string") {
      contents = Run({"GET", key});
    }
    return out + contents.ToString();
  }

  static Reply SortedPairs(const Reply& flat) {
    std::vector<std::pair<std::string, std::string>> pairs;
    for (size_t i = 0; i + 1 < flat.size(); i += 2) {
      pairs.emplace_back(flat[i].str(), flat[i + 1].str());
    }
    std::sort(pairs.begin(), pairs.end());
    std::vector<Reply> out;
    for (auto& [f, v] : pairs) {
      out.push_back(Reply::Bulk(f));
      out.push_back(Reply::Bulk(v));
    }
    return Reply::Array(std::move(out));
  }

  // Runs `setup`, then `changes` under a journal, rolls back and expects
  // `keys` to read as they did after `setup`.
  void ExpectUndone(const std::vector<std::vector<std::string>>& setup,
                    const std::vector<std::vector<std::string>>& changes,
                    const std::vector<std::string>& keys) {
    for (const auto& c : setup) Run(c);
    std::vector<std::string> before;
    for (const auto& k : keys) before.push_back(Dump(k));
    Journal journal;
    core_->keyspace().set_journal(&journal);
    std::vector<std::string> replies;
    for (const auto& c : changes) replies.push_back(Run(c).ToString());
    core_->keyspace().set_journal(nullptr);
    journal.Rollback(core_->keyspace());
    for (size_t i = 0; i < keys.size(); ++i) {
      EXPECT_EQ(Dump(keys[i]), before[i])
          << "key " << keys[i] << "; replies:\n"
          << ::testing::PrintToString(replies);
    }
  }

 private:
  std::shared_ptr<ManualClock> clock_;
  std::unique_ptr<EngineCore> core_;
  Session session_;
};

TEST_F(CollectionRollback, ListPushesAndPops) {
  ExpectUndone({{"RPUSH", "l", "a", "b", "c"}, {"PEXPIRE", "l", "100000"}},
               {{"LPUSH", "l", "x", "y"},
                {"RPUSH", "l", "z"},
                {"LPUSHX", "l", "w"},
                {"RPUSHX", "l", "v"},
                {"LPOP", "l"},
                {"RPOP", "l", "2"},
                {"LPOP", "l", "10"},
                {"RPUSH", "l", "after-empty"},
                {"RPUSH", "new", "n"}},
               {"l", "new"});
}

TEST_F(CollectionRollback, ListEditsInPlace) {
  ExpectUndone({{"RPUSH", "l", "a", "b", "c", "a", "d", "a", "e"}},
               {{"LSET", "l", "1", "B"},
                {"LSET", "l", "-1", std::string(9000, 'E')},
                {"LINSERT", "l", "BEFORE", "c", "ins"},
                {"LINSERT", "l", "AFTER", "e", "ins2"},
                {"LREM", "l", "2", "a"},
                {"LREM", "l", "-1", "ins2"},
                {"LTRIM", "l", "1", "-2"},
                {"LTRIM", "l", "5", "1"}},
               {"l"});
}

TEST_F(CollectionRollback, ListMoves) {
  ExpectUndone({{"RPUSH", "a", "1", "2", "3"}, {"RPUSH", "b", "x"}},
               {{"RPOPLPUSH", "a", "b"},
                {"LMOVE", "b", "a", "LEFT", "RIGHT"},
                {"LMOVE", "a", "a", "LEFT", "RIGHT"},
                {"LMOVE", "b", "c", "RIGHT", "LEFT"},
                {"LMPOP", "2", "a", "b", "LEFT", "COUNT", "10"},
                {"BLMPOP", "0", "1", "c", "RIGHT"},
                {"BLPOP", "nokey", "a", "0"},
                {"BRPOPLPUSH", "c", "d", "0"},
                {"BLMOVE", "d", "a", "LEFT", "LEFT", "0"}},
               {"a", "b", "c", "d"});
}

TEST_F(CollectionRollback, LargeListTrimAndRemove) {
  std::vector<std::string> push = {"RPUSH", "l"};
  for (int i = 0; i < 5000; ++i) push.push_back("v" + std::to_string(i % 7));
  ExpectUndone({push},
               {{"LREM", "l", "0", "v3"},
                {"LREM", "l", "-100", "v5"},
                {"LTRIM", "l", "1000", "-1000"},
                {"LSET", "l", "100", "x"}},
               {"l"});
}

TEST_F(CollectionRollback, HashWrites) {
  ExpectUndone({{"HSET", "h", "a", "1", "b", "2", "c", "3"},
                {"HSET", "big", "x", std::string(100, 'x')},
                {"EXPIRE", "h", "1000"}},
               {{"HSET", "h", "a", "changed", "d", "4"},
                {"HSETNX", "h", "e", "5"},
                {"HMSET", "h", "b", "B"},
                {"HDEL", "h", "c", "zz"},
                {"HINCRBY", "h", "n", "5"},
                {"HINCRBYFLOAT", "h", "a", "1.5"},
                {"HSET", "h", "long", std::string(80, 'y')},
                {"HDEL", "big", "x"},
                {"HSET", "big", "y", "1"},
                {"HSET", "new", "f", "v"},
                {"HDEL", "h", "a", "b", "d", "e", "n", "long"}},
               {"h", "big", "new"});
}

TEST_F(CollectionRollback, HashConversionByFieldCount) {
  std::vector<std::string> hset = {"HSET", "h"};
  for (int i = 0; i < 512; ++i) {
    hset.push_back("f" + std::to_string(i));
    hset.push_back("v" + std::to_string(i));
  }
  ExpectUndone({hset},
               {{"HSET", "h", "extra", "1"}, {"HDEL", "h", "f7", "f100"}},
               {"h"});
}

TEST_F(CollectionRollback, SetWrites) {
  ExpectUndone({{"SADD", "i", "3", "1", "2"},
                {"SADD", "h", "a", "b", "c", "1"},
                {"SADD", "other", "9"}},
               {{"SADD", "i", "4", "x"},
                {"SREM", "i", "1", "x"},
                {"SREM", "h", "a", "b", "c", "1"},
                {"SADD", "h", "new"},
                {"SMOVE", "i", "other", "2"},
                {"SMOVE", "other", "fresh", "9"},
                {"SPOP", "i"},
                {"SPOP", "i", "1"},
                {"SINTERSTORE", "other", "i", "h"},
                {"SUNIONSTORE", "i", "h", "fresh"},
                {"SDIFFSTORE", "h", "nokey", "i"}},
               {"i", "h", "other", "fresh"});
}

TEST_F(CollectionRollback, SpopRebuildAndIntsetConversion) {
  std::vector<std::string> sadd = {"SADD", "s"};
  for (int i = 0; i < 512; ++i) sadd.push_back(std::to_string(i));
  ExpectUndone({sadd, {"SADD", "t", "1", "2", "3", "4", "5", "6", "7"},
                {"EXPIRE", "t", "500"}},
               {{"SADD", "s", "512"},
                {"SREM", "s", "0", "7"},
                {"SPOP", "t", "6"},
                {"SPOP", "s", "600"}},
               {"s", "t"});
}

TEST_F(CollectionRollback, SortedSetWrites) {
  ExpectUndone({{"ZADD", "z", "1", "a", "2", "b", "3", "c", "3", "d"},
                {"ZADD", "big", "1", std::string(100, 'x'), "2", "y"},
                {"PEXPIRE", "z", "100000"}},
               {{"ZADD", "z", "10", "a", "5", "e"},
                {"ZADD", "z", "INCR", "1", "b"},
                {"ZINCRBY", "z", "-1", "c"},
                {"ZADD", "z", "GT", "CH", "0", "d", "9", "d"},
                {"ZREM", "z", "e", "zz"},
                {"ZADD", "z", "1", std::string(70, 'L')},
                {"ZREMRANGEBYRANK", "big", "0", "0"},
                {"ZPOPMIN", "z", "2"},
                {"ZPOPMAX", "big"},
                {"ZMPOP", "2", "nokey", "z", "MAX", "COUNT", "2"},
                {"BZPOPMIN", "z", "0"},
                {"ZADD", "fresh", "1", "f"}},
               {"z", "big", "fresh"});
}

TEST_F(CollectionRollback, SortedSetRangeRemovalsAndStores) {
  std::vector<std::string> zadd = {"ZADD", "z"};
  for (int i = 0; i < 300; ++i) {
    zadd.push_back(std::to_string(i % 13));
    zadd.push_back("m" + std::to_string(i));
  }
  ExpectUndone({zadd, {"ZADD", "s", "1", "a", "2", "b"}, {"SET", "str", "v"}},
               {{"ZREMRANGEBYSCORE", "z", "3", "(5"},
                {"ZREMRANGEBYLEX", "s", "-", "[a"},
                {"ZREMRANGEBYRANK", "z", "10", "-10"},
                {"ZRANGESTORE", "s", "z", "0", "5"},
                {"ZUNIONSTORE", "str", "2", "z", "s"},
                {"ZINTERSTORE", "z", "2", "z", "s"},
                {"ZDIFFSTORE", "new", "1", "s"}},
               {"z", "s", "str", "new"});
}

TEST_F(CollectionRollback, SortStoreAndItsSortedSetConversion) {
  ExpectUndone({{"RPUSH", "l", "3", "1", "2"},
                {"ZADD", "z", "1", "a", "2", "b"},
                {"SET", "d", "old"}},
               {{"SORT", "l", "STORE", "d"},
                {"SORT", "z", "ALPHA"},
                {"SORT", "l", "STORE", "l"},
                {"SORT", "nokey", "STORE", "z"}},
               {"l", "z", "d"});
}

}  // namespace
}  // namespace luakv::testing
