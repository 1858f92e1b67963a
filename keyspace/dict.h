// Dict: a chained hash table keyed by binary-safe strings, with incremental
// rehashing and a SCAN cursor that keeps Redis's guarantee.
//
// Why not absl::flat_hash_map: SCAN promises that a full iteration returns
// every key present for the whole iteration, even while the table grows or
// shrinks between calls. Open addressing moves elements on insert and erase,
// so no stable cursor exists. Here a cursor is a bucket index walked in
// reverse-binary order (high bits first): when the table doubles, every
// bucket already visited maps onto buckets that are also already visited;
// when it halves, the worst case is that keys are returned again, never that
// they are skipped. While a resize is in progress both tables are visited
// (every bucket of the larger table that expands the smaller one's bucket).
//
// Nodes never move, so a V* returned by Find stays valid until that key is
// erased. Rehashing is spread over operations (one bucket per lookup or
// update) so no single command pays for a whole resize.
//
// Thread safety: none; the owner serialises access.

#ifndef LUAKV_KEYSPACE_DICT_H_
#define LUAKV_KEYSPACE_DICT_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "keyspace/util/sv_hash.h"

namespace luakv {

template <typename V>
class Dict {
 public:
  struct Node {
    Node* next;
    std::string key;
    V value;
  };

  Dict() = default;
  ~Dict() { Clear(); }
  Dict(const Dict&) = delete;
  Dict& operator=(const Dict&) = delete;
  Dict(Dict&& o) noexcept { *this = std::move(o); }
  Dict& operator=(Dict&& o) noexcept {
    if (this != &o) {
      Clear();
      for (int i = 0; i < 2; ++i) t_[i] = std::move(o.t_[i]);
      rehash_idx_ = o.rehash_idx_;
      size_ = o.size_;
      o.t_[0] = Table();
      o.t_[1] = Table();
      o.rehash_idx_ = -1;
      o.size_ = 0;
    }
    return *this;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  V* Find(std::string_view key) {
    if (size_ == 0) return nullptr;
    RehashStep();
    Node* n = FindNode(key, HashBytes(key));
    return n ? &n->value : nullptr;
  }

  // The node holding `key`, for callers that need its stored key too.
  Node* FindNode(std::string_view key) {
    if (size_ == 0) return nullptr;
    RehashStep();
    return FindNode(key, HashBytes(key));
  }

  // Memory prefetch for a lookup of `key` that comes later: a large table
  // costs a cache miss for the bucket slot and another for the node, each
  // as long as hundreds of instructions, and a caller that knows its keys
  // early (a script's declared KEYS) can overlap both with other work.
  // PrefetchSlot starts loading the slot; PrefetchNode, called once the
  // slot has had time to arrive, starts loading the chain's first node.
  // Neither changes anything.
  void PrefetchSlot(std::string_view key) const {
    if (size_ == 0) return;
    const size_t h = HashBytes(key);
    for (const Table& t : t_) {
      if (!t.buckets.empty()) __builtin_prefetch(&t.buckets[h & t.mask()]);
    }
  }
  void PrefetchNode(std::string_view key) const {
    if (size_ == 0) return;
    const size_t h = HashBytes(key);
    for (const Table& t : t_) {
      if (t.buckets.empty()) continue;
      if (const Node* n = t.buckets[h & t.mask()]) {
        const char* p = reinterpret_cast<const char*>(n);
        __builtin_prefetch(p);
        __builtin_prefetch(p + 64);
        __builtin_prefetch(p + sizeof(Node) - 1);
      }
    }
  }

  // Inserts `key` with `value` if absent. Returns the value slot and whether
  // it was inserted (false: the key existed and nothing changed).
  std::pair<V*, bool> Insert(std::string_view key, V&& value) {
    RehashStep();
    const size_t h = HashBytes(key);
    if (Node* n = FindNode(key, h)) return {&n->value, false};
    MaybeGrow();
    Table& t = rehash_idx_ >= 0 ? t_[1] : t_[0];
    const size_t b = h & t.mask();
    Node* n = new Node{t.buckets[b], std::string(key), std::move(value)};
    t.buckets[b] = n;
    ++t.used;
    ++size_;
    return {&n->value, true};
  }

  // Removes `key`; returns its node for the caller to take the value from,
  // or null when absent.
  std::unique_ptr<Node> Extract(std::string_view key) {
    if (size_ == 0) return nullptr;
    RehashStep();
    const size_t h = HashBytes(key);
    for (int i = 0; i < 2; ++i) {
      Table& t = t_[i];
      if (t.buckets.empty()) continue;
      const size_t b = h & t.mask();
      if (i == 0 && rehash_idx_ >= 0 && b < static_cast<size_t>(rehash_idx_)) {
        continue;
      }
      for (Node** link = &t.buckets[b]; *link; link = &(*link)->next) {
        if ((*link)->key == key) {
          Node* n = *link;
          *link = n->next;
          n->next = nullptr;
          --t.used;
          --size_;
          if (size_ == 0) {
            ReleaseTables();
          } else {
            MaybeShrink();
          }
          return std::unique_ptr<Node>(n);
        }
      }
      if (rehash_idx_ < 0) break;
    }
    return nullptr;
  }

  bool Erase(std::string_view key) { return Extract(key) != nullptr; }

  void Clear() {
    for (Table& t : t_) {
      for (Node* head : t.buckets) {
        while (head) {
          Node* next = head->next;
          delete head;
          head = next;
        }
      }
      t = Table();
    }
    rehash_idx_ = -1;
    size_ = 0;
  }

  // One SCAN step: calls fn(node) for every node in the bucket(s) the cursor
  // names and returns the next cursor (0 when the iteration is complete).
  // `fn` must not modify the dict.
  template <typename Fn>
  uint64_t Scan(uint64_t cursor, Fn&& fn) {
    if (size_ == 0) return 0;
    if (rehash_idx_ < 0) {
      const Table& t = t_[0];
      const uint64_t m = t.mask();
      VisitBucket(t, cursor & m, fn);
      return NextCursor(cursor, m);
    }
    const Table* small = &t_[0];
    const Table* large = &t_[1];
    if (small->buckets.size() > large->buckets.size()) std::swap(small, large);
    const uint64_t m0 = small->mask();
    const uint64_t m1 = large->mask();
    VisitBucket(*small, cursor & m0, fn);
    // Then every bucket of the larger table that expands the small one's.
    do {
      VisitBucket(*large, cursor & m1, fn);
      cursor = NextCursor(cursor, m1);
    } while (cursor & (m0 ^ m1));
    return cursor;
  }

  // Calls fn(node) for every node. `fn` must not modify the dict.
  template <typename Fn>
  void ForEach(Fn&& fn) {
    for (Table& t : t_) {
      for (Node* n : t.buckets) {
        for (; n; n = n->next) fn(*n);
      }
    }
  }

  // A pseudo-random node (bucket first, then a position in its chain), or
  // null when empty. `rnd` returns uniformly distributed 64-bit values.
  template <typename Rng>
  Node* Random(Rng&& rnd) {
    if (size_ == 0) return nullptr;
    RehashStep();
    Node* head = nullptr;
    while (head == nullptr) {
      if (rehash_idx_ >= 0) {
        // Buckets of t_[0] below rehash_idx_ are empty by construction.
        const size_t lo = static_cast<size_t>(rehash_idx_);
        const size_t span = t_[0].buckets.size() + t_[1].buckets.size() - lo;
        const size_t i = lo + rnd() % span;
        head = i < t_[0].buckets.size()
                   ? t_[0].buckets[i]
                   : t_[1].buckets[i - t_[0].buckets.size()];
      } else {
        head = t_[0].buckets[rnd() & t_[0].mask()];
      }
    }
    size_t len = 0;
    for (Node* n = head; n; n = n->next) ++len;
    size_t pick = rnd() % len;
    while (pick--) head = head->next;
    return head;
  }

  // Bytes spent on bucket arrays (nodes are accounted by the owner).
  size_t BucketBytes() const {
    return (t_[0].buckets.capacity() + t_[1].buckets.capacity()) *
           sizeof(Node*);
  }

  bool TEST_rehashing() const { return rehash_idx_ >= 0; }
  size_t TEST_buckets() const {
    return t_[0].buckets.size() + t_[1].buckets.size();
  }

 private:
  static constexpr size_t kMinBuckets = 4;

  struct Table {
    std::vector<Node*> buckets;
    size_t used = 0;
    uint64_t mask() const { return buckets.empty() ? 0 : buckets.size() - 1; }
  };

  static uint64_t Reverse(uint64_t v) {
    v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
    v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
    v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((v & 0x0F0F0F0F0F0F0F0FULL) << 4);
    v = ((v >> 8) & 0x00FF00FF00FF00FFULL) | ((v & 0x00FF00FF00FF00FFULL) << 8);
    v = ((v >> 16) & 0x0000FFFF0000FFFFULL) |
        ((v & 0x0000FFFF0000FFFFULL) << 16);
    return (v >> 32) | (v << 32);
  }

  // Increments the masked bits of `cursor` starting from the high end.
  static uint64_t NextCursor(uint64_t cursor, uint64_t mask) {
    cursor |= ~mask;
    cursor = Reverse(cursor);
    ++cursor;
    return Reverse(cursor);
  }

  template <typename Fn>
  static void VisitBucket(const Table& t, uint64_t b, Fn& fn) {
    for (Node* n = t.buckets[b]; n; n = n->next) fn(*n);
  }

  Node* FindNode(std::string_view key, size_t h) {
    for (int i = 0; i < 2; ++i) {
      Table& t = t_[i];
      if (t.buckets.empty()) continue;
      for (Node* n = t.buckets[h & t.mask()]; n; n = n->next) {
        if (n->key == key) return n;
      }
      if (rehash_idx_ < 0) break;
    }
    return nullptr;
  }

  void StartResize(size_t buckets) {
    t_[1].buckets.assign(buckets, nullptr);
    t_[1].used = 0;
    rehash_idx_ = 0;
    if (t_[0].used == 0) FinishRehash();
  }

  // An empty dict holds no buckets, as a new one does: otherwise the last
  // delete could leave a large table, or two mid-resize, that no later
  // operation steps or shrinks. Safe for SCAN: an empty dict ends any
  // iteration.
  void ReleaseTables() {
    t_[0] = Table();
    t_[1] = Table();
    rehash_idx_ = -1;
  }

  void FinishRehash() {
    t_[0] = std::move(t_[1]);
    t_[1] = Table();
    rehash_idx_ = -1;
  }

  void MaybeGrow() {
    if (t_[0].buckets.empty()) {
      t_[0].buckets.assign(kMinBuckets, nullptr);
      return;
    }
    if (rehash_idx_ >= 0) return;
    if (t_[0].used >= t_[0].buckets.size()) {
      StartResize(t_[0].buckets.size() * 2);
    }
  }

  void MaybeShrink() {
    if (rehash_idx_ >= 0) return;
    const size_t n = t_[0].buckets.size();
    // Shrink when under 1/8 full; the hysteresis against growth at 1/1
    // keeps a table of stable size from resizing back and forth.
    if (n > kMinBuckets && t_[0].used * 8 < n) {
      size_t target = kMinBuckets;
      while (target < t_[0].used) target *= 2;
      if (target < n) StartResize(target);
    }
  }

  // Moves one bucket (and skips up to 10 empty ones) into the new table.
  void RehashStep() {
    if (rehash_idx_ < 0) return;
    Table& from = t_[0];
    Table& to = t_[1];
    int empty_visits = 10;
    while (static_cast<size_t>(rehash_idx_) < from.buckets.size() &&
           from.buckets[rehash_idx_] == nullptr) {
      ++rehash_idx_;
      if (--empty_visits == 0) return;
    }
    if (static_cast<size_t>(rehash_idx_) < from.buckets.size()) {
      Node* n = from.buckets[rehash_idx_];
      while (n) {
        Node* next = n->next;
        const size_t b = HashBytes(n->key) & to.mask();
        n->next = to.buckets[b];
        to.buckets[b] = n;
        --from.used;
        ++to.used;
        n = next;
      }
      from.buckets[rehash_idx_] = nullptr;
      ++rehash_idx_;
    }
    if (from.used == 0) FinishRehash();
  }

  Table t_[2];
  // Next bucket of t_[0] to move into t_[1]; -1 when not rehashing.
  int64_t rehash_idx_ = -1;
  size_t size_ = 0;
};

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_DICT_H_
