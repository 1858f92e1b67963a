#include "lua_bindings/lua_reply.h"

#include <lua.hpp>

#include <string>
#include <vector>

namespace luakv::lua {
namespace {

// Redis converts recursively and checks for 4 free slots of the Lua C stack
// (LUAI_MAXCSTACK = 8000) before each value; a value whose conversion would
// pass that point becomes this error. Heights below count the slots Redis
// holds at each step, so the bound falls exactly where Redis's does.
constexpr int kLuaCStackSlots = 8000;
constexpr int kSlotsPerValue = 4;
constexpr std::string_view kStackLimitError = "ERR reached lua stack limit";

std::string_view TrimTrailingCrLf(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string_view ToView(lua_State* L, int idx) {
  size_t len = 0;
  const char* s = lua_tolstring(L, idx, &len);
  return std::string_view(s, len);
}

class ReplyWriter {
 public:
  ReplyWriter(lua_State* L, ReplySink& sink, int resp)
      : L_(L), sink_(sink), resp_(resp) {}

  void Run(int base_height) {
    Emit(base_height);
    while (!frames_.empty()) Step();
  }

 private:
  enum class Kind { kArray, kMap, kSet };
  enum class Phase { kNext, kValue };
  struct Frame {
    Kind kind;
    Phase phase;
    int height;     // height of the table being converted
    int table;      // absolute index: the array, or the map/set table
    int64_t next;   // kArray: next index
    int64_t count;  // kArray: elements
    int pops;       // slots to drop when done
  };

  // Converts the value on top of the stack (at `height`) and pops it, or
  // opens a frame whose elements Step() converts.
  void Emit(int height) {
    if (height + kSlotsPerValue > kLuaCStackSlots ||
        !lua_checkstack(L_, kSlotsPerValue)) {
      sink_.Error(kStackLimitError);
      lua_pop(L_, 1);
      return;
    }
    switch (lua_type(L_, -1)) {
      case LUA_TSTRING:
        sink_.Bulk(ToView(L_, -1));
        break;
      case LUA_TBOOLEAN: {
        const bool b = lua_toboolean(L_, -1) != 0;
        if (resp_ == 2) {
          // Redis 7.0 with a RESP2 script: true is 1, false is null.
          b ? sink_.Integer(1) : sink_.Null();
        } else {
          sink_.Bool(b);
        }
        break;
      }
      case LUA_TNUMBER:
        sink_.Integer(LuaNumberToInteger(lua_tonumber(L_, -1)));
        break;
      case LUA_TTABLE:
        if (EmitTable(height)) return;  // a frame owns the table now
        break;
      default:
        sink_.Null();
        break;
    }
    lua_pop(L_, 1);
  }

  // Pushes t[field] (raw) and returns its type.
  int RawField(const char* field) {
    lua_pushstring(L_, field);
    lua_rawget(L_, -2);
    return lua_type(L_, -1);
  }

  // The table is on top. Returns true when a frame was opened (the table
  // stays on the stack), false when the reply is complete (caller pops).
  bool EmitTable(int height) {
    if (RawField("err") == LUA_TSTRING) {
      sink_.Error(TrimTrailingCrLf(UpToNul(ToView(L_, -1))));
      lua_pop(L_, 1);
      return false;
    }
    lua_pop(L_, 1);
    if (RawField("ok") == LUA_TSTRING) {
      sink_.Simple(UpToNul(ToView(L_, -1)));
      lua_pop(L_, 1);
      return false;
    }
    lua_pop(L_, 1);
    if (RawField("double") == LUA_TNUMBER) {
      sink_.Double(lua_tonumber(L_, -1));
      lua_pop(L_, 1);
      return false;
    }
    lua_pop(L_, 1);
    if (RawField("big_number") == LUA_TSTRING) {
      std::string digits(ToView(L_, -1));
      for (char& c : digits) {
        if (c == '\r' || c == '\n') c = ' ';
      }
      sink_.BigNumber(digits);
      lua_pop(L_, 1);
      return false;
    }
    lua_pop(L_, 1);
    if (RawField("verbatim_string") == LUA_TTABLE) {
      if (RawField("format") == LUA_TSTRING) {
        lua_pushstring(L_, "string");
        lua_rawget(L_, -3);
        if (lua_type(L_, -1) == LUA_TSTRING) {
          // The format is a C string for Redis; it sends 3 characters.
          std::string_view format = UpToNul(ToView(L_, -2));
          char fmt[3] = {' ', ' ', ' '};
          for (size_t i = 0; i < 3 && i < format.size(); ++i) {
            fmt[i] = format[i];
          }
          sink_.Verbatim(std::string_view(fmt, 3), ToView(L_, -1));
          lua_pop(L_, 3);
          return false;
        }
        lua_pop(L_, 1);
      }
      lua_pop(L_, 1);
    }
    lua_pop(L_, 1);
    for (Kind kind : {Kind::kMap, Kind::kSet}) {
      if (RawField(kind == Kind::kMap ? "map" : "set") == LUA_TTABLE) {
        const int table = lua_gettop(L_);
        int64_t n = 0;
        lua_pushnil(L_);
        while (lua_next(L_, table) != 0) {
          lua_pop(L_, 1);
          ++n;
        }
        if (kind == Kind::kMap) {
          sink_.Map(static_cast<size_t>(n));
        } else {
          sink_.Set(static_cast<size_t>(n));
        }
        lua_pushnil(L_);  // iteration key
        frames_.push_back(Frame{kind, Phase::kNext, height, table, 0, 0, 2});
        return true;
      }
      lua_pop(L_, 1);
    }
    const int table = lua_gettop(L_);
    int64_t n = 0;
    for (;;) {
      lua_rawgeti(L_, table, static_cast<int>(n + 1));
      const bool end = lua_isnil(L_, -1);
      lua_pop(L_, 1);
      if (end) break;
      ++n;
    }
    sink_.Array(static_cast<size_t>(n));
    frames_.push_back(Frame{Kind::kArray, Phase::kNext, height, table, 1, n, 1});
    return true;
  }

  // Converts the next element of the innermost open table, or closes it.
  void Step() {
    Frame& f = frames_.back();
    switch (f.kind) {
      case Kind::kArray:
        if (f.next <= f.count) {
          lua_rawgeti(L_, f.table, static_cast<int>(f.next++));
          Emit(f.height + 1);
          return;
        }
        break;
      case Kind::kMap:
        if (f.phase == Phase::kValue) {
          // Stack: table, key, value (the key copy was consumed).
          f.phase = Phase::kNext;
          Emit(f.height + 3);
          return;
        }
        if (lua_next(L_, f.table) != 0) {
          // Stack: table, key, value; convert a copy of the key first, then
          // the value, and keep the key for the next lua_next.
          f.phase = Phase::kValue;
          lua_pushvalue(L_, -2);
          Emit(f.height + 4);
          return;
        }
        break;
      case Kind::kSet:
        if (lua_next(L_, f.table) != 0) {
          lua_pop(L_, 1);  // the member's value is ignored
          lua_pushvalue(L_, -1);
          Emit(f.height + 3);
          return;
        }
        break;
    }
    // The table is finished; the iteration key was consumed by lua_next.
    const int pops = f.pops;
    frames_.pop_back();
    lua_pop(L_, pops);
  }

  lua_State* L_;
  ReplySink& sink_;
  int resp_;
  std::vector<Frame> frames_;
};

}  // namespace

std::string_view UpToNul(std::string_view text) {
  const size_t nul = text.find('\0');
  return nul == std::string_view::npos ? text : text.substr(0, nul);
}

int64_t LuaNumberToInteger(double value) {
  // 2^63 is exact in a double; anything outside [-2^63, 2^63) and NaN fail.
  if (!(value >= -9223372036854775808.0 && value < 9223372036854775808.0)) {
    return INT64_MIN;
  }
  return static_cast<int64_t>(value);
}

void WriteLuaReply(lua_State* L, ReplySink& sink, int script_resp,
                   int base_height) {
  ReplyWriter writer(L, sink, script_resp);
  writer.Run(base_height);
}

}  // namespace luakv::lua
