// Lua 5.1 source compatibility for LuaJIT.
//
// Redis runs scripts on Lua 5.1; luakv runs them on LuaJIT, whose lexer and
// code generator differ in ways a script can observe. Before compiling, the
// sandbox passes every chunk (EVAL bodies, SCRIPT LOAD, loadstring, load)
// through PrepareSource, which makes LuaJIT see what Lua 5.1 would:
//
//  * Lexical differences. LuaJIT accepts numerals Lua 5.1 rejects (1LL,
//    1ULL, 1i, 0b101, 0x1p-4): they become Lua 5.1's "malformed number"
//    error. In strings, escapes Lua 5.1 does not know (\x41, \z, \u{...},
//    \q) stand for the character itself, as in Lua 5.1, instead of LuaJIT's
//    meaning or error; \ddd above 255 is "escape sequence too large". A
//    leading '#' line, UTF-8 BOM or ESC byte is not skipped or read as
//    bytecode (LuaJIT does both), so they fail to parse as in Lua 5.1.
//  * Tail calls of C functions. LuaJIT turns `return f(x)` into a tail call
//    even when f is a C function, dropping the caller's frame; Lua 5.1 keeps
//    it, and Redis reports the script line of an error from it
//    (`return redis.call(...)` failing gives "... script: <sha>, on
//    @user_script:1."). Returns of a call rooted at a global (redis.call,
//    error, string.rep, ...) are rewritten to `return select(1, f(x))`,
//    which keeps the frame and every returned value, and so are returns
//    through a local given such a value (`local call = redis.call ...
//    return call(...)`). Calls of other locals keep their tail calls, so
//    tail recursion does not grow the stack (as in Lua 5.1).
//
// The rewrite never adds or removes a line break, so line numbers in error
// messages are unchanged. Things the pass does not understand are left to
// LuaJIT, which reports its own error.
//
//  * Syntax LuaJIT has and Lua 5.1 lacks: a goto statement becomes Lua
//    5.1's "'=' expected" error, "::" is two colons, and a byte >= 0x80
//    outside strings and comments is the stray symbol Lua 5.1 sees (LuaJIT
//    would accept it in a name).
//    Numerals LuaJIT reads as one token where Lua 5.1 reads two (`0x1.8`,
//    a hex float) are split.

#ifndef LUAKV_LUA_BINDINGS_SOURCE_COMPAT_H_
#define LUAKV_LUA_BINDINGS_SOURCE_COMPAT_H_

#include <string>
#include <string_view>

namespace luakv::lua {

struct PreparedSource {
  // The text to compile; empty when the source can be compiled as it is.
  std::string text;
  // Set when Lua 5.1 rejects the source: its message, e.g.
  // "user_script:1: malformed number near '1LL'".
  std::string error;
  // A byte Lua 5.1 cannot read (>= 0x80 outside strings and comments) was
  // replaced by '@' so that LuaJIT fails where Lua 5.1 does;
  // FixCompileError shows this byte in LuaJIT's message instead.
  char replaced_byte = 0;
};

// Prepares `source` (chunk name `chunkname`, as given to lua_load, e.g.
// "@user_script") for LuaJIT. False when Lua 5.1 would reject it
// (out->error says why).
bool PrepareSource(std::string_view source, std::string_view chunkname,
                   PreparedSource* out);

// Rewrites LuaJIT's compile error of a prepared text the way Lua 5.1 words
// it (the byte behind a '@' placeholder).
void FixCompileError(const PreparedSource& prepared, std::string* message);

// Lua 5.1's luaO_chunkid: how a chunk name appears in messages
// ("@user_script" -> "user_script", "x = 1" -> "[string \"x = 1\"]").
std::string ChunkId(std::string_view chunkname);

}  // namespace luakv::lua

#endif  // LUAKV_LUA_BINDINGS_SOURCE_COMPAT_H_
