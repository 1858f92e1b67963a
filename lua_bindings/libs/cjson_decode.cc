// cjson.decode: JSON text -> Lua value, as Redis's cjson reads it.
//
// Redis's reader is laxer than RFC 8259 in ways scripts can see, and its
// error texts name tokens and 1-based byte positions; both are kept:
//  * numbers go through strtod (C locale), so "0x10", "1.", "+1", "01",
//    "inf", "nan" and "Infinity" are accepted while decode_invalid_numbers is
//    on (the default); with it off, '+', a leading zero followed by a digit
//    or 'x', and inf/nan spellings are refused;
//  * raw control characters inside strings are accepted; a NUL byte ends the
//    input (or the string) wherever it appears, except that a NUL in either
//    of the first two bytes is reported as UTF-16/UTF-32 input;
//  * \u escapes must be 4 hex digits; surrogates must come as a valid pair.
// Nesting is limited by decode_max_depth and by Lua 5.1's 8000-slot C stack
// limit, which LuaJIT's lua_checkstack applies the same way; each level here
// holds the same slots as Redis's reader, so the limits coincide.

#include <locale.h>

#include <clocale>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <lua.hpp>

#include "lua_bindings/libs/cjson_internal.h"

namespace luakv::lua::libs {
namespace {

enum class TokenType {
  kObjBegin,
  kObjEnd,
  kArrBegin,
  kArrEnd,
  kString,
  kNumber,
  kBoolean,
  kNull,
  kColon,
  kComma,
  kEnd,
  kError,
};

const char* TokenName(TokenType type) {
  switch (type) {
    case TokenType::kObjBegin:
      return "T_OBJ_BEGIN";
    case TokenType::kObjEnd:
      return "T_OBJ_END";
    case TokenType::kArrBegin:
      return "T_ARR_BEGIN";
    case TokenType::kArrEnd:
      return "T_ARR_END";
    case TokenType::kString:
      return "T_STRING";
    case TokenType::kNumber:
      return "T_NUMBER";
    case TokenType::kBoolean:
      return "T_BOOLEAN";
    case TokenType::kNull:
      return "T_NULL";
    case TokenType::kColon:
      return "T_COLON";
    case TokenType::kComma:
      return "T_COMMA";
    case TokenType::kEnd:
      return "T_END";
    case TokenType::kError:
      break;
  }
  return "T_ERROR";
}

struct Token {
  TokenType type = TokenType::kEnd;
  size_t index = 0;  // 0-based byte offset the error texts report (+1)
  double number = 0;
  bool boolean = false;
  const char* str =
      nullptr;  // kString: bytes (in the input or the scratch buffer)
  size_t str_len = 0;
  const char* error = nullptr;  // kError: what was wrong
};

locale_t CLocale() {
  static locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
  return c_locale;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at `p`, or -1. Stops at the first non-hex byte, so it
// never reads past the NUL that terminates every Lua string.
int32_t ParseHex4(const char* p) {
  int32_t value = 0;
  for (int i = 0; i < 4; ++i) {
    int digit = HexValue(p[i]);
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

size_t EncodeUtf8(uint32_t cp, char out[4]) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

class Parser {
 public:
  Parser(lua_State* L, CjsonConfig* config, const char* data, size_t len)
      : L_(L), config_(config), data_(data), len_(len) {}

  // Pushes the decoded value of the whole input.
  void ParseDocument() {
    Token token;
    Next(&token);
    ParseValue(token);
    Next(&token);
    if (token.type != TokenType::kEnd) Fail("the end", token);
  }

 private:
  // The byte at `pos`; the input's terminating NUL past the end.
  char At(size_t pos) const { return pos < len_ ? data_[pos] : '\0'; }

  [[noreturn]] void Fail(const char* expected, const Token& token) {
    const char* found =
        token.type == TokenType::kError ? token.error : TokenName(token.type);
    luaL_error(L_, "Expected %s but found %s at character %d", expected, found,
               static_cast<int>(token.index + 1));
    __builtin_unreachable();
  }

  void SetError(Token* token, const char* error) {
    token->type = TokenType::kError;
    token->error = error;
  }

  void Next(Token* token) {
    while (pos_ < len_) {
      char c = data_[pos_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      ++pos_;
    }
    token->index = pos_;
    char c = At(pos_);
    switch (c) {
      case '\0':
        token->type = TokenType::kEnd;
        return;
      case '{':
        token->type = TokenType::kObjBegin;
        ++pos_;
        return;
      case '}':
        token->type = TokenType::kObjEnd;
        ++pos_;
        return;
      case '[':
        token->type = TokenType::kArrBegin;
        ++pos_;
        return;
      case ']':
        token->type = TokenType::kArrEnd;
        ++pos_;
        return;
      case ':':
        token->type = TokenType::kColon;
        ++pos_;
        return;
      case ',':
        token->type = TokenType::kComma;
        ++pos_;
        return;
      case '"':
        LexString(token);
        return;
      case 't':
        LexWord(token, "true", TokenType::kBoolean, true);
        return;
      case 'f':
        LexWord(token, "false", TokenType::kBoolean, false);
        return;
      case 'n':
        if (Matches("null")) {
          token->type = TokenType::kNull;
          pos_ += 4;
          return;
        }
        LexSpelledNumber(token);
        return;
      case 'i':
      case 'I':
      case 'N':
        LexSpelledNumber(token);
        return;
      case '+':
        if (config_->decode_invalid_numbers) {
          LexNumber(token);
        } else {
          SetError(token, "invalid token");
        }
        return;
      default:
        if (c == '-' || (c >= '0' && c <= '9')) {
          if (!config_->decode_invalid_numbers && !IsStrictNumberStart()) {
            SetError(token, "invalid number");
            return;
          }
          LexNumber(token);
          return;
        }
        SetError(token, "invalid token");
        return;
    }
  }

  bool Matches(const char* word) const {
    size_t n = std::strlen(word);
    return len_ - pos_ >= n && std::memcmp(data_ + pos_, word, n) == 0;
  }

  void LexWord(Token* token, const char* word, TokenType type, bool value) {
    if (!Matches(word)) {
      SetError(token, "invalid token");
      return;
    }
    token->type = type;
    token->boolean = value;
    pos_ += std::strlen(word);
  }

  // With decode_invalid_numbers off, what strtod would take but JSON does
  // not: hex ("0x..."), leading zeros ("01") and inf/nan after a '-'.
  bool IsStrictNumberStart() const {
    size_t p = pos_;
    if (At(p) == '-') ++p;
    char c = At(p);
    if (c == '0') {
      char next = At(p + 1);
      return !(next == 'x' || next == 'X' || (next >= '0' && next <= '9'));
    }
    return !(c == 'i' || c == 'I' || c == 'n' || c == 'N');
  }

  // strtod at pos_; false if it consumed nothing. Lua strings end with a
  // NUL, so strtod stops inside the buffer.
  bool Strtod(Token* token) {
    const char* start = data_ + pos_;
    char* end;
    double value = strtod_l(start, &end, CLocale());
    if (end == start) return false;
    token->type = TokenType::kNumber;
    token->number = value;
    pos_ += static_cast<size_t>(end - start);
    return true;
  }

  void LexNumber(Token* token) {
    if (!Strtod(token)) SetError(token, "invalid number");
  }

  // inf/nan spellings, which only count with decode_invalid_numbers on.
  void LexSpelledNumber(Token* token) {
    if (!config_->decode_invalid_numbers || !Strtod(token)) {
      SetError(token, "invalid token");
    }
  }

  void LexString(Token* token) {
    size_t p = pos_ + 1;
    // Fast path: no escapes, the value is a slice of the input.
    while (p < len_ && data_[p] != '"' && data_[p] != '\\' &&
           data_[p] != '\0') {
      ++p;
    }
    if (At(p) == '"') {
      token->type = TokenType::kString;
      token->str = data_ + pos_ + 1;
      token->str_len = p - pos_ - 1;
      pos_ = p + 1;
      return;
    }
    ByteBuffer* buffer = &config_->decode_buffer;
    buffer->Clear();
    buffer->Append(L_, data_ + pos_ + 1, p - pos_ - 1);
    for (;;) {
      char c = At(p);
      if (c == '\0') {
        token->index = p;
        SetError(token, "unexpected end of string");
        return;
      }
      if (c == '"') break;
      if (c != '\\') {
        buffer->Append(L_, c);
        ++p;
        continue;
      }
      char escaped;
      switch (At(p + 1)) {
        case '"':
          escaped = '"';
          break;
        case '\\':
          escaped = '\\';
          break;
        case '/':
          escaped = '/';
          break;
        case 'b':
          escaped = '\b';
          break;
        case 'f':
          escaped = '\f';
          break;
        case 'n':
          escaped = '\n';
          break;
        case 'r':
          escaped = '\r';
          break;
        case 't':
          escaped = '\t';
          break;
        case 'u': {
          size_t consumed = AppendUnicodeEscape(p, buffer);
          if (consumed == 0) {
            token->index = p;
            SetError(token, "invalid unicode escape code");
            return;
          }
          p += consumed;
          continue;
        }
        default:
          token->index = p;
          SetError(token, "invalid escape code");
          return;
      }
      buffer->Append(L_, escaped);
      p += 2;
    }
    token->type = TokenType::kString;
    token->str = buffer->data();
    token->str_len = buffer->size();
    pos_ = p + 1;
  }

  // The \u escape at `p` (a backslash): appends its UTF-8 and returns the
  // bytes consumed (6, or 12 for a surrogate pair), or 0 if invalid.
  size_t AppendUnicodeEscape(size_t p, ByteBuffer* buffer) {
    int32_t cp = ParseHex4(data_ + p + 2);
    if (cp < 0 || (cp >= 0xDC00 && cp <= 0xDFFF)) return 0;
    size_t consumed = 6;
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (At(p + 6) != '\\' || At(p + 7) != 'u') return 0;
      int32_t low = ParseHex4(data_ + p + 8);
      if (low < 0xDC00 || low > 0xDFFF) return 0;
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
      consumed = 12;
    }
    char utf8[4];
    buffer->Append(L_, utf8, EncodeUtf8(static_cast<uint32_t>(cp), utf8));
    return consumed;
  }

  // Enters an array or object opened by `token`: pushes its table and makes
  // room for `slots` more values (element; or key and value).
  void Descend(const Token& token, int slots) {
    ++depth_;
    lua_newtable(L_);
    if (depth_ > config_->decode_max_depth || !lua_checkstack(L_, slots)) {
      luaL_error(L_,
                 "Found too many nested data structures (%d) at character %d",
                 depth_, static_cast<int>(token.index + 1));
    }
  }

  // Pushes the value that starts with `token`.
  void ParseValue(const Token& token) {
    switch (token.type) {
      case TokenType::kString:
        lua_pushlstring(L_, token.str, token.str_len);
        return;
      case TokenType::kNumber:
        lua_pushnumber(L_, token.number);
        return;
      case TokenType::kBoolean:
        lua_pushboolean(L_, token.boolean);
        return;
      case TokenType::kNull:
        lua_pushlightuserdata(L_, nullptr);
        return;
      case TokenType::kObjBegin:
        ParseObject(token);
        return;
      case TokenType::kArrBegin:
        ParseArray(token);
        return;
      default:
        Fail("value", token);
    }
  }

  void ParseObject(const Token& open) {
    Descend(open, 2);
    Token token;
    Next(&token);
    if (token.type == TokenType::kObjEnd) {
      --depth_;
      return;
    }
    for (;;) {
      if (token.type != TokenType::kString) Fail("object key string", token);
      lua_pushlstring(L_, token.str, token.str_len);
      Next(&token);
      if (token.type != TokenType::kColon) Fail("colon", token);
      Next(&token);
      ParseValue(token);
      lua_rawset(L_, -3);
      Next(&token);
      if (token.type == TokenType::kObjEnd) break;
      if (token.type != TokenType::kComma) Fail("comma or object end", token);
      Next(&token);
    }
    --depth_;
  }

  void ParseArray(const Token& open) {
    Descend(open, 1);
    Token token;
    Next(&token);
    if (token.type == TokenType::kArrEnd) {
      --depth_;
      return;
    }
    for (int i = 1;; ++i) {
      ParseValue(token);
      lua_rawseti(L_, -2, i);
      Next(&token);
      if (token.type == TokenType::kArrEnd) break;
      if (token.type != TokenType::kComma) Fail("comma or array end", token);
      Next(&token);
    }
    --depth_;
  }

  lua_State* L_;
  CjsonConfig* config_;
  const char* data_;
  size_t len_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace

int CjsonDecode(lua_State* L) {
  luaL_argcheck(L, lua_gettop(L) == 1, 1, "expected 1 argument");
  size_t len;
  const char* data = luaL_checklstring(L, 1, &len);
  if (len >= 2 && (data[0] == '\0' || data[1] == '\0')) {
    luaL_error(L, "JSON parser does not support UTF-16 or UTF-32");
  }
  Parser parser(L, CurrentCjsonConfig(L), data, len);
  parser.ParseDocument();
  return 1;
}

}  // namespace luakv::lua::libs
