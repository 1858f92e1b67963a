// File: luakv/session.h
//
// A Session is one client's view of an Engine: the selected database, the
// protocol version replies use, and the client's name. The host API keeps a
// default session; a server adapter makes one per connection.
//
// Thread safety: a Session is used by one thread at a time. Any number of
// sessions may talk to one Engine concurrently.

#ifndef LUAKV_SESSION_H_
#define LUAKV_SESSION_H_

#include <cstdint>
#include <string>

namespace luakv {

class Session {
 public:
  Session() = default;

  // The selected database, 0 to Options::databases - 1. SELECT changes it.
  int db() const { return db_; }
  void set_db(int db) { db_ = db; }

  // 2 (RESP2, the default) or 3 (RESP3). HELLO changes it.
  int protocol() const { return protocol_; }
  void set_protocol(int protocol) { protocol_ = protocol; }

  // CLIENT SETNAME / GETNAME.
  const std::string& name() const { return name_; }
  void set_name(std::string name) { name_ = std::move(name); }

  // An id the host or adapter may assign (CLIENT ID); 0 when unset.
  uint64_t id() const { return id_; }
  void set_id(uint64_t id) { id_ = id; }

 private:
  int db_ = 0;
  int protocol_ = 2;
  uint64_t id_ = 0;
  std::string name_;
};

}  // namespace luakv

#endif  // LUAKV_SESSION_H_
