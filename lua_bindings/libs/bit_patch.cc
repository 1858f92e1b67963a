// The `bit` library as Redis ships it (LuaBitOp 1.0.2 with the
// CVE-2024-31449 fix), replacing LuaJIT's built-in functions of the same
// names. Results agree with LuaJIT's except bit.tohex's digit count, which
// Redis clamps to 8 whichever its sign (LuaJIT pads 9 or more digits, and
// returns "" for -2^31). Being plain C functions, they also report argument
// errors as Redis does: "user_script:1: bad argument #1 to 'tobit' (...)"
// where LuaJIT's fast functions say "bad argument #1 to '?' (...)".

#include <cstdint>
#include <cstring>
#include <lua.hpp>

#include "lua_bindings/libs/lua_libs.h"

namespace luakv::lua {
namespace {

// LuaBitOp's number -> 32-bit conversion: adding 2^52 + 2^51 puts the
// integer part, rounded to nearest even, in the low mantissa bits; larger
// magnitudes, infinities and NaN keep whatever their low 32 bits hold.
uint32_t ToBit(lua_State* L, int arg) {
  double biased = luaL_checknumber(L, arg) + 6755399441055744.0;
  uint64_t bits;
  std::memcpy(&bits, &biased, sizeof(bits));
  return static_cast<uint32_t>(bits);
}

int Push(lua_State* L, uint32_t b) {
  lua_pushnumber(L, static_cast<int32_t>(b));
  return 1;
}

int BitToBit(lua_State* L) { return Push(L, ToBit(L, 1)); }
int BitBnot(lua_State* L) { return Push(L, ~ToBit(L, 1)); }
int BitBswap(lua_State* L) { return Push(L, __builtin_bswap32(ToBit(L, 1))); }

int BitBand(lua_State* L) {
  uint32_t b = ToBit(L, 1);
  for (int i = lua_gettop(L); i > 1; --i) b &= ToBit(L, i);
  return Push(L, b);
}

int BitBor(lua_State* L) {
  uint32_t b = ToBit(L, 1);
  for (int i = lua_gettop(L); i > 1; --i) b |= ToBit(L, i);
  return Push(L, b);
}

int BitBxor(lua_State* L) {
  uint32_t b = ToBit(L, 1);
  for (int i = lua_gettop(L); i > 1; --i) b ^= ToBit(L, i);
  return Push(L, b);
}

int BitLshift(lua_State* L) {
  uint32_t b = ToBit(L, 1);
  uint32_t n = ToBit(L, 2) & 31;
  return Push(L, b << n);
}

int BitRshift(lua_State* L) {
  uint32_t b = ToBit(L, 1);
  uint32_t n = ToBit(L, 2) & 31;
  return Push(L, b >> n);
}

int BitArshift(lua_State* L) {
  auto b = static_cast<int32_t>(ToBit(L, 1));
  uint32_t n = ToBit(L, 2) & 31;
  return Push(L, static_cast<uint32_t>(b >> n));
}

int BitRol(lua_State* L) {
  uint32_t b = ToBit(L, 1);
  uint32_t n = ToBit(L, 2) & 31;
  return Push(L, (b << n) | (b >> ((32 - n) & 31)));
}

int BitRor(lua_State* L) {
  uint32_t b = ToBit(L, 1);
  uint32_t n = ToBit(L, 2) & 31;
  return Push(L, (b >> n) | (b << ((32 - n) & 31)));
}

// bit.tohex(x [, n]): the low |n| hex digits of x (n defaults to 8, at
// most 8), upper case when n is negative. An explicit nil n is an error.
int BitTohex(lua_State* L) {
  uint32_t b = ToBit(L, 1);
  auto n = lua_isnone(L, 2) ? 8 : static_cast<int32_t>(ToBit(L, 2));
  const char* digits = "0123456789abcdef";
  if (n < 0) {
    digits = "0123456789ABCDEF";
    n = n == INT32_MIN ? 8 : -n;  // the CVE fix: never negate INT32_MIN
  }
  if (n > 8) n = 8;
  char out[8];
  for (int i = n - 1; i >= 0; --i) {
    out[i] = digits[b & 15];
    b >>= 4;
  }
  lua_pushlstring(L, out, static_cast<size_t>(n));
  return 1;
}

}  // namespace

void PatchBit(lua_State* L) {
  static constexpr luaL_Reg kFunctions[] = {
      {"tobit", BitToBit},   {"bnot", BitBnot},       {"band", BitBand},
      {"bor", BitBor},       {"bxor", BitBxor},       {"lshift", BitLshift},
      {"rshift", BitRshift}, {"arshift", BitArshift}, {"rol", BitRol},
      {"ror", BitRor},       {"bswap", BitBswap},     {"tohex", BitTohex},
  };
  lua_getglobal(L, "bit");
  if (!lua_istable(L, -1)) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setglobal(L, "bit");
  }
  for (const luaL_Reg& f : kFunctions) {
    lua_pushcfunction(L, f.func);
    lua_setfield(L, -2, f.name);
  }
  lua_pop(L, 1);
}

}  // namespace luakv::lua
