// `spelunk test PATH...`: runs detection tests (cli/test_file.hpp), markdown detection documents
// and .spl files, in parallel, each data set ingested once and shared between the tests using it.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "cli/test_file.hpp"
#include "evaluator/result.hpp"

namespace spelunk::cli {

struct TestRunOptions {
  std::vector<std::string> data;    // -d: data for .md/.spl files (and tests without data:)
  std::vector<std::string> props;   // --props
  std::vector<std::string> conf_dirs;  // --conf DIR (Splunk app folders) for every test
  std::optional<std::string> now;   // --now for .md/.spl files
  std::optional<std::size_t> rows, min_rows, max_rows;  // --expect-rows/--min-rows/--max-rows
  std::optional<std::string> junit; // --junit FILE
  std::optional<std::string> html;  // --html FILE
  // -j N; by default every core (at least 1): tests are independent, data sets are shared.
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  bool update = false;              // --update: write actual rows into result: files
  // Detections in Splunk's YAML format (cli/contentctl/detection_runner.hpp):
  std::optional<std::string> attack_data;     // --attack-data DIR (a splunk/attack_data checkout)
  std::vector<std::string> macro_dirs;        // --macros DIR (macros/*.yml)
  std::vector<std::string> lookup_dirs;       // --lookups DIR (lookups/*.yml and their CSVs)
  bool searches_only = false;                 // --searches-only
  bool strict_risk_objects = false;           // --strict-risk-objects
};

enum class TestStatus { Pass, Fail, Error, Skip };

struct TestOutcome {
  TestStatus status = TestStatus::Error;
  std::size_t rows = 0;
  double milliseconds = 0;
  std::string message;   // one line: why it failed / errored
  std::string details;   // the diff of expected and actual rows, the full error text
  // The rows the search returned (when it ran): a copy of the first 5,000 that owns its values.
  std::shared_ptr<const Result> result;
};

// Finds the tests in files and folders (folders: every *.test below, sorted). Detection YAML
// files (given, or found in folders: contentctl::find_detection_files) go into `detection_files`
// when it is given, and are refused otherwise.
std::vector<TestCase> collect_tests(const std::vector<std::string>& paths, const TestRunOptions& options,
                                    std::vector<std::string>& problems,
                                    std::vector<std::string>* detection_files = nullptr);

// Runs every test (outcomes in the same order as tests).
std::vector<TestOutcome> run_tests(const std::vector<TestCase>& tests, const TestRunOptions& options);

// Checks a result against a test's expectations (no result file I/O when `expected_csv` given).
TestOutcome check_expectations(const TestCase& test, const Result& result,
                               const std::optional<std::string>& expected_csv);

// Rows kept for the HTML report (it shows fewer; a time chart uses them all).
inline constexpr std::size_t kRowsKeptForReport = 5000;
// A copy of the first `max_rows` rows that owns its values: an event view reads calculated
// fields from columns the session's knowledge owns, and the sessions go when the run ends.
Result detached(const Result& r, std::size_t max_rows);

// The first `limit` rows of a result as CSV lines (header first), for failure messages.
std::string sample_rows(const Result& result, std::size_t limit);

// A line diff ("- expected", "+ actual", "  same"), at most `max_lines` lines.
std::string line_diff(const std::vector<std::string>& expected, const std::vector<std::string>& actual,
                      std::size_t max_lines = 40);

// One self-contained HTML page (cli/test_report_html.cpp): a summary, then each detection with
// its verdict, search, rows and, on failure, the message and the diff.
void write_html_report(const std::vector<TestCase>& tests, const std::vector<TestOutcome>& outcomes, std::ostream& out);

void write_junit(const std::vector<TestCase>& tests, const std::vector<TestOutcome>& outcomes,
                 std::ostream& out);

// The subcommand: argv[0] is "test". Exit status 0 all passed, 1 some failed or errored,
// 2 bad arguments or no test found.
int run_test_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace spelunk::cli
