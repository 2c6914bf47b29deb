#include "parser/lexemes.hpp"

#include <cctype>

namespace spelunk::parser {

namespace {

// Appends the search-escape decoding of `raw[i..]` starting at a backslash; returns chars used.
std::size_t append_search_escape(std::string_view raw, std::size_t i, std::string& out) {
  if (i + 1 >= raw.size()) {
    out += '\\';
    return 1;
  }
  const char next = raw[i + 1];
  if (next == '\\' || next == '"' || next == '|') {
    out += next;
  } else {
    out += '\\';
    out += next;
  }
  return 2;
}

bool has_modifier(std::string_view raw, std::string_view name) {
  return raw.size() >= name.size() + 2 && raw.substr(0, name.size()) == name && raw[name.size()] == '(' &&
         raw.back() == ')';
}

}  // namespace

SearchToken decode_search_token(std::string_view raw) {
  SearchToken token;
  if (has_modifier(raw, "TERM")) {
    token = decode_search_token(raw.substr(5, raw.size() - 6));
    token.term = true;
    return token;
  }
  if (has_modifier(raw, "CASE")) {
    token = decode_search_token(raw.substr(5, raw.size() - 6));
    token.case_sensitive = true;
    return token;
  }
  bool in_quotes = false;
  bool any_quoted = false;
  bool any_bare = false;
  std::size_t quoted_pieces = 0;
  for (std::size_t i = 0; i < raw.size();) {
    const char c = raw[i];
    if (c == '"') {
      in_quotes = !in_quotes;
      if (in_quotes) ++quoted_pieces;
      ++i;
    } else if (c == '\\') {
      (in_quotes ? any_quoted : any_bare) = true;
      i += append_search_escape(raw, i, token.text);
    } else {
      (in_quotes ? any_quoted : any_bare) = true;
      token.text += c;
      ++i;
    }
  }
  token.quoted = quoted_pieces > 0 && !any_bare;
  token.mixed = (quoted_pieces > 0 && any_bare) || quoted_pieces > 1;
  return token;
}

std::string decode_eval_string(std::string_view raw) {
  if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') raw = raw.substr(1, raw.size() - 2);
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 >= raw.size()) {
      out += raw[i];
      continue;
    }
    const char next = raw[++i];
    switch (next) {
      case '\\': out += '\\'; break;
      case '"': out += '"'; break;
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      default: out += '\\'; out += next; break;
    }
  }
  return out;
}

std::string decode_single_quoted(std::string_view raw) {
  if (raw.size() >= 2 && raw.front() == '\'' && raw.back() == '\'') raw = raw.substr(1, raw.size() - 2);
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 1 < raw.size() && (raw[i + 1] == '\'' || raw[i + 1] == '\\')) ++i;
    out += raw[i];
  }
  return out;
}

std::string to_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace spelunk::parser
