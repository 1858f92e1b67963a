#include "keyspace/score_tree.h"

#include <utility>

#include "keyspace/util/malloc_size.h"

namespace luakv {
namespace {

constexpr int kLeafMin = 62 / 4;
constexpr int kInnerMin = 32 / 4;

}  // namespace

ScoreTree::ScoreTree(ScoreTree&& o) noexcept
    : root_(std::exchange(o.root_, nullptr)),
      first_(std::exchange(o.first_, nullptr)),
      last_(std::exchange(o.last_, nullptr)),
      size_(std::exchange(o.size_, 0)),
      node_bytes_(std::exchange(o.node_bytes_, 0)) {}

ScoreTree& ScoreTree::operator=(ScoreTree&& o) noexcept {
  if (this != &o) {
    Clear();
    root_ = std::exchange(o.root_, nullptr);
    first_ = std::exchange(o.first_, nullptr);
    last_ = std::exchange(o.last_, nullptr);
    size_ = std::exchange(o.size_, 0);
    node_bytes_ = std::exchange(o.node_bytes_, 0);
  }
  return *this;
}

ScoreTree::Leaf* ScoreTree::NewLeaf() {
  Leaf* l = new Leaf;
  l->leaf = true;
  node_bytes_ += MallocSize(sizeof(Leaf));
  return l;
}

ScoreTree::Inner* ScoreTree::NewInner() {
  Inner* in = new Inner;
  in->leaf = false;
  node_bytes_ += MallocSize(sizeof(Inner));
  return in;
}

void ScoreTree::Free(Node* n) {
  if (n->leaf) {
    node_bytes_ -= MallocSize(sizeof(Leaf));
    delete static_cast<Leaf*>(n);
  } else {
    node_bytes_ -= MallocSize(sizeof(Inner));
    delete static_cast<Inner*>(n);
  }
}

void ScoreTree::Clear() {
  if (root_ == nullptr) return;
  // Iterative post-order would need a stack anyway; the height is small.
  struct Rec {
    static void Go(ScoreTree* t, Node* n) {
      if (!n->leaf) {
        Inner* in = static_cast<Inner*>(n);
        for (int i = 0; i < in->n; ++i) Go(t, in->child[i]);
      }
      t->Free(n);
    }
  };
  Rec::Go(this, root_);
  root_ = nullptr;
  first_ = last_ = nullptr;
  size_ = 0;
}

uint64_t ScoreTree::CountOf(const Node* n) {
  if (n->leaf) return n->n;
  const Inner* in = static_cast<const Inner*>(n);
  uint64_t c = 0;
  for (int i = 0; i < in->n; ++i) c += in->count[i];
  return c;
}

void ScoreTree::Insert(Item item) {
  ++size_;
  if (root_ == nullptr) {
    Leaf* l = NewLeaf();
    l->items[0] = item;
    l->n = 1;
    root_ = first_ = last_ = l;
    return;
  }
  Bound sep;
  Node* right = InsertRec(root_, item, &sep);
  if (right == nullptr) return;
  Inner* r = NewInner();
  r->n = 2;
  r->child[0] = root_;
  r->count[0] = CountOf(root_);
  r->bound[0] = std::move(sep);
  r->child[1] = right;
  r->count[1] = CountOf(right);
  root_ = r;
}

ScoreTree::Node* ScoreTree::InsertRec(Node* n, Item item, Bound* sep) {
  const std::string_view m(*item.member);
  if (n->leaf) {
    Leaf* lf = static_cast<Leaf*>(n);
    int pos = 0;
    {
      int lo = 0;
      int hi = lf->n;
      while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (Less(lf->items[mid].score, *lf->items[mid].member, item.score, m)) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      pos = lo;
    }
    Leaf* target = lf;
    Leaf* r = nullptr;
    if (lf->n == kLeafCap) {
      r = NewLeaf();
      const int half = kLeafCap / 2;
      for (int k = half; k < kLeafCap; ++k) r->items[k - half] = lf->items[k];
      r->n = static_cast<uint16_t>(kLeafCap - half);
      lf->n = static_cast<uint16_t>(half);
      r->prev = lf;
      r->next = lf->next;
      if (lf->next) lf->next->prev = r;
      lf->next = r;
      if (last_ == lf) last_ = r;
      if (pos > half) {
        target = r;
        pos -= half;
      }
    }
    for (int k = target->n; k > pos; --k) target->items[k] = target->items[k - 1];
    target->items[pos] = item;
    ++target->n;
    if (r != nullptr) {
      const Item& last = lf->items[lf->n - 1];
      sep->score = last.score;
      sep->member = *last.member;
    }
    return r;
  }

  Inner* in = static_cast<Inner*>(n);
  int i = 0;
  {
    int lo = 0;
    int hi = in->n - 1;
    while (lo < hi) {
      const int mid = (lo + hi) / 2;
      if (Less(in->bound[mid].score, in->bound[mid].member, item.score, m)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    i = lo;
  }
  ++in->count[i];
  Bound child_sep;
  Node* right = InsertRec(in->child[i], item, &child_sep);
  if (right == nullptr) return nullptr;
  const uint64_t rc = CountOf(right);
  in->count[i] -= rc;

  Inner* target = in;
  Inner* split = nullptr;
  if (in->n == kInnerCap) {
    split = NewInner();
    const int half = kInnerCap / 2;
    for (int k = half; k < kInnerCap; ++k) {
      split->child[k - half] = in->child[k];
      split->count[k - half] = in->count[k];
      split->bound[k - half] = std::move(in->bound[k]);
    }
    split->n = static_cast<uint16_t>(kInnerCap - half);
    in->n = static_cast<uint16_t>(half);
    *sep = in->bound[half - 1];
    if (i >= half) {
      target = split;
      i -= half;
    }
  }
  // child i became (child i, right): right takes child i's old bound.
  for (int k = target->n; k > i + 1; --k) {
    target->child[k] = target->child[k - 1];
    target->count[k] = target->count[k - 1];
    target->bound[k] = std::move(target->bound[k - 1]);
  }
  target->child[i + 1] = right;
  target->count[i + 1] = rc;
  target->bound[i + 1] = std::move(target->bound[i]);
  target->bound[i] = std::move(child_sep);
  ++target->n;
  return split;
}

bool ScoreTree::Erase(double score, std::string_view member) {
  if (root_ == nullptr || !EraseRec(root_, score, member)) return false;
  --size_;
  if (!root_->leaf && root_->n == 1) {
    Node* old = root_;
    root_ = static_cast<Inner*>(old)->child[0];
    Free(old);
  } else if (root_->leaf && root_->n == 0) {
    Free(root_);
    root_ = nullptr;
    first_ = last_ = nullptr;
  }
  return true;
}

bool ScoreTree::EraseRec(Node* n, double score, std::string_view member) {
  if (n->leaf) {
    Leaf* lf = static_cast<Leaf*>(n);
    int lo = 0;
    int hi = lf->n;
    while (lo < hi) {
      const int mid = (lo + hi) / 2;
      if (Less(lf->items[mid].score, *lf->items[mid].member, score, member)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    if (lo == lf->n || lf->items[lo].score != score ||
        *lf->items[lo].member != member) {
      return false;
    }
    for (int k = lo; k + 1 < lf->n; ++k) lf->items[k] = lf->items[k + 1];
    --lf->n;
    return true;
  }
  Inner* in = static_cast<Inner*>(n);
  int lo = 0;
  int hi = in->n - 1;
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    if (Less(in->bound[mid].score, in->bound[mid].member, score, member)) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (!EraseRec(in->child[lo], score, member)) return false;
  --in->count[lo];
  const Node* c = in->child[lo];
  if (c->n < (c->leaf ? kLeafMin : kInnerMin)) Rebalance(in, lo);
  return true;
}

void ScoreTree::Rebalance(Inner* in, int i) {
  if (in->n < 2) return;
  const int a = i + 1 < in->n ? i : i - 1;  // fix the pair (a, a + 1)
  Node* ln = in->child[a];
  Node* rn = in->child[a + 1];
  const int total = ln->n + rn->n;
  if (ln->leaf) {
    if (total <= kLeafCap * 3 / 4) return MergeLeaves(in, a);
    Leaf* l = static_cast<Leaf*>(ln);
    Leaf* r = static_cast<Leaf*>(rn);
    const int want = total / 2;
    if (l->n < want) {
      const int k = want - l->n;
      for (int j = 0; j < k; ++j) l->items[l->n + j] = r->items[j];
      for (int j = k; j < r->n; ++j) r->items[j - k] = r->items[j];
      l->n = static_cast<uint16_t>(l->n + k);
      r->n = static_cast<uint16_t>(r->n - k);
      in->count[a] += static_cast<uint64_t>(k);
      in->count[a + 1] -= static_cast<uint64_t>(k);
    } else {
      const int k = l->n - want;
      for (int j = r->n - 1; j >= 0; --j) r->items[j + k] = r->items[j];
      for (int j = 0; j < k; ++j) r->items[j] = l->items[want + j];
      l->n = static_cast<uint16_t>(want);
      r->n = static_cast<uint16_t>(r->n + k);
      in->count[a] -= static_cast<uint64_t>(k);
      in->count[a + 1] += static_cast<uint64_t>(k);
    }
    const Item& last = l->items[l->n - 1];
    in->bound[a].score = last.score;
    in->bound[a].member = *last.member;
    return;
  }
  if (total <= kInnerCap * 3 / 4) return MergeInners(in, a);
  Inner* l = static_cast<Inner*>(ln);
  Inner* r = static_cast<Inner*>(rn);
  const int want = total / 2;
  if (l->n < want) {
    const int k = want - l->n;
    // l's last child gets a real bound: the one the parent held for l.
    l->bound[l->n - 1] = std::move(in->bound[a]);
    uint64_t moved = 0;
    for (int j = 0; j < k; ++j) {
      l->child[l->n + j] = r->child[j];
      l->count[l->n + j] = r->count[j];
      l->bound[l->n + j] = std::move(r->bound[j]);
      moved += r->count[j];
    }
    for (int j = k; j < r->n; ++j) {
      r->child[j - k] = r->child[j];
      r->count[j - k] = r->count[j];
      r->bound[j - k] = std::move(r->bound[j]);
    }
    l->n = static_cast<uint16_t>(l->n + k);
    r->n = static_cast<uint16_t>(r->n - k);
    in->bound[a] = l->bound[l->n - 1];
    in->count[a] += moved;
    in->count[a + 1] -= moved;
  } else {
    const int k = l->n - want;
    for (int j = r->n - 1; j >= 0; --j) {
      r->child[j + k] = r->child[j];
      r->count[j + k] = r->count[j];
      r->bound[j + k] = std::move(r->bound[j]);
    }
    uint64_t moved = 0;
    for (int j = 0; j < k; ++j) {
      r->child[j] = l->child[want + j];
      r->count[j] = l->count[want + j];
      r->bound[j] = std::move(l->bound[want + j]);
      moved += l->count[want + j];
    }
    // The child that was l's last had no bound of its own: the parent's.
    r->bound[k - 1] = std::move(in->bound[a]);
    l->n = static_cast<uint16_t>(want);
    r->n = static_cast<uint16_t>(r->n + k);
    in->bound[a] = l->bound[want - 1];
    in->count[a] -= moved;
    in->count[a + 1] += moved;
  }
}

void ScoreTree::MergeLeaves(Inner* in, int a) {
  Leaf* l = static_cast<Leaf*>(in->child[a]);
  Leaf* r = static_cast<Leaf*>(in->child[a + 1]);
  for (int j = 0; j < r->n; ++j) l->items[l->n + j] = r->items[j];
  l->n = static_cast<uint16_t>(l->n + r->n);
  l->next = r->next;
  if (r->next) r->next->prev = l;
  if (last_ == r) last_ = l;
  Free(r);
  in->count[a] += in->count[a + 1];
  in->bound[a] = std::move(in->bound[a + 1]);
  for (int j = a + 1; j + 1 < in->n; ++j) {
    in->child[j] = in->child[j + 1];
    in->count[j] = in->count[j + 1];
    in->bound[j] = std::move(in->bound[j + 1]);
  }
  --in->n;
}

void ScoreTree::MergeInners(Inner* in, int a) {
  Inner* l = static_cast<Inner*>(in->child[a]);
  Inner* r = static_cast<Inner*>(in->child[a + 1]);
  l->bound[l->n - 1] = std::move(in->bound[a]);
  for (int j = 0; j < r->n; ++j) {
    l->child[l->n + j] = r->child[j];
    l->count[l->n + j] = r->count[j];
    l->bound[l->n + j] = std::move(r->bound[j]);
  }
  l->n = static_cast<uint16_t>(l->n + r->n);
  r->n = 0;
  Free(r);
  in->count[a] += in->count[a + 1];
  in->bound[a] = std::move(in->bound[a + 1]);
  for (int j = a + 1; j + 1 < in->n; ++j) {
    in->child[j] = in->child[j + 1];
    in->count[j] = in->count[j + 1];
    in->bound[j] = std::move(in->bound[j + 1]);
  }
  --in->n;
}

size_t ScoreTree::Rank(double score, std::string_view member) const {
  return PartitionPoint([score, member](double s, std::string_view m) {
    return Less(s, m, score, member);
  });
}

const ScoreTree::Item& ScoreTree::Iter::operator*() const {
  return static_cast<const Leaf*>(leaf_)->items[i_];
}

ScoreTree::Iter ScoreTree::At(size_t rank) const {
  Iter it;
  if (rank >= size_) return it;
  const Node* n = root_;
  while (!n->leaf) {
    const Inner* in = static_cast<const Inner*>(n);
    int i = 0;
    while (rank >= in->count[i]) rank -= in->count[i++];
    n = in->child[i];
  }
  it.leaf_ = n;
  it.i_ = static_cast<uint32_t>(rank);
  return it;
}

void ScoreTree::Next(Iter& it) const {
  const Leaf* l = static_cast<const Leaf*>(it.leaf_);
  if (it.i_ + 1 < l->n) {
    ++it.i_;
    return;
  }
  it.leaf_ = l->next;
  it.i_ = 0;
}

void ScoreTree::Prev(Iter& it) const {
  if (it.i_ > 0) {
    --it.i_;
    return;
  }
  const Leaf* p = static_cast<const Leaf*>(it.leaf_)->prev;
  it.leaf_ = p;
  it.i_ = p ? p->n - 1u : 0;
}

bool ScoreTree::CheckRec(const Node* n, const Bound* lo, const Bound* hi,
                         uint64_t* count, int depth, int* leaf_depth,
                         const Leaf** prev_leaf) const {
  const bool is_root = n == root_;
  if (n->leaf) {
    const Leaf* l = static_cast<const Leaf*>(n);
    if (!is_root && l->n < kLeafMin) return false;
    if (*leaf_depth < 0) *leaf_depth = depth;
    if (*leaf_depth != depth) return false;
    if (l->prev != *prev_leaf) return false;
    if (*prev_leaf == nullptr && first_ != l) return false;
    *prev_leaf = l;
    for (int i = 0; i < l->n; ++i) {
      const Item& it = l->items[i];
      if (i > 0 && !Less(l->items[i - 1].score, *l->items[i - 1].member,
                         it.score, *it.member)) {
        return false;
      }
      if (lo && !Less(lo->score, lo->member, it.score, *it.member)) {
        return false;
      }
      if (hi && Less(hi->score, hi->member, it.score, *it.member)) {
        return false;
      }
    }
    *count = l->n;
    return true;
  }
  const Inner* in = static_cast<const Inner*>(n);
  if (in->n < (is_root ? 2 : kInnerMin)) return false;
  uint64_t total = 0;
  for (int i = 0; i < in->n; ++i) {
    const Bound* clo = i == 0 ? lo : &in->bound[i - 1];
    const Bound* chi = i + 1 == in->n ? hi : &in->bound[i];
    uint64_t c = 0;
    if (!CheckRec(in->child[i], clo, chi, &c, depth + 1, leaf_depth,
                  prev_leaf)) {
      return false;
    }
    if (c != in->count[i]) return false;
    total += c;
  }
  *count = total;
  return true;
}

bool ScoreTree::TEST_Check() const {
  if (root_ == nullptr) return size_ == 0 && first_ == nullptr;
  uint64_t count = 0;
  int leaf_depth = -1;
  const Leaf* prev = nullptr;
  if (!CheckRec(root_, nullptr, nullptr, &count, 0, &leaf_depth, &prev)) {
    return false;
  }
  return count == size_ && prev == last_ && last_->next == nullptr;
}

int ScoreTree::TEST_height() const {
  int h = 0;
  for (const Node* n = root_; n != nullptr;
       n = n->leaf ? nullptr : static_cast<const Inner*>(n)->child[0]) {
    ++h;
  }
  return h;
}

}  // namespace luakv
