// File: luakv/engine.h
//
// Engine is an in-process Redis-compatible keyspace with Redis 7.0's command
// table. A host sends it commands as argument vectors and gets replies back:
//
//   luakv::Engine engine;
//   engine.Execute({"SET", "balance:1", "100"});
//   luakv::Reply r = engine.Execute({"DECRBY", "balance:1", "30"});  // 70
//
// Replies, error texts and conversion rules are Redis 7.0's. A Redis error is
// a reply (`r.is_error()`), never an exception; the library throws none.
//
// Thread safety: an Engine is safe for concurrent use from any number of
// threads without external synchronisation. Every command runs atomically:
// no other command interleaves with it.
//
// Scripts that fail, run away or are killed (see Options): with the default
// Options a script that ends with an uncaught error, is killed, or exceeds
// its Lua memory or time limit leaves the keyspace exactly as it found it.
// While a script runs, other callers wait; callers with a Session (the
// server adapter's path) get Redis's BUSY error once the script has run for
// Options::busy_reply_threshold_ms, and may then send SCRIPT KILL. The host
// stops a script at any time with KillScript().

#ifndef LUAKV_ENGINE_H_
#define LUAKV_ENGINE_H_

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "luakv/options.h"
#include "luakv/reply.h"
#include "luakv/reply_sink.h"
#include "luakv/session.h"

namespace luakv {

class Engine {
 public:
  // REQUIRES: options.Validate().ok(). Use Create() to get an error instead.
  explicit Engine(Options options = Options());
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // An Engine, or InvalidArgument when `options` do not validate.
  static absl::StatusOr<std::unique_ptr<Engine>> Create(Options options);

  // Runs one command on the engine's default session (database 0 unless a
  // SELECT sent through these overloads changed it; RESP2).
  Reply Execute(std::initializer_list<std::string_view> argv);
  Reply Execute(std::span<const std::string_view> argv);
  Reply Execute(const std::vector<std::string>& argv);

  // Runs one command on behalf of `session`.
  Reply Execute(Session& session, std::span<const std::string_view> argv);

  // The zero-copy form for adapters: the reply is written into `sink`,
  // which should speak `session.protocol()`. `argv` need only live for the
  // duration of the call.
  void Execute(Session& session, std::span<const std::string_view> argv,
               ReplySink& sink);

  // Runs a Lua script as EVAL does, on the default session, with KEYS =
  // `keys` and ARGV = `args`:
  //
  //   luakv::Reply r = engine.Eval(
  //       "return redis.call('DECRBY', KEYS[1], ARGV[1])", {"balance:1"}, {"30"});
  //
  // The script is compiled once and cached under its SHA1 (see EvalSha).
  // Replies and errors are EVAL's, e.g. "ERR user_script:1: ... script:
  // <sha>, on @user_script:1.". The script runs atomically: no other
  // command interleaves with it.
  Reply Eval(std::string_view script, std::span<const std::string_view> keys,
             std::span<const std::string_view> args);
  Reply Eval(std::string_view script,
             std::initializer_list<std::string_view> keys = {},
             std::initializer_list<std::string_view> args = {});
  Reply Eval(std::string_view script, const std::vector<std::string>& keys,
             const std::vector<std::string>& args);

  // Runs a cached script by its SHA1 (any case), as EVALSHA does; the error
  // "NOSCRIPT No matching script. Please use EVAL." when it is not cached.
  // The cheapest way to run a script repeatedly: nothing is parsed or hashed.
  Reply EvalSha(std::string_view sha1, std::span<const std::string_view> keys,
                std::span<const std::string_view> args);
  Reply EvalSha(std::string_view sha1,
                std::initializer_list<std::string_view> keys = {},
                std::initializer_list<std::string_view> args = {});
  Reply EvalSha(std::string_view sha1, const std::vector<std::string>& keys,
                const std::vector<std::string>& args);

  // Compiles and caches a script without running it, as SCRIPT LOAD does,
  // and returns its SHA1 (40 lowercase hex characters). A script loaded
  // this way stays cached until SCRIPT FLUSH. InvalidArgument, with
  // Redis's reply text as message, when it does not compile.
  absl::StatusOr<std::string> ScriptLoad(std::string_view script);

  // Stops the script running now, from any thread, without waiting for the
  // engine (it never takes the engine's lock). The script ends at its next
  // check (every LuaSandbox::kHookPeriod VM instructions, or its next
  // redis.call) with "ERR Script killed by user with SCRIPT KILL... script:
  // <sha>, on @user_script:<line>." and, with
  // Options::rollback_failed_scripts, its writes are undone. Works on EVAL
  // scripts and functions alike, whatever busy_reply_threshold_ms says.
  // FailedPrecondition with Redis's text "NOTBUSY No scripts in execution
  // right now." when none runs, or "UNKILLABLE Sorry the script already
  // executed write commands ..." when it wrote and rollback is off.
  absl::Status KillScript();

  // One step of active expiry: examines at most `max_keys` keys (0 means
  // Options::active_expire_keys_per_step) that carry a TTL and deletes those
  // whose time has passed. Expired keys are also removed lazily whenever a
  // command touches them; call this periodically (for example from a timer
  // thread) to reclaim memory from keys nothing reads. Returns the number of
  // keys deleted.
  size_t ActiveExpire(size_t max_keys = 0);

  // Approximate bytes held by keys and values across all databases.
  size_t KeyspaceMemoryBytes() const;

  // For a server built on the engine: the connections it has open now and
  // has accepted since it started, which INFO reports (connected_clients,
  // total_connections_received). Both are 0 for a purely embedded engine.
  // Cheap, and never waits for a running command.
  void ReportConnections(uint64_t connected, uint64_t total_received);

  const Options& options() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_H_
