#include "keyspace/zset.h"

#include <cmath>
#include <memory>

#include "keyspace/util/malloc_size.h"

namespace luakv {
namespace {

// Members in a listpack are at most kMaxListpackValue bytes; a longer one
// only appears when a caller builds a set whole and converts after.
constexpr size_t kStackEntry = 9 + 64;

bool EntryLess(double s1, std::string_view m1, double s2,
               std::string_view m2) {
  return s1 < s2 || (s1 == s2 && m1 < m2);
}

}  // namespace

size_t ZSetValue::EncodeEntry(double score, std::string_view member,
                              char* buf) {
  size_t n = 0;
  constexpr double kExact = 9007199254740992.0;  // 2^53
  if (score == std::trunc(score) && score > -kExact && score < kExact &&
      !(score == 0 && std::signbit(score))) {
    const int64_t v = static_cast<int64_t>(score);
    uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
    unsigned char len = 0;
    while (z != 0) {
      buf[1 + len++] = static_cast<char>(z & 0xff);
      z >>= 8;
    }
    buf[0] = static_cast<char>(len);
    n = 1 + len;
  } else {
    buf[0] = static_cast<char>(kDoubleTag);
    std::memcpy(buf + 1, &score, 8);
    n = 9;
  }
  if (!member.empty()) std::memcpy(buf + n, member.data(), member.size());
  return n + member.size();
}

const char* ZSetValue::EncodingName() const {
  return big_ ? "skiplist" : "listpack";
}

size_t ZSetValue::NodeBytes(std::string_view member) {
  return MallocSize(sizeof(Dict<double>::Node)) +
         StringMallocSize(member.size());
}

size_t ZSetValue::HeapBytes() const {
  if (!big_) return lp_.HeapBytes();
  return MallocSize(sizeof(Big)) + big_->node_bytes +
         big_->dict.BucketBytes() + big_->tree.HeapBytes();
}

ZSetValue ZSetValue::Clone() const {
  ZSetValue out;
  if (!big_) {
    out.lp_ = lp_.Clone();
    return out;
  }
  out.big_ = std::make_unique<Big>();
  ForEach([&out](std::string_view m, double s) { out.InsertInBig(m, s); });
  return out;
}

size_t ZSetValue::FindInListpack(std::string_view member) const {
  for (size_t p = lp_.Begin(); p != lp_.End(); p = lp_.Next(p)) {
    if (EntryMember(lp_.Get(p)) == member) return p;
  }
  return lp_.End();
}

std::optional<double> ZSetValue::Score(std::string_view member) const {
  if (big_) {
    const double* s = big_->dict.Find(member);
    if (s == nullptr) return std::nullopt;
    return *s;
  }
  const size_t p = FindInListpack(member);
  if (p == lp_.End()) return std::nullopt;
  return EntryScore(lp_.Get(p));
}

size_t ZSetValue::Rank(std::string_view member, double score) const {
  if (big_) return big_->tree.Rank(score, member);
  size_t r = 0;
  for (size_t p = lp_.Begin(); p != lp_.End(); p = lp_.Next(p), ++r) {
    if (EntryMember(lp_.Get(p)) == member) return r;
  }
  return r;
}

void ZSetValue::InsertInListpack(std::string_view member, double score) {
  // Redis keeps a listpack score as text that the listpack stores as an
  // integer when it can: "-0" comes back as 0. The large encoding keeps -0.
  if (score == 0) score = 0.0;
  size_t p = lp_.Begin();
  for (; p != lp_.End(); p = lp_.Next(p)) {
    const std::string_view e = lp_.Get(p);
    if (EntryLess(score, member, EntryScore(e), EntryMember(e))) break;
  }
  char stack[kStackEntry];
  std::string heap;
  char* buf = stack;
  if (9 + member.size() > kStackEntry) {
    heap.resize(9 + member.size());
    buf = heap.data();
  }
  lp_.Insert(p, std::string_view(buf, EncodeEntry(score, member, buf)));
}

void ZSetValue::InsertInBig(std::string_view member, double score) {
  big_->dict.Insert(member, double{score});
  const Dict<double>::Node* n = big_->dict.FindNode(member);
  big_->tree.Insert({score, &n->key});
  big_->node_bytes += NodeBytes(member);
}

void ZSetValue::Insert(std::string_view member, double score) {
  if (big_) return InsertInBig(member, score);
  InsertInListpack(member, score);
}

void ZSetValue::Update(std::string_view member, double score) {
  if (big_) {
    Dict<double>::Node* n = big_->dict.FindNode(member);
    big_->tree.Erase(n->value, member);
    n->value = score;
    big_->tree.Insert({score, &n->key});
    return;
  }
  lp_.Erase(FindInListpack(member));
  InsertInListpack(member, score);
}

std::optional<double> ZSetValue::Remove(std::string_view member) {
  if (big_) {
    Dict<double>::Node* n = big_->dict.FindNode(member);
    if (n == nullptr) return std::nullopt;
    const double score = n->value;
    // The tree points at the node's key: erase from the tree first.
    big_->tree.Erase(score, member);
    big_->node_bytes -= NodeBytes(member);
    big_->dict.Erase(member);
    return score;
  }
  const size_t p = FindInListpack(member);
  if (p == lp_.End()) return std::nullopt;
  const double score = EntryScore(lp_.Get(p));
  lp_.Erase(p);
  return score;
}

Listpack ZSetValue::ConvertToSkiplist() {
  if (big_) return Listpack();
  big_ = std::make_unique<Big>();
  for (size_t p = lp_.Begin(); p != lp_.End(); p = lp_.Next(p)) {
    const std::string_view e = lp_.Get(p);
    InsertInBig(EntryMember(e), EntryScore(e));
  }
  return std::move(lp_);
}

void ZSetValue::RestoreListpack(Listpack lp) {
  lp_ = std::move(lp);
  big_.reset();
}

void ZSetValue::ConvertToListpack() {
  if (!big_) return;
  Listpack lp;
  std::string buf;
  ForEach([&](std::string_view m, double s) {
    buf.resize(9 + m.size());
    lp.PushBack(std::string_view(buf.data(), EncodeEntry(s, m, buf.data())));
  });
  lp_ = std::move(lp);
  big_.reset();
}

// --- ZSetEdit

void ZSetEdit::ConvertToSkiplist() {
  Listpack old = zset_.ConvertToSkiplist();
  if (scope_.journaling()) {
    scope_.Record([lp = std::make_shared<Listpack>(std::move(old))](
                      Database& db, std::string_view key, Entry& e) {
      ZSetEdit(db, key, e.value.zset()).zset_.RestoreListpack(std::move(*lp));
    });
  }
}

void ZSetEdit::Insert(std::string_view member, double score) {
  if (zset_.encoding() == ZSetValue::Encoding::kListpack &&
      member.size() > ZSetValue::kMaxListpackValue) {
    ConvertToSkiplist();
  }
  zset_.Insert(member, score);
  scope_.Record([m = std::string(member)](Database& db, std::string_view key,
                                          Entry& e) {
    ZSetEdit(db, key, e.value.zset()).zset_.Remove(m);
  });
  if (zset_.encoding() == ZSetValue::Encoding::kListpack &&
      zset_.size() > ZSetValue::kMaxListpackEntries) {
    ConvertToSkiplist();
  }
}

void ZSetEdit::Update(std::string_view member, double score) {
  if (scope_.journaling()) {
    scope_.Record([m = std::string(member), old = *zset_.Score(member)](
                      Database& db, std::string_view key, Entry& e) {
      ZSetEdit(db, key, e.value.zset()).zset_.Update(m, old);
    });
  }
  zset_.Update(member, score);
}

std::optional<double> ZSetEdit::Remove(std::string_view member) {
  std::optional<double> old = zset_.Remove(member);
  if (old.has_value()) {
    scope_.Record([m = std::string(member), s = *old](
                      Database& db, std::string_view key, Entry& e) {
      ZSetEdit(db, key, e.value.zset()).zset_.Insert(m, s);
    });
  }
  return old;
}

}  // namespace luakv
