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
#include <memory>

#include "absl/status/status.h"
#include "luakv/clock.h"

namespace luakv {

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

  // The settings under which the engine behaves as Redis 7.0 does.
  static Options RedisCompatible();

  // OK, or InvalidArgument naming the first field that is out of range.
  absl::Status Validate() const;
};

}  // namespace luakv

#endif  // LUAKV_OPTIONS_H_
