#include "keyspace/hash.h"

#include <memory>

#include "keyspace/util/malloc_size.h"

namespace luakv {

const char* HashValue::EncodingName() const {
  return table_ ? "hashtable" : "listpack";
}

size_t HashValue::NodeBytes(std::string_view field, std::string_view value) {
  return MallocSize(sizeof(Dict<std::string>::Node)) +
         StringMallocSize(field.size()) + StringMallocSize(value.size());
}

size_t HashValue::HeapBytes() const {
  if (!table_) return lp_.HeapBytes();
  return MallocSize(sizeof(Dict<std::string>)) + node_bytes_ +
         table_->BucketBytes();
}

HashValue HashValue::Clone() const {
  HashValue out;
  if (!table_) {
    out.lp_ = lp_.Clone();
    return out;
  }
  out.table_ = std::make_unique<Dict<std::string>>();
  ForEach([&out](std::string_view f, std::string_view v) { out.Set(f, v); });
  return out;
}

size_t HashValue::FindInListpack(std::string_view field) const {
  for (size_t p = lp_.Begin(); p != lp_.End();) {
    if (lp_.Get(p) == field) return p;
    p = lp_.Next(lp_.Next(p));
  }
  return lp_.End();
}

std::optional<std::string_view> HashValue::Get(std::string_view field) const {
  if (table_) {
    const std::string* v = table_->Find(field);
    if (v == nullptr) return std::nullopt;
    return std::string_view(*v);
  }
  const size_t p = FindInListpack(field);
  if (p == lp_.End()) return std::nullopt;
  return lp_.Get(lp_.Next(p));
}

bool HashValue::Set(std::string_view field, std::string_view value) {
  if (table_) {
    auto [slot, inserted] = table_->Insert(field, std::string(value));
    if (inserted) {
      node_bytes_ += NodeBytes(field, value);
      return true;
    }
    node_bytes_ -= StringMallocSize(slot->size());
    slot->assign(value.data(), value.size());
    slot->shrink_to_fit();
    node_bytes_ += StringMallocSize(slot->size());
    return false;
  }
  const size_t p = FindInListpack(field);
  if (p != lp_.End()) {
    lp_.Replace(lp_.Next(p), value);
    return false;
  }
  lp_.PushBack(field);
  lp_.PushBack(value);
  return true;
}

bool HashValue::Delete(std::string_view field) {
  if (table_) {
    auto node = table_->Extract(field);
    if (!node) return false;
    node_bytes_ -= NodeBytes(node->key, node->value);
    return true;
  }
  const size_t p = FindInListpack(field);
  if (p == lp_.End()) return false;
  lp_.Erase(p, 2);
  return true;
}

std::pair<std::string_view, std::string_view> HashValue::PairAt(
    size_t i) const {
  size_t p = lp_.Begin();
  for (size_t k = 0; k < i; ++k) p = lp_.Next(lp_.Next(p));
  return {lp_.Get(p), lp_.Get(lp_.Next(p))};
}

Listpack HashValue::ConvertToHashtable() {
  if (table_) return Listpack();
  table_ = std::make_unique<Dict<std::string>>();
  node_bytes_ = 0;
  ForEachInListpack([this](std::string_view f, std::string_view v) {
    table_->Insert(f, std::string(v));
    node_bytes_ += NodeBytes(f, v);
  });
  return std::move(lp_);
}

void HashValue::RestoreListpack(Listpack lp) {
  lp_ = std::move(lp);
  table_.reset();
  node_bytes_ = 0;
}

std::optional<size_t> HashValue::ListpackIndex(std::string_view field) const {
  size_t i = 0;
  for (size_t p = lp_.Begin(); p != lp_.End(); ++i) {
    if (lp_.Get(p) == field) return i;
    p = lp_.Next(lp_.Next(p));
  }
  return std::nullopt;
}

void HashValue::InsertAt(size_t pair_index, std::string_view field,
                         std::string_view value) {
  if (table_) {
    Set(field, value);
    return;
  }
  size_t p = lp_.Begin();
  for (size_t k = 0; k < pair_index; ++k) p = lp_.Next(lp_.Next(p));
  p = lp_.Insert(p, field);
  lp_.Insert(lp_.Next(p), value);
}

// --- HashEdit

void HashEdit::ConvertToHashtable() {
  Listpack old = hash_.ConvertToHashtable();
  // Only an undo may go back: Redis never converts a hash back by itself.
  // The old block moves into the record, so undo restores field order too.
  if (scope_.journaling()) {
    scope_.Record([lp = std::make_shared<Listpack>(std::move(old))](
                      Database& db, std::string_view key, Entry& e) {
      HashEdit(db, key, e.value.hash()).hash_.RestoreListpack(std::move(*lp));
    });
  }
}

bool HashEdit::Set(std::string_view field, std::string_view value) {
  if (hash_.encoding() == HashValue::Encoding::kListpack &&
      (field.size() > HashValue::kMaxListpackValue ||
       value.size() > HashValue::kMaxListpackValue)) {
    ConvertToHashtable();
  }
  std::optional<std::string> old;
  if (scope_.journaling()) {
    if (auto v = hash_.Get(field)) old.emplace(*v);
  }
  const bool inserted = hash_.Set(field, value);
  if (inserted) {
    scope_.Record([f = std::string(field)](Database& db, std::string_view key,
                                           Entry& e) {
      HashEdit(db, key, e.value.hash()).hash_.Delete(f);
    });
  } else if (old.has_value()) {
    scope_.Record([f = std::string(field), v = std::move(*old)](
                      Database& db, std::string_view key, Entry& e) {
      HashEdit(db, key, e.value.hash()).hash_.Set(f, v);
    });
  }
  if (hash_.encoding() == HashValue::Encoding::kListpack &&
      hash_.size() > HashValue::kMaxListpackEntries) {
    ConvertToHashtable();
  }
  return inserted;
}

bool HashEdit::Delete(std::string_view field) {
  if (!scope_.journaling()) return hash_.Delete(field);
  auto v = hash_.Get(field);
  if (!v) return false;
  // Where the field stood in a listpack, so undo can put it back there.
  const size_t index = hash_.ListpackIndex(field).value_or(0);
  scope_.Record([index, f = std::string(field), v = std::string(*v)](
                    Database& db, std::string_view key, Entry& e) {
    HashEdit(db, key, e.value.hash()).hash_.InsertAt(index, f, v);
  });
  hash_.Delete(field);
  return true;
}

}  // namespace luakv
