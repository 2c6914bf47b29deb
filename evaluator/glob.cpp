#include "evaluator/glob.hpp"

#include <algorithm>
#include <vector>

namespace spelunk {

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

namespace {

bool same_char(char a, char b, bool case_sensitive) {
  return case_sensitive ? a == b : ascii_lower(a) == b;  // b is already lowered
}

bool starts_with_at(std::string_view value, std::size_t at, std::string_view part, bool cs) {
  if (value.size() - at < part.size()) return false;
  for (std::size_t i = 0; i < part.size(); ++i)
    if (!same_char(value[at + i], part[i], cs)) return false;
  return true;
}

// First position >= from where `part` occurs in value, or npos.
std::size_t find_part(std::string_view value, std::size_t from, std::string_view part, bool cs) {
  if (part.empty()) return from;
  if (value.size() < part.size()) return std::string_view::npos;
  for (std::size_t at = from; at + part.size() <= value.size(); ++at) {
    if (!same_char(value[at], part[0], cs)) continue;
    if (starts_with_at(value, at, part, cs)) return at;
  }
  return std::string_view::npos;
}

}  // namespace

GlobPattern::GlobPattern(std::string_view pattern, bool case_sensitive)
    : text_(pattern), case_sensitive_(case_sensitive) {
  std::string current;
  for (char c : pattern) {
    if (c == '*') {
      star_ = true;
      parts_.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(case_sensitive ? c : ascii_lower(c));
    }
  }
  parts_.push_back(std::move(current));
  // Collapse "**" runs: empty middle parts change nothing.
  if (parts_.size() > 2) {
    std::vector<std::string> kept{parts_.front()};
    for (std::size_t i = 1; i + 1 < parts_.size(); ++i)
      if (!parts_[i].empty()) kept.push_back(parts_[i]);
    kept.push_back(parts_.back());
    parts_ = std::move(kept);
  }
  if (star_ && parts_.size() == 2 && parts_[0].empty() && parts_[1].empty()) parts_.resize(1);
}

bool GlobPattern::matches(std::string_view value) const {
  const bool cs = case_sensitive_;
  if (!star_) {
    const std::string& p = parts_[0];
    return value.size() == p.size() && starts_with_at(value, 0, p, cs);
  }
  if (matches_everything()) return true;
  const std::string& first = parts_.front();
  const std::string& last = parts_.back();
  if (value.size() < first.size() + last.size()) return false;
  if (!starts_with_at(value, 0, first, cs)) return false;
  if (!starts_with_at(value, value.size() - last.size(), last, cs)) return false;
  // Middle parts, greedily left to right, inside the span the anchors leave free.
  std::size_t at = first.size();
  const std::size_t end = value.size() - last.size();
  std::string_view middle = value.substr(0, end);
  for (std::size_t i = 1; i + 1 < parts_.size(); ++i) {
    std::size_t found = find_part(middle, at, parts_[i], cs);
    if (found == std::string_view::npos) return false;
    at = found + parts_[i].size();
  }
  return true;
}

bool glob_match(std::string_view pattern, std::string_view value, bool case_sensitive) {
  return GlobPattern(pattern, case_sensitive).matches(value);
}

bool field_name_match(std::string_view pattern, std::string_view name) {
  if (pattern.find('*') == std::string_view::npos) return pattern == name;
  return GlobPattern(pattern, true).matches(name);
}

bool source_pattern_match(std::string_view pattern, std::string_view source) {
  // One pass over the source per pattern token, never recursive: reach[i] says that the pattern
  // read so far can match source[0, i). `source` comes from events (XmlWinEventLog:<Channel>), so
  // it can be long; a backtracking matcher was exponential in the `...` of a pattern and as deep
  // as the source (fuzzing found both).
  std::vector<char> reach(source.size() + 1, 0), next(source.size() + 1, 0);
  reach[0] = 1;
  for (std::size_t p = 0; p < pattern.size();) {
    if (pattern.compare(p, 3, "...") == 0) {  // any text, '/' included
      p += 3;
      for (std::size_t i = 1; i <= source.size(); ++i) reach[i] |= reach[i - 1];
    } else if (pattern[p] == '*') {  // any text within one path segment
      ++p;
      for (std::size_t i = 1; i <= source.size(); ++i)
        reach[i] |= reach[i - 1] && source[i - 1] != '/';
    } else {
      const char c = pattern[p++];
      next[0] = 0;
      for (std::size_t i = 1; i <= source.size(); ++i) next[i] = reach[i - 1] && source[i - 1] == c;
      reach.swap(next);
    }
  }
  return reach[source.size()] != 0;
}

}  // namespace spelunk
