// Options::cluster_checks: hash slots and tags, the refusals of a Redis 7.0
// Cluster node (CROSSSLOT, MOVED, databases other than 0), and what scripts
// and functions may reach under each shebang flag. Slots and error texts
// are redis-server 7.0.15's (CLUSTER KEYSLOT, and the replies of a
// cluster-enabled node owning every slot or half of them); the differential
// files cluster.txt and cluster_moved.txt compare the same behaviour with
// real nodes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/cluster/key_slot.h"
#include "engine/command_table.h"
#include "engine/commands/key_specs.h"
#include "testing/engine_test.h"

namespace luakv::testing {
namespace {

using ::luakv::cluster::Crc16;
using ::luakv::cluster::HashTag;
using ::luakv::cluster::KeySlot;

constexpr std::string_view kCrossSlot =
    "CROSSSLOT Keys in request don't hash to the same slot";
constexpr std::string_view kNonLocal =
    "ERR Script attempted to access a non local key in a cluster node";
constexpr std::string_view kScriptCrossSlot =
    "ERR Script attempted to access keys that do not hash to the same slot";
constexpr std::string_view kNoCluster =
    "ERR Can not run script on cluster, 'no-cluster' flag is set.";

// Slots of the keys used below (CLUSTER KEYSLOT): a 15495, b 3300, c 7365.

TEST(KeySlot, Crc16MatchesTheClusterSpecification) {
  EXPECT_EQ(Crc16("123456789"), 0x31C3);
  EXPECT_EQ(Crc16(""), 0);
  EXPECT_EQ(KeySlot("123456789"), 12739);
}

TEST(KeySlot, HashTagsAsRedisReadsThem) {
  EXPECT_EQ(HashTag("a{b}c"), "b");
  EXPECT_EQ(HashTag("{a}{b}"), "a");       // the first tag only
  EXPECT_EQ(HashTag("}{a}"), "a");         // a '}' before the '{' is no end
  EXPECT_EQ(HashTag("{{a}}"), "{a");       // from the first '{' to the first '}'
  EXPECT_EQ(HashTag("{}a"), "{}a");        // empty tag: the whole key
  EXPECT_EQ(HashTag("foo{}{bar}"), "foo{}{bar}");
  EXPECT_EQ(HashTag("{a"), "{a");          // never closed
  EXPECT_EQ(HashTag(""), "");
}

TEST(KeySlot, SlotsMatchRedisClusterKeyslot) {
  struct Case {
    std::string_view key;
    int slot;
  };
  const Case cases[] = {
      {"", 0},
      {"{}", 15257},
      {"{}a", 10875},
      {"{{a}}", 10276},
      {"a{b}c", 3300},
      {"{a}{b}", 15495},
      {"}{a}", 15495},
      {"{a", 10276},
      {"foo{}{bar}", 8363},
      {"foo{{bar}}zap", 4015},
      {"foo{bar}{zap}", 5061},
      {std::string_view("\xff\x00{\x00}", 5), 0},
      {"a", 15495},
      {"b", 3300},
      {"c", 7365},
      {"bar", 5061},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(KeySlot(c.key), c.slot) << "key \"" << c.key << "\"";
  }
}

// 5000 keys of 0..11 bytes over "{}{}ab\0\xff" (many tags, empty tags,
// nested braces, binary bytes) from a fixed generator; the digest of their
// slots is what redis-server 7.0.15's CLUSTER KEYSLOT gave for the same
// keys.
TEST(KeySlot, ThousandsOfGeneratedKeysMatchRedis) {
  uint64_t x = 0x6c75616b76;
  auto next = [&x] {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    return x >> 33;
  };
  constexpr std::string_view kAlphabet("{}{}ab\0\xff", 8);
  uint64_t digest = 0;
  for (int i = 0; i < 5000; ++i) {
    const uint64_t n = next() % 12;
    std::string key;
    for (uint64_t j = 0; j < n; ++j) key.push_back(kAlphabet[next() % 8]);
    digest = digest * 31 + static_cast<uint64_t>(KeySlot(key));
  }
  EXPECT_EQ(digest, 0xdc9762d42338453ULL);
}

// --- Which arguments are keys (COMMAND GETKEYS and the checks share it).

std::vector<std::string> KeysOf(std::vector<std::string_view> argv) {
  const CommandSpec* parent = CommandTable::Get().Lookup(argv[0]);
  const CommandSpec* spec = parent;
  if (parent->is_container()) {
    spec = CommandTable::FindSubcommand(*parent, argv[1]);
  } else {
    parent = nullptr;
  }
  std::vector<std::string> out;
  for (const KeyRef& k : ExtractKeys(parent, *spec, argv)) {
    out.emplace_back(argv[k.pos]);
  }
  return out;
}

using Keys = std::vector<std::string>;

TEST(ExtractKeys, EveryKeyOfCommandsWithSeveralKeySpecs) {
  EXPECT_EQ(KeysOf({"zunionstore", "d", "2", "a", "b", "weights", "1", "2"}),
            (Keys{"d", "a", "b"}));
  EXPECT_EQ(KeysOf({"zdiffstore", "d", "1", "a"}), (Keys{"d", "a"}));
  EXPECT_EQ(KeysOf({"sinterstore", "d", "a", "b"}), (Keys{"d", "a", "b"}));
  EXPECT_EQ(KeysOf({"lmove", "a", "b", "left", "right"}), (Keys{"a", "b"}));
  EXPECT_EQ(KeysOf({"smove", "a", "b", "m"}), (Keys{"a", "b"}));
  EXPECT_EQ(KeysOf({"rename", "a", "b"}), (Keys{"a", "b"}));
  EXPECT_EQ(KeysOf({"copy", "a", "b", "replace"}), (Keys{"a", "b"}));
  EXPECT_EQ(KeysOf({"mset", "a", "1", "b", "2"}), (Keys{"a", "b"}));
  EXPECT_EQ(KeysOf({"lmpop", "2", "a", "b", "left"}), (Keys{"a", "b"}));
  EXPECT_EQ(KeysOf({"eval", "s", "2", "a", "b", "arg"}), (Keys{"a", "b"}));
  EXPECT_EQ(KeysOf({"object", "encoding", "k"}), (Keys{"k"}));
}

TEST(ExtractKeys, SortFindsTheLastStore) {
  EXPECT_EQ(KeysOf({"sort", "k"}), (Keys{"k"}));
  EXPECT_EQ(KeysOf({"sort", "k", "by", "store", "get", "#", "store", "d"}),
            (Keys{"k", "d"}));
  EXPECT_EQ(KeysOf({"sort", "k", "store", "d1", "store", "d2"}),
            (Keys{"k", "d2"}));
  EXPECT_EQ(KeysOf({"sort", "k", "limit", "store", "x", "alpha"}),
            (Keys{"k"}));
  EXPECT_EQ(KeysOf({"sort_ro", "k", "store", "d"}), (Keys{"k"}));
}

TEST(ExtractKeys, BadKeyCountsGiveNoKeys) {
  EXPECT_EQ(KeysOf({"zunionstore", "d", "0", "a"}), Keys{});
  EXPECT_EQ(KeysOf({"zunionstore", "d", "3", "a"}), Keys{});
  EXPECT_EQ(KeysOf({"zunionstore", "d", "x", "a"}), Keys{});
  EXPECT_EQ(KeysOf({"eval", "s", "0"}), Keys{});
  EXPECT_EQ(KeysOf({"eval", "s", "-1", "a"}), Keys{});
}

// Where the specs cannot read a key count, Redis's key finders read it as
// atoi() does and put the destination last (COMMAND GETKEYS agrees).
TEST(ExtractKeys, LooseKeyCountsAsRedisReadsThem) {
  EXPECT_EQ(KeysOf({"zunionstore", "d", "2x", "a", "b"}),
            (Keys{"a", "b", "d"}));
  EXPECT_EQ(KeysOf({"eval", "s", "2x", "a", "b"}), (Keys{"a", "b"}));
  EXPECT_EQ(KeysOf({"eval", "s", " 1", "a", "b"}), (Keys{"a"}));
  EXPECT_EQ(KeysOf({"lmpop", "1x", "a", "left"}), (Keys{"a"}));
  EXPECT_EQ(KeysOf({"eval", "s", "3x", "a", "b"}), Keys{});
}

// --- A node that owns every slot.

class Cluster : public EngineTest {
 protected:
  void SetUp() override { Reset(WithChecks()); }

  static Options WithChecks() {
    Options options;
    options.cluster_checks.enabled = true;
    return options;
  }
  Reply Eval(std::string_view body, std::initializer_list<std::string_view>
                                        keys_and_args = {},
             int numkeys = 0) {
    std::vector<std::string> argv = {"EVAL", std::string(body),
                                     std::to_string(numkeys)};
    for (std::string_view a : keys_and_args) argv.emplace_back(a);
    return Run(argv);
  }
};

TEST_F(Cluster, OffByDefault) {
  Reset(Options());
  EXPECT_THAT(Run({"MSET", "a", "1", "b", "2"}), IsOk());
  EXPECT_THAT(Run({"SELECT", "1"}), IsOk());
  EXPECT_THAT(Run({"EVAL", "#!lua flags=no-cluster\nreturn 1", "0"}),
              IsInt(1));
}

TEST_F(Cluster, KeysInSeveralSlotsAreRefusedAndChangeNothing) {
  ASSERT_THAT(Run({"SET", "a", "1"}), IsOk());
  for (const std::vector<std::string>& argv :
       std::vector<std::vector<std::string>>{
           {"MSET", "a", "1", "b", "2"},
           {"DEL", "a", "b"},
           {"RENAME", "a", "b"},
           {"COPY", "a", "b"},
           {"SUNIONSTORE", "a", "b", "c"},
           {"ZUNIONSTORE", "a", "2", "b", "c"},
           {"ZDIFFSTORE", "a", "1", "b"},
           {"LMOVE", "a", "b", "LEFT", "LEFT"},
           {"SMOVE", "a", "b", "m"},
           {"SORT", "a", "STORE", "b"},
           {"MGET", "a", "b"},
           {"LMPOP", "2", "a", "b", "LEFT"},
           {"EVAL", "return 1", "2", "a", "b"},
           {"EVALSHA", std::string(40, 'f'), "2", "a", "b"},
           {"FCALL", "nosuch", "2", "a", "b"},
       }) {
    EXPECT_THAT(Run(argv), IsExactError(kCrossSlot)) << argv[0];
  }
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
  EXPECT_THAT(Run({"GET", "a"}), IsBulk("1"));
}

TEST_F(Cluster, HashTagsKeepKeysTogether) {
  EXPECT_THAT(Run({"MSET", "{u}a", "1", "{u}b", "2"}), IsOk());
  EXPECT_THAT(Run({"RENAME", "{u}a", "{u}c"}), IsOk());
  EXPECT_THAT(Run({"SORT", "{u}l", "STORE", "{u}d"}), IsInt(0));
  EXPECT_THAT(Run({"ZUNIONSTORE", "{u}z", "2", "{u}b2", "{u}c2"}), IsInt(0));
  // The same key twice is one slot; "a" and "{a}" share it too.
  EXPECT_THAT(Run({"MSET", "a", "1", "a", "2", "{a}x", "3"}), IsOk());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(4));
}

TEST_F(Cluster, BadKeyCountsLeaveTheErrorToTheCommand) {
  // "2x" still names two keys to a cluster node: CROSSSLOT comes first.
  EXPECT_THAT(Run({"EVAL", "return 1", "2x", "a", "b"}),
              IsExactError(kCrossSlot));
  EXPECT_THAT(Run({"EVAL", "return 1", "2x", "a", "{a}b"}),
              IsExactError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"ZUNIONSTORE", "a", "0", "b"}),
              IsError("ERR at least 1 input key is needed"));
  EXPECT_THAT(Run({"EVAL", "return 1", "3", "a", "b"}),
              IsError("ERR Number of keys can't be greater"));
}

TEST_F(Cluster, OnlyDatabaseZero) {
  ASSERT_THAT(Run({"SET", "{a}1", "v"}), IsOk());
  EXPECT_THAT(Run({"SELECT", "0"}), IsOk());
  EXPECT_THAT(Run({"SELECT", "1"}),
              IsExactError("ERR SELECT is not allowed in cluster mode"));
  EXPECT_THAT(Run({"SELECT", "99"}),
              IsExactError("ERR SELECT is not allowed in cluster mode"));
  EXPECT_THAT(Run({"SELECT", "x"}),
              IsExactError("ERR value is not an integer or out of range"));
  EXPECT_THAT(Run({"MOVE", "{a}1", "1"}),
              IsExactError("ERR MOVE is not allowed in cluster mode"));
  EXPECT_THAT(Run({"SWAPDB", "0", "1"}),
              IsExactError("ERR SWAPDB is not allowed in cluster mode"));
  EXPECT_THAT(
      Run({"COPY", "{a}1", "{a}2", "DB", "1"}),
      IsExactError(
          "ERR Copying to another database is not allowed in cluster mode"));
  EXPECT_THAT(Run({"COPY", "{a}1", "{a}2", "DB", "99"}),
              IsExactError("ERR DB index is out of range"));
  EXPECT_THAT(Run({"COPY", "{a}1", "{a}2", "FOO"}),
              IsExactError("ERR syntax error"));
  EXPECT_THAT(Run({"COPY", "{a}1", "{a}2", "DB", "0"}), IsInt(1));
  EXPECT_THAT(Run({"EVAL", "return redis.call('select', '1')", "0"}),
              IsError("ERR SELECT is not allowed in cluster mode script: "));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(2));
}

TEST_F(Cluster, DeclaredKeysMustShareASlotWhateverTheFlags) {
  // allow-cross-slot-keys is about keys a script reaches, not the ones
  // EVAL declares (Redis 7.0 checks those like any command's).
  EXPECT_THAT(Eval("#!lua flags=allow-cross-slot-keys\nreturn 1", {"a", "b"},
                   2),
              IsExactError(kCrossSlot));
  EXPECT_THAT(Eval("return 1", {"a", "{a}b"}, 2), IsInt(1));
}

TEST_F(Cluster, ScriptsWithoutShebangMayReachAnyLocalSlot) {
  EXPECT_THAT(
      Eval("redis.call('set', 'a', 1) redis.call('set', 'b', 2) "
           "return redis.call('get', 'c')",
           {"c"}, 1),
      IsNil());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(2));
  // One command over several slots is refused even so.
  EXPECT_THAT(Eval("return redis.call('mget', 'a', 'b')"),
              IsError(std::string(kNonLocal) + " script: "));
  EXPECT_THAT(Eval("return redis.pcall('mget', 'a', 'b')"),
              IsExactError(kNonLocal));
}

TEST_F(Cluster, ShebangScriptsStayInOneSlot) {
  ASSERT_THAT(Run({"SET", "a", "1"}), IsOk());
  // Tied by the first key reached...
  EXPECT_THAT(Eval("#!lua\nredis.call('get', 'a') return redis.call('get', 'b')"),
              IsError(std::string(kScriptCrossSlot) + " script: "));
  // ... or by the declared keys.
  EXPECT_THAT(Eval("#!lua\nreturn redis.call('get', 'b')", {"a"}, 1),
              IsError(std::string(kScriptCrossSlot) + " script: "));
  EXPECT_THAT(Eval("#!lua\nreturn redis.call('get', '{a}x')", {"a"}, 1),
              IsNil());
  EXPECT_THAT(Eval("#!lua\nreturn redis.pcall('get', 'b')", {"a"}, 1),
              IsExactError(kScriptCrossSlot));
  // Keyless commands tie nothing.
  EXPECT_THAT(
      Eval("#!lua\nredis.call('ping') return redis.call('get', 'b')"),
      IsNil());
  EXPECT_THAT(Eval("#!lua\nreturn redis.call('mget', 'a', 'b')"),
              IsError(std::string(kNonLocal) + " script: "));
}

TEST_F(Cluster, AllowCrossSlotKeysLetsAScriptReachSeveralSlots) {
  EXPECT_THAT(
      Eval("#!lua flags=allow-cross-slot-keys\n"
           "redis.call('set', 'a', 1) redis.call('set', 'b', 2) "
           "return redis.call('get', 'c')",
           {"c"}, 1),
      IsNil());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(2));
  EXPECT_THAT(
      Eval("#!lua flags=allow-cross-slot-keys\n"
           "return redis.call('mget', 'a', 'b')"),
      IsError(std::string(kNonLocal) + " script: "));
}

TEST_F(Cluster, RefusedScriptsChangeNothing) {
  ASSERT_THAT(Run({"SET", "a", "1"}), IsOk());
  EXPECT_THAT(Eval("#!lua flags=no-cluster\nreturn redis.call('set', 'a', 2)"),
              IsExactError(kNoCluster));
  EXPECT_THAT(Eval("redis.call('set', 'a', 3) return 1", {"a", "b"}, 2),
              IsExactError(kCrossSlot));
  // A script refused half way: its first write is undone with the default
  // rollback_failed_scripts.
  EXPECT_THAT(Eval("#!lua\nredis.call('set', 'a', 4) "
                   "return redis.call('set', 'b', 4)"),
              IsError(kScriptCrossSlot));
  EXPECT_THAT(Run({"GET", "a"}), IsBulk("1"));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
}

TEST_F(Cluster, WithoutRollbackAHalfWayRefusalKeepsEarlierWrites) {
  Options options = Options::RedisCompatible();
  options.cluster_checks.enabled = true;
  Reset(options);
  EXPECT_THAT(Eval("#!lua\nredis.call('set', 'a', 4) "
                   "return redis.call('set', 'b', 4)"),
              IsError(kScriptCrossSlot));
  EXPECT_THAT(Run({"GET", "a"}), IsBulk("4"));
  EXPECT_THAT(Run({"EXISTS", "b"}), IsInt(0));
}

TEST_F(Cluster, NoClusterComesBeforeTheReadOnlyRule) {
  EXPECT_THAT(Run({"EVAL_RO", "#!lua flags=no-cluster\nreturn 1", "0"}),
              IsExactError(kNoCluster));
  EXPECT_THAT(
      Run({"EVAL_RO", "#!lua flags=no-cluster,no-writes\nreturn 1", "0"}),
      IsExactError(kNoCluster));
  // SCRIPT LOAD does not run the script: it is accepted, and refused at
  // EVALSHA.
  const Reply sha =
      Run({"SCRIPT", "LOAD", "#!lua flags=no-cluster\nreturn 1"});
  ASSERT_EQ(sha.type(), Reply::Type::kBulk);
  EXPECT_THAT(Run({"EVALSHA", sha.str(), "0"}), IsExactError(kNoCluster));
  // The other flags run.
  for (std::string_view flags :
       {"no-writes", "allow-oom", "allow-stale", "allow-cross-slot-keys", ""}) {
    EXPECT_THAT(Eval("#!lua flags=" + std::string(flags) + "\nreturn 1"),
                IsInt(1))
        << flags;
  }
}

TEST_F(Cluster, HostEvalChecksDeclaredKeysToo) {
  EXPECT_THAT(engine().Eval("return 1", std::vector<std::string>{"a", "b"},
                            std::vector<std::string>{}),
              IsExactError(kCrossSlot));
  EXPECT_THAT(engine().Eval("#!lua\nreturn redis.call('get', KEYS[1])",
                            std::vector<std::string>{"a"},
                            std::vector<std::string>{}),
              IsNil());
}

TEST_F(Cluster, FunctionsFollowTheirFlags) {
  ASSERT_THAT(
      Run({"FUNCTION", "LOAD",
           "#!lua name=lib\n"
           "redis.register_function('two', function(keys) "
           "redis.call('get', 'a') return redis.call('get', 'b') end)\n"
           "redis.register_function{function_name='cross', callback="
           "function(keys) redis.call('set', 'a', 1) "
           "return redis.call('set', 'b', 1) end, "
           "flags={'allow-cross-slot-keys'}}\n"
           "redis.register_function{function_name='local', callback="
           "function() return 1 end, flags={'no-cluster'}}\n"
           "redis.register_function('get', function(keys) "
           "return redis.call('get', keys[1]) end)"}),
      IsBulk("lib"));
  EXPECT_THAT(Run({"FCALL", "two", "0"}),
              IsError(std::string(kScriptCrossSlot) + " script: two"));
  EXPECT_THAT(Run({"FCALL", "cross", "0"}), IsOk());
  EXPECT_THAT(Run({"FCALL", "local", "0"}), IsExactError(kNoCluster));
  EXPECT_THAT(Run({"FCALL", "get", "2", "a", "b"}), IsExactError(kCrossSlot));
  EXPECT_THAT(Run({"FCALL", "get", "1", "a"}), IsBulk("1"));
}

// --- A node that owns part of the slots.

class PartialNode : public EngineTest {
 protected:
  void SetUp() override {
    Options options;
    options.cluster_checks.enabled = true;
    options.cluster_checks.owned_slots = {{0, 5000}, {7000, 7999}};
    options.cluster_checks.moved_to = "10.0.0.2:7001";
    Reset(options);
  }
};

TEST_F(PartialNode, KeysElsewhereAreMoved) {
  EXPECT_THAT(Run({"SET", "b", "1"}), IsOk());        // slot 3300
  EXPECT_THAT(Run({"SET", "c", "1"}), IsOk());        // slot 7365
  EXPECT_THAT(Run({"SET", "a", "1"}),                 // slot 15495
              IsExactError("MOVED 15495 10.0.0.2:7001"));
  EXPECT_THAT(Run({"GET", "{a}x"}), IsExactError("MOVED 15495 10.0.0.2:7001"));
  // Cross-slot is found before ownership.
  EXPECT_THAT(Run({"MSET", "a", "1", "b", "2"}), IsExactError(kCrossSlot));
  EXPECT_THAT(Run({"EVAL", "return 1", "1", "a"}),
              IsExactError("MOVED 15495 10.0.0.2:7001"));
  EXPECT_THAT(Run({"PING"}), IsStatus("PONG"));
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(2));
}

TEST_F(PartialNode, ScriptsReachOnlyLocalKeys) {
  EXPECT_THAT(Run({"EVAL", "return redis.call('get', 'a')", "0"}),
              IsError(std::string(kNonLocal) + " script: "));
  EXPECT_THAT(Run({"EVAL",
                   "#!lua flags=allow-cross-slot-keys\n"
                   "redis.call('set', 'b', 1) return redis.call('get', 'a')",
                   "0"}),
              IsError(std::string(kNonLocal) + " script: "));
  EXPECT_THAT(Run({"EVAL",
                   "#!lua flags=allow-cross-slot-keys\n"
                   "redis.call('set', 'b', 1) return redis.call('set', 'c', 1)",
                   "0"}),
              IsOk());
  EXPECT_THAT(Run({"DBSIZE"}), IsInt(2));
}

TEST(ClusterOptions, SlotRangesAreValidated) {
  Options options;
  options.cluster_checks.owned_slots = {{0, 16383}};
  EXPECT_TRUE(options.Validate().ok());
  for (Options::ClusterChecks::SlotRange bad :
       {Options::ClusterChecks::SlotRange{-1, 5},
        Options::ClusterChecks::SlotRange{0, 16384},
        Options::ClusterChecks::SlotRange{10, 9}}) {
    options.cluster_checks.owned_slots = {bad};
    EXPECT_FALSE(options.Validate().ok()) << bad.first << "-" << bad.last;
  }
}

}  // namespace
}  // namespace luakv::testing
