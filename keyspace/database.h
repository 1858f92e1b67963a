// Database: one of the keyspace's numbered databases (SELECT n).
//
// Maps binary-safe keys to entries. Lookups expire keys lazily: a key whose
// time has passed is deleted when found and reported absent. Every mutation
// goes through a method here, which records its undo in the keyspace's open
// journal and keeps the memory account, so no caller can forget either.
//
// Entry pointers stay valid until their key is deleted or the database is
// flushed or swapped.
//
// Thread safety: none; the engine serialises access.

#ifndef LUAKV_KEYSPACE_DATABASE_H_
#define LUAKV_KEYSPACE_DATABASE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "keyspace/dict.h"
#include "keyspace/value.h"

namespace luakv {

class Journal;
class Keyspace;

class Database {
 public:
  Database(Keyspace* keyspace, int index) : ks_(keyspace), index_(index) {}
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  int index() const { return index_; }
  // Keys stored, counting expired keys not yet removed (as DBSIZE does).
  size_t size() const { return dict_.size(); }
  // Keys that carry a TTL.
  size_t volatile_keys() const { return volatile_keys_; }

  // The live entry of `key`, or null. Deletes the key if it has expired.
  Entry* Find(std::string_view key);
  // As Find, without expiring anything: for reads that must not write.
  const Entry* Peek(std::string_view key) const;
  // As Find, without updating the access time: Redis's LOOKUP_NOTOUCH reads
  // (TYPE, TTL, EXISTS, OBJECT), which still delete an expired key.
  Entry* FindNoTouch(std::string_view key);
  // Deletes `key` if it is present and has expired; true when it did.
  bool ExpireIfNeeded(std::string_view key);

  // Starts loading, ahead of the lookups, what finding `keys` will read
  // (see Dict::PrefetchSlot): stage 0 the table slots, stage 1 the nodes,
  // once the slots have had time to arrive. At most the first few keys.
  void Prefetch(std::span<const std::string_view> keys, int stage) const {
    const size_t n = keys.size() < kPrefetchKeys ? keys.size() : kPrefetchKeys;
    for (size_t i = 0; i < n; ++i) {
      if (stage == 0) {
        dict_.PrefetchSlot(keys[i]);
      } else {
        dict_.PrefetchNode(keys[i]);
      }
    }
  }

  // Stores `value` under `key`, replacing any value. The old TTL is dropped
  // unless `keep_ttl`. Returns the stored entry.
  Entry& Set(std::string_view key, Value value, bool keep_ttl = false);
  // Set for a key the caller has just found: `slot` is the entry Find
  // returned for `key`, with no change to this database since. Spares the
  // second hash probe on read-modify-write commands (INCR, APPEND ...).
  Entry& Overwrite(std::string_view key, Entry& slot, Value value,
                   bool keep_ttl = false);
  // Overwrite with the int-encoded decimal `v` (INCR and its kin), keeping
  // the TTL. When the old and new digits both fit the string's inline
  // buffer the string is rewritten in place and the journal keeps only the
  // old digits: a counter update then allocates nothing.
  // REQUIRES: `slot` holds a string.
  void SetInteger(std::string_view key, Entry& slot, int64_t v);
  // Stores a whole entry (value and expiry) under a key that must be absent.
  Entry& Add(std::string_view key, Entry entry);
  // Deletes `key` (expired or not); false when absent.
  bool Delete(std::string_view key);

  // Sets or clears (kNoExpiry) the expiry of an existing key.
  void SetExpire(std::string_view key, int64_t expire_at_ms);

  // In-place string changes, journaled as cheap inverse operations.
  // REQUIRES: `key` holds a string.
  void AppendString(std::string_view key, std::string_view bytes);
  void SetStringRange(std::string_view key, size_t offset,
                      std::string_view bytes);

  // In-place changes to a collection value (see value_edit.h): the value's
  // heap bytes went from `before` to `after`.
  void AccountResize(size_t before, size_t after) { bytes_ += after - before; }
  // The journal open on this database's keyspace, or null.
  Journal* journal() const;
  // The entry of `key`, expired or not, without touching its access time:
  // for undo steps, which must find what they changed.
  Entry* FindRaw(std::string_view key) { return dict_.Find(key); }

  // Deletes every key.
  void Flush();

  // One SCAN step over raw keys (expired ones included; the caller filters).
  uint64_t Scan(uint64_t cursor, std::vector<std::string>* keys);
  // Every key, expired ones included.
  void ForEachKey(const std::function<void(const std::string&, const Entry&)>& fn);
  // A random live key, or nullopt when there is none. Expired keys picked
  // on the way are deleted.
  std::optional<std::string> RandomKey();

  // Examines up to `budget` keys with a TTL, resuming where the previous
  // call stopped, and deletes the expired ones. Returns keys deleted.
  size_t ActiveExpire(size_t budget, size_t* examined);

  // Approximate bytes held by this database.
  size_t memory_bytes() const { return bytes_ + dict_.BucketBytes(); }
  // The part of memory_bytes() spent on the hash table's bucket arrays. It
  // follows the table's resize history, which a rollback does not replay:
  // undoing a unit of work restores every key and value exactly, but the
  // table may be left at another size.
  size_t table_bytes() const { return dict_.BucketBytes(); }

  // Rollback, SWAPDB and key moves use these; they bypass the journal.
  std::optional<Entry> TakeRaw(std::string_view key);
  void RestoreKey(std::string_view key, std::optional<Entry> before);
  void SwapContents(Database& other);
  Dict<Entry> TakeTable();
  void RestoreTable(Dict<Entry>&& table);

 private:
  // More keys than this would evict what the first ones brought in before
  // the script reads them.
  static constexpr size_t kPrefetchKeys = 8;

  bool Expired(const Entry& e) const;
  void Account(std::string_view key, const Entry& e, bool add);
  void RecomputeAccounting();

  Keyspace* ks_;
  int index_;
  Dict<Entry> dict_;
  size_t volatile_keys_ = 0;
  size_t bytes_ = 0;
  uint64_t expire_cursor_ = 0;
};

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_DATABASE_H_
