// Keyspace: the numbered databases, the current time as commands see it, the
// open journal, and the random source of commands such as RANDOMKEY.
//
// Time is set by the engine once per command (and frozen for a whole script,
// as in Redis 7), so one command never sees two different "now"s.
//
// Thread safety: none; the engine serialises access.

#ifndef LUAKV_KEYSPACE_KEYSPACE_H_
#define LUAKV_KEYSPACE_KEYSPACE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <random>
#include <vector>

#include "keyspace/database.h"
#include "keyspace/journal.h"

namespace luakv {

class Keyspace {
 public:
  Keyspace(int databases, uint64_t seed);
  Keyspace(const Keyspace&) = delete;
  Keyspace& operator=(const Keyspace&) = delete;

  int databases() const { return static_cast<int>(dbs_.size()); }
  // REQUIRES: 0 <= i < databases().
  Database& db(int i) { return *dbs_[i]; }
  const Database& db(int i) const { return *dbs_[i]; }

  // Milliseconds since the epoch as the current command sees it.
  int64_t now_ms() const { return now_ms_; }
  void set_now_ms(int64_t ms) { now_ms_ = ms; }

  // The open journal, or null. Mutators record into it.
  Journal* journal() const { return journal_; }
  // Opens `journal` (null closes it). The caller owns the journal and
  // decides whether to Commit() or Rollback() it after closing.
  void set_journal(Journal* journal) { journal_ = journal; }

  // Moves the entry of `src` in database `src_db` to `dst` in `dst_db`,
  // value and TTL together, without copying the value (RENAME, MOVE).
  // REQUIRES: `src` exists and `dst` is absent.
  void MoveKey(int src_db, std::string_view src, int dst_db,
               std::string_view dst);

  // SWAPDB: exchanges the contents of two databases.
  void SwapDb(int a, int b);
  // FLUSHALL.
  void FlushAll();

  size_t memory_bytes() const;
  size_t total_keys() const;

  // Engine-owned randomness: equal seeds give equal sequences.
  uint64_t Random() { return rng_(); }

 private:
  std::vector<std::unique_ptr<Database>> dbs_;
  int64_t now_ms_ = 0;
  Journal* journal_ = nullptr;
  std::mt19937_64 rng_;
};

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_KEYSPACE_H_
