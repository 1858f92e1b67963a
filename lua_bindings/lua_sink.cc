#include "lua_bindings/lua_sink.h"

#include <lua.hpp>

#include <string>

#include "keyspace/util/numbers.h"

namespace luakv::lua {
namespace {

constexpr std::string_view kCrLf = "\r\n";

std::string_view TrimCrLf(std::string_view s) {
  const size_t first = s.find_first_not_of(kCrLf);
  if (first == std::string_view::npos) return {};
  const size_t last = s.find_last_not_of(kCrLf);
  return s.substr(first, last - first + 1);
}

// Pushes the 3-character verbatim format Redis sends (shorter ones are
// padded with spaces, longer ones cut).
void PushFormat(lua_State* L, std::string_view format) {
  char fmt[3] = {' ', ' ', ' '};
  for (size_t i = 0; i < 3 && i < format.size(); ++i) fmt[i] = format[i];
  lua_pushlstring(L, fmt, 3);
}

}  // namespace

void PushErrorTable(lua_State* L, std::string_view text) {
  // Redis builds these texts with printf-style "%s": they end at a NUL.
  const size_t nul = text.find('\0');
  if (nul != std::string_view::npos) text = text.substr(0, nul);
  std::string_view code = "ERR";
  std::string_view message = text;
  const size_t space = text.find(' ');
  if (space != std::string_view::npos) {
    code = text.substr(0, space);
    message = text.substr(space + 1);
  }
  message = TrimCrLf(message);
  std::string full;
  full.reserve(code.size() + 1 + message.size());
  full.append(code);
  full.push_back(' ');
  full.append(message);
  lua_createtable(L, 0, 2);
  lua_pushlstring(L, full.data(), full.size());
  lua_setfield(L, -2, "err");
}

void LuaSink::Room(int slots) {
  // A C function called from Lua may push LUA_MINSTACK values unchecked:
  // a reply that is one value (most are) needs no check. Nested replies
  // nest a few levels at most; LuaJIT's C stack limit (8000 slots) is far
  // away, but a failed check must not corrupt memory.
  if (frames_.empty() && slots <= LUA_MINSTACK / 2) return;
  lua_checkstack(L_, slots);
}

void LuaSink::Complete() {
  while (!frames_.empty()) {
    Frame& f = frames_.back();
    switch (f.kind) {
      case Kind::kArray:
        lua_rawseti(L_, -2, f.next_index++);  // element
        break;
      case Kind::kMap:
        if (!f.have_key) {
          f.have_key = true;  // the key stays on the stack for its value
          return;
        }
        f.have_key = false;
        if (lua_isnil(L_, -2)) {
          lua_pop(L_, 2);  // a nil key cannot be stored; Redis never sends one
        } else {
          lua_rawset(L_, -3);  // key, value
        }
        break;
      case Kind::kSet:
        if (lua_isnil(L_, -1)) {
          lua_pop(L_, 1);  // member
        } else {
          lua_pushboolean(L_, 1);
          lua_rawset(L_, -3);  // member, true
        }
        break;
    }
    if (--f.remaining > 0) return;
    const Kind closed = f.kind;
    frames_.pop_back();
    if (closed != Kind::kArray) {
      // Stack: {map=...} or {set=...} holder, then the inner table.
      lua_setfield(L_, -2, closed == Kind::kMap ? "map" : "set");
    }
  }
  done_ = true;
}

void LuaSink::Open(Kind kind, size_t count) {
  Room(4);
  if (kind == Kind::kArray) {
    lua_createtable(L_, static_cast<int>(count > 1u << 24 ? 0 : count), 0);
  } else {
    lua_createtable(L_, 0, 1);
    lua_createtable(L_, 0, static_cast<int>(count > 1u << 24 ? 0 : count));
  }
  if (count == 0) {
    if (kind != Kind::kArray) {
      lua_setfield(L_, -2, kind == Kind::kMap ? "map" : "set");
    }
    Complete();
    return;
  }
  frames_.push_back(Frame{kind, false, count, 1});
}

void LuaSink::Simple(std::string_view text) {
  Room(3);
  lua_createtable(L_, 0, 1);
  lua_pushlstring(L_, text.data(), text.size());
  lua_setfield(L_, -2, "ok");
  Complete();
}

void LuaSink::Error(std::string_view text) {
  Room(3);
  if (frames_.empty()) is_error_ = true;
  PushErrorTable(L_, text);
  // The error was counted where it happened (Redis marks it so).
  lua_pushboolean(L_, 1);
  lua_setfield(L_, -2, "ignore_error_stats_update");
  Complete();
}

void LuaSink::Integer(int64_t value) {
  Room(1);
  lua_pushnumber(L_, static_cast<lua_Number>(value));
  Complete();
}

void LuaSink::Bulk(std::string_view bytes) {
  Room(1);
  lua_pushlstring(L_, bytes.data(), bytes.size());
  Complete();
}

void LuaSink::Null() {
  Room(1);
  // RESP2 null bulk is false; RESP3 null is nil (a hole in an array).
  if (resp_ == 2) {
    lua_pushboolean(L_, 0);
  } else {
    lua_pushnil(L_);
  }
  Complete();
}

void LuaSink::NullArray() { Null(); }

void LuaSink::Array(size_t count) { Open(Kind::kArray, count); }

void LuaSink::Map(size_t pairs) {
  if (resp_ == 2) return Open(Kind::kArray, pairs * 2);
  Open(Kind::kMap, pairs);
}

void LuaSink::Set(size_t count) {
  if (resp_ == 2) return Open(Kind::kArray, count);
  Open(Kind::kSet, count);
}

void LuaSink::Double(double value) {
  Room(3);
  if (resp_ == 2) {
    const std::string text = FormatDouble17g(value);
    lua_pushlstring(L_, text.data(), text.size());
  } else {
    lua_createtable(L_, 0, 1);
    lua_pushnumber(L_, value);
    lua_setfield(L_, -2, "double");
  }
  Complete();
}

void LuaSink::Bool(bool value) {
  Room(1);
  if (resp_ == 2) {
    lua_pushnumber(L_, value ? 1 : 0);
  } else {
    lua_pushboolean(L_, value ? 1 : 0);
  }
  Complete();
}

void LuaSink::BigNumber(std::string_view digits) {
  Room(3);
  if (resp_ == 2) {
    lua_pushlstring(L_, digits.data(), digits.size());
  } else {
    lua_createtable(L_, 0, 1);
    lua_pushlstring(L_, digits.data(), digits.size());
    lua_setfield(L_, -2, "big_number");
  }
  Complete();
}

void LuaSink::Verbatim(std::string_view format, std::string_view text) {
  Room(5);
  if (resp_ == 2) {
    lua_pushlstring(L_, text.data(), text.size());
  } else {
    lua_createtable(L_, 0, 1);
    lua_createtable(L_, 0, 2);
    lua_pushlstring(L_, text.data(), text.size());
    lua_setfield(L_, -2, "string");
    PushFormat(L_, format);
    lua_setfield(L_, -2, "format");
    lua_setfield(L_, -2, "verbatim_string");
  }
  Complete();
}

}  // namespace luakv::lua
