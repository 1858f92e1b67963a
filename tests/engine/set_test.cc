// Sets: every command, option, error and edge case. Expected replies were
// taken from redis-cli against Redis 7.0.15.

#include <set>
#include <string>
#include <vector>

#include "engine/collection_test.h"

namespace luakv::testing {
namespace {

class SetCommands : public CollectionCommandTest {};

TEST_F(SetCommands, SaddCountsNewMembersAndKeepsAnIntsetSorted) {
  EXPECT_EQ(Cli({"SADD", "s", "3", "1", "2"}), "(integer) 3");
  EXPECT_EQ(Cli({"SADD", "s", "2", "4"}), "(integer) 1");
  EXPECT_EQ(Cli({"SCARD", "s"}), "(integer) 4");
  EXPECT_EQ(Cli({"SMEMBERS", "s"}),
            "1) \"1\"\n"
            "2) \"2\"\n"
            "3) \"3\"\n"
            "4) \"4\"");
  EXPECT_EQ(Cli({"TYPE", "s"}), "set");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "s"}), "\"intset\"");
}

TEST_F(SetCommands, OnlyRedisIntegersStayInAnIntset) {
  EXPECT_EQ(Cli({"SADD", "a", "-5", "0", "9223372036854775807",
                 "-9223372036854775808"}), "(integer) 4");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "a"}), "\"intset\"");
  EXPECT_EQ(Cli({"SMEMBERS", "a"}),
            "1) \"-9223372036854775808\"\n"
            "2) \"-5\"\n"
            "3) \"0\"\n"
            "4) \"9223372036854775807\"");
  EXPECT_EQ(Cli({"SADD", "b", "007"}), "(integer) 1");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "b"}), "\"hashtable\"");
  EXPECT_EQ(Cli({"SADD", "c", "1.0"}), "(integer) 1");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "c"}), "\"hashtable\"");
  EXPECT_EQ(Cli({"SADD", "d", "-0"}), "(integer) 1");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "d"}), "\"hashtable\"");
  EXPECT_EQ(Cli({"SADD", "e", "9223372036854775808"}), "(integer) 1");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "e"}), "\"hashtable\"");
}

TEST_F(SetCommands, ANonIntegerConvertsForGood) {
  EXPECT_EQ(Cli({"SADD", "s", "1", "2", "3"}), "(integer) 3");
  EXPECT_EQ(Cli({"SADD", "s", "x"}), "(integer) 1");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "s"}), "\"hashtable\"");
  EXPECT_EQ(Cli({"SREM", "s", "x"}), "(integer) 1");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "s"}), "\"hashtable\"");
  EXPECT_EQ(Cli({"SISMEMBER", "s", "2"}), "(integer) 1");
}

TEST_F(SetCommands, SremCountsAndDeletesTheEmptySet) {
  EXPECT_EQ(Cli({"SADD", "s", "a", "b", "c"}), "(integer) 3");
  EXPECT_EQ(Cli({"SREM", "s", "a", "zz"}), "(integer) 1");
  EXPECT_EQ(Cli({"SREM", "s", "b", "c", "d"}), "(integer) 2");
  EXPECT_EQ(Cli({"EXISTS", "s"}), "(integer) 0");
  EXPECT_EQ(Cli({"SREM", "nokey", "a"}), "(integer) 0");
  EXPECT_EQ(Cli({"SADD", "i", "1", "2", "3"}), "(integer) 3");
  EXPECT_EQ(Cli({"SREM", "i", "2", "x", "02"}), "(integer) 1");
  EXPECT_EQ(Cli({"SMEMBERS", "i"}),
            "1) \"1\"\n"
            "2) \"3\"");
}

TEST_F(SetCommands, MembershipTests) {
  EXPECT_EQ(Cli({"SADD", "s", "a", "1"}), "(integer) 2");
  EXPECT_EQ(Cli({"SISMEMBER", "s", "a"}), "(integer) 1");
  EXPECT_EQ(Cli({"SISMEMBER", "s", "01"}), "(integer) 0");
  EXPECT_EQ(Cli({"SMISMEMBER", "s", "a", "b", "1", "01"}),
            "1) (integer) 1\n"
            "2) (integer) 0\n"
            "3) (integer) 1\n"
            "4) (integer) 0");
  EXPECT_EQ(Cli({"SMISMEMBER", "nokey", "a"}), "1) (integer) 0");
  EXPECT_EQ(Cli({"SISMEMBER", "nokey", "a"}), "(integer) 0");
  EXPECT_EQ(Cli({"SCARD", "nokey"}), "(integer) 0");
  EXPECT_EQ(Cli({"SMEMBERS", "nokey"}), "(empty array)");
}

TEST_F(SetCommands, EverySetCommandRefusesOtherTypes) {
  EXPECT_EQ(Cli({"SET", "str", "v"}), "OK");
  EXPECT_EQ(Cli({"SADD", "str", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SREM", "str", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SCARD", "str"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SISMEMBER", "str", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SMISMEMBER", "str", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SMEMBERS", "str"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SRANDMEMBER", "str"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SRANDMEMBER", "str", "2"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SPOP", "str"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SPOP", "str", "2"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SMOVE", "str", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SINTER", "str"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SINTERCARD", "1", "str"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SINTERSTORE", "d", "str"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SUNION", "str"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SUNIONSTORE", "d", "str"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SDIFF", "str"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SDIFFSTORE", "d", "str"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SSCAN", "str", "0"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
}

TEST_F(SetCommands, ExtraArgumentsAreSyntaxErrors) {
  EXPECT_EQ(Cli({"SADD", "s", "1"}), "(integer) 1");
  EXPECT_EQ(Cli({"SPOP", "s", "1", "2"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"SRANDMEMBER", "s", "1", "2"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"SADD", "s"}),
            "(error) ERR wrong number of arguments for 'sadd' command");
  EXPECT_EQ(Cli({"SMOVE", "a", "b"}),
            "(error) ERR wrong number of arguments for 'smove' command");
}

TEST_F(SetCommands, SrandmemberWithoutMuchChoice) {
  EXPECT_EQ(Cli({"SADD", "s", "only"}), "(integer) 1");
  EXPECT_EQ(Cli({"SRANDMEMBER", "s"}), "\"only\"");
  EXPECT_EQ(Cli({"SRANDMEMBER", "s", "3"}), "1) \"only\"");
  EXPECT_EQ(Cli({"SRANDMEMBER", "s", "-3"}),
            "1) \"only\"\n"
            "2) \"only\"\n"
            "3) \"only\"");
  EXPECT_EQ(Cli({"SRANDMEMBER", "s", "0"}), "(empty array)");
  EXPECT_EQ(Cli({"SADD", "t", "5", "3", "1"}), "(integer) 3");
  EXPECT_EQ(Cli({"SRANDMEMBER", "t", "100"}),
            "1) \"1\"\n"
            "2) \"3\"\n"
            "3) \"5\"");
  EXPECT_EQ(Cli({"SRANDMEMBER", "nokey"}), "(nil)");
  EXPECT_EQ(Cli({"SRANDMEMBER", "nokey", "5"}), "(empty array)");
  EXPECT_EQ(Cli({"SRANDMEMBER", "t", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"SRANDMEMBER", "t", "-9223372036854775808"}),
            "(error) ERR value is out of range, value must between -922337203"
            "6854775807 and 9223372036854775807");
}

TEST_F(SetCommands, SpopRemovesWhatItReturns) {
  EXPECT_EQ(Cli({"SADD", "s", "only"}), "(integer) 1");
  EXPECT_EQ(Cli({"SPOP", "s"}), "\"only\"");
  EXPECT_EQ(Cli({"EXISTS", "s"}), "(integer) 0");
  EXPECT_EQ(Cli({"SPOP", "s"}), "(nil)");
  EXPECT_EQ(Cli({"SPOP", "s", "3"}), "(empty array)");
  EXPECT_EQ(Cli({"SADD", "t", "3", "1", "2"}), "(integer) 3");
  EXPECT_EQ(Cli({"SPOP", "t", "5"}),
            "1) \"1\"\n"
            "2) \"2\"\n"
            "3) \"3\"");
  EXPECT_EQ(Cli({"EXISTS", "t"}), "(integer) 0");
  EXPECT_EQ(Cli({"SADD", "u", "1"}), "(integer) 1");
  EXPECT_EQ(Cli({"SPOP", "u", "-1"}),
            "(error) ERR value is out of range, must be positive");
  EXPECT_EQ(Cli({"SPOP", "u", "x"}),
            "(error) ERR value is out of range, must be positive");
  EXPECT_EQ(Cli({"SPOP", "u", "0"}), "(empty array)");
  EXPECT_EQ(Cli({"SCARD", "u"}), "(integer) 1");
}

TEST_F(SetCommands, SmoveMovesOneMember) {
  EXPECT_EQ(Cli({"SADD", "a", "1", "2"}), "(integer) 2");
  EXPECT_EQ(Cli({"SADD", "b", "x"}), "(integer) 1");
  EXPECT_EQ(Cli({"SMOVE", "a", "b", "1"}), "(integer) 1");
  EXPECT_EQ(Cli({"SMEMBERS", "a"}), "1) \"2\"");
  EXPECT_EQ(Cli({"SMOVE", "a", "b", "9"}), "(integer) 0");
  EXPECT_EQ(Cli({"SMOVE", "a", "a", "2"}), "(integer) 1");
  EXPECT_EQ(Cli({"SMOVE", "a", "a", "3"}), "(integer) 0");
  EXPECT_EQ(Cli({"SMOVE", "a", "c", "2"}), "(integer) 1");
  EXPECT_EQ(Cli({"EXISTS", "a"}), "(integer) 0");
  EXPECT_EQ(Cli({"SMEMBERS", "c"}), "1) \"2\"");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "c"}), "\"intset\"");
  EXPECT_EQ(Cli({"SET", "str", "v"}), "OK");
  EXPECT_EQ(Cli({"SMOVE", "c", "str", "2"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SMOVE", "nokey", "str", "2"}), "(integer) 0");
}

TEST_F(SetCommands, SinterWalksTheSmallestSet) {
  EXPECT_EQ(Cli({"SADD", "a", "1", "2", "3", "4", "5"}), "(integer) 5");
  EXPECT_EQ(Cli({"SADD", "b", "5", "3", "1", "7"}), "(integer) 4");
  EXPECT_EQ(Cli({"SINTER", "a", "b"}),
            "1) \"1\"\n"
            "2) \"3\"\n"
            "3) \"5\"");
  EXPECT_EQ(Cli({"SINTER", "b", "a"}),
            "1) \"1\"\n"
            "2) \"3\"\n"
            "3) \"5\"");
  EXPECT_EQ(Cli({"SINTER", "a", "nokey"}), "(empty array)");
  EXPECT_EQ(Cli({"SINTER", "a", "a"}),
            "1) \"1\"\n"
            "2) \"2\"\n"
            "3) \"3\"\n"
            "4) \"4\"\n"
            "5) \"5\"");
  EXPECT_EQ(Cli({"SET", "str", "v"}), "OK");
  EXPECT_EQ(Cli({"SINTER", "nokey", "str"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
}

TEST_F(SetCommands, SintercardCountsWithALimit) {
  EXPECT_EQ(Cli({"SADD", "a", "1", "2", "3", "4", "5"}), "(integer) 5");
  EXPECT_EQ(Cli({"SADD", "b", "2", "3", "4", "5", "6"}), "(integer) 5");
  EXPECT_EQ(Cli({"SINTERCARD", "2", "a", "b"}), "(integer) 4");
  EXPECT_EQ(Cli({"SINTERCARD", "2", "a", "b", "LIMIT", "2"}), "(integer) 2");
  EXPECT_EQ(Cli({"SINTERCARD", "2", "a", "b", "LIMIT", "0"}), "(integer) 4");
  EXPECT_EQ(Cli({"SINTERCARD", "2", "a", "nokey"}), "(integer) 0");
  EXPECT_EQ(Cli({"SINTERCARD", "0", "a"}),
            "(error) ERR numkeys should be greater than 0");
  EXPECT_EQ(Cli({"SINTERCARD", "2", "a"}),
            "(error) ERR Number of keys can't be greater than number of args");
  EXPECT_EQ(Cli({"SINTERCARD", "1", "a", "LIMIT", "-1"}),
            "(error) ERR LIMIT can't be negative");
  EXPECT_EQ(Cli({"SINTERCARD", "1", "a", "LIMIT"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"SINTERCARD", "1", "a", "FOO", "1"}),
            "(error) ERR syntax error");
}

TEST_F(SetCommands, SinterstoreReplacesAndDeletes) {
  EXPECT_EQ(Cli({"SADD", "a", "1", "2", "3"}), "(integer) 3");
  EXPECT_EQ(Cli({"SADD", "b", "2", "3", "4"}), "(integer) 3");
  EXPECT_EQ(Cli({"SET", "d", "old"}), "OK");
  EXPECT_EQ(Cli({"EXPIRE", "d", "100"}), "(integer) 1");
  EXPECT_EQ(Cli({"SINTERSTORE", "d", "a", "b"}), "(integer) 2");
  EXPECT_EQ(Cli({"SMEMBERS", "d"}),
            "1) \"2\"\n"
            "2) \"3\"");
  EXPECT_EQ(Cli({"TTL", "d"}), "(integer) -1");
  EXPECT_EQ(Cli({"SADD", "c", "9"}), "(integer) 1");
  EXPECT_EQ(Cli({"SINTERSTORE", "d", "a", "c"}), "(integer) 0");
  EXPECT_EQ(Cli({"EXISTS", "d"}), "(integer) 0");
}

TEST_F(SetCommands, SinterstoreOfHashtablesCanMakeAnIntset) {
  EXPECT_EQ(Cli({"SADD", "a", "x", "1", "2"}), "(integer) 3");
  EXPECT_EQ(Cli({"SADD", "b", "y", "1", "2"}), "(integer) 3");
  EXPECT_EQ(Cli({"SINTERSTORE", "d", "a", "b"}), "(integer) 2");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "d"}), "\"intset\"");
  EXPECT_EQ(Cli({"SMEMBERS", "d"}),
            "1) \"1\"\n"
            "2) \"2\"");
}

TEST_F(SetCommands, SunionAndSunionstore) {
  EXPECT_EQ(Cli({"SADD", "a", "5", "1", "3"}), "(integer) 3");
  EXPECT_EQ(Cli({"SADD", "b", "2", "4", "3"}), "(integer) 3");
  EXPECT_EQ(Cli({"SUNION", "a", "b"}),
            "1) \"1\"\n"
            "2) \"2\"\n"
            "3) \"3\"\n"
            "4) \"4\"\n"
            "5) \"5\"");
  EXPECT_EQ(Cli({"SUNION", "nokey"}), "(empty array)");
  EXPECT_EQ(Cli({"SUNIONSTORE", "d", "a", "nokey", "b"}), "(integer) 5");
  EXPECT_EQ(Cli({"SMEMBERS", "d"}),
            "1) \"1\"\n"
            "2) \"2\"\n"
            "3) \"3\"\n"
            "4) \"4\"\n"
            "5) \"5\"");
  EXPECT_EQ(Cli({"SUNIONSTORE", "d", "nokey"}), "(integer) 0");
  EXPECT_EQ(Cli({"EXISTS", "d"}), "(integer) 0");
}

TEST_F(SetCommands, SdiffAndSdiffstore) {
  EXPECT_EQ(Cli({"SADD", "a", "1", "2", "3", "4", "5"}), "(integer) 5");
  EXPECT_EQ(Cli({"SADD", "b", "2", "4"}), "(integer) 2");
  EXPECT_EQ(Cli({"SADD", "c", "5"}), "(integer) 1");
  EXPECT_EQ(Cli({"SDIFF", "a", "b", "c"}),
            "1) \"1\"\n"
            "2) \"3\"");
  EXPECT_EQ(Cli({"SDIFF", "a", "a"}), "(empty array)");
  EXPECT_EQ(Cli({"SDIFF", "nokey", "a"}), "(empty array)");
  EXPECT_EQ(Cli({"SADD", "m", "1", "2", "x"}), "(integer) 3");
  EXPECT_EQ(Cli({"SADD", "n", "x"}), "(integer) 1");
  EXPECT_EQ(Cli({"SDIFF", "m", "n"}),
            "1) \"1\"\n"
            "2) \"2\"");
  EXPECT_EQ(Cli({"SDIFFSTORE", "d", "m", "n"}), "(integer) 2");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "d"}), "\"intset\"");
  EXPECT_EQ(Cli({"SDIFFSTORE", "d", "a", "a"}), "(integer) 0");
  EXPECT_EQ(Cli({"EXISTS", "d"}), "(integer) 0");
}

TEST_F(SetCommands, SscanReturnsASmallSetWhole) {
  EXPECT_EQ(Cli({"SADD", "s", "3", "1", "2", "10"}), "(integer) 4");
  EXPECT_EQ(Cli({"SSCAN", "s", "0"}),
            "1) \"0\"\n"
            "2) 1) \"1\"\n"
            "   2) \"2\"\n"
            "   3) \"3\"\n"
            "   4) \"10\"");
  EXPECT_EQ(Cli({"SSCAN", "s", "5", "COUNT", "1"}),
            "1) \"0\"\n"
            "2) 1) \"1\"\n"
            "   2) \"2\"\n"
            "   3) \"3\"\n"
            "   4) \"10\"");
  EXPECT_EQ(Cli({"SSCAN", "s", "0", "MATCH", "1*"}),
            "1) \"0\"\n"
            "2) 1) \"1\"\n"
            "   2) \"10\"");
  EXPECT_EQ(Cli({"SSCAN", "nokey", "0"}),
            "1) \"0\"\n"
            "2) (empty array)");
  EXPECT_EQ(Cli({"SSCAN", "s", "x"}), "(error) ERR invalid cursor");
  EXPECT_EQ(Cli({"SSCAN", "s", "0", "COUNT", "0"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"SSCAN", "s", "0", "MATCH"}), "(error) ERR syntax error");
}

TEST_F(SetCommands, SetsSurviveRenameAndCopy) {
  EXPECT_EQ(Cli({"SADD", "i", "1", "2"}), "(integer) 2");
  EXPECT_EQ(Cli({"RENAME", "i", "j"}), "OK");
  EXPECT_EQ(Cli({"COPY", "j", "k"}), "(integer) 1");
  EXPECT_EQ(Cli({"SADD", "k", "3"}), "(integer) 1");
  EXPECT_EQ(Cli({"SMEMBERS", "j"}),
            "1) \"1\"\n"
            "2) \"2\"");
  EXPECT_EQ(Cli({"SMEMBERS", "k"}),
            "1) \"1\"\n"
            "2) \"2\"\n"
            "3) \"3\"");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "k"}), "\"intset\"");
}

TEST_F(SetCommands, ScriptsReachSetCommands) {
  EXPECT_EQ(Cli({"SADD", "s", "3", "1", "2"}), "(integer) 3");
  EXPECT_EQ(Cli({"EVAL", "return redis.call('SMEMBERS', KEYS[1])", "1", "s"}),
            "1) \"1\"\n"
            "2) \"2\"\n"
            "3) \"3\"");
  EXPECT_EQ(Cli({"EVAL", "return redis.call('SINTERCARD', 1, KEYS[1])", "1",
                 "s"}), "(integer) 3");
  EXPECT_EQ(Cli({"EVAL", "return redis.call('SISMEMBER', KEYS[1], 2)", "1",
                 "s"}), "(integer) 1");
}

TEST_F(SetCommands, Resp3RepliesSets) {
  Run({"SADD", "s", "2", "1"});
  EXPECT_EQ(Resp3({"SMEMBERS", "s"}), "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(Resp3({"SMEMBERS", "nokey"}), "~0\r\n");
  EXPECT_EQ(Resp3({"SINTER", "s", "nokey"}), "~0\r\n");
  EXPECT_EQ(Resp3({"SUNION", "s"}), "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(Resp3({"SRANDMEMBER", "s", "5"}), "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(Resp3({"SPOP", "nokey", "1"}), "~0\r\n");
  EXPECT_EQ(Resp3({"SPOP", "nokey"}), "_\r\n");
  EXPECT_EQ(Resp3({"SPOP", "s", "5"}), "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(Resp3({"SMISMEMBER", "s", "1"}), "*1\r\n:0\r\n");
}

TEST_F(SetCommands, SpopAndSrandmemberPickDistinctMembers) {
  std::vector<std::string> sadd = {"SADD", "s"};
  for (int i = 0; i < 1000; ++i) sadd.push_back("m" + std::to_string(i));
  Run(sadd);
  for (const char* count : {"10", "400", "999"}) {
    const Reply r = Run({"SRANDMEMBER", "s", count});
    std::set<std::string> distinct;
    for (const Reply& m : r.elements()) distinct.insert(m.str());
    EXPECT_EQ(distinct.size(), std::stoul(count));
  }
  EXPECT_EQ(Run({"SRANDMEMBER", "s", "-2000"}).size(), 2000u);
  std::set<std::string> popped;
  for (const char* count : {"10", "500", "400"}) {
    const Reply r = Run({"SPOP", "s", count});
    ASSERT_EQ(r.size(), std::stoul(count));
    for (const Reply& m : r.elements()) {
      EXPECT_TRUE(popped.insert(m.str()).second) << m.str();
      EXPECT_EQ(Cli({"SISMEMBER", "s", m.str()}), "(integer) 0");
    }
  }
  EXPECT_EQ(Cli({"SCARD", "s"}), "(integer) 90");
}

TEST_F(SetCommands, SpopLeavingFewMembersRebuildsAnIntset) {
  Run({"SADD", "s", "a", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"});
  Run({"SREM", "s", "a"});
  EXPECT_EQ(Encoding("s"), "\"hashtable\"");
  Run({"EXPIRE", "s", "100"});
  EXPECT_EQ(Run({"SPOP", "s", "9"}).size(), 9u);
  EXPECT_EQ(Encoding("s"), "\"intset\"");
  EXPECT_EQ(Cli({"TTL", "s"}), "(integer) 100");
}

TEST_F(SetCommands, FiveHundredTwelveIntegersStayAnIntset) {
  std::vector<std::string> sadd = {"SADD", "s"};
  for (int i = 0; i < 512; ++i) sadd.push_back(std::to_string(i));
  EXPECT_EQ(Cli(sadd), "(integer) 512");
  EXPECT_EQ(Encoding("s"), "\"intset\"");
  EXPECT_EQ(Cli({"SADD", "s", "512"}), "(integer) 1");
  EXPECT_EQ(Encoding("s"), "\"hashtable\"");
}

TEST_F(SetCommands, SscanOfALargeSetVisitsEveryMemberAcrossCalls) {
  std::vector<std::string> sadd = {"SADD", "s"};
  for (int i = 0; i < 3000; ++i) sadd.push_back("m" + std::to_string(i));
  Run(sadd);
  std::set<std::string> seen;
  std::string cursor = "0";
  int removed = 0;
  do {
    const Reply r = Run({"SSCAN", "s", cursor, "COUNT", "20"});
    cursor = r[0].str();
    for (const Reply& m : r[1].elements()) seen.insert(m.str());
    // Shrink the set during the iteration (members 1000 and up go).
    for (int k = 0; k < 30 && removed < 2000; ++k, ++removed) {
      Run({"SREM", "s", "m" + std::to_string(1000 + removed)});
    }
  } while (cursor != "0");
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(seen.count("m" + std::to_string(i)), 1u) << i;
  }
}

TEST_F(SetCommands, MemoryFollowsSetsAndReturnsWhenTheyGo) {
  const size_t empty = engine().KeyspaceMemoryBytes();
  std::vector<std::string> sadd = {"SADD", "s"};
  for (int i = 0; i < 500; ++i) sadd.push_back(std::to_string(i));
  Run(sadd);
  // An intset of small integers: two bytes each.
  EXPECT_LT(engine().KeyspaceMemoryBytes(), empty + 500 * 2 + 300);
  Run({"SADD", "s", "x"});
  EXPECT_GT(engine().KeyspaceMemoryBytes(), empty + 500 * 48);
  Run({"DEL", "s"});
  EXPECT_EQ(engine().KeyspaceMemoryBytes(), empty);
}

}  // namespace
}  // namespace luakv::testing
