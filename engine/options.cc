#include "luakv/options.h"

#include <chrono>

#include "absl/strings/str_cat.h"

namespace luakv {

Options Options::RedisCompatible() {
  Options o;
  o.eval_script_cache_limit = 0;  // Redis 7.0 never evicts scripts
  o.rollback_failed_scripts = false;  // Redis keeps partial writes
  o.script_memory_limit_bytes = 0;    // Redis does not bound Lua memory
  o.script_determinism = ScriptDeterminism::kEffects;  // Redis 7.0
  return o;
}

absl::Status Options::Validate() const {
  if (script_log_level < 0 || script_log_level > 3) {
    return absl::InvalidArgumentError(absl::StrCat(
        "script_log_level must be between 0 and 3, got ", script_log_level));
  }
  // SELECT takes a signed 32-bit index; Redis caps databases the same way.
  if (databases < 1 || databases > 1 << 20) {
    return absl::InvalidArgumentError(
        absl::StrCat("databases must be between 1 and 1048576, got ",
                     databases));
  }
  if (active_expire_keys_per_step == 0) {
    return absl::InvalidArgumentError(
        "active_expire_keys_per_step must be positive");
  }
  if (busy_reply_threshold_ms < 0 || script_time_limit_ms < 0) {
    return absl::InvalidArgumentError(
        "busy_reply_threshold_ms and script_time_limit_ms must not be "
        "negative");
  }
  for (const ClusterChecks::SlotRange& r : cluster_checks.owned_slots) {
    if (r.first < 0 || r.last > 16383 || r.first > r.last) {
      return absl::InvalidArgumentError(absl::StrCat(
          "cluster_checks.owned_slots: bad range ", r.first, "-", r.last,
          " (slots are 0..16383, first <= last)"));
    }
  }
  return absl::OkStatus();
}

int64_t SystemClock::NowMicros() const {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace luakv
