// Script return value -> reply (spec §1.1, §1.2).
//
// Converts the Lua value on top of the stack into one reply written to a
// ReplySink, with Redis 7.0's rules: strings are bulk strings, numbers are
// truncated to integers, booleans depend on the script's protocol
// (redis.setresp), and tables are probed with raw access for err, ok,
// double, big_number, verbatim_string, map and set before being read as an
// array up to the first nil. Metatables are never consulted.
//
// Nesting is bounded explicitly. The bound reproduces Redis's, which comes
// from the Lua C stack (8000 slots): a self-referencing array yields 7995
// nested one-element arrays, then the error "ERR reached lua stack limit" in
// place of the element. The conversion is iterative, so deep values cost
// heap, not C++ stack.

#ifndef LUAKV_LUA_BINDINGS_LUA_REPLY_H_
#define LUAKV_LUA_BINDINGS_LUA_REPLY_H_

#include <cstdint>
#include <string_view>

#include "luakv/reply_sink.h"

struct lua_State;

namespace luakv::lua {

// Writes the value on top of `L`'s stack to `sink` and pops it. `script_resp`
// is the protocol the script selected (2 or 3). `base_height` is how many
// stack slots Redis would hold below the value (2 for a script's result: the
// error handler and the value itself); it only matters for the depth bound.
// [-1, +0, m]
void WriteLuaReply(lua_State* L, ReplySink& sink, int script_resp,
                   int base_height = 2);

// The integer a Lua number converts to: C's truncation toward zero, and
// INT64_MIN for NaN, infinities and values out of range (what x86-64
// produces for Redis's undefined cast).
int64_t LuaNumberToInteger(double value);

// Text of an error or status as Redis emits it from a script: it ends at a
// NUL byte (Redis formats it with "%s").
std::string_view UpToNul(std::string_view text);

}  // namespace luakv::lua

#endif  // LUAKV_LUA_BINDINGS_LUA_REPLY_H_
