// All-or-nothing scripts: with the default Options a script that ends with
// an uncaught error (raised, killed, out of Lua memory, time or instruction
// budget) leaves the keyspace exactly as before it started; with
// Options::RedisCompatible() its partial writes stay, as in Redis. Errors a
// script catches undo nothing either way.

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "lua/script_test.h"

namespace luakv::testing {
namespace {

// The keyspace as text: every database's keys with type, value and TTL.
std::string Dump(Engine& engine) {
  std::string out;
  const Reply script = engine.Eval(R"(
    local out = {}
    for db = 0, 2 do
      redis.call('SELECT', db)
      local keys = redis.call('KEYS', '*')
      table.sort(keys)
      for _, k in ipairs(keys) do
        local t = redis.call('TYPE', k).ok
        local v
        if t == 'string' then v = redis.call('GET', k)
        elseif t == 'list' then v = table.concat(redis.call('LRANGE', k, 0, -1), ',')
        elseif t == 'hash' then
          local h = redis.call('HGETALL', k)
          v = table.concat(h, ',')
        elseif t == 'set' then
          local s = redis.call('SMEMBERS', k) table.sort(s) v = table.concat(s, ',')
        else v = table.concat(redis.call('ZRANGE', k, 0, -1, 'WITHSCORES'), ',') end
        out[#out + 1] = db .. ':' .. k .. ':' .. t .. ':' .. v .. ':' ..
                        redis.call('PTTL', k)
      end
    end
    return table.concat(out, '\n'))");
  return script.ToString();
}

class RollbackTest : public ScriptTest,
                     public ::testing::WithParamInterface<bool> {
 protected:
  void SetUp() override { Seed(BaseOptions()); }
  Options BaseOptions() const {
    return Rollback() ? Options() : Options::RedisCompatible();
  }
  // A fresh engine with `options` and one key of each type.
  void Seed(const Options& options) {
    Reset(options);
    Run({"SET", "balance", "100"});
    Run({"SET", "word", "abc"});
    Run({"RPUSH", "list", "a", "b"});
    Run({"HSET", "hash", "f", "1"});
    Run({"SADD", "set", "x"});
    Run({"ZADD", "zset", "1", "m"});
    Run({"SET", "ttl", "v", "PX", "100000"});
    Run({"SELECT", "1"});
    Run({"SET", "other-db", "1"});
    Run({"SELECT", "0"});
    before_ = Dump(engine());
  }
  bool Rollback() const { return GetParam(); }

  // A script that writes to every type and two databases before `tail`.
  static std::string WritesThen(std::string_view tail) {
    return std::string(R"(
      redis.call('DECRBY', 'balance', 30)
      redis.call('SET', 'new', 'n')
      redis.call('RPUSH', 'list', 'c')
      redis.call('LPOP', 'list')
      redis.call('HSET', 'hash', 'g', '2')
      redis.call('HDEL', 'hash', 'f')
      redis.call('SADD', 'set', 'y')
      redis.call('ZADD', 'zset', 5, 'm')
      redis.call('PERSIST', 'ttl')
      redis.call('APPEND', 'word', 'def')
      redis.call('DEL', 'set')
      redis.call('SELECT', 1)
      redis.call('DEL', 'other-db')
      redis.call('SELECT', 0)
    )") + std::string(tail);
  }

  void ExpectRolledBackOrPartial() {
    const std::string after = Dump(engine());
    if (Rollback()) {
      EXPECT_EQ(after, before_);
    } else {
      EXPECT_NE(after, before_);
      EXPECT_THAT(Run({"GET", "balance"}), IsBulk("70"));
      EXPECT_THAT(Run({"GET", "new"}), IsBulk("n"));
    }
  }

  std::string before_;
};

TEST_P(RollbackTest, CommandErrorRaisedByRedisCall) {
  EXPECT_THAT(Eval(WritesThen("return redis.call('INCR', 'word')")),
              IsError("ERR value is not an integer or out of range script:"));
  ExpectRolledBackOrPartial();
}

TEST_P(RollbackTest, ErrorRaisedByTheScript) {
  EXPECT_THAT(Eval(WritesThen("error('boom')")), IsError("ERR user_script:"));
  ExpectRolledBackOrPartial();
}

TEST_P(RollbackTest, ErrorTableRaisedByTheScript) {
  EXPECT_THAT(Eval(WritesThen("error({err='MYERR no'})")),
              IsError("MYERR no script:"));
  ExpectRolledBackOrPartial();
}

TEST_P(RollbackTest, RuntimeErrorInLua) {
  EXPECT_THAT(Eval(WritesThen("local t = nil; return t.x")),
              IsError("ERR user_script:"));
  ExpectRolledBackOrPartial();
}

TEST_P(RollbackTest, FlushAllThenErrorRestoresEverything) {
  EXPECT_THAT(Eval("redis.call('FLUSHALL') redis.call('SET', 'a', 1) "
                   "error('late')"),
              IsError("ERR user_script:1: late"));
  if (Rollback()) {
    EXPECT_EQ(Dump(engine()), before_);
  } else {
    EXPECT_THAT(Run({"DBSIZE"}), IsInt(1));
  }
}

TEST_P(RollbackTest, CaughtErrorsKeepTheWrites) {
  EXPECT_THAT(Eval(WritesThen(
                  "local r = redis.pcall('INCR', 'word') "
                  "local ok = pcall(error, 'x') "
                  "return r.err")),
              IsBulk("ERR value is not an integer or out of range"));
  EXPECT_NE(Dump(engine()), before_);
  EXPECT_THAT(Run({"GET", "balance"}), IsBulk("70"));
}

TEST_P(RollbackTest, ReturnedErrorReplyKeepsTheWrites) {
  // redis.error_reply is a value the script returns, not a failure.
  EXPECT_THAT(Eval(WritesThen("return redis.error_reply('MY reply')")),
              IsExactError("MY reply"));
  EXPECT_THAT(Run({"GET", "balance"}), IsBulk("70"));
}

TEST_P(RollbackTest, SuccessKeepsTheWrites) {
  EXPECT_THAT(Eval(WritesThen("return 1")), IsInt(1));
  EXPECT_THAT(Run({"GET", "balance"}), IsBulk("70"));
  EXPECT_THAT(Run({"GET", "word"}), IsBulk("abcdef"));
  EXPECT_THAT(Run({"EXISTS", "set"}), IsInt(0));
  // The next failing script undoes only its own writes.
  EXPECT_THAT(Eval("redis.call('SET', 'balance', 0) error('x')"),
              IsError("ERR user_script:1: x"));
  EXPECT_THAT(Run({"GET", "balance"}), IsBulk(Rollback() ? "70" : "0"));
}

TEST_P(RollbackTest, EvalShaAndHostApiRollBackToo) {
  const std::string script = WritesThen("error('boom')");
  absl::StatusOr<std::string> sha = engine().ScriptLoad(script);
  ASSERT_TRUE(sha.ok());
  EXPECT_THAT(Run({"EVALSHA", *sha, "0"}), IsError("ERR user_script:"));
  ExpectRolledBackOrPartial();
  SetUp();  // a fresh engine: load the script again
  ASSERT_TRUE(engine().ScriptLoad(script).ok());
  EXPECT_THAT(engine().EvalSha(*sha), IsError("ERR user_script:"));
  ExpectRolledBackOrPartial();
}

TEST_P(RollbackTest, ReadOnlyScriptErrorChangesNothing) {
  EXPECT_THAT(Run({"EVAL_RO", "redis.call('GET', 'balance') error('ro')", "0"}),
              IsError("ERR user_script:1: ro"));
  EXPECT_EQ(Dump(engine()), before_);
}

INSTANTIATE_TEST_SUITE_P(Settings, RollbackTest, ::testing::Bool(),
                         [](const auto& info) {
                           return info.param ? "Rollback" : "RedisCompatible";
                         });

// Limits that stop a script after it wrote.
class LimitRollbackTest : public RollbackTest {};

TEST_P(LimitRollbackTest, MemoryLimit) {
  Options options = BaseOptions();
  options.script_memory_limit_bytes = 16 << 20;
  Seed(options);
  EXPECT_THAT(Eval(WritesThen("local t = {} for i = 1, 1e9 do t[i] = i end")),
              IsError("ERR Script exceeded the Lua memory limit script:"));
  ExpectRolledBackOrPartial();
}

TEST_P(LimitRollbackTest, InstructionBudget) {
  Options options = Rollback() ? Options() : Options::RedisCompatible();
  options.script_instruction_budget = 100000;
  Reset(options);
  Run({"SET", "balance", "100"});
  EXPECT_THAT(Eval("redis.call('DECRBY', 'balance', 30) while true do end"),
              IsError("ERR Script exceeded its instruction budget"));
  EXPECT_THAT(Run({"GET", "balance"}), IsBulk(Rollback() ? "100" : "70"));
}

TEST_P(LimitRollbackTest, TimeLimit) {
  Options options = Rollback() ? Options() : Options::RedisCompatible();
  options.script_time_limit_ms = 20;
  Reset(options);
  Run({"SET", "balance", "100"});
  EXPECT_THAT(Eval("redis.call('DECRBY', 'balance', 30) while true do end"),
              IsError("ERR Script exceeded its time limit script:"));
  EXPECT_THAT(Run({"GET", "balance"}), IsBulk(Rollback() ? "100" : "70"));
}

TEST_P(LimitRollbackTest, KillAfterWrite) {
  // The time limit ends the script in Redis mode, where it is unkillable.
  Options options = BaseOptions();
  options.script_time_limit_ms = 300;
  Reset(options);
  Run({"SET", "balance", "100"});
  Reply reply;
  std::thread script([&] {
    reply = engine().Eval(
        "redis.call('DECRBY', 'balance', 30) while true do end");
  });
  // Let it write first (it does within microseconds of starting).
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  absl::Status killed;
  do {  // until the script runs
    killed = engine().KillScript();
  } while (!killed.ok() &&
           std::string(killed.message()).rfind("NOTBUSY", 0) == 0);
  script.join();
  if (Rollback()) {
    EXPECT_TRUE(killed.ok()) << killed;
    EXPECT_THAT(reply, IsError("ERR Script killed by user with SCRIPT KILL..."
                               " script:"));
    EXPECT_THAT(Run({"GET", "balance"}), IsBulk("100"));
  } else {
    EXPECT_EQ(std::string(killed.message()),
              "UNKILLABLE Sorry the script already executed write commands "
              "against the dataset. You can either wait the script "
              "termination or kill the server in a hard way using the "
              "SHUTDOWN NOSAVE command.");
    EXPECT_THAT(reply, IsError("ERR Script exceeded its time limit script:"));
    EXPECT_THAT(Run({"GET", "balance"}), IsBulk("70"));
  }
}

INSTANTIATE_TEST_SUITE_P(Settings, LimitRollbackTest, ::testing::Bool(),
                         [](const auto& info) {
                           return info.param ? "Rollback" : "RedisCompatible";
                         });

}  // namespace
}  // namespace luakv::testing
