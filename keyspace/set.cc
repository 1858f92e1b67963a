#include "keyspace/set.h"

#include <charconv>
#include <memory>
#include <optional>

#include "keyspace/util/malloc_size.h"

namespace luakv {

const char* SetValue::EncodingName() const {
  return table_ ? "hashtable" : "intset";
}

std::string_view SetValue::Format(int64_t v, char* buf) {
  auto r = std::to_chars(buf, buf + 24, v);
  return std::string_view(buf, static_cast<size_t>(r.ptr - buf));
}

size_t SetValue::NodeBytes(std::string_view member) {
  return MallocSize(sizeof(Table::Node)) + StringMallocSize(member.size());
}

size_t SetValue::HeapBytes() const {
  if (!table_) return ints_.HeapBytes();
  return MallocSize(sizeof(Table)) + node_bytes_ + table_->BucketBytes();
}

SetValue SetValue::Clone() const {
  SetValue out;
  if (!table_) {
    out.ints_ = ints_.Clone();
    return out;
  }
  out.table_ = std::make_unique<Table>();
  ForEach([&out](std::string_view m) { out.Add(m); });
  return out;
}

bool SetValue::Contains(std::string_view member) const {
  if (table_) return table_->Find(member) != nullptr;
  const std::optional<int64_t> v = ParseInt64(member);
  return v.has_value() && ints_.Contains(*v);
}

bool SetValue::Add(std::string_view member) {
  if (table_) {
    if (!table_->Insert(member, NoValue{}).second) return false;
    node_bytes_ += NodeBytes(member);
    return true;
  }
  return ints_.Add(*ParseInt64(member));
}

bool SetValue::Insert(std::string_view member) {
  if (!table_ && !ParseInt64(member).has_value()) ConvertToHashtable();
  if (!Add(member)) return false;
  if (!table_ && ints_.size() > kMaxIntsetEntries) ConvertToHashtable();
  return true;
}

bool SetValue::Remove(std::string_view member) {
  if (table_) {
    auto node = table_->Extract(member);
    if (!node) return false;
    node_bytes_ -= NodeBytes(node->key);
    return true;
  }
  const std::optional<int64_t> v = ParseInt64(member);
  return v.has_value() && ints_.Remove(*v);
}

IntSet SetValue::ConvertToHashtable() {
  if (table_) return IntSet();
  table_ = std::make_unique<Table>();
  node_bytes_ = 0;
  char buf[24];
  for (size_t i = 0; i < ints_.size(); ++i) {
    const std::string_view m = Format(ints_.At(i), buf);
    table_->Insert(m, NoValue{});
    node_bytes_ += NodeBytes(m);
  }
  return std::move(ints_);
}

void SetValue::RestoreIntset(IntSet ints) {
  ints_ = std::move(ints);
  table_.reset();
  node_bytes_ = 0;
}

// --- SetEdit

void SetEdit::ConvertToHashtable() {
  IntSet old = set_.ConvertToHashtable();
  if (scope_.journaling()) {
    scope_.Record([ints = std::make_shared<IntSet>(std::move(old))](
                      Database& db, std::string_view key, Entry& e) {
      SetEdit(db, key, e.value.set()).set_.RestoreIntset(std::move(*ints));
    });
  }
}

bool SetEdit::Add(std::string_view member) {
  if (set_.encoding() == SetValue::Encoding::kIntset) {
    if (!ParseInt64(member).has_value()) {
      ConvertToHashtable();
    }
  }
  if (!set_.Add(member)) return false;
  scope_.Record([m = std::string(member)](Database& db, std::string_view key,
                                          Entry& e) {
    SetEdit(db, key, e.value.set()).set_.Remove(m);
  });
  if (set_.encoding() == SetValue::Encoding::kIntset &&
      set_.size() > SetValue::kMaxIntsetEntries) {
    ConvertToHashtable();
  }
  return true;
}

bool SetEdit::Remove(std::string_view member) {
  if (!set_.Remove(member)) return false;
  scope_.Record([m = std::string(member)](Database& db, std::string_view key,
                                          Entry& e) {
    SetEdit(db, key, e.value.set()).set_.Add(m);
  });
  return true;
}

}  // namespace luakv
