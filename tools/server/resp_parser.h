// RespParser: turns the bytes a client sends into commands, incrementally,
// exactly as Redis 7.0 reads its query buffer. Both request forms work:
//
//   multibulk  *2\r\n$3\r\nGET\r\n$1\r\nk\r\n
//   inline     GET k\r\n      (split with redis-cli's quoting rules)
//
// Malformed input gets Redis's protocol error text, after which the parser
// stays in its error state: the caller replies with error() and closes the
// connection. Commands parsed before the error are valid and should be run
// first, as Redis runs them.
//
// The parser is pure (no I/O): a caller reads straight into the buffer it
// exposes (Prepare/Commit) or hands it bytes (Feed), then calls Next() until
// it returns kNeedMore.
//
// Thread safety: one parser per connection, used by one thread at a time.

#ifndef LUAKV_TOOLS_SERVER_RESP_PARSER_H_
#define LUAKV_TOOLS_SERVER_RESP_PARSER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace luakv::server {

// Redis 7.0's limits on client input.
struct RespLimits {
  // PROTO_INLINE_MAX_SIZE: the longest inline request, and the longest
  // "*<count>" or "$<len>" line, Redis waits for before giving up.
  size_t max_inline = 64 * 1024;
  // proto-max-bulk-len: the largest bulk argument.
  int64_t max_bulk = 512LL * 1024 * 1024;
  // The largest multibulk count (INT_MAX in Redis 7.0).
  int64_t max_multibulk = 2147483647;
  // Before a client authenticates (when a password is required) Redis
  // accepts only small requests.
  int64_t unauthenticated_max_multibulk = 10;
  int64_t unauthenticated_max_bulk = 16384;
};

class RespParser {
 public:
  enum class Result {
    kCommand,   // argv() holds a command (never empty)
    kNeedMore,  // the buffered bytes hold no complete command yet
    kError,     // protocol error: reply error() and close the connection
  };

  explicit RespParser(RespLimits limits = RespLimits());

  // Space for at least `min_bytes` more input at the end of the buffer; read
  // into it, then Commit() the count actually read. The span is valid until
  // the next call of any non-const method.
  std::span<char> Prepare(size_t min_bytes);
  void Commit(size_t n);
  // Appends `bytes` (Prepare + copy + Commit).
  void Feed(std::string_view bytes);

  // How many bytes a read should ask for: more than the default when a large
  // bulk argument is being received, so it arrives in few reads.
  size_t ReadHint() const;

  // Parses the next command out of the buffered bytes.
  Result Next();

  // The command Next() last returned kCommand for. Valid until Next().
  const std::vector<std::string>& argv() const { return argv_; }
  // The reply text for a protocol error ("ERR Protocol error: ..."), after
  // Next() returned kError.
  const std::string& error() const { return error_; }

  // Whether the client has authenticated; while false, the unauthenticated
  // limits apply. Starts true (no password required).
  void set_authenticated(bool authenticated) { authenticated_ = authenticated; }

  // Bytes received and not yet consumed by a complete command.
  size_t buffered() const { return end_ - pos_; }

 private:
  Result ParseInline();
  Result ParseMultibulk();
  Result Fail(std::string text);
  // Makes room for `n` more bytes after end_, compacting first.
  void Reserve(size_t n);

  RespLimits limits_;
  bool authenticated_ = true;
  std::vector<char> buf_;
  size_t pos_ = 0;  // first unconsumed byte
  size_t end_ = 0;  // one past the last received byte

  // Multibulk state, kept across calls so a command that arrives in many
  // pieces is never rescanned from its start.
  int64_t multibulk_left_ = 0;  // arguments still to read; 0: between commands
  int64_t bulk_len_ = -1;  // length of the argument being read; -1: unknown
  std::vector<std::string> argv_;
  size_t argc_ = 0;  // arguments of the current command in argv_
  bool failed_ = false;
  std::string error_;
};

}  // namespace luakv::server

#endif  // LUAKV_TOOLS_SERVER_RESP_PARSER_H_
