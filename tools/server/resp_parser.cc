#include "tools/server/resp_parser.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <utility>

#include "tools/common/split_args.h"

namespace luakv::server {
namespace {

constexpr size_t kDefaultRead = 16 * 1024;  // Redis's PROTO_IOBUF_LEN
// Arguments at least this long get a buffer of their own size up front
// (Redis's PROTO_MBULK_BIG_ARG), so a 64 MB value is not grown by doubling.
constexpr int64_t kBigArg = 32 * 1024;
constexpr size_t kShrinkAbove = 1024 * 1024;

// Redis's string2ll: an optional '-', then digits without leading zeros and
// without '+' or spaces; must fit in int64. Called for every "*n" and "$n"
// line, so the common short case avoids overflow arithmetic.
std::optional<int64_t> ParseLength(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  if (s.size() == 1 && s[0] == '0') return 0;
  const bool negative = s[0] == '-';
  size_t i = negative ? 1 : 0;
  if (i >= s.size() || s[i] < '1' || s[i] > '9') return std::nullopt;
  uint64_t v = 0;
  if (s.size() - i <= 18) {  // at most 18 digits: cannot overflow
    for (; i < s.size(); ++i) {
      const unsigned digit = static_cast<unsigned char>(s[i]) - '0';
      if (digit > 9) return std::nullopt;
      v = v * 10 + digit;
    }
    return negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  }
  for (; i < s.size(); ++i) {
    const unsigned digit = static_cast<unsigned char>(s[i]) - '0';
    if (digit > 9) return std::nullopt;
    if (v > (UINT64_MAX - digit) / 10) return std::nullopt;
    v = v * 10 + digit;
  }
  if (negative) {
    if (v > static_cast<uint64_t>(INT64_MAX) + 1) return std::nullopt;
    return static_cast<int64_t>(0 - v);
  }
  if (v > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(v);
}

}  // namespace

RespParser::RespParser(RespLimits limits) : limits_(limits) {}

void RespParser::Reserve(size_t n) {
  if (pos_ > 0 && (pos_ == end_ || buf_.size() - end_ < n)) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (buf_.size() - end_ < n) {
    buf_.resize(std::max(end_ + n, buf_.size() * 2));
  }
}

std::span<char> RespParser::Prepare(size_t min_bytes) {
  Reserve(std::max<size_t>(min_bytes, 1));
  return std::span<char>(buf_.data() + end_, buf_.size() - end_);
}

void RespParser::Commit(size_t n) { end_ += std::min(n, buf_.size() - end_); }

void RespParser::Feed(std::string_view bytes) {
  std::span<char> room = Prepare(bytes.size());
  std::memcpy(room.data(), bytes.data(), bytes.size());
  Commit(bytes.size());
}

size_t RespParser::ReadHint() const {
  if (multibulk_left_ > 0 && bulk_len_ >= kBigArg) {
    const size_t want = static_cast<size_t>(bulk_len_) + 2;
    const size_t have = end_ - pos_;
    if (want > have) return std::max(kDefaultRead, want - have);
  }
  return kDefaultRead;
}

RespParser::Result RespParser::Fail(std::string text) {
  failed_ = true;
  error_ = std::move(text);
  return Result::kError;
}

RespParser::Result RespParser::Next() {
  if (failed_) return Result::kError;
  while (pos_ < end_) {
    Result r = (multibulk_left_ > 0 || buf_[pos_] == '*') ? ParseMultibulk()
                                                          : ParseInline();
    if (r != Result::kCommand || !argv_.empty()) return r;
    // An empty request (blank line, "*0", "*-1") is skipped, as Redis does.
  }
  pos_ = end_ = 0;
  // Give back the room a large argument needed once it has been consumed.
  if (buf_.size() > kShrinkAbove) {
    buf_.resize(kDefaultRead);
    buf_.shrink_to_fit();
  }
  return Result::kNeedMore;
}

RespParser::Result RespParser::ParseInline() {
  const char* begin = buf_.data() + pos_;
  const size_t avail = end_ - pos_;
  const char* newline =
      static_cast<const char*>(std::memchr(begin, '\n', avail));
  if (newline == nullptr) {
    if (avail > limits_.max_inline) {
      return Fail("ERR Protocol error: too big inline request");
    }
    return Result::kNeedMore;
  }
  size_t len = static_cast<size_t>(newline - begin);
  if (len > 0 && begin[len - 1] == '\r') --len;
  std::optional<std::vector<std::string>> args =
      tools::SplitArgs(std::string_view(begin, len));
  if (!args) return Fail("ERR Protocol error: unbalanced quotes in request");
  pos_ += static_cast<size_t>(newline - begin) + 1;
  argv_ = std::move(*args);
  return Result::kCommand;
}

RespParser::Result RespParser::ParseMultibulk() {
  if (multibulk_left_ == 0) {
    // The "*<count>\r\n" line. Like Redis, look for the '\r' and require one
    // more byte after it, which is taken to be the '\n'.
    const char* begin = buf_.data() + pos_;
    const size_t avail = end_ - pos_;
    const char* cr = static_cast<const char*>(std::memchr(begin, '\r', avail));
    if (cr == nullptr) {
      if (avail > limits_.max_inline) {
        return Fail("ERR Protocol error: too big mbulk count string");
      }
      return Result::kNeedMore;
    }
    if (static_cast<size_t>(cr - begin) + 2 > avail) return Result::kNeedMore;
    std::optional<int64_t> count = ParseLength(
        std::string_view(begin + 1, static_cast<size_t>(cr - begin) - 1));
    if (!count || *count > limits_.max_multibulk) {
      return Fail("ERR Protocol error: invalid multibulk length");
    }
    if (!authenticated_ && *count > limits_.unauthenticated_max_multibulk) {
      return Fail("ERR Protocol error: unauthenticated multibulk length");
    }
    pos_ += static_cast<size_t>(cr - begin) + 2;
    argv_.clear();
    if (*count <= 0) return Result::kCommand;  // empty: skipped by Next()
    multibulk_left_ = *count;
    bulk_len_ = -1;
    // A client may announce a huge count and send nothing: reserve little.
    argv_.reserve(static_cast<size_t>(std::min<int64_t>(*count, 1024)));
  }

  while (multibulk_left_ > 0) {
    if (bulk_len_ == -1) {
      const char* begin = buf_.data() + pos_;
      const size_t avail = end_ - pos_;
      const char* cr =
          static_cast<const char*>(std::memchr(begin, '\r', avail));
      if (cr == nullptr) {
        if (avail > limits_.max_inline) {
          return Fail("ERR Protocol error: too big bulk count string");
        }
        return Result::kNeedMore;
      }
      if (static_cast<size_t>(cr - begin) + 2 > avail) {
        return Result::kNeedMore;
      }
      if (begin[0] != '$') {
        std::string text = "ERR Protocol error: expected '$', got '";
        text.push_back(begin[0]);
        text.push_back('\'');
        return Fail(std::move(text));
      }
      std::optional<int64_t> len = ParseLength(
          std::string_view(begin + 1, static_cast<size_t>(cr - begin) - 1));
      if (!len || *len < 0 || *len > limits_.max_bulk) {
        return Fail("ERR Protocol error: invalid bulk length");
      }
      if (!authenticated_ && *len > limits_.unauthenticated_max_bulk) {
        return Fail("ERR Protocol error: unauthenticated bulk length");
      }
      pos_ += static_cast<size_t>(cr - begin) + 2;
      bulk_len_ = *len;
      const size_t have = end_ - pos_;
      if (bulk_len_ >= kBigArg && static_cast<size_t>(bulk_len_) + 2 > have) {
        Reserve(static_cast<size_t>(bulk_len_) + 2 - have);
      }
    }
    // The argument and the two bytes after it, which Redis skips without
    // looking at them.
    const size_t need = static_cast<size_t>(bulk_len_) + 2;
    if (end_ - pos_ < need) return Result::kNeedMore;
    argv_.emplace_back(buf_.data() + pos_, static_cast<size_t>(bulk_len_));
    pos_ += need;
    bulk_len_ = -1;
    --multibulk_left_;
  }
  return Result::kCommand;
}

}  // namespace luakv::server
