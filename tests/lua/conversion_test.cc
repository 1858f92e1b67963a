// Reply conversion through EVAL (spec §1): the script's return value to the
// caller's reply (§1.1, §1.2) and a command's reply to the Lua value
// redis.call returns (§1.3), in RESP2 and RESP3, for both protocols a script
// can select. Expected bytes are redis-server 7.0.15's.

#include "tests/lua/script_test.h"

namespace luakv::testing {
namespace {

class Conversion : public ScriptTest {
 protected:
  // EvalResp under `protocol` (the caller's).
  std::string As(int protocol, std::string_view script) {
    session().set_protocol(protocol);
    return EvalResp(script);
  }
  void AllowDebugInScripts() {
    ASSERT_THAT(Run({"DEBUG", "SET-DISABLE-DENY-SCRIPTS", "1"}), IsOk());
  }
};

// --- §1.1 scalars.

TEST_F(Conversion, StringsAreBulkAndBinarySafe) {
  EXPECT_EQ(As(2, "return 'hello'"), "$5\r\nhello\r\n");
  EXPECT_EQ(As(3, "return 'a\\0b'"), std::string("$3\r\na\0b\r\n", 9));
  EXPECT_EQ(As(2, "return ''"), "$0\r\n\r\n");
}

TEST_F(Conversion, NumbersTruncateTowardZero) {
  EXPECT_EQ(As(2, "return 100.5"), ":100\r\n");
  EXPECT_EQ(As(2, "return -3.9"), ":-3\r\n");
  EXPECT_EQ(As(2, "return -0.5"), ":0\r\n");
  EXPECT_EQ(As(2, "return 0.1 + 0.2"), ":0\r\n");
  EXPECT_EQ(As(3, "return 9007199254740993"), ":9007199254740992\r\n");
}

TEST_F(Conversion, NonFiniteAndHugeNumbersAreInt64Min) {
  for (const char* s : {"return 1e20", "return 0/0", "return 1/0",
                        "return -1/0", "return 2^63", "return -2^64"}) {
    EXPECT_EQ(As(2, s), ":-9223372036854775808\r\n") << s;
  }
  EXPECT_EQ(As(2, "return -2^63"), ":-9223372036854775808\r\n");
  EXPECT_EQ(As(2, "return 2^63 - 1024"), ":9223372036854774784\r\n");
}

TEST_F(Conversion, BooleansDependOnBothProtocols) {
  // Script RESP2 (the default): true is 1, false is null.
  EXPECT_EQ(As(2, "return true"), ":1\r\n");
  EXPECT_EQ(As(3, "return true"), ":1\r\n");
  EXPECT_EQ(As(2, "return false"), "$-1\r\n");
  EXPECT_EQ(As(3, "return false"), "_\r\n");
  // Script RESP3: real booleans, which a RESP2 caller sees as 1/0.
  EXPECT_EQ(As(2, "redis.setresp(3) return true"), ":1\r\n");
  EXPECT_EQ(As(2, "redis.setresp(3) return false"), ":0\r\n");
  EXPECT_EQ(As(3, "redis.setresp(3) return true"), "#t\r\n");
  EXPECT_EQ(As(3, "redis.setresp(3) return false"), "#f\r\n");
}

TEST_F(Conversion, NilAndNonDataTypesAreNull) {
  for (const char* s :
       {"return nil", "return", "return function() end",
        "return coroutine.create(function() end)", "return cjson.null"}) {
    EXPECT_EQ(As(2, s), "$-1\r\n") << s;
    EXPECT_EQ(As(3, s), "_\r\n") << s;
  }
}

// --- §1.2 tables.

TEST_F(Conversion, ErrorTable) {
  EXPECT_EQ(As(2, "return {err='MYCODE this'}"), "-MYCODE this\r\n");
  EXPECT_EQ(As(2, "return {err='nocode'}"), "-nocode\r\n");
  EXPECT_EQ(As(3, "return {err=''}"), "-\r\n");
  EXPECT_EQ(As(2, "return {err='-FOO bar'}"), "--FOO bar\r\n");
  // Trailing CR/LF go, inner ones become spaces, a NUL ends the text.
  EXPECT_EQ(As(2, "return {err='\\nfoo\\n'}"), "- foo\r\n");
  EXPECT_EQ(As(2, "return {err='a\\0b'}"), "-a\r\n");
  // No "script:" suffix for a returned error.
  EXPECT_EQ(As(2, "return {err='ERR x', source='@user_script', line=1}"),
            "-ERR x\r\n");
  // err wins over ok; a non-string err does not count.
  EXPECT_EQ(As(2, "return {err='E', ok='O'}"), "-E\r\n");
  EXPECT_EQ(As(2, "return {err=5}"), "*0\r\n");
}

TEST_F(Conversion, StatusTable) {
  EXPECT_EQ(As(2, "return {ok='fine'}"), "+fine\r\n");
  EXPECT_EQ(As(3, "return {ok=''}"), "+\r\n");
  EXPECT_EQ(As(2, "return {ok='a\\r\\nb'}"), "+a  b\r\n");
  EXPECT_EQ(As(2, "return {ok='\\nx'}"), "+ x\r\n");
  EXPECT_EQ(As(2, "return {ok='a\\0b'}"), "+a\r\n");
  EXPECT_EQ(As(2, "return {ok=5}"), "*0\r\n");
  EXPECT_EQ(As(2, "return {ok='y', double=1}"), "+y\r\n");
}

TEST_F(Conversion, DoubleTable) {
  EXPECT_EQ(As(2, "return {double=3.14}"), "$18\r\n3.1400000000000001\r\n");
  EXPECT_EQ(As(3, "return {double=3.14}"), ",3.1400000000000001\r\n");
  EXPECT_EQ(As(3, "return {double=10}"), ",10\r\n");
  EXPECT_EQ(As(2, "return {double=1/0}"), "$3\r\ninf\r\n");
  EXPECT_EQ(As(3, "return {double=-1/0}"), ",-inf\r\n");
  EXPECT_EQ(As(2, "return {double=0/0}"), "$4\r\n-nan\r\n");
  EXPECT_EQ(As(3, "return {double=0/0}"), ",-nan\r\n");
  EXPECT_EQ(As(2, "return {double='1'}"), "*0\r\n");
}

TEST_F(Conversion, BigNumberTable) {
  EXPECT_EQ(As(2, "return {big_number='123'}"), "$3\r\n123\r\n");
  EXPECT_EQ(As(3, "return {big_number='123'}"), "(123\r\n");
  EXPECT_EQ(As(2, "return {big_number='123\\r\\n4'}"), "$6\r\n123  4\r\n");
  EXPECT_EQ(As(3, "return {big_number='123\\r\\n4'}"), "(123  4\r\n");
  EXPECT_EQ(As(2, "return {big_number='a\\0b'}"),
            std::string("$3\r\na\0b\r\n", 9));
}

TEST_F(Conversion, VerbatimTable) {
  const char* t = "return {verbatim_string={format='t',string='hi'}}";
  EXPECT_EQ(As(2, t), "$2\r\nhi\r\n");
  EXPECT_EQ(As(3, t), "=6\r\nt  :hi\r\n");
  EXPECT_EQ(As(3, "return {verbatim_string={format='markdown',string='x'}}"),
            "=5\r\nmar:x\r\n");
  // A missing or mistyped field falls through to the array rule.
  EXPECT_EQ(As(3, "return {verbatim_string={format='txt'}}"), "*0\r\n");
  EXPECT_EQ(As(3, "return {verbatim_string={format=1,string='x'}}"), "*0\r\n");
}

TEST_F(Conversion, MapTable) {
  EXPECT_EQ(As(2, "return {map={a=1}}"), "*2\r\n$1\r\na\r\n:1\r\n");
  EXPECT_EQ(As(3, "return {map={a=1}}"), "%1\r\n$1\r\na\r\n:1\r\n");
  EXPECT_EQ(As(3, "return {map={a={1,2}}}"),
            "%1\r\n$1\r\na\r\n*2\r\n:1\r\n:2\r\n");
  EXPECT_EQ(As(3, "return {map={[5]='x'}}"), "%1\r\n:5\r\n$1\r\nx\r\n");
  EXPECT_EQ(As(2, "return {map={}}"), "*0\r\n");
  EXPECT_EQ(As(3, "return {map={}}"), "%0\r\n");
}

TEST_F(Conversion, SetTable) {
  EXPECT_EQ(As(2, "return {set={a=true}}"), "*1\r\n$1\r\na\r\n");
  EXPECT_EQ(As(3, "return {set={a=true}}"), "~1\r\n$1\r\na\r\n");
  // Values are ignored: false still makes a member.
  EXPECT_EQ(As(3, "return {set={a=false}}"), "~1\r\n$1\r\na\r\n");
  EXPECT_EQ(As(3, "return {set={}}"), "~0\r\n");
}

TEST_F(Conversion, ArraysStopAtTheFirstNil) {
  EXPECT_EQ(As(2, "return {1,2,nil,4}"), "*2\r\n:1\r\n:2\r\n");
  EXPECT_EQ(As(2, "return {[1]=1,[2]=2,[4]=4}"), "*2\r\n:1\r\n:2\r\n");
  EXPECT_EQ(As(2, "return {a=1}"), "*0\r\n");
  EXPECT_EQ(As(2, "return _G"), "*0\r\n");
  EXPECT_EQ(As(2, "return {1, cjson.null, 3}"), "*3\r\n:1\r\n$-1\r\n:3\r\n");
  EXPECT_EQ(As(3, "return {1, function() end, 3}"), "*3\r\n:1\r\n_\r\n:3\r\n");
}

TEST_F(Conversion, NestedMixedArray) {
  EXPECT_EQ(As(2, "return {1,{ok='x'},{err='E y'}, true,false,3.7}"),
            "*6\r\n:1\r\n+x\r\n-E y\r\n:1\r\n$-1\r\n:3\r\n");
  EXPECT_EQ(As(3, "return {1,{ok='x'},{err='E y'}, true,false,3.7}"),
            "*6\r\n:1\r\n+x\r\n-E y\r\n:1\r\n_\r\n:3\r\n");
}

TEST_F(Conversion, MetatablesAreIgnored) {
  EXPECT_EQ(As(2, "local t = setmetatable({}, {__index=function() "
                  "return 1 end}); return t"),
            "*0\r\n");
  EXPECT_EQ(As(2, "local t = setmetatable({}, {__index=function() "
                  "error('boom') end}); return t"),
            "*0\r\n");
  EXPECT_EQ(As(2, "local t = setmetatable({}, {__index=function() "
                  "return redis.call('ping') end}); return t"),
            "*0\r\n");
  EXPECT_EQ(As(2, "return setmetatable({}, {__index={err='x'}})"), "*0\r\n");
}

TEST_F(Conversion, SelfReferenceHitsTheStackLimitLikeRedis) {
  // 7995 nested one-element arrays, then the error, as Redis 7.0 sends.
  std::string expected;
  for (int i = 0; i < 7995; ++i) expected += "*1\r\n";
  expected += "-ERR reached lua stack limit\r\n";
  EXPECT_EQ(As(2, "local a = {} local b = {a} a[1] = b return a"), expected);
  // The engine is still fine.
  EXPECT_EQ(As(2, "return 1"), ":1\r\n");
}

TEST_F(Conversion, NestedMapsAndSetsHitTheSameBound) {
  const std::string map =
      As(3, "local a = {} a.map = {x = a} return a");
  size_t maps = 0;
  for (size_t p = map.find("%1\r\n"); p != std::string::npos;
       p = map.find("%1\r\n", p + 1)) {
    ++maps;
  }
  EXPECT_EQ(maps, 2665u);  // as Redis: the key of the last one fails
  const std::string tail =
      "%1\r\n-ERR reached lua stack limit\r\n-ERR reached lua stack limit\r\n";
  ASSERT_GE(map.size(), tail.size());
  EXPECT_EQ(map.substr(map.size() - tail.size()), tail);
  const std::string set =
      As(3, "local a = {} a.set = {} a.set[a] = true return a");
  size_t sets = 0;
  for (size_t p = set.find("~1\r\n"); p != std::string::npos;
       p = set.find("~1\r\n", p + 1)) {
    ++sets;
  }
  EXPECT_EQ(sets, 2665u);
}

// --- §1.3 command replies as Lua values.

TEST_F(Conversion, IntegerReplyIsANumber) {
  Run({"SET", "n", "41"});
  EXPECT_EQ(As(2, "local v = redis.call('incr', 'n') return {type(v), v}"),
            "*2\r\n$6\r\nnumber\r\n:42\r\n");
}

TEST_F(Conversion, BulkReplyIsAString) {
  Run({"SET", "k", "v"});
  EXPECT_EQ(As(2, "local v = redis.call('get', 'k') return {type(v), v}"),
            "*2\r\n$6\r\nstring\r\n$1\r\nv\r\n");
}

TEST_F(Conversion, NullBulkIsFalseForRespTwoScriptsNilForRespThree) {
  EXPECT_EQ(As(2, "return type(redis.call('get', 'nokey'))"),
            "$7\r\nboolean\r\n");
  EXPECT_EQ(As(2, "redis.setresp(3) return type(redis.call('get', 'nokey'))"),
            "$3\r\nnil\r\n");
}

TEST_F(Conversion, StatusReplyIsAnOkTable) {
  EXPECT_EQ(As(2, "local r = redis.call('set', 'k', 'v') "
                  "return {type(r), r.ok}"),
            "*2\r\n$5\r\ntable\r\n$2\r\nOK\r\n");
  EXPECT_EQ(As(2, "return redis.call('set', 'k', 'v')"), "+OK\r\n");
}

TEST_F(Conversion, ErrorReplyIsAnErrTableWithTheStatsMark) {
  Run({"SET", "k", "v"});
  EXPECT_EQ(As(2, "local e = redis.pcall('incr', 'k') local r = {} "
                  "for k, v in pairs(e) do r[#r+1] = k .. '=' .. tostring(v) "
                  "end table.sort(r) return r"),
            "*2\r\n$47\r\nerr=ERR value is not an integer or out of range\r\n"
            "$30\r\nignore_error_stats_update=true\r\n");
}

TEST_F(Conversion, MultiBulkIsAnArray) {
  Run({"SET", "a", "1"});
  EXPECT_EQ(As(2, "local r = redis.call('mget', 'a', 'b') "
                  "return {#r, r[1], type(r[2])}"),
            "*3\r\n:2\r\n$1\r\n1\r\n$7\r\nboolean\r\n");
  // Under RESP3 the missing key is nil: a hole.
  EXPECT_EQ(As(2, "redis.setresp(3) local r = redis.call('mget', 'b', 'a') "
                  "return {type(r[1]), r[2]}"),
            "*2\r\n$3\r\nnil\r\n$1\r\n1\r\n");
}

TEST_F(Conversion, RespThreeTypesFromACommand) {
  AllowDebugInScripts();
  const char* kType =
      "redis.setresp(%d) return type(redis.call('debug', 'protocol', '%s'))";
  auto type_of = [&](int resp, const char* t) {
    char buf[256];
    std::snprintf(buf, sizeof(buf), kType, resp, t);
    return As(2, buf);
  };
  EXPECT_EQ(type_of(2, "map"), "$5\r\ntable\r\n");
  EXPECT_EQ(type_of(2, "double"), "$6\r\nstring\r\n");
  EXPECT_EQ(type_of(2, "bignum"), "$6\r\nstring\r\n");
  EXPECT_EQ(type_of(2, "true"), "$6\r\nnumber\r\n");
  EXPECT_EQ(type_of(2, "null"), "$7\r\nboolean\r\n");
  EXPECT_EQ(type_of(2, "verbatim"), "$6\r\nstring\r\n");
  EXPECT_EQ(type_of(3, "true"), "$7\r\nboolean\r\n");
  EXPECT_EQ(type_of(3, "null"), "$3\r\nnil\r\n");
  EXPECT_EQ(As(2, "redis.setresp(3) local x = redis.call('debug', "
                  "'protocol', 'double') return tostring(x.double)"),
            "$5\r\n3.141\r\n");
  EXPECT_EQ(As(2, "redis.setresp(3) local x = redis.call('debug', "
                  "'protocol', 'bignum') return x.big_number"),
            "$37\r\n1234567999999999999999999999999999999\r\n");
  EXPECT_EQ(As(2, "redis.setresp(3) local x = redis.call('debug', "
                  "'protocol', 'verbatim') return {x.verbatim_string.format, "
                  "x.verbatim_string.string}"),
            "*2\r\n$3\r\ntxt\r\n$25\r\nThis is a verbatim\nstring\r\n");
  EXPECT_EQ(As(2, "redis.setresp(3) local x = redis.call('debug', "
                  "'protocol', 'map') return {x.map[0], x.map[1], x.map[2]}"),
            "*3\r\n:0\r\n:1\r\n:0\r\n");  // booleans of a RESP3 script
  EXPECT_EQ(As(2, "redis.setresp(3) local x = redis.call('debug', "
                  "'protocol', 'set') return {x.set[0], x.set[1], x.set[2]}"),
            "*3\r\n:1\r\n:1\r\n:1\r\n");
  // And back: a RESP3 value returned to a RESP3 caller keeps its type.
  EXPECT_EQ(As(3, "redis.setresp(3) return redis.call('debug', 'protocol', "
                  "'double')"),
            ",3.141\r\n");
  EXPECT_EQ(As(3, "redis.setresp(3) return redis.call('debug', 'protocol', "
                  "'bignum')"),
            "(1234567999999999999999999999999999999\r\n");
  EXPECT_EQ(As(3, "redis.setresp(3) return redis.call('debug', 'protocol', "
                  "'verbatim')"),
            "=29\r\ntxt:This is a verbatim\nstring\r\n");
  EXPECT_EQ(As(2, "redis.setresp(3) return redis.call('debug', 'protocol', "
                  "'verbatim')"),
            "$25\r\nThis is a verbatim\nstring\r\n");
  EXPECT_EQ(As(3, "redis.setresp(3) return redis.call('debug', 'protocol', "
                  "'false')"),
            "#f\r\n");
  EXPECT_EQ(As(3, "return redis.call('debug', 'protocol', 'false')"),
            ":0\r\n");
}

TEST_F(Conversion, RespIsResetForEveryInvocation) {
  EXPECT_EQ(As(3, "redis.setresp(3) return false"), "#f\r\n");
  EXPECT_EQ(As(3, "return false"), "_\r\n");
}

// --- §1.4 arguments.

TEST_F(Conversion, NumberArgumentsUsePercent17g) {
  const std::pair<const char*, const char*> cases[] = {
      {"1", "1"},
      {"1.5", "1.5"},
      {"0.1", "0.10000000000000001"},
      {"1e20", "1e+20"},
      {"2^53", "9007199254740992"},
      {"-0", "-0"},
      {"1/0", "inf"},
      {"-1/0", "-inf"},
      {"1e300", "1.0000000000000001e+300"},
      {"-12345", "-12345"},
  };
  for (const auto& [lua, text] : cases) {
    EXPECT_EQ(As(2, std::string("redis.call('set', 'k', ") + lua +
                        ") return redis.call('get', 'k')"),
              "$" + std::to_string(std::string(text).size()) + "\r\n" + text +
                  "\r\n")
        << lua;
  }
}

TEST_F(Conversion, StringArgumentsAreBinarySafe) {
  EXPECT_EQ(As(2, "redis.call('set', 'k', 'a\\0b') "
                  "return redis.call('strlen', 'k')"),
            ":3\r\n");
  EXPECT_EQ(As(2, "return redis.call('PiNg')"), "+PONG\r\n");
}

}  // namespace
}  // namespace luakv::testing
