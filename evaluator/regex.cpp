#include "evaluator/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace spelunk {

namespace {

[[noreturn]] void unsupported(std::string_view construct, std::string_view pattern) {
  throw RegexError{"regex construct " + std::string(construct) + " has no RE2 form in: " + std::string(pattern)};
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

// ------------------------------------------------------------------ Regex

namespace {

// Splunk's limits.conf [rex]: match_limit = 100000, depth_limit = 1000 (PCRE's backtracking
// budget and recursion depth per match). The heap limit bounds the interpreter's memory.
constexpr std::uint32_t kMatchLimit = 100000;
constexpr std::uint32_t kDepthLimit = 1000;
constexpr std::uint32_t kHeapLimitKiB = 64 * 1024;

std::string pcre2_message(int code) {
  PCRE2_UCHAR buffer[256];
  int n = pcre2_get_error_message(code, buffer, sizeof buffer);
  return n < 0 ? "PCRE2 error " + std::to_string(code) : std::string(reinterpret_cast<const char*>(buffer));
}

std::size_t utf8_length(std::string_view text, std::size_t at) {
  if (at >= text.size()) return 1;
  const auto c = static_cast<unsigned char>(text[at]);
  std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  for (std::size_t i = 1; i < n; ++i)  // invalid UTF-8: step one byte
    if (at + i >= text.size() || (static_cast<unsigned char>(text[at + i]) & 0xC0) != 0x80) return 1;
  return n;
}

}  // namespace

struct Regex::Pcre {
  pcre2_code* code = nullptr;
  pcre2_match_context* context = nullptr;
  ~Pcre() {
    if (context) pcre2_match_context_free(context);
    if (code) pcre2_code_free(code);
  }
};

Regex::~Regex() = default;

std::shared_ptr<const Regex> Regex::compile(std::string_view pcre) {
  std::shared_ptr<Regex> re(new Regex());
  re->pattern_ = std::string(pcre);
  std::string translated;
  bool translatable = true;
  try {
    translated = pcre_to_re2(pcre);
  } catch (const RegexError&) {
    translatable = false;  // a PCRE-only construct: PCRE2 below
  }
  if (translatable) {
    re2::RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(64 << 20);
    auto r = std::make_unique<re2::RE2>(translated, options);
    if (r->ok()) {
      re->groups_ = r->NumberOfCapturingGroups();
      for (const auto& [name, index] : r->NamedCapturingGroups()) re->names_.emplace_back(name, index);
      std::sort(re->names_.begin(), re->names_.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
      re->re2_ = std::move(r);
    }
  }
  if (!re->re2_) {
    int error = 0;
    PCRE2_SIZE offset = 0;
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(re->pattern_.data()), re->pattern_.size(),
                                     PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &error, &offset, nullptr);
    if (!code)
      throw RegexError{"invalid regex '" + re->pattern_ + "': " + pcre2_message(error) + " at offset " +
                       std::to_string(offset)};
    auto p = std::make_unique<Pcre>();
    p->code = code;
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // without JIT (unsupported CPU) it still runs, slower
    p->context = pcre2_match_context_create(nullptr);
    if (!p->context) throw RegexError{"regex '" + re->pattern_ + "': out of memory"};
    pcre2_set_match_limit(p->context, kMatchLimit);
    pcre2_set_depth_limit(p->context, kDepthLimit);
    pcre2_set_heap_limit(p->context, kHeapLimitKiB);
    std::uint32_t captures = 0, name_count = 0, entry_size = 0;
    PCRE2_SPTR table = nullptr;
    pcre2_pattern_info(code, PCRE2_INFO_CAPTURECOUNT, &captures);
    pcre2_pattern_info(code, PCRE2_INFO_NAMECOUNT, &name_count);
    pcre2_pattern_info(code, PCRE2_INFO_NAMEENTRYSIZE, &entry_size);
    pcre2_pattern_info(code, PCRE2_INFO_NAMETABLE, &table);
    re->groups_ = static_cast<int>(captures);
    for (std::uint32_t i = 0; i < name_count; ++i) {
      PCRE2_SPTR entry = table + static_cast<std::size_t>(i) * entry_size;
      int number = (entry[0] << 8) | entry[1];
      re->names_.emplace_back(reinterpret_cast<const char*>(entry + 2), number);
    }
    std::sort(re->names_.begin(), re->names_.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    re->pcre_ = std::move(p);
  }
  return re;
}

bool Regex::find(std::string_view text, std::size_t start, std::vector<Span>& groups) const {
  groups.assign(static_cast<std::size_t>(groups_) + 1, Span{npos, npos});
  if (start > text.size()) return false;
  if (re2_) {
    std::vector<re2::StringPiece> pieces(groups.size());
    if (!re2_->Match(re2::StringPiece(text.data(), text.size()), start, text.size(), re2::RE2::UNANCHORED,
                     pieces.data(), static_cast<int>(pieces.size())))
      return false;
    for (std::size_t g = 0; g < pieces.size(); ++g)
      if (pieces[g].data() != nullptr) {
        std::size_t at = static_cast<std::size_t>(pieces[g].data() - text.data());
        groups[g] = {at, at + pieces[g].size()};
      }
    return true;
  }
  pcre2_match_data* data = pcre2_match_data_create(static_cast<std::uint32_t>(groups.size()), nullptr);
  if (!data) throw RegexError{"regex '" + pattern_ + "': out of memory"};
  auto subject = reinterpret_cast<PCRE2_SPTR>(text.data());
  int rc = pcre2_match(pcre_->code, subject, text.size(), start, 0, data, pcre_->context);
  if (rc == PCRE2_ERROR_JIT_STACKLIMIT)  // the JIT's stack is small: the interpreter has limits of its own
    rc = pcre2_match(pcre_->code, subject, text.size(), start, PCRE2_NO_JIT, data, pcre_->context);
  if (rc < 0) {
    pcre2_match_data_free(data);
    if (rc == PCRE2_ERROR_NOMATCH) return false;
    std::string why = rc == PCRE2_ERROR_MATCHLIMIT   ? "the match limit (" + std::to_string(kMatchLimit) + " steps)"
                      : rc == PCRE2_ERROR_DEPTHLIMIT ? "the depth limit (" + std::to_string(kDepthLimit) + ")"
                      : rc == PCRE2_ERROR_HEAPLIMIT  ? "the memory limit"
                                                     : pcre2_message(rc);
    throw RegexError{"regex '" + pattern_ + "' stopped on a value of " + std::to_string(text.size()) +
                     " characters: it hit " + why + " (PCRE backtracking); simplify the regex"};
  }
  PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
  for (std::size_t g = 0; g < groups.size() && g < static_cast<std::size_t>(rc); ++g)
    if (ovector[2 * g] != PCRE2_UNSET) groups[g] = {ovector[2 * g], ovector[2 * g + 1]};
  pcre2_match_data_free(data);
  return true;
}

bool Regex::search(std::string_view text) const {
  if (re2_) return re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re2_);
  std::vector<Span> groups;
  return find(text, 0, groups);
}

Regex::Replacement Regex::eval_replacement(std::string_view text) const {
  Replacement r;
  std::string literal;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
      const int group = text[i + 1] - '0';
      if (group > groups_)
        throw RegexError{"replacement refers to group \\" + std::to_string(group) + " which the regex lacks"};
      if (!literal.empty()) r.pieces.emplace_back(-1, std::move(literal));
      literal.clear();
      r.pieces.emplace_back(group, std::string());
      ++i;
    } else {
      literal += text[i];
    }
  }
  if (!literal.empty()) r.pieces.emplace_back(-1, std::move(literal));
  return r;
}

Regex::Replacement Regex::sed_replacement(std::string_view text) const {
  Replacement r;
  std::string literal;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      literal += text[i];
      continue;
    }
    if (i + 1 >= text.size()) throw RegexError{"the replacement ends with a lone backslash"};
    const char c = text[++i];
    if (c == '\\') {
      literal += '\\';
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      const int group = c - '0';
      if (group > groups_)
        throw RegexError{"replacement refers to group \\" + std::to_string(group) + " which the regex lacks"};
      if (!literal.empty()) r.pieces.emplace_back(-1, std::move(literal));
      literal.clear();
      r.pieces.emplace_back(group, std::string());
    } else {
      throw RegexError{std::string("invalid escape \\") + c + " in the replacement (\\N is group N, \\\\ a backslash)"};
    }
  }
  if (!literal.empty()) r.pieces.emplace_back(-1, std::move(literal));
  return r;
}

std::string Regex::expand(std::string_view text, const std::vector<Span>& groups, const Replacement& with) const {
  std::string out;
  for (const auto& [group, literal] : with.pieces) {
    if (group < 0) {
      out += literal;
      continue;
    }
    const Span& span = groups[static_cast<std::size_t>(group)];
    if (span.first != npos) out.append(text.substr(span.first, span.second - span.first));
  }
  return out;
}

std::string Regex::replace(std::string_view text, const Replacement& with, bool all, std::size_t nth) const {
  std::string out;
  std::vector<Span> groups;
  std::size_t pos = 0, copied = 0, count = 0;
  std::size_t last_end = npos;
  while (pos <= text.size() && find(text, pos, groups)) {
    const auto [start, end] = groups[0];
    if (start == end && start == last_end) {  // no empty match right where the last one ended
      if (start >= text.size()) break;
      pos = start + utf8_length(text, start);
      continue;
    }
    ++count;
    if (nth == 0 || count == nth) {
      out.append(text.substr(copied, start - copied));
      out += expand(text, groups, with);
      copied = end;
      if (!all || nth) break;
    }
    last_end = end;
    pos = end > start ? end : end + utf8_length(text, end);
  }
  out.append(text.substr(std::min(copied, text.size())));
  return out;
}

std::shared_ptr<const Regex> compile_regex(std::string_view pcre) {
  static std::mutex mutex;
  static std::unordered_map<std::string, std::shared_ptr<const Regex>> cache;
  std::string key(pcre);
  {
    std::lock_guard lock(mutex);
    if (auto it = cache.find(key); it != cache.end()) return it->second;
  }
  std::shared_ptr<const Regex> re = Regex::compile(pcre);
  std::lock_guard lock(mutex);
  if (cache.size() > 4096) cache.clear();  // bounded: patterns built from event values
  cache.emplace(std::move(key), re);
  return re;
}

}  // namespace spelunk
