#include "luakv/resp_writer.h"

#include <charconv>
#include <cmath>

#include "keyspace/util/numbers.h"

namespace luakv {

void RespWriter::Line(char type, std::string_view text) {
  out_->push_back(type);
  const size_t start = out_->size();
  out_->append(text);
  for (size_t i = start; i < out_->size(); ++i) {
    char& c = (*out_)[i];
    if (c == '\r' || c == '\n') c = ' ';
  }
  out_->append("\r\n");
}

void RespWriter::Header(char type, int64_t n) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), n);
  out_->push_back(type);
  out_->append(buf, r.ptr);
  out_->append("\r\n");
}

void RespWriter::Simple(std::string_view text) { Line('+', text); }
void RespWriter::Error(std::string_view text) { Line('-', text); }
void RespWriter::Integer(int64_t value) { Header(':', value); }

void RespWriter::Bulk(std::string_view bytes) {
  Header('$', static_cast<int64_t>(bytes.size()));
  out_->append(bytes);
  out_->append("\r\n");
}

void RespWriter::Null() { out_->append(protocol_ == 2 ? "$-1\r\n" : "_\r\n"); }
void RespWriter::NullArray() {
  out_->append(protocol_ == 2 ? "*-1\r\n" : "_\r\n");
}

void RespWriter::Array(size_t count) {
  Header('*', static_cast<int64_t>(count));
}

void RespWriter::Map(size_t pairs) {
  if (protocol_ == 2) {
    Header('*', static_cast<int64_t>(pairs * 2));
  } else {
    Header('%', static_cast<int64_t>(pairs));
  }
}

void RespWriter::Set(size_t count) {
  Header(protocol_ == 2 ? '*' : '~', static_cast<int64_t>(count));
}

void RespWriter::Double(double value) {
  if (protocol_ == 2) {
    Bulk(FormatDouble17g(value));
    return;
  }
  out_->push_back(',');
  if (std::isinf(value)) {
    out_->append(value > 0 ? "inf" : "-inf");
  } else {
    out_->append(FormatDouble17g(value));
  }
  out_->append("\r\n");
}

void RespWriter::Bool(bool value) {
  if (protocol_ == 2) {
    Integer(value ? 1 : 0);
  } else {
    out_->append(value ? "#t\r\n" : "#f\r\n");
  }
}

void RespWriter::BigNumber(std::string_view digits) {
  if (protocol_ == 2) {
    Bulk(digits);
  } else {
    Line('(', digits);
  }
}

void RespWriter::Verbatim(std::string_view format, std::string_view text) {
  if (protocol_ == 2) {
    Bulk(text);
    return;
  }
  Header('=', static_cast<int64_t>(text.size() + 4));
  std::string fmt(format.substr(0, 3));
  fmt.resize(3, ' ');
  out_->append(fmt);
  out_->push_back(':');
  out_->append(text);
  out_->append("\r\n");
}

}  // namespace luakv
