#include "engine/change_recorder.h"

#include <utility>

namespace luakv {

void ChangeRecorder::RewriteCurrent(std::vector<std::string> argv) {
  if (!enabled()) return;
  override_ = Override::kRewrite;
  rewrite_ = std::move(argv);
}

void ChangeRecorder::CurrentUnchanged() {
  if (!enabled()) return;
  override_ = Override::kUnchanged;
}

void ChangeRecorder::BeginCommand() { override_ = Override::kNone; }

void ChangeRecorder::EndCommand(int db, int64_t time_ms,
                                std::span<const std::string_view> argv,
                                bool failed) {
  const Override what = override_;
  override_ = Override::kNone;
  if (failed || what == Override::kUnchanged) return;
  Change& change = pending_.emplace_back();
  change.db = db;
  change.time_ms = time_ms;
  if (what == Override::kRewrite) {
    change.argv = std::move(rewrite_);
    rewrite_.clear();
  } else {
    change.argv.assign(argv.begin(), argv.end());
  }
}

void ChangeRecorder::Add(int db, int64_t time_ms,
                         std::vector<std::string> argv) {
  Change& change = pending_.emplace_back();
  change.db = db;
  change.time_ms = time_ms;
  change.argv = std::move(argv);
}

void ChangeRecorder::Commit() {
  if (pending_.empty()) return;
  if (listener_) listener_(pending_);
  pending_.clear();
}

}  // namespace luakv
