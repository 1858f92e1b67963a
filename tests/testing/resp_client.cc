#include "testing/resp_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace luakv::testing {
namespace {

// Reads the decimal number of a header line such as "*3" or "$-1".
bool ParseHeaderNumber(std::string_view digits, int64_t* out) {
  if (digits.empty() || digits.size() > 19) return false;
  size_t i = 0;
  bool negative = false;
  if (digits[0] == '-') {
    negative = true;
    i = 1;
    if (digits.size() == 1) return false;
  }
  int64_t v = 0;
  for (; i < digits.size(); ++i) {
    if (digits[i] < '0' || digits[i] > '9') return false;
    v = v * 10 + (digits[i] - '0');
  }
  *out = negative ? -v : v;
  return true;
}

std::string Errno(const std::string& what) {
  return what + ": " + std::strerror(errno);
}

}  // namespace

absl::StatusOr<size_t> RespFrameLength(std::string_view buf) {
  // Walks the frame without recursion: `pending` counts the values still to
  // read, so an aggregate adds its elements and each value removes itself.
  int64_t pending = 1;
  size_t pos = 0;
  while (pending > 0) {
    if (pos >= buf.size()) return 0;
    const size_t eol = buf.find("\r\n", pos);
    if (eol == std::string_view::npos) return 0;
    const char type = buf[pos];
    const std::string_view line = buf.substr(pos + 1, eol - pos - 1);
    pos = eol + 2;
    switch (type) {
      case '+': case '-': case ':': case '_': case '#': case ',': case '(':
        --pending;
        break;
      case '$': case '!': case '=': {
        int64_t len = 0;
        if (!ParseHeaderNumber(line, &len) || len < -1 ||
            (len == -1 && type != '$')) {
          return absl::InvalidArgumentError(
              absl::StrCat("bad bulk length '", std::string(line), "'"));
        }
        if (len >= 0) {
          if (buf.size() - pos < static_cast<size_t>(len) + 2) return 0;
          if (buf.substr(pos + static_cast<size_t>(len), 2) != "\r\n") {
            return absl::InvalidArgumentError("bulk string not ended by CRLF");
          }
          pos += static_cast<size_t>(len) + 2;
        }
        --pending;
        break;
      }
      case '*': case '~': case '>': case '%': case '|': {
        int64_t n = 0;
        if (!ParseHeaderNumber(line, &n) || n < -1 ||
            (n == -1 && type != '*') || n > (int64_t{1} << 32)) {
          return absl::InvalidArgumentError(
              absl::StrCat("bad aggregate length '", std::string(line), "'"));
        }
        if (n == -1) {
          --pending;
        } else if (type == '%') {
          pending += 2 * n - 1;
        } else if (type == '|') {
          // Attributes annotate the value that follows: that value is
          // still pending, plus the attribute's own key-value pairs.
          pending += 2 * n;
        } else {
          pending += n - 1;
        }
        break;
      }
      default:
        return absl::InvalidArgumentError(
            absl::StrCat("unknown RESP type byte 0x",
                         absl::Hex(static_cast<unsigned char>(type))));
    }
  }
  return pos;
}

std::string EncodeRespCommand(std::span<const std::string> argv) {
  std::string out = absl::StrCat("*", argv.size(), "\r\n");
  for (const std::string& a : argv) {
    absl::StrAppend(&out, "$", a.size(), "\r\n");
    out.append(a);
    out.append("\r\n");
  }
  return out;
}

absl::StatusOr<std::unique_ptr<RespClient>> RespClient::Connect(
    int port, std::chrono::milliseconds timeout) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return absl::InternalError(Errno("socket"));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  // Loopback connects complete or are refused at once; no timeout needed.
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    absl::Status s = absl::UnavailableError(
        Errno(absl::StrCat("connect to 127.0.0.1:", port)));
    close(fd);
    return s;
  }
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return std::unique_ptr<RespClient>(new RespClient(fd, timeout));
}

RespClient::~RespClient() { Close(); }

void RespClient::Close() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

absl::Status RespClient::Send(std::span<const std::string> argv) {
  if (broken()) return absl::FailedPreconditionError("connection is closed");
  const std::string out = EncodeRespCommand(argv);
  size_t sent = 0;
  while (sent < out.size()) {
    const ssize_t n =
        send(fd_, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      absl::Status s = absl::UnavailableError(Errno("send"));
      Close();
      return s;
    }
    sent += static_cast<size_t>(n);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> RespClient::ReadReply() {
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  for (;;) {
    absl::StatusOr<size_t> len = RespFrameLength(buffer_);
    if (!len.ok()) {
      Close();
      return len.status();
    }
    if (*len > 0) {
      std::string reply = buffer_.substr(0, *len);
      buffer_.erase(0, *len);
      return reply;
    }
    if (broken()) return absl::FailedPreconditionError("connection is closed");
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      Close();
      return absl::DeadlineExceededError(
          absl::StrCat("no complete reply within ", timeout_.count(),
                       " ms; received so far: ", buffer_.size(), " bytes"));
    }
    pollfd p{fd_, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno != EINTR) {
      absl::Status s = absl::UnavailableError(Errno("poll"));
      Close();
      return s;
    }
    if (ready <= 0) continue;
    char chunk[16384];
    const ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
    if (n == 0) {
      Close();
      return absl::UnavailableError("server closed the connection");
    }
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      absl::Status s = absl::UnavailableError(Errno("recv"));
      Close();
      return s;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
  }
}

absl::StatusOr<std::string> RespClient::Command(
    std::span<const std::string> argv) {
  if (absl::Status s = Send(argv); !s.ok()) return s;
  return ReadReply();
}

}  // namespace luakv::testing
