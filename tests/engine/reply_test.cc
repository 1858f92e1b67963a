#include "luakv/reply.h"

#include "gtest/gtest.h"
#include "luakv/resp_writer.h"

namespace luakv {
namespace {

TEST(ReplyPrinting, ScalarsPrintLikeRedisCli) {
  EXPECT_EQ(Reply::Status("OK").ToString(), "OK");
  EXPECT_EQ(Reply::Error("ERR x").ToString(), "(error) ERR x");
  EXPECT_EQ(Reply::Integer(-3).ToString(), "(integer) -3");
  EXPECT_EQ(Reply::Bulk("v").ToString(), "\"v\"");
  EXPECT_EQ(Reply::Null().ToString(), "(nil)");
  EXPECT_EQ(Reply::NullArray().ToString(), "(nil)");
  EXPECT_EQ(Reply::Double(1.5).ToString(), "(double) 1.5");
  EXPECT_EQ(Reply::Bool(true).ToString(), "(true)");
  EXPECT_EQ(Reply::BigNumber("123").ToString(), "(big number) 123");
}

TEST(ReplyPrinting, BulkStringsAreQuotedAndEscaped) {
  EXPECT_EQ(Reply::Bulk(std::string("a\"b\\c\n\r\t\x01\xff", 10)).ToString(),
            "\"a\\\"b\\\\c\\n\\r\\t\\x01\\xff\"");
}

TEST(ReplyPrinting, ArraysAreNumberedAndNested) {
  Reply r = Reply::Array({Reply::Bulk("a"),
                          Reply::Array({Reply::Integer(1), Reply::Bulk("b")}),
                          Reply::Null()});
  EXPECT_EQ(r.ToString(),
            "1) \"a\"\n"
            "2) 1) (integer) 1\n"
            "   2) \"b\"\n"
            "3) (nil)");
  EXPECT_EQ(Reply::Array({}).ToString(), "(empty array)");
}

TEST(ReplyPrinting, WideIndexesAreRightAligned) {
  std::vector<Reply> items;
  for (int i = 0; i < 10; ++i) items.push_back(Reply::Integer(i));
  std::string s = Reply::Array(std::move(items)).ToString();
  EXPECT_EQ(s.substr(0, 15), " 1) (integer) 0");
  EXPECT_NE(s.find("\n10) (integer) 9"), std::string::npos);
}

TEST(ReplyPrinting, MapsAndSets) {
  Reply m = Reply::Map({Reply::Bulk("k"), Reply::Integer(1)});
  EXPECT_EQ(m.ToString(), "1# \"k\" => (integer) 1");
  EXPECT_EQ(Reply::Set({Reply::Bulk("x")}).ToString(), "1~ \"x\"");
}

TEST(ReplyBuilder, BuildsNestedAggregates) {
  ReplyBuilder b(2);
  b.Array(2);
  b.Bulk("a");
  b.Array(1);
  b.Integer(5);
  ASSERT_TRUE(b.done());
  EXPECT_EQ(b.Take(), Reply::Array({Reply::Bulk("a"),
                                    Reply::Array({Reply::Integer(5)})}));
}

TEST(ReplyBuilder, DowngradesResp3KindsUnderResp2) {
  ReplyBuilder b(2);
  b.Map(1);
  b.Bulk("k");
  b.Double(1.5);
  EXPECT_EQ(b.Take(), Reply::Array({Reply::Bulk("k"), Reply::Bulk("1.5")}));
  ReplyBuilder b3(3);
  b3.Map(1);
  b3.Bulk("k");
  b3.Double(1.5);
  EXPECT_EQ(b3.Take(), Reply::Map({Reply::Bulk("k"), Reply::Double(1.5)}));
}

TEST(ReplyBuilder, ErrorTextsStayOnOneLine) {
  ReplyBuilder b(2);
  b.Error("ERR a\r\nb");
  EXPECT_EQ(b.Take().str(), "ERR a  b");
}

TEST(RespWriter, Resp2Encoding) {
  std::string out;
  RespWriter w(&out, 2);
  w.Array(7);
  w.Simple("OK");
  w.Error("ERR x\ny");
  w.Integer(-1);
  w.Bulk("ab");
  w.Null();
  w.NullArray();
  w.Double(3.14);
  EXPECT_EQ(out,
            "*7\r\n+OK\r\n-ERR x y\r\n:-1\r\n$2\r\nab\r\n$-1\r\n*-1\r\n"
            "$18\r\n3.1400000000000001\r\n");
}

TEST(RespWriter, Resp3Encoding) {
  std::string out;
  RespWriter w(&out, 3);
  w.Map(1);
  w.Bulk("k");
  w.Bool(true);
  w.Set(0);
  w.Null();
  w.Double(-1.0 / 0.0);
  w.BigNumber("12");
  w.Verbatim("t", "hi");
  EXPECT_EQ(out, "%1\r\n$1\r\nk\r\n#t\r\n~0\r\n_\r\n,-inf\r\n(12\r\n"
                 "=6\r\nt  :hi\r\n");
}

}  // namespace
}  // namespace luakv
