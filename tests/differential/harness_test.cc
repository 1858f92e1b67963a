// Tests of the differential harness itself: the case-file parser, the
// command-line splitter, RESP framing and the reply comparisons. These need
// no redis-server.

#include <string>
#include <vector>

#include "differential/case_file.h"
#include "differential/reply_compare.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "testing/resp_client.h"

namespace luakv::differential {
namespace {

using ::luakv::testing::EncodeRespCommand;
using ::luakv::testing::RespFrameLength;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::string_literals;

std::vector<std::string> Split(std::string_view line) {
  absl::StatusOr<std::vector<std::string>> r = SplitCommandLine(line);
  EXPECT_TRUE(r.ok()) << line << ": " << r.status();
  return r.ok() ? *r : std::vector<std::string>{};
}

TEST(SplitCommandLine, SplitsOnWhitespace) {
  EXPECT_THAT(Split("SET  k\tv "), ElementsAre("SET", "k", "v"));
  EXPECT_THAT(Split("   "), ElementsAre());
  EXPECT_THAT(Split(""), ElementsAre());
}

TEST(SplitCommandLine, DoubleQuotesTakeEscapes) {
  EXPECT_THAT(Split(R"(SET "a b" "x\n\r\t\"\\\a\b")"),
              ElementsAre("SET", "a b", "x\n\r\t\"\\\a\b"));
  EXPECT_THAT(Split(R"("\x41\x00\xff")"), ElementsAre("A\0\xff"s));
  // Not a valid hex escape: the x stands for itself.
  EXPECT_THAT(Split(R"("\xZZ")"), ElementsAre("xZZ"));
  // Unknown escapes drop the backslash.
  EXPECT_THAT(Split(R"("\q")"), ElementsAre("q"));
  EXPECT_THAT(Split(R"(ECHO "")"), ElementsAre("ECHO", ""));
}

TEST(SplitCommandLine, SingleQuotesAreLiteral) {
  EXPECT_THAT(Split(R"('a\nb' 'it\'s' '')"),
              ElementsAre("a\\nb", "it's", ""));
}

TEST(SplitCommandLine, QuotesMayStartInsideAWord) {
  EXPECT_THAT(Split(R"(ab"c d" e'f g')"), ElementsAre("abc d", "ef g"));
}

TEST(SplitCommandLine, RejectsUnbalancedAndRunOnQuotes) {
  EXPECT_FALSE(SplitCommandLine(R"(SET "abc)").ok());
  EXPECT_FALSE(SplitCommandLine(R"(SET 'abc)").ok());
  EXPECT_FALSE(SplitCommandLine(R"(SET "abc\")").ok());
  EXPECT_FALSE(SplitCommandLine(R"(SET "a"b)").ok());
  EXPECT_FALSE(SplitCommandLine(R"(SET 'a'b)").ok());
}

TEST(ParseCaseFile, ReadsSequencesAndDirectives) {
  const std::vector<Sequence> seqs = ParseCaseFile("f.txt",
                                                   "# header comment\n"
                                                   "\n"
                                                   "## first one\n"
                                                   "SET k v\r\n"
                                                   "  # indented comment\n"
                                                   "!unordered KEYS *\n"
                                                   "!type RANDOMKEY\n"
                                                   "!within 100 PTTL k\n"
                                                   "!sleep 20\n"
                                                   "##second\n"
                                                   "GET k");
  ASSERT_EQ(seqs.size(), 2u);
  const Sequence& a = seqs[0];
  EXPECT_EQ(a.file, "f.txt");
  EXPECT_EQ(a.name, "first one");
  EXPECT_EQ(a.line, 3);
  EXPECT_EQ(a.error, "");
  ASSERT_EQ(a.steps.size(), 5u);
  EXPECT_THAT(a.steps[0].argv, ElementsAre("SET", "k", "v"));
  EXPECT_EQ(a.steps[0].line, 4);
  EXPECT_EQ(a.steps[0].compare, Compare::kExact);
  EXPECT_THAT(a.steps[1].argv, ElementsAre("KEYS", "*"));
  EXPECT_EQ(a.steps[1].compare, Compare::kUnordered);
  EXPECT_EQ(a.steps[2].compare, Compare::kType);
  EXPECT_EQ(a.steps[3].compare, Compare::kWithin);
  EXPECT_EQ(a.steps[3].tolerance, 100);
  EXPECT_THAT(a.steps[3].argv, ElementsAre("PTTL", "k"));
  EXPECT_TRUE(a.steps[4].argv.empty());
  EXPECT_EQ(a.steps[4].sleep_ms, 20);
  EXPECT_EQ(a.steps[4].text, "!sleep 20");
  EXPECT_EQ(seqs[1].name, "second");
  ASSERT_EQ(seqs[1].steps.size(), 1u);
  EXPECT_EQ(seqs[1].steps[0].line, 11);
}

TEST(ParseCaseFile, ErrorsStayWithTheirSequence) {
  const std::vector<Sequence> seqs = ParseCaseFile("f.txt",
                                                   "## bad\n"
                                                   "SET \"k v\n"
                                                   "!frobnicate GET k\n"
                                                   "## good\n"
                                                   "GET k\n");
  ASSERT_EQ(seqs.size(), 2u);
  EXPECT_THAT(seqs[0].error, HasSubstr("unbalanced"));
  EXPECT_EQ(seqs[0].error_line, 2);
  EXPECT_EQ(seqs[1].error, "");
}

TEST(ParseCaseFile, RejectsMalformedDirectives) {
  for (const char* line : {"!sleep", "!sleep x", "!sleep 0", "!sleep 5 GET k",
                           "!within GET k", "!within -1 GET k", "!type",
                           "!unordered   ", "!nope GET k"}) {
    const std::vector<Sequence> seqs =
        ParseCaseFile("f.txt", std::string("## s\n") + line + "\n");
    ASSERT_EQ(seqs.size(), 1u);
    EXPECT_NE(seqs[0].error, "") << line;
    EXPECT_EQ(seqs[0].error_line, 2) << line;
  }
}

TEST(ParseCaseFile, CommandsBeforeAnySequenceAreAnError) {
  const std::vector<Sequence> seqs = ParseCaseFile("f.txt", "GET k\n## s\n");
  ASSERT_EQ(seqs.size(), 2u);
  EXPECT_NE(seqs[0].error, "");
  EXPECT_EQ(seqs[0].error_line, 1);
  const std::vector<Sequence> unnamed = ParseCaseFile("f.txt", "##   \n");
  ASSERT_EQ(unnamed.size(), 1u);
  EXPECT_NE(unnamed[0].error, "");
}

TEST(ParseCaseFile, ClusterDirectiveMarksTheWholeFile) {
  const std::vector<Sequence> seqs =
      ParseCaseFile("f.txt", "# cluster\n!cluster\n## a\nGET k\n## b\nGET j\n");
  ASSERT_EQ(seqs.size(), 2u);
  EXPECT_EQ(seqs[0].cluster_nodes, 1);
  EXPECT_EQ(seqs[1].cluster_nodes, 1);
  EXPECT_EQ(seqs[0].error, "");
  const std::vector<Sequence> two =
      ParseCaseFile("f.txt", "!cluster 2\n## a\nGET k\n");
  ASSERT_EQ(two.size(), 1u);
  EXPECT_EQ(two[0].cluster_nodes, 2);
  const std::vector<Sequence> plain = ParseCaseFile("f.txt", "## a\nGET k\n");
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(plain[0].cluster_nodes, 0);
  // Too late: a file is either all cluster or not at all.
  const std::vector<Sequence> late =
      ParseCaseFile("f.txt", "## a\nGET k\n!cluster\n");
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].cluster_nodes, 0);
  EXPECT_EQ(late[0].error_line, 3);
}

TEST(LoadCaseDirectory, MissingDirectoryYieldsAFailingSequence) {
  const std::vector<Sequence> seqs = LoadCaseDirectory("/nonexistent/dir");
  ASSERT_EQ(seqs.size(), 1u);
  EXPECT_NE(seqs[0].error, "");
}

TEST(RespFrameLength, FindsTheEndOfOneReply) {
  EXPECT_EQ(*RespFrameLength("+OK\r\n+PONG\r\n"), 5u);
  EXPECT_EQ(*RespFrameLength("-ERR x\r\n"), 8u);
  EXPECT_EQ(*RespFrameLength(":-12\r\n"), 6u);
  EXPECT_EQ(*RespFrameLength("$3\r\na\r\n\r\n"), 9u);  // binary-safe body
  EXPECT_EQ(*RespFrameLength("$-1\r\n"), 5u);
  EXPECT_EQ(*RespFrameLength("*-1\r\n"), 5u);
  EXPECT_EQ(*RespFrameLength("*0\r\n"), 4u);
  EXPECT_EQ(*RespFrameLength("*2\r\n$1\r\na\r\n*1\r\n:1\r\nrest"), 19u);
  // RESP3.
  EXPECT_EQ(*RespFrameLength("_\r\n"), 3u);
  EXPECT_EQ(*RespFrameLength("#t\r\n"), 4u);
  EXPECT_EQ(*RespFrameLength(",1.5\r\n"), 6u);
  EXPECT_EQ(*RespFrameLength("(123\r\n"), 6u);
  EXPECT_EQ(*RespFrameLength("=7\r\ntxt:abc\r\n"), 13u);
  EXPECT_EQ(*RespFrameLength("!3\r\nerr\r\n"), 9u);
  EXPECT_EQ(*RespFrameLength("%1\r\n+a\r\n:1\r\n"), 12u);
  EXPECT_EQ(*RespFrameLength("~2\r\n+a\r\n+b\r\n"), 12u);
  EXPECT_EQ(*RespFrameLength(">2\r\n+a\r\n+b\r\n"), 12u);
  // An attribute precedes the value it annotates.
  EXPECT_EQ(*RespFrameLength("|1\r\n+k\r\n+v\r\n:5\r\n"), 16u);
}

TEST(RespFrameLength, AsksForMoreWhenIncomplete) {
  for (const char* partial :
       {"", "+OK", "+OK\r", "$3\r\nab", "$3\r\nabc\r", "*2\r\n:1\r\n",
        "%1\r\n+a\r\n", "|1\r\n+k\r\n+v\r\n"}) {
    absl::StatusOr<size_t> n = RespFrameLength(partial);
    ASSERT_TRUE(n.ok()) << partial;
    EXPECT_EQ(*n, 0u) << partial;
  }
}

TEST(RespFrameLength, RejectsWhatIsNotResp) {
  for (const char* bad : {"x\r\n", "$x\r\n", "$-2\r\n", "$2\r\nabcd\r\n",
                          "*-2\r\n", "%-1\r\n", "!-1\r\n"}) {
    EXPECT_FALSE(RespFrameLength(bad).ok()) << bad;
  }
}

TEST(EncodeRespCommand, EncodesBulkStrings) {
  const std::vector<std::string> argv = {"SET", "k", ""};
  EXPECT_EQ(EncodeRespCommand(argv),
            "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n");
}

TEST(RepliesMatch, ExactComparesBytes) {
  EXPECT_TRUE(RepliesMatch(Compare::kExact, 0, "+OK\r\n", "+OK\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kExact, 0, "+OK\r\n", "$2\r\nOK\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kExact, 0, "", ""));
  EXPECT_FALSE(RepliesMatch(Compare::kExact, 0, "+OK\r\n+OK\r\n",
                            "+OK\r\n+OK\r\n"));
}

TEST(RepliesMatch, UnorderedComparesElementsAsMultisets) {
  EXPECT_TRUE(RepliesMatch(Compare::kUnordered, 0,
                           "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\na\r\n",
                           "*3\r\n$1\r\na\r\n$1\r\na\r\n$1\r\nb\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kUnordered, 0,
                            "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\na\r\n",
                            "*3\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nb\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kUnordered, 0, "*1\r\n$1\r\na\r\n",
                            "*2\r\n$1\r\na\r\n$1\r\na\r\n"));
  // The aggregate type still counts: a RESP3 set is not an array.
  EXPECT_FALSE(RepliesMatch(Compare::kUnordered, 0, "~1\r\n$1\r\na\r\n",
                            "*1\r\n$1\r\na\r\n"));
  // Maps compare as sets of pairs: keys stay with their values.
  EXPECT_TRUE(RepliesMatch(Compare::kUnordered, 0,
                           "%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n",
                           "%2\r\n+b\r\n:2\r\n+a\r\n:1\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kUnordered, 0,
                            "%2\r\n+a\r\n:1\r\n+b\r\n:2\r\n",
                            "%2\r\n+a\r\n:2\r\n+b\r\n:1\r\n"));
  // Nested aggregates are elements compared whole.
  EXPECT_TRUE(RepliesMatch(Compare::kUnordered, 0,
                           "*2\r\n*1\r\n:1\r\n:2\r\n",
                           "*2\r\n:2\r\n*1\r\n:1\r\n"));
  // Not an aggregate: exact.
  EXPECT_TRUE(RepliesMatch(Compare::kUnordered, 0, "-ERR x\r\n", "-ERR x\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kUnordered, 0, "-ERR x\r\n", "-ERR y\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kUnordered, 0, "*0\r\n", "-ERR y\r\n"));
}

TEST(RepliesMatch, TypeComparesTypeNullnessAndLength) {
  EXPECT_TRUE(RepliesMatch(Compare::kType, 0, "$1\r\na\r\n", "$3\r\nxyz\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kType, 0, "$1\r\na\r\n", "$-1\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kType, 0, "$1\r\na\r\n", "+a\r\n"));
  EXPECT_TRUE(RepliesMatch(Compare::kType, 0, ":1\r\n", ":7\r\n"));
  EXPECT_TRUE(RepliesMatch(Compare::kType, 0, "*2\r\n:1\r\n:2\r\n",
                           "*2\r\n$1\r\na\r\n:3\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kType, 0, "*2\r\n:1\r\n:2\r\n",
                            "*1\r\n:1\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kType, 0, "*0\r\n", "*-1\r\n"));
  EXPECT_TRUE(RepliesMatch(Compare::kType, 0, "_\r\n", "_\r\n"));
}

TEST(RepliesMatch, WithinAllowsIntegersToDiffer) {
  EXPECT_TRUE(RepliesMatch(Compare::kWithin, 100, ":1000\r\n", ":901\r\n"));
  EXPECT_TRUE(RepliesMatch(Compare::kWithin, 100, ":1000\r\n", ":1100\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kWithin, 100, ":1000\r\n", ":1101\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kWithin, 100, ":-1\r\n", "$2\r\n-1\r\n"));
  EXPECT_TRUE(RepliesMatch(Compare::kWithin, 0, "$-1\r\n", "$-1\r\n"));
  EXPECT_FALSE(RepliesMatch(Compare::kWithin, 5,
                            ":9223372036854775807\r\n",
                            ":-9223372036854775808\r\n"));
}

TEST(EscapeBytes, ShowsControlBytes) {
  EXPECT_EQ(EscapeBytes("+OK\r\n"), R"("+OK\r\n")");
  EXPECT_EQ(EscapeBytes("a\"b\\c\t\x01\xff"s + '\0'),
            R"("a\"b\\c\t\x01\xff\x00")");
}

}  // namespace
}  // namespace luakv::differential
