#include "engine/cluster/key_slot.h"

#include <array>

namespace luakv::cluster {
namespace {

// One entry per leading byte: the register after shifting that byte
// through the polynomial bit by bit.
constexpr std::array<uint16_t, 256> MakeTable() {
  std::array<uint16_t, 256> table{};
  for (int byte = 0; byte < 256; ++byte) {
    uint16_t reg = static_cast<uint16_t>(byte << 8);
    for (int bit = 0; bit < 8; ++bit) {
      reg = (reg & 0x8000) != 0 ? static_cast<uint16_t>((reg << 1) ^ 0x1021)
                                : static_cast<uint16_t>(reg << 1);
    }
    table[byte] = reg;
  }
  return table;
}

constexpr std::array<uint16_t, 256> kTable = MakeTable();

}  // namespace

uint16_t Crc16(std::string_view data) {
  uint16_t crc = 0;
  for (char c : data) {
    const uint8_t index =
        static_cast<uint8_t>((crc >> 8) ^ static_cast<uint8_t>(c));
    crc = static_cast<uint16_t>((crc << 8) ^ kTable[index]);
  }
  return crc;
}

std::string_view HashTag(std::string_view key) {
  const size_t open = key.find('{');
  if (open == std::string_view::npos) return key;
  const size_t close = key.find('}', open + 1);
  // "{}" and a '{' never closed leave the whole key hashed.
  if (close == std::string_view::npos || close == open + 1) return key;
  return key.substr(open + 1, close - open - 1);
}

int KeySlot(std::string_view key) {
  return Crc16(HashTag(key)) & (kSlotCount - 1);
}

}  // namespace luakv::cluster
