// CONFIG and DEBUG. Expected texts come from redis-server 7.0.15 (started
// with enable-debug-command yes).

#include "testing/engine_test.h"

namespace luakv::testing {
namespace {

class ConfigCommands : public EngineTest {};

TEST_F(ConfigCommands, GetByNameAndPattern) {
  // Exact names echo the caller's spelling; patterns give the table's.
  EXPECT_EQ(Run({"CONFIG", "GET", "DATABASES"}), Bulks({"DATABASES", "16"}));
  EXPECT_EQ(Run({"CONFIG", "GET", "data*"}), Bulks({"databases", "16"}));
  EXPECT_EQ(Run({"CONFIG", "GET", "nosuch"}), Bulks({}));
  EXPECT_EQ(Run({"CONFIG", "GET", "save", "appendonly", "save"}),
            Bulks({"save", "", "appendonly", "no"}));
  EXPECT_THAT(
      Run({"CONFIG", "GET"}),
      IsExactError("ERR wrong number of arguments for 'config|get' command"));
}

TEST_F(ConfigCommands, GetIsAMapUnderResp3) {
  session().set_protocol(3);
  EXPECT_EQ(RunResp({"CONFIG", "GET", "databases"}),
            "%1\r\n$9\r\ndatabases\r\n$2\r\n16\r\n");
}

TEST_F(ConfigCommands, SetErrorsInRedisOrder) {
  EXPECT_THAT(Run({"CONFIG", "SET", "foo", "bar"}),
              IsExactError("ERR Unknown option or number of arguments for "
                           "CONFIG SET - 'foo'"));
  EXPECT_THAT(
      Run({"CONFIG", "SET", "databases", "3"}),
      IsExactError("ERR CONFIG SET failed (possibly related to argument "
                   "'databases') - can't set immutable config"));
  EXPECT_THAT(
      Run({"CONFIG", "SET", "databases", "3", "databases", "4"}),
      IsExactError("ERR CONFIG SET failed (possibly related to argument "
                   "'databases') - can't set immutable config"));
  EXPECT_THAT(Run({"CONFIG", "SET", "databases", "1", "foo"}),
              IsExactError("ERR syntax error"));
  EXPECT_THAT(
      Run({"CONFIG", "SET", "databases"}),
      IsExactError("ERR wrong number of arguments for 'config|set' command"));
  EXPECT_EQ(Run({"CONFIG", "GET", "databases"}), Bulks({"databases", "16"}));
}

TEST_F(ConfigCommands, RewriteAndHelp) {
  EXPECT_THAT(Run({"CONFIG", "REWRITE"}),
              IsExactError("ERR The server is running without a config file"));
  EXPECT_THAT(
      Run({"CONFIG", "RESETSTAT", "x"}),
      IsExactError(
          "ERR wrong number of arguments for 'config|resetstat' command"));
  EXPECT_THAT(
      Run({"CONFIG"}),
      IsExactError("ERR wrong number of arguments for 'config' command"));
  EXPECT_THAT(Run({"CONFIG", "foo"}),
              IsExactError("ERR unknown subcommand 'foo'. Try CONFIG HELP."));
  Reply help = Run({"CONFIG", "HELP"});
  EXPECT_EQ(help[0].str(),
            "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  EXPECT_EQ(help[help.size() - 2].str(), "HELP");
}

class DebugCommands : public EngineTest {};

TEST_F(DebugCommands, ProtocolUnderResp2) {
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "string"}), "$11\r\nHello World\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "protocol", "integer"}), ":12345\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "double"}), "$5\r\n3.141\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "bignum"}),
            "$37\r\n1234567999999999999999999999999999999\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "null"}), "$-1\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "array"}),
            "*3\r\n:0\r\n:1\r\n:2\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "set"}), "*3\r\n:0\r\n:1\r\n:2\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "map"}),
            "*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "attrib"}),
            "$39\r\nSome real reply following the attribute\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "push"}),
            "-ERR RESP2 is not supported by this command\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "verbatim"}),
            "$25\r\nThis is a verbatim\nstring\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "true"}), ":1\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "false"}), ":0\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "foo"}),
            "-ERR Wrong protocol type name. Please use one of the following: "
            "string|integer|double|bignum|null|array|set|map|attrib|push|"
            "verbatim|true|false\r\n");
}

TEST_F(DebugCommands, ProtocolUnderResp3) {
  session().set_protocol(3);
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "double"}), ",3.141\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "bignum"}),
            "(1234567999999999999999999999999999999\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "null"}), "_\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "set"}), "~3\r\n:0\r\n:1\r\n:2\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "map"}),
            "%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "verbatim"}),
            "=29\r\ntxt:This is a verbatim\nstring\r\n");
  EXPECT_EQ(RunResp({"DEBUG", "PROTOCOL", "true"}), "#t\r\n");
}

TEST_F(DebugCommands, WrongSubcommandsAndArities) {
  for (auto argv : {std::vector<std::string>{"DEBUG", "foo"},
                    std::vector<std::string>{"DEBUG", "object"},
                    std::vector<std::string>{"DEBUG", "object", "a", "b"},
                    std::vector<std::string>{"DEBUG", "protocol"},
                    std::vector<std::string>{"DEBUG", "sleep"},
                    std::vector<std::string>{"DEBUG", "sleep", "0", "1"},
                    std::vector<std::string>{"DEBUG", "set-active-expire"}}) {
    EXPECT_THAT(Run(argv),
                IsExactError("ERR unknown subcommand or wrong number of "
                             "arguments for '" +
                             argv[1] + "'. Try DEBUG HELP."));
  }
  EXPECT_THAT(
      Run({"DEBUG"}),
      IsExactError("ERR wrong number of arguments for 'debug' command"));
}

TEST_F(DebugCommands, ObjectDescribesTheValue) {
  Run({"SET", "s", "v"});
  Run({"SET", "n", "12345"});
  Reply s = Run({"DEBUG", "OBJECT", "s"});
  ASSERT_EQ(s.type(), Reply::Type::kStatus);
  EXPECT_EQ(s.str().rfind("Value at:0x", 0), 0u);
  EXPECT_NE(s.str().find(" refcount:1 encoding:embstr serializedlength:2 lru:"),
            std::string::npos)
      << s.str();
  EXPECT_NE(s.str().find(" lru_seconds_idle:0"), std::string::npos);
  EXPECT_NE(Run({"DEBUG", "OBJECT", "n"})
                .str()
                .find(" encoding:int serializedlength:3 "),
            std::string::npos);
  EXPECT_THAT(Run({"DEBUG", "OBJECT", "nokey"}),
              IsExactError("ERR no such key"));
  Run({"PEXPIRE", "s", "10"});
  clock().AdvanceMillis(20);
  EXPECT_THAT(Run({"DEBUG", "OBJECT", "s"}), IsExactError("ERR no such key"));
}

TEST_F(DebugCommands, SetActiveExpireStopsActiveExpiry) {
  Run({"SET", "k", "v", "PX", "10"});
  clock().AdvanceMillis(20);
  EXPECT_THAT(Run({"DEBUG", "SET-ACTIVE-EXPIRE", "0"}), IsOk());
  EXPECT_EQ(engine().ActiveExpire(), 0u);
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
  // Like Redis, anything atoi reads as 0 turns it off, anything else on.
  EXPECT_THAT(Run({"DEBUG", "set-active-expire", "x"}), IsOk());
  EXPECT_EQ(engine().ActiveExpire(), 0u);
  EXPECT_THAT(Run({"DEBUG", "SET-ACTIVE-EXPIRE", "1"}), IsOk());
  EXPECT_EQ(engine().ActiveExpire(), 1u);
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(0));
}

TEST_F(DebugCommands, SleepAndDenyScriptsReplyOk) {
  EXPECT_THAT(Run({"DEBUG", "SLEEP", "0"}), IsOk());
  EXPECT_THAT(Run({"DEBUG", "SLEEP", "abc"}), IsOk());
  EXPECT_THAT(Run({"DEBUG", "SLEEP", "0.01"}), IsOk());
  EXPECT_THAT(Run({"DEBUG", "SET-DISABLE-DENY-SCRIPTS", "1"}), IsOk());
  EXPECT_THAT(Run({"DEBUG", "SET-DISABLE-DENY-SCRIPTS", "0"}), IsOk());
}

}  // namespace
}  // namespace luakv::testing
