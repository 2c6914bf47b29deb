// Bare terms and quoted phrases against `_raw`, with Splunk's default breakers (§6): the one
// home for raw-text matching.
//
// Splunk indexes `_raw` as tokens: segments between MAJOR breakers, and their sub-segments
// between MINOR breakers. A term matches when it lines up with token boundaries:
//  - a word (`cmd`) must be a whole token (R6.3): `cmd` matches `C:\x\cmd.exe`, not `cmdkey`;
//  - a term with minor breakers (`cmd.exe`, `127.0.0.1`) or a phrase (`"access denied"`) must
//    occur in `_raw` starting and ending on token boundaries (R6.4, R6.5);
//  - TERM(x) must be bounded by major breakers on both sides (R6.7);
//  - wildcards (`*NetTCP*`) glob against each major segment, each minor sub-token and each
//    tail of a major segment that starts on a minor boundary (R6.6).
// Case-insensitive unless CASE(). The URL-encoded breakers (%20, ...) are not emulated.
#pragma once

#include <string>
#include <string_view>

#include "evaluator/glob.hpp"

namespace spelunk {

bool is_major_breaker(char c);
bool is_minor_breaker(char c);

class RawTermMatcher {
 public:
  RawTermMatcher(std::string_view term, bool term_only, bool case_sensitive);

  // `raw_folded` must be lower-cased with ascii_lower unless the matcher is case-sensitive
  // (see needs_folding()); callers fold once per event for all their matchers.
  bool matches(std::string_view raw_folded) const;
  bool case_sensitive() const { return case_sensitive_; }
  bool matches_everything() const { return everything_; }

 private:
  bool match_literal(std::string_view raw) const;
  bool match_wildcard(std::string_view raw) const;

  std::string term_;  // folded unless case-sensitive
  GlobPattern glob_;
  bool wildcard_ = false;
  bool term_only_ = false;
  bool case_sensitive_ = false;
  bool everything_ = false;
  bool impossible_ = false;  // e.g. a wildcard term containing a major breaker
};

}  // namespace spelunk
