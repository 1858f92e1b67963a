// RespParser and SplitArgs against the behaviour of Redis 7.0's query
// buffer (every expected text was checked against redis-server 7.0.15).

#include "tools/server/resp_parser.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/common/split_args.h"

namespace luakv::server {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using Result = RespParser::Result;

// Every command in `input`, then the final result (kNeedMore or kError).
struct Parsed {
  std::vector<std::vector<std::string>> commands;
  Result last;
  std::string error;
};

Parsed ParseAll(RespParser& p) {
  Parsed out;
  while (true) {
    Result r = p.Next();
    if (r == Result::kCommand) {
      out.commands.push_back(p.argv());
      continue;
    }
    out.last = r;
    if (r == Result::kError) out.error = p.error();
    return out;
  }
}

Parsed Parse(std::string_view input, RespLimits limits = RespLimits()) {
  RespParser p(limits);
  p.Feed(input);
  return ParseAll(p);
}

using Args = std::vector<std::string>;

TEST(RespParser, ParsesAMultibulkCommand) {
  Parsed p = Parse("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
  EXPECT_THAT(p.commands, ElementsAre(Args{"GET", "k"}));
  EXPECT_EQ(p.last, Result::kNeedMore);
}

TEST(RespParser, ParsesPipelinedCommandsOfBothForms) {
  Parsed p = Parse(
      "PING\r\n*1\r\n$4\r\nPING\r\nECHO hi\n*2\r\n$4\r\nECHO\r\n$0\r\n\r\n");
  EXPECT_THAT(p.commands, ElementsAre(Args{"PING"}, Args{"PING"},
                                      Args{"ECHO", "hi"}, Args{"ECHO", ""}));
}

TEST(RespParser, BulkArgumentsAreBinarySafe) {
  std::string arg("a\r\n\0b", 5);
  Parsed p = Parse("*2\r\n$4\r\nECHO\r\n$5\r\n" + arg + "\r\n");
  ASSERT_EQ(p.commands.size(), 1u);
  EXPECT_EQ(p.commands[0][1], arg);
}

TEST(RespParser, ACommandArrivingByteByByteIsParsedOnce) {
  const std::string input = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n";
  RespParser p;
  for (size_t i = 0; i < input.size(); ++i) {
    p.Feed(input.substr(i, 1));
    Result r = p.Next();
    if (i + 1 < input.size()) {
      ASSERT_EQ(r, Result::kNeedMore) << "at byte " << i;
    } else {
      ASSERT_EQ(r, Result::kCommand);
      EXPECT_THAT(p.argv(), ElementsAre("SET", "key", "value"));
    }
  }
  EXPECT_EQ(p.buffered(), 0u);
}

TEST(RespParser, ReadsIntoItsOwnBuffer) {
  RespParser p;
  const std::string input = "*1\r\n$4\r\nPING\r\n";
  std::span<char> room = p.Prepare(input.size());
  ASSERT_GE(room.size(), input.size());
  std::copy(input.begin(), input.end(), room.begin());
  p.Commit(input.size());
  ASSERT_EQ(p.Next(), Result::kCommand);
  EXPECT_THAT(p.argv(), ElementsAre("PING"));
}

TEST(RespParser, ALargeBulkIsAcceptedAndTheReadHintGrows) {
  const size_t size = 8 * 1024 * 1024;
  RespParser p;
  p.Feed("*2\r\n$3\r\nSET\r\n$" + std::to_string(size) + "\r\n");
  EXPECT_EQ(p.Next(), Result::kNeedMore);
  EXPECT_GE(p.ReadHint(), size);
  std::string payload(size, 'x');
  p.Feed(payload);
  EXPECT_EQ(p.Next(), Result::kNeedMore);  // the CRLF is still missing
  p.Feed("\r\n");
  ASSERT_EQ(p.Next(), Result::kCommand);
  EXPECT_EQ(p.argv()[1].size(), size);
}

TEST(RespParser, TheTwoBytesAfterABulkAreSkippedUnread) {
  // Redis does not check that a bulk is followed by CRLF.
  Parsed p = Parse("*1\r\n$4\r\nPINGxxPING\r\n");
  EXPECT_THAT(p.commands, ElementsAre(Args{"PING"}, Args{"PING"}));
}

TEST(RespParser, EmptyRequestsAreSkipped) {
  Parsed p = Parse("\r\n\r\n   \r\n*0\r\n*-5\r\nPING\r\n");
  EXPECT_THAT(p.commands, ElementsAre(Args{"PING"}));
  EXPECT_EQ(p.last, Result::kNeedMore);
}

TEST(RespParser, InlineLinesMayEndInLfAlone) {
  EXPECT_THAT(Parse("PING\n").commands, ElementsAre(Args{"PING"}));
}

TEST(RespParser, InlineArgumentsFollowRedisCliQuoting) {
  Parsed p = Parse("SET \"a key\" 'it\\'s' \"\\x41\\n\"\r\n");
  EXPECT_THAT(p.commands, ElementsAre(Args{"SET", "a key", "it's", "A\n"}));
}

TEST(RespParser, HugeButValidMultibulkCountWaitsForArguments) {
  // Redis 7.0 accepts counts up to INT_MAX and waits for the arguments.
  EXPECT_EQ(Parse("*2147483647\r\n").last, Result::kNeedMore);
  EXPECT_EQ(Parse("*1048577\r\n").last, Result::kNeedMore);
}

TEST(RespParser, AcceptsBulkOfExactlyTheLimit) {
  EXPECT_EQ(Parse("*1\r\n$536870912\r\n").last, Result::kNeedMore);
}

struct ErrorCase {
  std::string name;
  std::string input;
  std::string error;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

class RespParserErrors : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(RespParserErrors, ReplyRedisProtocolErrorAndStayFailed) {
  RespParser p;
  p.Feed(GetParam().input);
  Parsed first = ParseAll(p);
  EXPECT_EQ(first.last, Result::kError);
  EXPECT_EQ(first.error, GetParam().error);
  // Once failed, always failed: the connection must close.
  p.Feed("PING\r\n");
  EXPECT_EQ(p.Next(), Result::kError);
}

INSTANTIATE_TEST_SUITE_P(
    Redis70, RespParserErrors,
    ::testing::Values(
        ErrorCase{"CountOverIntMax", "*2147483648\r\n",
                  "ERR Protocol error: invalid multibulk length"},
        ErrorCase{"CountNotANumber", "*abc\r\n",
                  "ERR Protocol error: invalid multibulk length"},
        ErrorCase{"CountEmpty", "*\r\n",
                  "ERR Protocol error: invalid multibulk length"},
        ErrorCase{"CountWithPlus", "*+1\r\n",
                  "ERR Protocol error: invalid multibulk length"},
        ErrorCase{"CountWithLeadingZero", "*01\r\n",
                  "ERR Protocol error: invalid multibulk length"},
        ErrorCase{"CountWithSpace", "*1 \r\n",
                  "ERR Protocol error: invalid multibulk length"},
        ErrorCase{"BulkNegative", "*1\r\n$-1\r\n",
                  "ERR Protocol error: invalid bulk length"},
        ErrorCase{"BulkNotANumber", "*1\r\n$abc\r\n",
                  "ERR Protocol error: invalid bulk length"},
        ErrorCase{"BulkWithPlus", "*1\r\n$+4\r\n",
                  "ERR Protocol error: invalid bulk length"},
        ErrorCase{"BulkOver512Mb", "*1\r\n$536870913\r\n",
                  "ERR Protocol error: invalid bulk length"},
        ErrorCase{"MissingDollar", "*1\r\nxPING\r\n",
                  "ERR Protocol error: expected '$', got 'x'"},
        ErrorCase{"UnbalancedDoubleQuote", "SET a \"b\r\n",
                  "ERR Protocol error: unbalanced quotes in request"},
        ErrorCase{"TextAfterClosingQuote", "ECHO \"a\"b\r\n",
                  "ERR Protocol error: unbalanced quotes in request"},
        ErrorCase{"InlineTooBig", std::string(70000, 'x'),
                  "ERR Protocol error: too big inline request"},
        ErrorCase{"CountLineTooBig", "*" + std::string(70000, '1'),
                  "ERR Protocol error: too big mbulk count string"},
        ErrorCase{"BulkLineTooBig", "*1\r\n$" + std::string(70000, '1'),
                  "ERR Protocol error: too big bulk count string"}),
    [](const ::testing::TestParamInfo<ErrorCase>& info) {
      return info.param.name;
    });

TEST(RespParser, CommandsBeforeAnErrorAreStillReturned) {
  Parsed p = Parse("*1\r\n$4\r\nPING\r\n*1\r\n$-1\r\n*1\r\n$4\r\nPING\r\n");
  EXPECT_THAT(p.commands, ElementsAre(Args{"PING"}));
  EXPECT_EQ(p.error, "ERR Protocol error: invalid bulk length");
}

TEST(RespParser, UnauthenticatedClientsGetSmallLimits) {
  RespParser p;
  p.set_authenticated(false);
  p.Feed("*10\r\n");
  EXPECT_EQ(p.Next(), Result::kNeedMore);

  RespParser big_count;
  big_count.set_authenticated(false);
  big_count.Feed("*11\r\n");
  EXPECT_EQ(big_count.Next(), Result::kError);
  EXPECT_EQ(big_count.error(),
            "ERR Protocol error: unauthenticated multibulk length");

  RespParser big_bulk;
  big_bulk.set_authenticated(false);
  big_bulk.Feed("*2\r\n$4\r\necho\r\n$16385\r\n");
  EXPECT_EQ(big_bulk.Next(), Result::kError);
  EXPECT_EQ(big_bulk.error(),
            "ERR Protocol error: unauthenticated bulk length");
}

TEST(RespParser, LongInlineLineWithItsNewlineIsAccepted) {
  // The inline limit applies while waiting for a newline.
  std::string line = "ECHO " + std::string(100000, 'y') + "\r\n";
  Parsed p = Parse(line);
  ASSERT_EQ(p.commands.size(), 1u);
  EXPECT_EQ(p.commands[0][1].size(), 100000u);
}

}  // namespace
}  // namespace luakv::server

namespace luakv::tools {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(SplitArgs, SplitsOnWhitespace) {
  EXPECT_THAT(*SplitArgs("  set  a\tb  "), ElementsAre("set", "a", "b"));
  EXPECT_THAT(*SplitArgs(""), IsEmpty());
  EXPECT_THAT(*SplitArgs("   "), IsEmpty());
}

TEST(SplitArgs, DoubleQuotesTakeEscapes) {
  EXPECT_THAT(*SplitArgs(R"("a\x41\x4a\n\r\t\b\a\"\\\q")"),
              ElementsAre(std::string("aAJ\n\r\t\b\a\"\\q")));
  // \x needs two hex digits; otherwise the backslash escapes the 'x'.
  EXPECT_THAT(*SplitArgs(R"("\xZZ")"), ElementsAre("xZZ"));
}

TEST(SplitArgs, SingleQuotesTakeOnlyEscapedQuote) {
  EXPECT_THAT(*SplitArgs(R"('it\'s \n')"), ElementsAre("it's \\n"));
}

TEST(SplitArgs, QuotesMayStartMidArgument) {
  EXPECT_THAT(*SplitArgs(R"(a"b c" d)"), ElementsAre("ab c", "d"));
}

TEST(SplitArgs, EmptyQuotesMakeAnEmptyArgument) {
  EXPECT_THAT(*SplitArgs(R"(set k "")"), ElementsAre("set", "k", ""));
}

TEST(SplitArgs, UnbalancedOrGluedQuotesFail) {
  EXPECT_FALSE(SplitArgs(R"(set "a)").has_value());
  EXPECT_FALSE(SplitArgs(R"(set 'a)").has_value());
  EXPECT_FALSE(SplitArgs(R"("a"b)").has_value());
  EXPECT_FALSE(SplitArgs(R"('a'b)").has_value());
}

TEST(SplitArgs, ANulByteEndsTheLine) {
  EXPECT_THAT(*SplitArgs(std::string("get a\0b", 7)), ElementsAre("get", "a"));
}

}  // namespace
}  // namespace luakv::tools
