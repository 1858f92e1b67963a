// File: luakv/options.h
//
// Options configure an Engine. Every field has a default and says what it
// trades. Where the library's default differs from Redis 7.0, the field says
// so, and `Options::RedisCompatible()` returns the settings under which the
// engine behaves as a Redis 7.0 server does.

#ifndef LUAKV_OPTIONS_H_
#define LUAKV_OPTIONS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "luakv/change_log.h"
#include "luakv/clock.h"

namespace luakv {

// How scripts deal with nondeterminism (see Options::script_determinism).
enum class ScriptDeterminism {
  // Redis 3.2-6.2's script replication rules: a script is a function of the
  // keyspace and its arguments, so re-running it reproduces its writes.
  kStrict,
  // Redis 7.0: scripts may do anything; their writes are what is replicated.
  kEffects,
};

struct Options {
  // Number of databases (SELECT 0 .. databases-1). Redis default: 16.
  int databases = 16;

  // Source of time for expiry, TTL and TIME. Null means the system clock.
  // Share one ManualClock between a test and its Engine to travel in time.
  std::shared_ptr<Clock> clock;

  // Seed of the engine's own random generator (RANDOMKEY, and later
  // SRANDMEMBER, SPOP, ...). Equal seeds and equal command sequences give
  // equal results, which is what makes a command log replayable.
  uint64_t random_seed = 0x6c75616b76ULL;

  // Keys examined per call of Engine::ActiveExpire() at most, when the caller
  // passes no budget of its own. Larger values reclaim memory from expired
  // keys sooner at the cost of a longer hold of the engine's lock.
  size_t active_expire_keys_per_step = 200;

  // --- Scripting (EVAL, EVALSHA, SCRIPT).

  // EVAL scripts kept compiled in the script cache, beyond which the least
  // recently used one is dropped (EVALSHA of it then answers NOSCRIPT).
  // Scripts loaded with SCRIPT LOAD are never dropped. 0 keeps everything,
  // as Redis 7.0 does (RedisCompatible()); that lets a client that builds a
  // new script text per call grow memory without bound. Redis 7.4 keeps 500.
  size_t eval_script_cache_limit = 500;

  // Lua VM instructions one script invocation may execute; a script that
  // spends them ends with "ERR Script exceeded its instruction budget".
  // 0 means no limit, as in Redis, where a runaway script holds the engine
  // until it finishes. A budget stops runaway scripts (fuzzing, untrusted
  // input) at the price of failing legitimate long ones; roughly 1e8
  // instructions take a second.
  uint64_t script_instruction_budget = 0;

  // Receives redis.log messages: level 0 (debug), 1 (verbose), 2 (notice),
  // 3 (warning) and the text. Null drops them. REQUIRES: runs under the
  // engine's lock and must not call back into the Engine.
  std::function<void(int level, std::string_view message)> script_log;
  // redis.log messages below this level are dropped before script_log, as
  // Redis's `loglevel` (default notice) does. 0 to 3.
  int script_log_level = 2;

  // Whether a script may write after it has seen something nondeterministic.
  //
  // kStrict (the library's default) keeps a script replayable: once it has
  // run a command with nondeterministic output (TIME, RANDOMKEY,
  // SRANDMEMBER, HRANDFIELD, ZRANDMEMBER, SCAN, TTL, ...), any write fails
  // with Redis's historic "Write commands not allowed after non
  // deterministic commands. ..." error, and so does SPOP, whose effect is
  // itself random; with rollback_failed_scripts an uncaught failure undoes
  // what the script wrote. Replies whose order is arbitrary (SMEMBERS,
  // SINTER, SUNION, SDIFF, KEYS, HKEYS, HVALS, HGETALL) reach the script
  // sorted, and math.random starts from the same seed on every run, as
  // Redis before 7.0 did. redis.replicate_commands() switches one run to
  // kEffects, as it did in Redis 3.2-6.2. The price: scripts written for
  // Redis 7 that write after TIME or SPOP fail, and sorting costs
  // O(n log n) on those replies.
  //
  // kEffects (RedisCompatible()) is Redis 7.0: no guard, natural reply
  // order, and one math.random sequence for the whole engine. A replica or
  // log must then record the script's effects rather than the script (see
  // on_change).
  ScriptDeterminism script_determinism = ScriptDeterminism::kStrict;

  // Receives, after each committed write command or script, what it
  // changed (luakv/change_log.h): the hook for replication or an
  // append-only log. Null: nothing is recorded, at no cost. REQUIRES: runs
  // under the engine's lock and must not call back into the Engine.
  ChangeListener on_change;

  // --- Failed, runaway and busy scripts.

  // A script that ends with an uncaught error (raised, killed, out of Lua
  // memory or time) leaves the keyspace exactly as it was before it
  // started: its writes are undone from a journal. Errors the script
  // catches (redis.pcall, pcall) undo nothing. The price is a few moves per
  // write on every script, failing or not (about the cost of one extra hash
  // probe per write). Redis keeps a failed script's partial writes
  // (RedisCompatible(): false). The setting also decides whether a script
  // that already wrote may be killed: with rollback it may (and is rolled
  // back); without, SCRIPT KILL answers UNKILLABLE, as in Redis.
  bool rollback_failed_scripts = true;

  // Bytes the Lua VM of EVAL scripts may hold (compiled scripts included);
  // past it an allocation fails and the script ends with "ERR Script
  // exceeded the Lua memory limit script: <sha>". The engine stays usable
  // and, with rollback_failed_scripts, the script's writes are undone.
  // 0 means no limit, as in Redis (RedisCompatible()), where a script that
  // builds a huge table or string grows the process until the system
  // refuses.
  size_t script_memory_limit_bytes = size_t{256} << 20;

  // Redis's busy-reply-threshold (lua-time-limit): once a script has run
  // this long, commands from sessions (the server adapter's path,
  // Engine::Execute with a Session) get "BUSY Redis is busy running a
  // script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE." instead of
  // waiting, and SCRIPT KILL / FUNCTION KILL are served. 0 turns the
  // mechanism off: callers wait, and SCRIPT KILL cannot reach a script.
  // Engine::KillScript() works regardless. Redis default: 5000.
  int64_t busy_reply_threshold_ms = 5000;

  // Whether the host conveniences (Execute, Eval and EvalSha without a
  // Session, ScriptLoad) wait for a busy script to finish rather than
  // getting the BUSY error past busy_reply_threshold_ms. A host thread
  // usually has nothing better to do than wait; the host can stop a
  // runaway script with Engine::KillScript() or script_time_limit_ms.
  bool host_calls_wait_when_busy = true;

  // A hard limit on one script's run time: past it the script is stopped
  // as if killed ("ERR Script exceeded its time limit ..."), whatever it
  // wrote (rolled back with rollback_failed_scripts). 0 means none, as in
  // Redis. Checked every LuaSandbox::kHookPeriod VM instructions; time
  // spent inside one command the script runs is not interrupted.
  int64_t script_time_limit_ms = 0;

  // --- Script guards (flags, memory).

  // Keyspace bytes (Engine's accounting, INFO used_memory) above which
  // commands flagged deny-oom, and scripts that may write without the
  // allow-oom flag, are refused with Redis's "OOM command not allowed when
  // used memory > 'maxmemory'.". Nothing is evicted. 0: no limit (Redis's
  // default).
  size_t maxmemory = 0;

  // --- Cluster checks.

  // Makes the engine refuse what one node of a Redis 7.0 Cluster refuses,
  // so that commands and scripts tested here keep working when moved to a
  // cluster. Off by default (and in RedisCompatible(), like a Redis server
  // without cluster-enabled); when off it costs one branch per command.
  struct ClusterChecks {
    bool enabled = false;
    // Hash slots (0..16383) this node serves, as inclusive ranges. Empty:
    // all of them, as a single-node cluster; then only the rules about
    // keys sharing a slot apply. A key in another slot is answered with a
    // MOVED redirection naming `moved_to` (inside a script: the script
    // error about a non-local key).
    struct SlotRange {
      int first;
      int last;
    };
    std::vector<SlotRange> owned_slots;
    // "host:port" of the node a MOVED redirection points to.
    std::string moved_to = "127.0.0.1:6379";
  };
  // What is checked, when enabled (README "Cluster checks"): the keys of
  // one command must hash to one slot (CROSSSLOT) that this node owns
  // (MOVED); only database 0 exists (SELECT, MOVE, SWAPDB and COPY ... DB
  // refused); scripts with a shebang access keys of one slot unless flagged
  // allow-cross-slot-keys, and scripts flagged no-cluster do not run.
  ClusterChecks cluster_checks;

  // The settings under which the engine behaves as Redis 7.0 does.
  static Options RedisCompatible();

  // OK, or InvalidArgument naming the first field that is out of range.
  absl::Status Validate() const;
};

}  // namespace luakv

#endif  // LUAKV_OPTIONS_H_
