// cmsgpack.pack: Lua values -> MessagePack, as Redis's lua-cmsgpack writes
// them.
//
// Choices a script can observe: a number that is an exact int64 packs as the
// smallest integer format (unsigned formats for >= 0); other numbers pack as
// float 32 when that is exact (infinities included), else float 64; strings
// use fixstr/str8/str16/str32; a table is an array when its keys are exactly
// 1..n, otherwise a map; tables nested deeper than 16 levels, and values of
// any other type (functions, userdata, threads, nil), pack as nil.
//
// Stack use mirrors Redis's packer slot for slot (one result string per
// argument, a copy of each key while it is packed), and the same checks are
// made, so the argument-count and nesting errors appear at the same sizes;
// LuaJIT's lua_checkstack applies Lua 5.1's 8000-slot rule.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <lua.hpp>

#include "lua_bindings/libs/cmsgpack_internal.h"
#include "lua_bindings/libs/lib_support.h"

namespace luakv::lua::libs {
namespace {

// Tables at this nesting level (0 = an argument) and deeper pack as nil; it
// also cuts cycles.
constexpr int kMaxNesting = 16;
// The scratch buffer keeps its memory between calls up to this size.
constexpr size_t kKeepBytes = 64 * 1024;

struct Packer {
  lua_State* L;
  ByteBuffer* out;

  void Byte(uint8_t b) { out->Append(L, static_cast<char>(b)); }
  // `prefix` followed by the low `bytes` bytes of `v`, big-endian.
  void Prefixed(uint8_t prefix, uint64_t v, int bytes) {
    char* p = out->Extend(L, 1 + bytes);
    p[0] = static_cast<char>(prefix);
    for (int i = 0; i < bytes; ++i) {
      p[bytes - i] = static_cast<char>(v >> (8 * i));
    }
  }
};

void PackInteger(Packer& p, int64_t v) {
  if (v >= 0) {
    auto u = static_cast<uint64_t>(v);
    if (u <= 0x7f) {
      p.Byte(static_cast<uint8_t>(u));
    } else if (u <= 0xff) {
      p.Prefixed(0xcc, u, 1);
    } else if (u <= 0xffff) {
      p.Prefixed(0xcd, u, 2);
    } else if (u <= 0xffffffffu) {
      p.Prefixed(0xce, u, 4);
    } else {
      p.Prefixed(0xcf, u, 8);
    }
    return;
  }
  auto bits = static_cast<uint64_t>(v);
  if (v >= -32) {
    p.Byte(static_cast<uint8_t>(bits));
  } else if (v >= -128) {
    p.Prefixed(0xd0, bits, 1);
  } else if (v >= -32768) {
    p.Prefixed(0xd1, bits, 2);
  } else if (v >= -2147483648LL) {
    p.Prefixed(0xd2, bits, 4);
  } else {
    p.Prefixed(0xd3, bits, 8);
  }
}

bool IsExactInt64(double d) {
  return d >= -9223372036854775808.0 && d < 9223372036854775808.0 &&
         std::trunc(d) == d;
}

bool IsExactFloat(double d) {
  if (std::isinf(d)) return true;
  if (!(std::fabs(d) <= 3.4028234663852886e38)) return false;  // NaN too
  return static_cast<double>(static_cast<float>(d)) == d;
}

void PackNumber(Packer& p, double d) {
  if (IsExactInt64(d)) {
    PackInteger(p, static_cast<int64_t>(d));
  } else if (IsExactFloat(d)) {
    float f = static_cast<float>(d);
    uint32_t bits;
    std::memcpy(&bits, &f, sizeof(bits));
    p.Prefixed(0xca, bits, 4);
  } else {
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof(bits));
    p.Prefixed(0xcb, bits, 8);
  }
}

void PackString(Packer& p, const char* s, size_t len) {
  // LuaJIT strings are shorter than 2^31 bytes, so str32 always suffices.
  if (len < 32) {
    p.Byte(static_cast<uint8_t>(0xa0 | len));
  } else if (len <= 0xff) {
    p.Prefixed(0xd9, len, 1);
  } else if (len <= 0xffff) {
    p.Prefixed(0xda, len, 2);
  } else {
    p.Prefixed(0xdb, len, 4);
  }
  p.out->Append(p.L, s, len);
}

void PackValue(Packer& p, int level);

// For the table on top of the stack: whether its keys are exactly 1..n, and n.
bool TableIsArray(Packer& p, size_t* length) {
  lua_State* L = p.L;
  if (!lua_checkstack(L, 2)) {
    luaL_error(L, "stack overflow (%s)", "in function table_is_an_array");
  }
  double max = 0;
  size_t count = 0;
  lua_pushnil(L);
  while (lua_next(L, -2) != 0) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TNUMBER) {
      double k = lua_tonumber(L, -1);
      if (k > 0 && std::floor(k) == k) {
        ++count;
        if (k > max) max = k;
        continue;
      }
    }
    lua_pop(L, 1);
    return false;
  }
  *length = count;
  return max == static_cast<double>(count);
}

void PackArray(Packer& p, int level, size_t length) {
  if (length <= 15) {
    p.Byte(static_cast<uint8_t>(0x90 | length));
  } else if (length <= 0xffff) {
    p.Prefixed(0xdc, length, 2);
  } else {
    p.Prefixed(0xdd, length, 4);
  }
  for (size_t i = 1; i <= length; ++i) {
    lua_rawgeti(p.L, -1, static_cast<int>(i));
    PackValue(p, level + 1);
    lua_pop(p.L, 1);
  }
}

void PackMap(Packer& p, int level) {
  lua_State* L = p.L;
  if (!lua_checkstack(L, 3)) {
    luaL_error(L, "stack overflow (%s)",
               "in function mp_encode_lua_table_as_map");
  }
  size_t count = 0;
  lua_pushnil(L);
  while (lua_next(L, -2) != 0) {
    lua_pop(L, 1);
    ++count;
  }
  if (count <= 15) {
    p.Byte(static_cast<uint8_t>(0x80 | count));
  } else if (count <= 0xffff) {
    p.Prefixed(0xde, count, 2);
  } else {
    p.Prefixed(0xdf, count, 4);
  }
  lua_pushnil(L);
  while (lua_next(L, -2) != 0) {
    lua_pushvalue(L, -2);  // packing must not disturb the key lua_next needs
    PackValue(p, level + 1);
    lua_pop(L, 1);
    PackValue(p, level + 1);
    lua_pop(L, 1);
  }
}

// Packs the value on top of the stack, leaving it there.
void PackValue(Packer& p, int level) {
  lua_State* L = p.L;
  switch (lua_type(L, -1)) {
    case LUA_TNUMBER:
      PackNumber(p, lua_tonumber(L, -1));
      return;
    case LUA_TSTRING: {
      size_t len;
      const char* s = lua_tolstring(L, -1, &len);
      PackString(p, s, len);
      return;
    }
    case LUA_TBOOLEAN:
      p.Byte(lua_toboolean(L, -1) ? 0xc3 : 0xc2);
      return;
    case LUA_TTABLE:
      if (level < kMaxNesting) {
        size_t length;
        if (TableIsArray(p, &length)) {
          PackArray(p, level, length);
        } else {
          PackMap(p, level);
        }
        return;
      }
      break;
    default:
      break;
  }
  p.Byte(0xc0);
}

}  // namespace

int MsgpackPack(lua_State* L) {
  int argc = lua_gettop(L);
  if (argc == 0) return luaL_argerror(L, 0, "MessagePack pack needs input.");
  if (!lua_checkstack(L, argc)) {
    return luaL_argerror(L, 0, "Too many arguments for MessagePack pack.");
  }
  auto* out = static_cast<ByteBuffer*>(lua_touserdata(L, lua_upvalueindex(1)));
  Packer packer{L, out};
  for (int i = 1; i <= argc; ++i) {
    out->Clear();
    lua_pushvalue(L, i);
    PackValue(packer, 0);
    lua_pop(L, 1);
    lua_pushlstring(L, out->data(), out->size());
  }
  lua_concat(L, argc);
  if (out->capacity() > kKeepBytes) out->Release(L);
  return 1;
}

}  // namespace luakv::lua::libs
