// Sorted sets: every command, option, error and edge case. Expected replies
// were taken from redis-cli against Redis 7.0.15.

#include <set>
#include <string>
#include <vector>

#include "engine/collection_test.h"

namespace luakv::testing {
namespace {

class ZSetCommands : public CollectionCommandTest {};

TEST_F(ZSetCommands, ZaddAddsAndUpdates) {
  EXPECT_EQ(Cli({"ZADD", "z", "1", "a", "2", "b", "3", "c"}), "(integer) 3");
  EXPECT_EQ(Cli({"ZADD", "z", "10", "a", "4", "d"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZCARD", "z"}), "(integer) 4");
  EXPECT_EQ(Cli({"ZRANGE", "z", "0", "-1", "WITHSCORES"}),
            "1) \"b\"\n"
            "2) \"2\"\n"
            "3) \"c\"\n"
            "4) \"3\"\n"
            "5) \"d\"\n"
            "6) \"4\"\n"
            "7) \"a\"\n"
            "8) \"10\"");
  EXPECT_EQ(Cli({"TYPE", "z"}), "zset");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "z"}), "\"listpack\"");
}

TEST_F(ZSetCommands, ZaddOptions) {
  EXPECT_EQ(Cli({"ZADD", "z", "1", "a", "2", "b"}), "(integer) 2");
  EXPECT_EQ(Cli({"ZADD", "z", "CH", "1", "a", "3", "b", "4", "c"}),
            "(integer) 2");
  EXPECT_EQ(Cli({"ZADD", "z", "NX", "5", "a", "2", "e"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZADD", "z", "XX", "5", "a", "3", "f"}), "(integer) 0");
  EXPECT_EQ(Cli({"ZADD", "z", "GT", "CH", "6", "a", "1", "b"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZADD", "z", "LT", "CH", "7", "a", "0", "b"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZADD", "z", "GT", "XX", "CH", "8", "a", "9", "g"}),
            "(integer) 1");
  EXPECT_EQ(Cli({"ZRANGE", "z", "0", "-1", "WITHSCORES"}),
            "1) \"b\"\n"
            "2) \"0\"\n"
            "3) \"e\"\n"
            "4) \"2\"\n"
            "5) \"c\"\n"
            "6) \"4\"\n"
            "7) \"a\"\n"
            "8) \"8\"");
  EXPECT_EQ(Cli({"ZADD", "nokey", "XX", "1", "a"}), "(integer) 0");
  EXPECT_EQ(Cli({"EXISTS", "nokey"}), "(integer) 0");
}

TEST_F(ZSetCommands, ZaddIncr) {
  EXPECT_EQ(Cli({"ZADD", "z", "INCR", "5", "a"}), "\"5\"");
  EXPECT_EQ(Cli({"ZADD", "z", "INCR", "2.5", "a"}), "\"7.5\"");
  EXPECT_EQ(Cli({"ZADD", "z", "NX", "INCR", "1", "a"}), "(nil)");
  EXPECT_EQ(Cli({"ZADD", "z", "XX", "INCR", "1", "zz"}), "(nil)");
  EXPECT_EQ(Cli({"ZADD", "z", "GT", "INCR", "-1", "a"}), "(nil)");
  EXPECT_EQ(Cli({"ZADD", "z", "INCR", "0", "a"}), "\"7.5\"");
  EXPECT_EQ(Cli({"ZADD", "nokey", "XX", "INCR", "1", "a"}), "(nil)");
  EXPECT_EQ(Cli({"ZADD", "z", "inf", "b"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZADD", "z", "INCR", "-inf", "b"}),
            "(error) ERR resulting score is not a number (NaN)");
  EXPECT_EQ(Cli({"ZSCORE", "z", "b"}), "\"inf\"");
}

TEST_F(ZSetCommands, ZaddRejectsBadOptionsBeforeChangingAnything) {
  EXPECT_EQ(Cli({"ZADD", "z", "NX", "XX", "1", "a"}),
            "(error) ERR XX and NX options at the same time are not compatibl"
            "e");
  EXPECT_EQ(Cli({"ZADD", "z", "GT", "LT", "1", "a"}),
            "(error) ERR GT, LT, and/or NX options at the same time are not c"
            "ompatible");
  EXPECT_EQ(Cli({"ZADD", "z", "GT", "NX", "1", "a"}),
            "(error) ERR GT, LT, and/or NX options at the same time are not c"
            "ompatible");
  EXPECT_EQ(Cli({"ZADD", "z", "INCR", "1", "a", "2", "b"}),
            "(error) ERR INCR option supports a single increment-element pair");
  EXPECT_EQ(Cli({"ZADD", "z", "1", "a", "2"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"ZADD", "z", "1", "a", "x", "b"}),
            "(error) ERR value is not a valid float");
  EXPECT_EQ(Cli({"ZADD", "z", "nan", "a"}),
            "(error) ERR value is not a valid float");
  EXPECT_EQ(Cli({"EXISTS", "z"}), "(integer) 0");
  EXPECT_EQ(Cli({"SET", "s", "v"}), "OK");
  EXPECT_EQ(Cli({"ZADD", "s", "x", "a"}),
            "(error) ERR value is not a valid float");
  EXPECT_EQ(Cli({"ZADD", "s", "1", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
}

TEST_F(ZSetCommands, ScoresPrintWithSeventeenDigits) {
  EXPECT_EQ(Cli({"ZADD", "z", "inf", "a", "-inf", "b", "1e3", "d", "0.1", "f",
                 "1.7976931348623157e308", "g", "5e-324", "h"}), "(integer) 6");
  EXPECT_EQ(Cli({"ZRANGE", "z", "0", "-1", "WITHSCORES"}),
            " 1) \"b\"\n"
            " 2) \"-inf\"\n"
            " 3) \"h\"\n"
            " 4) \"4.9406564584124654e-324\"\n"
            " 5) \"f\"\n"
            " 6) \"0.10000000000000001\"\n"
            " 7) \"d\"\n"
            " 8) \"1000\"\n"
            " 9) \"g\"\n"
            "10) \"1.7976931348623157e+308\"\n"
            "11) \"a\"\n"
            "12) \"inf\"");
  EXPECT_EQ(Cli({"ZSCORE", "z", "f"}), "\"0.10000000000000001\"");
  EXPECT_EQ(Cli({"ZINCRBY", "z", "0.2", "f"}), "\"0.30000000000000004\"");
  EXPECT_EQ(Cli({"ZADD", "z", "0x10", "i"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZSCORE", "z", "i"}), "\"16\"");
  EXPECT_EQ(Cli({"ZADD", "z", " 1", "j"}),
            "(error) ERR value is not a valid float");
}

TEST_F(ZSetCommands, NegativeZeroIsKeptByTheSkiplistOnly) {
  EXPECT_EQ(Cli({"ZADD", "y", "INCR", "-0", "b"}), "\"-0\"");
  EXPECT_EQ(Cli({"ZSCORE", "y", "b"}), "\"0\"");
  EXPECT_EQ(Cli({"ZADD", "z", "1",
                 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                 "xxxxxxxxxxxxxx"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZADD", "z", "-0", "a"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZSCORE", "z", "a"}), "\"-0\"");
}

TEST_F(ZSetCommands, TiesOrderByMember) {
  EXPECT_EQ(Cli({"ZADD", "z", "1", "b", "1", "a", "1", "c", "0", "d", "1", ""}),
            "(integer) 5");
  EXPECT_EQ(Cli({"ZRANGE", "z", "0", "-1"}),
            "1) \"d\"\n"
            "2) \"\"\n"
            "3) \"a\"\n"
            "4) \"b\"\n"
            "5) \"c\"");
  EXPECT_EQ(Cli({"ZRANK", "z", "c"}), "(integer) 4");
}

TEST_F(ZSetCommands, ZincrbyAddsAndRejectsNan) {
  EXPECT_EQ(Cli({"ZINCRBY", "z", "2", "a"}), "\"2\"");
  EXPECT_EQ(Cli({"ZINCRBY", "z", "-10", "a"}), "\"-8\"");
  EXPECT_EQ(Cli({"ZINCRBY", "z", "x", "a"}),
            "(error) ERR value is not a valid float");
  EXPECT_EQ(Cli({"ZINCRBY", "z", "NX", "a"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"ZADD", "z", "inf", "b"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZINCRBY", "z", "-inf", "b"}),
            "(error) ERR resulting score is not a number (NaN)");
}

TEST_F(ZSetCommands, ZremZscoreZmscoreZrank) {
  EXPECT_EQ(Cli({"ZADD", "z", "1", "a", "2", "b", "3", "c", "3", "d"}),
            "(integer) 4");
  EXPECT_EQ(Cli({"ZREM", "z", "a", "zz"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZSCORE", "z", "b"}), "\"2\"");
  EXPECT_EQ(Cli({"ZSCORE", "z", "a"}), "(nil)");
  EXPECT_EQ(Cli({"ZMSCORE", "z", "b", "a", "c"}),
            "1) \"2\"\n"
            "2) (nil)\n"
            "3) \"3\"");
  EXPECT_EQ(Cli({"ZMSCORE", "nokey", "a"}), "1) (nil)");
  EXPECT_EQ(Cli({"ZRANK", "z", "d"}), "(integer) 2");
  EXPECT_EQ(Cli({"ZREVRANK", "z", "d"}), "(integer) 0");
  EXPECT_EQ(Cli({"ZRANK", "z", "zz"}), "(nil)");
  EXPECT_EQ(Cli({"ZRANK", "nokey", "a"}), "(nil)");
  EXPECT_EQ(Cli({"ZREM", "z", "b", "c", "d"}), "(integer) 3");
  EXPECT_EQ(Cli({"EXISTS", "z"}), "(integer) 0");
}

TEST_F(ZSetCommands, EverySortedSetCommandRefusesOtherTypes) {
  EXPECT_EQ(Cli({"SET", "s", "v"}), "OK");
  EXPECT_EQ(Cli({"ZADD", "s", "1", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZINCRBY", "s", "1", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZREM", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZCARD", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZSCORE", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZMSCORE", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZRANK", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZCOUNT", "s", "0", "1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZLEXCOUNT", "s", "-", "+"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZRANGE", "s", "0", "-1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZRANGESTORE", "d", "s", "0", "-1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZRANGEBYSCORE", "s", "0", "1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZRANGEBYLEX", "s", "-", "+"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZREMRANGEBYRANK", "s", "0", "1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZREMRANGEBYSCORE", "s", "0", "1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZREMRANGEBYLEX", "s", "-", "+"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZPOPMIN", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"BZPOPMAX", "s", "0"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZMPOP", "1", "s", "MIN"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZRANDMEMBER", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZUNION", "1", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZINTERSTORE", "d", "1", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZINTERCARD", "1", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZDIFF", "1", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"ZSCAN", "s", "0"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
}

TEST_F(ZSetCommands, ZrangeByRank) {
  EXPECT_EQ(Cli({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5",
                 "e"}), "(integer) 5");
  EXPECT_EQ(Cli({"ZRANGE", "z", "1", "3"}),
            "1) \"b\"\n"
            "2) \"c\"\n"
            "3) \"d\"");
  EXPECT_EQ(Cli({"ZRANGE", "z", "-2", "-1", "WITHSCORES"}),
            "1) \"d\"\n"
            "2) \"4\"\n"
            "3) \"e\"\n"
            "4) \"5\"");
  EXPECT_EQ(Cli({"ZRANGE", "z", "3", "1"}), "(empty array)");
  EXPECT_EQ(Cli({"ZRANGE", "z", "0", "1", "REV"}),
            "1) \"e\"\n"
            "2) \"d\"");
  EXPECT_EQ(Cli({"ZREVRANGE", "z", "1", "3", "WITHSCORES"}),
            "1) \"d\"\n"
            "2) \"4\"\n"
            "3) \"c\"\n"
            "4) \"3\"\n"
            "5) \"b\"\n"
            "6) \"2\"");
  EXPECT_EQ(Cli({"ZRANGE", "z", "0", "-1", "LIMIT", "0", "1"}),
            "(error) ERR syntax error, LIMIT is only supported in combination"
            " with either BYSCORE or BYLEX");
  EXPECT_EQ(Cli({"ZRANGE", "z", "0", "-1", "REV", "REV"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"ZRANGE", "z", "a", "-1"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"ZRANGE", "nokey", "0", "-1"}), "(empty array)");
}

TEST_F(ZSetCommands, ZrangeByScore) {
  EXPECT_EQ(Cli({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5",
                 "e"}), "(integer) 5");
  EXPECT_EQ(Cli({"ZRANGEBYSCORE", "z", "(2", "4"}),
            "1) \"c\"\n"
            "2) \"d\"");
  EXPECT_EQ(Cli({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "1", "2"}),
            "1) \"b\"\n"
            "2) \"c\"");
  EXPECT_EQ(Cli({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "3", "-1"}),
            "1) \"d\"\n"
            "2) \"e\"");
  EXPECT_EQ(Cli({"ZRANGEBYSCORE", "z", "-inf", "+inf", "LIMIT", "-1", "2"}),
            "(empty array)");
  EXPECT_EQ(Cli({"ZRANGEBYSCORE", "z", "2", "4", "WITHSCORES", "LIMIT", "1",
                 "5"}),
            "1) \"c\"\n"
            "2) \"3\"\n"
            "3) \"d\"\n"
            "4) \"4\"");
  EXPECT_EQ(Cli({"ZREVRANGEBYSCORE", "z", "(4", "(2", "WITHSCORES"}),
            "1) \"c\"\n"
            "2) \"3\"");
  EXPECT_EQ(Cli({"ZRANGE", "z", "(5", "1", "BYSCORE", "REV", "LIMIT", "1", "2",
                 "WITHSCORES"}),
            "1) \"c\"\n"
            "2) \"3\"\n"
            "3) \"b\"\n"
            "4) \"2\"");
  EXPECT_EQ(Cli({"ZRANGEBYSCORE", "z", "", ""}), "(empty array)");
  EXPECT_EQ(Cli({"ZRANGEBYSCORE", "z", "nan", "1"}),
            "(error) ERR min or max is not a float");
  EXPECT_EQ(Cli({"ZRANGEBYSCORE", "z", "1x", "2"}),
            "(error) ERR min or max is not a float");
  EXPECT_EQ(Cli({"ZCOUNT", "z", "(2", "4"}), "(integer) 2");
  EXPECT_EQ(Cli({"ZCOUNT", "nokey", "0", "1"}), "(integer) 0");
}

TEST_F(ZSetCommands, ZrangeByLex) {
  EXPECT_EQ(Cli({"ZADD", "z", "0", "a", "0", "b", "0", "c", "0", "d", "0",
                 "e"}), "(integer) 5");
  EXPECT_EQ(Cli({"ZRANGEBYLEX", "z", "[b", "(d"}),
            "1) \"b\"\n"
            "2) \"c\"");
  EXPECT_EQ(Cli({"ZRANGEBYLEX", "z", "-", "+", "LIMIT", "1", "2"}),
            "1) \"b\"\n"
            "2) \"c\"");
  EXPECT_EQ(Cli({"ZREVRANGEBYLEX", "z", "[d", "[b"}),
            "1) \"d\"\n"
            "2) \"c\"\n"
            "3) \"b\"");
  EXPECT_EQ(Cli({"ZRANGE", "z", "[e", "[b", "BYLEX", "REV"}),
            "1) \"e\"\n"
            "2) \"d\"\n"
            "3) \"c\"\n"
            "4) \"b\"");
  EXPECT_EQ(Cli({"ZLEXCOUNT", "z", "(a", "+"}), "(integer) 4");
  EXPECT_EQ(Cli({"ZRANGEBYLEX", "z", "a", "+"}),
            "(error) ERR min or max not valid string range item");
  EXPECT_EQ(Cli({"ZRANGEBYLEX", "z", "-", "+", "WITHSCORES"}),
            "(error) ERR syntax error, WITHSCORES not supported in combinatio"
            "n with BYLEX");
  EXPECT_EQ(Cli({"ZRANGE", "z", "-", "+", "BYLEX", "WITHSCORES"}),
            "(error) ERR syntax error, WITHSCORES not supported in combinatio"
            "n with BYLEX");
}

TEST_F(ZSetCommands, Zrangestore) {
  EXPECT_EQ(Cli({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"}),
            "(integer) 4");
  EXPECT_EQ(Cli({"ZRANGESTORE", "d", "z", "1", "2"}), "(integer) 2");
  EXPECT_EQ(Cli({"ZRANGE", "d", "0", "-1", "WITHSCORES"}),
            "1) \"b\"\n"
            "2) \"2\"\n"
            "3) \"c\"\n"
            "4) \"3\"");
  EXPECT_EQ(Cli({"ZRANGESTORE", "d", "z", "3", "2", "BYSCORE", "REV"}),
            "(integer) 2");
  EXPECT_EQ(Cli({"ZRANGE", "d", "0", "-1"}),
            "1) \"b\"\n"
            "2) \"c\"");
  EXPECT_EQ(Cli({"ZRANGESTORE", "d", "z", "5", "10"}), "(integer) 0");
  EXPECT_EQ(Cli({"EXISTS", "d"}), "(integer) 0");
  EXPECT_EQ(Cli({"ZRANGESTORE", "d", "z", "0", "-1", "WITHSCORES"}),
            "(error) ERR syntax error");
}

TEST_F(ZSetCommands, Zremrangeby) {
  EXPECT_EQ(Cli({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e",
                 "6", "f"}), "(integer) 6");
  EXPECT_EQ(Cli({"ZREMRANGEBYRANK", "z", "0", "1"}), "(integer) 2");
  EXPECT_EQ(Cli({"ZREMRANGEBYSCORE", "z", "(3", "4"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZRANGE", "z", "0", "-1"}),
            "1) \"c\"\n"
            "2) \"e\"\n"
            "3) \"f\"");
  EXPECT_EQ(Cli({"ZADD", "l", "0", "a", "0", "b", "0", "c"}), "(integer) 3");
  EXPECT_EQ(Cli({"ZREMRANGEBYLEX", "l", "[b", "+"}), "(integer) 2");
  EXPECT_EQ(Cli({"ZRANGE", "l", "0", "-1"}), "1) \"a\"");
  EXPECT_EQ(Cli({"ZREMRANGEBYRANK", "z", "0", "-1"}), "(integer) 3");
  EXPECT_EQ(Cli({"EXISTS", "z"}), "(integer) 0");
  EXPECT_EQ(Cli({"ZREMRANGEBYSCORE", "z", "x", "1"}),
            "(error) ERR min or max is not a float");
  EXPECT_EQ(Cli({"ZREMRANGEBYLEX", "z", "x", "+"}),
            "(error) ERR min or max not valid string range item");
}

TEST_F(ZSetCommands, Pops) {
  EXPECT_EQ(Cli({"ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d"}),
            "(integer) 4");
  EXPECT_EQ(Cli({"ZPOPMIN", "z"}),
            "1) \"a\"\n"
            "2) \"1\"");
  EXPECT_EQ(Cli({"ZPOPMAX", "z", "2"}),
            "1) \"d\"\n"
            "2) \"4\"\n"
            "3) \"c\"\n"
            "4) \"3\"");
  EXPECT_EQ(Cli({"ZPOPMIN", "z", "0"}), "(empty array)");
  EXPECT_EQ(Cli({"ZPOPMIN", "z", "-1"}),
            "(error) ERR value is out of range, must be positive");
  EXPECT_EQ(Cli({"ZPOPMIN", "z", "1", "2"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"ZPOPMIN", "z", "5"}),
            "1) \"b\"\n"
            "2) \"2\"");
  EXPECT_EQ(Cli({"EXISTS", "z"}), "(integer) 0");
  EXPECT_EQ(Cli({"ZPOPMIN", "z"}), "(empty array)");
}

TEST_F(ZSetCommands, BlockingPopsActAtOnceWhenSomethingIsThere) {
  EXPECT_EQ(Cli({"ZADD", "z", "1", "a", "2", "b", "3", "c"}), "(integer) 3");
  EXPECT_EQ(Cli({"BZPOPMIN", "nokey", "z", "0"}),
            "1) \"z\"\n"
            "2) \"a\"\n"
            "3) \"1\"");
  EXPECT_EQ(Cli({"BZPOPMAX", "z", "1.5"}),
            "1) \"z\"\n"
            "2) \"c\"\n"
            "3) \"3\"");
  EXPECT_EQ(Cli({"BZMPOP", "0", "1", "z", "MIN", "COUNT", "5"}),
            "1) \"z\"\n"
            "2) 1) 1) \"b\"\n"
            "      2) \"2\"");
  EXPECT_EQ(Cli({"BZPOPMIN", "z", "-1"}), "(error) ERR timeout is negative");
  EXPECT_EQ(Cli({"BZMPOP", "x", "1", "z", "MIN"}),
            "(error) ERR timeout is not a float or out of range");
}

TEST_F(ZSetCommands, Zmpop) {
  EXPECT_EQ(Cli({"ZADD", "a", "1", "x", "2", "y"}), "(integer) 2");
  EXPECT_EQ(Cli({"ZADD", "b", "5", "m"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZMPOP", "2", "nokey", "a", "MIN"}),
            "1) \"a\"\n"
            "2) 1) 1) \"x\"\n"
            "      2) \"1\"");
  EXPECT_EQ(Cli({"ZMPOP", "2", "a", "b", "MAX", "COUNT", "10"}),
            "1) \"a\"\n"
            "2) 1) 1) \"y\"\n"
            "      2) \"2\"");
  EXPECT_EQ(Cli({"ZMPOP", "2", "a", "b", "MIN"}),
            "1) \"b\"\n"
            "2) 1) 1) \"m\"\n"
            "      2) \"5\"");
  EXPECT_EQ(Cli({"ZMPOP", "2", "a", "b", "MIN"}), "(nil)");
  EXPECT_EQ(Cli({"ZMPOP", "0", "a", "MIN"}),
            "(error) ERR numkeys should be greater than 0");
  EXPECT_EQ(Cli({"ZMPOP", "1", "a", "MIDDLE"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"ZMPOP", "1", "a", "MIN", "COUNT", "0"}),
            "(error) ERR count should be greater than 0");
  EXPECT_EQ(Cli({"ZMPOP", "2", "a", "MIN"}), "(error) ERR syntax error");
}

TEST_F(ZSetCommands, ZrandmemberWithoutMuchChoice) {
  EXPECT_EQ(Cli({"ZADD", "z", "1.5", "only"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZRANDMEMBER", "z"}), "\"only\"");
  EXPECT_EQ(Cli({"ZRANDMEMBER", "z", "3", "WITHSCORES"}),
            "1) \"only\"\n"
            "2) \"1.5\"");
  EXPECT_EQ(Cli({"ZRANDMEMBER", "z", "-2", "WITHSCORES"}),
            "1) \"only\"\n"
            "2) \"1.5\"\n"
            "3) \"only\"\n"
            "4) \"1.5\"");
  EXPECT_EQ(Cli({"ZADD", "y", "3", "c", "1", "a", "2", "b"}), "(integer) 3");
  EXPECT_EQ(Cli({"ZRANDMEMBER", "y", "3"}),
            "1) \"c\"\n"
            "2) \"b\"\n"
            "3) \"a\"");
  EXPECT_EQ(Cli({"ZRANDMEMBER", "y", "10", "WITHSCORES"}),
            "1) \"c\"\n"
            "2) \"3\"\n"
            "3) \"b\"\n"
            "4) \"2\"\n"
            "5) \"a\"\n"
            "6) \"1\"");
  EXPECT_EQ(Cli({"ZRANDMEMBER", "nokey", "2"}), "(empty array)");
  EXPECT_EQ(Cli({"ZRANDMEMBER", "y", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"ZRANDMEMBER", "y", "1", "WITHVALUES"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"ZRANDMEMBER", "y", "9223372036854775807", "WITHSCORES"}),
            "(error) ERR value is out of range");
}

TEST_F(ZSetCommands, UnionInterDiff) {
  EXPECT_EQ(Cli({"ZADD", "a", "1", "x", "2", "y"}), "(integer) 2");
  EXPECT_EQ(Cli({"ZADD", "b", "10", "y", "20", "z"}), "(integer) 2");
  EXPECT_EQ(Cli({"ZUNION", "2", "a", "b", "WITHSCORES"}),
            "1) \"x\"\n"
            "2) \"1\"\n"
            "3) \"y\"\n"
            "4) \"12\"\n"
            "5) \"z\"\n"
            "6) \"20\"");
  EXPECT_EQ(Cli({"ZUNION", "2", "a", "b", "WEIGHTS", "2", "3", "AGGREGATE",
                 "MIN", "WITHSCORES"}),
            "1) \"x\"\n"
            "2) \"2\"\n"
            "3) \"y\"\n"
            "4) \"4\"\n"
            "5) \"z\"\n"
            "6) \"60\"");
  EXPECT_EQ(Cli({"ZINTER", "2", "a", "b", "WITHSCORES"}),
            "1) \"y\"\n"
            "2) \"12\"");
  EXPECT_EQ(Cli({"ZINTER", "2", "a", "b", "AGGREGATE", "MAX"}), "1) \"y\"");
  EXPECT_EQ(Cli({"ZINTERCARD", "2", "a", "b"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZINTERCARD", "2", "a", "b", "LIMIT", "1"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZDIFF", "2", "a", "b", "WITHSCORES"}),
            "1) \"x\"\n"
            "2) \"1\"");
  EXPECT_EQ(Cli({"SADD", "s", "x"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZUNION", "2", "a", "s", "WITHSCORES"}),
            "1) \"x\"\n"
            "2) \"2\"\n"
            "3) \"y\"\n"
            "4) \"2\"");
  EXPECT_EQ(Cli({"ZUNIONSTORE", "d", "2", "a", "b"}), "(integer) 3");
  EXPECT_EQ(Cli({"ZRANGE", "d", "0", "-1", "WITHSCORES"}),
            "1) \"x\"\n"
            "2) \"1\"\n"
            "3) \"y\"\n"
            "4) \"12\"\n"
            "5) \"z\"\n"
            "6) \"20\"");
  EXPECT_EQ(Cli({"ZINTERSTORE", "d", "2", "a", "nokey"}), "(integer) 0");
  EXPECT_EQ(Cli({"EXISTS", "d"}), "(integer) 0");
}

TEST_F(ZSetCommands, AlgebraArgumentErrors) {
  EXPECT_EQ(Cli({"ZADD", "a", "1", "x"}), "(integer) 1");
  EXPECT_EQ(Cli({"ZUNION", "0", "a"}),
            "(error) ERR at least 1 input key is needed for 'zunion' command");
  EXPECT_EQ(Cli({"ZUNION", "x", "a"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"ZUNION", "2", "a"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"ZUNION", "1", "a", "WEIGHTS", "x"}),
            "(error) ERR weight value is not a float");
  EXPECT_EQ(Cli({"ZUNION", "1", "a", "AGGREGATE", "avg"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"ZUNIONSTORE", "d", "1", "a", "WITHSCORES"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"ZINTERCARD", "0", "a"}),
            "(error) ERR at least 1 input key is needed for 'zintercard' comm"
            "and");
  EXPECT_EQ(Cli({"ZINTERCARD", "1", "a", "LIMIT", "-1"}),
            "(error) ERR LIMIT can't be negative");
  EXPECT_EQ(Cli({"ZDIFF", "2", "a", "a", "WEIGHTS", "1", "1"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"ZDIFFSTORE", "d", "0", "a"}),
            "(error) ERR at least 1 input key is needed for 'zdiffstore' comm"
            "and");
}

TEST_F(ZSetCommands, ZscanReturnsASmallSetWholeWithStoredScores) {
  EXPECT_EQ(Cli({"ZADD", "z", "1", "a", "2.5", "b", "inf", "c", "1e17", "e"}),
            "(integer) 4");
  EXPECT_EQ(Cli({"ZSCAN", "z", "0"}),
            "1) \"0\"\n"
            "2) 1) \"a\"\n"
            "   2) \"1\"\n"
            "   3) \"b\"\n"
            "   4) \"2.5\"\n"
            "   5) \"e\"\n"
            "   6) \"100000000000000000\"\n"
            "   7) \"c\"\n"
            "   8) \"inf\"");
  EXPECT_EQ(Cli({"ZSCAN", "z", "0", "MATCH", "[ab]"}),
            "1) \"0\"\n"
            "2) 1) \"a\"\n"
            "   2) \"1\"\n"
            "   3) \"b\"\n"
            "   4) \"2.5\"");
  EXPECT_EQ(Cli({"ZSCAN", "nokey", "0"}),
            "1) \"0\"\n"
            "2) (empty array)");
  EXPECT_EQ(Cli({"ZSCAN", "z", "x"}), "(error) ERR invalid cursor");
  EXPECT_EQ(Cli({"ZSCAN", "z", "0", "COUNT", "0"}), "(error) ERR syntax error");
}

TEST_F(ZSetCommands, ScriptsReachSortedSetCommands) {
  EXPECT_EQ(Cli({"ZADD", "z", "1.5", "a"}), "(integer) 1");
  EXPECT_EQ(Cli({"EVAL", "return redis.call('ZSCORE', KEYS[1], 'a')", "1",
                 "z"}), "\"1.5\"");
  EXPECT_EQ(Cli({"EVAL",
                 "return redis.call('ZRANGE', KEYS[1], 0, -1, 'WITHSCORES')",
                 "1", "z"}),
            "1) \"a\"\n"
            "2) \"1.5\"");
  EXPECT_EQ(Cli({"EVAL", "return redis.call('ZPOPMIN', KEYS[1])", "1", "z"}),
            "1) \"a\"\n"
            "2) \"1.5\"");
  EXPECT_EQ(Cli({"EVAL", "return redis.call('BZMPOP', 0, 1, KEYS[1], 'MIN')",
                 "1", "z"}), "(nil)");
}

TEST_F(ZSetCommands, Resp3RepliesDoublesAndPairs) {
  Run({"ZADD", "z", "1", "a", "2.5", "b"});
  EXPECT_EQ(Resp3({"ZSCORE", "z", "b"}), ",2.5\r\n");
  EXPECT_EQ(Resp3({"ZSCORE", "z", "zz"}), "_\r\n");
  EXPECT_EQ(Resp3({"ZINCRBY", "z", "1", "a"}), ",2\r\n");
  EXPECT_EQ(Resp3({"ZRANGE", "z", "0", "-1", "WITHSCORES"}),
            "*2\r\n*2\r\n$1\r\na\r\n,2\r\n*2\r\n$1\r\nb\r\n,2.5\r\n");
  EXPECT_EQ(Resp3({"ZRANGE", "z", "0", "-1"}), "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(Resp3({"ZMSCORE", "z", "a", "x"}), "*2\r\n,2\r\n_\r\n");
  EXPECT_EQ(Resp3({"ZRANDMEMBER", "z", "5", "WITHSCORES"}),
            "*2\r\n*2\r\n$1\r\nb\r\n,2.5\r\n*2\r\n$1\r\na\r\n,2\r\n");
  EXPECT_EQ(Resp3({"ZADD", "z", "inf", "i"}), ":1\r\n");
  EXPECT_EQ(Resp3({"ZSCORE", "z", "i"}), ",inf\r\n");
  EXPECT_EQ(Resp3({"ZPOPMAX", "z"}), "*2\r\n$1\r\ni\r\n,inf\r\n");
  EXPECT_EQ(Resp3({"ZPOPMIN", "z", "1"}), "*1\r\n*2\r\n$1\r\na\r\n,2\r\n");
  EXPECT_EQ(Resp3({"BZPOPMIN", "z", "0"}),
            "*3\r\n$1\r\nz\r\n$1\r\nb\r\n,2.5\r\n");
  EXPECT_EQ(Resp3({"BZPOPMIN", "z", "0"}), "_\r\n");
  EXPECT_EQ(Resp3({"ZMPOP", "1", "z", "MIN"}), "_\r\n");
  EXPECT_EQ(Cli({"BZMPOP", "0", "1", "z", "MIN"}), "(nil)");
}

TEST_F(ZSetCommands, EncodingFollowsMemberLengthAndCount) {
  Run({"ZADD", "z", "1", std::string(64, 'x')});
  EXPECT_EQ(Encoding("z"), "\"listpack\"");
  Run({"ZADD", "z", "2", std::string(65, 'x')});
  EXPECT_EQ(Encoding("z"), "\"skiplist\"");
  Run({"ZREM", "z", std::string(65, 'x')});
  EXPECT_EQ(Encoding("z"), "\"skiplist\"");
  std::vector<std::string> zadd = {"ZADD", "m"};
  for (int i = 0; i < 128; ++i) {
    zadd.push_back(std::to_string(i));
    zadd.push_back("m" + std::to_string(i));
  }
  EXPECT_EQ(Cli(zadd), "(integer) 128");
  EXPECT_EQ(Encoding("m"), "\"listpack\"");
  EXPECT_EQ(Cli({"ZADD", "m", "0", "one-more"}), "(integer) 1");
  EXPECT_EQ(Encoding("m"), "\"skiplist\"");
  // A store of a small result goes back to a listpack.
  EXPECT_EQ(Cli({"ZRANGESTORE", "d", "m", "0", "9"}), "(integer) 10");
  EXPECT_EQ(Encoding("d"), "\"listpack\"");
  EXPECT_EQ(Cli({"ZUNIONSTORE", "e", "1", "m"}), "(integer) 129");
  EXPECT_EQ(Encoding("e"), "\"skiplist\"");
}

TEST_F(ZSetCommands, LargeSetsAgreeWithAModel) {
  // Scores with many ties, so member order matters too.
  std::set<std::pair<double, std::string>> model;
  std::vector<std::string> zadd = {"ZADD", "z"};
  for (int i = 0; i < 5000; ++i) {
    const double score = (i * 7919) % 97;
    const std::string m = "member:" + std::to_string(i);
    zadd.push_back(std::to_string(static_cast<int>(score)));
    zadd.push_back(m);
    model.emplace(score, m);
  }
  EXPECT_EQ(Cli(zadd), "(integer) 5000");
  std::vector<std::pair<double, std::string>> sorted(model.begin(),
                                                     model.end());
  for (size_t rank : {0u, 1u, 777u, 2500u, 4998u, 4999u}) {
    EXPECT_EQ(Cli({"ZRANK", "z", sorted[rank].second}),
              "(integer) " + std::to_string(rank));
    EXPECT_EQ(Cli({"ZREVRANK", "z", sorted[rank].second}),
              "(integer) " + std::to_string(4999 - rank));
    const Reply r = Run({"ZRANGE", "z", std::to_string(rank),
                         std::to_string(rank)});
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].str(), sorted[rank].second);
  }
  size_t below = 0;
  for (const auto& [s, m] : model) below += s < 50 ? 1 : 0;
  EXPECT_EQ(Cli({"ZCOUNT", "z", "-inf", "(50"}),
            "(integer) " + std::to_string(below));
  const Reply page = Run({"ZRANGEBYSCORE", "z", "50", "+inf", "LIMIT", "10",
                          "3"});
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page[0].str(), sorted[below + 10].second);
  EXPECT_EQ(Cli({"ZREMRANGEBYRANK", "z", "100", "199"}), "(integer) 100");
  sorted.erase(sorted.begin() + 100, sorted.begin() + 200);
  EXPECT_EQ(Cli({"ZRANK", "z", sorted[150].second}), "(integer) 150");
  EXPECT_EQ(Cli({"ZCARD", "z"}), "(integer) 4900");
}

TEST_F(ZSetCommands, ZscanOfALargeSetVisitsEveryMemberAcrossCalls) {
  std::vector<std::string> zadd = {"ZADD", "z"};
  for (int i = 0; i < 1000; ++i) {
    zadd.push_back(std::to_string(i));
    zadd.push_back("m" + std::to_string(i));
  }
  Run(zadd);
  std::set<std::string> seen;
  std::string cursor = "0";
  int added = 0;
  do {
    const Reply r = Run({"ZSCAN", "z", cursor, "COUNT", "15"});
    cursor = r[0].str();
    for (size_t i = 0; i < r[1].size(); i += 2) {
      seen.insert(r[1][i].str());
      if (r[1][i].str()[0] == 'm') {
        EXPECT_EQ(r[1][i].str(), "m" + r[1][i + 1].str());
      }
    }
    if (added < 2000) {
      Run({"ZADD", "z", "1", "new" + std::to_string(added++)});
    }
  } while (cursor != "0");
  for (int i = 0; i < 1000; ++i) {
    EXPECT_EQ(seen.count("m" + std::to_string(i)), 1u) << i;
  }
}

TEST_F(ZSetCommands, RandomPicksAreDistinctForAPositiveCount) {
  std::vector<std::string> zadd = {"ZADD", "z"};
  for (int i = 0; i < 500; ++i) {
    zadd.push_back(std::to_string(i));
    zadd.push_back("m" + std::to_string(i));
  }
  Run(zadd);
  for (const char* count : {"10", "300", "499"}) {
    const Reply r = Run({"ZRANDMEMBER", "z", count});
    std::set<std::string> distinct;
    for (const Reply& m : r.elements()) distinct.insert(m.str());
    EXPECT_EQ(distinct.size(), std::stoul(count));
  }
  const Reply pairs = Run({"ZRANDMEMBER", "z", "-50", "WITHSCORES"});
  ASSERT_EQ(pairs.size(), 100u);
  for (size_t i = 0; i < pairs.size(); i += 2) {
    EXPECT_EQ(pairs[i].str(), "m" + pairs[i + 1].str());
  }
}

TEST_F(ZSetCommands, MemoryFollowsSortedSetsAndReturnsWhenTheyGo) {
  const size_t empty = engine().KeyspaceMemoryBytes();
  std::vector<std::string> zadd = {"ZADD", "z"};
  for (int i = 0; i < 100; ++i) {
    zadd.push_back(std::to_string(i));
    zadd.push_back("m" + std::to_string(i));
  }
  Run(zadd);
  // A listpack: about 14 bytes per member here.
  EXPECT_LT(engine().KeyspaceMemoryBytes(), empty + 100 * 16 + 300);
  Run({"ZADD", "z", "1", std::string(100, 'x')});
  EXPECT_GT(engine().KeyspaceMemoryBytes(), empty + 100 * 64);
  Run({"DEL", "z"});
  EXPECT_EQ(engine().KeyspaceMemoryBytes(), empty);
}

}  // namespace
}  // namespace luakv::testing
