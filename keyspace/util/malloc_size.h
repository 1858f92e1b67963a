// Estimates of what the allocator really hands out, for memory accounting
// (INFO-style figures and the per-database byte count).

#ifndef LUAKV_KEYSPACE_UTIL_MALLOC_SIZE_H_
#define LUAKV_KEYSPACE_UTIL_MALLOC_SIZE_H_

#include <cstddef>

namespace luakv {

// Bytes glibc's malloc takes for a request of `n` bytes: an 8-byte header,
// 16-byte granularity, 32 bytes at least.
inline size_t MallocSize(size_t n) {
  if (n == 0) return 0;
  const size_t chunk = (n + 8 + 15) & ~static_cast<size_t>(15);
  return chunk < 32 ? 32 : chunk;
}

// Heap bytes of a std::string of `len` bytes built to fit (libstdc++ keeps
// up to 15 bytes inline).
inline size_t StringMallocSize(size_t len) {
  return len > 15 ? MallocSize(len + 1) : 0;
}

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_UTIL_MALLOC_SIZE_H_
