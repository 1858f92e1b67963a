// EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (spec §4), the shapes of
// script errors (§8, appendix A.3, A.4), the script cache, and the host
// API's Eval/EvalSha/ScriptLoad. Expected texts are redis-server 7.0.15's.

#include "tests/lua/script_test.h"

namespace luakv::testing {
namespace {

constexpr std::string_view kReturn1Sha =
    "e0e1f9fabfc9d4800c877a703b823ac0578ff8db";

class ScriptingCommands : public ScriptTest {
 protected:
  std::string Resp(std::initializer_list<std::string_view> argv) {
    return RunResp(argv);
  }
  std::string Failed(std::string_view script, std::string_view message,
                     int line = 1) {
    return "-" + std::string(message) + Suffix(script, line) + "\r\n";
  }
};

// --- Arguments (spec §4.2).

TEST_F(ScriptingCommands, Arity) {
  for (const char* cmd : {"EVAL", "EVALSHA", "EVAL_RO", "EVALSHA_RO"}) {
    std::string lower(cmd);
    for (char& c : lower) c = static_cast<char>(std::tolower(c));
    EXPECT_THAT(Run({cmd, "return 1"}),
                IsExactError("ERR wrong number of arguments for '" + lower +
                             "' command"));
  }
}

TEST_F(ScriptingCommands, NumkeysMustBeAnInteger) {
  for (const char* n : {"x", "1.5", " 1", "+1", "99999999999999999999", ""}) {
    EXPECT_THAT(Run({"EVAL", "return 1", n}),
                IsExactError("ERR value is not an integer or out of range"))
        << n;
  }
  // Checked before the body is compiled.
  EXPECT_THAT(Run({"EVAL", "bad syntax", "x"}),
              IsExactError("ERR value is not an integer or out of range"));
}

TEST_F(ScriptingCommands, NumkeysBounds) {
  EXPECT_THAT(Run({"EVAL", "return 1", "1"}),
              IsExactError("ERR Number of keys can't be greater than number "
                           "of args"));
  EXPECT_THAT(Run({"EVAL", "return 1", "-1"}),
              IsExactError("ERR Number of keys can't be negative"));
  EXPECT_THAT(Run({"EVAL", "return {KEYS[1], ARGV[1]}", "1", "k", "a"}),
              Bulks({"k", "a"}));
  EXPECT_THAT(Run({"EVAL", "return #ARGV", "0", "a", "b"}), IsInt(2));
}

TEST_F(ScriptingCommands, EvalshaChecksTheShaBeforeNumkeys) {
  EXPECT_THAT(Run({"EVALSHA", "abc", "x"}),
              IsExactError("NOSCRIPT No matching script. Please use EVAL."));
  EXPECT_THAT(Run({"EVALSHA", "ffd632c7d33e571e9f24556ebed26c3479a87130", "x"}),
              IsExactError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"EVALSHA", kReturn1Sha, "1"}),
              IsExactError("ERR Number of keys can't be greater than number "
                           "of args"));
  EXPECT_THAT(Run({"EVALSHA", kReturn1Sha, "0"}),
              IsExactError("NOSCRIPT No matching script. Please use EVAL."));
}

// --- The cache (spec §4.3).

TEST_F(ScriptingCommands, EvalCachesAndEvalshaRuns) {
  EXPECT_THAT(Run({"EVAL", "return 1", "0"}), IsInt(1));
  EXPECT_THAT(Run({"EVALSHA", kReturn1Sha, "0"}), IsInt(1));
  EXPECT_THAT(Run({"EVALSHA", "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB", "0"}),
              IsInt(1));
  EXPECT_THAT(Run({"EVALSHA_RO", kReturn1Sha, "0"}), IsInt(1));
}

TEST_F(ScriptingCommands, ScriptLoadAndExists) {
  EXPECT_THAT(Run({"SCRIPT", "LOAD", "return 1"}), IsBulk(kReturn1Sha));
  EXPECT_THAT(Run({"SCRIPT", "LOAD", "return 1"}), IsBulk(kReturn1Sha));
  EXPECT_EQ(Resp({"SCRIPT", "EXISTS", kReturn1Sha,
                  "E0E1F9FABFC9D4800C877A703B823AC0578FF8DB", "x",
                  "e0e1f9fabfc9d4800c877a703b823ac0578ff8dbx"}),
            "*4\r\n:1\r\n:1\r\n:0\r\n:0\r\n");
  EXPECT_THAT(Run({"EVALSHA", kReturn1Sha, "0"}), IsInt(1));
  // The sha is that of the whole body, shebang included.
  EXPECT_THAT(Run({"SCRIPT", "LOAD", "#!lua\nreturn 1"}),
              IsBulk("cb70127618f0b0be70c53cf6bfcfa54a29d9b0c0"));
}

TEST_F(ScriptingCommands, ScriptLoadCompileErrors) {
  EXPECT_THAT(Run({"SCRIPT", "LOAD", "return +"}),
              IsExactError("ERR Error compiling script (new function): "
                           "user_script:1: unexpected symbol near '+'"));
  EXPECT_THAT(Run({"SCRIPT", "LOAD", "#!lua"}),
              IsExactError("ERR Invalid script shebang"));
  EXPECT_EQ(Resp({"SCRIPT", "EXISTS", lua::Sha1Hex("return +")}),
            "*1\r\n:0\r\n");
}

TEST_F(ScriptingCommands, FailedRunStaysCachedFailedCompileDoesNot) {
  EXPECT_THAT(Run({"EVAL", "error('x')", "0"}), IsError("ERR user_script:1: x"));
  EXPECT_EQ(Resp({"SCRIPT", "EXISTS", lua::Sha1Hex("error('x')")}),
            "*1\r\n:1\r\n");
  EXPECT_THAT(Run({"EVAL", "return 1 +", "0"}),
              IsExactError("ERR Error compiling script (new function): "
                           "user_script:1: unexpected symbol near '<eof>'"));
  EXPECT_EQ(Resp({"SCRIPT", "EXISTS", lua::Sha1Hex("return 1 +")}),
            "*1\r\n:0\r\n");
}

TEST_F(ScriptingCommands, ScriptFlush) {
  Run({"SCRIPT", "LOAD", "return 1"});
  EXPECT_THAT(Run({"SCRIPT", "FLUSH"}), IsOk());
  EXPECT_EQ(Resp({"SCRIPT", "EXISTS", kReturn1Sha}), "*1\r\n:0\r\n");
  EXPECT_THAT(Run({"EVALSHA", kReturn1Sha, "0"}),
              IsExactError("NOSCRIPT No matching script. Please use EVAL."));
  EXPECT_THAT(Run({"SCRIPT", "FLUSH", "ASYNC"}), IsOk());
  EXPECT_THAT(Run({"SCRIPT", "FLUSH", "Sync"}), IsOk());
  EXPECT_THAT(Run({"SCRIPT", "FLUSH", "x"}),
              IsExactError("ERR SCRIPT FLUSH only support SYNC|ASYNC option"));
  EXPECT_THAT(Run({"SCRIPT", "FLUSH", "sync", "x"}),
              IsExactError("ERR SCRIPT FLUSH only support SYNC|ASYNC option"));
}

TEST_F(ScriptingCommands, ScriptFlushReplacesTheVm) {
  // State a script leaves in the VM (cjson's settings) lasts until FLUSH.
  EXPECT_THAT(Run({"EVAL", "cjson.encode_max_depth(1) return 1", "0"}),
              IsInt(1));
  const char* encode = "return cjson.encode({{1}})";
  EXPECT_EQ(EvalResp(encode),
            Failed(encode, "ERR user_script:1: Cannot serialise, excessive "
                           "nesting (2)"));
  EXPECT_THAT(Run({"SCRIPT", "FLUSH"}), IsOk());
  EXPECT_THAT(Eval(encode), IsBulk("[[1]]"));
}

TEST_F(ScriptingCommands, ScriptSubcommandErrors) {
  EXPECT_THAT(Run({"SCRIPT", "FOO"}),
              IsExactError("ERR unknown subcommand 'FOO'. Try SCRIPT HELP."));
  EXPECT_THAT(Run({"SCRIPT"}),
              IsExactError("ERR wrong number of arguments for 'script' "
                           "command"));
  EXPECT_THAT(Run({"SCRIPT", "LOAD"}),
              IsExactError("ERR wrong number of arguments for 'script|load' "
                           "command"));
  EXPECT_THAT(Run({"SCRIPT", "LOAD", "a", "b"}),
              IsExactError("ERR wrong number of arguments for 'script|load' "
                           "command"));
  EXPECT_THAT(Run({"SCRIPT", "EXISTS"}),
              IsExactError("ERR wrong number of arguments for 'script|exists' "
                           "command"));
  EXPECT_THAT(Run({"SCRIPT", "HELP", "x"}),
              IsExactError("ERR wrong number of arguments for 'script|help' "
                           "command"));
}

TEST_F(ScriptingCommands, ScriptHelp) {
  const Reply r = Run({"SCRIPT", "HELP"});
  ASSERT_EQ(r.type(), Reply::Type::kArray);
  ASSERT_EQ(r.size(), 17u);
  EXPECT_THAT(r[0], IsStatus("SCRIPT <subcommand> [<arg> [value] [opt] ...]. "
                             "Subcommands are:"));
  EXPECT_THAT(r[1], IsStatus("DEBUG (YES|SYNC|NO)"));
  EXPECT_THAT(r[14], IsStatus("    Load a script into the scripts cache "
                              "without executing it."));
  EXPECT_THAT(r[15], IsStatus("HELP"));
  EXPECT_THAT(r[16], IsStatus("    Prints this help."));
}

class ScriptCacheLimit : public ScriptingCommands {
 protected:
  void SetUp() override {
    Options options;
    options.eval_script_cache_limit = 2;
    Reset(options);
  }
};

TEST_F(ScriptCacheLimit, EvalOnlyScriptsAreEvictedLeastRecentlyUsed) {
  Eval("return 1");
  Eval("return 2");
  EXPECT_THAT(Run({"EVALSHA", kReturn1Sha, "0"}), IsInt(1));  // a use
  Eval("return 3");  // evicts "return 2", the least recently used
  EXPECT_EQ(Resp({"SCRIPT", "EXISTS", kReturn1Sha, lua::Sha1Hex("return 2"),
                  lua::Sha1Hex("return 3")}),
            "*3\r\n:1\r\n:0\r\n:1\r\n");
  EXPECT_THAT(Run({"EVALSHA", lua::Sha1Hex("return 2"), "0"}),
              IsExactError("NOSCRIPT No matching script. Please use EVAL."));
}

TEST_F(ScriptCacheLimit, LoadedScriptsAreNeverEvicted) {
  Run({"SCRIPT", "LOAD", "return 1"});
  for (int i = 2; i < 10; ++i) Eval("return " + std::to_string(i));
  EXPECT_THAT(Run({"EVALSHA", kReturn1Sha, "0"}), IsInt(1));
  // Loading an EVAL script pins it too.
  Eval("return 100");
  Run({"SCRIPT", "LOAD", "return 100"});
  for (int i = 200; i < 210; ++i) Eval("return " + std::to_string(i));
  EXPECT_THAT(Run({"EVALSHA", lua::Sha1Hex("return 100"), "0"}), IsInt(100));
}

TEST(ScriptCacheRedisCompatible, NothingIsEvicted) {
  Engine engine(Options::RedisCompatible());
  for (int i = 0; i < 600; ++i) {
    ASSERT_EQ(engine.Eval("return " + std::to_string(i)),
              Reply::Integer(i));
  }
  EXPECT_EQ(engine.EvalSha(lua::Sha1Hex("return 0")), Reply::Integer(0));
}

// --- Shebang (spec §4.4).

TEST_F(ScriptingCommands, ShebangIsAcceptedAndKeepsLineNumbers) {
  EXPECT_THAT(Run({"EVAL", "#!lua\nreturn 1", "0"}), IsInt(1));
  EXPECT_THAT(Run({"EVAL", "#!lua flags=\nreturn 1", "0"}), IsInt(1));
  EXPECT_THAT(Run({"EVAL", "#!lua flags=no-writes flags=allow-oom\nreturn 1",
                   "0"}),
              IsInt(1));
  EXPECT_THAT(Run({"EVAL", "#!lua \"flags=no-writes\"\nreturn 1", "0"}),
              IsInt(1));
  EXPECT_THAT(Run({"EVAL", "#!lua flags=\"no-writes\"\nreturn 1", "0"}),
              IsInt(1));
  EXPECT_THAT(Run({"EVAL", "#!lua   \r\nreturn 1", "0"}), IsInt(1));
  EXPECT_THAT(Run({"EVAL",
                   "#!lua flags=allow-stale,no-cluster,allow-cross-slot-keys"
                   "\nreturn 1",
                   "0"}),
              IsInt(1));
  const char* s = "#!lua\n\nerror('x')";
  EXPECT_EQ(EvalResp(s), Failed(s, "ERR user_script:3: x", 3));
  const char* s2 = "#!lua\nerror('line2')";
  EXPECT_EQ(EvalResp(s2), Failed(s2, "ERR user_script:2: line2", 2));
}

TEST_F(ScriptingCommands, ShebangErrors) {
  EXPECT_THAT(Run({"EVAL", "#!lua", "0"}),
              IsExactError("ERR Invalid script shebang"));
  EXPECT_THAT(Run({"EVAL", "#!lua \"flags\nreturn 1", "0"}),
              IsExactError("ERR Invalid engine in script shebang"));
  EXPECT_THAT(Run({"EVAL", "#!luajit\nreturn 1", "0"}),
              IsExactError("ERR Unexpected engine in script shebang: #!luajit"));
  EXPECT_THAT(Run({"EVAL", "#! lua\nreturn 1", "0"}),
              IsExactError("ERR Unexpected engine in script shebang: #!"));
  EXPECT_THAT(Run({"EVAL", "#!\nreturn 1", "0"}),
              IsExactError("ERR Unexpected engine in script shebang: #!"));
  EXPECT_THAT(Run({"EVAL", "#!lua name=x\nreturn 1", "0"}),
              IsExactError("ERR Unknown lua shebang option: name=x"));
  EXPECT_THAT(Run({"EVAL", "#!lua x\nreturn 1", "0"}),
              IsExactError("ERR Unknown lua shebang option: x"));
  EXPECT_THAT(Run({"EVAL", "#!lua flags=NO-WRITES\nreturn 1", "0"}),
              IsExactError("ERR Unexpected flag in script shebang: NO-WRITES"));
  EXPECT_THAT(Run({"EVAL", "#!lua flags=a,,b\nreturn 1", "0"}),
              IsExactError("ERR Unexpected flag in script shebang: a"));
  EXPECT_THAT(Run({"EVAL", "#!lua flags=no-writes,\nreturn 1", "0"}),
              IsExactError("ERR Unexpected flag in script shebang: "));
  // Nothing is cached.
  EXPECT_EQ(Resp({"SCRIPT", "EXISTS", lua::Sha1Hex("#!luajit\nreturn 1")}),
            "*1\r\n:0\r\n");
  // A '#' line that is not a shebang is Lua, and not valid Lua.
  EXPECT_THAT(Run({"EVAL", "#comment\nreturn 1", "0"}),
              IsExactError("ERR Error compiling script (new function): "
                           "user_script:1: unexpected symbol near '#'"));
}

// --- Read-only runs (spec §4.5, §2.3 #7).

TEST_F(ScriptingCommands, EvalRoRefusesWrites) {
  const char* set = "return redis.call('set','x','1')";
  EXPECT_EQ(RunResp({"EVAL_RO", set, "0"}),
            Failed(set, "ERR Write commands are not allowed from read-only "
                        "scripts."));
  EXPECT_THAT(Run({"EXISTS", "x"}), IsInt(0));
  EXPECT_THAT(Run({"EVAL_RO", "return redis.pcall('set','x','y')", "0"}),
              IsExactError("ERR Write commands are not allowed from read-only "
                           "scripts."));
  EXPECT_THAT(Run({"EVAL_RO", "return redis.call('get','x')", "0"}), IsNil());
  Run({"SCRIPT", "LOAD", set});
  EXPECT_EQ(RunResp({"EVALSHA_RO", lua::Sha1Hex(set), "0"}),
            Failed(set, "ERR Write commands are not allowed from read-only "
                        "scripts."));
}

TEST_F(ScriptingCommands, ScriptsWithFlagsMayNotUseRoCommandsUnlessNoWrites) {
  EXPECT_THAT(Run({"EVAL_RO", "#!lua\nreturn 1", "0"}),
              IsExactError("ERR Can not execute a script with write flag "
                           "using *_ro command."));
  EXPECT_THAT(Run({"EVAL_RO", "#!lua flags=no-writes\nreturn "
                   "redis.call('get','x')", "0"}),
              IsNil());
  const char* s = "#!lua flags=no-writes\nreturn redis.call('set','x','y')";
  EXPECT_EQ(RunResp({"EVAL_RO", s, "0"}),
            Failed(s, "ERR Write commands are not allowed from read-only "
                      "scripts.", 2));
}

TEST_F(ScriptingCommands, NoWritesFlagRefusesWritesUnderEval) {
  const char* s = "#!lua flags=no-writes\nreturn redis.call('del','x')";
  EXPECT_EQ(RunResp({"EVAL", s, "0"}),
            Failed(s, "ERR Write commands are not allowed from read-only "
                      "scripts.", 2));
  EXPECT_THAT(Run({"EVAL", "#!lua\nreturn redis.call('set','x','y')", "0"}),
              IsOk());
}

// --- Error shapes (spec §8, appendix A.3).

TEST_F(ScriptingCommands, RuntimeErrorShapes) {
  const std::pair<const char*, const char*> cases[] = {
      {"return error('boom')", "ERR user_script:1: boom"},
      {"return error('boom', 0)", "ERR boom"},
      {"return error({err='MY boom'})", "MY boom"},
      {"error(nil)", "ERR nil"},
      {"error(true)", "ERR true"},
      {"error(42)", "ERR user_script:1: 42"},
      {"return a", "ERR user_script:1: Script attempted to access "
                   "nonexistent global variable 'a'"},
      {"a=10", "ERR user_script:1: Attempt to modify a readonly table"},
      {"local t = nil; t.x = 1", "ERR user_script:1: attempt to index local "
                                  "'t' (a nil value)"},
      {"error({err=5})", "5"},
      {"error('a\\0b')", "ERR user_script:1: a"},
      {"redis.setresp(4)", "ERR RESP version must be 2 or 3."},
      {"return redis.call('nosuchcommand')",
       "ERR Unknown Redis command called from script"},
      {"return string.rep()",
       "ERR user_script:1: bad argument #1 to 'rep' (string expected, got no "
       "value)"},
  };
  for (const auto& [script, message] : cases) {
    EXPECT_EQ(EvalResp(script), Failed(script, message)) << script;
  }
  const char* l3 = "\n\nerror('line3')";
  EXPECT_EQ(EvalResp(l3), Failed(l3, "ERR user_script:3: line3", 3));
}

TEST_F(ScriptingCommands, ErrorTableReadThroughMetatablesAsRedisDoes) {
  const char* s =
      "error(setmetatable({}, {__index=function(t,k) if k=='err' then "
      "return 'META x' end end}))";
  EXPECT_EQ(EvalResp(s), Failed(s, "META x"));
}

TEST_F(ScriptingCommands, EmptyErrorTableIsAGenericError) {
  // Redis 7.0.15 crashes here; later releases reply an error, as we do.
  EXPECT_EQ(EvalResp("error({})"), Failed("error({})", "ERR unknown error"));
  EXPECT_THAT(Eval("return 1"), IsInt(1));
}

TEST_F(ScriptingCommands, CompileErrorShapes) {
  EXPECT_THAT(Run({"EVAL", "syntax error here", "0"}),
              IsExactError("ERR Error compiling script (new function): "
                           "user_script:1: '=' expected near 'error'"));
  EXPECT_THAT(Run({"EVAL", "return 1 +", "0"}),
              IsExactError("ERR Error compiling script (new function): "
                           "user_script:1: unexpected symbol near '<eof>'"));
}

TEST_F(ScriptingCommands, LoadstringChunkNamesTheSource) {
  EXPECT_EQ(EvalResp("loadstring('x = 1')()"),
            "-ERR [string \"x = 1\"]:1: Attempt to modify a readonly table "
            "script: " + lua::Sha1Hex("loadstring('x = 1')()") +
                ", on x = 1:1.\r\n");
}

TEST_F(ScriptingCommands, CrLfNeverReachesTheProtocol) {
  const char* s = "error('x\\r\\n+OK\\r\\n')";
  EXPECT_EQ(EvalResp(s), Failed(s, "ERR user_script:1: x  +OK  "));
  const char* t = "error({err='ERR a\\r\\n+INJECTED'})";
  EXPECT_EQ(EvalResp(t), Failed(t, "ERR a  +INJECTED"));
  const char* u = "error({err='x\\n'})";
  EXPECT_EQ(EvalResp(u), Failed(u, "x "));
}

// --- The host API.

TEST_F(ScriptingCommands, HostEvalEvalShaScriptLoad) {
  const std::string cas =
      "local balance = tonumber(redis.call('GET', KEYS[1]))\n"
      "local cost = tonumber(ARGV[1])\n"
      "if balance >= cost then\n"
      "  redis.call('DECRBY', KEYS[1], cost)\n"
      "  return 1\n"
      "else\n"
      "  return 0\n"
      "end";
  engine().Execute({"SET", "balance:1", "100"});
  absl::StatusOr<std::string> sha = engine().ScriptLoad(cas);
  ASSERT_TRUE(sha.ok());
  EXPECT_EQ(*sha, lua::Sha1Hex(cas));
  EXPECT_EQ(engine().EvalSha(*sha, {"balance:1"}, {"30"}), Reply::Integer(1));
  EXPECT_EQ(engine().EvalSha(*sha, {"balance:1"}, {"80"}), Reply::Integer(0));
  const std::vector<std::string> keys = {"balance:1"};
  const std::vector<std::string> args = {"70"};
  EXPECT_EQ(engine().EvalSha(*sha, keys, args), Reply::Integer(1));
  EXPECT_EQ(engine().Execute({"GET", "balance:1"}), Reply::Bulk("0"));
  EXPECT_EQ(engine().Eval(cas, keys, args), Reply::Integer(0));
  const std::string_view k[] = {"balance:1"};
  const std::string_view a[] = {"0"};
  EXPECT_EQ(engine().Eval(cas, k, a), Reply::Integer(1));
  EXPECT_EQ(engine().Eval("return {KEYS[1], ARGV[1]}", {"x"}, {"y"}),
            Reply::Array({Reply::Bulk("x"), Reply::Bulk("y")}));
  EXPECT_EQ(engine().Eval("return 7"), Reply::Integer(7));
}

TEST_F(ScriptingCommands, HostApiErrors) {
  EXPECT_EQ(engine().EvalSha("nosuch"),
            Reply::Error("NOSCRIPT No matching script. Please use EVAL."));
  EXPECT_EQ(engine().EvalSha(std::string(40, 'a')),
            Reply::Error("NOSCRIPT No matching script. Please use EVAL."));
  absl::StatusOr<std::string> bad = engine().ScriptLoad("return +");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(std::string(bad.status().message()),
            "ERR Error compiling script (new function): user_script:1: "
            "unexpected symbol near '+'");
  EXPECT_EQ(engine().Eval("error('x')"),
            Reply::Error("ERR user_script:1: x" + Suffix("error('x')")));
}

TEST_F(ScriptingCommands, ScriptsUseTheCallersProtocol) {
  UseResp3();
  EXPECT_EQ(EvalResp("return {double=1.5}"), ",1.5\r\n");
  EXPECT_EQ(EvalResp("return nil"), "_\r\n");
}

}  // namespace
}  // namespace luakv::testing
