#include "luakv/reply.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <utility>

#include "keyspace/util/numbers.h"

namespace luakv {

Reply Reply::Status(std::string_view text) {
  Reply r;
  r.type_ = Type::kStatus;
  r.str_ = std::string(text);
  return r;
}

Reply Reply::Error(std::string_view text) {
  Reply r;
  r.type_ = Type::kError;
  r.str_ = std::string(text);
  return r;
}

Reply Reply::Integer(int64_t value) {
  Reply r;
  r.type_ = Type::kInteger;
  r.integer_ = value;
  return r;
}

Reply Reply::Bulk(std::string_view bytes) {
  Reply r;
  r.type_ = Type::kBulk;
  r.str_ = std::string(bytes);
  return r;
}

Reply Reply::Null() { return Reply(); }

Reply Reply::NullArray() {
  Reply r;
  r.type_ = Type::kNullArray;
  return r;
}

Reply Reply::Array(std::vector<Reply> elements) {
  Reply r;
  r.type_ = Type::kArray;
  r.elements_ = std::move(elements);
  return r;
}

Reply Reply::Map(std::vector<Reply> interleaved) {
  Reply r;
  r.type_ = Type::kMap;
  r.elements_ = std::move(interleaved);
  return r;
}

Reply Reply::Set(std::vector<Reply> elements) {
  Reply r;
  r.type_ = Type::kSet;
  r.elements_ = std::move(elements);
  return r;
}

Reply Reply::Double(double value) {
  Reply r;
  r.type_ = Type::kDouble;
  r.double_ = value;
  return r;
}

Reply Reply::Bool(bool value) {
  Reply r;
  r.type_ = Type::kBool;
  r.integer_ = value ? 1 : 0;
  return r;
}

Reply Reply::BigNumber(std::string_view digits) {
  Reply r;
  r.type_ = Type::kBigNumber;
  r.str_ = std::string(digits);
  return r;
}

Reply Reply::Verbatim(std::string_view format, std::string_view text) {
  Reply r;
  r.type_ = Type::kVerbatim;
  r.format_ = std::string(format);
  r.str_ = std::string(text);
  return r;
}

void Reply::WriteTo(ReplySink& sink) const {
  switch (type_) {
    case Type::kStatus: sink.Simple(str_); break;
    case Type::kError: sink.Error(str_); break;
    case Type::kInteger: sink.Integer(integer_); break;
    case Type::kBulk: sink.Bulk(str_); break;
    case Type::kNull: sink.Null(); break;
    case Type::kNullArray: sink.NullArray(); break;
    case Type::kArray:
      sink.Array(elements_.size());
      for (const Reply& e : elements_) e.WriteTo(sink);
      break;
    case Type::kMap:
      sink.Map(elements_.size() / 2);
      for (const Reply& e : elements_) e.WriteTo(sink);
      break;
    case Type::kSet:
      sink.Set(elements_.size());
      for (const Reply& e : elements_) e.WriteTo(sink);
      break;
    case Type::kDouble: sink.Double(double_); break;
    case Type::kBool: sink.Bool(integer_ != 0); break;
    case Type::kBigNumber: sink.BigNumber(str_); break;
    case Type::kVerbatim: sink.Verbatim(format_, str_); break;
  }
}

bool operator==(const Reply& a, const Reply& b) {
  if (a.type_ != b.type_) return false;
  switch (a.type_) {
    case Reply::Type::kInteger:
    case Reply::Type::kBool:
      return a.integer_ == b.integer_;
    case Reply::Type::kDouble:
      return a.double_ == b.double_ ||
             (std::isnan(a.double_) && std::isnan(b.double_));
    case Reply::Type::kArray:
    case Reply::Type::kMap:
    case Reply::Type::kSet:
      return a.elements_ == b.elements_;
    case Reply::Type::kVerbatim:
      return a.format_ == b.format_ && a.str_ == b.str_;
    default:
      return a.str_ == b.str_;
  }
}

namespace {

// redis-cli's quoting of bulk strings (sdscatrepr).
void AppendQuoted(std::string& out, std::string_view s) {
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '\\': out.append("\\\\"); break;
      case '"': out.append("\\\""); break;
      case '\n': out.append("\\n"); break;
      case '\r': out.append("\\r"); break;
      case '\t': out.append("\\t"); break;
      case '\a': out.append("\\a"); break;
      case '\b': out.append("\\b"); break;
      default:
        if (isprint(c)) {
          out.push_back(static_cast<char>(c));
        } else {
          char buf[8];
          snprintf(buf, sizeof(buf), "\\x%02x", c);
          out.append(buf);
        }
    }
  }
  out.push_back('"');
}

// redis-cli's terminal formatting (cliFormatReplyTTY); every line ends in
// '\n', which ToString() drops at the end.
void FormatTty(const Reply& r, const std::string& prefix, std::string& out) {
  switch (r.type()) {
    case Reply::Type::kStatus: out.append(r.str()); break;
    case Reply::Type::kError: out.append("(error) ").append(r.str()); break;
    case Reply::Type::kInteger:
      out.append("(integer) ").append(Int64ToString(r.integer()));
      break;
    case Reply::Type::kDouble:
      out.append("(double) ");
      out.append(std::isinf(r.dbl()) ? (r.dbl() > 0 ? "inf" : "-inf")
                                     : FormatDouble17g(r.dbl()));
      break;
    case Reply::Type::kBool:
      out.append(r.integer() ? "(true)" : "(false)");
      break;
    case Reply::Type::kBigNumber:
      out.append("(big number) ").append(r.str());
      break;
    case Reply::Type::kBulk: AppendQuoted(out, r.str()); break;
    case Reply::Type::kVerbatim: out.append(r.str()); break;
    case Reply::Type::kNull:
    case Reply::Type::kNullArray: out.append("(nil)"); break;
    case Reply::Type::kArray:
    case Reply::Type::kMap:
    case Reply::Type::kSet: {
      const bool is_map = r.type() == Reply::Type::kMap;
      if (r.elements().empty()) {
        out.append(is_map ? "(empty hash)"
                   : r.type() == Reply::Type::kSet ? "(empty set)"
                                                   : "(empty array)");
        break;
      }
      size_t count = is_map ? r.size() / 2 : r.size();
      size_t width = 0;
      do {
        ++width;
        count /= 10;
      } while (count);
      const std::string child_prefix = prefix + std::string(width + 2, ' ');
      const char sep = is_map ? '#' : r.type() == Reply::Type::kSet ? '~' : ')';
      for (size_t i = 0; i < r.size(); ++i) {
        const size_t human = (is_map ? i / 2 : i) + 1;
        char idx[32];
        snprintf(idx, sizeof(idx), "%*zu%c ", static_cast<int>(width), human,
                 sep);
        if (i != 0) out.append(prefix);
        out.append(idx);
        FormatTty(r[i], child_prefix, out);
        if (is_map) {
          ++i;
          out.append(" => ");
          FormatTty(r[i], child_prefix, out);
        }
        if (i + 1 < r.size()) out.push_back('\n');
      }
      break;
    }
  }
}

void FormatRaw(const Reply& r, std::string& out) {
  switch (r.type()) {
    case Reply::Type::kInteger:
      out.append(Int64ToString(r.integer()));
      break;
    case Reply::Type::kDouble:
      out.append(FormatDouble17g(r.dbl()));
      break;
    case Reply::Type::kBool:
      out.append(r.integer() ? "(true)" : "(false)");
      break;
    case Reply::Type::kNull:
    case Reply::Type::kNullArray:
      break;
    case Reply::Type::kError:
      // redis-cli --raw ends an error with a newline of its own, at any depth.
      out.append(r.str());
      out.push_back('\n');
      break;
    case Reply::Type::kMap:
      // One "key value" line per entry.
      for (size_t i = 0; i + 1 < r.size(); i += 2) {
        if (i) out.push_back('\n');
        FormatRaw(r[i], out);
        out.push_back(' ');
        FormatRaw(r[i + 1], out);
      }
      break;
    case Reply::Type::kArray:
    case Reply::Type::kSet:
      for (size_t i = 0; i < r.size(); ++i) {
        if (i) out.push_back('\n');
        FormatRaw(r[i], out);
      }
      break;
    default:
      out.append(r.str());
  }
}

}  // namespace

std::string Reply::ToString() const {
  std::string out;
  FormatTty(*this, "", out);
  return out;
}

std::string Reply::ToRawString() const {
  std::string out;
  FormatRaw(*this, out);
  return out;
}

std::ostream& operator<<(std::ostream& os, const Reply& reply) {
  return os << reply.ToString();
}

// --- ReplyBuilder

void ReplyBuilder::Add(Reply r) {
  if (stack_.empty()) {
    root_ = std::move(r);
    done_ = true;
    return;
  }
  Frame* top = &stack_.back();
  top->value.mutable_elements().push_back(std::move(r));
  // Close every aggregate that is now complete.
  while (--top->remaining == 0) {
    Reply done = std::move(top->value);
    stack_.pop_back();
    if (stack_.empty()) {
      root_ = std::move(done);
      done_ = true;
      return;
    }
    top = &stack_.back();
    top->value.mutable_elements().push_back(std::move(done));
  }
}

void ReplyBuilder::Open(Reply r, size_t count) {
  if (count == 0) {
    Add(std::move(r));
    return;
  }
  r.mutable_elements().reserve(count);
  stack_.push_back(Frame{std::move(r), count});
}

// CR and LF become spaces, as on the wire, so a host sees the same text a
// Redis client would.
void ReplyBuilder::Simple(std::string_view text) {
  Reply r = Reply::Status(text);
  for (char& c : r.mutable_str()) if (c == '\r' || c == '\n') c = ' ';
  Add(std::move(r));
}
void ReplyBuilder::Error(std::string_view text) {
  Reply r = Reply::Error(text);
  for (char& c : r.mutable_str()) if (c == '\r' || c == '\n') c = ' ';
  Add(std::move(r));
}
// A whole reply that is one integer or string (most host calls) is written
// in place, without a temporary Reply to move.
void ReplyBuilder::Integer(int64_t value) {
  if (!stack_.empty()) return Add(Reply::Integer(value));
  root_.Reset(Reply::Type::kInteger);
  root_.integer_ = value;
  done_ = true;
}
void ReplyBuilder::Bulk(std::string_view bytes) {
  if (!stack_.empty()) return Add(Reply::Bulk(bytes));
  root_.Reset(Reply::Type::kBulk);
  root_.str_.assign(bytes.data(), bytes.size());
  done_ = true;
}
void ReplyBuilder::Null() { Add(Reply::Null()); }
void ReplyBuilder::NullArray() {
  Add(protocol_ == 2 ? Reply::NullArray() : Reply::Null());
}
void ReplyBuilder::Array(size_t count) { Open(Reply::Array({}), count); }
void ReplyBuilder::Map(size_t pairs) {
  Open(protocol_ == 2 ? Reply::Array({}) : Reply::Map({}), pairs * 2);
}
void ReplyBuilder::Set(size_t count) {
  Open(protocol_ == 2 ? Reply::Array({}) : Reply::Set({}), count);
}
void ReplyBuilder::Double(double value) {
  Add(protocol_ == 2 ? Reply::Bulk(FormatDouble17g(value))
                     : Reply::Double(value));
}
void ReplyBuilder::Bool(bool value) {
  Add(protocol_ == 2 ? Reply::Integer(value ? 1 : 0) : Reply::Bool(value));
}
void ReplyBuilder::BigNumber(std::string_view digits) {
  Add(protocol_ == 2 ? Reply::Bulk(digits) : Reply::BigNumber(digits));
}
void ReplyBuilder::Verbatim(std::string_view format, std::string_view text) {
  Add(protocol_ == 2 ? Reply::Bulk(text) : Reply::Verbatim(format, text));
}

Reply ReplyBuilder::Take() {
  done_ = false;
  return std::move(root_);
}

}  // namespace luakv
