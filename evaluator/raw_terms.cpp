#include "evaluator/raw_terms.hpp"

#include <array>
#include <cstring>

namespace spelunk {

namespace {

// Splunk 10.4.2 segmenters.conf defaults (R6.2).
constexpr std::string_view kMajor = "[]<>(){}|!;,'\"*\n\r \t&?+";
constexpr std::string_view kMinor = "/:=@.-$#%\\_";

struct BreakerTable {
  std::array<unsigned char, 256> kind{};  // 0 none, 1 minor, 2 major
  BreakerTable() {
    for (char c : kMajor) kind[static_cast<unsigned char>(c)] = 2;
    for (char c : kMinor) kind[static_cast<unsigned char>(c)] = 1;
  }
};
const BreakerTable kTable;

bool is_breaker(char c) { return kTable.kind[static_cast<unsigned char>(c)] != 0; }

}  // namespace

bool is_major_breaker(char c) { return kTable.kind[static_cast<unsigned char>(c)] == 2; }
bool is_minor_breaker(char c) { return kTable.kind[static_cast<unsigned char>(c)] == 1; }

RawTermMatcher::RawTermMatcher(std::string_view term, bool term_only, bool case_sensitive)
    : term_(case_sensitive ? std::string(term) : ascii_lower(term)),
      term_only_(term_only),
      case_sensitive_(case_sensitive) {
  wildcard_ = term.find('*') != std::string_view::npos;
  if (wildcard_) {
    glob_ = GlobPattern(term, case_sensitive);
    everything_ = glob_.matches_everything();
    for (char c : term)
      if (c != '*' && is_major_breaker(c)) impossible_ = true;
  } else if (term_only_) {
    for (char c : term)
      if (is_major_breaker(c)) impossible_ = true;
  }
  if (term_.empty() && !wildcard_) impossible_ = true;
}

bool RawTermMatcher::matches(std::string_view raw) const {
  if (everything_) return true;
  if (impossible_) return false;
  return wildcard_ ? match_wildcard(raw) : match_literal(raw);
}

bool RawTermMatcher::match_literal(std::string_view raw) const {
  const std::string_view t = term_;
  const bool open_start = !term_only_ && is_breaker(t.front());
  const bool open_end = !term_only_ && is_breaker(t.back());
  auto boundary = [&](char c) { return term_only_ ? is_major_breaker(c) : is_breaker(c); };
  std::size_t at = 0;
  while ((at = raw.find(t, at)) != std::string_view::npos) {
    bool start_ok = open_start || at == 0 || boundary(raw[at - 1]);
    std::size_t end = at + t.size();
    bool end_ok = open_end || end == raw.size() || boundary(raw[end]);
    if (start_ok && end_ok) return true;
    ++at;
  }
  return false;
}

bool RawTermMatcher::match_wildcard(std::string_view raw) const {
  std::size_t i = 0;
  const std::size_t n = raw.size();
  while (i < n) {
    while (i < n && is_major_breaker(raw[i])) ++i;
    std::size_t seg_end = i;
    while (seg_end < n && !is_major_breaker(raw[seg_end])) ++seg_end;
    if (seg_end == i) break;
    std::string_view segment = raw.substr(i, seg_end - i);
    if (glob_.matches(segment)) return true;
    if (!term_only_) {
      // Minor sub-tokens, and tails of the segment starting after a minor breaker.
      std::size_t tok = 0;
      for (std::size_t j = 0; j <= segment.size(); ++j) {
        if (j < segment.size() && !is_minor_breaker(segment[j])) continue;
        if (j > tok && tok > 0) {
          if (glob_.matches(segment.substr(tok, j - tok))) return true;
          if (glob_.matches(segment.substr(tok))) return true;
        } else if (j > tok && glob_.matches(segment.substr(tok, j - tok))) {
          return true;
        }
        tok = j + 1;
      }
    }
    i = seg_end;
  }
  return false;
}

}  // namespace spelunk
