// cjson.encode: Lua value -> JSON text, as Redis's cjson writes it.
//
// Observable rules kept here: numbers print as printf("%.<precision>g")
// (14 digits by default); strings escape '"', '\\', '/', control characters
// (\b \t \n \f \r by name, the rest as \u00xx) and DEL; a table is an array
// when every key is an integer in [1, INT_MAX] and the sparse-array rule
// allows it, otherwise an object whose keys must be strings or numbers; an
// empty table is "{}". Nesting is limited by encode_max_depth and by Lua
// 5.1's C stack limit (8000 slots), which LuaJIT's lua_checkstack applies
// the same way; each table level here holds the same stack slots as Redis's
// encoder, so the depth at which "excessive nesting" fires matches too.

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <lua.hpp>

#include "lua_bindings/libs/cjson_internal.h"

namespace luakv::lua::libs {
namespace {

constexpr double kIntMax = 2147483647.0;

// For each byte: 0 to copy it, else the character after the backslash of
// its escape ('u' meaning \u00xx).
constexpr std::array<char, 256> kEscape = [] {
  std::array<char, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = 'u';
  t['\b'] = 'b';
  t['\t'] = 't';
  t['\n'] = 'n';
  t['\f'] = 'f';
  t['\r'] = 'r';
  t['"'] = '"';
  t['\\'] = '\\';
  t['/'] = '/';
  t[0x7f] = 'u';
  return t;
}();

struct Encoder {
  lua_State* L;
  const CjsonConfig* config;
  ByteBuffer* out;

  void Append(const char* s, size_t n) { out->Append(L, s, n); }
  void Append(char c) { out->Append(L, c); }
  template <size_t N>
  void AppendLiteral(const char (&s)[N]) {
    out->Append(L, s, N - 1);
  }
};

void AppendString(Encoder& e, const char* s, size_t len) {
  static constexpr char kHex[] = "0123456789abcdef";
  e.Append('"');
  size_t run_start = 0;
  for (size_t i = 0; i < len; ++i) {
    auto byte = static_cast<unsigned char>(s[i]);
    char escape = kEscape[byte];
    if (escape == 0) continue;
    e.Append(s + run_start, i - run_start);
    if (escape == 'u') {
      char u[6] = {'\\', 'u', '0', '0', kHex[byte >> 4], kHex[byte & 0xf]};
      e.Append(u, sizeof(u));
    } else {
      char pair[2] = {'\\', escape};
      e.Append(pair, sizeof(pair));
    }
    run_start = i + 1;
  }
  e.Append(s + run_start, len - run_start);
  e.Append('"');
}

void AppendNumber(Encoder& e, double d) {
  if (!std::isfinite(d)) {
    switch (e.config->encode_invalid_numbers) {
      case InvalidNumbers::kReject:
        luaL_error(e.L, "Cannot serialise number: must not be NaN or Inf");
        return;
      case InvalidNumbers::kAsNull:
        e.AppendLiteral("null");
        return;
      case InvalidNumbers::kAllow:
        if (std::isnan(d)) {
          e.AppendLiteral("nan");
        } else if (d > 0) {
          e.AppendLiteral("inf");
        } else {
          e.AppendLiteral("-inf");
        }
        return;
    }
  }
  // std::to_chars in general format with a precision prints exactly what
  // printf("%.*g") prints in the C locale.
  char buf[40];
  auto result =
      std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::general,
                    e.config->encode_number_precision);
  e.Append(buf, static_cast<size_t>(result.ptr - buf));
}

void EncodeValue(Encoder& e, int depth);

// For the table on top of the stack: its length if it is written as an
// array, 0 if it is written as an object.
int64_t ArrayLength(Encoder& e) {
  lua_State* L = e.L;
  double max = 0;
  int64_t items = 0;
  lua_pushnil(L);
  while (lua_next(L, -2) != 0) {
    if (lua_type(L, -2) == LUA_TNUMBER) {
      double k = lua_tonumber(L, -2);
      if (k >= 1 && k <= kIntMax && std::floor(k) == k) {
        if (k > max) max = k;
        ++items;
        lua_pop(L, 1);
        continue;
      }
    }
    lua_pop(L, 2);
    return 0;
  }
  auto length = static_cast<int64_t>(max);
  const CjsonConfig& config = *e.config;
  if (config.encode_sparse_ratio > 0 &&
      length > items * config.encode_sparse_ratio &&
      length > config.encode_sparse_safe) {
    if (config.encode_sparse_convert) return 0;
    luaL_error(L, "Cannot serialise table: excessively sparse array");
  }
  return length;
}

void EncodeArray(Encoder& e, int depth, int64_t length) {
  e.Append('[');
  for (int64_t i = 1; i <= length; ++i) {
    if (i > 1) e.Append(',');
    lua_rawgeti(e.L, -1, static_cast<int>(i));
    EncodeValue(e, depth);
    lua_pop(e.L, 1);
  }
  e.Append(']');
}

void EncodeObject(Encoder& e, int depth) {
  lua_State* L = e.L;
  e.Append('{');
  bool first = true;
  lua_pushnil(L);
  while (lua_next(L, -2) != 0) {
    if (!first) e.Append(',');
    first = false;
    switch (lua_type(L, -2)) {
      case LUA_TNUMBER:
        e.Append('"');
        AppendNumber(e, lua_tonumber(L, -2));
        e.Append('"');
        break;
      case LUA_TSTRING: {
        size_t len;
        const char* key = lua_tolstring(L, -2, &len);
        AppendString(e, key, len);
        break;
      }
      default:
        luaL_error(L,
                   "Cannot serialise %s: table key must be a number or string",
                   luaL_typename(L, -2));
    }
    e.Append(':');
    EncodeValue(e, depth);
    lua_pop(L, 1);
  }
  e.Append('}');
}

// `depth` is the nesting level of the table on top of the stack.
void EncodeTable(Encoder& e, int depth) {
  // Three slots: the key/value pair lua_next pushes, plus one spare, as the
  // Redis encoder reserves.
  if (depth > e.config->encode_max_depth || !lua_checkstack(e.L, 3)) {
    luaL_error(e.L, "Cannot serialise, excessive nesting (%d)", depth);
  }
  int64_t length = ArrayLength(e);
  if (length > 0) {
    EncodeArray(e, depth, length);
  } else {
    EncodeObject(e, depth);
  }
}

// Encodes the value on top of the stack, leaving it there. `depth` is the
// nesting level of the enclosing table (0 at top level).
void EncodeValue(Encoder& e, int depth) {
  lua_State* L = e.L;
  switch (lua_type(L, -1)) {
    case LUA_TSTRING: {
      size_t len;
      const char* s = lua_tolstring(L, -1, &len);
      AppendString(e, s, len);
      return;
    }
    case LUA_TNUMBER:
      AppendNumber(e, lua_tonumber(L, -1));
      return;
    case LUA_TBOOLEAN:
      if (lua_toboolean(L, -1)) {
        e.AppendLiteral("true");
      } else {
        e.AppendLiteral("false");
      }
      return;
    case LUA_TTABLE:
      EncodeTable(e, depth + 1);
      return;
    case LUA_TNIL:
      e.AppendLiteral("null");
      return;
    case LUA_TLIGHTUSERDATA:
      if (lua_touserdata(L, -1) == nullptr) {  // cjson.null
        e.AppendLiteral("null");
        return;
      }
      break;
    default:
      break;
  }
  luaL_error(L, "Cannot serialise %s: type not supported",
             luaL_typename(L, -1));
}

}  // namespace

int CjsonEncode(lua_State* L) {
  luaL_argcheck(L, lua_gettop(L) == 1, 1, "expected 1 argument");
  CjsonConfig* config = CurrentCjsonConfig(L);
  ByteBuffer* out = &config->encode_buffer;
  out->Clear();
  Encoder encoder{L, config, out};
  EncodeValue(encoder, 0);
  lua_pushlstring(L, out->data(), out->size());
  if (!config->encode_keep_buffer) out->Release(L);
  return 1;
}

}  // namespace luakv::lua::libs
