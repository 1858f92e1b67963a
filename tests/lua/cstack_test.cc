// Paths on which Lua re-enters C and C re-enters Lua: each ends with an
// error (texts and depths as redis-server 7.0 answers them, whose Lua 5.1
// allows 200 nested C calls), never with a crash, and the engine stays
// usable after each.

#include <string>

#include "lua/script_test.h"

namespace luakv::testing {
namespace {

class CStackTest : public ScriptTest {
 protected:
  void ExpectUsable() {
    EXPECT_THAT(Eval("return redis.call('INCR', 'alive')"), IsInt(++alive_));
  }

 private:
  int64_t alive_ = 0;
};

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out.append(s);
  return out;
}

TEST_F(CStackTest, GsubCallbackRecursion) {
  const std::string script =
      "local function f() return string.gsub('x', '.', f) end return f()";
  EXPECT_THAT(Eval(script),
              IsExactError("ERR C stack overflow" + Suffix(script)));
  // Redis reaches 198 levels under a pcall.
  EXPECT_THAT(Eval("local n = 0 local function f() n = n + 1 "
                   "return string.gsub('x', '.', f) end "
                   "local ok, e = pcall(f) return {'' .. n, e}"),
              Bulks({"198", "C stack overflow"}));
  EXPECT_THAT(Eval("return string.gsub()"),
              IsError("ERR user_script:1: bad argument #1 to 'gsub' "
                      "(string expected, got no value)"));
  EXPECT_THAT(Eval("return ('abc'):gsub('b', function(c) return 'X' end)"),
              IsBulk("aXc"));
  ExpectUsable();
}

TEST_F(CStackTest, CoroutineWrapRecursion) {
  const std::string script =
      "local function f() return coroutine.wrap(f)() end return f()";
  EXPECT_THAT(Eval(script),
              IsExactError("ERR " + Repeat("user_script:1: ", 200) +
                           "C stack overflow" + Suffix(script)));
  EXPECT_THAT(Eval("local n = 0 local function f() n = n + 1 "
                   "return coroutine.wrap(f)() end "
                   "local ok, e = pcall(f) return {'' .. n, '' .. #e}"),
              Bulks({"199", std::to_string(199 * 15 + 16)}));
  EXPECT_THAT(Eval("return coroutine.wrap(1)"),
              IsError("ERR user_script:1: bad argument #1 to 'wrap' "
                      "(Lua function expected)"));
  EXPECT_THAT(Eval("local co = coroutine.wrap(function(a) "
                   "local b = coroutine.yield(a + 1) return b * 2 end) "
                   "return {'' .. co(1), '' .. co(5)}"),
              Bulks({"2", "10"}));
  ExpectUsable();
}

TEST_F(CStackTest, CoroutineResumeRecursionReturnsTheError) {
  EXPECT_THAT(Eval("local n = 0 local function f() n = n + 1 "
                   "local co = coroutine.create(f) "
                   "local ok, e = coroutine.resume(co) "
                   "if not ok then return {'' .. n, e} end return e end return f()"),
              Bulks({"200", "C stack overflow"}));
  const std::string script =
      "local function f() local co = coroutine.create(f) "
      "local ok, e = coroutine.resume(co) if not ok then error(e, 0) end "
      "end return f()";
  EXPECT_THAT(Eval(script),
              IsExactError("ERR C stack overflow" + Suffix(script)));
  ExpectUsable();
}

TEST_F(CStackTest, PcallNestingEndsInsideTheInnermostPcall) {
  EXPECT_THAT(Eval("local n = 0 local function f() n = n + 1 return pcall(f) "
                   "end local ok, e = pcall(f) "
                   "return {'' .. n, tostring(ok), tostring(e)}"),
              Bulks({"198", "true", "true"}));
  EXPECT_THAT(Eval("local n = 0 local function f() n = n + 1 "
                   "local ok, e = pcall(function() "
                   "return coroutine.wrap(f)() end) return e end "
                   "local r = f() return {'' .. n, r}"),
              Bulks({"100", "C stack overflow"}));
  EXPECT_THAT(Eval("local function f() local ok, e = pcall(f) "
                   "if not ok then error(e, 0) end end f()"),
              IsError("ERR C stack overflow"));
  ExpectUsable();
}

TEST_F(CStackTest, SortComparatorForeachAndLoadReader) {
  std::string script =
      "local function f() table.sort({3, 2, 1}, function(a, b) f() "
      "return a < b end) end f()";
  EXPECT_THAT(Eval(script),
              IsExactError("ERR C stack overflow" + Suffix(script)));
  script = "local function f() return table.foreach({1}, f) end return f()";
  EXPECT_THAT(Eval(script),
              IsExactError("ERR C stack overflow" + Suffix(script)));
  // A reader that loads again: the innermost load fails, and the levels
  // above end without an error.
  EXPECT_THAT(Eval("local n = 0 local function f() n = n + 1 "
                   "if n > 1000 then error('runaway') end return load(f) end "
                   "local ok = pcall(f) return n"),
              IsInt(198));
  EXPECT_THAT(Eval("local t = {3, 1, 2} table.sort(t, function(a, b) "
                   "return a > b end) return table.concat(t, ',')"),
              IsBulk("3,2,1"));
  ExpectUsable();
}

TEST_F(CStackTest, RedisCallDeepInsidePcallInsideCoroutines) {
  // Two levels a step (a resume and a pcall): the resume at level 101 is
  // refused, and the error comes back up as a value.
  EXPECT_THAT(Eval("local function f(n) if n == 0 then "
                   "return redis.call('INCR', 'deep') end "
                   "local co = coroutine.wrap(function() "
                   "local ok, v = pcall(f, n - 1) return v end) "
                   "return co() end return f(150)"),
              IsBulk("user_script:1: C stack overflow"));
  EXPECT_THAT(Eval("local function f(n) if n == 0 then "
                   "return redis.call('INCR', 'deep') end "
                   "local co = coroutine.wrap(function() "
                   "local ok, v = pcall(f, n - 1) return v end) "
                   "return co() end return f(90)"),
              IsInt(1));
  EXPECT_THAT(Eval("local function f(n) if n == 0 then "
                   "return redis.pcall('INCR', 'deep') end "
                   "return select(2, pcall(f, n - 1)) end return f(150)"),
              IsInt(2));
  ExpectUsable();
}

TEST_F(CStackTest, PlainRecursionHugeUnpackAndRep) {
  EXPECT_THAT(Eval("local function f(n) return 1 + f(n + 1) end return f(1)"),
              IsError("ERR "));
  EXPECT_THAT(Eval("local t = setmetatable({}, {}) "
                   "getmetatable(t).__index = function(t, k) return t[k] end "
                   "return t.x"),
              IsError("ERR "));
  const std::string unpack = "return unpack({}, 1, 1e8)";
  EXPECT_THAT(Eval(unpack),
              IsExactError("ERR user_script:1: too many results to unpack" +
                           Suffix(unpack)));
  EXPECT_THAT(Eval("return #string.rep('x', 2^31)"), IsInt(0));
  ExpectUsable();
}

TEST_F(CStackTest, DeeplyNestedTables) {
  const std::string nest =
      "local t = {} for i = 1, 100000 do t = {t} end ";
  const std::string encode = nest + "return cjson.encode(t)";
  EXPECT_THAT(Eval(encode),
              IsExactError("ERR user_script:1: Cannot serialise, excessive "
                           "nesting (1001)" + Suffix(encode)));
  // cmsgpack packs past its nesting limit as nil.
  EXPECT_THAT(Eval(nest + "return #cmsgpack.pack(t)"), IsInt(17));
  // The reply conversion stops at the Lua stack limit: nested arrays end
  // in that error, as in Redis.
  // Walked, not printed: formatting a reply thousands of levels deep
  // recurses once per level.
  const Reply deep = Eval(nest + "return t");
  const Reply* r = &deep;
  size_t depth = 0;
  while (r->type() == Reply::Type::kArray && r->size() == 1) {
    r = &(*r)[0];
    ++depth;
  }
  EXPECT_GT(depth, 100u);
  EXPECT_THAT(*r, IsExactError("ERR reached lua stack limit"));
  EXPECT_THAT(Eval("local t = {} for i = 1, 500 do t = {t} end "
                   "local d = 0 local s = cjson.decode(cjson.encode(t)) "
                   "while s[1] do s = s[1] d = d + 1 end return d"),
              IsInt(500));
  ExpectUsable();
}

TEST_F(CStackTest, FunctionsAreGuardedToo) {
  ASSERT_THAT(Run({"FUNCTION", "LOAD",
                   "#!lua name=deep\n"
                   "redis.register_function('gsub', function() "
                   "local function f() return string.gsub('x', '.', f) end "
                   "return f() end)\n"
                   "redis.register_function('wrap', function() "
                   "local function f() return coroutine.wrap(f)() end "
                   "return f() end)"}),
              IsBulk("deep"));
  EXPECT_THAT(Run({"FCALL", "gsub", "0"}), IsError("ERR C stack overflow"));
  const Reply wrap = Run({"FCALL", "wrap", "0"});
  EXPECT_THAT(wrap, IsError("ERR user_function:3: user_function:3: "));
  EXPECT_NE(wrap.ToString().find("C stack overflow"), std::string::npos);
  ExpectUsable();
}

}  // namespace
}  // namespace luakv::testing
