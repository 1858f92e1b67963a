// Connection commands as an embedded session answers them. Expected texts
// come from redis-server 7.0.15 without a password.

#include "testing/engine_test.h"

namespace luakv::testing {
namespace {

class ConnectionCommands : public EngineTest {};

TEST_F(ConnectionCommands, HelloSwitchesProtocolAndReplies) {
  session().set_id(42);
  session().set_protocol(3);  // the reply is a map in the sink's protocol
  Reply r = Run({"HELLO", "3", "SETNAME", "me"});
  ASSERT_EQ(r.type(), Reply::Type::kMap);
  EXPECT_EQ(r, Reply::Map({Reply::Bulk("server"), Reply::Bulk("redis"),
                           Reply::Bulk("version"), Reply::Bulk("7.0.15"),
                           Reply::Bulk("proto"), Reply::Integer(3),
                           Reply::Bulk("id"), Reply::Integer(42),
                           Reply::Bulk("mode"), Reply::Bulk("standalone"),
                           Reply::Bulk("role"), Reply::Bulk("master"),
                           Reply::Bulk("modules"), Reply::Array({})}));
  EXPECT_EQ(session().name(), "me");
  EXPECT_THAT(Run({"HELLO", "2"}), ::testing::Not(IsError("")));
  EXPECT_EQ(session().protocol(), 2);
}

TEST_F(ConnectionCommands, HelloErrors) {
  EXPECT_THAT(Run({"HELLO", "4"}),
              IsExactError("NOPROTO unsupported protocol version"));
  EXPECT_THAT(
      Run({"HELLO", "x"}),
      IsExactError("ERR Protocol version is not an integer or out of range"));
  EXPECT_THAT(Run({"HELLO", "3", "foo"}),
              IsExactError("ERR Syntax error in HELLO option 'foo'"));
  EXPECT_THAT(Run({"HELLO", "3", "auth", "default"}),
              IsExactError("ERR Syntax error in HELLO option 'auth'"));
  EXPECT_THAT(Run({"HELLO", "3", "setname", "x", "y"}),
              IsExactError("ERR Syntax error in HELLO option 'y'"));
  EXPECT_THAT(
      Run({"HELLO", "3", "setname", "a b", "auth", "default", "x"}),
      IsExactError("ERR Client names cannot contain spaces, newlines or "
                   "special characters."));
  EXPECT_THAT(
      Run({"HELLO", "3", "auth", "bob", "x"}),
      IsExactError("WRONGPASS invalid username-password pair or user is "
                   "disabled."));
  // Nothing changed on the way.
  EXPECT_EQ(session().protocol(), 2);
  EXPECT_EQ(session().name(), "");
}

TEST_F(ConnectionCommands, AuthWithoutAPassword) {
  EXPECT_THAT(Run({"AUTH", "x"}),
              IsExactError("ERR AUTH <password> called without any password "
                           "configured for the default user. Are you sure your "
                           "configuration is correct?"));
  EXPECT_THAT(Run({"AUTH", "default", "anything"}), IsOk());
  EXPECT_THAT(
      Run({"AUTH", "bob", "x"}),
      IsExactError("WRONGPASS invalid username-password pair or user is "
                   "disabled."));
  EXPECT_THAT(Run({"AUTH", "a", "b", "c"}), IsExactError("ERR syntax error"));
  EXPECT_THAT(Run({"AUTH"}),
              IsExactError("ERR wrong number of arguments for 'auth' command"));
}

TEST_F(ConnectionCommands, ClientNameAndId) {
  session().set_id(7);
  EXPECT_THAT(Run({"CLIENT", "ID"}), IsInt(7));
  EXPECT_THAT(Run({"CLIENT", "GETNAME"}), IsNil());
  EXPECT_THAT(Run({"CLIENT", "SETNAME", "worker-1"}), IsOk());
  EXPECT_THAT(Run({"CLIENT", "GETNAME"}), IsBulk("worker-1"));
  EXPECT_THAT(
      Run({"CLIENT", "SETNAME", "a b"}),
      IsExactError("ERR Client names cannot contain spaces, newlines or "
                   "special characters."));
  EXPECT_THAT(Run({"CLIENT", "SETNAME", ""}), IsOk());
  EXPECT_THAT(Run({"CLIENT", "GETNAME"}), IsNil());
  EXPECT_THAT(
      Run({"CLIENT", "ID", "x"}),
      IsExactError("ERR wrong number of arguments for 'client|id' command"));
  EXPECT_THAT(Run({"CLIENT", "foo"}),
              IsExactError("ERR unknown subcommand 'foo'. Try CLIENT HELP."));
}

TEST_F(ConnectionCommands, ClientListAndInfoDescribeTheSession) {
  session().set_id(3);
  Run({"CLIENT", "SETNAME", "me"});
  Run({"SELECT", "2"});
  const std::string list = Run({"CLIENT", "LIST"}).str();
  EXPECT_EQ(
      list.rfind("id=3 addr= laddr= fd=-1 name=me age=0 idle=0 flags=N db=2 ",
                 0),
      0u)
      << list;
  EXPECT_EQ(list.back(), '\n');
  EXPECT_NE(Run({"CLIENT", "INFO"}).str().find(" cmd=client|info "),
            std::string::npos);
  EXPECT_EQ(Run({"CLIENT", "LIST", "ID", "3", "9"}).str(), list);
  EXPECT_EQ(Run({"CLIENT", "LIST", "ID", "9"}).str(), "");
  EXPECT_EQ(Run({"CLIENT", "LIST", "TYPE", "pubsub"}).str(), "");
  EXPECT_THAT(Run({"CLIENT", "LIST", "TYPE", "x"}),
              IsExactError("ERR Unknown client type 'x'"));
  EXPECT_THAT(Run({"CLIENT", "LIST", "ID", "x"}),
              IsExactError("ERR Invalid client ID"));
  EXPECT_THAT(Run({"CLIENT", "LIST", "x"}), IsExactError("ERR syntax error"));
}

TEST_F(ConnectionCommands, ClientKillChecksItsArguments) {
  EXPECT_THAT(Run({"CLIENT", "KILL", "1.2.3.4:5"}),
              IsExactError("ERR No such client"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "ID", "9"}), IsInt(0));
  EXPECT_THAT(Run({"CLIENT", "KILL", "ID", "0"}),
              IsExactError("ERR client-id should be greater than 0"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "TYPE", "bar"}),
              IsExactError("ERR Unknown client type 'bar'"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "USER", "bob"}),
              IsExactError("ERR No such user 'bob'"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "SKIPME", "maybe"}),
              IsExactError("ERR syntax error"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "a", "b"}),
              IsExactError("ERR syntax error"));
  EXPECT_THAT(Run({"CLIENT", "KILL", "ID", "5", "SKIPME"}),
              IsExactError("ERR syntax error"));
  EXPECT_THAT(
      Run({"CLIENT", "KILL"}),
      IsExactError("ERR wrong number of arguments for 'client|kill' command"));
}

TEST_F(ConnectionCommands, ClientNoEvict) {
  EXPECT_THAT(Run({"CLIENT", "NO-EVICT", "on"}), IsOk());
  EXPECT_THAT(Run({"CLIENT", "NO-EVICT", "maybe"}),
              IsExactError("ERR syntax error"));
}

TEST_F(ConnectionCommands, ResetRestoresTheSessionDefaults) {
  Run({"SELECT", "3"});
  Run({"CLIENT", "SETNAME", "x"});
  session().set_protocol(3);
  EXPECT_THAT(Run({"RESET"}), IsStatus("RESET"));
  EXPECT_EQ(session().db(), 0);
  EXPECT_EQ(session().protocol(), 2);
  EXPECT_EQ(session().name(), "");
  EXPECT_THAT(
      Run({"RESET", "x"}),
      IsExactError("ERR wrong number of arguments for 'reset' command"));
}

TEST_F(ConnectionCommands, QuitAndShutdownInAnEmbeddedEngine) {
  EXPECT_THAT(Run({"QUIT"}), IsOk());
  EXPECT_THAT(Run({"SHUTDOWN"}),
              IsExactError("ERR Errors trying to SHUTDOWN. Check logs."));
  EXPECT_THAT(Run({"PING"}), IsStatus("PONG"));
}

}  // namespace
}  // namespace luakv::testing
