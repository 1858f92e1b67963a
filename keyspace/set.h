// SetValue: the set type, and SetEdit, the journaled way to change a set
// stored under a key.
//
// Two encodings, as in Redis 7.0 (which has no listpack sets yet):
//   * intset: every member reads as a 64-bit integer (Redis's string2ll
//     rules) and there are at most kMaxIntsetEntries of them
//     (set-max-intset-entries 512); members are kept sorted, so SMEMBERS
//     lists them in ascending order.
//   * hashtable: a Dict of members, O(1) SISMEMBER and a SCAN cursor with
//     Redis's guarantee.
// A set converts to a hashtable once and never back (only an undo may).
//
// Thread safety: none.

#ifndef LUAKV_KEYSPACE_SET_H_
#define LUAKV_KEYSPACE_SET_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "keyspace/dict.h"
#include "keyspace/intset.h"
#include "keyspace/util/numbers.h"
#include "keyspace/value_edit.h"

namespace luakv {

class SetValue {
 public:
  static constexpr size_t kMaxIntsetEntries = 512;

  enum class Encoding : uint8_t { kIntset, kHashtable };
  // Dict needs a value type; a set's members carry none.
  struct NoValue {};
  using Table = Dict<NoValue>;

  SetValue() = default;
  SetValue(SetValue&&) = default;
  SetValue& operator=(SetValue&&) = default;

  Encoding encoding() const {
    return table_ ? Encoding::kHashtable : Encoding::kIntset;
  }
  const char* EncodingName() const;
  size_t size() const { return table_ ? table_->size() : ints_.size(); }
  bool empty() const { return size() == 0; }
  size_t HeapBytes() const;
  SetValue Clone() const;

  bool Contains(std::string_view member) const;
  // Adds with Redis's encoding policy, for a set built whole outside the
  // keyspace (the *STORE commands, SPOP's rebuilt set): it stays an intset
  // while every member is an integer and there are at most
  // kMaxIntsetEntries of them. True when the member is new.
  bool Insert(std::string_view member);

  // Plain changes with no encoding policy (SetEdit applies Redis's).
  // REQUIRES for Add on an intset: the member reads as an integer.
  bool Add(std::string_view member);
  bool Remove(std::string_view member);
  // Converts to a hashtable and returns the intset it replaces, which
  // RestoreIntset puts back.
  IntSet ConvertToHashtable();
  void RestoreIntset(IntSet ints);

  // fn(member) for every member: ascending for an intset, table order for
  // a hashtable. The view lives for the call only.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    if (table_) {
      table_->ForEach([&fn](const Table::Node& n) {
        fn(std::string_view(n.key));
      });
      return;
    }
    char buf[24];
    for (size_t i = 0; i < ints_.size(); ++i) fn(Format(ints_.At(i), buf));
  }

  // One SSCAN step over a hashtable. REQUIRES: encoding() == kHashtable.
  template <typename Fn>
  uint64_t Scan(uint64_t cursor, Fn&& fn) const {
    return table_->Scan(cursor, [&fn](const Table::Node& n) {
      fn(std::string_view(n.key));
    });
  }

  // A pseudo-random member. REQUIRES: !empty().
  template <typename Rng>
  std::string Random(Rng&& rnd) const {
    if (table_) return table_->Random(rnd)->key;
    return Int64ToString(ints_.At(rnd() % ints_.size()));
  }

 private:
  static std::string_view Format(int64_t v, char* buf);
  static size_t NodeBytes(std::string_view member);

  IntSet ints_;
  std::unique_ptr<Table> table_;
  size_t node_bytes_ = 0;
};

// Changes a set stored under a key, recording each change's inverse in the
// open journal and keeping the database's byte count; deletes the key when
// the set ends up empty.
class SetEdit {
 public:
  // REQUIRES: `key` in `db` holds `set`.
  SetEdit(Database& db, std::string_view key, SetValue& set)
      : scope_(db, key, set.HeapBytes()), set_(set) {}
  ~SetEdit() { scope_.Finish(set_.HeapBytes(), set_.empty()); }
  SetEdit(const SetEdit&) = delete;
  SetEdit& operator=(const SetEdit&) = delete;

  const SetValue& set() const { return set_; }

  // True when the member is new. Converts an intset to a hashtable when
  // the member is not an integer or the intset grows past its limit.
  bool Add(std::string_view member);
  // True when the member was there.
  bool Remove(std::string_view member);

 private:
  void ConvertToHashtable();

  EditScope scope_;
  SetValue& set_;
};

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_SET_H_
