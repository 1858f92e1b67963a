#include "lua_bindings/source_compat.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace luakv::lua {
namespace {

// Lua 5.1's LUA_IDSIZE.
constexpr size_t kIdSize = 60;

bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
// Lua 5.1 (C locale) name characters. LuaJIT also takes bytes >= 0x80;
// those become '@' for it (see Lex).
bool IsNameStart(unsigned char c) { return IsAlpha(c) || c == '_'; }
bool IsNameChar(unsigned char c) { return IsNameStart(c) || IsDigit(c); }

constexpr std::string_view kKeywords[] = {
    "and",   "break", "do",       "else", "elseif", "end",   "false",
    "for",   "function", "if",    "in",   "local",  "nil",   "not",
    "or",    "repeat", "return",  "then", "true",   "until", "while"};

bool IsKeyword(std::string_view s) {
  return std::find(std::begin(kKeywords), std::end(kKeywords), s) !=
         std::end(kKeywords);
}

enum class Kind : uint8_t { kName, kKeyword, kString, kNumber, kPunct, kEof };

struct Token {
  Kind kind;
  size_t begin;
  size_t end;
  int line;
};

struct Edit {
  size_t offset;
  size_t erase;
  std::string_view insert;
  int order;  // among edits at one offset, lower goes first
};

// Lua 5.1's luaO_str2d: strtod, with a strtoul fallback for hex.
bool IsLua51Number(std::string_view token) {
  std::string s(token);
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  if (end == s.c_str()) return false;
  if (*end == 'x' || *end == 'X') {
    std::strtoul(s.c_str(), &end, 16);
  }
  while (*end == ' ' || (*end >= '\t' && *end <= '\r')) ++end;
  return *end == '\0';
}

class Pass {
 public:
  Pass(std::string_view src, std::string_view chunkname)
      : s_(src), chunkname_(chunkname) {}

  enum class Result { kOk, kError, kGiveUp };

  Result Lex();
  // False (with error()) for a goto statement, which Lua 5.1 cannot parse.
  bool Analyze();
  std::string Apply() const;
  bool has_edits() const { return !edits_.empty(); }
  const std::string& error() const { return error_; }
  char replaced_byte() const { return at_seen_first_ ? 0 : replaced_byte_; }
  void AddPrefix() { edits_.push_back(Edit{0, 0, " ", -1}); }

 private:
  unsigned char At(size_t i) const {
    return i < s_.size() ? static_cast<unsigned char>(s_[i]) : 0;
  }
  bool More(size_t i) const { return i < s_.size(); }
  // Skips a newline sequence at p (\n, \r, \r\n or \n\r), as Lua counts it.
  size_t Newline(size_t p) {
    const unsigned char c = At(p);
    ++p;
    if (More(p) && (At(p) == '\n' || At(p) == '\r') && At(p) != c) ++p;
    ++line_;
    return p;
  }
  // Number of '=' in "[==[" at p, or -1 when it does not open a long
  // bracket ("[" alone is -1; "[=" without the second bracket is -2-ish).
  int LongBracketLevel(size_t p, bool* malformed) const {
    size_t q = p + 1;
    int level = 0;
    while (At(q) == '=') {
      ++q;
      ++level;
    }
    *malformed = false;
    if (More(q) && At(q) == '[') return level;
    if (level > 0) *malformed = true;
    return -1;
  }
  // Skips a long string or comment whose opening bracket is at p.
  bool SkipLong(size_t* pp, int level) {
    size_t p = *pp + 2 + level;
    while (More(p)) {
      const unsigned char c = At(p);
      if (c == ']') {
        size_t q = p + 1;
        int l = 0;
        while (At(q) == '=') {
          ++q;
          ++l;
        }
        if (l == level && At(q) == ']' && More(q)) {
          *pp = q + 1;
          return true;
        }
        p = q;  // re-examine the character that broke the match
      } else if (c == '\n' || c == '\r') {
        p = Newline(p);
      } else {
        ++p;
      }
    }
    return false;
  }
  Result String(size_t* pp);
  Result Number(size_t* pp);
  Result LexError(std::string_view msg, std::string_view near);
  Result ErrorAt(int line, std::string_view msg, std::string_view near);

  void Push(Kind kind, size_t b, size_t e) {
    tokens_.push_back({kind, b, e, line_});
  }
  std::string_view Text(const Token& t) const {
    return s_.substr(t.begin, t.end - t.begin);
  }
  bool IsPunct(size_t i, std::string_view p) const {
    return tokens_[i].kind == Kind::kPunct && Text(tokens_[i]) == p;
  }
  bool IsKw(size_t i, std::string_view k) const {
    return tokens_[i].kind == Kind::kKeyword && Text(tokens_[i]) == k;
  }
  // What `name` refers to where the scan is: a global, a local, or a local
  // that was given a global's value (`local call = redis.call`), which holds
  // a library function as much as the global does.
  enum class Binding { kGlobal, kLocal, kGlobalAlias };
  Binding Lookup(std::string_view name) const {
    for (auto it = scopes_.rbegin(); it != scopes_.rend(); ++it) {
      for (auto v = it->rbegin(); v != it->rend(); ++v) {
        if (v->name == name) {
          return v->global_alias ? Binding::kGlobalAlias : Binding::kLocal;
        }
      }
    }
    return Binding::kGlobal;
  }
  // Whether tokens [i, end) are a path rooted at a global or an alias of
  // one (`redis.call`, `string.rep`, `error`) and `end` ends the expression.
  size_t GlobalPathEnd(size_t i) const {
    if (tokens_[i].kind != Kind::kName ||
        Lookup(Text(tokens_[i])) == Binding::kLocal) {
      return 0;
    }
    size_t j = i + 1;
    while (IsPunct(j, ".") && tokens_[j + 1].kind == Kind::kName) j += 2;
    const Token& next = tokens_[j];
    const bool ends = next.kind == Kind::kEof || next.kind == Kind::kName ||
                      IsPunct(j, ";") ||
                      (next.kind == Kind::kKeyword && !IsKw(j, "and") &&
                       !IsKw(j, "or"));
    return ends ? j : 0;
  }
  // Index after the bracket that closes the one at i, or 0 when unbalanced.
  size_t SkipBalanced(size_t i) const {
    int depth = 0;
    for (; i < tokens_.size() && tokens_[i].kind != Kind::kEof; ++i) {
      if (tokens_[i].kind != Kind::kPunct) continue;
      const std::string_view t = Text(tokens_[i]);
      if (t == "(" || t == "[" || t == "{") ++depth;
      if (t == ")" || t == "]" || t == "}") {
        if (--depth == 0) return i + 1;
      }
    }
    return 0;
  }
  void PushScope() { scopes_.emplace_back(); }
  void PopScope() {
    if (scopes_.size() > 1) scopes_.pop_back();
  }
  void Declare(std::string_view name, bool global_alias = false) {
    scopes_.back().push_back({name, global_alias});
  }
  void AnalyzeReturn(size_t i);

  std::string_view s_;
  std::string_view chunkname_;
  int line_ = 1;
  std::vector<Token> tokens_;
  std::vector<Edit> edits_;
  struct Local {
    std::string_view name;
    bool global_alias;
  };
  std::vector<std::vector<Local>> scopes_;
  std::string error_;
  // The first byte >= 0x80 outside strings and comments, and whether a real
  // '@' came before it (then LuaJIT's message cannot be mapped back).
  char replaced_byte_ = 0;
  bool at_seen_first_ = false;
};

Pass::Result Pass::LexError(std::string_view msg, std::string_view near) {
  return ErrorAt(line_, msg, near);
}

Pass::Result Pass::ErrorAt(int line, std::string_view msg,
                           std::string_view near) {
  error_ = ChunkId(chunkname_);
  error_.append(":");
  error_.append(std::to_string(line));
  error_.append(": ");
  error_.append(msg);
  error_.append(" near '");
  error_.append(near);
  error_.append("'");
  return Result::kError;
}

Pass::Result Pass::String(size_t* pp) {
  size_t p = *pp;
  const unsigned char quote = At(p);
  // What Lua 5.1 has read so far, for its "escape sequence too large".
  std::string read(1, static_cast<char>(quote));
  ++p;
  for (;;) {
    if (!More(p)) return Result::kGiveUp;
    const unsigned char c = At(p);
    if (c == quote) {
      ++p;
      break;
    }
    if (c == '\n' || c == '\r') return Result::kGiveUp;
    if (c != '\\') {
      read.push_back(static_cast<char>(c));
      ++p;
      continue;
    }
    if (!More(p + 1)) return Result::kGiveUp;
    const unsigned char e = At(p + 1);
    switch (e) {
      case 'a': read.push_back('\a'); p += 2; break;
      case 'b': read.push_back('\b'); p += 2; break;
      case 'f': read.push_back('\f'); p += 2; break;
      case 'n': read.push_back('\n'); p += 2; break;
      case 'r': read.push_back('\r'); p += 2; break;
      case 't': read.push_back('\t'); p += 2; break;
      case 'v': read.push_back('\v'); p += 2; break;
      case '\\': case '"': case '\'':
        read.push_back(static_cast<char>(e));
        p += 2;
        break;
      case '\n': case '\r':
        read.push_back('\n');
        p = Newline(p + 1);
        break;
      default:
        if (IsDigit(e)) {
          int value = 0;
          size_t q = p + 1;
          for (int n = 0; n < 3 && IsDigit(At(q)); ++n, ++q) {
            value = value * 10 + (At(q) - '0');
          }
          if (value > 255) return LexError("escape sequence too large", read);
          read.push_back(static_cast<char>(value));
          p = q;
        } else {
          // Lua 5.1 keeps the character and drops the backslash; LuaJIT
          // would read \x, \z, \u as escapes or reject the sequence.
          edits_.push_back(Edit{p, 1, {}, 0});
          read.push_back(static_cast<char>(e));
          p += 2;
        }
        break;
    }
  }
  *pp = p;
  return Result::kOk;
}

Pass::Result Pass::Number(size_t* pp) {
  size_t p = *pp;
  const size_t begin = p;
  while (IsDigit(At(p)) || At(p) == '.') ++p;
  if (At(p) == 'e' || At(p) == 'E') {
    ++p;
    if (At(p) == '+' || At(p) == '-') ++p;
  }
  while (IsAlpha(At(p)) || IsDigit(At(p)) || At(p) == '_') ++p;
  const std::string_view token = s_.substr(begin, p - begin);
  if (!IsLua51Number(token)) return LexError("malformed number", token);
  Push(Kind::kNumber, begin, p);
  // "0x1.8" and "1e5.5" are two numerals for Lua 5.1, one for LuaJIT.
  if (At(p) == '.') edits_.push_back(Edit{p, 0, " ", 0});
  *pp = p;
  return Result::kOk;
}

Pass::Result Pass::Lex() {
  size_t p = 0;
  while (More(p)) {
    const unsigned char c = At(p);
    switch (c) {
      case '\n': case '\r':
        p = Newline(p);
        continue;
      case ' ': case '\f': case '\t': case '\v':
        ++p;
        continue;
      case '-':
        if (At(p + 1) != '-') break;
        p += 2;
        if (At(p) == '[') {
          bool malformed;
          const int level = LongBracketLevel(p, &malformed);
          if (level >= 0) {
            if (!SkipLong(&p, level)) return Result::kGiveUp;
            continue;
          }
        }
        while (More(p) && At(p) != '\n' && At(p) != '\r') ++p;
        continue;
      case '[': {
        bool malformed;
        const int level = LongBracketLevel(p, &malformed);
        if (malformed) return Result::kGiveUp;
        if (level < 0) break;
        const size_t begin = p;
        if (!SkipLong(&p, level)) return Result::kGiveUp;
        Push(Kind::kString, begin, p);
        continue;
      }
      case '"': case '\'': {
        const size_t begin = p;
        const Result r = String(&p);
        if (r != Result::kOk) return r;
        Push(Kind::kString, begin, p);
        continue;
      }
      case '=': case '<': case '>': case '~':
        Push(Kind::kPunct, p, At(p + 1) == '=' ? p + 2 : p + 1);
        p = tokens_.back().end;
        continue;
      case '.':
        if (At(p + 1) == '.') {
          const size_t len = At(p + 2) == '.' ? 3 : 2;
          Push(Kind::kPunct, p, p + len);
          p += len;
          continue;
        }
        if (IsDigit(At(p + 1))) {
          const Result r = Number(&p);
          if (r != Result::kOk) return r;
          continue;
        }
        break;
      default:
        if (IsDigit(c)) {
          const Result r = Number(&p);
          if (r != Result::kOk) return r;
          continue;
        }
        if (IsNameStart(c)) {
          const size_t begin = p;
          while (More(p) && IsNameChar(At(p))) ++p;
          const std::string_view name = s_.substr(begin, p - begin);
          Push(IsKeyword(name) ? Kind::kKeyword : Kind::kName, begin, p);
          continue;
        }
        if (c >= 0x80) {
          // Lua 5.1 reads this byte as a symbol of its own, which no rule
          // accepts; LuaJIT would read it as part of a name. '@' makes
          // LuaJIT fail the same way, and the message is mapped back.
          if (replaced_byte_ == 0) replaced_byte_ = static_cast<char>(c);
          edits_.push_back(Edit{p, 1, "@", 0});
        }
        if (c == '@' && replaced_byte_ == 0) at_seen_first_ = true;
        if (c == ':' && At(p + 1) == ':') {
          // LuaJIT's label token; Lua 5.1 sees two colons.
          edits_.push_back(Edit{p + 1, 0, " ", 0});
        }
        break;
    }
    Push(Kind::kPunct, p, p + 1);
    ++p;
  }
  Push(Kind::kEof, s_.size(), s_.size());
  return Result::kOk;
}

// Tokens after which a name is an operand, not the start of a statement.
bool ExpectsOperand(std::string_view t) {
  static constexpr std::string_view kBefore[] = {
      "=",  "==", "~=", "<",   "<=",    ">",     ">=",     "+",  "-",
      "*",  "/",  "%",  "^",   "..",    "#",     "(",      "[",  "{",
      ",",  ".",  ":",  "and", "or",    "not",   "return", "if", "elseif",
      "while", "until", "in", "local", "function", "for"};
  return std::find(std::begin(kBefore), std::end(kBefore), t) !=
         std::end(kBefore);
}

bool Pass::Analyze() {
  scopes_.assign(1, {});
  std::vector<std::string_view> for_names;
  for (size_t i = 0; i + 1 < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (t.kind == Kind::kName && Text(t) == "goto" &&
        tokens_[i + 1].kind == Kind::kName &&
        (i == 0 || !ExpectsOperand(Text(tokens_[i - 1])))) {
      // LuaJIT parses a goto statement here; for Lua 5.1 `goto` is a name
      // and a name cannot follow it.
      ErrorAt(tokens_[i + 1].line, "'=' expected",
              Text(tokens_[i + 1]));
      return false;
    }
    if (t.kind != Kind::kKeyword) continue;
    const std::string_view kw = Text(t);
    if (kw == "function") {
      size_t j = i + 1;
      bool method = false;
      if (tokens_[j].kind == Kind::kName) {
        ++j;
        while ((IsPunct(j, ".") || IsPunct(j, ":")) &&
               tokens_[j + 1].kind == Kind::kName) {
          method = method || IsPunct(j, ":");
          j += 2;
        }
      }
      PushScope();
      if (method) Declare("self");
      if (IsPunct(j, "(")) {
        for (++j; j < tokens_.size() && !IsPunct(j, ")") &&
                  tokens_[j].kind != Kind::kEof;
             ++j) {
          if (tokens_[j].kind == Kind::kName) Declare(Text(tokens_[j]));
        }
      }
    } else if (kw == "local") {
      if (IsKw(i + 1, "function")) {
        if (tokens_[i + 2].kind == Kind::kName) Declare(Text(tokens_[i + 2]));
      } else if (tokens_[i + 1].kind == Kind::kName && IsPunct(i + 2, "=") &&
                 GlobalPathEnd(i + 3) != 0) {
        // `local call = redis.call`: its tail calls are the global's.
        Declare(Text(tokens_[i + 1]), /*global_alias=*/true);
      } else {
        for (size_t j = i + 1; tokens_[j].kind == Kind::kName; j += 2) {
          Declare(Text(tokens_[j]));
          if (!IsPunct(j + 1, ",")) break;
        }
      }
    } else if (kw == "for") {
      for_names.clear();
      for (size_t j = i + 1; tokens_[j].kind == Kind::kName; j += 2) {
        for_names.push_back(Text(tokens_[j]));
        if (!IsPunct(j + 1, ",")) break;
      }
    } else if (kw == "do") {
      PushScope();
      for (std::string_view n : for_names) Declare(n);
      for_names.clear();
    } else if (kw == "then" || kw == "repeat") {
      PushScope();
    } else if (kw == "else") {
      PopScope();
      PushScope();
    } else if (kw == "elseif" || kw == "end" || kw == "until") {
      PopScope();
    } else if (kw == "return") {
      AnalyzeReturn(i);
    }
  }
  return true;
}

void Pass::AnalyzeReturn(size_t i) {
  size_t j = i + 1;
  std::string_view root;
  if (tokens_[j].kind == Kind::kName) {
    root = Text(tokens_[j]);
    ++j;
  } else if (IsPunct(j, "(")) {
    j = SkipBalanced(j);
    if (j == 0) return;
  } else {
    return;
  }
  bool call = false;
  for (;;) {
    if (IsPunct(j, ".")) {
      if (tokens_[j + 1].kind != Kind::kName) return;
      j += 2;
      call = false;
    } else if (IsPunct(j, "[")) {
      j = SkipBalanced(j);
      if (j == 0) return;
      call = false;
    } else if (IsPunct(j, ":")) {
      if (tokens_[j + 1].kind != Kind::kName) return;
      j += 2;
      if (tokens_[j].kind == Kind::kString) {
        ++j;
      } else if (IsPunct(j, "(") || IsPunct(j, "{")) {
        j = SkipBalanced(j);
        if (j == 0) return;
      } else {
        return;
      }
      call = true;
    } else if (IsPunct(j, "(") || IsPunct(j, "{")) {
      j = SkipBalanced(j);
      if (j == 0) return;
      call = true;
    } else if (tokens_[j].kind == Kind::kString) {
      ++j;
      call = true;
    } else {
      break;
    }
  }
  const bool ends_block = tokens_[j].kind == Kind::kEof || IsPunct(j, ";") ||
                          IsKw(j, "end") || IsKw(j, "else") ||
                          IsKw(j, "elseif") || IsKw(j, "until");
  if (!call || !ends_block) return;
  // A local is most likely a Lua function: keep its tail call. One that
  // was given a global's value is not.
  if (!root.empty() && Lookup(root) == Binding::kLocal) return;
  if (Lookup("select") != Binding::kGlobal) return;
  edits_.push_back(Edit{tokens_[i + 1].begin, 0, "select(1,", 1});
  edits_.push_back(Edit{tokens_[j - 1].end, 0, ")", 0});
}

std::string Pass::Apply() const {
  std::vector<Edit> edits = edits_;
  std::stable_sort(edits.begin(), edits.end(),
                   [](const Edit& a, const Edit& b) {
                     return a.offset != b.offset ? a.offset < b.offset
                                                 : a.order < b.order;
                   });
  std::string out;
  out.reserve(s_.size() + 10 * edits.size());
  size_t pos = 0;
  for (const Edit& e : edits) {
    out.append(s_.substr(pos, e.offset - pos));
    out.append(e.insert);
    pos = e.offset + e.erase;
  }
  out.append(s_.substr(pos));
  return out;
}

}  // namespace

std::string ChunkId(std::string_view chunkname) {
  if (!chunkname.empty() && chunkname[0] == '=') {
    return std::string(chunkname.substr(1, kIdSize - 1));
  }
  if (!chunkname.empty() && chunkname[0] == '@') {
    std::string_view name = chunkname.substr(1);
    const size_t room = kIdSize - sizeof(" '...' ");
    if (name.size() > room) {
      return "..." + std::string(name.substr(name.size() - room));
    }
    return std::string(name);
  }
  const size_t room = kIdSize - sizeof(" [string \"...\"] ");
  size_t len = std::min(chunkname.find('\0'), chunkname.size());
  if (len > room) len = room;
  const size_t nl = chunkname.find('\n');
  if (nl != std::string_view::npos && nl < len) len = nl;
  std::string out = "[string \"";
  out.append(chunkname.substr(0, len));
  if (len < chunkname.size() && chunkname[len] != '\0') out.append("...");
  out.append("\"]");
  return out;
}

bool PrepareSource(std::string_view source, std::string_view chunkname,
                   PreparedSource* out) {
  *out = PreparedSource();
  Pass pass(source, chunkname);
  // LuaJIT skips a leading '#' line and UTF-8 BOM, and reads a leading ESC
  // as bytecode; Lua 5.1 parses all three as source. A space in front
  // makes LuaJIT do the same without moving any line.
  const unsigned char first =
      source.empty() ? 0 : static_cast<unsigned char>(source[0]);
  const bool prefix = first == '#' || first == 0x1b || first == 0xef;
  switch (pass.Lex()) {
    case Pass::Result::kError:
      out->error = pass.error();
      return false;
    case Pass::Result::kGiveUp:
      if (prefix) out->text = " " + std::string(source);
      return true;
    case Pass::Result::kOk:
      break;
  }
  if (!pass.Analyze()) {
    out->error = pass.error();
    return false;
  }
  if (prefix) pass.AddPrefix();
  if (pass.has_edits()) out->text = pass.Apply();
  out->replaced_byte = pass.replaced_byte();
  return true;
}

void FixCompileError(const PreparedSource& prepared, std::string* message) {
  if (prepared.replaced_byte == 0) return;
  const size_t at = message->find("near '@'");
  if (at == std::string::npos) return;
  (*message)[at + 6] = prepared.replaced_byte;
}

}  // namespace luakv::lua
