#include "lua_bindings/bytecode_scan.h"

#include <array>
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

// The opcodes one chunk has and the other has not, learnt from this
// LuaJIT rather than hard-coded. Empty when either cannot be compiled or
// read.
std::array<bool, 256> OpcodesOnlyIn(lua_State* L, const char* with,
                                    const char* without) {
  std::array<bool, 256> seen[2] = {};
  const char* chunks[2] = {with, without};
  for (int c = 0; c < 2; ++c) {
    if (luaL_loadbuffer(L, chunks[c], std::string_view(chunks[c]).size(),
                        "=probe") != 0) {
      lua_pop(L, 1);
      return {};
    }
    std::optional<std::string> dump = Dump(L, -1);
    lua_pop(L, 1);
    std::array<bool, 256>& s = seen[c];
    if (!dump.has_value() ||
        !DumpReader(*dump).ForEachOpcode([&s](uint8_t op) { s[op] = true; })) {
      return {};
    }
  }
  std::array<bool, 256> only{};
  for (int op = 0; op < 256; ++op) only[op] = seen[0][op] && !seen[1][op];
  return only;
}

size_t Count(const std::array<bool, 256>& ops) {
  size_t n = 0;
  for (bool b : ops) n += b ? 1 : 0;
  return n;
}

// The opcode of a global assignment: the one instruction `g = 1` has and
// `local g = 1` has not. -1 when that cannot be told (then every chunk
// counts as writing).
int GlobalStoreOpcode(lua_State* L) {
  static const int opcode = [L] {
    const std::array<bool, 256> ops = OpcodesOnlyIn(L, "g = 1", "local g = 1");
    if (Count(ops) != 1) return -1;
    for (int op = 0; op < 256; ++op) {
      if (ops[op]) return op;
    }
    return -1;
  }();
  return opcode;
}

// The table stores: by variable key, by string key, by small integer key,
// and the multiple-value store of a constructor ending in a call. The two
// probes differ in nothing else (reads instead of stores, an empty
// constructor and a bare call instead of `{f()}`). Empty when they do not
// come out as exactly four opcodes (then every chunk counts as storing).
const std::array<bool, 256>& TableStoreOpcodes(lua_State* L) {
  static const std::array<bool, 256> ops = [L] {
    std::array<bool, 256> found = OpcodesOnlyIn(
        L,
        "local t, k, v, f = {}, 'a', 1, nil\n"
        "t[k] = v; t.x = v; t[1] = v; t = {f()}",
        "local t, k, v, f = {}, 'a', 1, nil\n"
        "v = t[k]; v = t.x; v = t[1]; t = {}; f()");
    if (Count(found) != 4) found.fill(true);
    return found;
  }();
  return ops;
}

// Names through which a chunk could reach code that stores into a table it
// passes: the table library, raw access, metatables, the error handler
// (it adds `source` and `line` to a table error), code compiled at run time
// (which this scan never sees) and the globals table itself.
constexpr std::string_view kStoringNames[] = {
    "rawset", "table", "setmetatable", "err__handler", "load", "_G",
    "getfenv", "setfenv", "debug", "require", "module", "dofile"};

}  // namespace

ChunkEffects ScanChunk(lua_State* L, int idx, std::string_view source) {
  ChunkEffects effects;  // both true: the safe side
  idx = idx < 0 ? lua_gettop(L) + idx + 1 : idx;
  const int global_store = GlobalStoreOpcode(L);
  if (global_store < 0) return effects;
  const std::array<bool, 256>& table_stores = TableStoreOpcodes(L);
  std::optional<std::string> dump = Dump(L, idx);
  if (!dump.has_value()) return effects;
  bool writes_globals = false;
  bool stores_tables = false;
  if (!DumpReader(*dump).ForEachOpcode([&](uint8_t op) {
        writes_globals = writes_globals || op == global_store;
        stores_tables = stores_tables || table_stores[op];
      })) {
    return effects;
  }
  bool names_storing = false;
  for (std::string_view name : kStoringNames) {
    names_storing = names_storing || source.find(name) != std::string_view::npos;
  }
  effects.may_write_globals = writes_globals;
  effects.may_change_tables = writes_globals || stores_tables || names_storing;
  return effects;
}

}  // namespace luakv::lua
