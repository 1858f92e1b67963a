#include "engine/engine_core.h"

#include <utility>

namespace luakv {

EngineCore::EngineCore(Options options)
    : options_(std::move(options)),
      clock_(options_.clock ? options_.clock
                            : std::make_shared<SystemClock>()),
      keyspace_(options_.databases, options_.random_seed),
      stats_(clock_->NowMicros()) {}

void EngineCore::StartCommandClock() {
  now_us_ = clock_->NowMicros();
  keyspace_.set_now_ms(now_us_ / 1000);
}

}  // namespace luakv
