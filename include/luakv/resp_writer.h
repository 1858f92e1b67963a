// File: luakv/resp_writer.h
//
// RespWriter encodes replies in the Redis protocol, RESP2 or RESP3, appending
// to a caller-owned buffer. A server adapter passes one to
// Engine::Execute(session, argv, sink) and sends the buffer's bytes:
//
//   std::string out;
//   luakv::RespWriter writer(&out, session.protocol());
//   engine.Execute(session, argv, writer);   // out == "+OK\r\n"
//
// Error and status texts have CR and LF replaced by spaces, so a reply can
// never break the protocol's framing.
//
// Thread safety: one writer per thread.

#ifndef LUAKV_RESP_WRITER_H_
#define LUAKV_RESP_WRITER_H_

#include <string>
#include <string_view>

#include "luakv/reply_sink.h"

namespace luakv {

class RespWriter final : public ReplySink {
 public:
  // REQUIRES: `out` outlives the writer; protocol is 2 or 3.
  RespWriter(std::string* out, int protocol) : out_(out), protocol_(protocol) {}

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

 private:
  void Line(char type, std::string_view text);
  void Header(char type, int64_t n);

  std::string* out_;
  int protocol_;
};

}  // namespace luakv

#endif  // LUAKV_RESP_WRITER_H_
