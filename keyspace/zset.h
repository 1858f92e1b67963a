// ZSetValue: the sorted set type, and ZSetEdit, the journaled way to change
// a sorted set stored under a key.
//
// Members are ordered by score, then by member bytes. Two encodings, as in
// Redis 7.0 (OBJECT ENCODING names them):
//   * listpack: one packed block of [8-byte score][member] entries kept in
//     order; everything is a scan. Used while there are at most
//     kMaxListpackEntries members of at most kMaxListpackValue bytes
//     (zset-max-listpack-entries 128, zset-max-listpack-value 64). As in
//     Redis, a score of -0 is kept as 0 in this encoding.
//   * "skiplist": a Dict from member to score (O(1) ZSCORE, SCAN cursor)
//     plus an order-statistic B+tree of (score, member) (score_tree.h), so
//     rank, select and range bounds are O(log n). Redis calls this encoding
//     skiplist and so does OBJECT ENCODING here, though the ordered half is a
//     B+tree.
// A sorted set converts up once and never back by itself; a new set built
// whole (the *STORE commands) starts in whichever encoding fits.
//
// Ranks are 0-based in ascending order.
//
// Thread safety: none.

#ifndef LUAKV_KEYSPACE_ZSET_H_
#define LUAKV_KEYSPACE_ZSET_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "keyspace/dict.h"
#include "keyspace/listpack.h"
#include "keyspace/score_tree.h"
#include "keyspace/value_edit.h"

namespace luakv {

class ZSetValue {
 public:
  static constexpr size_t kMaxListpackEntries = 128;
  static constexpr size_t kMaxListpackValue = 64;

  enum class Encoding : uint8_t { kListpack, kSkiplist };

  ZSetValue() = default;
  ZSetValue(ZSetValue&&) = default;
  ZSetValue& operator=(ZSetValue&&) = default;

  Encoding encoding() const {
    return big_ ? Encoding::kSkiplist : Encoding::kListpack;
  }
  const char* EncodingName() const;
  size_t size() const { return big_ ? big_->tree.size() : lp_.count(); }
  bool empty() const { return size() == 0; }
  size_t HeapBytes() const;
  ZSetValue Clone() const;

  std::optional<double> Score(std::string_view member) const;
  // The rank of a member. REQUIRES: present with `score`.
  size_t Rank(std::string_view member, double score) const;

  // Plain changes with no encoding policy (ZSetEdit applies Redis's).
  // REQUIRES: `member` absent.
  void Insert(std::string_view member, double score);
  // REQUIRES: `member` present.
  void Update(std::string_view member, double score);
  // The removed member's score, or nullopt when absent.
  std::optional<double> Remove(std::string_view member);
  // Converts to the large encoding, returning the listpack it replaces
  // (for RestoreListpack, which undo uses).
  Listpack ConvertToSkiplist();
  void RestoreListpack(Listpack lp);
  // Converts a large set back to a listpack (new sets built whole).
  void ConvertToListpack();
  // Whether a set of `n` members, the longest `max_len` bytes, fits the
  // listpack encoding.
  static bool FitsListpack(size_t n, size_t max_len) {
    return n <= kMaxListpackEntries && max_len <= kMaxListpackValue;
  }

  // The number of leading members for which pred(score, member) holds;
  // `pred` must hold for a prefix of the order. O(log n) when large.
  template <typename Pred>
  size_t PartitionPoint(Pred&& pred) const {
    if (big_) return big_->tree.PartitionPoint(pred);
    size_t n = 0;
    for (size_t p = lp_.Begin(); p != lp_.End(); p = lp_.Next(p), ++n) {
      const std::string_view e = lp_.Get(p);
      if (!pred(EntryScore(e), EntryMember(e))) break;
    }
    return n;
  }

  // Calls fn(member, score) for ranks [start, end), ascending, or from
  // end - 1 down to start when `reverse`. fn returns false to stop early.
  // REQUIRES: start <= end <= size().
  template <typename Fn>
  void VisitRanks(size_t start, size_t end, bool reverse, Fn&& fn) const;

  // fn(member, score) for every member, in order.
  template <typename Fn>
  void ForEach(Fn&& fn) const {
    VisitRanks(0, size(), false, [&fn](std::string_view m, double s) {
      fn(m, s);
      return true;
    });
  }

  // One ZSCAN step over the large encoding. REQUIRES: kSkiplist.
  template <typename Fn>
  uint64_t Scan(uint64_t cursor, Fn&& fn) const {
    return big_->dict.Scan(cursor, [&fn](const Dict<double>::Node& n) {
      fn(std::string_view(n.key), n.value);
    });
  }

  // A pseudo-random member and its score. REQUIRES: !empty().
  template <typename Rng>
  std::pair<std::string_view, double> Random(Rng&& rnd) const {
    if (big_) {
      auto* n = big_->dict.Random(rnd);
      return {n->key, n->value};
    }
    size_t i = rnd() % lp_.count();
    size_t p = lp_.Begin();
    while (i-- > 0) p = lp_.Next(p);
    const std::string_view e = lp_.Get(p);
    return {EntryMember(e), EntryScore(e)};
  }

 private:
  struct Big {
    Dict<double> dict;
    ScoreTree tree;
    size_t node_bytes = 0;
  };

  // A listpack entry is [score][member]. The score takes one tag byte: 0xff
  // and an 8-byte double, or n in 0..8 and an integral score's zigzag
  // encoding in n little-endian bytes (Redis's listpack stores integral
  // scores as small integers too; most scores are).
  static constexpr unsigned char kDoubleTag = 0xff;
  static size_t ScoreBytes(std::string_view entry) {
    const unsigned char tag = static_cast<unsigned char>(entry[0]);
    return 1 + (tag == kDoubleTag ? 8 : tag);
  }
  static double EntryScore(std::string_view entry) {
    const unsigned char tag = static_cast<unsigned char>(entry[0]);
    if (tag == kDoubleTag) {
      double s;
      std::memcpy(&s, entry.data() + 1, sizeof s);
      return s;
    }
    uint64_t z = 0;
    for (unsigned i = 0; i < tag; ++i) {
      z |= static_cast<uint64_t>(static_cast<unsigned char>(entry[1 + i]))
           << (8 * i);
    }
    const int64_t v = static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
    return static_cast<double>(v);
  }
  static std::string_view EntryMember(std::string_view entry) {
    return entry.substr(ScoreBytes(entry));
  }
  // Writes [score][member] into `buf` (at least 9 + member.size() bytes);
  // returns the length.
  static size_t EncodeEntry(double score, std::string_view member, char* buf);
  static size_t NodeBytes(std::string_view member);
  // Offset of `member`'s entry in lp_, or End().
  size_t FindInListpack(std::string_view member) const;
  void InsertInListpack(std::string_view member, double score);
  void InsertInBig(std::string_view member, double score);

  Listpack lp_;
  std::unique_ptr<Big> big_;
};

template <typename Fn>
void ZSetValue::VisitRanks(size_t start, size_t end, bool reverse,
                           Fn&& fn) const {
  if (start >= end) return;
  if (big_) {
    const ScoreTree& t = big_->tree;
    if (!reverse) {
      ScoreTree::Iter it = t.At(start);
      for (size_t r = start; r < end; ++r, t.Next(it)) {
        if (!fn(std::string_view(*it->member), it->score)) return;
      }
    } else {
      ScoreTree::Iter it = t.At(end - 1);
      for (size_t r = end; r > start; --r, t.Prev(it)) {
        if (!fn(std::string_view(*it->member), it->score)) return;
      }
    }
    return;
  }
  if (!reverse) {
    size_t p = lp_.Begin();
    for (size_t r = 0; r < start; ++r) p = lp_.Next(p);
    for (size_t r = start; r < end; ++r, p = lp_.Next(p)) {
      const std::string_view e = lp_.Get(p);
      if (!fn(EntryMember(e), EntryScore(e))) return;
    }
  } else {
    size_t p = lp_.Last();
    for (size_t r = lp_.count() - 1; r >= end; --r) p = lp_.Prev(p);
    for (size_t r = end; r > start; --r) {
      const std::string_view e = lp_.Get(p);
      if (!fn(EntryMember(e), EntryScore(e))) return;
      if (r - 1 > start) p = lp_.Prev(p);
    }
  }
}

// Changes a sorted set stored under a key, recording each change's inverse
// in the open journal and keeping the database's byte count; deletes the key
// when the set ends up empty.
class ZSetEdit {
 public:
  // REQUIRES: `key` in `db` holds `zset`.
  ZSetEdit(Database& db, std::string_view key, ZSetValue& zset)
      : scope_(db, key, zset.HeapBytes()), zset_(zset) {}
  ~ZSetEdit() { scope_.Finish(zset_.HeapBytes(), zset_.empty()); }
  ZSetEdit(const ZSetEdit&) = delete;
  ZSetEdit& operator=(const ZSetEdit&) = delete;

  const ZSetValue& zset() const { return zset_; }

  // Adds a new member, converting to the large encoding when the member is
  // too long for the listpack or the listpack grows too big.
  // REQUIRES: `member` absent.
  void Insert(std::string_view member, double score);
  // Changes the score of a present member.
  void Update(std::string_view member, double score);
  // The removed member's score, or nullopt when absent.
  std::optional<double> Remove(std::string_view member);
  // Converts to the large encoding (SORT does, as Redis's does).
  void ConvertToSkiplist();

 private:

  EditScope scope_;
  ZSetValue& zset_;
};

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_ZSET_H_
