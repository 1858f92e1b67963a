// cmsgpack.unpack / unpack_one / unpack_limit: MessagePack -> Lua values, as
// Redis's lua-cmsgpack reads them.
//
// Accepted formats: fixint, negative fixint, fixmap/map16/map32,
// fixarray/array16/array32, fixstr/str8/str16/str32, nil, booleans,
// float 32/64, uint 8..64, int 8..64. Anything else (bin, ext, 0xc1) is
// "Bad data format in input."; a value cut short is "Missing bytes in
// input.". Integers become Lua numbers (doubles), so 64-bit values round,
// and uint 64 is read as a signed value like int 64.
//
// Stack use mirrors Redis's reader slot for slot (the array index is pushed
// before each element, unpack_one/unpack_limit drop their extra arguments
// first), with the same checks and messages, so "stack overflow (...)" errors
// appear at the same nesting depths and value counts.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <lua.hpp>

#include "lua_bindings/libs/cmsgpack_internal.h"
#include "lua_bindings/libs/lib_support.h"

namespace luakv::lua::libs {
namespace {

class Unpacker {
 public:
  Unpacker(lua_State* L, const char* data, size_t len)
      : L_(L), p_(reinterpret_cast<const uint8_t*>(data)), left_(len) {}

  size_t left() const { return left_; }

  // Decodes one value and pushes it.
  void DecodeValue() {
    if (!lua_checkstack(L_, 1)) {
      luaL_error(L_, "stack overflow (%s)",
                 "too many return values at once; "
                 "use unpack_one or unpack_limit instead.");
    }
    Need(1);
    uint8_t b = p_[0];
    if (b <= 0x7f) {
      Advance(1);
      lua_pushnumber(L_, b);
    } else if (b >= 0xe0) {
      Advance(1);
      lua_pushnumber(L_, static_cast<int8_t>(b));
    } else if ((b & 0xf0) == 0x80) {
      Advance(1);
      DecodeMap(b & 0x0f);
    } else if ((b & 0xf0) == 0x90) {
      Advance(1);
      DecodeArray(b & 0x0f);
    } else if ((b & 0xe0) == 0xa0) {
      Advance(1);
      DecodeString(b & 0x1f);
    } else {
      DecodePrefixed(b);
    }
  }

 private:
  void Need(size_t n) {
    if (left_ < n) luaL_error(L_, "Missing bytes in input.");
  }
  void Advance(size_t n) {
    p_ += n;
    left_ -= n;
  }
  // The big-endian unsigned integer of `bytes` bytes after the type byte.
  uint64_t Field(int bytes) const {
    uint64_t v = 0;
    for (int i = 1; i <= bytes; ++i) v = (v << 8) | p_[i];
    return v;
  }
  // Consumes a type byte and its `bytes`-byte field; returns the field.
  uint64_t TakeField(int bytes) {
    Need(1 + bytes);
    uint64_t v = Field(bytes);
    Advance(1 + bytes);
    return v;
  }

  void DecodePrefixed(uint8_t b) {
    switch (b) {
      case 0xc0:
        Advance(1);
        lua_pushnil(L_);
        return;
      case 0xc2:
      case 0xc3:
        Advance(1);
        lua_pushboolean(L_, b == 0xc3);
        return;
      case 0xca: {
        auto bits = static_cast<uint32_t>(TakeField(4));
        float f;
        std::memcpy(&f, &bits, sizeof(f));
        lua_pushnumber(L_, f);
        return;
      }
      case 0xcb: {
        uint64_t bits = TakeField(8);
        double d;
        std::memcpy(&d, &bits, sizeof(d));
        lua_pushnumber(L_, d);
        return;
      }
      case 0xcc:
        lua_pushnumber(L_, static_cast<double>(TakeField(1)));
        return;
      case 0xcd:
        lua_pushnumber(L_, static_cast<double>(TakeField(2)));
        return;
      case 0xce:
        lua_pushnumber(L_, static_cast<double>(TakeField(4)));
        return;
      case 0xcf:  // read as signed, as Redis does: 2^64-1 comes back as -1
        lua_pushnumber(L_,
                       static_cast<double>(static_cast<int64_t>(TakeField(8))));
        return;
      case 0xd0:
        lua_pushnumber(L_, static_cast<int8_t>(TakeField(1)));
        return;
      case 0xd1:
        lua_pushnumber(L_, static_cast<int16_t>(TakeField(2)));
        return;
      case 0xd2:
        lua_pushnumber(L_, static_cast<int32_t>(TakeField(4)));
        return;
      case 0xd3:
        lua_pushnumber(L_,
                       static_cast<double>(static_cast<int64_t>(TakeField(8))));
        return;
      case 0xd9:
        DecodeString(TakeField(1));
        return;
      case 0xda:
        DecodeString(TakeField(2));
        return;
      case 0xdb:
        DecodeString(TakeField(4));
        return;
      case 0xdc:
        DecodeArray(TakeField(2));
        return;
      case 0xdd:
        DecodeArray(TakeField(4));
        return;
      case 0xde:
        DecodeMap(TakeField(2));
        return;
      case 0xdf:
        DecodeMap(TakeField(4));
        return;
      default:
        luaL_error(L_, "Bad data format in input.");
    }
  }

  void DecodeString(uint64_t len) {
    Need(len);
    lua_pushlstring(L_, reinterpret_cast<const char*>(p_), len);
    Advance(len);
  }

  // The element count comes from the input, so the table is never
  // preallocated from it: a lying header fails on missing bytes instead.
  void DecodeArray(uint64_t count) {
    lua_newtable(L_);
    if (!lua_checkstack(L_, 1)) {
      luaL_error(L_, "stack overflow (%s)",
                 "in function mp_decode_to_lua_array");
    }
    for (uint64_t i = 1; i <= count; ++i) {
      lua_pushnumber(L_, static_cast<double>(i));
      DecodeValue();
      lua_rawset(L_, -3);
    }
  }

  void DecodeMap(uint64_t count) {
    lua_newtable(L_);
    for (uint64_t i = 0; i < count; ++i) {
      DecodeValue();
      DecodeValue();
      if (lua_isnil(L_, -2)) RaiseKeyError("table index is nil");
      if (lua_type(L_, -2) == LUA_TNUMBER && std::isnan(lua_tonumber(L_, -2))) {
        RaiseKeyError("table index is NaN");
      }
      lua_rawset(L_, -3);
    }
  }

  // Lua's own message for a bad table key, without a position.
  [[noreturn]] void RaiseKeyError(const char* message) {
    lua_pushstring(L_, message);
    lua_error(L_);
    __builtin_unreachable();
  }

  lua_State* L_;
  const uint8_t* p_;
  size_t left_;
};

// Decodes from byte `offset` of the string at index 1: everything when
// limit and offset are both 0 (results only), else at most `limit` values
// (0 = none) preceded by the offset to resume from, -1 once all is read.
int UnpackFull(lua_State* L, int64_t limit, int64_t offset) {
  size_t len;
  const char* data = luaL_checklstring(L, 1, &len);
  // Redis prints these 64-bit values with %d, hence LowInt32; the second
  // number it calls the limit is really the input length.
  if (offset < 0 || limit < 0) {
    luaL_error(L,
               "Invalid request to unpack with offset of %d and limit of %d.",
               LowInt32(offset), LowInt32(static_cast<int64_t>(len)));
  }
  if (static_cast<uint64_t>(offset) > len) {
    luaL_error(L, "Start offset %d greater than input length %d.",
               LowInt32(offset), LowInt32(static_cast<int64_t>(len)));
  }
  bool decode_all = limit == 0 && offset == 0;
  Unpacker unpacker(L, data + offset, len - static_cast<size_t>(offset));
  int count = 0;
  while (unpacker.left() > 0 && (decode_all || count < limit)) {
    unpacker.DecodeValue();
    ++count;
  }
  if (decode_all) return count;
  size_t left = unpacker.left();
  lua_pushinteger(L, left == 0 ? -1 : static_cast<lua_Integer>(len - left));
  lua_insert(L, -(count + 1));
  return count + 1;
}

// luaL_checkinteger / luaL_optinteger as Lua 5.1 converts on x86-64.
int64_t CheckInteger(lua_State* L, int arg) {
  return CastToInt64(luaL_checknumber(L, arg));
}
int64_t OptInteger(lua_State* L, int arg) {
  return lua_isnoneornil(L, arg) ? 0 : CheckInteger(L, arg);
}

}  // namespace

int MsgpackUnpack(lua_State* L) { return UnpackFull(L, 0, 0); }

int MsgpackUnpackOne(lua_State* L) {
  int64_t offset = OptInteger(L, 2);
  if (lua_gettop(L) > 1) lua_settop(L, 1);
  return UnpackFull(L, 1, offset);
}

int MsgpackUnpackLimit(lua_State* L) {
  int64_t limit = CheckInteger(L, 2);
  int64_t offset = OptInteger(L, 3);
  if (lua_gettop(L) > 1) lua_settop(L, 1);
  return UnpackFull(L, limit, offset);
}

}  // namespace luakv::lua::libs
