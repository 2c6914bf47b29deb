#include "evaluator/knowledge/lookup_table.hpp"

#include <algorithm>
#include <charconv>

#include "evaluator/glob.hpp"
#include "evaluator/search_filter.hpp"
#include "storage/ingest/gzip_input.hpp"

namespace spelunk {

// ------------------------------------------------------------------ CSV

int LookupTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

namespace {

// Splits RFC 4180 records; each record remembers the line it starts on.
class CsvScanner {
 public:
  explicit CsvScanner(std::string_view text) : s_(text) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") s_.remove_prefix(3);
  }
  bool done() const { return i_ >= s_.size(); }
  std::size_t line() const { return line_; }
  bool unterminated() const { return unterminated_; }

  // The next record's fields; the line it started on is line() before the call.
  std::vector<std::string> record() {
    std::vector<std::string> fields;
    std::string field;
    bool quoted = false, was_quoted = false;
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (quoted) {
        if (c == '"') {
          if (i_ < s_.size() && s_[i_] == '"') { field += '"'; ++i_; }
          else quoted = false;
        } else {
          if (c == '\n') ++line_;
          field += c;
        }
        continue;
      }
      if (c == '"' && !was_quoted && field.empty()) { quoted = was_quoted = true; continue; }
      if (c == ',') { fields.push_back(std::move(field)); field.clear(); was_quoted = false; continue; }
      if (c == '\r' && i_ < s_.size() && s_[i_] == '\n') continue;
      if (c == '\n') { ++line_; break; }
      field += c;  // text after a closing quote is kept as written (lenient, like Splunk)
    }
    if (quoted) unterminated_ = true;
    fields.push_back(std::move(field));
    return fields;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
  std::size_t line_ = 1;
  bool unterminated_ = false;
};

bool blank(const std::vector<std::string>& record) { return record.size() == 1 && record[0].empty(); }

}  // namespace

LookupTable parse_csv_table(std::string_view text, const std::string& path) {
  LookupTable table;
  table.path = path;
  CsvScanner scan(text);
  while (!scan.done() && table.header.empty()) {
    auto record = scan.record();
    if (!blank(record)) table.header = std::move(record);
  }
  for (auto& h : table.header) {  // Splunk trims header names
    while (!h.empty() && (h.back() == ' ' || h.back() == '\t')) h.pop_back();
    while (!h.empty() && (h.front() == ' ' || h.front() == '\t')) h.erase(h.begin());
  }
  while (!scan.done()) {
    const std::size_t line = scan.line();
    auto record = scan.record();
    if (blank(record)) continue;
    if (record.size() != table.header.size()) {
      table.problems.push_back(path + ":" + std::to_string(line) + ": row has " + std::to_string(record.size()) +
                               " fields, the header has " + std::to_string(table.header.size()));
      record.resize(table.header.size());
    }
    table.rows.push_back(std::move(record));
  }
  if (scan.unterminated())
    table.problems.push_back(path + ":" + std::to_string(scan.line()) + ": quoted field not closed at the end of the file");
  return table;
}

std::optional<LookupTable> read_csv_table(const std::string& path, std::string* error) {
  std::string text, problem;
  if (!read_input(path, text, problem)) {  // gzip'd tables (.csv.gz) are read transparently
    if (error) *error = problem;
    return std::nullopt;
  }
  return parse_csv_table(text, path);
}

// ------------------------------------------------------------------ transforms.conf

LookupDefinition::MatchType LookupDefinition::match_type(const std::string& field) const {
  auto it = match_types.find(field);
  return it == match_types.end() ? MatchType::Exact : it->second;
}

namespace {

std::string trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// "WILDCARD(a), CIDR(b)" -> {a: Wildcard, b: Cidr}; false on text not of that shape.
bool parse_match_types(std::string_view text, std::map<std::string, LookupDefinition::MatchType>& out) {
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t open = text.find('(', i), close = text.find(')', i);
    if (open == std::string_view::npos || close == std::string_view::npos || close < open) return false;
    std::string kind = ascii_lower(trimmed(text.substr(i, open - i)));
    std::string field = trimmed(text.substr(open + 1, close - open - 1));
    if (field.empty()) return false;
    if (kind == "wildcard") out[field] = LookupDefinition::MatchType::Wildcard;
    else if (kind == "cidr") out[field] = LookupDefinition::MatchType::Cidr;
    else if (kind != "exact") return false;
    i = close + 1;
    while (i < text.size() && (text[i] == ',' || text[i] == ' ' || text[i] == '\t')) ++i;
  }
  return true;
}

bool parse_bool(std::string_view text, bool& out) {
  std::string t = ascii_lower(trimmed(text));
  if (t == "1" || t == "t" || t == "true" || t == "yes") { out = true; return true; }
  if (t == "0" || t == "f" || t == "false" || t == "no") { out = false; return true; }
  return false;
}

bool parse_count(std::string_view text, std::size_t& out) {
  std::string t = trimmed(text);
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
  return ec == std::errc() && p == t.data() + t.size();
}

}  // namespace

std::optional<LookupDefinition> lookup_definition(const ConfStanza& stanza, std::vector<std::string>& problems) {
  LookupDefinition def;
  def.name = stanza.name;
  def.origin = stanza.origin;
  const std::string* filename = stanza.get("filename");
  const std::string* external_type = stanza.get("external_type");
  const std::string* external_cmd = stanza.get("external_cmd");
  const std::string* collection = stanza.get("collection");
  if (external_type && ascii_lower(*external_type) == "kvstore") def.kind = LookupDefinition::Kind::KvStore;
  else if (external_type && ascii_lower(*external_type) == "geo") def.kind = LookupDefinition::Kind::Geo;
  else if (collection) def.kind = LookupDefinition::Kind::KvStore;
  else if (external_cmd || external_type) def.kind = LookupDefinition::Kind::External;
  else if (filename) def.kind = LookupDefinition::Kind::Csv;
  else return std::nullopt;  // a REGEX / FORMAT transform: not a lookup
  if (filename) def.filename = *filename;
  auto bad = [&](const char* key, const std::string& value) {
    problems.push_back(stanza.origin + ": [" + stanza.name + "] " + key + " = " + value + " is not understood");
  };
  if (const std::string* v = stanza.get("match_type"); v && !parse_match_types(*v, def.match_types)) bad("match_type", *v);
  if (const std::string* v = stanza.get("case_sensitive_match"); v && !parse_bool(*v, def.case_sensitive))
    bad("case_sensitive_match", *v);
  if (const std::string* v = stanza.get("max_matches")) {
    if (!parse_count(*v, def.max_matches) || def.max_matches < 1 || def.max_matches > 1000) {
      bad("max_matches", *v);
      def.max_matches = 100;
    }
  }
  if (const std::string* v = stanza.get("min_matches"); v && !parse_count(*v, def.min_matches)) bad("min_matches", *v);
  if (const std::string* v = stanza.get("default_match")) def.default_match = *v;
  return def;
}

// ------------------------------------------------------------------ matching

namespace {

// A CIDR cell: "10.0.0.0/8", or a bare address meaning that address alone.
ValueTest cidr_test(const std::string& cell) {
  ast::SearchValue sv;
  sv.text = cell.find('/') != std::string::npos ? cell : cell + (cell.find(':') != std::string::npos ? "/128" : "/32");
  return ValueTest(ast::CompareOp::Eq, sv);
}

}  // namespace

LookupMatcher::LookupMatcher(std::shared_ptr<const LookupTable> table, int column, LookupDefinition::MatchType type,
                             bool case_sensitive)
    : table_(std::move(table)), column_(column), type_(type), case_sensitive_(case_sensitive) {
  const auto& rows = table_->rows;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string& cell = rows[r][static_cast<std::size_t>(column_)];
    if (cell.empty()) continue;
    const auto row = static_cast<std::uint32_t>(r);
    switch (type_) {
      case LookupDefinition::MatchType::Exact:
        exact_[case_sensitive_ ? cell : ascii_lower(cell)].push_back(row);
        break;
      case LookupDefinition::MatchType::Wildcard: globs_.emplace_back(row, GlobPattern(cell, case_sensitive_)); break;
      case LookupDefinition::MatchType::Cidr: blocks_.emplace_back(row, cidr_test(cell)); break;
    }
  }
}

std::vector<std::uint32_t> LookupMatcher::rows_matching(std::string_view value) const {
  std::vector<std::uint32_t> out;
  switch (type_) {
    case LookupDefinition::MatchType::Exact: {
      auto it = exact_.find(case_sensitive_ ? std::string(value) : ascii_lower(value));
      if (it != exact_.end()) out = it->second;
      break;
    }
    case LookupDefinition::MatchType::Wildcard:
      for (const auto& [row, glob] : globs_)
        if (glob.matches(value)) out.push_back(row);
      break;
    case LookupDefinition::MatchType::Cidr:
      for (const auto& [row, block] : blocks_)
        if (block.test(value)) out.push_back(row);
      break;
  }
  return out;
}

}  // namespace spelunk
