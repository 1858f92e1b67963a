// ScoreTree: an order-statistic B+tree of (score, member) items, the ordered
// half of a large sorted set (ZSetValue keeps the member -> score table).
//
// Why a B+tree rather than Redis's skiplist with spans: both give O(log n)
// insert, erase, rank and select. The tree keeps up to 62 items per 1 KiB
// leaf and up to 32 children per inner node, so a lookup among a million
// members touches 4-5 nodes and scans contiguous memory, where a skiplist
// follows about 20-30 pointers to scattered nodes; and an item costs about
// 24 bytes instead of a skiplist node's 40-70.
//
// Items are ordered by score, then by member bytes (memcmp order, a prefix
// first), as in Redis. The tree stores a pointer to each member's bytes; the
// caller owns them and must keep them alive and unchanged while the item is
// in the tree. Each inner node keeps, per child, the number of items below
// it (for rank and select) and an upper bound for its keys (a copy of a
// member and score, so removing the item it was taken from leaves the bound
// valid). Leaves are chained for range walks.
//
// Thread safety: none.

#ifndef LUAKV_KEYSPACE_SCORE_TREE_H_
#define LUAKV_KEYSPACE_SCORE_TREE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace luakv {

class ScoreTree {
 public:
  struct Item {
    double score;
    const std::string* member;
  };

  ScoreTree() = default;
  ~ScoreTree() { Clear(); }
  ScoreTree(ScoreTree&& o) noexcept;
  ScoreTree& operator=(ScoreTree&& o) noexcept;
  ScoreTree(const ScoreTree&) = delete;
  ScoreTree& operator=(const ScoreTree&) = delete;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  // Heap bytes of the nodes (members are the caller's).
  size_t HeapBytes() const { return node_bytes_; }
  void Clear();

  // REQUIRES: no item with the same score and member is present.
  void Insert(Item item);
  // Removes the item; false when absent.
  bool Erase(double score, std::string_view member);
  // The 0-based position of the item. REQUIRES: present.
  size_t Rank(double score, std::string_view member) const;

  // The number of leading items for which pred(score, member) holds.
  // `pred` must hold for a prefix of the order and fail for the rest (a
  // lower bound such as "score < 5"): O(log n).
  template <typename Pred>
  size_t PartitionPoint(Pred&& pred) const;

  // A position in the tree; invalidated by any change.
  class Iter {
   public:
    bool valid() const { return leaf_ != nullptr; }
    const Item& operator*() const;
    const Item* operator->() const { return &**this; }

   private:
    friend class ScoreTree;
    const void* leaf_ = nullptr;
    uint32_t i_ = 0;
  };
  // The item at `rank`, or an invalid Iter when rank >= size().
  Iter At(size_t rank) const;
  // Steps forward / back; the Iter becomes invalid past either end.
  void Next(Iter& it) const;
  void Prev(Iter& it) const;

  // Checks every invariant (order, counts, bounds, chain); for tests.
  bool TEST_Check() const;
  int TEST_height() const;

 private:
  static constexpr int kLeafCap = 62;
  static constexpr int kInnerCap = 32;

  struct Bound {
    double score = 0;
    std::string member;
  };
  struct Node {
    bool leaf;
    uint16_t n = 0;
  };
  struct Leaf : Node {
    Leaf* prev = nullptr;
    Leaf* next = nullptr;
    Item items[kLeafCap];
  };
  struct Inner : Node {
    Node* child[kInnerCap];
    uint64_t count[kInnerCap];
    // bound[i] >= every key under child[i], < every key under child[i+1].
    // The last child's bound is not used (the parent's bound covers it).
    Bound bound[kInnerCap];
  };

  static bool Less(double s1, std::string_view m1, double s2,
                   std::string_view m2) {
    return s1 < s2 || (s1 == s2 && m1 < m2);
  }

  Leaf* NewLeaf();
  Inner* NewInner();
  void Free(Node* n);
  static uint64_t CountOf(const Node* n);

  // Inserts into the subtree; when the node splits, returns the new right
  // sibling and sets `*sep` to the left part's bound.
  Node* InsertRec(Node* n, Item item, Bound* sep);
  bool EraseRec(Node* n, double score, std::string_view member);
  // Fixes child i of `in` after it fell below its minimum fill.
  void Rebalance(Inner* in, int i);
  void MergeLeaves(Inner* in, int i);
  void MergeInners(Inner* in, int i);
  bool CheckRec(const Node* n, const Bound* lo, const Bound* hi,
                uint64_t* count, int depth, int* leaf_depth,
                const Leaf** prev_leaf) const;

  Node* root_ = nullptr;
  Leaf* first_ = nullptr;
  Leaf* last_ = nullptr;
  size_t size_ = 0;
  size_t node_bytes_ = 0;
};

template <typename Pred>
size_t ScoreTree::PartitionPoint(Pred&& pred) const {
  if (root_ == nullptr) return 0;
  size_t rank = 0;
  const Node* n = root_;
  while (!n->leaf) {
    const Inner* in = static_cast<const Inner*>(n);
    // The first child whose bound fails pred holds the partition point
    // (or it is just past that child when the bound is stale).
    int lo = 0;
    int hi = in->n - 1;
    while (lo < hi) {
      const int mid = (lo + hi) / 2;
      if (pred(in->bound[mid].score, std::string_view(in->bound[mid].member))) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    for (int i = 0; i < lo; ++i) rank += in->count[i];
    n = in->child[lo];
  }
  const Leaf* leaf = static_cast<const Leaf*>(n);
  int lo = 0;
  int hi = leaf->n;
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    if (pred(leaf->items[mid].score,
             std::string_view(*leaf->items[mid].member))) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return rank + static_cast<size_t>(lo);
}

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_SCORE_TREE_H_
