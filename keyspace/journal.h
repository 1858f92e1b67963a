// Journal: the undo log of a unit of work.
//
// While a journal is open on a Keyspace, every mutator records how to undo
// what it did before it does it. Rollback() applies the records newest first
// and leaves the keyspace exactly as it was when the journal was opened;
// Commit() forgets them. The engine opens one around a script so a failed
// script leaves nothing half-done.
//
// Records keep what was replaced rather than copies where they can: SET moves
// the old value into the journal, DEL moves the whole entry, FLUSHDB moves
// the whole table. So a successful unit of work pays a few moves per write,
// not a copy of the data it overwrote.
//
// Thread safety: none; used under the engine's lock.

#ifndef LUAKV_KEYSPACE_JOURNAL_H_
#define LUAKV_KEYSPACE_JOURNAL_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "keyspace/dict.h"
#include "keyspace/value.h"

namespace luakv {

class Keyspace;

class Journal {
 public:
  Journal() = default;
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Undo: put `key` back to `before` (absent when nullopt).
  void RecordKey(int db, std::string_view key, std::optional<Entry> before);
  // Undo: set the key's expiry back to `expire_at_ms`.
  void RecordExpire(int db, std::string_view key, int64_t expire_at_ms);
  // Undo: cut the key's string back to `len` bytes and `encoding` (APPEND),
  // and give back what the append allocated: the string returns to
  // `capacity` bytes of storage, so the memory account matches too.
  void RecordTruncate(int db, std::string_view key, size_t len,
                      size_t capacity, StringEncoding encoding);
  // Undo: write `bytes` and `encoding` back into the key's string in place.
  // Only for a change that kept the string's storage (both in its inline
  // buffer), so the bytes are all that differ; the record holds them.
  // REQUIRES: bytes.size() <= kInlineStringBytes.
  void RecordString(int db, std::string_view key, std::string_view bytes,
                    StringEncoding encoding);
  // Undo: move the entry at (dst_db, dst) back to (src_db, src).
  void RecordMove(int src_db, std::string_view src, int dst_db,
                  std::string_view dst);
  // Undo: swap databases a and b back.
  void RecordSwapDb(int a, int b);
  // Undo: put the whole table of `db` back (FLUSHDB, FLUSHALL).
  void RecordFlush(int db, Dict<Entry>&& table);
  // Undo with arbitrary code, for value types whose changes are cheaper to
  // invert than to copy (a pushed list element is undone by a pop).
  void RecordCustom(std::function<void(Keyspace&)> undo);

  // Applies the records newest first, then clears them. The undo itself
  // is not recorded: the keyspace's journal is closed while it runs.
  void Rollback(Keyspace& keyspace);
  // Forgets the records.
  void Commit();

  size_t size() const { return records_.size(); }
  bool empty() const { return records_.empty(); }

 private:
  // A key's bytes in keys_: most writes record one key, and one buffer that
  // keeps its capacity between scripts spares an allocation per record.
  struct KeyRef {
    size_t offset;
    size_t size;
  };
  struct KeyUndo {
    int db;
    KeyRef key;
    std::optional<Entry> before;
  };
  struct ExpireUndo {
    int db;
    KeyRef key;
    int64_t expire_at_ms;
  };
  struct TruncateUndo {
    int db;
    KeyRef key;
    size_t len;
    size_t capacity;
    StringEncoding encoding;
  };
  struct StringUndo {
    int db;
    KeyRef key;
    StringEncoding encoding;
    uint8_t size;
    char bytes[kInlineStringBytes];
  };
  struct MoveUndo {
    int src_db;
    KeyRef src;
    int dst_db;
    KeyRef dst;
  };
  struct SwapDbUndo {
    int a, b;
  };
  struct FlushUndo {
    int db;
    std::unique_ptr<Dict<Entry>> table;
  };
  using CustomUndo = std::function<void(Keyspace&)>;
  using Record = std::variant<KeyUndo, ExpireUndo, TruncateUndo, StringUndo,
                              MoveUndo, SwapDbUndo, FlushUndo, CustomUndo>;

  KeyRef Keep(std::string_view key);
  std::string_view Key(KeyRef ref) const {
    return std::string_view(keys_).substr(ref.offset, ref.size);
  }

  std::vector<Record> records_;
  std::string keys_;
};

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_JOURNAL_H_
