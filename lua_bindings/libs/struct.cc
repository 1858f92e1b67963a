// The struct library (Roberto Ierusalimschy's struct 0.2 as Redis bundles
// it, with Redis's security fixes), written from its observed behaviour.
//
// Format: '<' little endian (the default), '>' big endian, '!n' maximum
// alignment n (a power of 2; '!' alone means 8), ' ' ignored; then
// b/B h/H l/L T i[n]/I[n] integers (n bytes, at most 32), f/d floats,
// x a pad byte, c[n] n raw bytes (c0: the whole string when packing, the
// previous unpacked number when unpacking), s a zero-terminated string.
// An item is aligned to min(its size, maximum alignment), computed with the
// power-of-2 mask Redis uses even for odd sizes such as i3.
//
// Quirks kept because scripts can see them: numbers are converted to
// integers with the x86-64 cast (so 2^64 packs as 0); integers wider than 8
// bytes carry only the low 64 bits (no sign extension when packing, a
// shift-count-wrapped one when unpacking); pack reports a
// missing argument as "got nil" and a short 'c' string against the next
// argument's index; size() ignores unknown letters.

#include <cctype>
#include <climits>
#include <cstdint>
#include <cstring>
#include <lua.hpp>
#include <utility>

#include "lua_bindings/libs/lib_support.h"
#include "lua_bindings/libs/lua_libs.h"

namespace luakv::lua::libs {
namespace {

constexpr int kMaxIntSize = 32;
constexpr int kNativeMaxAlign = 8;  // alignof(double) on x86-64
constexpr size_t kKeepBytes = 64 * 1024;

struct Format {
  bool little = true;
  size_t max_align = 1;
};

// The decimal count at *fmt (consumed), or `fallback` if there is none.
int ReadCount(lua_State* L, const char** fmt, int fallback) {
  if (!std::isdigit(static_cast<unsigned char>(**fmt))) return fallback;
  int count = 0;
  do {
    int digit = **fmt - '0';
    if (count > (INT_MAX - digit) / 10) luaL_error(L, "integral size overflow");
    count = count * 10 + digit;
    ++*fmt;
  } while (std::isdigit(static_cast<unsigned char>(**fmt)));
  return count;
}

// Bytes an option occupies (0 for control options and 's').
size_t OptionSize(lua_State* L, char opt, const char** fmt) {
  switch (opt) {
    case 'B':
    case 'b':
    case 'x':
      return 1;
    case 'H':
    case 'h':
      return 2;
    case 'f':
      return 4;
    case 'L':
    case 'l':
    case 'T':
    case 'd':
      return 8;
    case 'c':
      return static_cast<size_t>(ReadCount(L, fmt, 1));
    case 'i':
    case 'I': {
      int size = ReadCount(L, fmt, 4);
      if (size > kMaxIntSize) {
        luaL_error(L, "integral size %d is larger than limit of %d", size,
                   kMaxIntSize);
      }
      return static_cast<size_t>(size);
    }
    default:
      return 0;
  }
}

size_t AlignPad(size_t pos, const Format& format, char opt, size_t size) {
  if (size == 0 || opt == 'c') return 0;
  size_t align = size > format.max_align ? format.max_align : size;
  return (align - (pos & (align - 1))) & (align - 1);
}

void ControlOption(lua_State* L, char opt, const char** fmt, Format* format) {
  switch (opt) {
    case ' ':
      return;
    case '>':
      format->little = false;
      return;
    case '<':
      format->little = true;
      return;
    case '!': {
      int align = ReadCount(L, fmt, kNativeMaxAlign);
      if (align <= 0 || (align & (align - 1)) != 0) {
        luaL_error(L, "alignment %d is not a power of 2", align);
      }
      format->max_align = static_cast<size_t>(align);
      return;
    }
    default:
      luaL_argerror(L, 1,
                    lua_pushfstring(L, "invalid format option '%c'", opt));
  }
}

bool IsIntegerOption(char opt) {
  return std::strchr("bBhHlLTiI", opt) != nullptr;
}

// Writes `size` bytes of `v` (zeros past the 8th) in the format's order.
void PutInteger(lua_State* L, ByteBuffer* out, uint64_t v, size_t size,
                bool little) {
  char* p = out->Extend(L, size);
  for (size_t i = 0; i < size; ++i) {
    char byte = i < 8 ? static_cast<char>(v >> (8 * i)) : 0;
    p[little ? i : size - 1 - i] = byte;
  }
}

void PutFloat(lua_State* L, ByteBuffer* out, const void* bits, size_t size,
              bool little) {
  char* p = out->Extend(L, size);
  std::memcpy(p, bits, size);
  if (!little) {
    for (size_t i = 0; i < size / 2; ++i) std::swap(p[i], p[size - 1 - i]);
  }
}

int StructPack(lua_State* L) {
  const char* fmt = luaL_checkstring(L, 1);
  // Redis pushes a nil right after the arguments, so the first missing
  // argument reads as nil ("got nil"), not "no value".
  lua_pushnil(L);
  auto* out = static_cast<ByteBuffer*>(lua_touserdata(L, lua_upvalueindex(1)));
  out->Clear();
  Format format;
  int arg = 1;
  while (*fmt != '\0') {
    char opt = *fmt++;
    size_t size = OptionSize(L, opt, &fmt);
    size_t pad = AlignPad(out->size(), format, opt, size);
    if (pad > 0) std::memset(out->Extend(L, pad), 0, pad);
    if (IsIntegerOption(opt)) {
      uint64_t v = CastToUint64(luaL_checknumber(L, ++arg));
      PutInteger(L, out, v, size, format.little);
      continue;
    }
    switch (opt) {
      case 'x':
        out->Append(L, '\0');
        break;
      case 'f': {
        auto f = static_cast<float>(luaL_checknumber(L, ++arg));
        PutFloat(L, out, &f, sizeof(f), format.little);
        break;
      }
      case 'd': {
        double d = luaL_checknumber(L, ++arg);
        PutFloat(L, out, &d, sizeof(d), format.little);
        break;
      }
      case 'c':
      case 's': {
        size_t len;
        const char* s = luaL_checklstring(L, ++arg, &len);
        if (opt == 's' || size == 0) size = len;
        luaL_argcheck(L, len >= size, arg + 1, "string too short");
        out->Append(L, s, size);
        if (opt == 's') out->Append(L, '\0');
        break;
      }
      default:
        ControlOption(L, opt, &fmt, &format);
    }
  }
  lua_pushlstring(L, out->data(), out->size());
  if (out->capacity() > kKeepBytes) out->Release(L);
  return 1;
}

uint64_t GetInteger(const char* p, size_t size, bool little) {
  uint64_t v = 0;
  for (size_t i = 0; i < size; ++i) {
    auto byte = static_cast<unsigned char>(p[little ? size - 1 - i : i]);
    v = (v << 8) | byte;  // bytes beyond the low 8 shift out
  }
  return v;
}

void PushInteger(lua_State* L, uint64_t v, size_t size, bool is_signed) {
  if (!is_signed) {
    lua_pushnumber(L, static_cast<double>(v));
    return;
  }
  // Sign extension from bit size*8-1. Redis shifts a 64-bit mask by that
  // count without reducing it, and x86 takes the count modulo 64: for sizes
  // above 8 (and 0) the "sign bit" is therefore bit (size*8-1) % 64, which
  // for i9 turns 0x9613a771ca08c9fc into -4. Kept for parity.
  uint64_t mask = ~uint64_t{0} << ((size * 8 - 1) & 63);
  if ((v & mask) != 0) v |= mask;
  lua_pushnumber(L, static_cast<double>(static_cast<int64_t>(v)));
}

template <typename T>
T GetFloat(const char* p, bool little) {
  char bytes[sizeof(T)];
  for (size_t i = 0; i < sizeof(T); ++i) {
    bytes[i] = p[little ? i : sizeof(T) - 1 - i];
  }
  T value;
  std::memcpy(&value, bytes, sizeof(T));
  return value;
}

int StructUnpack(lua_State* L) {
  const char* fmt = luaL_checkstring(L, 1);
  size_t ld;
  const char* data = luaL_checklstring(L, 2, &ld);
  // luaL_optinteger stored into a size_t: a negative offset becomes huge
  // and fails the length check below rather than the "1 or greater" one.
  size_t pos = lua_isnoneornil(L, 3)
                   ? 1
                   : static_cast<size_t>(CastToInt64(luaL_checknumber(L, 3)));
  luaL_argcheck(L, pos > 0, 3, "offset must be 1 or greater");
  --pos;
  Format format;
  int results = 0;
  while (*fmt != '\0') {
    char opt = *fmt++;
    size_t size = OptionSize(L, opt, &fmt);
    // Every option, control ones included, checks the position. `pos` can
    // only exceed `ld` before the first check, when no '!' has run, so the
    // pad is 0 there and the sum cannot wrap.
    size_t pad = AlignPad(pos, format, opt, size);
    luaL_argcheck(L, pos <= ld && pad <= ld - pos && size <= ld - pos - pad, 2,
                  "data string too short");
    pos += pad;
    luaL_checkstack(L, 2, "too many results");
    if (IsIntegerOption(opt)) {
      uint64_t v = GetInteger(data + pos, size, format.little);
      PushInteger(L, v, size, std::islower(static_cast<unsigned char>(opt)));
      ++results;
      pos += size;
      continue;
    }
    switch (opt) {
      case 'x':
        break;
      case 'f':
        lua_pushnumber(L, GetFloat<float>(data + pos, format.little));
        ++results;
        break;
      case 'd':
        lua_pushnumber(L, GetFloat<double>(data + pos, format.little));
        ++results;
        break;
      case 'c':
        if (size == 0) {
          if (results == 0 || !lua_isnumber(L, -1)) {
            luaL_error(L, "format 'c0' needs a previous size");
          }
          size = CastToUint64(lua_tonumber(L, -1));
          lua_pop(L, 1);
          --results;
          luaL_argcheck(L, size <= ld && pos <= ld - size, 2,
                        "data string too short");
        }
        lua_pushlstring(L, data + pos, size);
        ++results;
        break;
      case 's': {
        const void* nul = std::memchr(data + pos, '\0', ld - pos);
        if (nul == nullptr) luaL_error(L, "unfinished string in data");
        size_t len =
            static_cast<size_t>(static_cast<const char*>(nul) - (data + pos));
        lua_pushlstring(L, data + pos, len);
        ++results;
        size = len + 1;
        break;
      }
      default:
        ControlOption(L, opt, &fmt, &format);
    }
    pos += size;
  }
  lua_pushinteger(L, static_cast<lua_Integer>(pos + 1));
  return results + 1;
}

int StructSize(lua_State* L) {
  const char* fmt = luaL_checkstring(L, 1);
  Format format;
  size_t pos = 0;
  while (*fmt != '\0') {
    char opt = *fmt++;
    size_t size = OptionSize(L, opt, &fmt);
    pos += AlignPad(pos, format, opt, size);
    if (opt == 's') {
      luaL_argerror(L, 1, "option 's' has no fixed size");
    } else if (opt == 'c' && size == 0) {
      luaL_argerror(L, 1, "option 'c0' has no fixed size");
    }
    // Letters without a size (typos included) count as 0 bytes here.
    if (!std::isalnum(static_cast<unsigned char>(opt))) {
      ControlOption(L, opt, &fmt, &format);
    }
    pos += size;
  }
  lua_pushnumber(L, static_cast<double>(pos));
  return 1;
}

}  // namespace
}  // namespace luakv::lua::libs

namespace luakv::lua {

void OpenStruct(lua_State* L) {
  lua_newtable(L);
  libs::ByteBuffer::Push(L);
  lua_pushcclosure(L, libs::StructPack, 1);
  lua_setfield(L, -2, "pack");
  lua_pushcfunction(L, libs::StructUnpack);
  lua_setfield(L, -2, "unpack");
  lua_pushcfunction(L, libs::StructSize);
  lua_setfield(L, -2, "size");
  lua_setglobal(L, "struct");
}

}  // namespace luakv::lua
