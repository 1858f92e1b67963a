// EditScope: the bookkeeping shared by the journaled editors of collection
// values (ListEdit, HashEdit, SetEdit, ZSetEdit).
//
// An editor changes a collection in place. For each change it records the
// inverse operation (a pop for a push, the old score for a score update) in
// the keyspace's open journal, never a copy of the whole collection. When the
// editor ends, the scope moves the database's byte count by what the value
// grew or shrank and deletes the key if the collection became empty.
//
// Undo steps find their value again by database and key when they run, so
// they stay correct across later renames, moves and deletions, which the
// journal undoes first. They run with the journal closed and change the value
// through an editor too, which keeps the byte count right.
//
// Thread safety: none.

#ifndef LUAKV_KEYSPACE_VALUE_EDIT_H_
#define LUAKV_KEYSPACE_VALUE_EDIT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "keyspace/database.h"
#include "keyspace/journal.h"
#include "keyspace/keyspace.h"

namespace luakv {

class EditScope {
 public:
  EditScope(Database& db, std::string_view key, size_t heap_before)
      : db_(db), key_(key), heap_before_(heap_before) {}
  EditScope(const EditScope&) = delete;
  EditScope& operator=(const EditScope&) = delete;

  Database& db() const { return db_; }
  std::string_view key() const { return key_; }
  // True when changes must record their undo.
  bool journaling() const { return db_.journal() != nullptr; }

  // Records an undo step: `fn(Database&, std::string_view key, Entry&)`
  // runs on the entry stored under the key when the journal rolls back.
  template <typename Fn>
  void Record(Fn fn) {
    Journal* j = db_.journal();
    if (j == nullptr) return;
    j->RecordCustom([index = db_.index(), key = std::string(key_),
                     fn = std::move(fn)](Keyspace& ks) mutable {
      Database& db = ks.db(index);
      if (Entry* e = db.FindRaw(key)) fn(db, std::string_view(key), *e);
    });
  }

  // Settles the byte count and deletes the key when `empty`.
  void Finish(size_t heap_after, bool empty) {
    db_.AccountResize(heap_before_, heap_after);
    if (empty) db_.Delete(key_);
  }

 private:
  Database& db_;
  std::string_view key_;
  size_t heap_before_;
};

}  // namespace luakv

#endif  // LUAKV_KEYSPACE_VALUE_EDIT_H_
