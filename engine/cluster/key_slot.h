// Redis Cluster's key-to-slot mapping: CRC16 (XMODEM) of the key, or of its
// hash tag, modulo 16384. A hash tag is the text between the first '{' and
// the first '}' after it, when that text is not empty; keys that share a tag
// share a slot, which is how a caller keeps several keys on one node.

#ifndef LUAKV_ENGINE_CLUSTER_KEY_SLOT_H_
#define LUAKV_ENGINE_CLUSTER_KEY_SLOT_H_

#include <cstdint>
#include <string_view>

namespace luakv::cluster {

inline constexpr int kSlotCount = 16384;

// CRC16-CCITT as Redis Cluster uses it: polynomial 0x1021, initial value 0,
// no reflection, no final xor. Crc16("123456789") == 0x31C3.
uint16_t Crc16(std::string_view data);

// The part of `key` that is hashed: its hash tag if it has a non-empty one,
// else the whole key.
std::string_view HashTag(std::string_view key);

// The slot of `key`, 0..16383.
int KeySlot(std::string_view key);

}  // namespace luakv::cluster

#endif  // LUAKV_ENGINE_CLUSTER_KEY_SLOT_H_
