#include "lua_bindings/allowlist.h"

#include <algorithm>
#include <string>
#include <vector>

#include "lua_bindings/runtime.h"

namespace luakv::lua {
namespace {

// Spec §3.1: Redis 7.0.15 as patched (no getfenv, setfenv, newproxy).
constexpr std::string_view kGlobals[] = {
    // Base functions.
    "assert", "collectgarbage", "error", "gcinfo", "getmetatable", "ipairs",
    "load", "loadstring", "next", "pairs", "pcall", "rawequal", "rawget",
    "rawset", "select", "setmetatable", "tonumber", "tostring", "type",
    "unpack", "xpcall", "_G", "_VERSION",
    // Libraries.
    "string", "table", "math", "coroutine", "bit", "cjson", "cmsgpack",
    "struct",
    // Redis.
    "redis", "__redis__err__handler", "KEYS", "ARGV"};

constexpr std::string_view kString[] = {
    "byte", "char", "dump", "find", "format", "gfind", "gmatch", "gsub",
    "len", "lower", "match", "rep", "reverse", "sub", "upper"};
constexpr std::string_view kTable[] = {"concat", "foreach", "foreachi",
                                       "getn",   "insert",  "maxn",
                                       "remove", "setn",    "sort"};
constexpr std::string_view kMath[] = {
    "abs",   "acos", "asin",  "atan", "atan2", "ceil", "cos",    "cosh",
    "deg",   "exp",  "floor", "fmod", "frexp", "huge", "ldexp",  "log",
    "log10", "max",  "min",   "mod",  "modf",  "pi",   "pow",    "rad",
    "random", "randomseed", "sin", "sinh", "sqrt", "tan", "tanh"};
constexpr std::string_view kCoroutine[] = {"create", "resume", "running",
                                           "status", "wrap",   "yield"};
constexpr std::string_view kBit[] = {"arshift", "band",   "bnot", "bor",
                                     "bswap",   "bxor",   "lshift", "rol",
                                     "ror",     "rshift", "tobit",  "tohex"};
constexpr std::string_view kCjson[] = {
    "_NAME", "_VERSION", "decode", "decode_invalid_numbers",
    "decode_max_depth", "encode", "encode_invalid_numbers",
    "encode_keep_buffer", "encode_max_depth", "encode_number_precision",
    "encode_sparse_array", "new", "null"};
constexpr std::string_view kCmsgpack[] = {
    "_COPYRIGHT", "_DESCRIPTION", "_NAME", "_VERSION",
    "pack", "unpack", "unpack_limit", "unpack_one"};
constexpr std::string_view kStruct[] = {"pack", "size", "unpack"};

constexpr LibraryAllowlist kLibraries[] = {
    {"string", kString},     {"table", kTable},
    {"math", kMath},         {"coroutine", kCoroutine},
    {"bit", kBit},           {"cjson", kCjson},
    {"cmsgpack", kCmsgpack}, {"struct", kStruct},
};

constexpr std::string_view kDenied[] = {
    "print", "dofile", "loadfile", "require", "module", "package", "io",
    "os", "debug", "jit", "ffi", "getfenv", "setfenv", "newproxy"};

bool Contains(std::span<const std::string_view> list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

// Deletes every string key of the table on top of the stack that `keep`
// rejects (and every non-string key).
template <typename Keep>
void Filter(lua_State* L, Keep keep) {
  std::vector<std::string> doomed;
  lua_pushnil(L);
  while (lua_next(L, -2) != 0) {
    lua_pop(L, 1);  // value
    if (lua_type(L, -1) != LUA_TSTRING) {
      lua_pushvalue(L, -1);
      lua_pushnil(L);
      lua_rawset(L, -4);  // non-string keys cannot be named; none expected
      continue;
    }
    size_t len = 0;
    const char* k = lua_tolstring(L, -1, &len);
    if (!keep(std::string_view(k, len))) doomed.emplace_back(k, len);
  }
  for (const std::string& name : doomed) {
    lua_pushlstring(L, name.data(), name.size());
    lua_pushnil(L);
    lua_rawset(L, -3);
  }
}

// The Lua 5.1 members LuaJIT lacks (spec §3.1): string.gfind and math.mod
// are the same functions as gmatch and fmod in Redis; table.setn only says
// it is obsolete.
int LuaTableSetn(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  return luaL_error(L, "'setn' is obsolete");
}

void Alias(lua_State* L, const char* lib, const char* from, const char* to) {
  lua_getglobal(L, lib);
  if (lua_istable(L, -1)) {
    lua_getfield(L, -1, from);
    lua_setfield(L, -2, to);
  }
  lua_pop(L, 1);
}

}  // namespace

std::span<const std::string_view> AllowedGlobals() { return kGlobals; }
std::span<const LibraryAllowlist> AllowedLibraries() { return kLibraries; }
std::span<const std::string_view> DeniedGlobals() { return kDenied; }

void ApplyAllowlist(lua_State* L) {
  Alias(L, "string", "gmatch", "gfind");
  Alias(L, "math", "fmod", "mod");
  lua_getglobal(L, "table");
  lua_pushcfunction(L, LuaTableSetn);
  lua_setfield(L, -2, "setn");
  lua_pop(L, 1);

  lua_pushvalue(L, LUA_GLOBALSINDEX);
  Filter(L, [](std::string_view name) { return Contains(kGlobals, name); });
  lua_pop(L, 1);
  for (const LibraryAllowlist& lib : kLibraries) {
    lua_getfield(L, LUA_GLOBALSINDEX, std::string(lib.name).c_str());
    if (lua_istable(L, -1)) {
      Filter(L, [&lib](std::string_view member) {
        return Contains(lib.members, member);
      });
    }
    lua_pop(L, 1);
  }
}

}  // namespace luakv::lua
