// RespClient: a tiny blocking Redis client over a loopback TCP socket, for
// tests that compare luakv with a real redis-server byte for byte.
//
// It returns the raw bytes of each reply, exactly as the server sent them.
// RESP2 and RESP3 framing is parsed only to find where one reply ends.
//
//   auto client = RespClient::Connect(port);
//   absl::StatusOr<std::string> r = (*client)->Command({"GET", "k"});
//   // *r == "$1\r\nv\r\n"
//
// Every read has a timeout, so a server that never answers fails the test
// instead of hanging it. After an I/O error the client is broken() and must
// be replaced.
//
// Thread safety: none; one client per thread.

#ifndef LUAKV_TESTS_TESTING_RESP_CLIENT_H_
#define LUAKV_TESTS_TESTING_RESP_CLIENT_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace luakv::testing {

// The length of the one complete RESP2/RESP3 reply at the start of `buf`
// (attributes included), 0 when `buf` holds only part of one, or
// InvalidArgument when the bytes are not RESP.
absl::StatusOr<size_t> RespFrameLength(std::string_view buf);

// `argv` as a RESP array of bulk strings (how clients send commands).
std::string EncodeRespCommand(std::span<const std::string> argv);

class RespClient {
 public:
  // Connects to 127.0.0.1:`port`. `timeout` bounds the connect and every
  // later reply.
  static absl::StatusOr<std::unique_ptr<RespClient>> Connect(
      int port, std::chrono::milliseconds timeout = std::chrono::seconds(10));

  ~RespClient();
  RespClient(const RespClient&) = delete;
  RespClient& operator=(const RespClient&) = delete;

  // Sends one command and returns the raw bytes of its reply.
  absl::StatusOr<std::string> Command(std::span<const std::string> argv);
  absl::StatusOr<std::string> Command(std::initializer_list<std::string> argv) {
    std::vector<std::string> v(argv);
    return Command(std::span<const std::string>(v));
  }

  // The halves of Command, for pipelining or for replies that arrive
  // unprompted (RESP3 pushes).
  absl::Status Send(std::span<const std::string> argv);
  absl::StatusOr<std::string> ReadReply();

  // True after an I/O or protocol error, or once the server closed the
  // connection (QUIT).
  bool broken() const { return fd_ < 0; }

 private:
  RespClient(int fd, std::chrono::milliseconds timeout)
      : fd_(fd), timeout_(timeout) {}
  void Close();

  int fd_;
  std::chrono::milliseconds timeout_;
  // Bytes received but not yet returned (the start of the next reply).
  std::string buffer_;
};

}  // namespace luakv::testing

#endif  // LUAKV_TESTS_TESTING_RESP_CLIENT_H_
