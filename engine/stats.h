// EngineStats: the counters INFO reports. Per-command calls and time
// (commandstats), totals, and what a server adapter reports about its
// connections. Everything but the connection counters is used under the
// engine's lock; those are atomics, because an adapter reports connections
// as they come and go without taking the lock.

#ifndef LUAKV_ENGINE_STATS_H_
#define LUAKV_ENGINE_STATS_H_

#include <atomic>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "engine/command_spec.h"
#include "engine/command_table.h"
#include "luakv/reply_sink.h"

namespace luakv {

struct CommandStats {
  uint64_t calls = 0;
  uint64_t usec = 0;
  uint64_t rejected_calls = 0;  // refused before running (arity, ...)
  uint64_t failed_calls = 0;    // ran and replied with an error
};

class EngineStats {
 public:
  explicit EngineStats(int64_t start_us) : start_us_(start_us) {
    // A fresh id per engine, like Redis's run_id; not from the engine's
    // seeded generator, which replayable commands depend on.
    std::random_device rd;
    static constexpr char kHex[] = "0123456789abcdef";
    for (int i = 0; i < 40; ++i) run_id_.push_back(kHex[rd() % 16]);
  }

  // `error_counted`: false when the failed call's error reply was already
  // counted where it arose (a script passing on redis.call's error).
  void RecordCall(const CommandSpec& spec, uint64_t usec, bool failed,
                  bool error_counted = true) {
    CommandStats& s = For(spec);
    ++s.calls;
    s.usec += usec;
    if (failed) {
      ++s.failed_calls;
      if (error_counted) ++total_error_replies_;
    }
    ++total_commands_;
  }
  // A command refused before it ran (`spec` null for unknown commands),
  // with the error it got: counted under its code in errorstats, as Redis
  // does (OOM, CROSSSLOT, ...).
  void RecordRejected(const CommandSpec* spec, std::string_view error = "ERR") {
    if (spec != nullptr) ++For(*spec).rejected_calls;
    ++total_error_replies_;
    RecordErrorCode(error);
  }
  // The next error reply a watched sink sees was counted already: a script
  // ends with the error a redis.call raised or returned, which Redis counts
  // once, where the command failed. Cleared when the script's run ends.
  void SkipNextErrorCount(bool skip) { skip_next_error_ = skip; }
  bool TakeSkipNextErrorCount() {
    const bool skip = skip_next_error_;
    skip_next_error_ = false;
    return skip;
  }
  // errorstats: errors counted by their code, the text's first word.
  void RecordErrorCode(std::string_view text) {
    std::string_view code = text.substr(0, text.find(' '));
    auto it = error_counts_.find(code);
    if (it != error_counts_.end()) {
      ++it->second;
    } else if (error_counts_.size() < kMaxErrorCodes) {
      error_counts_.emplace(std::string(code), 1);
    }
  }
  // CONFIG RESETSTAT.
  void Reset() {
    top_level_.assign(top_level_.size(), CommandStats{});
    subcommands_.clear();
    error_counts_.clear();
    total_commands_ = 0;
    total_error_replies_ = 0;
  }

  // The counters of `spec`, or null when it was never counted.
  const CommandStats* Find(const CommandSpec& spec) const {
    if (const int i = CommandTable::Get().IndexOf(spec); i >= 0) {
      return static_cast<size_t>(i) < top_level_.size() ? &top_level_[i]
                                                        : nullptr;
    }
    auto it = subcommands_.find(&spec);
    return it == subcommands_.end() ? nullptr : &it->second;
  }
  uint64_t total_commands() const { return total_commands_; }
  uint64_t total_error_replies() const { return total_error_replies_; }
  int64_t start_us() const { return start_us_; }
  const std::string& run_id() const { return run_id_; }
  const std::map<std::string, uint64_t, std::less<>>& error_counts() const {
    return error_counts_;
  }

  // Reported by a server adapter (Engine::ReportConnections).
  std::atomic<uint64_t> connected_clients{0};
  std::atomic<uint64_t> total_connections_received{0};

 private:
  // Redis tracks at most 128 distinct error codes.
  static constexpr size_t kMaxErrorCodes = 128;

  int64_t start_us_;
  std::string run_id_;
  std::map<std::string, uint64_t, std::less<>> error_counts_;
  // Every call is counted, so top-level commands (all but subcommands)
  // have a slot by table position rather than a hash map entry.
  CommandStats& For(const CommandSpec& spec) {
    const CommandTable& table = CommandTable::Get();
    if (const int i = table.IndexOf(spec); i >= 0) {
      if (top_level_.empty()) top_level_.resize(table.all().size());
      return top_level_[static_cast<size_t>(i)];
    }
    return subcommands_[&spec];
  }

  std::vector<CommandStats> top_level_;
  absl::flat_hash_map<const CommandSpec*, CommandStats> subcommands_;
  uint64_t total_commands_ = 0;
  uint64_t total_error_replies_ = 0;
  bool skip_next_error_ = false;
};

// Forwards a reply to `inner` and notes whether it held an error, which is
// what makes a call count as failed (commandstats' failed_calls).
class ErrorWatchingSink final : public ReplySink {
 public:
  ErrorWatchingSink(ReplySink& inner, EngineStats& stats)
      : inner_(inner), stats_(stats) {}

  bool saw_error() const { return saw_error_; }
  // False when the error seen had been counted already (see
  // EngineStats::SkipNextErrorCount).
  bool error_counted() const { return error_counted_; }

  void Simple(std::string_view text) override { inner_.Simple(text); }
  void Error(std::string_view text) override {
    saw_error_ = true;
    if (stats_.TakeSkipNextErrorCount()) {
      error_counted_ = false;
    } else {
      stats_.RecordErrorCode(text);
    }
    inner_.Error(text);
  }
  void Integer(int64_t value) override { inner_.Integer(value); }
  void Bulk(std::string_view bytes) override { inner_.Bulk(bytes); }
  void Null() override { inner_.Null(); }
  void NullArray() override { inner_.NullArray(); }
  void Array(size_t count) override { inner_.Array(count); }
  void Map(size_t pairs) override { inner_.Map(pairs); }
  void Set(size_t count) override { inner_.Set(count); }
  void Double(double value) override { inner_.Double(value); }
  void Bool(bool value) override { inner_.Bool(value); }
  void BigNumber(std::string_view digits) override { inner_.BigNumber(digits); }
  void Verbatim(std::string_view format, std::string_view text) override {
    inner_.Verbatim(format, text);
  }
  int protocol() const override { return inner_.protocol(); }

 private:
  ReplySink& inner_;
  EngineStats& stats_;
  bool saw_error_ = false;
  bool error_counted_ = true;
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_STATS_H_
