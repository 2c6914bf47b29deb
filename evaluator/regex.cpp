#include "evaluator/regex.hpp"

#include <cctype>
#include <mutex>
#include <unordered_map>

namespace spelunk {

namespace {

[[noreturn]] void unsupported(std::string_view construct, std::string_view pattern) {
  throw RegexError{"regex construct " + std::string(construct) +
                   " is not supported (RE2, linear-time matching) in: " + std::string(pattern)};
}

// Handles "(?" group openers at text[i] (text[i] == '('). Appends the RE2 opener, returns the
// number of characters consumed.
std::size_t translate_group_opener(std::string_view p, std::size_t i, std::string& out) {
  std::string_view rest = p.substr(i);
  if (rest.starts_with("(?<=") || rest.starts_with("(?<!")) unsupported("lookbehind (?<= / (?<!", p);
  if (rest.starts_with("(?=") || rest.starts_with("(?!")) unsupported("lookahead (?= / (?!", p);
  if (rest.starts_with("(?>")) { out += "(?:"; return 3; }
  if (rest.starts_with("(?<")) { out += "(?P<"; return 3; }
  if (rest.starts_with("(?P<")) { out += "(?P<"; return 4; }
  if (rest.starts_with("(?'")) {
    std::size_t close = rest.find('\'', 3);
    if (close == std::string_view::npos) unsupported("unterminated (?'name'", p);
    out += "(?P<";
    out += rest.substr(3, close - 3);
    out += '>';
    return close + 1;
  }
  if (rest.starts_with("(?(")) unsupported("conditional group (?(", p);
  if (rest.starts_with("(?R") || rest.starts_with("(?&") || rest.starts_with("(?P>") ||
      (rest.size() > 2 && std::isdigit(static_cast<unsigned char>(rest[2]))))
    unsupported("recursion (?R / (?&name)", p);
  if (rest.starts_with("(?#")) {  // comment: drop it
    std::size_t close = rest.find(')');
    if (close == std::string_view::npos) unsupported("unterminated comment (?#", p);
    return close + 1;
  }
  out += '(';
  return 1;
}

// Translates the escape at p[i] == '\\'. Returns characters consumed.
std::size_t translate_escape(std::string_view p, std::size_t i, bool in_class, std::string& out) {
  if (i + 1 >= p.size()) { out += "\\\\"; return 1; }  // trailing backslash: a literal one
  char c = p[i + 1];
  if (c >= '1' && c <= '9' && !in_class) unsupported("back-reference \\" + std::string(1, c), p);
  switch (c) {
    case 'Z': out += in_class ? "Z" : "(?:\\n?\\z)"; return 2;
    case 'h': out += in_class ? "\\t " : "[\\t ]"; return 2;
    case 'R': out += in_class ? "\\r\\n" : "(?:\\r\\n|\\n|\\r)"; return 2;
    case 'G': unsupported("\\G", p);
    case 'K': unsupported("\\K", p);
    case 'g': unsupported("back-reference \\g", p);
    case 'k': unsupported("named back-reference \\k", p);
    case 'e': out += "\\x1b"; return 2;
    case '/': out += '/'; return 2;  // PCRE allows a needless escape of '/'
    default: out += p.substr(i, 2); return 2;
  }
}

bool is_quantifier_end(char c) { return c == '*' || c == '+' || c == '?' || c == '}'; }

}  // namespace

std::string pcre_to_re2(std::string_view p) {
  std::string out;
  out.reserve(p.size() + 8);
  bool in_class = false;
  for (std::size_t i = 0; i < p.size();) {
    char c = p[i];
    if (c == '\\') { i += translate_escape(p, i, in_class, out); continue; }
    if (in_class) {
      if (c == ']') in_class = false;
      out += c;
      ++i;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      ++i;
      // A ']' right after '[' or '[^' is a literal member.
      if (i < p.size() && p[i] == '^') { out += '^'; ++i; }
      if (i < p.size() && p[i] == ']') { out += ']'; ++i; }
      continue;
    }
    if (c == '(' && i + 1 < p.size() && p[i + 1] == '?') { i += translate_group_opener(p, i, out); continue; }
    // Possessive quantifier: drop the '+' after a quantifier (but "a+?" lazy stays).
    if (c == '+' && !out.empty() && is_quantifier_end(out.back()) && i > 0 && p[i - 1] != '\\') {
      bool escaped_prev = out.size() >= 2 && out[out.size() - 2] == '\\' && out.back() != '}';
      if (!escaped_prev) { ++i; continue; }
    }
    out += c;
    ++i;
  }
  return out;
}

std::shared_ptr<const re2::RE2> compile_regex(std::string_view pcre) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const re2::RE2>> cache;
  std::string key(pcre);
  {
    std::lock_guard lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  auto re = std::make_shared<const re2::RE2>(pcre_to_re2(pcre), options);
  if (!re->ok()) throw RegexError{"invalid regex '" + key + "': " + re->error()};
  std::lock_guard lock(mutex);
  if (cache.size() > 4096) cache.clear();  // bounded: patterns built from event values
  cache.emplace(std::move(key), re);
  return re;
}

}  // namespace spelunk
