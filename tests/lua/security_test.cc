// One regression test per Lua CVE and known hole of Redis scripting
// (spec §10). Each attack must fail the way a safe engine fails, and the
// engine must answer normally afterwards.

#include "tests/lua/script_test.h"

namespace luakv::testing {
namespace {

class Security : public ScriptTest {
 protected:
  void ExpectAlive() {
    EXPECT_THAT(Eval("return redis.call('ping')"), IsStatus("PONG"));
  }
  std::string Failed(std::string_view script, std::string_view message,
                     int line = 1) {
    return "-" + std::string(message) + Suffix(script, line) + "\r\n";
  }
};

// CVE-2015-4335: unverified bytecode loaded with loadstring.
TEST_F(Security, Cve2015_4335BytecodeIsNeverLoaded) {
  const char* s = "return loadstring(string.dump(function() return 1 end))()";
  EXPECT_EQ(EvalResp(s),
            Failed(s, "ERR user_script:1: attempt to call a nil value"));
  EXPECT_THAT(Eval("local d = string.dump(function() return 1 end) "
                   "return tostring(load(function() local x = d d = nil "
                   "return x end))"),
              IsBulk("nil"));
  // As the body of EVAL or SCRIPT LOAD.
  EXPECT_THAT(Run({"EVAL", "\x1bLuaQ\x00\x01\x04", "0"}),
              IsError("ERR Error compiling script (new function): "
                      "user_script:1: unexpected symbol near 'char(27)'"));
  EXPECT_THAT(Run({"SCRIPT", "LOAD", "\x1bLJ\x02"}),
              IsError("ERR Error compiling script (new function): "));
  ExpectAlive();
}

// CVE-2021-32626: results and arguments that overrun the Lua stack.
TEST_F(Security, Cve2021_32626DeepValuesAndManyArguments) {
  const std::string deep =
      EvalResp("local a = {} local b = {a} a[1] = b return a");
  EXPECT_EQ(deep.substr(deep.size() - 30), "-ERR reached lua stack limit\r\n");
  EXPECT_THAT(Eval("local t = {} for i = 1, 7998 do t[i] = 'k' end "
                   "return redis.call('del', unpack(t))"),
              IsInt(0));
  EXPECT_THAT(Eval("return unpack({}, 1, 1e8)"),
              IsError("ERR user_script:1: too many results to unpack"));
  // A long reply converted into Lua, then back.
  EXPECT_THAT(Eval("local t = {} for i = 1, 20000 do t[i] = i end "
                   "return #redis.call('mget', unpack(t, 1, 7000))"),
              IsInt(7000));
  ExpectAlive();
}

// CVE-2022-24834: cjson/cmsgpack size arithmetic on huge inputs.
TEST_F(Security, Cve2022_24834LargeEncodings) {
  EXPECT_THAT(Eval("return #cjson.encode(string.rep('\"', 1e6))"),
              IsInt(2000002));
  EXPECT_THAT(Eval("return #cmsgpack.pack(string.rep('x', 1e6))"),
              IsInt(1000005));
  EXPECT_THAT(Eval("local t = {} for i = 1, 7999 do t[i] = i end "
                   "return #cmsgpack.pack(unpack(t))"),
              IsError("ERR user_script:1: bad argument #0 to 'pack' (Too many "
                      "arguments for MessagePack pack.)"));
  EXPECT_THAT(Eval("return cmsgpack.unpack(string.rep('\\221', 20))"),
              IsError("ERR user_script:1: Missing bytes in input."));
  ExpectAlive();
}

// CVE-2024-46981: GC state manipulated before the VM is replaced.
TEST_F(Security, Cve2024_46981GarbageCollectorTricksThenFlush) {
  EXPECT_THAT(Eval("collectgarbage('setpause', 0) "
                   "collectgarbage('setstepmul', 1) "
                   "for i = 1, 1000 do setmetatable({}, {__gc = function() "
                   "redis.call('set', 'gc', i) end}) end "
                   "collectgarbage('stop') return 1"),
              IsInt(1));
  EXPECT_THAT(Run({"SCRIPT", "FLUSH"}), IsOk());
  // Table finalizers never ran (Lua 5.1 has none): nothing touched the
  // keyspace from a dying VM.
  EXPECT_THAT(Run({"EXISTS", "gc"}), IsInt(0));
  EXPECT_THAT(Eval("return newproxy"), IsError("ERR user_script:1: Script "
                                               "attempted to access "
                                               "nonexistent global variable "
                                               "'newproxy'"));
  ExpectAlive();
}

// CVE-2025-49844: compiling under GC pressure (parser objects unanchored).
TEST_F(Security, Cve2025_49844CompileUnderGcStress) {
  EXPECT_THAT(Eval("collectgarbage('setpause', 0) "
                   "collectgarbage('setstepmul', 10000) "
                   "local n = 0 for i = 1, 3000 do "
                   "local f = loadstring('local x' .. i .. ' = ' .. i .. "
                   "' return x' .. i .. (i % 3 == 0 and ' + (' or '')) "
                   "if f then n = n + f() end end return n"),
              IsInt(3000000));  // every chunk whose i is not a multiple of 3
  for (int i = 0; i < 50; ++i) {
    Run({"EVAL", "return " + std::to_string(i) + " +", "0"});
  }
  ExpectAlive();
}

// CVE-2025-46817: unpack's element count overflowing.
TEST_F(Security, Cve2025_46817UnpackRangeOverflow) {
  EXPECT_THAT(Eval("return unpack({}, -2147483648, 2147483647)"),
              IsError("ERR user_script:1: too many results to unpack"));
  EXPECT_THAT(Eval("return unpack({}, 2147483647, -2147483648)"), IsNil());
  ExpectAlive();
}

// CVE-2025-46818: one script changing what a later script runs (basic-type
// metatables, function environments).
TEST_F(Security, Cve2025_46818NoCrossScriptTampering) {
  EXPECT_THAT(Eval("local ok = pcall(function() "
                   "getmetatable('').__index.upper = function() "
                   "return 'pwned' end end) "
                   "pcall(function() getmetatable('').__index = "
                   "function() return function() return 'pwned' end end end) "
                   "return 1"),
              IsInt(1));
  EXPECT_THAT(Eval("return ('x'):upper()"), IsBulk("X"));
  EXPECT_THAT(Eval("return ('x'):rep(2)"), IsBulk("xx"));
  for (const char* name : {"getfenv", "setfenv", "newproxy", "debug"}) {
    EXPECT_THAT(Eval(std::string("return ") + name),
                IsError(std::string("ERR user_script:1: Script attempted to "
                                    "access nonexistent global variable '") +
                        name + "'"));
  }
  ExpectAlive();
}

// CVE-2025-46819: the lexer on malformed input.
TEST_F(Security, Cve2025_46819MalformedSourceIsACompileError) {
  const char* bodies[] = {
      "[[", "--[[", "'\\", "\"\\", "return [==[ ]=]", "return '\\999'",
      "return 0x", "\\", "return '\n'", "a = [=", "return \"abc",
      "return [=[x]]", "local t = {", "return ..", "function", "return \x01",
      "return #", "@", "return 3..4", "local x <const> = 1",
  };
  for (const char* body : bodies) {
    EXPECT_THAT(Run({"EVAL", body, "0"}),
                IsError("ERR Error compiling script (new function): "
                        "user_script:1: "))
        << body;
  }
  std::string deep = "return " + std::string(300, '(');
  EXPECT_THAT(Run({"EVAL", deep, "0"}),
              IsExactError("ERR Error compiling script (new function): "
                           "user_script:1: chunk has too many syntax levels"));
  ExpectAlive();
}

// CVE-2025-67733: CR/LF in errors injecting protocol frames.
TEST_F(Security, Cve2025_67733NoProtocolInjection) {
  for (const char* s :
       {"error('x\\r\\n+OK\\r\\n')", "error({err='ERR a\\r\\n+INJECTED'})",
        "return {err='x\\r\\n+OK'}", "return {ok='x\\r\\n+OK'}",
        "return redis.error_reply('x\\r\\n+OK')",
        "return redis.status_reply('x\\r\\n+OK')",
        "return {big_number='1\\r\\n+OK'}", "error('\\r\\n', 0)"}) {
    for (int protocol : {2, 3}) {
      session().set_protocol(protocol);
      const std::string resp = EvalResp(s);
      EXPECT_EQ(resp.find("\r\n+"), std::string::npos) << s;
      EXPECT_EQ(resp.find("\r\n\r\n"), std::string::npos) << s;
    }
  }
  session().set_protocol(2);
  ExpectAlive();
}

// CVE-2024-31449: bit.tohex with INT_MIN digits.
TEST_F(Security, Cve2024_31449BitTohexIntMin) {
  EXPECT_THAT(Eval("return bit.tohex(65535, -2147483648)"), IsBulk("0000FFFF"));
  EXPECT_THAT(Eval("return bit.tohex(255)"), IsBulk("000000ff"));
  EXPECT_THAT(Eval("return bit.tohex(255, -4)"), IsBulk("00FF"));
}

// CVE-2022-0543: package.loadlib reachable through an exposed `package`.
TEST_F(Security, Cve2022_0543NoPackageNoIoNoOs) {
  for (const char* s : {"return package.loadlib('x', 'y')",
                        "return require('io')", "return io.popen('id')",
                        "return os.execute('id')", "return ffi.C",
                        "return jit.off()", "return loadfile('/etc/passwd')",
                        "return dofile('/etc/passwd')"}) {
    EXPECT_THAT(Eval(s), IsError("ERR user_script:1: Script attempted to "
                                 "access nonexistent global variable '"))
        << s;
  }
}

// CVE-2018-11218 / 11219: cmsgpack and struct with huge counts.
TEST_F(Security, Cve2018_11218StructAndCmsgpackLimits) {
  EXPECT_THAT(Eval("return struct.unpack('i2147483647', 'x')"),
              IsError("ERR user_script:1: integral size 2147483647 is larger "
                      "than limit of 32"));
  EXPECT_THAT(Eval("return struct.unpack('>I1000', string.rep('x', 10))"),
              IsError("ERR user_script:1: integral size 1000 is larger than "
                      "limit of 32"));
  EXPECT_THAT(Eval("return #struct.pack('i17', 1)"), IsInt(17));
  ExpectAlive();
}

// EVAL "error({})" crashes Redis 7.0.15.
TEST_F(Security, EmptyErrorTableDoesNotCrash) {
  EXPECT_EQ(EvalResp("error({})"),
            Failed("error({})", "ERR unknown error"));
  EXPECT_EQ(EvalResp("error(setmetatable({}, {__index = function() "
                     "error('x') end}))"),
            Failed("error(setmetatable({}, {__index = function() "
                   "error('x') end}))",
                   "ERR unknown error"));
  EXPECT_THAT(Eval("return pcall(error, {})"), IsNil());
  ExpectAlive();
}

// JIT-compiled loops skip count hooks: the budget must stop them anyway.
class SecurityWithBudget : public Security {
 protected:
  void SetUp() override {
    Options options;
    options.script_instruction_budget = 1000000;
    Reset(options);
  }
};

TEST_F(SecurityWithBudget, TightLoopsAreStopped) {
  for (const char* s :
       {"while true do end", "local x = 0 while true do x = x + 1 end",
        "for i = 1, 1e18 do end", "repeat until false",
        "local function f() return f() end return f()",
        "local f = function() while true do end end while true do pcall(f) end",
        "local co = coroutine.wrap(function() while true do end end) co()"}) {
    EXPECT_THAT(Eval(s), IsError("ERR Script exceeded its instruction "
                                 "budget"))
        << s;
  }
  ExpectAlive();
}

// State one script leaves for the next (what Redis also shares, spec §3.4):
// it must never break the engine.
TEST_F(Security, SharedStateCannotBreakLaterScripts) {
  EXPECT_THAT(Eval("collectgarbage('stop') return 1"), IsInt(1));
  for (int i = 0; i < 120; ++i) {
    ASSERT_THAT(Eval("local t = {} for i = 1, 1000 do t[i] = {} end "
                     "return #t"),
                IsInt(1000));
  }
  EXPECT_THAT(Eval("collectgarbage('restart') math.randomseed(0) return 1"),
              IsInt(1));
  ExpectAlive();
}

}  // namespace
}  // namespace luakv::testing
