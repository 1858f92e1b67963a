#include "engine/scripting/function_dump.h"

#include <array>
#include <optional>

namespace luakv {
namespace {

// RDB opcodes of a function payload: 0xF5 is a library as its code
// (7.0 GA); 0xF6 the release candidates' form, which Redis 7.0 reads but
// luakv does not.
constexpr uint8_t kOpcodeFunction2 = 0xF5;
constexpr uint8_t kOpcodeFunctionPreGa = 0xF6;

constexpr const char kBadFooter[] =
    "ERR DUMP payload version or checksum are wrong";
constexpr const char kBadType[] = "ERR given type is not a function";
constexpr const char kBadLibrary[] = "ERR Failed loading library payload";

// The reflected form of 0xad93d23594c935a9.
constexpr uint64_t kReflectedPoly = 0x95ac9329ac4bc9b5ULL;

constexpr std::array<uint64_t, 256> MakeTable() {
  std::array<uint64_t, 256> table{};
  for (uint64_t i = 0; i < 256; ++i) {
    uint64_t c = i;
    for (int bit = 0; bit < 8; ++bit) {
      c = (c & 1) != 0 ? (c >> 1) ^ kReflectedPoly : c >> 1;
    }
    table[i] = c;
  }
  return table;
}

constexpr std::array<uint64_t, 256> kTable = MakeTable();

void AppendLength(std::string& out, uint64_t len) {
  if (len < 64) {
    out.push_back(static_cast<char>(len));
  } else if (len < 16384) {
    out.push_back(static_cast<char>(0x40 | (len >> 8)));
    out.push_back(static_cast<char>(len & 0xFF));
  } else if (len <= 0xFFFFFFFFULL) {
    out.push_back(static_cast<char>(0x80));
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((len >> shift) & 0xFF));
    }
  } else {
    out.push_back(static_cast<char>(0x81));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((len >> shift) & 0xFF));
    }
  }
}

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  bool done() const { return pos_ >= data_.size(); }

  std::optional<uint8_t> Byte() {
    if (pos_ >= data_.size()) return std::nullopt;
    return static_cast<uint8_t>(data_[pos_++]);
  }

  std::optional<std::string_view> Bytes(uint64_t n) {
    if (n > data_.size() - pos_) return std::nullopt;
    std::string_view out = data_.substr(pos_, n);
    pos_ += n;
    return out;
  }

  // An RDB length. `encoded` is set for the 11xxxxxx special forms, whose
  // low six bits are returned.
  std::optional<uint64_t> Length(bool* encoded) {
    *encoded = false;
    std::optional<uint8_t> b = Byte();
    if (!b) return std::nullopt;
    switch (*b >> 6) {
      case 0:
        return *b & 0x3F;
      case 1: {
        std::optional<uint8_t> next = Byte();
        if (!next) return std::nullopt;
        return (static_cast<uint64_t>(*b & 0x3F) << 8) | *next;
      }
      case 2: {
        int bytes = 0;
        if (*b == 0x80) bytes = 4;
        else if (*b == 0x81) bytes = 8;
        else return std::nullopt;
        uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) {
          std::optional<uint8_t> next = Byte();
          if (!next) return std::nullopt;
          v = (v << 8) | *next;
        }
        return v;
      }
      default:
        *encoded = true;
        return *b & 0x3F;
    }
  }

  // An RDB string in any of its encodings.
  std::optional<std::string> String() {
    bool encoded = false;
    std::optional<uint64_t> len = Length(&encoded);
    if (!len) return std::nullopt;
    if (!encoded) {
      std::optional<std::string_view> raw = Bytes(*len);
      if (!raw) return std::nullopt;
      return std::string(*raw);
    }
    if (*len <= 2) {  // little-endian integer of 1, 2 or 4 bytes
      const int bytes = 1 << *len;
      uint64_t v = 0;
      for (int i = 0; i < bytes; ++i) {
        std::optional<uint8_t> next = Byte();
        if (!next) return std::nullopt;
        v |= static_cast<uint64_t>(*next) << (8 * i);
      }
      int64_t signed_v = 0;
      if (bytes == 1) signed_v = static_cast<int8_t>(v);
      else if (bytes == 2) signed_v = static_cast<int16_t>(v);
      else signed_v = static_cast<int32_t>(v);
      return std::to_string(signed_v);
    }
    if (*len != 3) return std::nullopt;
    bool unused = false;
    std::optional<uint64_t> clen = Length(&unused);
    std::optional<uint64_t> ulen = Length(&unused);
    if (!clen || !ulen) return std::nullopt;
    std::optional<std::string_view> packed = Bytes(*clen);
    if (!packed) return std::nullopt;
    return Unlzf(*packed, *ulen);
  }

 private:
  // LZF: a control byte below 32 starts a literal run of ctrl+1 bytes;
  // otherwise its top three bits (7: plus the next byte) give a match
  // length minus two and the rest, with the next byte, a distance back.
  static std::optional<std::string> Unlzf(std::string_view in, uint64_t size) {
    std::string out;
    out.reserve(size);
    size_t i = 0;
    while (i < in.size()) {
      const uint8_t ctrl = static_cast<uint8_t>(in[i++]);
      if (ctrl < 32) {
        const size_t run = ctrl + 1u;
        if (run > in.size() - i) return std::nullopt;
        out.append(in.substr(i, run));
        i += run;
        continue;
      }
      size_t len = ctrl >> 5;
      if (len == 7) {
        if (i >= in.size()) return std::nullopt;
        len += static_cast<uint8_t>(in[i++]);
      }
      if (i >= in.size()) return std::nullopt;
      const size_t back =
          ((static_cast<size_t>(ctrl & 0x1F) << 8) |
           static_cast<uint8_t>(in[i++])) + 1;
      if (back > out.size()) return std::nullopt;
      size_t from = out.size() - back;
      for (size_t k = 0; k < len + 2; ++k) out.push_back(out[from + k]);
    }
    if (out.size() != size) return std::nullopt;
    return out;
  }

  std::string_view data_;
  size_t pos_ = 0;
};

}  // namespace

uint64_t Crc64Jones(uint64_t crc, std::string_view data) {
  for (char ch : data) {
    crc = kTable[(crc ^ static_cast<uint8_t>(ch)) & 0xFF] ^ (crc >> 8);
  }
  return crc;
}

std::string EncodeFunctionDump(const std::vector<std::string_view>& codes) {
  std::string out;
  for (std::string_view code : codes) {
    out.push_back(static_cast<char>(kOpcodeFunction2));
    AppendLength(out, code.size());
    out.append(code);
  }
  out.push_back(static_cast<char>(kFunctionDumpRdbVersion & 0xFF));
  out.push_back(static_cast<char>(kFunctionDumpRdbVersion >> 8));
  const uint64_t crc = Crc64Jones(0, out);
  for (int i = 0; i < 8; ++i) {
    out.push_back(static_cast<char>((crc >> (8 * i)) & 0xFF));
  }
  return out;
}

absl::StatusOr<std::vector<std::string>> DecodeFunctionDump(
    std::string_view payload) {
  // Footer: RDB version (2 bytes) and CRC-64 (8 bytes), little-endian.
  if (payload.size() < 10) return absl::InvalidArgumentError(kBadFooter);
  const std::string_view footer = payload.substr(payload.size() - 10);
  const uint16_t version = static_cast<uint16_t>(
      static_cast<uint8_t>(footer[0]) |
      (static_cast<uint8_t>(footer[1]) << 8));
  uint64_t crc = 0;
  for (int i = 0; i < 8; ++i) {
    crc |= static_cast<uint64_t>(static_cast<uint8_t>(footer[2 + i]))
           << (8 * i);
  }
  if (version > kFunctionDumpRdbVersion ||
      Crc64Jones(0, payload.substr(0, payload.size() - 8)) != crc) {
    return absl::InvalidArgumentError(kBadFooter);
  }
  Reader reader(payload.substr(0, payload.size() - 10));
  std::vector<std::string> codes;
  while (!reader.done()) {
    std::optional<uint8_t> opcode = reader.Byte();
    if (*opcode == kOpcodeFunctionPreGa) {
      return absl::InvalidArgumentError(kBadLibrary);
    }
    if (*opcode != kOpcodeFunction2) {
      return absl::InvalidArgumentError(kBadType);
    }
    std::optional<std::string> code = reader.String();
    if (!code) return absl::InvalidArgumentError(kBadLibrary);
    codes.push_back(std::move(*code));
  }
  return codes;
}

}  // namespace luakv
