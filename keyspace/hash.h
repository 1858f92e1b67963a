// HashValue: the hash type, and HashEdit, the journaled way to change a hash
// stored under a key.
//
// Two encodings, as in Redis 7.0 (OBJECT ENCODING names them):
//   * listpack: fields and values alternate in one packed block, in
//     insertion order; lookups scan it. Used while the hash has at most
//     kMaxListpackEntries fields and no field or value longer than
//     kMaxListpackValue bytes (hash-max-listpack-entries 512 and
//     hash-max-listpack-value 64, Redis 7.0.15's defaults).
//   * hashtable: a Dict from field to value, O(1) lookups and a SCAN cursor
//     with Redis's guarantee (see dict.h).
// A hash that outgrows the listpack converts once and never converts back,
// as in Redis; only an undo step may turn it back.
//
// Thread safety: none.

#ifndef LUAKV_KEYSPACE_HASH_H_
#define LUAKV_KEYSPACE_HASH_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "keyspace/dict.h"
#include "keyspace/listpack.h"
#include "keyspace/value_edit.h"

namespace luakv {

class HashValue {
 public:
  static constexpr size_t kMaxListpackEntries = 512;
  static constexpr size_t kMaxListpackValue = 64;

  enum class Encoding : uint8_t { kListpack, kHashtable };

  HashValue() = default;
  HashValue(HashValue&&) = default;
  HashValue& operator=(HashValue&&) = default;

  Encoding encoding() const {
    return table_ ? Encoding::kHashtable : Encoding::kListpack;
  }
  const char* EncodingName() const;
  size_t size() const { return table_ ? table_->size() : lp_.count() / 2; }
  bool empty() const { return size() == 0; }
  // Heap bytes held, O(1).
  size_t HeapBytes() const;
  HashValue Clone() const;

  // The value of `field`; the view is valid until the hash changes.
  std::optional<std::string_view> Get(std::string_view field) const;
  bool Contains(std::string_view field) const { return Get(field).has_value(); }

  // Plain changes, with no encoding policy (HashEdit applies Redis's).
  // Set returns true when `field` is new.
  bool Set(std::string_view field, std::string_view value);
  bool Delete(std::string_view field);
  // Listpack only: the pair index of `field`, and an insert at a pair index
  // (undo steps put a deleted field back where it was).
  std::optional<size_t> ListpackIndex(std::string_view field) const;
  void InsertAt(size_t pair_index, std::string_view field,
                std::string_view value);
  // Converts to a hashtable and returns the listpack it replaces, which
  // RestoreListpack puts back (undo keeps field order that way).
  Listpack ConvertToHashtable();
  void RestoreListpack(Listpack lp);

  // fn(field, value) for every pair: insertion order for a listpack,
  // table order for a hashtable.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    if (table_) {
      table_->ForEach([&fn](const Dict<std::string>::Node& n) {
        fn(std::string_view(n.key), std::string_view(n.value));
      });
      return;
    }
    ForEachInListpack(fn);
  }

  // One HSCAN step over a hashtable: fn(field, value) for the bucket(s)
  // the cursor names; returns the next cursor (0 when done).
  // REQUIRES: encoding() == kHashtable.
  template <typename Fn>
  uint64_t Scan(uint64_t cursor, Fn&& fn) const {
    return table_->Scan(cursor, [&fn](const Dict<std::string>::Node& n) {
      fn(std::string_view(n.key), std::string_view(n.value));
    });
  }

  // A pseudo-random pair; `rnd` returns uniform 64-bit values.
  // REQUIRES: !empty().
  template <typename Rng>
  std::pair<std::string_view, std::string_view> Random(Rng&& rnd) const {
    if (table_) {
      auto* n = table_->Random(rnd);
      return {n->key, n->value};
    }
    return PairAt(rnd() % size());
  }
  // The i-th pair of a listpack hash. REQUIRES: encoding() == kListpack.
  std::pair<std::string_view, std::string_view> PairAt(size_t i) const;

 private:
  template <typename Fn>
  void ForEachInListpack(Fn&& fn) const {
    for (size_t p = lp_.Begin(); p != lp_.End();) {
      const std::string_view f = lp_.Get(p);
      p = lp_.Next(p);
      fn(f, lp_.Get(p));
      p = lp_.Next(p);
    }
  }
  // Offset of the field entry of `field` in lp_, or End().
  size_t FindInListpack(std::string_view field) const;
  static size_t NodeBytes(std::string_view field, std::string_view value);

  Listpack lp_;
  std::unique_ptr<Dict<std::string>> table_;
  // Bytes of the table's nodes (buckets are counted at query time).
  size_t node_bytes_ = 0;
};

// Changes a hash stored under a key, recording each change's inverse in the
// open journal and keeping the database's byte count; deletes the key when
// the hash ends up empty.
class HashEdit {
 public:
  // REQUIRES: `key` in `db` holds `hash`.
  HashEdit(Database& db, std::string_view key, HashValue& hash)
      : scope_(db, key, hash.HeapBytes()), hash_(hash) {}
  ~HashEdit() { scope_.Finish(hash_.HeapBytes(), hash_.empty()); }
  HashEdit(const HashEdit&) = delete;
  HashEdit& operator=(const HashEdit&) = delete;

  const HashValue& hash() const { return hash_; }

  // Sets `field` to `value`; true when the field is new. Converts to a
  // hashtable first when either string is too long for the listpack, and
  // after when the listpack has too many fields.
  bool Set(std::string_view field, std::string_view value);
  // True when the field existed.
  bool Delete(std::string_view field);

 private:
  void ConvertToHashtable();

  EditScope scope_;
  HashValue& hash_;
};

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_HASH_H_
