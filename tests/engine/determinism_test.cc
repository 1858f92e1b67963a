// Script determinism (Options::script_determinism) and the change log
// (Options::on_change): the strict guard with Redis 3.2-6.2's error, sorted
// unordered replies, math.random per mode (the effects-mode numbers are a
// fresh redis-server 7.0's), and replay of a change log into a second engine
// giving the same keyspace.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/command_table.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "luakv/luakv.h"
#include "testing/engine_test.h"

namespace luakv::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr std::string_view kGuardError =
    "ERR Write commands not allowed after non deterministic commands. Call "
    "redis.replicate_commands() at the start of your script in order to "
    "switch to single commands replication mode.";

// An engine on a manual clock whose change log is kept.
class Node {
 public:
  explicit Node(Options options) : clock_(std::make_shared<ManualClock>()) {
    options.clock = clock_;
    options.on_change = [this](std::span<const Change> group) {
      log_.emplace_back(group.begin(), group.end());
    };
    engine_ = std::make_unique<Engine>(std::move(options));
  }

  Reply Run(int db, const std::vector<std::string>& argv) {
    std::vector<std::string_view> views(argv.begin(), argv.end());
    Session session;
    session.set_db(db);
    return engine_->Execute(session, views);
  }
  Reply Run(const std::vector<std::string>& argv) { return Run(0, argv); }

  Engine& engine() { return *engine_; }
  ManualClock& clock() { return *clock_; }
  std::vector<std::vector<Change>>& log() { return log_; }

  // Applies a change log as a host replaying it would.
  void Replay(const std::vector<std::vector<Change>>& log) {
    for (const auto& group : log) {
      for (const Change& c : group) {
        clock_->SetMicros(c.time_ms * 1000);
        const Reply r = Run(c.db, c.argv);
        EXPECT_FALSE(r.is_error()) << c.argv[0] << ": " << r.ToString();
      }
    }
  }

  // Every key of every database: type, TTL and contents in a canonical
  // order (sets and hashes sorted).
  std::string Dump() {
    std::string out;
    for (int db = 0; db < 16; ++db) {
      Reply keys = Run(db, {"KEYS", "*"});
      std::vector<std::string> names;
      for (const Reply& k : keys.elements()) names.push_back(k.str());
      std::sort(names.begin(), names.end());
      for (const std::string& k : names) {
        const std::string type = Run(db, {"TYPE", k}).str();
        out += std::to_string(db) + " " + k + " " + type +
               " pttl=" + Run(db, {"PTTL", k}).ToString() + " ";
        if (type == "string") {
          out += Run(db, {"GET", k}).ToString();
        } else if (type == "list") {
          out += Run(db, {"LRANGE", k, "0", "-1"}).ToString();
        } else if (type == "set") {
          out += Sorted(Run(db, {"SMEMBERS", k}));
        } else if (type == "hash") {
          Reply flat = Run(db, {"HGETALL", k});
          std::vector<std::string> pairs;
          for (size_t i = 0; i + 1 < flat.size(); i += 2) {
            pairs.push_back(flat[i].str() + "=" + flat[i + 1].str());
          }
          std::sort(pairs.begin(), pairs.end());
          for (const auto& p : pairs) out += p + ",";
        } else if (type == "zset") {
          out += Run(db, {"ZRANGE", k, "0", "-1", "WITHSCORES"}).ToString();
        }
        out += "\n";
      }
    }
    return out;
  }

 private:
  static std::string Sorted(const Reply& r) {
    std::vector<std::string> items;
    for (const Reply& e : r.elements()) items.push_back(e.str());
    std::sort(items.begin(), items.end());
    std::string out;
    for (const auto& i : items) out += i + ",";
    return out;
  }

  std::shared_ptr<ManualClock> clock_;
  std::vector<std::vector<Change>> log_;
  std::unique_ptr<Engine> engine_;
};

Options Strict() { return Options(); }
Options Effects() { return Options::RedisCompatible(); }

std::vector<std::string> Argv(const Change& c) { return c.argv; }

// --- The command table's determinism tips (Redis 7.0's COMMAND INFO tips,
// which cover what Redis 3.2-6.2 flagged random and sort_for_script; old
// HGETALL was random and is sorted by field here instead).

TEST(DeterminismTips, CoverRedisRandomAndSortedCommands) {
  const CommandTable& table = CommandTable::Get();
  for (std::string_view name :
       {"time", "randomkey", "srandmember", "spop", "hrandfield",
        "zrandmember", "scan", "sscan", "hscan", "zscan", "ttl", "pttl",
        "info"}) {
    const CommandSpec* spec = table.Lookup(name);
    ASSERT_NE(spec, nullptr) << name;
    EXPECT_TRUE(spec->has_tip(kNondeterministicOutput)) << name;
  }
  for (std::string_view name : {"smembers", "sinter", "sunion", "sdiff",
                                "keys", "hkeys", "hvals", "hgetall"}) {
    const CommandSpec* spec = table.Lookup(name);
    ASSERT_NE(spec, nullptr) << name;
    EXPECT_TRUE(spec->has_tip(kNondeterministicOutputOrder)) << name;
  }
  // The sorted path records nothing: it must only ever see reads.
  for (const CommandSpec& spec : table.all()) {
    EXPECT_FALSE(spec.has_tip(kNondeterministicOutputOrder) &&
                 spec.has(kWrite))
        << spec.name;
    for (const CommandSpec& sub : spec.subcommands) {
      EXPECT_FALSE(sub.has_tip(kNondeterministicOutputOrder) &&
                   sub.has(kWrite))
          << spec.name << "|" << sub.name;
    }
  }
}

// --- The strict guard.

TEST(StrictGuard, IsTheDefaultAndRedisCompatibleIsEffects) {
  EXPECT_EQ(Options().script_determinism, ScriptDeterminism::kStrict);
  EXPECT_EQ(Options::RedisCompatible().script_determinism,
            ScriptDeterminism::kEffects);
}

TEST(StrictGuard, WriteAfterNondeterministicCommandFails) {
  Node n(Strict());
  for (const char* nondeterministic :
       {"redis.call('TIME')", "redis.call('RANDOMKEY')",
        "redis.call('SRANDMEMBER', 's')", "redis.call('HRANDFIELD', 'h')",
        "redis.call('ZRANDMEMBER', 'z')", "redis.call('SCAN', '0')",
        "redis.call('TTL', 'x')", "redis.call('PTTL', 'x')"}) {
    const Reply r = n.Run({"EVAL",
                           std::string(nondeterministic) +
                               " return redis.call('SET', 'k', 'v')",
                           "0"});
    EXPECT_THAT(r, IsError(std::string(kGuardError)) ) << nondeterministic;
    EXPECT_THAT(r.str(), HasSubstr(" script: ")) << nondeterministic;
    EXPECT_THAT(n.Run({"EXISTS", "k"}), IsInt(0));
  }
}

TEST(StrictGuard, ErrorIsCatchable) {
  Node n(Strict());
  EXPECT_EQ(n.Run({"EVAL",
                   "redis.call('TIME') local r = redis.pcall('SET', 'k', 'v') "
                   "return r['err']",
                   "0"}),
            Reply::Bulk(kGuardError));
  EXPECT_EQ(n.Run({"EVAL",
                   "redis.call('TIME') local ok, e = pcall(redis.call, 'SET', "
                   "'k', 'v') return {tostring(ok), e}",
                   "0"}),
            Reply::Array({Reply::Bulk("false"), Reply::Bulk(kGuardError)}));
  EXPECT_THAT(n.Run({"EXISTS", "k"}), IsInt(0));
}

TEST(StrictGuard, EarlierWritesOfTheFailedScriptAreRolledBack) {
  Node n(Strict());
  n.Run({"SET", "a", "1"});
  const Reply r = n.Run({"EVAL",
                         "redis.call('SET', 'a', '2') redis.call('RPUSH', 'l', "
                         "'x') redis.call('TIME') redis.call('SET', 'b', 'x')",
                         "0"});
  EXPECT_THAT(r, IsError(std::string(kGuardError)));
  EXPECT_THAT(n.Run({"GET", "a"}), IsBulk("1"));
  EXPECT_THAT(n.Run({"EXISTS", "l", "b"}), IsInt(0));
}

TEST(StrictGuard, WritesBeforeNondeterminismAndReadsAfterAreFine) {
  Node n(Strict());
  EXPECT_THAT(n.Run({"EVAL",
                     "redis.call('SET', 'a', '1') redis.call('TIME') return "
                     "redis.call('GET', 'a')",
                     "0"}),
              IsBulk("1"));
}

TEST(StrictGuard, SpopIsRefusedItsEffectIsRandom) {
  Node n(Strict());
  n.Run({"SADD", "s", "a", "b"});
  EXPECT_THAT(n.Run({"EVAL", "return redis.call('SPOP', 's')", "0"}),
              IsError(std::string(kGuardError)));
  EXPECT_THAT(n.Run({"SCARD", "s"}), IsInt(2));
}

TEST(StrictGuard, EffectsModeHasNoGuard) {
  Node n(Effects());
  n.Run({"SADD", "s", "a"});
  EXPECT_THAT(n.Run({"EVAL",
                     "redis.call('TIME') local m = redis.call('SPOP', 's') "
                     "redis.call('SET', 'k', m) return redis.call('GET', 'k')",
                     "0"}),
              IsBulk("a"));
}

TEST(StrictGuard, ReplicateCommandsSwitchesTheRunToEffects) {
  Node n(Strict());
  EXPECT_THAT(n.Run({"EVAL",
                     "redis.replicate_commands() redis.call('TIME') "
                     "return redis.call('SET', 'k', 'v')",
                     "0"}),
              IsOk());
  // Only before the first write, as in Redis 3.2-6.2; the guard stays.
  const Reply r = n.Run({"EVAL",
                         "redis.call('SET', 'a', '1') "
                         "local switched = redis.replicate_commands() "
                         "redis.call('TIME') "
                         "local w = redis.pcall('SET', 'b', '1') "
                         "return {tostring(switched), w['err']}",
                         "0"});
  EXPECT_EQ(r, Reply::Array({Reply::Bulk("false"), Reply::Bulk(kGuardError)}));
  // The next script is strict again.
  EXPECT_THAT(n.Run({"EVAL", "redis.call('TIME') redis.call('SET', 'c', 1)",
                     "0"}),
              IsError(std::string(kGuardError)));
}

// --- Sorted unordered replies.

TEST(StrictSort, UnorderedRepliesReachTheScriptSorted) {
  Node n(Strict());
  std::vector<std::string> sadd = {"SADD", "s1"};
  std::vector<std::string> hset = {"HSET", "h"};
  std::vector<std::string> want;
  for (int i = 0; i < 300; ++i) {  // big enough for hash tables
    const std::string m = "m" + std::to_string((i * 7919) % 1000);
    sadd.push_back(m);
    hset.push_back(m);
    hset.push_back("v" + m);
    want.push_back(m);
  }
  std::sort(want.begin(), want.end());
  n.Run(sadd);
  n.Run(hset);
  n.Run({"SADD", "s2", want[5], "zz", want[2]});
  const auto ordered = [&](const std::string& call) {
    const Reply r = n.Run({"EVAL", "return " + call, "0"});
    std::vector<std::string> got;
    for (const Reply& e : r.elements()) got.push_back(e.str());
    return std::is_sorted(got.begin(), got.end()) && got.size() > 1;
  };
  EXPECT_TRUE(ordered("redis.call('SMEMBERS', 's1')"));
  EXPECT_TRUE(ordered("redis.call('HKEYS', 'h')"));
  EXPECT_TRUE(ordered("redis.call('HVALS', 'h')"));
  EXPECT_TRUE(ordered("redis.call('KEYS', '*')"));
  EXPECT_TRUE(ordered("redis.call('SUNION', 's1', 's2')"));
  EXPECT_TRUE(ordered("redis.call('SDIFF', 's1', 's2')"));
  EXPECT_EQ(n.Run({"EVAL", "return redis.call('SINTER', 's1', 's2')", "0"}),
            Bulks({want[2], want[5]}));
  // HGETALL keeps its pairs, ordered by field.
  const Reply all = n.Run({"EVAL", "return redis.call('HGETALL', 'h')", "0"});
  ASSERT_EQ(all.size(), 600u);
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(all[2 * i].str(), want[i]);
    EXPECT_EQ(all[2 * i + 1].str(), "v" + want[i]);
  }
  // Sorting made them deterministic: writing after them is allowed.
  EXPECT_THAT(n.Run({"EVAL",
                     "local m = redis.call('SMEMBERS', 's1') return "
                     "redis.call('SET', 'first', m[1])",
                     "0"}),
              IsOk());
  EXPECT_THAT(n.Run({"GET", "first"}), IsBulk(want[0]));
}

TEST(StrictSort, HostRepliesAndEffectsModeKeepTheirOrder) {
  for (Options options : {Strict(), Effects()}) {
    const bool strict =
        options.script_determinism == ScriptDeterminism::kStrict;
    Node n(std::move(options));
    n.Run({"SADD", "s", "c", "a", "b"});
    const Reply host = n.Run({"SMEMBERS", "s"});
    const Reply script =
        n.Run({"EVAL", "return redis.call('SMEMBERS', 's')", "0"});
    EXPECT_EQ(script, strict ? Bulks({"a", "b", "c"}) : host);
  }
}

TEST(StrictSort, RepliesThatCannotBeSortedCountAsNondeterministic) {
  Node n(Strict());
  // COMMAND INFO's nested arrays have no order to restore.
  EXPECT_THAT(n.Run({"EVAL",
                     "redis.call('COMMAND', 'INFO', 'get', 'set') return "
                     "redis.call('SET', 'k', 'v')",
                     "0"}),
              IsError(std::string(kGuardError)));
}

TEST(StrictSort, EmptyAndErrorRepliesPassThrough) {
  Node n(Strict());
  n.Run({"SET", "str", "x"});
  EXPECT_EQ(n.Run({"EVAL", "return redis.call('SMEMBERS', 'none')", "0"}),
            Reply::Array({}));
  EXPECT_THAT(n.Run({"EVAL", "return redis.pcall('SMEMBERS', 'str')", "0"}),
              IsError("WRONGTYPE"));
}

// --- math.random.

TEST(MathRandom, StrictRepeatsTheSequenceOnEveryRun) {
  Node n(Strict());
  const std::vector<std::string> eval = {
      "EVAL",
      "return {tostring(math.random()), math.random(100), math.random(5, 10)}",
      "0"};
  const Reply first = n.Run(eval);
  // Redis before 7.0 reseeded with 0 before every script.
  EXPECT_EQ(first[0], Reply::Bulk("0.17082803611217"));
  EXPECT_EQ(n.Run(eval), first);
  // A script's own randomseed does not reach the next script.
  n.Run({"EVAL", "math.randomseed(7) return math.random()", "0"});
  EXPECT_EQ(n.Run(eval), first);
}

TEST(MathRandom, EffectsContinueOneSequenceAsRedis70) {
  // Numbers from a freshly started redis-server 7.0.15.
  Node n(Effects());
  EXPECT_EQ(n.Run({"EVAL",
                   "return {tostring(math.random()), math.random(100), "
                   "math.random(100), math.random(5,10)}",
                   "0"}),
            Reply::Array({Reply::Bulk("0.39646477363839"), Reply::Integer(85),
                          Reply::Integer(36), Reply::Integer(7)}));
  const std::vector<std::string> two = {
      "EVAL", "return {math.random(100), math.random(100)}", "0"};
  EXPECT_EQ(n.Run(two), Reply::Array({Reply::Integer(32), Reply::Integer(89)}));
  EXPECT_EQ(n.Run(two), Reply::Array({Reply::Integer(2), Reply::Integer(59)}));
  n.Run({"FUNCTION", "LOAD",
         "#!lua name=l\nredis.register_function('r', function() return "
         "{math.random(1000), math.random(1000)} end)"});
  EXPECT_EQ(n.Run({"FCALL", "r", "0"}),
            Reply::Array({Reply::Integer(160), Reply::Integer(384)}));
}

// --- The change log.

TEST(ChangeLog, WriteCommandsOnlyAndOnlyWhenTheySucceed) {
  Node n(Strict());
  n.clock().SetMicros(1700000000123000);
  n.Run({"SET", "k", "v"});
  n.Run({"GET", "k"});
  n.Run({"INCR", "k"});  // fails: not an integer
  n.Run(3, {"RPUSH", "l", "a"});
  ASSERT_EQ(n.log().size(), 2u);
  ASSERT_EQ(n.log()[0].size(), 1u);
  EXPECT_EQ(n.log()[0][0].db, 0);
  EXPECT_EQ(n.log()[0][0].time_ms, 1700000000123);
  EXPECT_THAT(Argv(n.log()[0][0]), ElementsAre("SET", "k", "v"));
  EXPECT_EQ(n.log()[1][0].db, 3);
  EXPECT_THAT(Argv(n.log()[1][0]), ElementsAre("RPUSH", "l", "a"));
}

TEST(ChangeLog, NoListenerNoCost) {
  Options options;
  Engine engine(options);  // on_change unset: just works
  EXPECT_THAT(engine.Execute({"SET", "k", "v"}), IsOk());
  EXPECT_THAT(engine.Eval("return redis.call('SET', 'k', 'w')"), IsOk());
}

TEST(ChangeLog, SpopIsLoggedAsWhatItRemoved) {
  Node n(Strict());
  n.Run({"SADD", "s", "a", "b", "c", "d"});
  n.log().clear();
  const Reply one = n.Run({"SPOP", "s"});
  const Reply two = n.Run({"SPOP", "s", "2"});
  n.Run({"SPOP", "missing"});
  const Reply rest = n.Run({"SPOP", "s", "5"});
  ASSERT_EQ(n.log().size(), 3u);
  EXPECT_THAT(Argv(n.log()[0][0]), ElementsAre("SREM", "s", one.str()));
  std::vector<std::string> want = {"SREM", "s"};
  for (const Reply& m : two.elements()) want.push_back(m.str());
  EXPECT_EQ(Argv(n.log()[1][0]), want);
  EXPECT_EQ(rest.size(), 1u);
  EXPECT_THAT(Argv(n.log()[2][0]), ElementsAre("DEL", "s"));
}

TEST(ChangeLog, StrictScriptIsLoggedAsEvalOfItsBody) {
  Node n(Strict());
  const std::string body = "return redis.call('SET', KEYS[1], ARGV[1])";
  const std::string sha = n.engine().ScriptLoad(body).value();
  n.Run(2, {"EVALSHA", sha, "1", "k", "v"});
  n.engine().EvalSha(sha, {"k2"}, {"v2"});
  n.Run({"EVAL", "return redis.call('GET', 'k')", "0"});  // wrote nothing
  n.Run({"EVAL", "redis.call('SET', 'x', 1) error('boom')", "0"});  // undone
  ASSERT_EQ(n.log().size(), 2u);
  ASSERT_EQ(n.log()[0].size(), 1u);
  EXPECT_EQ(n.log()[0][0].db, 2);
  EXPECT_THAT(Argv(n.log()[0][0]), ElementsAre("EVAL", body, "1", "k", "v"));
  EXPECT_THAT(Argv(n.log()[1][0]), ElementsAre("EVAL", body, "1", "k2", "v2"));
}

TEST(ChangeLog, FunctionsAreLoggedAsFcallOrTheirEffects) {
  const std::string lib =
      "#!lua name=l\nredis.register_function('w', function(keys, args) "
      "return redis.call('SET', keys[1], args[1]) end)";
  Node strict(Strict());
  strict.Run({"FUNCTION", "LOAD", lib});
  strict.Run({"FCALL", "w", "1", "k", "v"});
  ASSERT_EQ(strict.log().size(), 2u);
  EXPECT_THAT(Argv(strict.log()[0][0]), ElementsAre("FUNCTION", "LOAD", lib));
  EXPECT_THAT(Argv(strict.log()[1][0]),
              ElementsAre("FCALL", "w", "1", "k", "v"));
  Node effects(Effects());
  effects.Run({"FUNCTION", "LOAD", lib});
  effects.Run({"FCALL", "w", "1", "k", "v"});
  ASSERT_EQ(effects.log().size(), 2u);
  EXPECT_THAT(Argv(effects.log()[1][0]), ElementsAre("SET", "k", "v"));
  // Replaying either log gives the same keyspace.
  Node b(Strict());
  b.Replay(strict.log());
  EXPECT_THAT(b.Run({"GET", "k"}), IsBulk("v"));
}

TEST(StrictGuard, AppliesToFunctions) {
  Node n(Strict());
  n.Run({"FUNCTION", "LOAD",
         "#!lua name=l\nredis.register_function('t', function() "
         "redis.call('TIME') return redis.call('SET', 'k', 'v') end)"});
  EXPECT_THAT(n.Run({"FCALL", "t", "0"}), IsError(std::string(kGuardError)));
  EXPECT_THAT(n.Run({"EXISTS", "k"}), IsInt(0));
}

TEST(ChangeLog, EffectsScriptIsLoggedAsItsWritesInOneGroup) {
  Node n(Effects());
  n.Run({"SADD", "s", "m"});
  n.log().clear();
  n.Run({"EVAL",
         "redis.call('SET', 'a', '1') redis.call('GET', 'a') "
         "redis.call('SPOP', 's') "
         "redis.call('SELECT', 5) redis.call('INCR', 'a') "
         "redis.pcall('INCR', 'a', 'extra') "  // refused: not logged
         "return 1",
         "0"});
  ASSERT_EQ(n.log().size(), 1u);
  const auto& group = n.log()[0];
  ASSERT_EQ(group.size(), 3u);
  EXPECT_EQ(group[0].db, 0);
  EXPECT_THAT(Argv(group[0]), ElementsAre("SET", "a", "1"));
  EXPECT_EQ(group[1].db, 0);
  EXPECT_THAT(Argv(group[1]), ElementsAre("SREM", "s", "m"));
  EXPECT_EQ(group[2].db, 5);
  EXPECT_THAT(Argv(group[2]), ElementsAre("INCR", "a"));
}

TEST(ChangeLog, EffectsRespectSetRepl) {
  Node n(Effects());
  n.Run({"EVAL",
         "redis.set_repl(redis.REPL_NONE) redis.call('SET', 'a', '1') "
         "redis.set_repl(redis.REPL_ALL) redis.call('SET', 'b', '1')",
         "0"});
  ASSERT_EQ(n.log().size(), 1u);
  ASSERT_EQ(n.log()[0].size(), 1u);
  EXPECT_THAT(Argv(n.log()[0][0]), ElementsAre("SET", "b", "1"));
}

TEST(ChangeLog, RolledBackEffectsAreNotDelivered) {
  Options options = Effects();
  options.rollback_failed_scripts = true;
  Node n(std::move(options));
  n.Run({"EVAL", "redis.call('SET', 'a', '1') error('boom')", "0"});
  EXPECT_THAT(n.log(), IsEmpty());
  // Without rollback (Redis) the partial writes stay and are delivered.
  Node redis(Effects());
  redis.Run({"EVAL", "redis.call('SET', 'a', '1') error('boom')", "0"});
  ASSERT_EQ(redis.log().size(), 1u);
  EXPECT_THAT(Argv(redis.log()[0][0]), ElementsAre("SET", "a", "1"));
}

TEST(ChangeLog, SwitchedStrictRunIsLoggedByEffects) {
  Node n(Strict());
  n.Run({"EVAL",
         "redis.replicate_commands() local t = redis.call('TIME') "
         "redis.call('SET', 'now', t[1])",
         "0"});
  ASSERT_EQ(n.log().size(), 1u);
  ASSERT_EQ(n.log()[0].size(), 1u);
  EXPECT_EQ(n.log()[0][0].argv[0], "SET");
  EXPECT_EQ(n.log()[0][0].argv[2], n.Run({"GET", "now"}).str());
}

// --- Replay.

// Scripts whose writes depend on math.random, unordered replies, time and
// randomness; in strict mode the guard decides which may write.
const std::vector<std::string>& ScriptTemplates() {
  static const auto* templates = new std::vector<std::string>{
      // math.random picks what to write.
      "local n = math.random(1000) redis.call('ZADD', KEYS[1], n, ARGV[1]) "
      "return n",
      // SMEMBERS order decides which member moves.
      "local m = redis.call('SMEMBERS', KEYS[1]) if #m > 0 then "
      "redis.call('SREM', KEYS[1], m[1]) redis.call('RPUSH', KEYS[2], m[1]) "
      "end return #m",
      // HGETALL order decides what is concatenated.
      "local h = redis.call('HGETALL', KEYS[1]) local s = '' for i = 1, #h, 2 "
      "do s = s .. h[i] end redis.call('SET', KEYS[2], s) return s",
      // A write after TIME: refused in strict mode (and then rolled back).
      "redis.call('INCR', KEYS[1]) local t = redis.call('TIME') "
      "redis.call('SET', KEYS[2], t[1] .. t[2]) return 1",
      // Same, caught by pcall: the script commits what it wrote before.
      "redis.call('INCR', KEYS[1]) redis.call('SRANDMEMBER', KEYS[2]) "
      "local r = redis.pcall('SADD', KEYS[2], ARGV[1]) return 1",
      // SPOP: refused in strict mode, logged as SREM in effects mode.
      "local m = redis.call('SPOP', KEYS[1]) if m then "
      "redis.call('HSET', KEYS[2], m, ARGV[1]) end return m",
      // Reads only; math.random here must not shift later scripts' numbers
      // (the log does not hold this script).
      "return {redis.call('RANDOMKEY'), redis.call('SRANDMEMBER', KEYS[1]), "
      "math.random(100)}",
      // SELECT inside the script, and a relative TTL.
      "redis.call('SELECT', 3) redis.call('SET', KEYS[1], ARGV[1], 'EX', 100) "
      "redis.call('SADD', KEYS[2], ARGV[1]) return 1",
  };
  return *templates;
}

void RunRandomLog(Node& node, uint32_t seed) {
  std::mt19937 rng(seed);
  const auto pick = [&rng](int n) {
    return std::uniform_int_distribution<int>(0, n - 1)(rng);
  };
  const auto key = [&](std::string_view prefix) {
    return std::string(prefix) + std::to_string(pick(4));
  };
  const auto& templates = ScriptTemplates();
  std::vector<std::string> shas;
  for (const auto& t : templates) {
    shas.push_back(node.engine().ScriptLoad(t).value());
  }
  for (int step = 0; step < 400; ++step) {
    node.clock().AdvanceMillis(1 + pick(3000));
    const std::string member = "m" + std::to_string(pick(50));
    switch (pick(6)) {
      case 0:
        node.Run({"SADD", key("s"), member, "m" + std::to_string(pick(50))});
        break;
      case 1:
        node.Run({"HSET", key("h"), member, std::to_string(pick(9))});
        break;
      case 2:
        node.Run({"SPOP", key("s")});
        break;
      case 3:
        node.Run({"SRANDMEMBER", key("s")});
        break;
      default: {
        const size_t t = static_cast<size_t>(pick(templates.size()));
        const std::string k1 = key(t == 2 ? "h" : "s");
        const std::string k2 = key(t == 5   ? "h"
                                   : t == 4 ? "s"
                                   : t == 3 ? "t"
                                   : t == 2 ? "c"
                                            : "l");
        const std::string by = pick(2) == 0 ? "EVALSHA" : "EVAL";
        node.Run({by, by == "EVAL" ? templates[t] : shas[t], "2", k1, k2,
                  member});
        break;
      }
    }
  }
}

TEST(Replay, StrictScriptLogRebuildsTheSameKeyspace) {
  Node a(Strict());
  RunRandomLog(a, 20261123);
  size_t scripts = 0;
  for (const auto& group : a.log()) {
    scripts += group[0].argv[0] == "EVAL" ? 1 : 0;
  }
  EXPECT_GT(scripts, 50u);  // the log holds scripts, not their effects
  Node b(Strict());
  b.Replay(a.log());
  b.clock().SetMicros(a.clock().NowMicros());
  const std::string dump = a.Dump();
  EXPECT_GT(dump.size(), 200u);
  EXPECT_EQ(b.Dump(), dump);
}

TEST(Replay, EffectsLogRebuildsTheSameKeyspace) {
  Node a(Effects());
  RunRandomLog(a, 7);
  for (const auto& group : a.log()) {
    for (const Change& c : group) {
      EXPECT_NE(c.argv[0], "EVAL");
      EXPECT_NE(c.argv[0], "EVALSHA");
      EXPECT_NE(c.argv[0], "SPOP");
    }
  }
  Node b(Effects());
  b.Replay(a.log());
  b.clock().SetMicros(a.clock().NowMicros());
  const std::string dump = a.Dump();
  EXPECT_GT(dump.size(), 200u);
  EXPECT_EQ(b.Dump(), dump);
}

}  // namespace
}  // namespace luakv::testing
