#include "lua_bindings/global_writes.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace luakv::lua {
namespace {

int AppendDump(lua_State*, const void* p, size_t size, void* ud) {
  static_cast<std::string*>(ud)->append(static_cast<const char*>(p), size);
  return 0;
}

// The dump of the function at `idx`, or nothing.
std::optional<std::string> Dump(lua_State* L, int idx) {
  std::string out;
  lua_pushvalue(L, idx);
  const int status = lua_dump(L, AppendDump, &out);
  lua_pop(L, 1);
  if (status != 0) return std::nullopt;
  return out;
}

// A reader of LuaJIT's bytecode dump: header, then length-prefixed
// prototypes, each starting with its sizes and its instructions (32-bit
// words whose low byte is the opcode).
class DumpReader {
 public:
  explicit DumpReader(std::string_view data) : data_(data) {}

  // Calls `op(opcode)` for every instruction of every prototype. False when
  // the dump is not in the expected shape.
  template <typename Fn>
  bool ForEachOpcode(Fn op) {
    if (data_.size() < 5 || data_.substr(0, 3) != "\x1bLJ") return false;
    pos_ = 4;  // signature and version
    uint64_t flags;
    if (!Uleb(&flags)) return false;
    if ((flags & 1) != 0) return false;  // big-endian dumps are not ours
    const bool stripped = (flags & 2) != 0;
    if (!stripped) {
      uint64_t name_len;
      if (!Uleb(&name_len) || !Skip(name_len)) return false;
    }
    while (true) {
      uint64_t len;
      if (!Uleb(&len)) return false;
      if (len == 0) return true;
      if (len > data_.size() - pos_) return false;
      const size_t end = pos_ + len;
      uint64_t sizekgc, sizekn, sizebc;
      if (!Skip(4) || !Uleb(&sizekgc) || !Uleb(&sizekn) || !Uleb(&sizebc)) {
        return false;
      }
      if (!stripped) {
        uint64_t sizedbg, line;
        if (!Uleb(&sizedbg)) return false;
        if (sizedbg != 0 && (!Uleb(&line) || !Uleb(&line))) return false;
      }
      if (sizebc > (end - pos_) / 4) return false;
      for (uint64_t i = 0; i < sizebc; ++i) {
        op(static_cast<uint8_t>(data_[pos_ + i * 4]));
      }
      pos_ = end;
    }
  }

 private:
  bool Uleb(uint64_t* out) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= data_.size()) return false;
      const uint8_t b = static_cast<uint8_t>(data_[pos_++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        *out = v;
        return true;
      }
    }
    return false;
  }
  bool Skip(uint64_t n) {
    if (n > data_.size() - pos_) return false;
    pos_ += static_cast<size_t>(n);
    return true;
  }

  std::string_view data_;
  size_t pos_ = 0;
};

// The opcode of a global assignment in this LuaJIT, learnt rather than
// hard-coded: the one instruction that `g = 1` has and `local g = 1` has
// not. -1 when that cannot be told (then every chunk counts as writing).
int GlobalStoreOpcode(lua_State* L) {
  static const int opcode = [L] {
    int found = -1;
    bool seen_with[256] = {};
    bool seen_without[256] = {};
    const struct {
      const char* code;
      bool* seen;
    } chunks[] = {{"g = 1", seen_with}, {"local g = 1", seen_without}};
    for (const auto& c : chunks) {
      if (luaL_loadbuffer(L, c.code, std::string_view(c.code).size(),
                          "=probe") != 0) {
        lua_pop(L, 1);
        return -1;
      }
      std::optional<std::string> dump = Dump(L, -1);
      lua_pop(L, 1);
      if (!dump.has_value()) return -1;
      bool* seen = c.seen;
      if (!DumpReader(*dump).ForEachOpcode(
              [seen](uint8_t op) { seen[op] = true; })) {
        return -1;
      }
    }
    for (int op = 0; op < 256; ++op) {
      if (seen_with[op] && !seen_without[op]) {
        if (found != -1) return -1;  // ambiguous
        found = op;
      }
    }
    return found;
  }();
  return opcode;
}

}  // namespace

bool MayWriteGlobals(lua_State* L, int idx) {
  idx = idx < 0 ? lua_gettop(L) + idx + 1 : idx;
  const int store = GlobalStoreOpcode(L);
  if (store < 0) return true;
  std::optional<std::string> dump = Dump(L, idx);
  if (!dump.has_value()) return true;
  bool writes = false;
  if (!DumpReader(*dump).ForEachOpcode(
          [&](uint8_t op) { writes = writes || op == store; })) {
    return true;
  }
  return writes;
}

}  // namespace luakv::lua
