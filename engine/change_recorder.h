// ChangeRecorder: collects what a unit of work (a write command, a script)
// changed and hands it to Options::on_change when the unit commits
// (luakv/change_log.h). It costs one test of the listener per write command
// when no listener is set.
//
// The dispatcher records each successful write command; a handler whose
// effect is random says what it did instead (SPOP records SREM of the
// members it popped), so a replay does exactly the same.
//
// Thread safety: none; used under the engine's lock.

#ifndef LUAKV_ENGINE_CHANGE_RECORDER_H_
#define LUAKV_ENGINE_CHANGE_RECORDER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "luakv/change_log.h"

namespace luakv {

class ChangeRecorder {
 public:
  // `listener` must outlive the recorder (it is the engine's options').
  explicit ChangeRecorder(const ChangeListener& listener)
      : listener_(listener) {}

  // Whether anyone listens.
  bool enabled() const { return static_cast<bool>(listener_); }

  // For handlers: the running command changed data as `argv` says, not as
  // its own arguments. Ignored when nothing records.
  void RewriteCurrent(std::vector<std::string> argv);
  // For handlers: the running command changed nothing.
  void CurrentUnchanged();

  // Around one write command that should be recorded: BeginCommand before
  // it runs, EndCommand after; a command that `failed` (replied with an
  // error) or said it changed nothing is dropped.
  void BeginCommand();
  void EndCommand(int db, int64_t time_ms,
                  std::span<const std::string_view> argv, bool failed);

  // Appends an entry as is (a strict-mode script's call).
  void Add(int db, int64_t time_ms, std::vector<std::string> argv);

  // Delivers what is pending as one group (nothing when empty) and clears.
  void Commit();
  // Drops what is pending (a rolled-back script).
  void Discard() { pending_.clear(); }
  size_t pending() const { return pending_.size(); }

 private:
  enum class Override { kNone, kRewrite, kUnchanged };

  const ChangeListener& listener_;
  std::vector<Change> pending_;
  Override override_ = Override::kNone;
  std::vector<std::string> rewrite_;
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_CHANGE_RECORDER_H_
