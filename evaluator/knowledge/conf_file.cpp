#include "evaluator/knowledge/conf_file.hpp"

#include <fstream>
#include <sstream>

namespace spelunk {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// One logical line: physical lines joined where a line ends with a backslash.
struct LogicalLine {
  std::string text;
  std::size_t first_line = 0;
};

std::vector<LogicalLine> logical_lines(std::string_view text) {
  std::vector<LogicalLine> out;
  std::size_t pos = 0, line_no = 0;
  std::optional<LogicalLine> pending;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!pending) pending = LogicalLine{"", line_no};
    else pending->text += '\n';
    const bool continues = !line.empty() && line.back() == '\\';
    pending->text += continues ? line.substr(0, line.size() - 1) : line;
    if (!continues) {
      out.push_back(std::move(*pending));
      pending.reset();
    }
  }
  if (pending) out.push_back(std::move(*pending));
  return out;
}

}  // namespace

const std::string* ConfStanza::get(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k == key) return &v;
  return nullptr;
}

void ConfStanza::set(std::string key, std::string value, std::string where) {
  for (std::size_t i = 0; i < entries.size(); ++i)
    if (entries[i].first == key) {
      entries[i].second = std::move(value);
      origins[i] = std::move(where);
      return;
    }
  entries.emplace_back(std::move(key), std::move(value));
  origins.push_back(std::move(where));
}

ConfStanza& ConfFile::stanza(const std::string& name, const std::string& origin) {
  for (auto& s : stanzas_)
    if (s.name == name) return s;  // a repeated header adds to the stanza (Splunk merges them)
  stanzas_.push_back(ConfStanza{name, {}, origin, {}});
  return stanzas_.back();
}

ConfFile ConfFile::parse(std::string_view text, const std::string& origin, std::vector<std::string>& problems) {
  ConfFile file;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  ConfStanza* current = nullptr;
  for (const auto& line : logical_lines(text)) {
    std::string_view l = trim(line.text);
    if (l.empty() || l.front() == '#') continue;
    const std::string where = origin + ":" + std::to_string(line.first_line);
    if (l.front() == '[') {
      if (l.back() != ']') {
        problems.push_back(where + ": stanza header without `]`");
        current = nullptr;
        continue;
      }
      current = &file.stanza(std::string(trim(l.substr(1, l.size() - 2))), where);
      continue;
    }
    auto eq = l.find('=');
    if (eq == std::string_view::npos) {
      problems.push_back(where + ": expected `key = value`");
      continue;
    }
    if (!current) current = &file.stanza("default", where);
    current->set(std::string(trim(l.substr(0, eq))), std::string(trim(l.substr(eq + 1))), where);
  }
  return file;
}

std::optional<ConfFile> ConfFile::read(const std::string& path, std::vector<std::string>& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back(path + ": cannot read the file");
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return parse(ss.str(), path, problems);
}

void ConfFile::merge(const ConfFile& over) {
  for (const auto& s : over.stanzas_) {
    ConfStanza& mine = stanza(s.name, s.origin);
    for (std::size_t i = 0; i < s.entries.size(); ++i) mine.set(s.entries[i].first, s.entries[i].second, s.origins[i]);
  }
}

const ConfStanza* ConfFile::find(std::string_view name) const {
  for (const auto& s : stanzas_)
    if (s.name == name) return &s;
  return nullptr;
}

}  // namespace spelunk
