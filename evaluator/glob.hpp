// Splunk wildcard matching: the one home for it.
//
// In search values only `*` is a wildcard (R3.3); it matches any run of characters, including
// none. Matching is against the whole value, case-insensitive unless CASE() asked otherwise
// (ASCII folding: Splunk's own folding of non-ASCII letters is not emulated).
// Field-name lists (table, fields) use the same syntax, case-sensitively.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace spelunk {

class GlobPattern {
 public:
  GlobPattern() = default;
  explicit GlobPattern(std::string_view pattern, bool case_sensitive = false);

  bool matches(std::string_view value) const;
  // True when the pattern is made of `*` only: it matches every value, even "".
  bool matches_everything() const { return parts_.size() == 1 && parts_[0].empty() && star_; }
  bool has_wildcard() const { return star_; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  std::vector<std::string> parts_;  // text between stars (lower-cased unless case-sensitive)
  bool star_ = false;
  bool case_sensitive_ = false;
};

// One-shot helpers.
bool glob_match(std::string_view pattern, std::string_view value, bool case_sensitive = false);
// Field-name wildcard (case-sensitive), as in `table Parent*`.
bool field_name_match(std::string_view pattern, std::string_view name);

// props.conf `[source::...]` patterns: `...` matches anything, `*` anything but `/`.
// Case-sensitive, whole value.
bool source_pattern_match(std::string_view pattern, std::string_view source);

// ASCII lower-casing helpers shared by the matchers.
char ascii_lower(char c);
std::string ascii_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);

}  // namespace spelunk
