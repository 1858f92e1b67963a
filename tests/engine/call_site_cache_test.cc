// CallSiteCache: the slot is chosen by the name's address, but the answer
// must follow the name's bytes, since a collected Lua string's address is
// reused by the next one.

#include "engine/scripting/call_site_cache.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string_view>

namespace luakv {
namespace {

const CommandSpec* Resolve(CallSiteCache& cache, char* buf,
                           std::string_view name,
                           std::string_view second = {}) {
  std::memcpy(buf, name.data(), name.size());
  const std::string_view argv[] = {std::string_view(buf, name.size()),
                                   second};
  return cache.Resolve(std::span(argv, second.empty() ? 1 : 2));
}

TEST(CallSiteCache, SameAddressNewBytesResolvesTheNewName) {
  CallSiteCache cache;
  char buf[16];
  const CommandSpec* get = Resolve(cache, buf, "GET");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->name, "get");
  EXPECT_EQ(Resolve(cache, buf, "GET"), get);
  const CommandSpec* set = Resolve(cache, buf, "SET");
  ASSERT_NE(set, nullptr);
  EXPECT_EQ(set->name, "set");
  EXPECT_EQ(Resolve(cache, buf, "get"), get);
  EXPECT_EQ(Resolve(cache, buf, "GETX"), nullptr);
  EXPECT_EQ(Resolve(cache, buf, "GE"), nullptr);
}

TEST(CallSiteCache, AgreesWithTheCommandTableForEveryCommand) {
  CallSiteCache cache;
  char buf[64];
  for (int round = 0; round < 2; ++round) {
    for (const CommandSpec& spec : CommandTable::Get().all()) {
      EXPECT_EQ(Resolve(cache, buf, spec.name), &spec) << spec.name;
    }
  }
}

TEST(CallSiteCache, ResolvesSubcommandsEveryTime) {
  CallSiteCache cache;
  char buf[16];
  const CommandSpec* config = Resolve(cache, buf, "CONFIG");
  ASSERT_NE(config, nullptr);
  EXPECT_EQ(config->name, "config");  // a container alone is itself
  const CommandSpec* get = Resolve(cache, buf, "config", "GET");
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->name, "get");
  EXPECT_NE(get, CommandTable::Get().Lookup("get"));
  const CommandSpec* set = Resolve(cache, buf, "config", "set");
  ASSERT_NE(set, nullptr);
  EXPECT_NE(set, get);
  EXPECT_EQ(Resolve(cache, buf, "CONFIG", "nope"), nullptr);
}

}  // namespace
}  // namespace luakv
