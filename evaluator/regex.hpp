// The one place where SPL's PCRE regexes become RE2 regexes (linear time: hostile event
// content cannot hang a search). Used by match/replace/mvfind and by rex/regex commands.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <re2/re2.h>

namespace spelunk {

// Thrown when a regex cannot be translated or compiled; message names the construct.
struct RegexError {
  std::string message;
};

// Rewrites PCRE constructs RE2 lacks where a safe rewrite exists:
//   (?<name>...) and (?'name'...) -> (?P<name>...); \Z -> \n?\z ; \h -> [\t ] ; \R -> line break;
//   atomic groups (?>...) -> (?:...) and possessive quantifiers (a++) -> greedy (same matches
//   for almost all real patterns, never slower in RE2).
// Throws RegexError for constructs with no safe rewrite (lookaround, back-references, \G,
// recursion, conditionals).
std::string pcre_to_re2(std::string_view pcre);

// Translates and compiles, with a process-wide cache (thread-safe). Throws RegexError.
std::shared_ptr<const re2::RE2> compile_regex(std::string_view pcre);

}  // namespace spelunk
