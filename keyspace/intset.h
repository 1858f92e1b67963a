// IntSet: a sorted set of 64-bit integers stored at the narrowest width that
// holds them all (2, 4 or 8 bytes each) in one exact-size heap block: the
// "intset" encoding of small all-integer sets. Lookups are binary searches;
// inserts and removals move the tail of the block, so sets stay small.
//
// Thread safety: none.

#ifndef LUAKV_KEYSPACE_INTSET_H_
#define LUAKV_KEYSPACE_INTSET_H_

#include <cstddef>
#include <cstdint>

namespace luakv {

class IntSet {
 public:
  IntSet() = default;
  ~IntSet();
  IntSet(IntSet&& o) noexcept;
  IntSet& operator=(IntSet&& o) noexcept;
  IntSet(const IntSet&) = delete;
  IntSet& operator=(const IntSet&) = delete;

  IntSet Clone() const;

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Bytes per element: 2, 4 or 8.
  size_t width() const { return width_; }
  size_t HeapBytes() const;

  bool Contains(int64_t v) const;
  // False when `v` was present already.
  bool Add(int64_t v);
  // False when `v` was absent.
  bool Remove(int64_t v);
  // The i-th smallest element. REQUIRES: i < size().
  int64_t At(size_t i) const;

 private:
  // Index of `v`, or where it would go; *found tells which.
  size_t Search(int64_t v, bool* found) const;
  void Put(size_t i, int64_t v);
  void Widen(size_t width);

  char* data_ = nullptr;
  uint32_t count_ = 0;
  uint8_t width_ = 2;
};

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_INTSET_H_
