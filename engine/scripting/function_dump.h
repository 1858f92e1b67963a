// The FUNCTION DUMP payload (spec §7.7): the libraries' code as RDB strings,
// then the RDB version and a CRC-64, in the byte layout Redis 7.0 writes, so
// a payload moves between luakv and a real server in either direction.

#ifndef LUAKV_ENGINE_SCRIPTING_FUNCTION_DUMP_H_
#define LUAKV_ENGINE_SCRIPTING_FUNCTION_DUMP_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace luakv {

// RDB version the payload carries; newer payloads are refused on restore.
inline constexpr uint16_t kFunctionDumpRdbVersion = 10;

// Redis's CRC-64 (Jones polynomial, reflected, initial value 0) of `data`,
// continuing from `crc`.
uint64_t Crc64Jones(uint64_t crc, std::string_view data);

// The payload holding `codes` (each a library's full code, shebang
// included). Strings are stored uncompressed, which every reader accepts.
std::string EncodeFunctionDump(const std::vector<std::string_view>& codes);

// The library codes of `payload`, in order. Errors carry Redis's reply
// texts ("ERR DUMP payload version or checksum are wrong", ...). Accepts
// LZF-compressed and integer-encoded strings as Redis writes them.
absl::StatusOr<std::vector<std::string>> DecodeFunctionDump(
    std::string_view payload);

}  // namespace luakv

#endif  // LUAKV_ENGINE_SCRIPTING_FUNCTION_DUMP_H_
