// File: luakv/reply_sink.h
//
// ReplySink is the reply path. A command handler never builds bytes for a
// particular protocol: it calls the sink once per reply element, and the sink
// decides what that becomes. The library ships three kinds of sink:
//   * a tree sink that builds an owned `luakv::Reply` (host API, tests);
//   * a RESP2/RESP3 encoder (`luakv::RespWriter`, for servers and logs);
//   * a Lua sink that pushes values straight onto a script's stack
//     (`redis.call`), so no intermediate reply is ever built.
//
// Aggregates are announced with their element count before their elements:
// `Array(2); Bulk("a"); Bulk("b");`. `Map(n)` announces n key/value pairs
// (2n elements follow). A sink that speaks RESP2 downgrades RESP3-only kinds
// the way Redis 7.0 does (maps and sets become arrays, doubles become bulk
// strings, booleans become integers 1/0, big numbers become bulk strings).
//
// Thread safety: a sink is used by one thread at a time.

#ifndef LUAKV_REPLY_SINK_H_
#define LUAKV_REPLY_SINK_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace luakv {

class ReplySink {
 public:
  virtual ~ReplySink() = default;

  // A status reply, e.g. "OK" (no leading '+').
  virtual void Simple(std::string_view text) = 0;
  // An error reply: the full text with its code, e.g. "ERR syntax error" or
  // "WRONGTYPE Operation against ...", without a leading '-'. Sinks that
  // encode a protocol replace CR and LF by spaces, as patched Redis 7.0 does.
  virtual void Error(std::string_view text) = 0;
  virtual void Integer(int64_t value) = 0;
  // A binary-safe bulk string.
  virtual void Bulk(std::string_view bytes) = 0;
  // The null bulk string (RESP2 "$-1", RESP3 "_").
  virtual void Null() = 0;
  // The null array (RESP2 "*-1", RESP3 "_").
  virtual void NullArray() = 0;
  virtual void Array(size_t count) = 0;
  // `pairs` key/value pairs follow. RESP2: an array of 2*pairs elements.
  virtual void Map(size_t pairs) = 0;
  // RESP2: an array.
  virtual void Set(size_t count) = 0;
  // RESP3 double; RESP2 bulk string formatted with "%.17g" (Redis's rule).
  virtual void Double(double value) = 0;
  // RESP3 boolean; RESP2 integer 1 or 0.
  virtual void Bool(bool value) = 0;
  // RESP3 big number (decimal digits); RESP2 bulk string.
  virtual void BigNumber(std::string_view digits) = 0;
  // RESP3 verbatim string with a 3-character format ("txt", "mkd");
  // RESP2 bulk string of `text`.
  virtual void Verbatim(std::string_view format, std::string_view text) = 0;

  // The protocol this sink speaks to its reader: 2 or 3. Handlers rarely need
  // it; a few Redis commands reply differently under RESP3 beyond what the
  // downgrade rules above express.
  virtual int protocol() const = 0;
};

}  // namespace luakv

#endif  // LUAKV_REPLY_SINK_H_
