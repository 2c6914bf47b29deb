// The one home of SPL's regular expressions: rex, regex, makemv tokenizer=, match(), replace(),
// mvfind() and every later user go through Regex.
//
// Splunk's regexes are PCRE. A pattern runs on RE2 (linear time: hostile event content cannot
// make it slow) whenever RE2 accepts it once the safe rewrites of pcre_to_re2() are applied.
// The others (lookaround, back-references, \G, recursion, conditionals, ...) run on PCRE2 with
// its JIT, under a match limit and a depth limit (Splunk's limits.conf [rex] match_limit =
// 100000, depth_limit = 1000): a pattern that would backtrack catastrophically on some value
// stops with RegexError naming the regex, never hangs.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace re2 {
class RE2;
}

namespace spelunk {

// A regex that cannot compile, or a match that hit a PCRE2 limit; the message names the regex.
struct RegexError {
  std::string message;
};

// Rewrites PCRE constructs RE2 lacks where a safe rewrite exists:
//   (?<name>...) and (?'name'...) -> (?P<name>...); \Z -> \n?\z ; \h -> [\t ] ; \R -> line break;
//   atomic groups (?>...) -> (?:...) and possessive quantifiers (a++) -> greedy (same matches
//   for almost all real patterns, never slower in RE2).
// Throws RegexError for constructs with no safe rewrite (lookaround, back-references, \G,
// recursion, conditionals): those run on PCRE2.
std::string pcre_to_re2(std::string_view pcre);

class Regex {
 public:
  // Offsets of a match's groups in the text searched: group 0 is the whole match; a group that
  // did not take part is {npos, npos}.
  using Span = std::pair<std::size_t, std::size_t>;
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  // Compiles (with a process-wide cache, thread-safe). Throws RegexError.
  static std::shared_ptr<const Regex> compile(std::string_view pcre);

  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  const std::string& pattern() const { return pattern_; }
  bool uses_pcre2() const { return pcre_ != nullptr; }
  int group_count() const { return groups_; }
  // Named groups as (name, group number), by group number.
  const std::vector<std::pair<std::string, int>>& named_groups() const { return names_; }

  // True when the regex matches anywhere in `text`. Throws RegexError on a PCRE2 limit.
  bool search(std::string_view text) const;
  // The first match starting at or after `start`: false when there is none; else `groups`
  // holds group_count() + 1 spans. Throws RegexError on a PCRE2 limit.
  bool find(std::string_view text, std::size_t start, std::vector<Span>& groups) const;

  // A replacement text: literal pieces and group references.
  struct Replacement {
    std::vector<std::pair<int, std::string>> pieces;  // group number (-1: literal text)
  };
  // SPL replace() replacement: `\N` is group N (an error when the regex has fewer groups);
  // every other character, backslashes included, is literal.
  Replacement eval_replacement(std::string_view text) const;
  // rex mode=sed replacement: `\N` is group N, `\\` a backslash, `&` ... literal; any other
  // backslash escape is an error.
  Replacement sed_replacement(std::string_view text) const;
  // Replaces every match (first one only when `all` is false, or the nth when nth > 0).
  std::string replace(std::string_view text, const Replacement& with, bool all = true, std::size_t nth = 0) const;

 private:
  Regex() = default;
  std::string expand(std::string_view text, const std::vector<Span>& groups, const Replacement& with) const;

  std::string pattern_;
  std::unique_ptr<re2::RE2> re2_;
  struct Pcre;
  std::unique_ptr<Pcre> pcre_;
  int groups_ = 0;
  std::vector<std::pair<std::string, int>> names_;
};

// Compiles through the cache (Regex::compile). Throws RegexError.
std::shared_ptr<const Regex> compile_regex(std::string_view pcre);

}  // namespace spelunk
