// Lists: every command, option, error and edge case. Expected replies were
// taken from redis-cli against Redis 7.0.15.

#include <string>
#include <vector>

#include "engine/collection_test.h"

namespace luakv::testing {
namespace {

class ListCommands : public CollectionCommandTest {};

TEST_F(ListCommands, PushesAddAtEitherEndAndReplyTheLength) {
  EXPECT_EQ(Cli({"LPUSH", "l", "a", "b", "c"}), "(integer) 3");
  EXPECT_EQ(Cli({"RPUSH", "l", "d", "e"}), "(integer) 5");
  EXPECT_EQ(Cli({"LRANGE", "l", "0", "-1"}),
            "1) \"c\"\n"
            "2) \"b\"\n"
            "3) \"a\"\n"
            "4) \"d\"\n"
            "5) \"e\"");
  EXPECT_EQ(Cli({"LLEN", "l"}), "(integer) 5");
  EXPECT_EQ(Cli({"TYPE", "l"}), "list");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "l"}), "\"quicklist\"");
}

TEST_F(ListCommands, PushNeedsAnElement) {
  EXPECT_EQ(Cli({"LPUSH", "l"}),
            "(error) ERR wrong number of arguments for 'lpush' command");
  EXPECT_EQ(Cli({"RPUSHX", "l"}),
            "(error) ERR wrong number of arguments for 'rpushx' command");
  EXPECT_EQ(Cli({"EXISTS", "l"}), "(integer) 0");
}

TEST_F(ListCommands, PushxOnlyPushesOntoExistingLists) {
  EXPECT_EQ(Cli({"LPUSHX", "l", "a"}), "(integer) 0");
  EXPECT_EQ(Cli({"RPUSHX", "l", "a"}), "(integer) 0");
  EXPECT_EQ(Cli({"EXISTS", "l"}), "(integer) 0");
  EXPECT_EQ(Cli({"RPUSH", "l", "x"}), "(integer) 1");
  EXPECT_EQ(Cli({"LPUSHX", "l", "a", "b"}), "(integer) 3");
  EXPECT_EQ(Cli({"RPUSHX", "l", "c", "d"}), "(integer) 5");
  EXPECT_EQ(Cli({"LRANGE", "l", "0", "-1"}),
            "1) \"b\"\n"
            "2) \"a\"\n"
            "3) \"x\"\n"
            "4) \"c\"\n"
            "5) \"d\"");
}

TEST_F(ListCommands, EveryListCommandRefusesOtherTypes) {
  EXPECT_EQ(Cli({"SET", "s", "v"}), "OK");
  EXPECT_EQ(Cli({"LPUSH", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"RPUSH", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"LPUSHX", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"RPUSHX", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"LPOP", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"RPOP", "s", "1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"LLEN", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"LRANGE", "s", "0", "-1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"LINDEX", "s", "0"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"LSET", "s", "0", "x"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"LINSERT", "s", "before", "a", "b"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"LREM", "s", "0", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"LTRIM", "s", "0", "1"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"LPOS", "s", "a"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"RPOPLPUSH", "s", "d"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"LMOVE", "s", "d", "LEFT", "LEFT"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"LMPOP", "1", "s", "LEFT"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"BLPOP", "s", "0"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"BRPOP", "s", "0"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"BLMOVE", "s", "d", "LEFT", "LEFT", "0"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"BRPOPLPUSH", "s", "d", "0"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"BLMPOP", "0", "1", "s", "LEFT"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"GET", "s"}), "\"v\"");
}

TEST_F(ListCommands, PopsTakeOneElementOrACount) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a", "b", "c", "d", "e"}), "(integer) 5");
  EXPECT_EQ(Cli({"LPOP", "l"}), "\"a\"");
  EXPECT_EQ(Cli({"RPOP", "l"}), "\"e\"");
  EXPECT_EQ(Cli({"LPOP", "l", "2"}),
            "1) \"b\"\n"
            "2) \"c\"");
  EXPECT_EQ(Cli({"RPOP", "l", "0"}), "(empty array)");
  EXPECT_EQ(Cli({"RPOP", "l", "5"}), "1) \"d\"");
  EXPECT_EQ(Cli({"EXISTS", "l"}), "(integer) 0");
  EXPECT_EQ(Cli({"LPOP", "l"}), "(nil)");
  EXPECT_EQ(Cli({"LPOP", "l", "2"}), "(nil)");
}

TEST_F(ListCommands, PopCountErrorsComeBeforeTheLookup) {
  EXPECT_EQ(Cli({"LPOP", "nokey", "-1"}),
            "(error) ERR value is out of range, must be positive");
  EXPECT_EQ(Cli({"RPOP", "nokey", "abc"}),
            "(error) ERR value is out of range, must be positive");
  EXPECT_EQ(Cli({"SET", "s", "v"}), "OK");
  EXPECT_EQ(Cli({"LPOP", "s", "-1"}),
            "(error) ERR value is out of range, must be positive");
  EXPECT_EQ(Cli({"LPOP", "l", "1", "2"}),
            "(error) ERR wrong number of arguments for 'lpop' command");
  EXPECT_EQ(Cli({"RPOP", "l", "1", "2"}),
            "(error) ERR wrong number of arguments for 'rpop' command");
}

TEST_F(ListCommands, LrangeNormalisesIndexes) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a", "b", "c", "d", "e"}), "(integer) 5");
  EXPECT_EQ(Cli({"LRANGE", "l", "1", "3"}),
            "1) \"b\"\n"
            "2) \"c\"\n"
            "3) \"d\"");
  EXPECT_EQ(Cli({"LRANGE", "l", "-2", "-1"}),
            "1) \"d\"\n"
            "2) \"e\"");
  EXPECT_EQ(Cli({"LRANGE", "l", "-100", "100"}),
            "1) \"a\"\n"
            "2) \"b\"\n"
            "3) \"c\"\n"
            "4) \"d\"\n"
            "5) \"e\"");
  EXPECT_EQ(Cli({"LRANGE", "l", "3", "1"}), "(empty array)");
  EXPECT_EQ(Cli({"LRANGE", "l", "5", "10"}), "(empty array)");
  EXPECT_EQ(Cli({"LRANGE", "l", "0", "-6"}), "(empty array)");
  EXPECT_EQ(Cli({"LRANGE", "l", "9223372036854775807", "-9223372036854775808"}),
            "(empty array)");
  EXPECT_EQ(Cli({"LRANGE", "nokey", "0", "-1"}), "(empty array)");
  EXPECT_EQ(Cli({"LRANGE", "nokey", "a", "1"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"LRANGE", "l", "0", "b"}),
            "(error) ERR value is not an integer or out of range");
}

TEST_F(ListCommands, LindexReadsFromBothEnds) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a", "b", "c"}), "(integer) 3");
  EXPECT_EQ(Cli({"LINDEX", "l", "0"}), "\"a\"");
  EXPECT_EQ(Cli({"LINDEX", "l", "-1"}), "\"c\"");
  EXPECT_EQ(Cli({"LINDEX", "l", "3"}), "(nil)");
  EXPECT_EQ(Cli({"LINDEX", "l", "-4"}), "(nil)");
  EXPECT_EQ(Cli({"LINDEX", "l", "abc"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"LINDEX", "nokey", "abc"}), "(nil)");
}

TEST_F(ListCommands, LsetReplacesInRange) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a", "b", "c"}), "(integer) 3");
  EXPECT_EQ(Cli({"LSET", "l", "1", "x"}), "OK");
  EXPECT_EQ(Cli({"LSET", "l", "-1", "z"}), "OK");
  EXPECT_EQ(Cli({"LSET", "l", "3", "y"}), "(error) ERR index out of range");
  EXPECT_EQ(Cli({"LSET", "l", "-4", "y"}), "(error) ERR index out of range");
  EXPECT_EQ(Cli({"LSET", "l", "one", "y"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"LSET", "nokey", "0", "y"}), "(error) ERR no such key");
  EXPECT_EQ(Cli({"LRANGE", "l", "0", "-1"}),
            "1) \"a\"\n"
            "2) \"x\"\n"
            "3) \"z\"");
}

TEST_F(ListCommands, LinsertUsesTheFirstPivot) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a", "b", "a"}), "(integer) 3");
  EXPECT_EQ(Cli({"LINSERT", "l", "before", "a", "x"}), "(integer) 4");
  EXPECT_EQ(Cli({"LINSERT", "l", "AFTER", "a", "y"}), "(integer) 5");
  EXPECT_EQ(Cli({"LINSERT", "l", "before", "zz", "q"}), "(integer) -1");
  EXPECT_EQ(Cli({"LINSERT", "nokey", "before", "a", "q"}), "(integer) 0");
  EXPECT_EQ(Cli({"LINSERT", "l", "sideways", "a", "q"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"LRANGE", "l", "0", "-1"}),
            "1) \"x\"\n"
            "2) \"a\"\n"
            "3) \"y\"\n"
            "4) \"b\"\n"
            "5) \"a\"");
}

TEST_F(ListCommands, LremCountsFromEitherEnd) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a", "b", "a", "c", "a", "d", "a"}),
            "(integer) 7");
  EXPECT_EQ(Cli({"LREM", "l", "2", "a"}), "(integer) 2");
  EXPECT_EQ(Cli({"LREM", "l", "-1", "a"}), "(integer) 1");
  EXPECT_EQ(Cli({"LRANGE", "l", "0", "-1"}),
            "1) \"b\"\n"
            "2) \"c\"\n"
            "3) \"a\"\n"
            "4) \"d\"");
  EXPECT_EQ(Cli({"LREM", "l", "0", "a"}), "(integer) 1");
  EXPECT_EQ(Cli({"LRANGE", "l", "0", "-1"}),
            "1) \"b\"\n"
            "2) \"c\"\n"
            "3) \"d\"");
  EXPECT_EQ(Cli({"LREM", "l", "x", "a"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"LREM", "nokey", "1", "a"}), "(integer) 0");
}

TEST_F(ListCommands, LremEmptyingTheListDeletesTheKey) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a", "a"}), "(integer) 2");
  EXPECT_EQ(Cli({"LREM", "l", "0", "a"}), "(integer) 2");
  EXPECT_EQ(Cli({"EXISTS", "l"}), "(integer) 0");
  EXPECT_EQ(Cli({"RPUSH", "l", "a", "b", "a"}), "(integer) 3");
  EXPECT_EQ(Cli({"LREM", "l", "-9223372036854775808", "a"}), "(integer) 2");
  EXPECT_EQ(Cli({"LRANGE", "l", "0", "-1"}), "1) \"b\"");
}

TEST_F(ListCommands, LtrimKeepsARangeOrDeletes) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a", "b", "c", "d", "e"}), "(integer) 5");
  EXPECT_EQ(Cli({"LTRIM", "l", "1", "-2"}), "OK");
  EXPECT_EQ(Cli({"LRANGE", "l", "0", "-1"}),
            "1) \"b\"\n"
            "2) \"c\"\n"
            "3) \"d\"");
  EXPECT_EQ(Cli({"LTRIM", "l", "2", "1"}), "OK");
  EXPECT_EQ(Cli({"EXISTS", "l"}), "(integer) 0");
  EXPECT_EQ(Cli({"LTRIM", "nokey", "0", "1"}), "OK");
  EXPECT_EQ(Cli({"LTRIM", "nokey", "x", "1"}),
            "(error) ERR value is not an integer or out of range");
}

TEST_F(ListCommands, LposFindsRanksCountsAndMaxlen) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c"}),
            "(integer) 8");
  EXPECT_EQ(Cli({"LPOS", "l", "c"}), "(integer) 2");
  EXPECT_EQ(Cli({"LPOS", "l", "c", "RANK", "2"}), "(integer) 6");
  EXPECT_EQ(Cli({"LPOS", "l", "c", "RANK", "-1"}), "(integer) 7");
  EXPECT_EQ(Cli({"LPOS", "l", "c", "COUNT", "2"}),
            "1) (integer) 2\n"
            "2) (integer) 6");
  EXPECT_EQ(Cli({"LPOS", "l", "c", "COUNT", "0"}),
            "1) (integer) 2\n"
            "2) (integer) 6\n"
            "3) (integer) 7");
  EXPECT_EQ(Cli({"LPOS", "l", "c", "COUNT", "0", "RANK", "-2"}),
            "1) (integer) 6\n"
            "2) (integer) 2");
  EXPECT_EQ(Cli({"LPOS", "l", "c", "MAXLEN", "2"}), "(nil)");
  EXPECT_EQ(Cli({"LPOS", "l", "c", "COUNT", "0", "MAXLEN", "7"}),
            "1) (integer) 2\n"
            "2) (integer) 6");
  EXPECT_EQ(Cli({"LPOS", "l", "zz"}), "(nil)");
  EXPECT_EQ(Cli({"LPOS", "l", "zz", "COUNT", "1"}), "(empty array)");
  EXPECT_EQ(Cli({"LPOS", "nokey", "c"}), "(nil)");
  EXPECT_EQ(Cli({"LPOS", "nokey", "c", "COUNT", "1"}), "(empty array)");
  EXPECT_EQ(Cli({"LPOS", "l", "c", "RANK", "-9223372036854775808", "COUNT",
                 "2"}),
            "1) (integer) 7\n"
            "2) (integer) 6\n"
            "3) (integer) 2");
}

TEST_F(ListCommands, LposRejectsBadOptions) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a"}), "(integer) 1");
  EXPECT_EQ(Cli({"LPOS", "l", "a", "RANK", "0"}),
            "(error) ERR RANK can't be zero: use 1 to start from the first ma"
            "tch, 2 from the second ... or use negative to start from the end"
            " of the list");
  EXPECT_EQ(Cli({"LPOS", "l", "a", "RANK", "x"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"LPOS", "l", "a", "COUNT", "-1"}),
            "(error) ERR COUNT can't be negative");
  EXPECT_EQ(Cli({"LPOS", "l", "a", "MAXLEN", "-1"}),
            "(error) ERR MAXLEN can't be negative");
  EXPECT_EQ(Cli({"LPOS", "l", "a", "MAXLEN", "x"}),
            "(error) ERR MAXLEN can't be negative");
  EXPECT_EQ(Cli({"LPOS", "l", "a", "NOPE", "1"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"LPOS", "l", "a", "RANK"}), "(error) ERR syntax error");
}

TEST_F(ListCommands, RpoplpushMovesAndRotates) {
  EXPECT_EQ(Cli({"RPUSH", "src", "a", "b", "c"}), "(integer) 3");
  EXPECT_EQ(Cli({"RPOPLPUSH", "src", "dst"}), "\"c\"");
  EXPECT_EQ(Cli({"RPOPLPUSH", "src", "src"}), "\"b\"");
  EXPECT_EQ(Cli({"LRANGE", "src", "0", "-1"}),
            "1) \"b\"\n"
            "2) \"a\"");
  EXPECT_EQ(Cli({"LRANGE", "dst", "0", "-1"}), "1) \"c\"");
  EXPECT_EQ(Cli({"RPOPLPUSH", "nokey", "dst"}), "(nil)");
  EXPECT_EQ(Cli({"SET", "s", "v"}), "OK");
  EXPECT_EQ(Cli({"RPOPLPUSH", "src", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"LRANGE", "src", "0", "-1"}),
            "1) \"b\"\n"
            "2) \"a\"");
}

TEST_F(ListCommands, LmoveMovesBetweenAnyEnds) {
  EXPECT_EQ(Cli({"RPUSH", "src", "a", "b", "c", "d"}), "(integer) 4");
  EXPECT_EQ(Cli({"LMOVE", "src", "dst", "LEFT", "LEFT"}), "\"a\"");
  EXPECT_EQ(Cli({"LMOVE", "src", "dst", "LEFT", "RIGHT"}), "\"b\"");
  EXPECT_EQ(Cli({"LMOVE", "src", "dst", "RIGHT", "LEFT"}), "\"d\"");
  EXPECT_EQ(Cli({"LMOVE", "src", "dst", "RIGHT", "RIGHT"}), "\"c\"");
  EXPECT_EQ(Cli({"LRANGE", "dst", "0", "-1"}),
            "1) \"d\"\n"
            "2) \"a\"\n"
            "3) \"b\"\n"
            "4) \"c\"");
  EXPECT_EQ(Cli({"EXISTS", "src"}), "(integer) 0");
  EXPECT_EQ(Cli({"LMOVE", "dst", "dst", "LEFT", "RIGHT"}), "\"d\"");
  EXPECT_EQ(Cli({"LRANGE", "dst", "0", "-1"}),
            "1) \"a\"\n"
            "2) \"b\"\n"
            "3) \"c\"\n"
            "4) \"d\"");
  EXPECT_EQ(Cli({"LMOVE", "dst", "x", "UP", "LEFT"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"LMOVE", "dst", "x", "LEFT", "DOWN"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"LMOVE", "nokey", "x", "UP", "LEFT"}),
            "(error) ERR syntax error");
}

TEST_F(ListCommands, LmpopPopsFromTheFirstNonEmptyList) {
  EXPECT_EQ(Cli({"RPUSH", "b", "1", "2", "3"}), "(integer) 3");
  EXPECT_EQ(Cli({"LMPOP", "2", "a", "b", "LEFT"}),
            "1) \"b\"\n"
            "2) 1) \"1\"");
  EXPECT_EQ(Cli({"LMPOP", "2", "a", "b", "RIGHT", "COUNT", "5"}),
            "1) \"b\"\n"
            "2) 1) \"3\"\n"
            "   2) \"2\"");
  EXPECT_EQ(Cli({"LMPOP", "2", "a", "b", "LEFT"}), "(nil)");
  EXPECT_EQ(Cli({"EXISTS", "b"}), "(integer) 0");
}

TEST_F(ListCommands, LmpopRejectsBadArguments) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a"}), "(integer) 1");
  EXPECT_EQ(Cli({"LMPOP", "0", "l", "LEFT"}),
            "(error) ERR numkeys should be greater than 0");
  EXPECT_EQ(Cli({"LMPOP", "x", "l", "LEFT"}),
            "(error) ERR numkeys should be greater than 0");
  EXPECT_EQ(Cli({"LMPOP", "1", "l", "UP"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"LMPOP", "2", "l", "LEFT"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"LMPOP", "1", "l", "LEFT", "COUNT", "0"}),
            "(error) ERR count should be greater than 0");
  EXPECT_EQ(Cli({"LMPOP", "1", "l", "LEFT", "COUNT", "1", "COUNT", "1"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"LMPOP", "1", "l", "LEFT", "COUNT"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"LMPOP", "1", "l", "LEFT", "junk"}),
            "(error) ERR syntax error");
}

TEST_F(ListCommands, BlockingPopsActAtOnceWhenSomethingIsThere) {
  EXPECT_EQ(Cli({"RPUSH", "b", "x", "y"}), "(integer) 2");
  EXPECT_EQ(Cli({"BLPOP", "a", "b", "0"}),
            "1) \"b\"\n"
            "2) \"x\"");
  EXPECT_EQ(Cli({"BRPOP", "a", "b", "10"}),
            "1) \"b\"\n"
            "2) \"y\"");
  EXPECT_EQ(Cli({"EXISTS", "b"}), "(integer) 0");
}

TEST_F(ListCommands, BlockingPopsReplyAsIfTimedOutWhenNothingIsThere) {
  // What Redis 7.0 replies where a client may not block (MULTI, scripts).
  EXPECT_EQ(Cli({"BLPOP", "a", "b", "0"}), "(nil)");
  EXPECT_EQ(Cli({"BRPOP", "a", "10"}), "(nil)");
  EXPECT_EQ(Cli({"BRPOPLPUSH", "a", "dst", "0"}), "(nil)");
  EXPECT_EQ(Cli({"BLMOVE", "a", "dst", "LEFT", "LEFT", "0"}), "(nil)");
  EXPECT_EQ(Cli({"BLMPOP", "1", "1", "a", "LEFT"}), "(nil)");
  EXPECT_EQ(RunResp({"BLPOP", "a", "0"}), "*-1\r\n");
  EXPECT_EQ(RunResp({"BLMOVE", "a", "dst", "LEFT", "LEFT", "0"}), "$-1\r\n");
  EXPECT_EQ(Cli({"EXISTS", "dst"}), "(integer) 0");
}

TEST_F(ListCommands, BlockingForms) {
  EXPECT_EQ(Cli({"RPUSH", "src", "a", "b", "c"}), "(integer) 3");
  EXPECT_EQ(Cli({"BRPOPLPUSH", "src", "dst", "0"}), "\"c\"");
  EXPECT_EQ(Cli({"BLMOVE", "src", "dst", "RIGHT", "LEFT", "0"}), "\"b\"");
  EXPECT_EQ(Cli({"BLMPOP", "0", "2", "nokey", "src", "LEFT", "COUNT", "3"}),
            "1) \"src\"\n"
            "2) 1) \"a\"");
  EXPECT_EQ(Cli({"LRANGE", "dst", "0", "-1"}),
            "1) \"b\"\n"
            "2) \"c\"");
}

TEST_F(ListCommands, BlockingTimeoutsAreChecked) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a"}), "(integer) 1");
  EXPECT_EQ(Cli({"BLPOP", "l", "-1"}), "(error) ERR timeout is negative");
  EXPECT_EQ(Cli({"BLPOP", "l", "x"}),
            "(error) ERR timeout is not a float or out of range");
  EXPECT_EQ(Cli({"BLPOP", "l", "inf"}), "(error) ERR timeout is negative");
  EXPECT_EQ(Cli({"BRPOP", "l", "-0.5"}), "(error) ERR timeout is negative");
  EXPECT_EQ(Cli({"BRPOPLPUSH", "l", "d", "-1"}),
            "(error) ERR timeout is negative");
  EXPECT_EQ(Cli({"BLMOVE", "l", "d", "LEFT", "LEFT", "x"}),
            "(error) ERR timeout is not a float or out of range");
  EXPECT_EQ(Cli({"BLMOVE", "l", "d", "UP", "LEFT", "x"}),
            "(error) ERR syntax error");
  EXPECT_EQ(Cli({"BLMPOP", "-1", "1", "l", "LEFT"}),
            "(error) ERR timeout is negative");
  EXPECT_EQ(Cli({"BLMPOP", "0", "0", "l", "LEFT"}),
            "(error) ERR numkeys should be greater than 0");
  EXPECT_EQ(Cli({"LRANGE", "l", "0", "-1"}), "1) \"a\"");
}

TEST_F(ListCommands, ScriptsReachListCommands) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a", "b"}), "(integer) 2");
  EXPECT_EQ(Cli({"EVAL", "return redis.call('LRANGE', KEYS[1], 0, -1)", "1",
                 "l"}),
            "1) \"a\"\n"
            "2) \"b\"");
  EXPECT_EQ(Cli({"EVAL", "return redis.call('LPOP', KEYS[1], 5)", "1", "l"}),
            "1) \"a\"\n"
            "2) \"b\"");
  EXPECT_EQ(Cli({"EVAL", "return redis.call('LPOP', KEYS[1])", "1", "l"}),
            "(nil)");
  EXPECT_EQ(Cli({"EVAL", "return redis.pcall('LPUSH', KEYS[1])", "1", "l"}),
            "(error) ERR Wrong number of args calling Redis command from scri"
            "pt");
  EXPECT_EQ(Cli({"EVAL", "return redis.call('BLMPOP', 0, 1, KEYS[1], 'LEFT')",
                 "1", "l"}), "(nil)");
  EXPECT_EQ(Cli({"EVAL",
                 "redis.call('RPUSH', KEYS[1], 'z'); return redis.call('BLMPOP"
                 "', 0, 1, KEYS[1], 'LEFT')", "1", "l"}),
            "1) \"l\"\n"
            "2) 1) \"z\"");
}

TEST_F(ListCommands, BlockingPopsOtherThanBlmpopAreNotAllowedInScripts) {
  // Redis 7.0 flags BLPOP, BRPOP, BLMOVE and BRPOPLPUSH noscript.
  for (const char* cmd : {"BLPOP", "BRPOP"}) {
    Reply r = Run({"EVAL", std::string("return redis.call('") + cmd +
                               "', KEYS[1], 0)",
                   "1", "l"});
    EXPECT_THAT(r,
                IsError("ERR This Redis command is not allowed from script"));
  }
}

TEST_F(ListCommands, Resp3NullsAndNestedArrays) {
  EXPECT_EQ(Resp3({"LPOP", "nokey"}), "_\r\n");
  EXPECT_EQ(Resp3({"LPOP", "nokey", "2"}), "_\r\n");
  EXPECT_EQ(Resp3({"BLPOP", "nokey", "0"}), "_\r\n");
  EXPECT_EQ(Resp3({"LMPOP", "1", "nokey", "LEFT"}), "_\r\n");
  Run({"RPUSH", "l", "a", "b"});
  EXPECT_EQ(Resp3({"LMPOP", "1", "l", "LEFT", "COUNT", "2"}),
            "*2\r\n$1\r\nl\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(Resp3({"LPOS", "nokey", "a", "COUNT", "0"}), "*0\r\n");
}

TEST_F(ListCommands, LargeListsMatchAModel) {
  std::vector<std::string> model;
  std::vector<std::string> push = {"RPUSH", "l"};
  for (int i = 0; i < 20000; ++i) {
    push.push_back("value-" + std::to_string(i));
    model.push_back(push.back());
  }
  EXPECT_EQ(Cli(push), "(integer) 20000");
  EXPECT_EQ(Cli({"LINDEX", "l", "0"}), "\"value-0\"");
  EXPECT_EQ(Cli({"LINDEX", "l", "-1"}), "\"value-19999\"");
  EXPECT_EQ(Cli({"LINDEX", "l", "10000"}), "\"value-10000\"");
  EXPECT_EQ(Cli({"LINSERT", "l", "BEFORE", "value-12345", "ins"}),
            "(integer) 20001");
  model.insert(model.begin() + 12345, "ins");
  EXPECT_EQ(Cli({"LSET", "l", "-2", std::string(10000, 'z')}), "OK");
  model[model.size() - 2] = std::string(10000, 'z');
  EXPECT_EQ(Cli({"LREM", "l", "0", "value-5"}), "(integer) 1");
  model.erase(model.begin() + 5);
  EXPECT_EQ(Cli({"LTRIM", "l", "3", "-3"}), "OK");
  model = std::vector<std::string>(model.begin() + 3, model.end() - 2);
  const Reply all = Run({"LRANGE", "l", "0", "-1"});
  ASSERT_EQ(all.size(), model.size());
  for (size_t i = 0; i < model.size(); ++i) {
    ASSERT_EQ(all[i].str(), model[i]) << i;
  }
  const Reply tail = Run({"LRANGE", "l", "-3", "-1"});
  ASSERT_EQ(tail.size(), 3u);
  EXPECT_EQ(tail[2].str(), model.back());
}

TEST_F(ListCommands, MemoryFollowsListsAndReturnsWhenTheyGo) {
  const size_t empty = engine().KeyspaceMemoryBytes();
  std::vector<std::string> push = {"RPUSH", "l"};
  for (int i = 0; i < 10000; ++i) push.push_back("element");
  Run(push);
  const size_t full = engine().KeyspaceMemoryBytes();
  EXPECT_GT(full, empty + 10000 * 9);
  EXPECT_LT(full, empty + 10000 * 16);
  Run({"LTRIM", "l", "0", "0"});
  EXPECT_LT(engine().KeyspaceMemoryBytes(), empty + 300);
  Run({"LPOP", "l"});
  EXPECT_EQ(engine().KeyspaceMemoryBytes(), empty);
}

}  // namespace
}  // namespace luakv::testing
