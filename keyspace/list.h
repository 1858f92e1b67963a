// ListValue: the list type, and ListEdit, the journaled way to change a list
// stored under a key.
//
// A list is a vector of listpack chunks of at most 8 KiB each (Redis 7.0's
// quicklist with list-max-listpack-size -2; OBJECT ENCODING is always
// "quicklist" in 7.0). Pushes and pops at either end touch one chunk, so
// they are O(1); reaching index i walks chunks from the nearer end, so
// LINDEX 0 and LINDEX -1 are O(1) and the middle costs O(n / chunk size).
// Small elements cost two bytes of framing each.
//
// Indexes here are 0-based and already in range: turning Redis's negative
// indexes into these is the caller's job.
//
// Thread safety: none.

#ifndef LUAKV_KEYSPACE_LIST_H_
#define LUAKV_KEYSPACE_LIST_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "keyspace/listpack.h"
#include "keyspace/value_edit.h"

namespace luakv {

class ListValue {
 public:
  // Chunk size limit in bytes (list-max-listpack-size -2).
  static constexpr size_t kChunkBytes = 8192;

  ListValue() = default;
  ListValue(const ListValue&) = delete;
  ListValue& operator=(const ListValue&) = delete;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Heap bytes held (chunks and their bookkeeping), O(1).
  size_t HeapBytes() const;
  // A deep copy.
  ListValue Clone() const;
  ListValue(ListValue&&) = default;
  ListValue& operator=(ListValue&&) = default;

  void PushFront(std::string_view s);
  void PushBack(std::string_view s);
  // REQUIRES: !empty().
  std::string PopFront();
  std::string PopBack();

  // REQUIRES: index < size().
  std::string_view At(size_t index) const;
  void Set(size_t index, std::string_view s);
  // Inserts `s` so that it ends up at `index`. REQUIRES: index <= size().
  void Insert(size_t index, std::string_view s);
  // Removes `n` elements starting at `index`, appending them to `removed`
  // when it is not null. REQUIRES: index + n <= size().
  void Erase(size_t index, size_t n, std::vector<std::string>* removed);
  // Removes the elements at `indexes` (ascending, distinct) in one pass.
  void EraseIndexes(const std::vector<size_t>& indexes);

  // A position in the list; invalidated by any change.
  struct Iter {
    size_t chunk = 0;
    size_t pos = 0;
    size_t index = 0;
  };
  // The position of element `index`. REQUIRES: index < size().
  Iter Seek(size_t index) const;
  std::string_view Get(const Iter& it) const;
  // Move to the next / previous element; false when there is none (the
  // iterator is then unusable).
  bool Next(Iter& it) const;
  bool Prev(Iter& it) const;

 private:
  // Applies `fn` to chunk `c` and keeps chunk_bytes_ right.
  template <typename Fn>
  void Mutate(size_t c, Fn&& fn);
  // Splits chunk `c` in two when it has grown past kChunkBytes.
  void MaybeSplit(size_t c);
  // Merges chunk `c` into its predecessor when both fit in one chunk.
  void MaybeMerge(size_t c);
  void RemoveChunks(size_t first, size_t n);

  // A vector rather than a deque: an empty libstdc++ deque already holds
  // 576 bytes, more than a small list's data.
  std::vector<Listpack> chunks_;
  size_t size_ = 0;
  // Sum of the chunks' heap bytes.
  size_t chunk_bytes_ = 0;
};

// Changes a list stored under a key, recording each change's inverse in the
// database's open journal and keeping its byte count. When the edit ends
// with the list empty, it deletes the key (Redis never keeps an empty
// collection).
class ListEdit {
 public:
  // REQUIRES: `key` in `db` holds `list`.
  ListEdit(Database& db, std::string_view key, ListValue& list)
      : scope_(db, key, list.HeapBytes()), list_(list) {}
  ~ListEdit() { scope_.Finish(list_.HeapBytes(), list_.empty()); }
  ListEdit(const ListEdit&) = delete;
  ListEdit& operator=(const ListEdit&) = delete;

  const ListValue& list() const { return list_; }

  void PushFront(std::string_view s);
  void PushBack(std::string_view s);
  std::string PopFront();
  std::string PopBack();
  void Set(size_t index, std::string_view s);
  void Insert(size_t index, std::string_view s);
  // Removes the elements at `indexes` (ascending, distinct).
  void EraseIndexes(const std::vector<size_t>& indexes);
  // Keeps elements [start, start + n) only.
  void Trim(size_t start, size_t n);

 private:
  EditScope scope_;
  ListValue& list_;
};

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_LIST_H_
