// EngineCore: the state one Engine owns and every command may touch: the
// keyspace, the options, the clock and the statistics. Everything in it is
// used under the engine's lock only (see engine.cc), so it has no locking of
// its own.

#ifndef LUAKV_ENGINE_ENGINE_CORE_H_
#define LUAKV_ENGINE_ENGINE_CORE_H_

#include <cstdint>
#include <memory>

#include "keyspace/keyspace.h"
#include "luakv/clock.h"
#include "luakv/options.h"

namespace luakv {

class EngineCore {
 public:
  explicit EngineCore(Options options);

  const Options& options() const { return options_; }
  Keyspace& keyspace() { return keyspace_; }
  const Keyspace& keyspace() const { return keyspace_; }
  const Clock& clock() const { return *clock_; }

  // Time as the running command sees it, fixed when it starts.
  int64_t now_us() const { return now_us_; }
  // Reads the clock and fixes the time for the command about to run.
  void StartCommandClock();

 private:
  Options options_;
  std::shared_ptr<Clock> clock_;
  Keyspace keyspace_;
  int64_t now_us_ = 0;
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_ENGINE_CORE_H_
