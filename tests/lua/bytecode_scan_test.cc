// ScanChunk reads a chunk's bytecode to tell whether it can assign a
// global; a wrong "no" would let a script write the real globals table, so
// every shape of assignment must be seen, in nested functions too.

#include "lua_bindings/bytecode_scan.h"

#include <lua.hpp>

#include <string>

#include "gtest/gtest.h"

namespace luakv::lua {
namespace {

class GlobalWrites : public ::testing::Test {
 protected:
  void SetUp() override { L_ = luaL_newstate(); }
  void TearDown() override { lua_close(L_); }

  bool Writes(const std::string& code) {
    EXPECT_EQ(luaL_loadbuffer(L_, code.data(), code.size(), "=t"), 0) << code;
    const bool writes = ScanChunk(L_, -1, code).may_write_globals;
    lua_pop(L_, 1);
    EXPECT_EQ(lua_gettop(L_), 0);
    return writes;
  }

  lua_State* L_ = nullptr;
};

TEST_F(GlobalWrites, AssignmentsAreSeen) {
  EXPECT_TRUE(Writes("x = 1"));
  EXPECT_TRUE(Writes("function f() end"));
  EXPECT_TRUE(Writes("local a = 1 a, b = 2, 3"));
  EXPECT_TRUE(Writes("if false then never = true end"));
  EXPECT_TRUE(Writes("for i = 1, 3 do acc = i end"));
}

TEST_F(GlobalWrites, AssignmentsInNestedFunctionsAreSeen) {
  EXPECT_TRUE(Writes("local function f() y = 2 end"));
  EXPECT_TRUE(Writes("return function() return function() z = 1 end end"));
  EXPECT_TRUE(Writes("local t = {f = function() w = 1 end} return t"));
  EXPECT_TRUE(
      Writes("local a = function() end local b = function() end "
             "local c = function() return function() deep = 1 end end"));
}

TEST_F(GlobalWrites, LargeChunksAreReadToTheEnd) {
  // Many constants (strings and numbers) and a long body before the write.
  std::string code = "local t = {}\n";
  for (int i = 0; i < 400; ++i) {
    code += "t[" + std::to_string(i) + "] = 'k" + std::to_string(i) +
            "' .. " + std::to_string(i * 1.5) + "\n";
  }
  EXPECT_FALSE(Writes(code + "return t"));
  EXPECT_TRUE(Writes(code + "late = t"));
  EXPECT_TRUE(Writes(code + "local function g() late = t end return g"));
}

TEST_F(GlobalWrites, ReadsAndTableWritesAreNotGlobalWrites) {
  EXPECT_FALSE(Writes("return x"));
  EXPECT_FALSE(Writes("local x = 1 x = 2 return x"));
  EXPECT_FALSE(Writes("local t = {} t.x = 1 t[1] = 2 return t"));
  EXPECT_FALSE(Writes("_G.x = 1"));           // a table write, via _G
  EXPECT_FALSE(Writes("rawset(_G, 'x', 1)"));  // a call
  EXPECT_FALSE(Writes("local up = 1 local function f() up = 2 end f()"));
  EXPECT_FALSE(Writes(
      "local balance = tonumber(redis.call('GET', KEYS[1]))\n"
      "if balance >= tonumber(ARGV[1]) then return 1 else return 0 end"));
}

TEST_F(GlobalWrites, NonFunctionsCountAsWriting) {
  lua_pushinteger(L_, 1);
  EXPECT_TRUE(ScanChunk(L_, -1, "").may_write_globals);
  EXPECT_TRUE(ScanChunk(L_, -1, "").may_change_tables);
  lua_pushcfunction(L_, [](lua_State*) { return 0; });
  EXPECT_TRUE(ScanChunk(L_, -1, "").may_write_globals);
  EXPECT_TRUE(ScanChunk(L_, -1, "").may_change_tables);
  lua_pop(L_, 2);
}

// may_change_tables: a wrong "no" would let a change to KEYS or ARGV reach
// the next run, so every way of storing must be seen.
class TableChanges : public GlobalWrites {
 protected:
  bool Changes(const std::string& code) {
    EXPECT_EQ(luaL_loadbuffer(L_, code.data(), code.size(), "=t"), 0) << code;
    const bool changes = ScanChunk(L_, -1, code).may_change_tables;
    lua_pop(L_, 1);
    EXPECT_EQ(lua_gettop(L_), 0);
    return changes;
  }
};

TEST_F(TableChanges, EveryStoreIsSeen) {
  for (const char* code :
       {"KEYS[1] = 'x'", "KEYS.x = 1", "local i = 2 KEYS[i] = 1",
        "local k = KEYS k[1] = nil", "local t = {KEYS[1]} return t",
        "local t = {redis.call('GET', 'k')} return #t",
        "local t = {x = ARGV[1]} return t.x",
        "local function f(t) t[1] = 2 end f(KEYS)",
        "return function() return function(t) t.z = 1 end end",
        "g = 1", "rawset(KEYS, 1, 'x')", "table.insert(KEYS, 'x')",
        "setmetatable(KEYS, {})", "loadstring('KEYS[1] = 2')()",
        "_G.KEYS[1] = 2", "getfenv()", "pcall(rawset, KEYS, 1, 2)",
        "__redis__err__handler(KEYS)",
        "-- table\nreturn 1"}) {
    EXPECT_TRUE(Changes(code)) << code;
  }
}

TEST_F(TableChanges, ScriptsThatOnlyReadChangeNothing) {
  for (const char* code :
       {"return 1", "return KEYS[1]", "return #ARGV",
        "local t = {1, 2, 3} return t[2]",
        "for i, k in ipairs(KEYS) do redis.call('DEL', k) end",
        "return redis.call('MGET', unpack(KEYS))",
        "local balance = tonumber(redis.call('GET', KEYS[1]))\n"
        "local cost = tonumber(ARGV[1])\n"
        "if balance >= cost then\n"
        "  redis.call('DECRBY', KEYS[1], cost)\n"
        "  return 1\n"
        "else\n"
        "  return 0\n"
        "end"}) {
    EXPECT_FALSE(Changes(code)) << code;
  }
}

}  // namespace
}  // namespace luakv::lua
