#include "differential/reply_compare.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "testing/resp_client.h"

namespace luakv::differential {
namespace {

// A top-level reply taken apart: its header line and, for aggregates, the
// raw bytes of each element.
struct Parsed {
  char type = 0;
  std::string_view header;  // the first line without type byte and CRLF
  bool is_null = false;
  bool is_aggregate = false;
  std::vector<std::string_view> elements;
};

bool IsAggregateType(char t) {
  return t == '*' || t == '~' || t == '>' || t == '%';
}

std::optional<Parsed> Parse(std::string_view reply) {
  absl::StatusOr<size_t> len = luakv::testing::RespFrameLength(reply);
  if (!len.ok() || *len == 0 || *len != reply.size()) return std::nullopt;
  Parsed p;
  p.type = reply[0];
  const size_t eol = reply.find("\r\n");
  p.header = reply.substr(1, eol - 1);
  p.is_null = p.type == '_' || ((p.type == '$' || p.type == '*') &&
                                p.header == "-1");
  p.is_aggregate = IsAggregateType(p.type) && !p.is_null;
  if (!p.is_aggregate) return p;
  std::string_view rest = reply.substr(eol + 2);
  while (!rest.empty()) {
    absl::StatusOr<size_t> n = luakv::testing::RespFrameLength(rest);
    if (!n.ok() || *n == 0) return std::nullopt;
    p.elements.push_back(rest.substr(0, *n));
    rest.remove_prefix(*n);
  }
  return p;
}

bool UnorderedMatch(std::string_view expected, std::string_view actual) {
  std::optional<Parsed> e = Parse(expected);
  std::optional<Parsed> a = Parse(actual);
  if (!e || !a) return false;
  if (!e->is_aggregate || !a->is_aggregate) return expected == actual;
  if (e->type != a->type || e->header != a->header) return false;
  auto items = [](const Parsed& p) {
    std::vector<std::string> out;
    const size_t stride = p.type == '%' ? 2 : 1;
    for (size_t i = 0; i + stride <= p.elements.size(); i += stride) {
      std::string item(p.elements[i]);
      if (stride == 2) item.append(p.elements[i + 1]);
      out.push_back(std::move(item));
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  return items(*e) == items(*a);
}

bool TypeMatch(std::string_view expected, std::string_view actual) {
  std::optional<Parsed> e = Parse(expected);
  std::optional<Parsed> a = Parse(actual);
  if (!e || !a) return false;
  if (e->type != a->type || e->is_null != a->is_null) return false;
  return !e->is_aggregate || e->header == a->header;
}

bool WithinMatch(int64_t tolerance, std::string_view expected,
                 std::string_view actual) {
  std::optional<Parsed> e = Parse(expected);
  std::optional<Parsed> a = Parse(actual);
  if (!e || !a) return false;
  if (e->type != ':' || a->type != ':') return expected == actual;
  int64_t x = 0;
  int64_t y = 0;
  if (!absl::SimpleAtoi(absl::string_view(e->header.data(), e->header.size()),
                        &x) ||
      !absl::SimpleAtoi(absl::string_view(a->header.data(), a->header.size()),
                        &y)) {
    return false;
  }
  // In 128 bits: the difference of two int64 values can overflow int64.
  const __int128 diff = static_cast<__int128>(x) - y;
  return (diff < 0 ? -diff : diff) <= tolerance;
}

}  // namespace

bool RepliesMatch(Compare compare, int64_t tolerance, std::string_view expected,
                  std::string_view actual) {
  switch (compare) {
    case Compare::kExact:
      return expected == actual && Parse(expected).has_value();
    case Compare::kUnordered:
      return UnorderedMatch(expected, actual);
    case Compare::kType:
      return TypeMatch(expected, actual);
    case Compare::kWithin:
      return WithinMatch(tolerance, expected, actual);
  }
  return false;
}

std::string EscapeBytes(std::string_view bytes) {
  std::string out = "\"";
  for (char ch : bytes) {
    const unsigned char c = static_cast<unsigned char>(ch);
    switch (c) {
      case '\r': out += "\\r"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      default:
        if (c >= 0x20 && c < 0x7f) {
          out.push_back(ch);
        } else {
          absl::StrAppend(&out, "\\x", absl::Hex(c, absl::kZeroPad2));
        }
    }
  }
  out += "\"";
  return out;
}

}  // namespace luakv::differential
