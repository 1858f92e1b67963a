// LuaSink: the reply sink of redis.call. It turns a command's reply into the
// Lua value Redis 7.0 gives a script (spec §1.3), pushing it straight onto
// the calling thread's stack as the handler writes it: no intermediate
// reply is built.
//
// The sink speaks the script's protocol (redis.setresp): under RESP2 a map
// arrives as a flat array, a null as `false`, a double as a string; under
// RESP3 they become {map=...}, nil and {double=...}. Error replies become
// {err='CODE message', ignore_error_stats_update=true}.
//
// Usage, once per command:
//   sink.Reset(L, resp);  host.Call(argv, sink);  // one value pushed
//   if (sink.is_error()) ...                       // top-level error reply
//
// Thread safety: used under the engine's lock by one script at a time.

#ifndef LUAKV_LUA_BINDINGS_LUA_SINK_H_
#define LUAKV_LUA_BINDINGS_LUA_SINK_H_

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "luakv/reply_sink.h"

struct lua_State;

namespace luakv::lua {

class LuaSink final : public ReplySink {
 public:
  LuaSink() { frames_.reserve(8); }

  // Starts a new reply on `L`'s stack, converted for protocol `resp` (2/3).
  void Reset(lua_State* L, int resp) {
    L_ = L;
    resp_ = resp;
    is_error_ = false;
    done_ = false;
    frames_.clear();
  }

  // True when the whole reply was an error (not an error nested in an
  // array, which stays an ordinary {err=...} element).
  bool is_error() const { return is_error_; }
  // True once a complete value has been pushed.
  bool done() const { return done_; }

  void Simple(std::string_view text) override;
  void Error(std::string_view text) override;
  void Integer(int64_t value) override;
  void Bulk(std::string_view bytes) override;
  void Null() override;
  void NullArray() override;
  void Array(size_t count) override;
  void Map(size_t pairs) override;
  void Set(size_t count) override;
  void Double(double value) override;
  void Bool(bool value) override;
  void BigNumber(std::string_view digits) override;
  void Verbatim(std::string_view format, std::string_view text) override;
  int protocol() const override { return resp_; }

 private:
  enum class Kind : uint8_t { kArray, kMap, kSet };
  struct Frame {
    Kind kind;
    bool have_key;     // kMap: a key waits on the stack for its value
    size_t remaining;  // elements (array, set) or pairs (map) still to come
    int next_index;    // kArray: where the next element goes
  };

  // Makes room on the stack before a push.
  void Room(int slots);
  // A value was pushed: store it into the open aggregate, closing every
  // aggregate that completes.
  void Complete();
  void Open(Kind kind, size_t count);

  lua_State* L_ = nullptr;
  int resp_ = 2;
  bool is_error_ = false;
  bool done_ = false;
  std::vector<Frame> frames_;
};

// Pushes Redis's error table {err='CODE msg'} for `text`, an error text as
// a reply carries it ("CODE msg", no leading '-'). As Redis does: the text
// ends at a NUL byte; its first word is the code, or the code is ERR when
// there is no space; CR/LF around the message are trimmed. [-0, +1, m]
void PushErrorTable(lua_State* L, std::string_view text);

}  // namespace luakv::lua

#endif  // LUAKV_LUA_BINDINGS_LUA_SINK_H_
