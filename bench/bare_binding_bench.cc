// The floor under luakv's script path: the check-and-set script on a bare
// LuaJIT binding over absl::flat_hash_map, with none of Redis's semantics
// (no command table, no reply conversion rules, no sandbox, no journal, no
// stats). Per call it does what any embedding must: fresh KEYS and ARGV
// tables, one protected call, two C calls into the map. JIT off with a
// count hook every 1000 instructions, the configuration that can be
// interrupted, as luakv's is.
//
// bench/compare/scripting_vs_redis.sh runs this beside scripting_bench and
// redis-server, so luakv's cost reads as a multiple of this floor.

#include <benchmark/benchmark.h>

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "check_and_set.h"
#include "absl/strings/string_view.h"

extern "C" {
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <luajit.h>
}

namespace {

using Map = absl::flat_hash_map<std::string, std::string>;

Map* MapOf(lua_State* L) {
  return static_cast<Map*>(lua_touserdata(L, lua_upvalueindex(1)));
}

// GET key, or DECRBY key n: just enough to run the script.
int Call(lua_State* L) {
  size_t n = 0;
  const char* cmd = luaL_checklstring(L, 1, &n);
  const std::string_view name(cmd, n);
  size_t klen = 0;
  const char* k = luaL_checklstring(L, 2, &klen);
  Map& map = *MapOf(L);
  auto it = map.find(absl::string_view(k, klen));
  if (name == "GET") {
    if (it == map.end()) {
      lua_pushboolean(L, 0);
    } else {
      lua_pushlstring(L, it->second.data(), it->second.size());
    }
    return 1;
  }
  const int64_t by = static_cast<int64_t>(luaL_checknumber(L, 3));
  int64_t v = 0;
  if (it != map.end()) {
    std::from_chars(it->second.data(), it->second.data() + it->second.size(),
                    v);
  }
  v -= by;
  char buf[24];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  if (it == map.end()) {
    map.emplace(std::string(k, klen), std::string(buf, end));
  } else {
    it->second.assign(buf, end);
  }
  lua_pushinteger(L, static_cast<lua_Integer>(v));
  return 1;
}

void Hook(lua_State*, lua_Debug*) {}

void PushArray(lua_State* L, const char* name, std::string_view item) {
  lua_createtable(L, 1, 0);
  lua_pushlstring(L, item.data(), item.size());
  lua_rawseti(L, -2, 1);
  lua_setglobal(L, name);
}

// One script call, kept out of line so a profiler can count it alone.
[[gnu::noinline]] int64_t CheckAndSet(lua_State* L, int fn,
                                      std::string_view key) {
  PushArray(L, "KEYS", key);
  PushArray(L, "ARGV", "3");
  lua_rawgeti(L, LUA_REGISTRYINDEX, fn);
  if (lua_pcall(L, 0, 1, 0) != 0) return -1;
  const int64_t r = lua_tointeger(L, -1);
  lua_pop(L, 1);
  return r;
}

void BM_BareBindingCheckAndSet(benchmark::State& state) {
  Map map;
  std::vector<std::string> keys;
  for (int64_t i = 0; i < state.range(0); ++i) {
    keys.push_back("balance:" + std::to_string(i));
    map.emplace(keys.back(), "1000000000000");
  }
  lua_State* L = luaL_newstate();
  luaL_openlibs(L);
  luaJIT_setmode(L, 0, LUAJIT_MODE_ENGINE | LUAJIT_MODE_OFF);
  lua_sethook(L, Hook, LUA_MASKCOUNT, 1000);
  lua_newtable(L);
  lua_pushlightuserdata(L, &map);
  lua_pushcclosure(L, Call, 1);
  lua_setfield(L, -2, "call");
  lua_setglobal(L, "redis");
  if (luaL_loadbuffer(L, kCheckAndSet, sizeof kCheckAndSet - 1, "@script")) {
    state.SkipWithError(lua_tostring(L, -1));
    lua_close(L);
    return;
  }
  const int fn = luaL_ref(L, LUA_REGISTRYINDEX);
  uint64_t rng = 1;
  int64_t ok = 0;
  for (auto _ : state) {
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    const int64_t r = CheckAndSet(L, fn, keys[(rng >> 33) % keys.size()]);
    if (r < 0) {
      state.SkipWithError(lua_tostring(L, -1));
      break;
    }
    ok += r;
  }
  benchmark::DoNotOptimize(ok);
  lua_close(L);
}
BENCHMARK(BM_BareBindingCheckAndSet)->Arg(1000)->Arg(100000);

}  // namespace

BENCHMARK_MAIN();
