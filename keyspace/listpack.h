// Listpack: a sequence of byte strings packed into one exact-size heap
// block, the compact encoding behind small lists, hashes and sorted sets.
//
// Each entry is laid out as
//   [length, LEB128] [bytes] [entry size, LEB128 written backwards]
// so a walk may start at either end: the trailing size lets Prev() step back
// without scanning from the front. A string of fewer than 127 bytes costs two
// bytes of framing, as in Redis's listpack. The block is reallocated to its
// exact size on every change; callers keep listpacks small (a few KiB), where
// that is cheaper than the slack of a growth policy.
//
// Entries are addressed by the byte offset at which they start. Offsets stay
// valid until the listpack is changed; Insert, Erase and Replace return the
// offset that stands where the change happened.
//
// Thread safety: none.

#ifndef LUAKV_KEYSPACE_LISTPACK_H_
#define LUAKV_KEYSPACE_LISTPACK_H_

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace luakv {

class Listpack {
 public:
  Listpack() = default;
  ~Listpack();
  Listpack(Listpack&& o) noexcept;
  Listpack& operator=(Listpack&& o) noexcept;
  Listpack(const Listpack&) = delete;
  Listpack& operator=(const Listpack&) = delete;

  // A deep copy.
  Listpack Clone() const;

  size_t count() const { return count_; }
  bool empty() const { return count_ == 0; }
  // Bytes of the block (framing included).
  size_t bytes() const { return size_; }
  // Heap bytes held, allocator rounding included.
  size_t HeapBytes() const;
  // Bytes an entry of `len` bytes occupies.
  static size_t EntrySize(size_t len);

  // Offsets: Begin() is the first entry, End() one past the last.
  size_t Begin() const { return 0; }
  size_t End() const { return size_; }
  // REQUIRES: pos < End().
  size_t Next(size_t pos) const;
  // REQUIRES: pos > Begin().
  size_t Prev(size_t pos) const;
  // The offset of the last entry. REQUIRES: !empty().
  size_t Last() const { return Prev(size_); }
  // The bytes of the entry at `pos`; valid until the next change.
  std::string_view Get(size_t pos) const;

  // Inserts `s` before the entry at `pos` (at the end when pos == End()).
  // Returns the offset of the new entry.
  size_t Insert(size_t pos, std::string_view s);
  void PushBack(std::string_view s) { Insert(size_, s); }
  void PushFront(std::string_view s) { Insert(0, s); }
  // Removes `n` entries starting at `pos`. Returns `pos`, which now holds
  // the entry that followed the removed ones (or End()).
  size_t Erase(size_t pos, size_t n = 1);
  // Replaces the entry at `pos` by `s`. Returns `pos`.
  size_t Replace(size_t pos, std::string_view s);
  // Removes every entry.
  void Clear();

  // Appends every entry of `other` (which is left empty).
  void Append(Listpack&& other);
  // Moves the entries from `pos` to the end into a new listpack.
  Listpack SplitAt(size_t pos);

 private:
  // Replaces bytes [pos, pos + old_len) by `new_len` bytes left
  // uninitialised; returns a pointer to them.
  char* Splice(size_t pos, size_t old_len, size_t new_len);

  char* data_ = nullptr;
  uint32_t size_ = 0;
  uint32_t count_ = 0;
};

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_LISTPACK_H_
