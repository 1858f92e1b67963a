// Script flags against server state (spec §4.5, §2.3): read-only commands
// and no-writes, and Options::maxmemory with allow-oom, for EVAL scripts
// with and without a shebang and for functions. Texts are redis-server
// 7.0.15's.

#include "testing/engine_test.h"

namespace luakv::testing {
namespace {

constexpr std::string_view kOom =
    "OOM command not allowed when used memory > 'maxmemory'.";

class Flags : public EngineTest {};

TEST_F(Flags, DenyOomCommandsRefusedOverMaxmemory) {
  Options options;
  options.maxmemory = 1;
  Reset(options);
  // An empty keyspace holds no bytes: not over the limit yet.
  ASSERT_THAT(Run({"SET", "k", "v"}), IsOk());
  EXPECT_THAT(Run({"SET", "k2", "v"}), IsExactError(kOom));
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("v"));
  EXPECT_THAT(Run({"DEL", "k"}), IsInt(1));
  EXPECT_THAT(Run({"SET", "k2", "v"}), IsOk());
  EXPECT_THAT(Run({"EXISTS", "k2"}), IsInt(1));
}

// A refused command counts under its own code in errorstats, as in
// redis-server 7.0.15 (errorstat_OOM, not errorstat_ERR).
TEST_F(Flags, OomRefusalsCountUnderTheirOwnCode) {
  Options options;
  options.maxmemory = 1;
  Reset(options);
  ASSERT_THAT(Run({"SET", "a", "b"}), IsOk());
  EXPECT_THAT(Run({"SET", "x", "y"}), IsExactError(kOom));
  EXPECT_THAT(Run({"SET", "x", "y"}), IsExactError(kOom));
  EXPECT_THAT(Run({"SET", "x"}), IsError("ERR wrong number of arguments"));
  const Reply info = Run({"INFO", "errorstats"});
  ASSERT_EQ(info.type(), Reply::Type::kBulk);
  EXPECT_EQ(info.str(),
            "# Errorstats\r\nerrorstat_ERR:count=1\r\n"
            "errorstat_OOM:count=2\r\n");
}

// redis-server 7.0.15, the same sequence: the error a redis.call raised
// (or redis.pcall returned) is counted once, where the command failed, not
// again as the script's reply; errors a script makes are counted.
TEST_F(Flags, ScriptErrorsFromCommandsAreCountedOnce) {
  Options options;
  options.maxmemory = 1;
  Reset(options);
  ASSERT_THAT(Run({"SET", "a", "b"}), IsOk());
  EXPECT_THAT(Run({"EVAL", "return redis.call('set','x','y')", "0"}),
              IsError(kOom));
  EXPECT_THAT(Run({"EVAL", "return redis.call('nosuch')", "0"}),
              IsError("ERR Unknown Redis command called from script"));
  EXPECT_THAT(Run({"EVAL", "return redis.pcall('nosuch')", "0"}),
              IsError("ERR Unknown Redis command called from script"));
  EXPECT_THAT(Run({"EVAL", "return redis.error_reply('MY thing')", "0"}),
              IsError("MY thing"));
  EXPECT_THAT(Run({"EVAL", "error('plain')", "0"}),
              IsError("ERR user_script:1: plain"));
  EXPECT_THAT(Run({"EVAL", "return {err='XY z'}", "0"}), IsError("XY z"));
  const Reply info = Run({"INFO", "errorstats"});
  ASSERT_EQ(info.type(), Reply::Type::kBulk);
  EXPECT_EQ(info.str(),
            "# Errorstats\r\nerrorstat_ERR:count=3\r\n"
            "errorstat_MY:count=1\r\nerrorstat_OOM:count=1\r\n"
            "errorstat_XY:count=1\r\n");
  // Every EVAL above failed (commandstats failed_calls), as in Redis.
  const Reply commands = Run({"INFO", "commandstats"});
  EXPECT_THAT(commands.str(),
              ::testing::HasSubstr("cmdstat_eval:calls=6,"));
  EXPECT_THAT(commands.str(),
              ::testing::HasSubstr("rejected_calls=0,failed_calls=6"));
}

TEST_F(Flags, CompatScriptRunsButDenyOomCommandsFailUntilItWrites) {
  Options options;
  options.maxmemory = 1;
  Reset(options);
  ASSERT_THAT(Run({"SET", "k", "v"}), IsOk());
  EXPECT_THAT(Run({"EVAL", "return redis.call('get', 'k')", "0"}),
              IsBulk("v"));
  EXPECT_THAT(Run({"EVAL", "return redis.call('set', 'x', 1)", "0"}),
              IsError(kOom));
  // DEL is a write without deny-oom; after it the script may go on.
  EXPECT_THAT(Run({"EVAL",
                   "redis.call('del', 'nokey') return redis.call('set', 'x', 1)",
                   "0"}),
              IsOk());
}

TEST_F(Flags, ShebangScriptsNeedAllowOomOrNoWrites) {
  Options options;
  options.maxmemory = 1;
  Reset(options);
  ASSERT_THAT(Run({"SET", "k", "v"}), IsOk());
  EXPECT_THAT(Run({"EVAL", "#!lua\nreturn redis.call('get', 'k')", "0"}),
              IsExactError(kOom));
  EXPECT_THAT(Run({"EVAL", "#!lua flags=no-writes\nreturn redis.call('get', 'k')",
                   "0"}),
              IsBulk("v"));
  EXPECT_THAT(Run({"EVAL",
                   "#!lua flags=allow-oom\nreturn redis.call('set', 'k', 'w')",
                   "0"}),
              IsOk());
  EXPECT_THAT(Run({"GET", "k"}), IsBulk("w"));
}

TEST_F(Flags, FunctionsAreNeverInCompatMode) {
  Options options;
  options.maxmemory = 1;
  Reset(options);
  ASSERT_THAT(
      Run({"FUNCTION", "LOAD",
           "#!lua name=l\n"
           "redis.register_function('r', function(k) return redis.call('get', k[1]) end)\n"
           "redis.register_function{function_name='ro', callback=function(k) "
           "return redis.call('get', k[1]) end, flags={'no-writes'}}\n"
           "redis.register_function{function_name='oom', callback=function(k) "
           "return redis.call('set', k[1], 'x') end, flags={'allow-oom'}}"}),
      IsBulk("l"));
  ASSERT_THAT(Run({"SET", "k", "v"}), IsOk());
  EXPECT_THAT(Run({"FCALL", "r", "1", "k"}), IsExactError(kOom));
  EXPECT_THAT(Run({"FCALL", "ro", "1", "k"}), IsBulk("v"));
  EXPECT_THAT(Run({"FCALL", "oom", "1", "k"}), IsOk());
  EXPECT_THAT(Run({"FUNCTION", "LOAD",
                   "#!lua name=m\nredis.register_function('m', function() end)"}),
              IsExactError(kOom));
}

TEST_F(Flags, ReadOnlyCommandsRefuseWrites) {
  EXPECT_THAT(Run({"EVAL_RO", "return redis.call('set', 'k', 1)", "0"}),
              IsError("ERR Write commands are not allowed from read-only "
                      "scripts."));
  EXPECT_THAT(Run({"EVAL_RO", "#!lua\nreturn 1", "0"}),
              IsExactError("ERR Can not execute a script with write flag "
                           "using *_ro command."));
  EXPECT_THAT(Run({"EVAL", "#!lua flags=no-writes\nreturn redis.call('set', 'k', 1)",
                   "0"}),
              IsError("ERR Write commands are not allowed from read-only "
                      "scripts."));
  EXPECT_THAT(Run({"EXISTS", "k"}), IsInt(0));
}

}  // namespace
}  // namespace luakv::testing
