// File: luakv/clock.h
//
// Clock is the engine's only source of time. Expiry, TTL, TIME and the busy
// script threshold all ask it, so a test can travel in time with ManualClock
// instead of sleeping.
//
// Thread safety: implementations must be safe to call from any thread. The
// engine calls NowMicros() with its internal lock held: a clock must not call
// back into the Engine.

#ifndef LUAKV_CLOCK_H_
#define LUAKV_CLOCK_H_

#include <atomic>
#include <cstdint>

namespace luakv {

class Clock {
 public:
  virtual ~Clock() = default;
  // Microseconds since the Unix epoch.
  virtual int64_t NowMicros() const = 0;
};

// Wall-clock time (what Redis uses for expiry and TIME).
class SystemClock final : public Clock {
 public:
  int64_t NowMicros() const override;
};

// A clock that moves only when told to. Starts at `start_micros`
// (default: 2024-01-01T00:00:00Z, so that relative and absolute expiry
// times both make sense in tests).
class ManualClock final : public Clock {
 public:
  static constexpr int64_t kDefaultStartMicros = 1704067200LL * 1000000;

  explicit ManualClock(int64_t start_micros = kDefaultStartMicros)
      : now_(start_micros) {}

  int64_t NowMicros() const override {
    return now_.load(std::memory_order_relaxed);
  }
  void SetMicros(int64_t micros) {
    now_.store(micros, std::memory_order_relaxed);
  }
  void AdvanceMicros(int64_t delta) {
    now_.fetch_add(delta, std::memory_order_relaxed);
  }
  void AdvanceMillis(int64_t delta) { AdvanceMicros(delta * 1000); }
  void AdvanceSeconds(int64_t delta) { AdvanceMicros(delta * 1000000); }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace luakv

#endif  // LUAKV_CLOCK_H_
