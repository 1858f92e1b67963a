// COMMAND and INFO. Expected rows and texts come from redis-server 7.0.15.

#include "testing/engine_test.h"

namespace luakv::testing {
namespace {

class Introspection : public EngineTest {
 protected:
  // The value of `field` in INFO's text, or "" when absent.
  std::string InfoField(std::string_view section, std::string_view field) {
    Reply r = Run({"INFO", section});
    const std::string& text = r.str();
    const std::string key = std::string(field) + ":";
    size_t at = text.find("\r\n" + key);
    if (at == std::string::npos) return "";
    at += 2 + key.size();
    return text.substr(at, text.find("\r\n", at) - at);
  }
};

TEST_F(Introspection, CommandInfoRowOfGetIsRedisRow) {
  EXPECT_EQ(RunResp({"COMMAND", "INFO", "get"}),
            "*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n"
            ":1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n"
            "*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n"
            "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n"
            "$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n"
            "$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n"
            "$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n"
            "$5\r\nlimit\r\n:0\r\n*0\r\n");
}

TEST_F(Introspection, CommandInfoUnderResp3UsesSetsAndMaps) {
  session().set_protocol(3);
  const std::string resp = RunResp({"COMMAND", "INFO", "get"});
  EXPECT_EQ(
      resp.rfind("*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n",
                 0),
      0u)
      << resp;
  EXPECT_NE(
      resp.find("~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n~1\r\n%3\r\n"),
      std::string::npos);
}

TEST_F(Introspection, CommandInfoOfContainersListsSubcommands) {
  Reply r = Run({"COMMAND", "INFO", "config", "client|list", "nosuch"});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0][0], Reply::Bulk("config"));
  EXPECT_EQ(r[0][1], Reply::Integer(-2));
  EXPECT_EQ(r[0][6], Reply::Array({Reply::Status("@slow")}));
  EXPECT_EQ(r[0][9].size(), 5u);
  EXPECT_EQ(r[0][9][0][0], Reply::Bulk("config|get"));
  // Implied categories: admin makes @admin and @dangerous.
  EXPECT_EQ(r[1][6],
            Reply::Array({Reply::Status("@admin"), Reply::Status("@slow"),
                          Reply::Status("@dangerous"),
                          Reply::Status("@connection")}));
  EXPECT_EQ(r[1][7], Reply::Array({Reply::Bulk("nondeterministic_output")}));
  EXPECT_THAT(r[2], IsNil());
}

TEST_F(Introspection, TipsComeInRedisOrder) {
  // Nondeterminism first only when a policy is "special".
  EXPECT_EQ(Run({"COMMAND", "INFO", "info"})[0][7],
            Reply::Array({Reply::Bulk("nondeterministic_output"),
                          Reply::Bulk("request_policy:all_shards"),
                          Reply::Bulk("response_policy:special")}));
  EXPECT_EQ(Run({"COMMAND", "INFO", "keys"})[0][7],
            Reply::Array({Reply::Bulk("request_policy:all_shards"),
                          Reply::Bulk("nondeterministic_output_order")}));
}

TEST_F(Introspection, CommandCountMatchesCommand) {
  Reply all = Run({"COMMAND"});
  EXPECT_THAT(Run({"COMMAND", "COUNT"}),
              IsInt(static_cast<int64_t>(all.size())));
  EXPECT_THAT(Run({"COMMAND", "COUNT", "x"}),
              IsExactError(
                  "ERR wrong number of arguments for 'command|count' command"));
}

TEST_F(Introspection, CommandListAndFilters) {
  Reply all = Run({"COMMAND", "LIST"});
  EXPECT_GT(all.size(), Run({"COMMAND"}).size());  // subcommands too
  Reply by_pattern =
      Run({"COMMAND", "LIST", "FILTERBY", "PATTERN", "CLIENT|L*"});
  EXPECT_EQ(by_pattern, Bulks({"client|list"}));
  Reply by_acl = Run({"COMMAND", "LIST", "FILTERBY", "ACLCAT", "CONNECTION"});
  bool has_ping = false;
  for (const Reply& n : by_acl.elements()) has_ping |= n.str() == "ping";
  EXPECT_TRUE(has_ping);
  EXPECT_EQ(
      Run({"COMMAND", "LIST", "FILTERBY", "ACLCAT", "@connection"}).size(), 0u);
  EXPECT_EQ(Run({"COMMAND", "LIST", "FILTERBY", "MODULE", "x"}).size(), 0u);
  EXPECT_THAT(Run({"COMMAND", "LIST", "FILTERBY", "foo", "x"}),
              IsExactError("ERR syntax error"));
  EXPECT_THAT(Run({"COMMAND", "LIST", "foo"}),
              IsExactError("ERR syntax error"));
}

TEST_F(Introspection, CommandGetkeys) {
  EXPECT_EQ(Run({"COMMAND", "GETKEYS", "SET", "a", "b"}), Bulks({"a"}));
  EXPECT_EQ(Run({"COMMAND", "GETKEYS", "mset", "a", "1", "b", "2"}),
            Bulks({"a", "b"}));
  EXPECT_EQ(Run({"COMMAND", "GETKEYS", "object", "encoding", "k"}),
            Bulks({"k"}));
  EXPECT_THAT(
      Run({"COMMAND", "GETKEYS", "get"}),
      IsExactError(
          "ERR wrong number of arguments for 'command|getkeys' command"));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "nosuch", "x"}),
              IsExactError("ERR Invalid command specified"));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "object", "foo", "k"}),
              IsExactError("ERR Invalid command specified"));
  EXPECT_THAT(Run({"COMMAND", "GETKEYS", "keys", "*"}),
              IsExactError("ERR The command has no key arguments"));
  EXPECT_THAT(
      Run({"COMMAND", "GETKEYS", "set", "a"}),
      IsExactError("ERR Invalid number of arguments specified for command"));
  EXPECT_THAT(
      Run({"COMMAND", "GETKEYS", "get", "a", "b"}),
      IsExactError("ERR Invalid number of arguments specified for command"));
}

TEST_F(Introspection, CommandGetkeysandflags) {
  EXPECT_EQ(RunResp({"COMMAND", "GETKEYSANDFLAGS", "get", "a"}),
            "*1\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n");
}

TEST_F(Introspection, CommandDocsIsAMapOfDocs) {
  session().set_protocol(3);
  Reply r = Run({"COMMAND", "DOCS", "get", "nosuch", "object"});
  ASSERT_EQ(r.type(), Reply::Type::kMap);
  ASSERT_EQ(r.size(), 4u);  // two commands; unknown names are left out
  EXPECT_EQ(r[0], Reply::Bulk("get"));
  EXPECT_EQ(r[1][4], Reply::Bulk("group"));
  EXPECT_EQ(r[1][5], Reply::Bulk("string"));
  EXPECT_EQ(r[2], Reply::Bulk("object"));
  EXPECT_EQ(r[3][8], Reply::Bulk("subcommands"));
  EXPECT_EQ(Run({"COMMAND", "DOCS"}).size(),
            2 * Run({"COMMAND", "COUNT"}).integer());
}

TEST_F(Introspection, CommandUnknownSubcommand) {
  EXPECT_THAT(Run({"COMMAND", "FOO"}),
              IsExactError("ERR unknown subcommand 'FOO'. Try COMMAND HELP."));
  EXPECT_EQ(Run({"COMMAND", "HELP"})[0].str(),
            "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
}

TEST_F(Introspection, InfoDefaultSections) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "1"});
  Run({"PEXPIRE", "b", "100000"});
  Reply r = Run({"INFO"});
  ASSERT_EQ(r.type(), Reply::Type::kBulk);  // RESP2 view of a verbatim string
  const std::string& text = r.str();
  EXPECT_EQ(text.rfind("# Server\r\nredis_version:7.0.15\r\n", 0), 0u);
  for (const char* title :
       {"# Clients", "# Memory", "# Persistence", "# Stats", "# Replication",
        "# CPU", "# Modules", "# Errorstats", "# Cluster", "# Keyspace"}) {
    EXPECT_NE(text.find(std::string("\r\n\r\n") + title + "\r\n"),
              std::string::npos)
        << title;
  }
  EXPECT_EQ(text.find("# Commandstats"), std::string::npos);
  EXPECT_NE(text.find("\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n"),
            std::string::npos);
}

TEST_F(Introspection, InfoSectionsByName) {
  EXPECT_EQ(Run({"INFO", "CLUSTER"}).str(),
            "# Cluster\r\ncluster_enabled:0\r\n");
  EXPECT_EQ(Run({"INFO", "nosuchsection"}).str(), "");
  EXPECT_EQ(Run({"INFO", "replication", "cluster"}).str(),
            "# Replication\r\nrole:master\r\nconnected_slaves:0\r\n\r\n"
            "# Cluster\r\ncluster_enabled:0\r\n");
  session().set_protocol(3);
  Reply r = Run({"INFO", "cluster"});
  EXPECT_EQ(r.type(), Reply::Type::kVerbatim);
  EXPECT_EQ(r.format(), "txt");
}

TEST_F(Introspection, InfoCommandstatsCountsCallsRejectionsAndFailures) {
  Run({"SET", "k", "abc"});
  Run({"SET", "k2", "1"});
  Run({"SET", "onlykey"});  // wrong arity: rejected
  Run({"INCR", "k"});       // not an integer: failed
  Run({"CLIENT", "ID"});
  const std::string set = InfoField("commandstats", "cmdstat_set");
  EXPECT_EQ(set.rfind("calls=2,usec=", 0), 0u) << set;
  EXPECT_NE(set.find(",rejected_calls=1,failed_calls=0"), std::string::npos)
      << set;
  EXPECT_NE(set.find(",usec_per_call="), std::string::npos);
  EXPECT_NE(InfoField("commandstats", "cmdstat_incr").find("failed_calls=1"),
            std::string::npos);
  EXPECT_EQ(InfoField("commandstats", "cmdstat_client|id").rfind("calls=1,", 0),
            0u);
  EXPECT_EQ(InfoField("errorstats", "errorstat_ERR"), "count=2");
  EXPECT_EQ(InfoField("stats", "total_error_replies"), "2");

  EXPECT_THAT(Run({"CONFIG", "RESETSTAT"}), IsOk());
  EXPECT_EQ(InfoField("commandstats", "cmdstat_set"), "");
  EXPECT_EQ(InfoField("errorstats", "errorstat_ERR"), "");
}

TEST_F(Introspection, InfoReportsConnectionsFromTheHost) {
  EXPECT_EQ(InfoField("clients", "connected_clients"), "0");
  engine().ReportConnections(3, 10);
  EXPECT_EQ(InfoField("clients", "connected_clients"), "3");
  EXPECT_EQ(InfoField("stats", "total_connections_received"), "10");
}

TEST_F(Introspection, InfoUptimeFollowsTheClock) {
  clock().AdvanceSeconds(90000);
  EXPECT_EQ(InfoField("server", "uptime_in_seconds"), "90000");
  EXPECT_EQ(InfoField("server", "uptime_in_days"), "1");
}

}  // namespace
}  // namespace luakv::testing
