// SORT and SORT_RO: every option, error and edge case. Expected replies
// were taken from redis-cli against Redis 7.0.15.

#include <algorithm>
#include <string>
#include <vector>

#include "engine/collection_test.h"

namespace luakv::testing {
namespace {

class SortCommand : public CollectionCommandTest {};

TEST_F(SortCommand, SortsListsSetsAndSortedSetsNumerically) {
  EXPECT_EQ(Cli({"RPUSH", "l", "3", "1", "2", "10", "-5", "2.5"}),
            "(integer) 6");
  EXPECT_EQ(Cli({"SORT", "l"}),
            "1) \"-5\"\n"
            "2) \"1\"\n"
            "3) \"2\"\n"
            "4) \"2.5\"\n"
            "5) \"3\"\n"
            "6) \"10\"");
  EXPECT_EQ(Cli({"SORT", "l", "DESC"}),
            "1) \"10\"\n"
            "2) \"3\"\n"
            "3) \"2.5\"\n"
            "4) \"2\"\n"
            "5) \"1\"\n"
            "6) \"-5\"");
  EXPECT_EQ(Cli({"SADD", "s", "3", "1", "2", "10"}), "(integer) 4");
  EXPECT_EQ(Cli({"SORT", "s"}),
            "1) \"1\"\n"
            "2) \"2\"\n"
            "3) \"3\"\n"
            "4) \"10\"");
  EXPECT_EQ(Cli({"ZADD", "z", "1", "30", "2", "10", "3", "20"}), "(integer) 3");
  EXPECT_EQ(Cli({"SORT", "z", "DESC"}),
            "1) \"30\"\n"
            "2) \"20\"\n"
            "3) \"10\"");
  EXPECT_EQ(Cli({"SORT_RO", "l"}),
            "1) \"-5\"\n"
            "2) \"1\"\n"
            "3) \"2\"\n"
            "4) \"2.5\"\n"
            "5) \"3\"\n"
            "6) \"10\"");
}

TEST_F(SortCommand, NumericTiesFallBackToTheElements) {
  EXPECT_EQ(Cli({"RPUSH", "l", "1", "1.0", "01", "+1", "1e0", "0x1", " 1"}),
            "(integer) 7");
  EXPECT_EQ(Cli({"SORT", "l"}),
            "1) \" 1\"\n"
            "2) \"+1\"\n"
            "3) \"01\"\n"
            "4) \"0x1\"\n"
            "5) \"1\"\n"
            "6) \"1.0\"\n"
            "7) \"1e0\"");
  EXPECT_EQ(Cli({"SORT", "l", "DESC"}),
            "1) \"1e0\"\n"
            "2) \"1.0\"\n"
            "3) \"1\"\n"
            "4) \"0x1\"\n"
            "5) \"01\"\n"
            "6) \"+1\"\n"
            "7) \" 1\"");
}

TEST_F(SortCommand, NumericSortRejectsNonNumbers) {
  EXPECT_EQ(Cli({"RPUSH", "l", "1", "a", "2"}), "(integer) 3");
  EXPECT_EQ(Cli({"SORT", "l"}),
            "(error) ERR One or more scores can't be converted into double");
  EXPECT_EQ(Cli({"RPUSH", "n", "nan", "1"}), "(integer) 2");
  EXPECT_EQ(Cli({"SORT", "n"}),
            "(error) ERR One or more scores can't be converted into double");
  EXPECT_EQ(Cli({"RPUSH", "ok", "inf", "-inf", "0x10", " 7", "1e2", "-0",
                 "+3"}), "(integer) 7");
  EXPECT_EQ(Cli({"SORT", "ok"}),
            "1) \"-inf\"\n"
            "2) \"-0\"\n"
            "3) \"+3\"\n"
            "4) \" 7\"\n"
            "5) \"0x10\"\n"
            "6) \"1e2\"\n"
            "7) \"inf\"");
}

TEST_F(SortCommand, AlphaSorts) {
  EXPECT_EQ(Cli({"RPUSH", "l", "banana", "apple", "cherry", "Apple", "10",
                 "9"}), "(integer) 6");
  EXPECT_EQ(Cli({"SORT", "l", "ALPHA"}),
            "1) \"10\"\n"
            "2) \"9\"\n"
            "3) \"Apple\"\n"
            "4) \"apple\"\n"
            "5) \"banana\"\n"
            "6) \"cherry\"");
  EXPECT_EQ(Cli({"SORT", "l", "ALPHA", "DESC"}),
            "1) \"cherry\"\n"
            "2) \"banana\"\n"
            "3) \"apple\"\n"
            "4) \"Apple\"\n"
            "5) \"9\"\n"
            "6) \"10\"");
  EXPECT_EQ(Cli({"SORT", "l", "ALPHA", "LIMIT", "1", "2"}),
            "1) \"9\"\n"
            "2) \"Apple\"");
  EXPECT_EQ(Cli({"ZADD", "z", "3", "a", "1", "b", "2", "c"}), "(integer) 3");
  EXPECT_EQ(Cli({"SORT", "z", "ALPHA", "DESC"}),
            "1) \"c\"\n"
            "2) \"b\"\n"
            "3) \"a\"");
}

TEST_F(SortCommand, Limit) {
  EXPECT_EQ(Cli({"RPUSH", "l", "5", "4", "3", "2", "1"}), "(integer) 5");
  EXPECT_EQ(Cli({"SORT", "l", "LIMIT", "1", "2"}),
            "1) \"2\"\n"
            "2) \"3\"");
  EXPECT_EQ(Cli({"SORT", "l", "LIMIT", "3", "10"}),
            "1) \"4\"\n"
            "2) \"5\"");
  EXPECT_EQ(Cli({"SORT", "l", "LIMIT", "5", "1"}), "(empty array)");
  EXPECT_EQ(Cli({"SORT", "l", "LIMIT", "-1", "2"}),
            "1) \"1\"\n"
            "2) \"2\"");
  EXPECT_EQ(Cli({"SORT", "l", "LIMIT", "2", "-1"}),
            "1) \"3\"\n"
            "2) \"4\"\n"
            "3) \"5\"");
  EXPECT_EQ(Cli({"SORT", "l", "LIMIT", "0", "0"}), "(empty array)");
  EXPECT_EQ(Cli({"SORT", "l", "LIMIT", "x", "1"}),
            "(error) ERR value is not an integer or out of range");
  EXPECT_EQ(Cli({"SORT", "l", "LIMIT", "1"}), "(error) ERR syntax error");
}

TEST_F(SortCommand, ByKeysAndHashFields) {
  EXPECT_EQ(Cli({"RPUSH", "l", "a", "b", "c", "d"}), "(integer) 4");
  EXPECT_EQ(Cli({"SET", "w_a", "3"}), "OK");
  EXPECT_EQ(Cli({"SET", "w_b", "1"}), "OK");
  EXPECT_EQ(Cli({"SET", "w_c", "2"}), "OK");
  EXPECT_EQ(Cli({"SORT", "l", "BY", "w_*"}),
            "1) \"d\"\n"
            "2) \"b\"\n"
            "3) \"c\"\n"
            "4) \"a\"");
  EXPECT_EQ(Cli({"SORT", "l", "BY", "w_*", "DESC", "LIMIT", "1", "2"}),
            "1) \"c\"\n"
            "2) \"b\"");
  EXPECT_EQ(Cli({"HSET", "h_a", "f", "30"}), "(integer) 1");
  EXPECT_EQ(Cli({"HSET", "h_b", "f", "10"}), "(integer) 1");
  EXPECT_EQ(Cli({"HSET", "h_c", "f", "20", "g", "x"}), "(integer) 2");
  EXPECT_EQ(Cli({"SORT", "l", "BY", "h_*->f"}),
            "1) \"d\"\n"
            "2) \"b\"\n"
            "3) \"c\"\n"
            "4) \"a\"");
  EXPECT_EQ(Cli({"SORT", "l", "BY", "h_*->g", "ALPHA"}),
            "1) \"a\"\n"
            "2) \"b\"\n"
            "3) \"d\"\n"
            "4) \"c\"");
  EXPECT_EQ(Cli({"SORT", "l", "BY", "h_*->"}),
            "1) \"a\"\n"
            "2) \"b\"\n"
            "3) \"c\"\n"
            "4) \"d\"");
}

TEST_F(SortCommand, ByAConstantKeepsTheNativeOrder) {
  EXPECT_EQ(Cli({"RPUSH", "l", "3", "1", "2"}), "(integer) 3");
  EXPECT_EQ(Cli({"SORT", "l", "BY", "nosort"}),
            "1) \"3\"\n"
            "2) \"1\"\n"
            "3) \"2\"");
  EXPECT_EQ(Cli({"SORT", "l", "BY", "nosort", "DESC", "LIMIT", "1", "1"}),
            "1) \"1\"");
  EXPECT_EQ(Cli({"ZADD", "z", "3", "c", "1", "a", "2", "b"}), "(integer) 3");
  EXPECT_EQ(Cli({"SORT", "z", "BY", "nosort", "DESC"}),
            "1) \"c\"\n"
            "2) \"b\"\n"
            "3) \"a\"");
  EXPECT_EQ(Cli({"SADD", "s", "10", "9", "100"}), "(integer) 3");
  EXPECT_EQ(Cli({"SORT", "s", "BY", "nosort"}),
            "1) \"9\"\n"
            "2) \"10\"\n"
            "3) \"100\"");
  EXPECT_EQ(Cli({"SORT", "s", "BY", "nosort", "STORE", "d"}), "(integer) 3");
  EXPECT_EQ(Cli({"LRANGE", "d", "0", "-1"}),
            "1) \"10\"\n"
            "2) \"100\"\n"
            "3) \"9\"");
}

TEST_F(SortCommand, GetPatterns) {
  EXPECT_EQ(Cli({"RPUSH", "l", "2", "1", "3"}), "(integer) 3");
  EXPECT_EQ(Cli({"SET", "v_1", "one"}), "OK");
  EXPECT_EQ(Cli({"SET", "v_2", "two"}), "OK");
  EXPECT_EQ(Cli({"HSET", "h_3", "f", "three"}), "(integer) 1");
  EXPECT_EQ(Cli({"SORT", "l", "GET", "#", "GET", "v_*", "GET", "h_*->f"}),
            "1) \"1\"\n"
            "2) \"one\"\n"
            "3) (nil)\n"
            "4) \"2\"\n"
            "5) \"two\"\n"
            "6) (nil)\n"
            "7) \"3\"\n"
            "8) (nil)\n"
            "9) \"three\"");
  EXPECT_EQ(Cli({"SORT", "l", "GET", "nostar"}),
            "1) (nil)\n"
            "2) (nil)\n"
            "3) (nil)");
  EXPECT_EQ(Cli({"SORT", "l", "GET", "#", "GET", "v_*", "STORE", "d"}),
            "(integer) 6");
  EXPECT_EQ(Cli({"LRANGE", "d", "0", "-1"}),
            "1) \"1\"\n"
            "2) \"one\"\n"
            "3) \"2\"\n"
            "4) \"two\"\n"
            "5) \"3\"\n"
            "6) \"\"");
}

TEST_F(SortCommand, StoreReplacesOrDeletesTheDestination) {
  EXPECT_EQ(Cli({"RPUSH", "l", "3", "1", "2"}), "(integer) 3");
  EXPECT_EQ(Cli({"SET", "d", "old"}), "OK");
  EXPECT_EQ(Cli({"EXPIRE", "d", "100"}), "(integer) 1");
  EXPECT_EQ(Cli({"SORT", "l", "STORE", "d"}), "(integer) 3");
  EXPECT_EQ(Cli({"LRANGE", "d", "0", "-1"}),
            "1) \"1\"\n"
            "2) \"2\"\n"
            "3) \"3\"");
  EXPECT_EQ(Cli({"TTL", "d"}), "(integer) -1");
  EXPECT_EQ(Cli({"SORT", "nokey", "STORE", "d"}), "(integer) 0");
  EXPECT_EQ(Cli({"EXISTS", "d"}), "(integer) 0");
  EXPECT_EQ(Cli({"SORT_RO", "l", "STORE", "d"}), "(error) ERR syntax error");
}

TEST_F(SortCommand, ErrorsAndMissingKeys) {
  EXPECT_EQ(Cli({"SORT", "nokey"}), "(empty array)");
  EXPECT_EQ(Cli({"SET", "s", "v"}), "OK");
  EXPECT_EQ(Cli({"SORT", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"SORT_RO", "s"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"HSET", "h", "a", "1"}), "(integer) 1");
  EXPECT_EQ(Cli({"SORT", "h"}),
            "(error) WRONGTYPE Operation against a key holding the wrong kind"
            " of value");
  EXPECT_EQ(Cli({"RPUSH", "l", "1"}), "(integer) 1");
  EXPECT_EQ(Cli({"SORT", "l", "FOO"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"SORT", "l", "BY"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"SORT", "l", "GET"}), "(error) ERR syntax error");
  EXPECT_EQ(Cli({"SORT", "s", "FOO"}), "(error) ERR syntax error");
}

TEST_F(SortCommand, SortingASortedSetConvertsIt) {
  EXPECT_EQ(Cli({"ZADD", "z", "1", "a"}), "(integer) 1");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "z"}), "\"listpack\"");
  EXPECT_EQ(Cli({"SORT", "z", "ALPHA"}), "1) \"a\"");
  EXPECT_EQ(Cli({"OBJECT", "ENCODING", "z"}), "\"skiplist\"");
}

TEST_F(SortCommand, ScriptsReachSort) {
  EXPECT_EQ(Cli({"RPUSH", "l", "3", "1", "2"}), "(integer) 3");
  EXPECT_EQ(Cli({"EVAL", "return redis.call('SORT', KEYS[1])", "1", "l"}),
            "1) \"1\"\n"
            "2) \"2\"\n"
            "3) \"3\"");
  EXPECT_EQ(Cli({"EVAL", "return redis.call('SORT_RO', KEYS[1], 'DESC')", "1",
                 "l"}),
            "1) \"3\"\n"
            "2) \"2\"\n"
            "3) \"1\"");
}

TEST_F(SortCommand, LargeListsSortLikeStdSort) {
  std::vector<std::string> push = {"RPUSH", "l"};
  std::vector<double> values;
  for (int i = 0; i < 3000; ++i) {
    const int v = (i * 7919) % 1000 - 500;
    push.push_back(std::to_string(v));
    values.push_back(v);
  }
  Run(push);
  std::sort(values.begin(), values.end());
  const Reply r = Run({"SORT", "l", "LIMIT", "100", "5"});
  ASSERT_EQ(r.size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(std::stod(r[i].str()), values[100 + i]);
  }
  EXPECT_EQ(Cli({"SORT", "l", "STORE", "sorted"}), "(integer) 3000");
  EXPECT_EQ(Cli({"LINDEX", "sorted", "0"}), "\"-500\"");
  EXPECT_EQ(Cli({"LINDEX", "sorted", "-1"}), "\"499\"");
}

}  // namespace
}  // namespace luakv::testing
