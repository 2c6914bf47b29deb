#include "cli/markdown.hpp"

#include <algorithm>
#include <cctype>

#include "evaluator/glob.hpp"

namespace spelunk::cli {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "```spl" / "~~~" with at most three spaces of indent: the fence characters, else "".
std::string_view fence_of(std::string_view line) {
  std::size_t indent = 0;
  while (indent < line.size() && indent < 4 && line[indent] == ' ') ++indent;
  if (indent > 3) return {};
  line.remove_prefix(indent);
  for (char c : {'`', '~'}) {
    std::size_t n = 0;
    while (n < line.size() && line[n] == c) ++n;
    if (n >= 3) return line.substr(0, n);
  }
  return {};
}

// Heading level (1-6) of an ATX heading, 0 otherwise.
int heading_level(std::string_view line) {
  int level = 0;
  while (level < static_cast<int>(line.size()) && line[level] == '#') ++level;
  if (level == 0 || level > 6) return 0;
  if (static_cast<std::size_t>(level) < line.size() && line[level] != ' ') return 0;
  return level;
}

bool names_searches(std::string_view heading) {
  std::string lower = ascii_lower(heading);
  return lower.find("search") != std::string::npos || lower.find("detection") != std::string::npos ||
         lower.find("spl") != std::string::npos;
}

bool is_spl_info(std::string_view info) {
  std::string lower = ascii_lower(trim(info));
  return lower == "spl" || lower == "splunk" || lower == "splunk-spl";
}

}  // namespace

std::vector<MarkdownSearch> extract_markdown_searches(std::string_view document) {
  std::vector<MarkdownSearch> out;
  auto lines = split_lines(document);
  int search_section_level = 0;  // > 0 while inside a section whose heading names searches
  std::string_view last_text;    // the last text line seen outside fences, within the section
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (int level = heading_level(line)) {
      if (search_section_level && level <= search_section_level) search_section_level = 0;
      if (!search_section_level && names_searches(line.substr(level))) search_section_level = level;
      last_text = {};
      continue;
    }
    std::string_view fence = fence_of(line);
    if (fence.empty()) {
      if (!trim(line).empty()) last_text = trim(line);
      continue;
    }
    std::string_view info = trim(line).substr(fence.size());
    std::size_t first = i + 1, end = first;
    while (end < lines.size()) {
      std::string_view f = fence_of(lines[end]);
      if (!f.empty() && f[0] == fence[0] && f.size() >= fence.size() && trim(trim(lines[end]).substr(f.size())).empty()) break;
      ++end;
    }
    bool wanted = is_spl_info(info) || (search_section_level && trim(info).empty());
    if (wanted) {
      MarkdownSearch s;
      for (std::size_t k = first; k < end; ++k) {
        if (k > first) s.text += '\n';
        s.text += lines[k];
      }
      s.line = first + 1;
      s.label = last_text.empty() ? "search " + std::to_string(out.size() + 1) : std::string(last_text);
      if (!trim(s.text).empty()) out.push_back(std::move(s));
    }
    i = end;  // past the closing fence (or the end of an unclosed block)
    last_text = {};
  }
  return out;
}

const MarkdownSearch* select_markdown_search(const std::vector<MarkdownSearch>& searches,
                                             std::string_view selector) {
  if (!selector.empty() && selector.size() < 7 && std::all_of(selector.begin(), selector.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    std::size_t index = std::stoul(std::string(selector));
    return index >= 1 && index <= searches.size() ? &searches[index - 1] : nullptr;
  }
  const MarkdownSearch* found = nullptr;
  std::string wanted = ascii_lower(selector);
  for (const auto& s : searches) {
    if (ascii_lower(s.label).find(wanted) == std::string::npos) continue;
    if (found) return nullptr;
    found = &s;
  }
  return found;
}

}  // namespace spelunk::cli
