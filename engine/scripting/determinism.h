// Strict determinism for scripts (Options::script_determinism, kStrict):
// the pieces of Redis 3.2-6.2's script replication rules that are not a
// plain check in the dispatcher.
//
//   * Replies whose order is arbitrary (commands with the
//     nondeterministic_output_order tip) reach the script sorted, as old
//     Redis sorted SMEMBERS, KEYS, ... for scripts (its sort_for_script
//     flag): flat arrays of strings are sorted bytewise, HGETALL's
//     field/value pairs by field. A reply of another shape (COMMAND's
//     nested arrays) cannot be sorted and counts as nondeterministic
//     output instead.
//   * math.random restarts from the state Redis before 7.0 set before every
//     script (its srand48(0)).

#ifndef LUAKV_ENGINE_SCRIPTING_DETERMINISM_H_
#define LUAKV_ENGINE_SCRIPTING_DETERMINISM_H_

#include <cstdint>

#include "luakv/reply.h"
#include "luakv/reply_sink.h"

namespace luakv {

// The math.random state of a strict-mode script at its start: seed 0 in
// Redis's srand48 (so math.random() first returns 0.17082803611217).
inline constexpr uint64_t kStrictRandomState = 0x330E;

// Collects one reply so it can be written sorted. Use it as the handler's
// sink, then call WriteSorted.
class SortingSink final : public ReplySink {
 public:
  explicit SortingSink(int protocol) : tree_(protocol) {}

  // Writes the collected reply to `out`, its elements sorted. Returns false
  // when the reply's order could not be fixed (it is then written as it
  // came): an aggregate holding something other than strings.
  bool WriteSorted(ReplySink& out);

  void Simple(std::string_view text) override { Next().Simple(text); }
  void Error(std::string_view text) override { Next().Error(text); }
  void Integer(int64_t value) override { Next().Integer(value); }
  void Bulk(std::string_view bytes) override { Next().Bulk(bytes); }
  void Null() override { Next().Null(); }
  void NullArray() override { Next().NullArray(); }
  void Array(size_t count) override { Next().Array(count); }
  void Map(size_t pairs) override {
    // Under RESP2 the tree holds a flat array; the pairs must stay pairs.
    if (first_) pairs_ = true;
    Next().Map(pairs);
  }
  void Set(size_t count) override { Next().Set(count); }
  void Double(double value) override { Next().Double(value); }
  void Bool(bool value) override { Next().Bool(value); }
  void BigNumber(std::string_view digits) override {
    Next().BigNumber(digits);
  }
  void Verbatim(std::string_view format, std::string_view text) override {
    Next().Verbatim(format, text);
  }
  int protocol() const override { return tree_.protocol(); }

 private:
  ReplyBuilder& Next() {
    first_ = false;
    return tree_;
  }

  ReplyBuilder tree_;
  // Only the first call opens the top-level aggregate; later Map calls are
  // nested ones.
  bool first_ = true;
  bool pairs_ = false;
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_SCRIPTING_DETERMINISM_H_
