#include "keyspace/database.h"

#include <charconv>
#include <utility>

#include "keyspace/keyspace.h"

namespace luakv {
namespace {

// A node's fixed cost: the chain link, the key's std::string, the entry,
// and the allocator's header.
constexpr size_t kNodeOverhead = sizeof(Dict<Entry>::Node) + 16;

}  // namespace

bool Database::Expired(const Entry& e) const {
  // Redis: a key expires once now > when, so it still lives at when itself.
  return e.expire_at_ms != kNoExpiry && ks_->now_ms() > e.expire_at_ms;
}

void Database::Account(std::string_view key, const Entry& e, bool add) {
  const size_t bytes = kNodeOverhead +
                       (key.size() > 15 ? key.size() + 1 : 0) +
                       e.value.HeapBytes();
  if (add) {
    bytes_ += bytes;
    if (e.has_expiry()) ++volatile_keys_;
  } else {
    bytes_ -= bytes;
    if (e.has_expiry()) --volatile_keys_;
  }
}

Journal* Database::journal() const { return ks_->journal(); }

Entry* Database::Find(std::string_view key) {
  Entry* e = dict_.Find(key);
  if (e == nullptr) return nullptr;
  if (Expired(*e)) {
    Delete(key);
    return nullptr;
  }
  e->value.set_access_s(static_cast<uint32_t>(ks_->now_ms() / 1000));
  return e;
}

const Entry* Database::Peek(std::string_view key) const {
  Entry* e = const_cast<Dict<Entry>&>(dict_).Find(key);
  if (e == nullptr || Expired(*e)) return nullptr;
  return e;
}

Entry* Database::FindNoTouch(std::string_view key) {
  Entry* e = dict_.Find(key);
  if (e == nullptr) return nullptr;
  if (Expired(*e)) {
    Delete(key);
    return nullptr;
  }
  return e;
}

bool Database::ExpireIfNeeded(std::string_view key) {
  Entry* e = dict_.Find(key);
  if (e == nullptr || !Expired(*e)) return false;
  Delete(key);
  return true;
}

Entry& Database::Set(std::string_view key, Value value, bool keep_ttl) {
  auto [slot, inserted] = dict_.Insert(key, Entry{});
  if (!inserted) return Overwrite(key, *slot, std::move(value), keep_ttl);
  if (Journal* j = ks_->journal()) j->RecordKey(index_, key, std::nullopt);
  slot->value = std::move(value);
  slot->value.set_access_s(static_cast<uint32_t>(ks_->now_ms() / 1000));
  Account(key, *slot, true);
  return *slot;
}

Entry& Database::Overwrite(std::string_view key, Entry& slot, Value value,
                           bool keep_ttl) {
  Account(key, slot, false);
  int64_t expire = keep_ttl ? slot.expire_at_ms : kNoExpiry;
  if (Journal* j = ks_->journal()) {
    j->RecordKey(index_, key, std::move(slot));
  }
  {
    // Move the old value out instead of assigning over it: std::string's
    // move assignment keeps the target's buffer when the new string is
    // short, so SET of a small value over a large one would keep (and
    // account) the large allocation.
    Value old = std::move(slot.value);
    slot.value = std::move(value);
  }
  slot.value.set_access_s(static_cast<uint32_t>(ks_->now_ms() / 1000));
  slot.expire_at_ms = expire;
  Account(key, slot, true);
  return slot;
}

void Database::SetInteger(std::string_view key, Entry& slot, int64_t v) {
  char buf[24];
  const char* end = std::to_chars(buf, buf + sizeof(buf), v).ptr;
  const std::string_view digits(buf, static_cast<size_t>(end - buf));
  std::string& s = slot.value.mutable_str();
  if (StringHeapBytes(s) != 0 || digits.size() > kInlineStringBytes) {
    Overwrite(key, slot, Value::String(std::string(digits), StringEncoding::kInt),
              /*keep_ttl=*/true);
    return;
  }
  // Both inline: the memory account does not move.
  if (Journal* j = ks_->journal()) {
    j->RecordString(index_, key, s, slot.value.string_encoding());
  }
  s.assign(digits);
  slot.value.set_string_encoding(StringEncoding::kInt);
  slot.value.set_access_s(static_cast<uint32_t>(ks_->now_ms() / 1000));
}

Entry& Database::Add(std::string_view key, Entry entry) {
  auto [slot, inserted] = dict_.Insert(key, std::move(entry));
  if (Journal* j = ks_->journal()) j->RecordKey(index_, key, std::nullopt);
  Account(key, *slot, true);
  return *slot;
}

bool Database::Delete(std::string_view key) {
  auto node = dict_.Extract(key);
  if (!node) return false;
  Account(key, node->value, false);
  if (Journal* j = ks_->journal()) {
    j->RecordKey(index_, key, std::move(node->value));
  }
  return true;
}

std::optional<Entry> Database::TakeRaw(std::string_view key) {
  auto node = dict_.Extract(key);
  if (!node) return std::nullopt;
  Account(key, node->value, false);
  return std::move(node->value);
}

void Database::SetExpire(std::string_view key, int64_t expire_at_ms) {
  Entry* e = dict_.Find(key);
  if (e == nullptr || e->expire_at_ms == expire_at_ms) return;
  if (Journal* j = ks_->journal()) j->RecordExpire(index_, key, e->expire_at_ms);
  if (e->has_expiry()) --volatile_keys_;
  e->expire_at_ms = expire_at_ms;
  if (e->has_expiry()) ++volatile_keys_;
}

void Database::AppendString(std::string_view key, std::string_view bytes) {
  Entry* e = dict_.Find(key);
  Account(key, *e, false);
  if (Journal* j = ks_->journal()) {
    j->RecordTruncate(index_, key, e->value.str().size(),
                      e->value.str().capacity(), e->value.string_encoding());
  }
  e->value.mutable_str().append(bytes);
  e->value.set_string_encoding(StringEncoding::kRaw);
  Account(key, *e, true);
}

void Database::SetStringRange(std::string_view key, size_t offset,
                              std::string_view bytes) {
  Entry* e = dict_.Find(key);
  Account(key, *e, false);
  if (Journal* j = ks_->journal()) {
    // Overwritten bytes are not recoverable from the new value: the journal
    // keeps the original value and the key goes on with a copy, so a
    // rollback restores the very buffer (and memory footprint) it had.
    // SETRANGE values are usually small; APPEND, the common growth path,
    // has its own cheap record.
    Value copy = e->value.Clone();
    j->RecordKey(index_, key, Entry{std::move(e->value), e->expire_at_ms});
    e->value = std::move(copy);
  }
  std::string& s = e->value.mutable_str();
  if (s.size() < offset + bytes.size()) s.resize(offset + bytes.size(), '\0');
  s.replace(offset, bytes.size(), bytes);
  e->value.set_string_encoding(StringEncoding::kRaw);
  Account(key, *e, true);
}

void Database::Flush() {
  if (dict_.empty()) return;
  if (Journal* j = ks_->journal()) {
    j->RecordFlush(index_, TakeTable());
    return;
  }
  dict_.Clear();
  RecomputeAccounting();
}

uint64_t Database::Scan(uint64_t cursor, std::vector<std::string>* keys) {
  return dict_.Scan(cursor, [keys](const Dict<Entry>::Node& n) {
    keys->push_back(n.key);
  });
}

void Database::ForEachKey(
    const std::function<void(const std::string&, const Entry&)>& fn) {
  dict_.ForEach([&fn](const Dict<Entry>::Node& n) { fn(n.key, n.value); });
}

std::optional<std::string> Database::RandomKey() {
  // Redis 7.0 (as a master) keeps picking until it finds a live key: each
  // expired pick is deleted, so the loop ends within size() rounds.
  while (!dict_.empty()) {
    auto* node = dict_.Random([this] { return ks_->Random(); });
    if (!Expired(node->value)) return node->key;
    std::string key = node->key;
    Delete(key);
  }
  return std::nullopt;
}

size_t Database::ActiveExpire(size_t budget, size_t* examined) {
  size_t deleted = 0;
  if (volatile_keys_ == 0) return 0;
  std::vector<std::string> expired;
  // Walk buckets from where the last call stopped; each full pass over the
  // table visits every key, so no expired key waits forever.
  size_t seen = 0;
  do {
    expire_cursor_ = dict_.Scan(expire_cursor_, [&](const Dict<Entry>::Node& n) {
      ++seen;
      if (Expired(n.value)) expired.push_back(n.key);
    });
  } while (expire_cursor_ != 0 && seen < budget);
  for (const std::string& k : expired) deleted += Delete(k) ? 1 : 0;
  if (examined) *examined += seen;
  return deleted;
}

void Database::RestoreKey(std::string_view key, std::optional<Entry> before) {
  if (auto node = dict_.Extract(key)) Account(key, node->value, false);
  if (before.has_value()) {
    auto [slot, inserted] = dict_.Insert(key, std::move(*before));
    Account(key, *slot, true);
  }
}

void Database::SwapContents(Database& other) {
  std::swap(dict_, other.dict_);
  std::swap(volatile_keys_, other.volatile_keys_);
  std::swap(bytes_, other.bytes_);
  std::swap(expire_cursor_, other.expire_cursor_);
}

Dict<Entry> Database::TakeTable() {
  Dict<Entry> out = std::move(dict_);
  bytes_ = 0;
  volatile_keys_ = 0;
  expire_cursor_ = 0;
  return out;
}

void Database::RestoreTable(Dict<Entry>&& table) {
  dict_ = std::move(table);
  expire_cursor_ = 0;
  RecomputeAccounting();
}

void Database::RecomputeAccounting() {
  bytes_ = 0;
  volatile_keys_ = 0;
  dict_.ForEach([this](const Dict<Entry>::Node& n) {
    Account(n.key, n.value, true);
  });
}

}  // namespace luakv
