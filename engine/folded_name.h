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
    const size_t n = name.size();
    if (n > kMaxBytes) return false;
    const char* p = name.data();
    for (size_t i = 0; i < 3; ++i) {
      const size_t at = 8 * i;
      out->w[i] = at < n ? Lower(Load(p + at, n - at < 8 ? n - at : 8)) : 0;
    }
    out->size = n;
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
  // The `n` (at most 8) bytes at `p` in a word's low bytes, zero-filled,
  // read without touching memory past them and without a byte loop.
  static uint64_t Load(const char* p, size_t n) {
    if (n == 8) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      return w;
    }
    if (n >= 4) {  // two 4-byte reads that overlap on equal bytes
      uint32_t lo, hi;
      std::memcpy(&lo, p, 4);
      std::memcpy(&hi, p + n - 4, 4);
      return uint64_t{lo} | (uint64_t{hi} << (8 * (n - 4)));
    }
    if (n == 0) return 0;
    const auto byte = [p](size_t i) {
      return uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
    };
    return byte(0) | byte(n / 2) | byte(n - 1);
  }

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
