// Hashes: every command, option, error and edge case. Expected replies were
// taken from redis-cli against Redis 7.0.15.

#include <set>
#include <string>
#include <vector>

#include "engine/collection_test.h"

namespace luakv::testing {
namespace {

class HashCommands : public CollectionCommandTest {};

TEST_F(HashCommands, HsetCountsNewFieldsOnly) {
  EXPECT_EQ(Cli({"HSET", "h", "a", "1", "b", "2"}), "(integer) 2");
  EXPECT_EQ(Cli({"HSET", "h", "a", "10", "c", "3"}), "(integer) 1");
  EXPECT_EQ(Cli({"HSET", "h", "a", "1", "a", "2"}), "(integer) 0");
  EXPECT_EQ(Cli({"HGET", "h", "a"}), "\"2\"");
  EXPECT_EQ(Cli({"HLEN", "h"}), "(integer) 3");
  EXPECT_EQ(Cli({"TYPE", "h"}), "hash");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "h"}), "\"listpack\"");
  EXPECT_EQ(Cli({"HGETALL", "h"}),
            "1) \"a\"\n"
            "2) \"2\"\n"
            "3) \"b\"\n"
            "4) \"2\"\n"
            "5) \"c\"\n"
            "6) \"3\"");
}

TEST_F(HashCommands, HsetAndHmsetNeedPairs) {
  EXPECT_EQ(Cli({"HSET", "h", "a"}),
            "(error) ERR wrong number of arguments for 'hset' command");
  EXPECT_EQ(Cli({"HSET", "h", "a", "1", "b"}),
            "(error) ERR wrong number of arguments for 'hset' command");
  EXPECT_EQ(Cli({"HMSET", "h", "a", "1", "b"}),
            "(error) ERR wrong number of arguments for 'hmset' command");
  EXPECT_EQ(Cli({"HMSET", "h", "a", "1"}), "OK");
  EXPECT_EQ(Cli({"HMSET", "h", "b", "2"}), "OK");
  EXPECT_EQ(Cli({"HGETALL", "h"}),
            "1) \"a\"\n"
            "2) \"1\"\n"
            "3) \"b\"\n"
            "4) \"2\"");
}

TEST_F(HashCommands, HsetnxSetsOnlyAbsentFields) {
  EXPECT_EQ(Cli({"HSETNX", "h", "a", "1"}), "(integer) 1");
  EXPECT_EQ(Cli({"HSETNX", "h", "a", "2"}), "(integer) 0");
  EXPECT_EQ(Cli({"HGET", "h", "a"}), "\"1\"");
  EXPECT_EQ(Cli({"HSETNX", "h", "b", "2"}), "(integer) 1");
  EXPECT_EQ(Cli({"HGETALL", "h"}),
            "1) \"a\"\n"
            "2) \"1\"\n"
            "3) \"b\"\n"
            "4) \"2\"");
}

TEST_F(HashCommands, HgetAndHmgetReplyNilForAbsentFields) {
  EXPECT_EQ(Cli({"HSET", "h", "a", "1"}), "(integer) 1");
  EXPECT_EQ(Cli({"HGET", "h", "b"}), "(nil)");
  EXPECT_EQ(Cli({"HGET", "nokey", "a"}), "(nil)");
  EXPECT_EQ(Cli({"HMGET", "h", "a", "b", "a"}),
            "1) \"1\"\n"
            "2) (nil)\n"
            "3) \"1\"");
  EXPECT_EQ(Cli({"HMGET", "nokey", "a", "b"}),
            "1) (nil)\n"
            "2) (nil)");
}

TEST_F(HashCommands, EveryHashCommandRefusesOtherTypes) {
  EXPECT_EQ(Cli({"SET", "s", "v"}), "OK");
  EXPECT_EQ(Cli({"HSET", "s", "a", "1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HSETNX", "s", "a", "1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HMSET", "s", "a", "1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HGET", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HMGET", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HDEL", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HLEN", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HSTRLEN", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HEXISTS", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HKEYS", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HVALS", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HGETALL", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HINCRBY", "s", "a", "1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HINCRBYFLOAT", "s", "a", "1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HRANDFIELD", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HRANDFIELD", "s", "1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HSCAN", "s", "0"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
}

TEST_F(HashCommands, HdelDeletesTheKeyWithItsLastField) {
  EXPECT_EQ(Cli({"HSET", "h", "a", "1", "b", "2"}), "(integer) 2");
  EXPECT_EQ(Cli({"HDEL", "h", "a", "a", "zz"}), "(integer) 1");
  EXPECT_EQ(Cli({"HDEL", "h", "b", "c"}), "(integer) 1");
  EXPECT_EQ(Cli({"EXISTS", "h"}), "(integer) 0");
  EXPECT_EQ(Cli({"HDEL", "h", "b"}), "(integer) 0");
  EXPECT_EQ(Cli({"HDEL", "nokey", "a"}), "(integer) 0");
}

TEST_F(HashCommands, HlenHstrlenHexists) {
  EXPECT_EQ(Cli({"HSET", "h", "a", "hello", "b", ""}), "(integer) 2");
  EXPECT_EQ(Cli({"HLEN", "h"}), "(integer) 2");
  EXPECT_EQ(Cli({"HSTRLEN", "h", "a"}), "(integer) 5");
  EXPECT_EQ(Cli({"HSTRLEN", "h", "b"}), "(integer) 0");
  EXPECT_EQ(Cli({"HSTRLEN", "h", "zz"}), "(integer) 0");
  EXPECT_EQ(Cli({"HEXISTS", "h", "b"}), "(integer) 1");
  EXPECT_EQ(Cli({"HEXISTS", "h", "zz"}), "(integer) 0");
  EXPECT_EQ(Cli({"HLEN", "nokey"}), "(integer) 0");
  EXPECT_EQ(Cli({"HSTRLEN", "nokey", "a"}), "(integer) 0");
  EXPECT_EQ(Cli({"HEXISTS", "nokey", "a"}), "(integer) 0");
}

TEST_F(HashCommands, ListpackListsFieldsInInsertionOrder) {
  EXPECT_EQ(Cli({"HSET", "h", "z", "1", "y", "2", "x", "3"}), "(integer) 3");
  EXPECT_EQ(Cli({"HSET", "h", "y", "20"}), "(integer) 0");
  EXPECT_EQ(Cli({"HKEYS", "h"}),
            "1) \"z\"\n"
            "2) \"y\"\n"
            "3) \"x\"");
  EXPECT_EQ(Cli({"HVALS", "h"}),
            "1) \"1\"\n"
            "2) \"20\"\n"
            "3) \"3\"");
  EXPECT_EQ(Cli({"HGETALL", "h"}),
            "1) \"z\"\n"
            "2) \"1\"\n"
            "3) \"y\"\n"
            "4) \"20\"\n"
            "5) \"x\"\n"
            "6) \"3\"");
  EXPECT_EQ(Cli({"HKEYS", "nokey"}), "(empty array)");
  EXPECT_EQ(Cli({"HGETALL", "nokey"}), "(empty array)");
}

TEST_F(HashCommands, HincrbyAddsAndChecksOverflow) {
  EXPECT_EQ(Cli({"HINCRBY", "h", "a", "5"}), "(integer) 5");
  EXPECT_EQ(Cli({"HINCRBY", "h", "a", "-7"}), "(integer) -2");
  EXPECT_EQ(Cli({"HSET", "h", "s", "abc", "big", "9223372036854775807",
                 "small", "-9223372036854775808"}), "(integer) 3");
  EXPECT_EQ(Cli({"HINCRBY", "h", "s", "1"}),
            "(error) ERR hash value is not an integer");
  EXPECT_EQ(Cli({"HINCRBY", "h", "big", "1"}),
            "(error) ERR increment or decrement would overflow");
  EXPECT_EQ(Cli({"HINCRBY", "h", "small", "-1"}),
            "(error) ERR increment or decrement would overflow");
  EXPECT_EQ(Cli({"HINCRBY", "h", "big", "-1"}),
            "(integer) 9223372036854775806");
  EXPECT_EQ(Cli({"HINCRBY", "h", "a", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"HINCRBY", "nokey", "a", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"EXISTS", "nokey"}), "(integer) 0");
}

TEST_F(HashCommands, HincrbyfloatAddsAndFormats) {
  EXPECT_EQ(Cli({"HINCRBYFLOAT", "h", "a", "1.5"}), "\"1.5\"");
  EXPECT_EQ(Cli({"HINCRBYFLOAT", "h", "a", "0.1"}), "\"1.6\"");
  EXPECT_EQ(Cli({"HINCRBYFLOAT", "h", "a", "-1.6"}), "\"0\"");
  EXPECT_EQ(Cli({"HINCRBYFLOAT", "h", "b", "1e20"}),
            "\"100000000000000000000\"");
  EXPECT_EQ(Cli({"HINCRBYFLOAT", "h", "c", "3.0e-10"}), "\"0.0000000003\"");
  EXPECT_EQ(Cli({"HSET", "h", "s", "abc"}), "(integer) 1");
  EXPECT_EQ(Cli({"HINCRBYFLOAT", "h", "s", "1"}),
            "(error) ERR hash value is not a float");
  EXPECT_EQ(Cli({"HINCRBYFLOAT", "h", "a", "x"}),
            "(error) ERR value is not a valid float");
  EXPECT_EQ(Cli({"HINCRBYFLOAT", "h", "a", "inf"}),
            "(error) ERR value is NaN or Infinity");
  EXPECT_EQ(Cli({"HINCRBYFLOAT", "h", "a", "nan"}),
            "(error) ERR value is not a valid float");
  EXPECT_EQ(Cli({"HSET", "h", "m", "1.7976931348623157e308"}), "(integer) 1");
  EXPECT_EQ(Cli({"HINCRBYFLOAT", "h", "m", "1.7976931348623157e308"}),
            "\"35953862697246313999184209354820886809677289388865835697062884"
            "1530353257046248792709403737216774171128857586838851041378617416"
            "7269022721107157945560529552341469979553725767896712363265880911"
            "8886985907489458125496133883476929775824555243666719790770566420"
            "6565009503223382416235440319971852753604933726679072768\"");
  EXPECT_EQ(Cli({"HGET", "h", "m"}),
            "\"35953862697246313999184209354820886809677289388865835697062884"
            "1530353257046248792709403737216774171128857586838851041378617416"
            "7269022721107157945560529552341469979553725767896712363265880911"
            "8886985907489458125496133883476929775824555243666719790770566420"
            "6565009503223382416235440319971852753604933726679072768\"");
}

TEST_F(HashCommands, EncodingFollowsValueLengths) {
  EXPECT_EQ(Cli({"HSET", "h", "a",
                 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                 "xxxx"}), "(integer) 1");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "h"}), "\"listpack\"");
  EXPECT_EQ(Cli({"HSET", "h", "b",
                 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                 "xxxxx"}), "(integer) 1");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "h"}), "\"hashtable\"");
  EXPECT_EQ(Cli({"HDEL", "h", "b"}), "(integer) 1");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "h"}), "\"hashtable\"");
  EXPECT_EQ(Cli({"HSET", "g",
                 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                 "xxxxx", "1"}), "(integer) 1");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "g"}), "\"hashtable\"");
  EXPECT_EQ(Cli({"HSET", "f", "a", "1"}), "(integer) 1");
  EXPECT_EQ(Cli({"HSETNX", "f", "a",
                 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                 "xxxxx"}), "(integer) 0");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "f"}), "\"listpack\"");
  EXPECT_EQ(Cli({"HINCRBYFLOAT", "f", "a", "1e70"}),
            "\"10000000000000000000222479489586148259025995410601157579323600"
            "873193472\"");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "f"}), "\"hashtable\"");
}

TEST_F(HashCommands, HrandfieldWithoutMuchChoice) {
  EXPECT_EQ(Cli({"HSET", "h", "only", "v"}), "(integer) 1");
  EXPECT_EQ(Cli({"HRANDFIELD", "h"}), "\"only\"");
  EXPECT_EQ(Cli({"HRANDFIELD", "h", "1"}), "1) \"only\"");
  EXPECT_EQ(Cli({"HRANDFIELD", "h", "-3"}),
            "1) \"only\"\n"
            "2) \"only\"\n"
            "3) \"only\"");
  EXPECT_EQ(Cli({"HRANDFIELD", "h", "5", "WITHVALUES"}),
            "1) \"only\"\n"
            "2) \"v\"");
  EXPECT_EQ(Cli({"HRANDFIELD", "h", "-2", "WITHVALUES"}),
            "1) \"only\"\n"
            "2) \"v\"\n"
            "3) \"only\"\n"
            "4) \"v\"");
  EXPECT_EQ(Cli({"HRANDFIELD", "h", "0"}), "(empty array)");
  EXPECT_EQ(Cli({"HSET", "g", "a", "1", "b", "2", "c", "3"}), "(integer) 3");
  EXPECT_EQ(Cli({"HRANDFIELD", "g", "3"}),
            "1) \"a\"\n"
            "2) \"b\"\n"
            "3) \"c\"");
  EXPECT_EQ(Cli({"HRANDFIELD", "g", "10", "WITHVALUES"}),
            "1) \"a\"\n"
            "2) \"1\"\n"
            "3) \"b\"\n"
            "4) \"2\"\n"
            "5) \"c\"\n"
            "6) \"3\"");
  EXPECT_EQ(Cli({"HRANDFIELD", "nokey"}), "(nil)");
  EXPECT_EQ(Cli({"HRANDFIELD", "nokey", "3"}), "(empty array)");
}

TEST_F(HashCommands, HrandfieldRejectsBadArguments) {
  EXPECT_EQ(Cli({"HSET", "h", "a", "1"}), "(integer) 1");
  EXPECT_EQ(Cli({"HRANDFIELD", "h", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"HRANDFIELD", "h", "1", "WITHSCORES"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"HRANDFIELD", "h", "1", "WITHVALUES", "extra"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"HRANDFIELD", "h", "-9223372036854775808"}),
            "(error) ERR value is out of range, value must between -922337203"
            "6854775807 and 9223372036854775807");
  EXPECT_EQ(Cli({"HRANDFIELD", "h", "9223372036854775807", "WITHVALUES"}),
            "(error) ERR value is out of range");
  EXPECT_EQ(Cli({"HRANDFIELD", "h", "-4611686018427387904", "WITHVALUES"}),
            "(error) ERR value is out of range");
  EXPECT_EQ(Cli({"HRANDFIELD", "nokey", "x"}),
            "(error) ERR value is not an integer or out of range");
}

TEST_F(HashCommands, HscanReturnsASmallHashWhole) {
  EXPECT_EQ(Cli({"HSET", "h", "a", "1", "b", "2", "c", "3", "ab", "4"}),
            "(integer) 4");
  EXPECT_EQ(Cli({"HSCAN", "h", "0"}),
            "1) \"0\"\n"
            "2) 1) \"a\"\n"
            "   2) \"1\"\n"
            "   3) \"b\"\n"
            "   4) \"2\"\n"
            "   5) \"c\"\n"
            "   6) \"3\"\n"
            "   7) \"ab\"\n"
            "   8) \"4\"");
  EXPECT_EQ(Cli({"HSCAN", "h", "99", "COUNT", "1"}),
            "1) \"0\"\n"
            "2) 1) \"a\"\n"
            "   2) \"1\"\n"
            "   3) \"b\"\n"
            "   4) \"2\"\n"
            "   5) \"c\"\n"
            "   6) \"3\"\n"
            "   7) \"ab\"\n"
            "   8) \"4\"");
  EXPECT_EQ(Cli({"HSCAN", "h", "0", "MATCH", "a*"}),
            "1) \"0\"\n"
            "2) 1) \"a\"\n"
            "   2) \"1\"\n"
            "   3) \"ab\"\n"
            "   4) \"4\"");
  EXPECT_EQ(Cli({"HSCAN", "nokey", "0"}),
            "1) \"0\"\n"
            "2) (empty array)");
  EXPECT_EQ(Cli({"HSCAN", "nokey", "0", "COUNT", "0"}),
            "1) \"0\"\n"
            "2) (empty array)");
}

TEST_F(HashCommands, HscanRejectsBadArguments) {
  EXPECT_EQ(Cli({"HSET", "h", "a", "1"}), "(integer) 1");
  EXPECT_EQ(Cli({"HSCAN", "h", "x"}), "(error) ERR invalid cursor");
  EXPECT_EQ(Cli({"HSCAN", "h", "0", "COUNT", "0"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"HSCAN", "h", "0", "COUNT", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"HSCAN", "h", "0", "MATCH"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"HSCAN", "h", "0", "TYPE", "string"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"HSCAN", "h", "18446744073709551616"}),
            "(error) ERR invalid cursor");
  EXPECT_EQ(Cli({"HSCAN", "nokey", "x"}), "(error) ERR invalid cursor");
}

TEST_F(HashCommands, HashesSurviveRenameCopyAndTtl) {
  EXPECT_EQ(Cli({"HSET", "h", "a", "1", "b", "2"}), "(integer) 2");
  EXPECT_EQ(Cli({"EXPIRE", "h", "100"}), "(integer) 1");
  EXPECT_EQ(Cli({"RENAME", "h", "h2"}), "OK");
  EXPECT_EQ(Cli({"TTL", "h2"}), "(integer) 100");
  EXPECT_EQ(Cli({"COPY", "h2", "h3"}), "(integer) 1");
  EXPECT_EQ(Cli({"HSET", "h3", "c", "3"}), "(integer) 1");
  EXPECT_EQ(Cli({"HGETALL", "h2"}),
            "1) \"a\"\n"
            "2) \"1\"\n"
            "3) \"b\"\n"
            "4) \"2\"");
  EXPECT_EQ(Cli({"HGETALL", "h3"}),
            "1) \"a\"\n"
            "2) \"1\"\n"
            "3) \"b\"\n"
            "4) \"2\"\n"
            "5) \"c\"\n"
            "6) \"3\"");
  EXPECT_EQ(Cli({"HDEL", "h2", "a", "b"}), "(integer) 2");
  EXPECT_EQ(Cli({"TTL", "h2"}), "(integer) -2");
}

TEST_F(HashCommands, ScriptsReachHashCommands) {
  EXPECT_EQ(Cli({"HSET", "h", "a", "1"}), "(integer) 1");
  EXPECT_EQ(Cli({"EVAL", "return redis.call('HGETALL', KEYS[1])", "1", "h"}),
            "1) \"a\"\n"
            "2) \"1\"");
  EXPECT_EQ(Cli({"EVAL",
                 "return redis.call('HINCRBYFLOAT', KEYS[1], 'a', '0.5')", "1",
                 "h"}), "\"1.5\"");
  EXPECT_EQ(Cli({"EVAL", "return redis.pcall('HINCRBY', KEYS[1], 'a', 1)", "1",
                 "h"}), "(error) ERR hash value is not an integer");
}

TEST_F(HashCommands, Resp3RepliesMapsAndNestedPairs) {
  Run({"HSET", "h", "a", "1", "b", "2"});
  EXPECT_EQ(Resp3({"HGETALL", "h"}),
            "%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n");
  EXPECT_EQ(Resp3({"HGETALL", "nokey"}), "%0\r\n");
  EXPECT_EQ(Resp3({"HKEYS", "h"}), "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(Resp3({"HGET", "h", "zz"}), "_\r\n");
  EXPECT_EQ(Resp3({"HRANDFIELD", "h", "5", "WITHVALUES"}),
            "*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
  EXPECT_EQ(Cli({"HRANDFIELD", "h", "5", "WITHVALUES"}),
            "1) \"a\"\n2) \"1\"\n3) \"b\"\n4) \"2\"");
  Run({"HSET", "one", "f", "v"});
  EXPECT_EQ(Resp3({"HRANDFIELD", "one", "-2", "WITHVALUES"}),
            "*2\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
}

TEST_F(HashCommands, HrandfieldPicksDistinctFieldsForAPositiveCount) {
  std::vector<std::string> hset = {"HSET", "h"};
  for (int i = 0; i < 1000; ++i) {
    hset.push_back("f" + std::to_string(i));
    hset.push_back(std::to_string(i));
  }
  Run(hset);
  for (const char* count : {"10", "400", "999"}) {
    const Reply r = Run({"HRANDFIELD", "h", count});
    std::set<std::string> distinct;
    for (const Reply& f : r.elements()) distinct.insert(f.str());
    EXPECT_EQ(distinct.size(), r.size());
    EXPECT_EQ(r.size(), std::stoul(count));
  }
  const Reply pairs = Run({"HRANDFIELD", "h", "-20", "WITHVALUES"});
  ASSERT_EQ(pairs.size(), 40u);
  for (size_t i = 0; i < pairs.size(); i += 2) {
    EXPECT_EQ("f" + pairs[i + 1].str(), pairs[i].str());
  }
}

TEST_F(HashCommands, HscanOfALargeHashVisitsEveryFieldAcrossCalls) {
  std::vector<std::string> hset = {"HSET", "h"};
  for (int i = 0; i < 2000; ++i) {
    hset.push_back("f" + std::to_string(i));
    hset.push_back("v");
  }
  Run(hset);
  ASSERT_EQ(Encoding("h"), "\"hashtable\"");
  std::set<std::string> seen;
  std::string cursor = "0";
  int calls = 0;
  int added = 0;
  do {
    const Reply r = Run({"HSCAN", "h", cursor, "COUNT", "25"});
    ASSERT_EQ(r.size(), 2u);
    cursor = r[0].str();
    for (size_t i = 0; i < r[1].size(); i += 2) seen.insert(r[1][i].str());
    ++calls;
    // Grow the hash during the iteration; original fields must all appear.
    if (added < 3000) {
      Run({"HSET", "h", "new" + std::to_string(added++), "v"});
    }
  } while (cursor != "0");
  for (int i = 0; i < 2000; ++i) {
    EXPECT_EQ(seen.count("f" + std::to_string(i)), 1u) << i;
  }
  EXPECT_GT(calls, 20);
}

TEST_F(HashCommands, FiveHundredTwelveFieldsStayListpack) {
  std::vector<std::string> hset = {"HSET", "h"};
  for (int i = 0; i < 512; ++i) {
    hset.push_back("f" + std::to_string(i));
    hset.push_back("v");
  }
  EXPECT_EQ(Cli(hset), "(integer) 512");
  EXPECT_EQ(Encoding("h"), "\"listpack\"");
  EXPECT_EQ(Cli({"HSET", "h", "one-more", "v"}), "(integer) 1");
  EXPECT_EQ(Encoding("h"), "\"hashtable\"");
  EXPECT_EQ(Cli({"HGET", "h", "f511"}), "\"v\"");
}

TEST_F(HashCommands, MemoryFollowsHashesAndReturnsWhenTheyGo) {
  const size_t empty = engine().KeyspaceMemoryBytes();
  Run({"HSET", "small", "a", "1", "b", "2"});
  EXPECT_LT(engine().KeyspaceMemoryBytes(), empty + 250);
  std::vector<std::string> hset = {"HSET", "h"};
  for (int i = 0; i < 1000; ++i) {
    hset.push_back("field:" + std::to_string(i));
    hset.push_back("value");
  }
  Run(hset);
  EXPECT_GT(engine().KeyspaceMemoryBytes(), empty + 1000 * 64);
  Run({"DEL", "h", "small"});
  EXPECT_EQ(engine().KeyspaceMemoryBytes(), empty);
}

}  // namespace
}  // namespace luakv::testing
