// Detection tests: the `.test` file format (docs/test-format.md) and the tests it describes.
//
//   # comment
//   name: T1049 net use fires
//   search: ../queries/T1049-sysmon.spl        (a .spl file, or doc.md#label / doc.md#2)
//   data: ../samples/sysmon_sample.xml          (repeatable; relative to this file)
//   now: 2024-03-05T00:00:00
//   rows: 7            min_rows: 1            max_rows: 10
//   match: process_name=net.exe cmdline="*use*"  (repeatable; every pair must hold in one row)
//   no_match: user="NT AUTHORITY\\SYSTEM"       (repeatable; no row may hold every pair)
//   result: expected/T1049.csv                  (exact CSV, as `-o csv` prints it)
//   ---                                          (next test of the same file; it reuses the
//                                                 previous search and data unless it sets its own)
// Inline searches: `query: <one line>` or `query: |` followed by indented lines.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spelunk::cli {

// `field=value field2="quoted value"`: every pair must match one row (wildcards `*`,
// case-insensitive, any value of a multi-value field).
struct RowPattern {
  std::vector<std::pair<std::string, std::string>> fields;
  std::string text;  // as written, for messages
};

struct TestCase {
  std::string file;              // the test file (or the .md/.spl run directly)
  std::size_t line = 1;          // where this test starts in `file`
  std::string name;
  std::string query;
  std::string query_origin;      // file the search text comes from (for lint positions)
  std::size_t query_line = 1;    // line of the search's first character in query_origin
  std::vector<std::string> data; // resolved paths
  std::vector<std::string> props;
  std::optional<std::string> now;
  std::optional<std::size_t> rows, min_rows, max_rows;
  std::vector<RowPattern> match, no_match;
  std::optional<std::string> result_file;  // resolved path
  bool unordered = false;                  // compare the result file ignoring row order
  std::string problem;                     // set when the test itself is malformed (an error)
};

std::optional<RowPattern> parse_row_pattern(std::string_view text, std::string& problem);

// Reads the tests of one `.test` file (path resolution relative to the file). A malformed test
// comes back with `problem` set, so the runner can report it as an error.
std::vector<TestCase> read_test_file(const std::string& path);
std::vector<TestCase> parse_test_text(std::string_view text, const std::string& path);

// The searches of a markdown document or a `.spl` file, one test each, with no expectation but
// "runs without error" (the caller adds data and row-count expectations).
std::vector<TestCase> tests_from_search_file(const std::string& path);

bool read_whole_file(const std::string& path, std::string& out);

}  // namespace spelunk::cli
