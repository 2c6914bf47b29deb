// CSV lookup tables and their transforms.conf declarations (Splunk's semantics).
//
//   [my_lookup]
//   filename = my_lookup.csv          resolved in the app's lookups/ folder
//   match_type = WILDCARD(process), CIDR(ip)      default EXACT
//   case_sensitive_match = false      default true (transforms.conf.spec)
//   max_matches = 5                   default 100 for non-time lookups (1..1000)
//   min_matches = 1                   default 0
//   default_match = unknown           given (min_matches - matched) times when too few matched
//
// A LookupMatcher decides the rows matching one input value once (exact values through a hash
// index, WILDCARD / CIDR columns by testing each table row in file order); callers cache its
// answers per distinct input value.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "evaluator/knowledge/conf_file.hpp"
#include "evaluator/glob.hpp"
#include "evaluator/search_filter.hpp"

namespace spelunk {

// A CSV file read whole: the header row and the data rows (every row as wide as the header).
struct LookupTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  // "path:line: ..." for each row not as wide as the header (padded or cut to fit) and for an
  // unterminated quote. The rows are still kept.
  std::vector<std::string> problems;

  int column(std::string_view name) const;  // index in header, or -1
};

// RFC 4180 CSV: fields separated by commas, records by CRLF or LF, double quotes around a field
// allow commas, line breaks and "" (a quote). A UTF-8 byte-order mark is skipped.
LookupTable parse_csv_table(std::string_view text, const std::string& path);
// Reads a file (gzip'd or not); nullopt, with the reason in `error`, when it cannot be read.
std::optional<LookupTable> read_csv_table(const std::string& path, std::string* error = nullptr);

// One lookup declared in transforms.conf (or implied by a .csv file name).
struct LookupDefinition {
  enum class Kind { Csv, KvStore, External, Geo, NotALookup };
  enum class MatchType { Exact, Wildcard, Cidr };
  std::string name;
  Kind kind = Kind::Csv;
  std::string filename;
  std::string origin;  // where it was declared ("file:line"), empty when implied
  std::map<std::string, MatchType> match_types;  // lookup field -> non-exact match type
  bool case_sensitive = true;
  std::size_t max_matches = 100;
  std::size_t min_matches = 0;
  std::string default_match;

  MatchType match_type(const std::string& field) const;
};

// The lookup a transforms.conf stanza declares. Returns nullopt for stanzas that are not lookups
// at all (REGEX field extractions); bad values go into `problems`.
std::optional<LookupDefinition> lookup_definition(const ConfStanza& stanza, std::vector<std::string>& problems);

// Rows of a table matching values of one lookup field.
class LookupMatcher {
 public:
  LookupMatcher(std::shared_ptr<const LookupTable> table, int column, LookupDefinition::MatchType type,
                bool case_sensitive);
  // Table rows (ascending) whose cell in the column matches `value`. Empty cells never match.
  std::vector<std::uint32_t> rows_matching(std::string_view value) const;

 private:
  std::shared_ptr<const LookupTable> table_;
  int column_;
  LookupDefinition::MatchType type_;
  bool case_sensitive_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> exact_;  // Exact: value -> rows
  std::vector<std::pair<std::uint32_t, GlobPattern>> globs_;           // Wildcard: row, pattern
  std::vector<std::pair<std::uint32_t, ValueTest>> blocks_;            // Cidr: row, CIDR block
};

}  // namespace spelunk
