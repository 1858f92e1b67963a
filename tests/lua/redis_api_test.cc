// The redis table as a script sees it (spec §2): call and pcall with their
// argument rules and rejections in Redis's order, the global pcall, and
// error_reply, status_reply, sha1hex, log, setresp, set_repl,
// acl_check_cmd, the deprecated no-ops and the constants. Also what a run
// shares with its caller: KEYS/ARGV, the database, the clock, math.random.

#include <atomic>
#include <utility>
#include <vector>

#include "tests/lua/script_test.h"

namespace luakv::testing {
namespace {

class RedisApi : public ScriptTest {
 protected:
  // The error a failing script replies with.
  std::string Failed(std::string_view script, std::string_view message,
                     int line = 1) {
    return "-" + std::string(message) + Suffix(script, line) + "\r\n";
  }
  void ExpectFails(std::string_view script, std::string_view message,
                   int line = 1) {
    EXPECT_EQ(EvalResp(script), Failed(script, message, line)) << script;
  }
};

// --- redis.call and redis.pcall (spec §2.2, §2.3).

TEST_F(RedisApi, CallReturnsTheConvertedReply) {
  EXPECT_THAT(Eval("return redis.call('ping')"), IsStatus("PONG"));
  EXPECT_THAT(Eval("return redis.call('set', KEYS[1], ARGV[1])", {"k"}, {"v"}),
              IsOk());
  EXPECT_THAT(Eval("return redis.call('get', KEYS[1])", {"k"}), IsBulk("v"));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("v"));
}

TEST_F(RedisApi, CallRaisesACommandErrorWithTheScriptPosition) {
  Run({"SET", "foo", "bar"});
  ExpectFails("return redis.call('incr','foo')",
              "ERR value is not an integer or out of range");
  ExpectFails("local function f()\n redis.call('incr','foo') end\n\n f()",
              "ERR value is not an integer or out of range", 2);
  ExpectFails("redis.call('select', 99)", "ERR DB index is out of range");
  ExpectFails("return redis.call('ping', 'x', 'y')",
              "ERR wrong number of arguments for 'ping' command");
}

TEST_F(RedisApi, PcallReturnsTheErrorTable) {
  Run({"SET", "foo", "bar"});
  EXPECT_EQ(EvalResp("return redis.pcall('incr','foo')"),
            "-ERR value is not an integer or out of range\r\n");
  EXPECT_THAT(Eval("return redis.pcall('incr','foo').err"),
              IsBulk("ERR value is not an integer or out of range"));
  EXPECT_EQ(EvalResp("return redis.pcall('nosuchcommand')"),
            "-ERR Unknown Redis command called from script\r\n");
  EXPECT_EQ(EvalResp("return redis.pcall()"),
            "-ERR Please specify at least one argument for this redis lib "
            "call\r\n");
  EXPECT_EQ(EvalResp("return redis.pcall('get', {})"),
            "-ERR Lua redis lib command arguments must be strings or "
            "integers\r\n");
}

TEST_F(RedisApi, ArgumentErrorsComeFirst) {
  ExpectFails("return redis.call()",
              "ERR Please specify at least one argument for this redis lib "
              "call");
  for (const char* s : {"return redis.call('get', {})",
                        "return redis.call('get', nil)",
                        "return redis.call('get', true)",
                        "return redis.call('nosuch', false)",
                        "return redis.call(print)"}) {
    if (std::string_view(s).find("print") != std::string_view::npos) {
      ExpectFails(s, "ERR user_script:1: Script attempted to access "
                     "nonexistent global variable 'print'");
      continue;
    }
    ExpectFails(s, "ERR Lua redis lib command arguments must be strings or "
                   "integers");
  }
  // No ignore_error_stats_update mark on argument errors.
  EXPECT_THAT(Eval("local e = redis.pcall({}) local n = 0 "
                   "for k in pairs(e) do n = n + 1 end return n"),
              IsInt(1));
}

TEST_F(RedisApi, UnknownCommandOrSubcommand) {
  ExpectFails("return redis.call('nosuchcommand')",
              "ERR Unknown Redis command called from script");
  ExpectFails("return redis.call('object', 'nosuch', 'x')",
              "ERR Unknown Redis command called from script");
  ExpectFails("return redis.call('script', 'nosuch')",
              "ERR Unknown Redis command called from script");
}

TEST_F(RedisApi, WrongArityIsCheckedBeforeNoscript) {
  for (const char* s :
       {"return redis.call('get','a','b','c')", "return redis.call('get')",
        "return redis.call('config')", "return redis.call('object')",
        "return redis.call('eval')", "return redis.call('script', 'load')"}) {
    ExpectFails(s, "ERR Wrong number of args calling Redis command from script");
  }
}

TEST_F(RedisApi, NoscriptCommandsAreRefused) {
  for (const char* s :
       {"return redis.call('eval','return 1','0')",
        "return redis.call('evalsha','e0e1f9fabfc9d4800c877a703b823ac0578ff8db','0')",
        "return redis.call('eval_ro','return 1','0')",
        "return redis.call('script','load','return 1')",
        "return redis.call('script','exists','x')",
        "return redis.call('script','flush')",
        "return redis.call('client','list')",
        "return redis.call('client','id')",
        "return redis.call('config','get','x')",
        "return redis.call('hello')", "return redis.call('auth','x')",
        "return redis.call('debug','help')", "return redis.call('quit')",
        "return redis.call('reset')", "return redis.call('shutdown')"}) {
    ExpectFails(s, "ERR This Redis command is not allowed from script");
  }
  // Not noscript, although they may surprise.
  EXPECT_THAT(Eval("return redis.call('script', 'help')[1]"),
              IsStatus("SCRIPT <subcommand> [<arg> [value] [opt] ...]. "
                       "Subcommands are:"));
  EXPECT_THAT(Eval("return type(redis.call('time'))"), IsBulk("table"));
}

TEST_F(RedisApi, RefusalsCarryTheStatsMark) {
  EXPECT_THAT(Eval("local e = redis.pcall('nosuch') local r = {} "
                   "for k, v in pairs(e) do r[#r+1] = k end table.sort(r) "
                   "return r"),
              Bulks({"err", "ignore_error_stats_update"}));
}

TEST_F(RedisApi, CommandsScriptsRunAreCountedInCommandstats) {
  Run({"SET", "k", "v"});
  Eval("redis.call('get', 'k') redis.pcall('incr', 'k') "
       "redis.pcall('get') redis.pcall('nosuch')");
  const Reply info = Run({"INFO", "commandstats"});
  ASSERT_EQ(info.type(), Reply::Type::kBulk);
  EXPECT_THAT(info.str(), ::testing::HasSubstr("cmdstat_get:calls=1,"));
  EXPECT_THAT(info.str(), ::testing::HasSubstr("rejected_calls=1,"));
  EXPECT_THAT(info.str(),
              ::testing::HasSubstr("cmdstat_incr:calls=1,"));
  EXPECT_THAT(info.str(), ::testing::HasSubstr("failed_calls=1"));
}

TEST_F(RedisApi, CommandNamesAreCaseInsensitive) {
  EXPECT_THAT(Eval("return redis.call('PiNg')"), IsStatus("PONG"));
  EXPECT_THAT(Eval("return redis.call('OBJECT', 'HELP')[1]"),
              IsStatus("OBJECT <subcommand> [<arg> [value] [opt] ...]. "
                       "Subcommands are:"));
}

TEST_F(RedisApi, ManyArguments) {
  // Redis issue #1764: a call with thousands of arguments.
  EXPECT_THAT(Eval("local t = {} for i = 1, 7998 do t[i] = 'k' .. i end "
                   "return redis.call('del', unpack(t))"),
              IsInt(0));
  EXPECT_THAT(Eval("local t = {} for i = 1, 100 do t[#t+1] = 'k'..i "
                   "t[#t+1] = i end redis.call('mset', unpack(t)) "
                   "return redis.call('get', 'k100')"),
              IsBulk("100"));
  EXPECT_EQ(EvalResp("return unpack({}, 1, 1e8)"),
            "-ERR user_script:1: too many results to unpack" +
                Suffix("return unpack({}, 1, 1e8)") + "\r\n");
}

TEST_F(RedisApi, ReusedArgumentsAreNotCorrupted) {
  // Redis issue #1939: argument buffers reused between calls.
  EXPECT_THAT(Eval("redis.call('set', 'k', string.rep('x', 100)) "
                   "redis.call('set', 'k2', 'y') "
                   "return {redis.call('get', 'k'), redis.call('get', 'k2')}"),
              Bulks({std::string(100, 'x'), "y"}));
}

TEST_F(RedisApi, GlobalPcallCatchesErrorTablesAsText) {
  Run({"SET", "foo", "bar"});
  EXPECT_THAT(Eval("local ok, e = pcall(function() "
                   "redis.call('incr','foo') end) return e"),
              IsBulk("ERR value is not an integer or out of range"));
  EXPECT_THAT(Eval("local ok, e = pcall(redis.call, 'incr', 'foo') return e"),
              IsBulk("ERR value is not an integer or out of range"));
  EXPECT_EQ(EvalResp("return {pcall(function() error('x') end)}"),
            "*2\r\n$-1\r\n$16\r\nuser_script:1: x\r\n");
  EXPECT_THAT(Eval("local ok, e = pcall(function() error('x') end) return e"),
              IsBulk("user_script:1: x"));
  EXPECT_THAT(Eval("local t = {foo=1} local ok, e = pcall(function() "
                   "error(t) end) return tostring(e == t)"),
              IsBulk("true"));
  // Redis quirks: a table without err gives three values; no argument
  // calls the placeholder.
  EXPECT_THAT(Eval("return select('#', pcall(function() error({}) end))"),
              IsInt(3));
  EXPECT_THAT(Eval("local ok, e = pcall() return e"),
              IsBulk("attempt to call a boolean value"));
  EXPECT_THAT(Eval("return {pcall(function(a, b) return a + b end, 1, 2)}"),
              ::testing::Eq(Reply::Array({Reply::Integer(1), Reply::Integer(3)})));
}

TEST_F(RedisApi, XpcallIsNotReplaced) {
  Run({"SET", "foo", "bar"});
  EXPECT_THAT(Eval("local ok, e = xpcall(function() "
                   "redis.call('incr','foo') end, function(e) return e end) "
                   "return type(e)"),
              IsBulk("table"));
}

// --- error_reply and status_reply.

TEST_F(RedisApi, ErrorReply) {
  EXPECT_EQ(EvalResp("return redis.error_reply('FOO bar')"), "-FOO bar\r\n");
  EXPECT_EQ(EvalResp("return redis.error_reply('-FOO bar')"), "-FOO bar\r\n");
  EXPECT_EQ(EvalResp("return redis.error_reply('nocode')"),
            "-ERR nocode\r\n");
  EXPECT_EQ(EvalResp("return redis.error_reply('')"), "-ERR \r\n");
  EXPECT_EQ(EvalResp("return redis.error_reply('x\\r\\ny')"),
            "-ERR x  y\r\n");
  EXPECT_EQ(EvalResp("return redis.error_reply('\\nx\\n')"), "-ERR x\r\n");
  EXPECT_THAT(Eval("return redis.error_reply('MY thing').err"),
              IsBulk("MY thing"));
  // Bad arguments are returned, not raised.
  EXPECT_EQ(EvalResp("return redis.error_reply(1)"),
            "-ERR wrong number or type of arguments\r\n");
  EXPECT_EQ(EvalResp("return redis.error_reply()"),
            "-ERR wrong number or type of arguments\r\n");
  EXPECT_EQ(EvalResp("return redis.error_reply('a', 'b')"),
            "-ERR wrong number or type of arguments\r\n");
}

TEST_F(RedisApi, StatusReply) {
  EXPECT_EQ(EvalResp("return redis.status_reply('FINE')"), "+FINE\r\n");
  EXPECT_EQ(EvalResp("return redis.status_reply('')"), "+\r\n");
  EXPECT_EQ(EvalResp("return redis.status_reply()"),
            "-ERR wrong number or type of arguments\r\n");
  EXPECT_EQ(EvalResp("return redis.status_reply(1)"),
            "-ERR wrong number or type of arguments\r\n");
}

// --- sha1hex.

TEST_F(RedisApi, Sha1Hex) {
  EXPECT_THAT(Eval("return redis.sha1hex('')"),
              IsBulk("da39a3ee5e6b4b0d3255bfef95601890afd80709"));
  EXPECT_THAT(Eval("return redis.sha1hex('Pizza & Mandolino')"),
              IsBulk("74822d82031af7493c20eefa13bd07ec4fada82f"));
  EXPECT_THAT(Eval("return redis.sha1hex(1.5)"),
              IsBulk("aa8f289ebe6d4db1b4a1038b8931ec8c2b5399fb"));
  // Tables, booleans and nil hash as the empty string (a Redis quirk).
  for (const char* s : {"return redis.sha1hex({})", "return redis.sha1hex(nil)",
                        "return redis.sha1hex(true)"}) {
    EXPECT_THAT(Eval(s), IsBulk("da39a3ee5e6b4b0d3255bfef95601890afd80709"))
        << s;
  }
  ExpectFails("return redis.sha1hex()", "ERR wrong number of arguments");
  ExpectFails("return redis.sha1hex('a', 'b')", "ERR wrong number of arguments");
}

// --- log.

class RedisLog : public RedisApi {
 protected:
  void SetUp() override {
    Options options;
    options.script_log = [this](int level, std::string_view message) {
      logged.emplace_back(level, std::string(message));
    };
    Reset(options);
  }
  std::vector<std::pair<int, std::string>> logged;
};

TEST_F(RedisLog, JoinsStringsAndNumbersWithSpaces) {
  EXPECT_THAT(Eval("return redis.log(redis.LOG_WARNING, 'a', 1, {}, 'b')"),
              IsNil());
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0].first, 3);
  EXPECT_EQ(logged[0].second, "a 1 b");
  Eval("redis.log(redis.LOG_NOTICE, nil, 'x')");
  ASSERT_EQ(logged.size(), 2u);
  EXPECT_EQ(logged[1].second, " x");  // Redis places the separator by position
}

TEST_F(RedisLog, DropsMessagesBelowTheLevel) {
  Eval("redis.log(redis.LOG_DEBUG, 'd') redis.log(redis.LOG_VERBOSE, 'v') "
       "redis.log(redis.LOG_NOTICE, 'n')");
  ASSERT_EQ(logged.size(), 1u);
  EXPECT_EQ(logged[0], std::make_pair(2, std::string("n")));
}

TEST_F(RedisLog, ArgumentErrors) {
  ExpectFails("redis.log(1)", "ERR redis.log() requires two arguments or more.");
  ExpectFails("redis.log('x', 'y')",
              "ERR First argument must be a number (log level).");
  ExpectFails("redis.log(99, 'x')", "ERR Invalid debug level.");
  ExpectFails("redis.log(-1, 'x')", "ERR Invalid debug level.");
  EXPECT_TRUE(logged.empty());
  EXPECT_THAT(Eval("redis.log('3', 'ok') return 1"), IsInt(1));
  EXPECT_EQ(logged.size(), 1u);
}

// --- setresp, set_repl and the rest.

TEST_F(RedisApi, SetResp) {
  EXPECT_EQ(EvalResp("redis.setresp('3') return redis.call('get', 'x')"),
            "$-1\r\n");
  EXPECT_THAT(Eval("redis.setresp(3) return type(redis.call('get', 'x'))"),
              IsBulk("nil"));
  ExpectFails("redis.setresp(4)", "ERR RESP version must be 2 or 3.");
  ExpectFails("redis.setresp('x')", "ERR RESP version must be 2 or 3.");
  ExpectFails("redis.setresp()", "ERR redis.setresp() requires one argument.");
  ExpectFails("redis.setresp(2, 3)",
              "ERR redis.setresp() requires one argument.");
}

TEST_F(RedisApi, SetRepl) {
  EXPECT_THAT(Eval("redis.set_repl(redis.REPL_NONE) "
                   "redis.set_repl(redis.REPL_ALL) redis.set_repl('x') "
                   "return 1"),
              IsInt(1));
  ExpectFails("redis.set_repl(4)",
              "ERR Invalid replication flags. Use REPL_AOF, REPL_REPLICA, "
              "REPL_ALL or REPL_NONE.");
  ExpectFails("redis.set_repl()", "ERR redis.set_repl() requires two arguments.");
  ExpectFails("redis.set_repl(1, 2)",
              "ERR redis.set_repl() requires two arguments.");
}

TEST_F(RedisApi, AclCheckCmd) {
  EXPECT_THAT(Eval("return redis.acl_check_cmd('get')"), IsInt(1));
  EXPECT_THAT(Eval("return redis.acl_check_cmd('set', 'k', 'v')"), IsInt(1));
  EXPECT_THAT(Eval("return redis.acl_check_cmd('object', 'help')"), IsInt(1));
  ExpectFails("return redis.acl_check_cmd('nosuch')",
              "ERR Invalid command passed to redis.acl_check_cmd()");
  ExpectFails("return redis.acl_check_cmd('object', 'nosuch')",
              "ERR Invalid command passed to redis.acl_check_cmd()");
  ExpectFails("return redis.acl_check_cmd()",
              "ERR Please specify at least one argument for this redis lib "
              "call");
  ExpectFails("return redis.acl_check_cmd('get', {})",
              "ERR Lua redis lib command arguments must be strings or "
              "integers");
}

TEST_F(RedisApi, DeprecatedAndDebuggerMembers) {
  EXPECT_THAT(Eval("return redis.replicate_commands()"), IsInt(1));
  EXPECT_THAT(Eval("return redis.breakpoint()"), IsNil());
  EXPECT_THAT(Eval("return redis.debug('x', 1)"), IsNil());
}

TEST_F(RedisApi, Constants) {
  EXPECT_THAT(Eval("return redis.REDIS_VERSION"), IsBulk("7.0.15"));
  EXPECT_THAT(Eval("return redis.REDIS_VERSION_NUM"), IsInt(458767));
  EXPECT_THAT(Eval("return {redis.LOG_DEBUG, redis.LOG_VERBOSE, "
                   "redis.LOG_NOTICE, redis.LOG_WARNING}"),
              ::testing::Eq(Reply::Array({Reply::Integer(0), Reply::Integer(1),
                                        Reply::Integer(2), Reply::Integer(3)})));
  EXPECT_THAT(Eval("return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_SLAVE, "
                   "redis.REPL_REPLICA, redis.REPL_ALL}"),
              ::testing::Eq(Reply::Array({Reply::Integer(0), Reply::Integer(1),
                                        Reply::Integer(2), Reply::Integer(2),
                                        Reply::Integer(3)})));
  EXPECT_THAT(Eval("return type(redis.nosuch)"), IsBulk("nil"));
}

// --- What a run shares with its caller.

TEST_F(RedisApi, KeysAndArgv) {
  EXPECT_THAT(Eval("return {KEYS[1], KEYS[2], ARGV[1], ARGV[2]}", {"a", "b"},
                   {"c", "d"}),
              Bulks({"a", "b", "c", "d"}));
  EXPECT_THAT(Eval("return {#KEYS, #ARGV}"),
              ::testing::Eq(Reply::Array({Reply::Integer(0), Reply::Integer(0)})));
  // Fresh tables each time: a change does not survive the run.
  EXPECT_THAT(Eval("KEYS[2] = 'x' return #KEYS", {"a"}), IsInt(2));
  EXPECT_THAT(Eval("return #KEYS", {"a"}), IsInt(1));
}

TEST_F(RedisApi, NothingAScriptDoesToKeysOrArgvReachesTheNextRun) {
  // The engine refills the previous tables when they are untouched; every
  // kind of change must give the next run fresh ones.
  const char* probe =
      "return {#KEYS, #ARGV, tostring(KEYS.x), tostring(KEYS[0]), "
      "tostring(rawget(KEYS, 5)), tostring(getmetatable(ARGV)), "
      "tostring(ARGV.y), KEYS[1], ARGV[1]}";
  const Reply clean = Reply::Array(
      {Reply::Integer(1), Reply::Integer(1), Reply::Bulk("nil"),
       Reply::Bulk("nil"), Reply::Bulk("nil"), Reply::Bulk("nil"),
       Reply::Bulk("nil"), Reply::Bulk("k"), Reply::Bulk("a")});
  for (const char* change :
       {"KEYS.x = 1", "KEYS[0] = 'z'", "KEYS[5] = 'q'",
        "setmetatable(ARGV, {__index = function() return 'm' end})",
        "ARGV.y = 1", "KEYS[1] = nil", "ARGV[1] = nil KEYS[2] = 'w'",
        "for i = 1, 100 do KEYS[i] = i end for i = 2, 100 do KEYS[i] = nil end",
        "KEYS.x = 1 KEYS.x = nil",
        // Key 1 moves to the hash part, where it may follow KEYS.x.
        "KEYS[1] = nil KEYS.x = 1 KEYS[1] = 'k'",
        "ARGV[1] = nil for i = 1, 20 do ARGV['y' .. i] = i end "
        "ARGV[1] = 'a' for i = 2, 20 do ARGV['y' .. i] = nil end"}) {
    Eval(change, {"k"}, {"a"});
    EXPECT_EQ(Eval(probe, {"k"}, {"a"}), clean) << change;
  }
  EXPECT_THAT(Eval("return {KEYS[1], KEYS[2], ARGV[1]}", {"p", "q"}, {"r"}),
              Bulks({"p", "q", "r"}));
  EXPECT_THAT(Eval("return #KEYS + #ARGV"), IsInt(0));
}

TEST_F(RedisApi, KeysAndArgvAreExactAfterScriptsThatChangeNoTable) {
  // Scripts that can change no table (no table store, no rawset, table.*,
  // setmetatable, loadstring, _G) let the next run skip the check of the
  // refilled tables; every probe here is such a script, so each one but
  // the first after a change runs on tables the engine did not check.
  struct Probe {
    const char* code;
    std::vector<std::string> keys, args;
    Reply want;
  };
  const Reply nil_text = Reply::Bulk("nil");
  auto probes = [&](std::vector<std::string> keys,
                    std::vector<std::string> args) {
    std::vector<Probe> out;
    auto add = [&](const char* code, Reply want) {
      out.push_back({code, keys, args, std::move(want)});
    };
    add("return #KEYS", Reply::Integer(static_cast<int64_t>(keys.size())));
    add("return #ARGV", Reply::Integer(static_cast<int64_t>(args.size())));
    add("return tostring(KEYS.x)", nil_text);
    add("return tostring(KEYS[0])", nil_text);
    add("return tostring(rawget(KEYS, 5))", nil_text);
    add("return tostring(getmetatable(ARGV))", nil_text);
    add("return tostring(ARGV.y)", nil_text);
    // Every entry, whatever its key.
    add("local n = 0 for _ in pairs(KEYS) do n = n + 1 end return n",
        Reply::Integer(static_cast<int64_t>(keys.size())));
    add("local n = 0 for _ in pairs(ARGV) do n = n + 1 end return n",
        Reply::Integer(static_cast<int64_t>(args.size())));
    for (size_t i = 0; i < 3; ++i) {
      static const char* kKey[] = {"return KEYS[1]", "return KEYS[2]",
                                   "return KEYS[3]"};
      static const char* kArg[] = {"return ARGV[1]", "return ARGV[2]",
                                   "return ARGV[3]"};
      add(kKey[i], i < keys.size() ? Reply::Bulk(keys[i]) : Reply::Null());
      add(kArg[i], i < args.size() ? Reply::Bulk(args[i]) : Reply::Null());
    }
    return out;
  };
  auto run_all = [&](const std::vector<Probe>& list, const char* after) {
    for (const Probe& p : list) {
      std::vector<std::string> argv = {"EVAL", p.code,
                                       std::to_string(p.keys.size())};
      argv.insert(argv.end(), p.keys.begin(), p.keys.end());
      argv.insert(argv.end(), p.args.begin(), p.args.end());
      EXPECT_EQ(Run(argv), p.want) << p.code << " after " << after;
    }
  };
  // Shrinking and growing between runs that skip the check.
  run_all(probes({"a", "b", "c"}, {"x", "y"}), "start");
  run_all(probes({"k"}, {}), "three keys");
  run_all(probes({}, {"p", "q", "r"}), "one key");
  run_all(probes({"a", "b", "c"}, {"x", "y", "z"}), "no keys");
  // A script that changes them is followed by checked, then exact, runs.
  for (const char* change :
       {"KEYS.x = 1", "KEYS[0] = 'z'", "KEYS[5] = 'q'", "rawset(KEYS, 5, 1)",
        "table.insert(KEYS, 'w')", "local k = KEYS k[5] = 1",
        "setmetatable(ARGV, {__index = function() return 'm' end})",
        "ARGV.y = 1", "local t = ARGV t.y = 1", "KEYS[1] = nil",
        "loadstring('KEYS[5] = 1')()", "_G['KEYS'][5] = 1",
        // The error handler adds source and line to a table error.
        "error(KEYS)", "error(ARGV)", "__redis__err__handler(KEYS)",
        "xpcall(function() error(ARGV) end, __redis__err__handler)"}) {
    Eval(change, {"k"}, {"a"});
    run_all(probes({"k"}, {"a"}), change);
  }
}

TEST_F(RedisApi, ATableRaisedAsTheErrorIsNotKeptForTheNextRun) {
  // The error handler adds `source` and `line` to a table error, also when
  // that table is KEYS; the next run must not see them, as in Redis where
  // KEYS is new each time.
  const char* count =
      "local n = 0 for _ in pairs(KEYS) do n = n + 1 end "
      "return n .. ' ' .. tostring(KEYS.source)";
  EXPECT_THAT(Eval(count, {"k"}), IsBulk("1 nil"));
  Eval("error(KEYS)", {"k"});
  EXPECT_THAT(Eval(count, {"k"}), IsBulk("1 nil"));
  Eval("return #KEYS", {"k"});
  Eval("__redis__err__handler(KEYS)", {"k"});
  EXPECT_THAT(Eval(count, {"k"}), IsBulk("1 nil"));
}

TEST_F(RedisApi, ScriptStartsInTheCallersDatabaseAndKeepsItsSelect) {
  Run({"SELECT", "3"});
  EXPECT_THAT(Eval("redis.call('set', 'x', 'in3') redis.call('select', 5) "
                   "redis.call('set', 'x', 'in5') return 1"),
              IsInt(1));
  EXPECT_THAT(Run({"GET", "x"}), IsBulk("in3"));  // the caller is still in 3
  Run({"SELECT", "5"});
  EXPECT_THAT(Run({"GET", "x"}), IsBulk("in5"));
  EXPECT_THAT(Eval("return redis.call('get', 'x')"), IsBulk("in5"));
}

TEST_F(RedisApi, KeysExpiredBeforeTheScriptAreMissing) {
  Run({"SET", "k", "v", "PX", "100"});
  clock().AdvanceMillis(200);
  EXPECT_THAT(Eval("return redis.call('get', 'k')"), IsNil());
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
}

// A clock that moves forward a millisecond every time it is read.
class TickingClock final : public Clock {
 public:
  int64_t NowMicros() const override {
    return start_ + 1000 * ticks_.fetch_add(1, std::memory_order_relaxed);
  }

 private:
  const int64_t start_ = ManualClock::kDefaultStartMicros;
  mutable std::atomic<int64_t> ticks_{0};
};

TEST(RedisApiTime, TimeIsFrozenForExpiryButTimeCommandIsLive) {
  Options options;
  options.clock = std::make_shared<TickingClock>();
  Engine engine(options);
  // A 1 ms TTL set inside the script does not expire within it, although
  // the clock moves on every read.
  Reply r = engine.Eval(
      "redis.call('set', 'k', 'v', 'px', 1) "
      "local a = redis.call('time') local b = redis.call('time') "
      "return {redis.call('get', 'k'), a[2] ~= b[2] and 1 or 0}");
  EXPECT_EQ(r, Reply::Array({Reply::Bulk("v"), Reply::Integer(1)}));
  EXPECT_TRUE(engine.Execute({"GET", "k"}).is_null());
}

TEST_F(RedisApi, MathRandomIsRedisGenerator) {
  // Redis 7.0's one sequence (strict mode restarts it per script).
  Options options;
  options.script_determinism = ScriptDeterminism::kEffects;
  Reset(std::move(options));
  EXPECT_THAT(Eval("return tostring(math.random())"),
              IsBulk("0.39646477363839"));
  EXPECT_THAT(Eval("return tostring(math.random())"),
              IsBulk("0.84048536971234"));
  EXPECT_THAT(Eval("math.randomseed(0) return tostring(math.random())"),
              IsBulk("0.17082803611217"));
  // The state survives SCRIPT FLUSH (Redis does not reset it).
  EXPECT_THAT(Run({"SCRIPT", "FLUSH"}), IsOk());
  EXPECT_THAT(Eval("math.randomseed(0) return tostring(math.random())"),
              IsBulk("0.17082803611217"));
}

TEST_F(RedisApi, MathRandomArguments) {
  EXPECT_THAT(Eval("math.randomseed(1) local t = {} for i = 1, 100 do "
                   "local r = math.random(3) if r < 1 or r > 3 then "
                   "return r end end return 'ok'"),
              IsBulk("ok"));
  EXPECT_THAT(Eval("local r = math.random(5, 5) return r"), IsInt(5));
  ExpectFails("return math.random(0)",
              "ERR user_script:1: bad argument #1 to 'random' (interval is "
              "empty)");
  ExpectFails("return math.random(3, 1)",
              "ERR user_script:1: bad argument #2 to 'random' (interval is "
              "empty)");
  ExpectFails("return math.random(1, 2, 3)",
              "ERR user_script:1: wrong number of arguments");
}

}  // namespace
}  // namespace luakv::testing
