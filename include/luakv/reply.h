// File: luakv/reply.h
//
// Reply is an owned value holding one command's reply: what the host API
// returns. It covers every RESP3 kind. `ToString()` prints it exactly the way
// redis-cli prints a reply in a terminal, so a failing test reads like Redis:
//
//   luakv::Reply r = engine.Execute({"INCR", "k"});
//   if (r.is_error()) std::cerr << r.ToString() << "\n";  // (error) ERR ...
//   int64_t n = r.integer();
//
// Which kinds appear depends on the session's protocol: under RESP2 a map is
// returned as a flat array, a double as a bulk string, and so on (see
// reply_sink.h).
//
// Thread safety: a Reply is a plain value; distinct objects may be used from
// distinct threads.

#ifndef LUAKV_REPLY_H_
#define LUAKV_REPLY_H_

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "luakv/reply_sink.h"

namespace luakv {

class Reply {
 public:
  enum class Type {
    kStatus,     // +OK
    kError,      // -ERR ...
    kInteger,    // :1
    kBulk,       // $3 abc
    kNull,       // $-1 (RESP2) or _ (RESP3)
    kNullArray,  // *-1 (RESP2)
    kArray,      // *n
    kMap,        // %n, elements() holds keys and values interleaved
    kSet,        // ~n
    kDouble,     // ,1.5
    kBool,       // #t
    kBigNumber,  // (123
    kVerbatim,   // =7 txt:abc, str() holds the text, format() its format
  };

  // A null bulk reply.
  Reply() = default;

  static Reply Status(std::string_view text);
  static Reply Error(std::string_view text);
  static Reply Integer(int64_t value);
  static Reply Bulk(std::string_view bytes);
  static Reply Null();
  static Reply NullArray();
  static Reply Array(std::vector<Reply> elements);
  // `interleaved` holds key, value, key, value, ...
  static Reply Map(std::vector<Reply> interleaved);
  static Reply Set(std::vector<Reply> elements);
  static Reply Double(double value);
  static Reply Bool(bool value);
  static Reply BigNumber(std::string_view digits);
  static Reply Verbatim(std::string_view format, std::string_view text);

  Type type() const { return type_; }
  bool is_error() const { return type_ == Type::kError; }
  bool is_null() const {
    return type_ == Type::kNull || type_ == Type::kNullArray;
  }

  // The text of a status, error, bulk, big number or verbatim reply.
  const std::string& str() const { return str_; }
  std::string& mutable_str() { return str_; }
  // The value of an integer or boolean (1/0) reply.
  int64_t integer() const { return integer_; }
  double dbl() const { return double_; }
  // Verbatim format, e.g. "txt".
  const std::string& format() const { return format_; }
  // Elements of an array, map (interleaved) or set.
  const std::vector<Reply>& elements() const { return elements_; }
  std::vector<Reply>& mutable_elements() { return elements_; }
  size_t size() const { return elements_.size(); }
  const Reply& operator[](size_t i) const { return elements_[i]; }

  // Writes this reply into `sink`, element by element.
  void WriteTo(ReplySink& sink) const;

  // The reply as redis-cli prints it in a terminal (no trailing newline):
  // `OK`, `(integer) 3`, `"v"`, `(nil)`, `(error) ERR ...`,
  // `1) "a"\n2) "b"`, `(empty array)`.
  std::string ToString() const;
  // The reply as `redis-cli --raw` prints it.
  std::string ToRawString() const;

  friend bool operator==(const Reply& a, const Reply& b);
  friend bool operator!=(const Reply& a, const Reply& b) { return !(a == b); }

 private:
  friend class ReplyBuilder;
  // Makes this an empty reply of `type`, keeping the storage it has.
  void Reset(Type type) {
    type_ = type;
    integer_ = 0;
    double_ = 0;
    str_.clear();
    format_.clear();
    elements_.clear();
  }

  Type type_ = Type::kNull;
  int64_t integer_ = 0;
  double double_ = 0;
  std::string str_;
  std::string format_;
  std::vector<Reply> elements_;
};

std::ostream& operator<<(std::ostream& os, const Reply& reply);

// A ReplySink that builds a Reply. `protocol` is 2 or 3 and decides how
// RESP3-only kinds are downgraded, exactly as a RESP encoder would.
class ReplyBuilder final : public ReplySink {
 public:
  explicit ReplyBuilder(int protocol = 2) : protocol_(protocol) {}

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
  int protocol() const override { return protocol_; }

  // True once a complete top-level reply has been written.
  bool done() const { return done_; }
  // The reply built so far. REQUIRES: done().
  Reply Take();

 private:
  void Add(Reply r);
  void Open(Reply r, size_t count);

  struct Frame {
    Reply value;
    size_t remaining;
  };
  int protocol_;
  bool done_ = false;
  Reply root_;
  std::vector<Frame> stack_;
};

}  // namespace luakv

#endif  // LUAKV_REPLY_H_
