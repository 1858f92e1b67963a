// The sandbox on its own (no engine): what a script can see (spec §3.1),
// read-only globals and tables (§3.2), text-only loading (§3.3), and each
// known way out of a Redis-style sandbox, each a test that fails if the
// escape works. Expected texts are redis-server 7.0.15's (Debian, patched).

#include "lua_bindings/sandbox.h"

#include <lua.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "lua_bindings/allowlist.h"
#include "luakv/resp_writer.h"

namespace luakv::lua {
namespace {

// A host that knows two commands, enough to see redis.call work.
class FakeHost : public CommandHost {
 public:
  void Call(std::span<const std::string_view> argv, ReplySink& sink) override {
    ++calls;
    if (argv[0] == "ping") return sink.Simple("PONG");
    if (argv[0] == "echo" && argv.size() == 2) return sink.Bulk(argv[1]);
    sink.Error("ERR Unknown Redis command called from script");
  }
  AclResult AclCheck(std::span<const std::string_view> argv) override {
    return AclResult::kAllowed;
  }
  void Log(int level, std::string_view message) override {}
  int calls = 0;
};

class Sandbox : public ::testing::Test {
 protected:
  void SetUp() override { Reset(SandboxOptions()); }
  void Reset(SandboxOptions options) {
    auto sandbox = LuaSandbox::Create(options);
    ASSERT_TRUE(sandbox.ok()) << sandbox.status();
    sandbox_ = std::move(*sandbox);
  }

  // Runs `script` (KEYS = keys) and returns the raw RESP2 reply; a compile
  // error comes back as "COMPILE <message>".
  std::string Run(std::string_view script,
                  std::vector<std::string_view> keys = {}) {
    absl::StatusOr<int> fn = sandbox_->Compile(script, "@user_script");
    if (!fn.ok()) {
      auto m = fn.status().message();
      return "COMPILE " + std::string(m.data(), m.size());
    }
    std::string out;
    RespWriter writer(&out, 2);
    LuaSandbox::Invocation inv;
    inv.function = *fn;
    inv.name = "f";
    inv.keys = keys;
    sandbox_->Run(inv, host_, writer);
    sandbox_->Release(*fn);
    // Nothing a script does may leave values on the stack.
    EXPECT_EQ(lua_gettop(sandbox_->state()), 0) << script;
    return out;
  }

  static std::string Err(std::string_view text, int line = 1) {
    return "-" + std::string(text) + " script: f, on @user_script:" +
           std::to_string(line) + ".\r\n";
  }
  static std::string NoGlobal(std::string_view name) {
    return Err("ERR user_script:1: Script attempted to access nonexistent "
               "global variable '" + std::string(name) + "'");
  }
  static std::string ReadOnly() {
    return Err("ERR user_script:1: Attempt to modify a readonly table");
  }
  // Raised from C (rawset, setmetatable, table.insert): no position.
  static std::string ReadOnlyRaw() {
    return Err("ERR Attempt to modify a readonly table");
  }
  static std::string Bulk(std::string_view s) {
    return "$" + std::to_string(s.size()) + "\r\n" + std::string(s) + "\r\n";
  }

  std::unique_ptr<LuaSandbox> sandbox_;
  FakeHost host_;
};

// --- What exists (spec §3.1).

TEST_F(Sandbox, GlobalsAreExactlyRedisAllowlist) {
  EXPECT_EQ(Run("local r = {} for k in pairs(_G) do r[#r+1] = k end "
                "table.sort(r) return table.concat(r, ' ')"),
            Bulk("ARGV KEYS _G _VERSION __redis__err__handler assert bit "
                 "cjson cmsgpack collectgarbage coroutine error gcinfo "
                 "getmetatable ipairs load loadstring math next pairs pcall "
                 "rawequal rawget rawset redis select setmetatable string "
                 "struct table tonumber tostring type unpack xpcall"));
}

TEST_F(Sandbox, LibraryMembersAreExactlyRedis) {
  const std::pair<const char*, const char*> libs[] = {
      {"string", "byte char dump find format gfind gmatch gsub len lower "
                 "match rep reverse sub upper"},
      {"table", "concat foreach foreachi getn insert maxn remove setn sort"},
      {"math", "abs acos asin atan atan2 ceil cos cosh deg exp floor fmod "
               "frexp huge ldexp log log10 max min mod modf pi pow rad "
               "random randomseed sin sinh sqrt tan tanh"},
      {"coroutine", "create resume running status wrap yield"},
      {"bit", "arshift band bnot bor bswap bxor lshift rol ror rshift tobit "
              "tohex"},
      {"redis", "LOG_DEBUG LOG_NOTICE LOG_VERBOSE LOG_WARNING REDIS_VERSION "
                "REDIS_VERSION_NUM REPL_ALL REPL_AOF REPL_NONE REPL_REPLICA "
                "REPL_SLAVE acl_check_cmd breakpoint call debug error_reply "
                "log pcall replicate_commands set_repl setresp sha1hex "
                "status_reply"},
      {"cjson", "_NAME _VERSION decode decode_invalid_numbers "
                "decode_max_depth encode encode_invalid_numbers "
                "encode_keep_buffer encode_max_depth encode_number_precision "
                "encode_sparse_array new null"},
      {"cmsgpack", "_COPYRIGHT _DESCRIPTION _NAME _VERSION pack unpack "
                   "unpack_limit unpack_one"},
      {"struct", "pack size unpack"},
  };
  for (const auto& [lib, members] : libs) {
    EXPECT_EQ(Run(std::string("local r = {} for k in pairs(") + lib +
                  ") do r[#r+1] = k end table.sort(r) "
                  "return table.concat(r, ' ')"),
              Bulk(members))
        << lib;
  }
}

TEST_F(Sandbox, AllowlistDataMatchesWhatScriptsSee) {
  for (std::string_view name : AllowedGlobals()) {
    if (name == "KEYS" || name == "ARGV") continue;  // set per invocation
    EXPECT_EQ(Run("return rawget(_G, '" + std::string(name) + "') ~= nil"),
              ":1\r\n") << name;
  }
}

TEST_F(Sandbox, Lua51CompatibilityMembers) {
  EXPECT_EQ(Run("return tostring(string.gfind == string.gmatch)"),
            Bulk("true"));
  EXPECT_EQ(Run("return tostring(math.mod == math.fmod)"), Bulk("true"));
  EXPECT_EQ(Run("return math.mod(7, 3)"), ":1\r\n");
  EXPECT_EQ(Run("return table.setn({}, 1)"),
            Err("ERR user_script:1: 'setn' is obsolete"));
  // Lua 5.1's rep has no separator.
  EXPECT_EQ(Run("return string.rep('a', 3, ',')"), Bulk("aaa"));
  EXPECT_EQ(Run("return _VERSION"), Bulk("Lua 5.1"));
}

// --- Names that must not exist: one test per escape route (spec §10).

TEST_F(Sandbox, EveryDeniedGlobalIsNonexistent) {
  for (std::string_view name : DeniedGlobals()) {
    EXPECT_EQ(Run("return " + std::string(name)), NoGlobal(name)) << name;
  }
}

TEST_F(Sandbox, FfiIsUnreachable) {
  EXPECT_EQ(Run("return require('ffi')"), NoGlobal("require"));
  EXPECT_EQ(Run("return ffi"), NoGlobal("ffi"));
  // FFI number literals would build cdata: Lua 5.1 rejects them.
  EXPECT_EQ(Run("return 1LL"),
            "COMPILE user_script:1: malformed number near '1LL'");
  EXPECT_EQ(Run("return 1ULL"),
            "COMPILE user_script:1: malformed number near '1ULL'");
  EXPECT_EQ(Run("return 12i"),
            "COMPILE user_script:1: malformed number near '12i'");
}

TEST_F(Sandbox, JitLibraryIsUnreachable) {
  EXPECT_EQ(Run("jit.off()"), NoGlobal("jit"));
}

TEST_F(Sandbox, IoIsUnreachable) {
  EXPECT_EQ(Run("return io.open('/etc/passwd')"), NoGlobal("io"));
}

TEST_F(Sandbox, OsIsUnreachable) {
  EXPECT_EQ(Run("return os.execute('true')"), NoGlobal("os"));
}

TEST_F(Sandbox, DebugIsUnreachable) {
  EXPECT_EQ(Run("return debug.getupvalue(string.rep, 1)"), NoGlobal("debug"));
}

TEST_F(Sandbox, RequirePackageModuleAreUnreachable) {
  EXPECT_EQ(Run("return require('io')"), NoGlobal("require"));
  EXPECT_EQ(Run("return package.loadlib('x', 'y')"), NoGlobal("package"));
  EXPECT_EQ(Run("module('x')"), NoGlobal("module"));
}

TEST_F(Sandbox, LoadfileDofilePrintAreUnreachable) {
  EXPECT_EQ(Run("return loadfile('/etc/passwd')"), NoGlobal("loadfile"));
  EXPECT_EQ(Run("return dofile('/etc/passwd')"), NoGlobal("dofile"));
  EXPECT_EQ(Run("print('x')"), NoGlobal("print"));
}

TEST_F(Sandbox, EnvironmentFunctionsAreUnreachable) {
  EXPECT_EQ(Run("return getfenv(1)"), NoGlobal("getfenv"));
  EXPECT_EQ(Run("return setfenv(1, {})"), NoGlobal("setfenv"));
  EXPECT_EQ(Run("return newproxy(true)"), NoGlobal("newproxy"));
}

TEST_F(Sandbox, UpvaluesOfLibraryFunctionsAreUnreachable) {
  // No debug library; C functions cannot be dumped either.
  EXPECT_EQ(Run("return string.dump(string.rep)"),
            Err("ERR user_script:1: unable to dump given function"));
  EXPECT_EQ(Run("return string.dump(redis.call)"),
            Err("ERR user_script:1: unable to dump given function"));
}

// --- Bytecode can never be loaded (CVE-2015-4335; spec §3.3).

TEST_F(Sandbox, LoadstringRejectsBytecode) {
  EXPECT_EQ(Run("return loadstring(string.dump(function() return 1 end))()"),
            Err("ERR user_script:1: attempt to call a nil value"));
  EXPECT_EQ(Run("local f, e = loadstring(string.dump(function() end)) "
                "return {tostring(f), (e:gsub('^.*:1: ', ''))}"),
            "*2\r\n" + Bulk("nil") +
                Bulk("unexpected symbol near 'char(27)'"));
}

TEST_F(Sandbox, LoadRejectsBytecode) {
  EXPECT_EQ(Run("local d = string.dump(function() return 1 end) "
                "local f = load(function() local x = d d = nil return x end) "
                "return tostring(f)"),
            Bulk("nil"));
}

TEST_F(Sandbox, ScriptBodyThatIsBytecodeDoesNotCompile) {
  // LuaJIT's bytecode header; Lua 5.1 parses it as (bad) source.
  EXPECT_EQ(Run("\x1bLJ\x02\x0a"),
            "COMPILE user_script:1: unexpected symbol near 'char(27)'");
}

TEST_F(Sandbox, StringDumpExistsButIsUseless) {
  EXPECT_EQ(Run("return type(string.dump(function() end))"), Bulk("string"));
}

// --- Read-only globals and tables (spec §3.2).

TEST_F(Sandbox, GlobalsCannotBeCreatedOrChanged) {
  EXPECT_EQ(Run("a = 10"), ReadOnly());
  EXPECT_EQ(Run("_G.x = 1"), ReadOnly());
  EXPECT_EQ(Run("KEYS = {}"), ReadOnly());
  EXPECT_EQ(Run("ARGV = nil"), ReadOnly());
  EXPECT_EQ(Run("redis = 1"), ReadOnly());
  EXPECT_EQ(Run("_G = {}"), ReadOnly());
  EXPECT_EQ(Run("function f() end"), ReadOnly());
}

TEST_F(Sandbox, ReadingAnUndefinedGlobalIsAnError) {
  EXPECT_EQ(Run("return a"), NoGlobal("a"));
  EXPECT_EQ(Run("nosuch()"), NoGlobal("nosuch"));
  EXPECT_EQ(Run("return _G[1]"), NoGlobal("1"));
  EXPECT_EQ(Run("return _G[{}]"),
            Err("ERR user_script:1: Second argument to luaProtectedTableError "
                "must be a string or number"));
  EXPECT_EQ(Run("return rawget(_G, 'nosuch')"), "$-1\r\n");
}

TEST_F(Sandbox, EveryLibraryTableIsReadOnly) {
  for (const char* lib : {"string", "table", "math", "coroutine", "bit",
                          "cjson", "cmsgpack", "struct", "redis"}) {
    EXPECT_EQ(Run(std::string(lib) + ".foo = 1"), ReadOnly()) << lib;
    EXPECT_EQ(Run("local t = " + std::string(lib) + " t.foo = 1"), ReadOnly())
        << lib;
    EXPECT_EQ(Run(std::string("rawset(") + lib + ", 'foo', 1)"), ReadOnlyRaw())
        << lib;
    EXPECT_EQ(Run(std::string("setmetatable(") + lib + ", {})"), ReadOnlyRaw())
        << lib;
    EXPECT_EQ(Run(std::string("table.insert(") + lib + ", 1)"), ReadOnlyRaw())
        << lib;
  }
  EXPECT_EQ(Run("redis.call = nil"), ReadOnly());
  EXPECT_EQ(Run("local s = string; s.rep = nil"), ReadOnly());
  EXPECT_EQ(Run("cjson.encode = nil"), ReadOnly());
}

TEST_F(Sandbox, GlobalsMetatableIsReadOnly) {
  EXPECT_EQ(Run("setmetatable(_G, {})"), ReadOnlyRaw());
  EXPECT_EQ(Run("getmetatable(_G).__index = {}"), ReadOnly());
  EXPECT_EQ(Run("rawset(_G, 'x', 1)"), ReadOnlyRaw());
  EXPECT_EQ(Run("return type(getmetatable(_G).__index)"), Bulk("function"));
  EXPECT_EQ(Run("return getmetatable(_G).__index(1, 2, 3)"),
            Err("ERR user_script:1: Wrong number of arguments to "
                "luaProtectedTableError"));
}

TEST_F(Sandbox, StringMetatableIsReadOnly) {
  // CVE-2025-46818: one script must not plant code in another's strings.
  EXPECT_EQ(Run("getmetatable('').__index = function() end"), ReadOnly());
  EXPECT_EQ(Run("getmetatable('').x = 1"), ReadOnly());
  EXPECT_EQ(Run("getmetatable('').__index.upper = nil"), ReadOnly());
  EXPECT_EQ(Run("rawset(getmetatable(''), '__index', {})"), ReadOnlyRaw());
  EXPECT_EQ(Run("setmetatable(getmetatable(''), {})"), ReadOnlyRaw());
  EXPECT_EQ(Run("return tostring(getmetatable('').__index == string)"),
            Bulk("true"));
  EXPECT_EQ(Run("return ('x'):upper()"), Bulk("X"));
}

TEST_F(Sandbox, LibraryTablesHaveNoVisibleMetatable) {
  EXPECT_EQ(Run("return tostring(getmetatable(string))"), Bulk("nil"));
  EXPECT_EQ(Run("return tostring(getmetatable(redis))"), Bulk("nil"));
  EXPECT_EQ(Run("return tostring(getmetatable(getmetatable('')))"),
            Bulk("nil"));
}

TEST_F(Sandbox, RawAccessSeesLibrariesAsRedisDoes) {
  EXPECT_EQ(Run("return type(rawget(string, 'rep'))"), Bulk("function"));
  EXPECT_EQ(Run("return type(rawget(_G, 'redis'))"), Bulk("table"));
  EXPECT_EQ(Run("return type(next(redis))"), Bulk("string"));
  EXPECT_EQ(Run("local n = 0 table.foreach(string, function() n = n + 1 end) "
                "return n"),
            ":15\r\n");
  EXPECT_EQ(Run("local n = 0 for k in pairs(_G) do n = n + 1 end return n"),
            ":35\r\n");
}

TEST_F(Sandbox, UserTablesAreOrdinary) {
  EXPECT_EQ(Run("local t = {} t.x = 1 rawset(t, 'y', 2) "
                "setmetatable(t, {__index = function() return 7 end}) "
                "return {t.x, t.y, t.z}"),
            "*3\r\n:1\r\n:2\r\n:7\r\n");
  EXPECT_EQ(Run("KEYS[1] = 'z' return KEYS[1]", {"a"}), Bulk("z"));
  EXPECT_EQ(Run("local t = {} table.insert(t, 'a') table.insert(t, 1, 'b') "
                "return t"),
            "*2\r\n" + Bulk("b") + Bulk("a"));
}

// Code that can change no table reads the real library tables (a faster
// environment); each probe runs once that way and once with a table store
// in front, which keeps the proxies, and both must answer alike.
TEST_F(Sandbox, CodeThatChangesNoTableSeesLibrariesAlike) {
  const char* kStore = "local t = {} t.x = 1 ";
  for (const char* probe :
       {"return type(redis.call) .. type(cjson.encode) .. type(math.floor)",
        "return tostring(getmetatable('').__index == string)",
        "return tostring(getmetatable(redis)) .. tostring(getmetatable(bit))",
        "local n = 0 for k in pairs(redis) do n = n + 1 end return n",
        "local n = 0 for k in pairs(math) do n = n + 1 end return n",
        "return type(next(struct))", "return type(rawget(redis, 'call'))",
        "return redis.call('echo', 'x')", "return tostring(redis.nosuch)",
        // Raised library tables: the error handler's fields must not land.
        "error(redis)", "error(cjson)", "error(math)", "error(string)",
        "return tostring(redis.source) .. tostring(cjson.line)",
        "local ok, e = pcall(error, redis) return tostring(e == redis)",
        "return nosuch"}) {
    const std::string direct = Run(probe);
    EXPECT_EQ(direct, Run(std::string(kStore) + probe)) << probe;
    EXPECT_EQ(direct, Run(probe)) << "again: " << probe;
  }
}

TEST_F(Sandbox, RaisingAReadOnlyTableFailsAsInRedis) {
  // Redis's Lua error handler fails to write `source` into the table and
  // reports that failure from its own line 10.
  const std::string want =
      "-ERR err_handler_def:10: Attempt to modify a readonly table script: "
      "f, on @err_handler_def:10.\r\n";
  for (const char* raise :
       {"error(redis)", "local t = {} t.x = 1 error(redis)", "error(math)",
        "error(_G)", "error(getmetatable(''))", "error(string)"}) {
    EXPECT_EQ(Run(raise), want) << raise;
  }
  // An ordinary table still gets them.
  EXPECT_EQ(Run("error({err='MY x'})"), Err("MY x"));
}

TEST_F(Sandbox, KeysAndArgvAreTheSameForBothEnvironments) {
  // KEYS is rebound by runs that may have changed it; code in either
  // environment must see the table of its own run.
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(Run("return KEYS[2]", {"a", "b"}), Bulk("b"));
    EXPECT_EQ(Run("KEYS[2] = 'changed' return KEYS[2]", {"a", "c"}),
              Bulk("changed"));
    EXPECT_EQ(Run("return KEYS[2]", {"a", "d"}), Bulk("d"));
    EXPECT_EQ(Run("local t = KEYS t.z = 1 return #KEYS", {"e"}), ":1\r\n");
    EXPECT_EQ(Run("return tostring(KEYS.z) .. #KEYS", {"e", "f"}),
              Bulk("nil2"));
  }
}

// --- Coroutine tricks.

TEST_F(Sandbox, CoroutinesSeeTheSameProtectedGlobals) {
  EXPECT_EQ(Run("coroutine.wrap(function() x = 1 end)()"),
            Err("ERR user_script:1: user_script:1: Attempt to modify a "
                "readonly table"));
  EXPECT_EQ(Run("local co = coroutine.create(function() x = 1 end) "
                "return {coroutine.resume(co)}"),
            "*2\r\n$-1\r\n" +
                Bulk("user_script:1: Attempt to modify a readonly table"));
  EXPECT_EQ(Run("return coroutine.wrap(function() return nosuch end)()"),
            Err("ERR user_script:1: user_script:1: Script attempted to access "
                "nonexistent global variable 'nosuch'"));
}

TEST_F(Sandbox, CoroutinesCanCallRedis) {
  EXPECT_EQ(Run("local co = coroutine.create(function() "
                "return redis.call('ping') end) "
                "local ok, r = coroutine.resume(co) return r"),
            "+PONG\r\n");
}

TEST_F(Sandbox, MainChunkIsNotACoroutine) {
  EXPECT_EQ(Run("return tostring(coroutine.running())"), Bulk("nil"));
  EXPECT_EQ(Run("coroutine.yield(1)"),
            Err("ERR attempt to yield across metamethod/C-call boundary"));
}

TEST_F(Sandbox, LoadedChunksShareTheProtection) {
  EXPECT_EQ(Run("loadstring('x = 1')()"),
            "-ERR [string \"x = 1\"]:1: Attempt to modify a readonly table "
            "script: f, on x = 1:1.\r\n");
  EXPECT_EQ(Run("return loadstring('return redis')() == redis"), ":1\r\n");
}

// --- Budget, memory, stack.

TEST_F(Sandbox, InstructionBudgetStopsAnInfiniteLoop) {
  SandboxOptions options;
  options.instruction_budget = 100000;
  Reset(options);
  const std::string killed =
      Err("ERR Script exceeded its instruction budget");
  EXPECT_EQ(Run("while true do end"), killed);
  EXPECT_EQ(Run("local i = 0 repeat i = i + 1 until false"), killed);
  // pcall cannot swallow it: the error comes back on every instruction.
  EXPECT_EQ(Run("local f = function() while true do end end "
                "while true do pcall(f) end"),
            killed);
  EXPECT_EQ(Run("coroutine.wrap(function() while true do end end)()"),
            Err("ERR Script exceeded its instruction budget"));
  // The next script gets a fresh budget.
  EXPECT_EQ(Run("local n = 0 for i = 1, 1000 do n = n + i end return n"),
            ":500500\r\n");
}

TEST_F(Sandbox, NoBudgetByDefault) {
  EXPECT_EQ(Run("local n = 0 for i = 1, 2000000 do n = n + 1 end return n"),
            ":2000000\r\n");
}

TEST_F(Sandbox, AllocatorAccountsEveryByte) {
  const size_t before = sandbox_->memory_bytes();
  EXPECT_GT(before, 0u);
  absl::StatusOr<int> fn = sandbox_->Compile(
      "local t = {} for i = 1, 100000 do t[i] = i end "
      "redis.call('ping') return #t", "@user_script");
  ASSERT_TRUE(fn.ok());
  lua_State* L = sandbox_->state();
  lua_gc(L, LUA_GCSTOP, 0);
  std::string out;
  RespWriter writer(&out, 2);
  LuaSandbox::Invocation inv;
  inv.function = *fn;
  inv.name = "f";
  sandbox_->Run(inv, host_, writer);
  EXPECT_EQ(out, ":100000\r\n");
  EXPECT_GT(sandbox_->memory_bytes(), before + 100000 * 8);
  lua_gc(L, LUA_GCRESTART, 0);
  lua_gc(L, LUA_GCCOLLECT, 0);
  EXPECT_LT(sandbox_->memory_bytes(), before + 100000);
  EXPECT_EQ(static_cast<size_t>(lua_gc(L, LUA_GCCOUNT, 0)),
            sandbox_->memory_bytes() / 1024);
}

TEST_F(Sandbox, MemoryLimitFailsCleanly) {
  sandbox_->set_memory_limit(sandbox_->memory_bytes() + 256 * 1024);
  const std::string out = Run("local t = {} for i = 1, 1e7 do t[i] = i end");
  EXPECT_THAT(out, ::testing::HasSubstr("ERR Script exceeded the Lua memory limit"));
  sandbox_->set_memory_limit(0);
  EXPECT_EQ(Run("return 1"), ":1\r\n");
}

TEST_F(Sandbox, StackStaysBalancedAcrossEveryOutcome) {
  // Run() checks lua_gettop(L) == 0 after each.
  Run("return 1");
  Run("return {1, {2, {3}}, {map = {a = 1}}, {set = {b = true}}}");
  Run("error('x')");
  Run("error({})");
  Run("return redis.call('nosuch')");
  Run("return redis.pcall('nosuch')");
  Run("local a = {} local b = {a} a[1] = b return a");
  Run("return unpack({}, 1, 7000)");
}

TEST_F(Sandbox, RunContextGuardsOutsideAnInvocation) {
  // A function kept from a run cannot reach the engine afterwards.
  lua_State* L = sandbox_->state();
  lua_getglobal(L, "redis");
  lua_getfield(L, -1, "call");
  lua_pushstring(L, "ping");
  ASSERT_NE(lua_pcall(L, 1, 1, 0), 0);
  lua_getfield(L, -1, "err");
  EXPECT_STREQ(lua_tostring(L, -1),
               "ERR redis.call/pcall can only be called inside a script "
               "invocation");
  lua_settop(L, 0);
  lua_getglobal(L, "math");
  lua_getfield(L, -1, "random");
  ASSERT_NE(lua_pcall(L, 0, 1, 0), 0);
  EXPECT_THAT(lua_tostring(L, -1),
              ::testing::HasSubstr("math.random can only be called inside a "
                                   "script invocation"));
  lua_settop(L, 0);
  EXPECT_EQ(host_.calls, 0);
}

TEST_F(Sandbox, RandomStateIsTheEnginesToCarry) {
  EXPECT_EQ(Run("return tostring(math.random())"), Bulk("0.39646477363839"));
  const uint64_t state = sandbox_->random_state();
  Reset(SandboxOptions());
  sandbox_->set_random_state(state);
  EXPECT_EQ(Run("return tostring(math.random())"), Bulk("0.84048536971234"));
}

}  // namespace
}  // namespace luakv::lua
