// FoldedName: a command name lower-cased (ASCII) into three words, so two
// names compare ignoring case with three word compares and hash without a
// loop over their bytes. Command names are short; longer ones do not fold.

#ifndef LUAKV_ENGINE_FOLDED_NAME_H_
#define LUAKV_ENGINE_FOLDED_NAME_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace luakv {

struct FoldedName {
  static constexpr size_t kMaxBytes = 24;

  uint64_t w[3] = {0, 0, 0};
  uint64_t size = 0;

  // Folds `name` into `out`; false when it is longer than kMaxBytes.
  static bool From(std::string_view name, FoldedName* out) {
    if (name.size() > kMaxBytes) return false;
    char buf[kMaxBytes] = {};
    std::memcpy(buf, name.data(), name.size());
    for (int i = 0; i < 3; ++i) {
      std::memcpy(&out->w[i], buf + 8 * i, 8);
      out->w[i] = Lower(out->w[i]);
    }
    out->size = name.size();
    return true;
  }

  uint64_t Hash() const {
    const uint64_t h = (w[0] * 0x9E3779B97F4A7C15ULL) ^
                       (w[1] * 0xC2B2AE3D27D4EB4FULL) ^ w[2] ^ size;
    return h ^ (h >> 29);
  }

  bool operator==(const FoldedName& o) const {
    return ((w[0] ^ o.w[0]) | (w[1] ^ o.w[1]) | (w[2] ^ o.w[2]) |
            (size ^ o.size)) == 0;
  }

 private:
  // Adds 0x20 to every byte from 'A' to 'Z' of `x`, eight at a time. Each
  // byte's low seven bits plus a bias sets its top bit exactly when the
  // byte is at least 'A' (bias 0x3f) or past 'Z' (bias 0x25); no sum
  // carries into the next byte. Bytes of 0x80 and up are left alone.
  static uint64_t Lower(uint64_t x) {
    constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7fULL;
    constexpr uint64_t kTop = 0x8080808080808080ULL;
    const uint64_t low = x & kLow7;
    const uint64_t at_least_a = low + 0x3f3f3f3f3f3f3f3fULL;
    const uint64_t past_z = low + 0x2525252525252525ULL;
    const uint64_t upper = ~x & (at_least_a ^ past_z) & kTop;
    return x | (upper >> 2);
  }
};

}  // namespace luakv

#endif  // LUAKV_ENGINE_FOLDED_NAME_H_
