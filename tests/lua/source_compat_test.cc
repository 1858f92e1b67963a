// The Lua 5.1 compatibility pass on its own: what it rewrites, what it
// rejects with Lua 5.1's message, and what it leaves alone.

#include "lua_bindings/source_compat.h"

#include <algorithm>
#include <string>

#include "gtest/gtest.h"

namespace luakv::lua {
namespace {

// The text LuaJIT will compile ("=" when unchanged), or "ERROR <message>".
std::string Prepare(std::string_view source,
                    std::string_view chunkname = "@user_script") {
  PreparedSource out;
  if (!PrepareSource(source, chunkname, &out)) return "ERROR " + out.error;
  return out.text.empty() ? "=" : out.text;
}

TEST(SourceCompat, LeavesOrdinaryCodeAlone) {
  EXPECT_EQ(Prepare("local x = 1 return x"), "=");
  EXPECT_EQ(Prepare("return 'a\\n\\t\\\\\\'\\\"\\65'"), "=");
  EXPECT_EQ(Prepare("return [==[ ]] ]==]"), "=");
  EXPECT_EQ(Prepare("-- return f()\nreturn 1"), "=");
  EXPECT_EQ(Prepare("--[[ return f() ]] return 1"), "=");
  EXPECT_EQ(Prepare("return 0x10, 1e5, .5, 3., 1e-3"), "=");
  EXPECT_EQ(Prepare(""), "=");
}

TEST(SourceCompat, TailCallsOfGlobalsKeepTheirFrame) {
  EXPECT_EQ(Prepare("return redis.call('get', KEYS[1])"),
            "return select(1,redis.call('get', KEYS[1]))");
  EXPECT_EQ(Prepare("return error('x')"), "return select(1,error('x'))");
  EXPECT_EQ(Prepare("return string.rep 'x'"),
            "return select(1,string.rep 'x')");
  EXPECT_EQ(Prepare("return cjson.encode{1}"),
            "return select(1,cjson.encode{1})");
  EXPECT_EQ(Prepare("return ('x'):rep(3)"), "return select(1,('x'):rep(3))");
  EXPECT_EQ(Prepare("if a then return f(1) else return g(2) end"),
            "if a then return select(1,f(1)) else return select(1,g(2)) end");
  EXPECT_EQ(Prepare("return f(function() return g() end);"),
            "return select(1,f(function() return select(1,g()) end));");
}

TEST(SourceCompat, TailCallsOfLocalsStayTailCalls) {
  EXPECT_EQ(Prepare("local function loop(n) return loop(n - 1) end"), "=");
  EXPECT_EQ(Prepare("local f = g() return f()"), "=");
  EXPECT_EQ(Prepare("local f = function() end return f()"), "=");
  EXPECT_EQ(Prepare("local f = g .. h return f()"), "=");
  EXPECT_EQ(Prepare("local f, h = g return f()"), "=");
  EXPECT_EQ(Prepare("local f = g local g = 1 local h = g return h()"), "=");
  EXPECT_EQ(Prepare("local function h(cb) return cb() end"), "=");
  EXPECT_EQ(Prepare("for i, v in pairs(t) do return v() end"), "=");
  // A local shadowing select keeps everything as it is.
  EXPECT_EQ(Prepare("local select = 1 return f()"), "=");
}

TEST(SourceCompat, LocalsGivenAGlobalsValueAreRewrittenLikeIt) {
  // Lua 5.1 keeps the frame of `return call(...)` when call is
  // redis.call under another name; so must LuaJIT.
  EXPECT_EQ(Prepare("local call = redis.call return call('x')"),
            "local call = redis.call return select(1,call('x'))");
  EXPECT_EQ(Prepare("local e = error; return e('x')"),
            "local e = error; return select(1,e('x'))");
  EXPECT_EQ(Prepare("local r = redis local c = r.call return c('x')"),
            "local r = redis local c = r.call return select(1,c('x'))");
  EXPECT_EQ(Prepare("local s = string return s.rep('a', 2)"),
            "local s = string return select(1,s.rep('a', 2))");
  // Out of its scope the alias is gone.
  EXPECT_EQ(Prepare("do local c = redis.call end local c = f() return c()"),
            "=");
}

TEST(SourceCompat, OnlyWholeCallReturnsAreRewritten) {
  EXPECT_EQ(Prepare("return f() + 1"), "=");
  EXPECT_EQ(Prepare("return f(), 2"), "=");
  EXPECT_EQ(Prepare("return (f())"), "=");
  EXPECT_EQ(Prepare("return f.x"), "=");
  EXPECT_EQ(Prepare("return f()[1]"), "=");
  EXPECT_EQ(Prepare("return"), "=");
  EXPECT_EQ(Prepare("return ..."), "=");
  EXPECT_EQ(Prepare("return function() end"), "=");
}

TEST(SourceCompat, RewritesNeverMoveLines) {
  const std::string out = Prepare("\n\nreturn redis.call(\n'x')\n");
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 4);
}

TEST(SourceCompat, UnknownEscapesStandForTheCharacter) {
  EXPECT_EQ(Prepare("return '\\x41'"), "return 'x41'");
  EXPECT_EQ(Prepare("return '\\q\\z'"), "return 'qz'");
  EXPECT_EQ(Prepare("return \"\\u{41}\""), "return \"u{41}\"");
  EXPECT_EQ(Prepare("return '\\256'"),
            "ERROR user_script:1: escape sequence too large near '''");
  EXPECT_EQ(Prepare("return 'ab\\999'"),
            "ERROR user_script:1: escape sequence too large near ''ab'");
}

TEST(SourceCompat, NumeralsLuaJitAcceptsAndLua51DoesNot) {
  for (const char* n : {"1LL", "1ULL", "2i", "0b101", "1e", "0x", "3..4",
                        "1e+"}) {
    EXPECT_EQ(Prepare(std::string("return ") + n),
              std::string("ERROR user_script:1: malformed number near '") + n +
                  "'")
        << n;
  }
  // Lua 5.1 reads a sign after 'p' as the next token.
  EXPECT_EQ(Prepare("return 0x1p-4"),
            "ERROR user_script:1: malformed number near '0x1p'");
  EXPECT_EQ(Prepare("return 0x1.8"), "return 0x1 .8");
  EXPECT_EQ(Prepare("\nreturn 1LL"),
            "ERROR user_script:2: malformed number near '1LL'");
}

TEST(SourceCompat, LuaJitOnlySyntax) {
  EXPECT_EQ(Prepare("goto done"),
            "ERROR user_script:1: '=' expected near 'done'");
  EXPECT_EQ(Prepare("local goto = 1 return goto"), "=");
  EXPECT_EQ(Prepare("a = goto x = 1"), "=");
  EXPECT_EQ(Prepare("::x::"), ": :x: :");
  EXPECT_EQ(Prepare("local caf\xc3\xa9 = 1"), "local caf@@ = 1");
  EXPECT_EQ(Prepare("return 'caf\xc3\xa9' -- \xc3\xa9"), "=");
}

TEST(SourceCompat, FixCompileErrorShowsTheByte) {
  PreparedSource p;
  ASSERT_TRUE(PrepareSource("return \xc2\x80", "@user_script", &p));
  std::string msg = "user_script:1: unexpected symbol near '@'";
  FixCompileError(p, &msg);
  EXPECT_EQ(msg, "user_script:1: unexpected symbol near '\xc2'");
  // A real '@' first: LuaJIT's message is about that one.
  ASSERT_TRUE(PrepareSource("@ \xc2", "@user_script", &p));
  EXPECT_EQ(p.replaced_byte, 0);
}

TEST(SourceCompat, LeadingHashBomAndEscAreParsedNotSkipped) {
  EXPECT_EQ(Prepare("#!/x\nreturn 1"), " #!/x\nreturn 1");
  EXPECT_EQ(Prepare("\x1bLJ"), " \x1bLJ");
  EXPECT_EQ(Prepare("\xef\xbb\xbfreturn 1"), " @@@return 1");
}

TEST(SourceCompat, UnfinishedTokensAreLeftToLuaJit) {
  EXPECT_EQ(Prepare("return [[x"), "=");
  EXPECT_EQ(Prepare("return 'x"), "=");
  EXPECT_EQ(Prepare("x = [="), "=");
}

TEST(SourceCompat, ChunkIds) {
  EXPECT_EQ(ChunkId("@user_script"), "user_script");
  EXPECT_EQ(ChunkId("=stdin"), "stdin");
  EXPECT_EQ(ChunkId("x = 1"), "[string \"x = 1\"]");
  EXPECT_EQ(ChunkId("line1\nline2"), "[string \"line1...\"]");
  EXPECT_EQ(ChunkId(std::string(100, 'a')),
            "[string \"" + std::string(43, 'a') + "...\"]");
}

}  // namespace
}  // namespace luakv::lua
