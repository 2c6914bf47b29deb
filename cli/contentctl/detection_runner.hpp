// `spelunk test` over detections in Splunk's own YAML format: what contentctl does with a Splunk
// server, offline (docs/contentctl.md).
//
// For each detection: its repository's macros and lookups (repository.hpp) plus spelunk's CIM
// knowledge; for each `tests:` entry, its `attack_data:` files read with the entry's source and
// sourcetype forced on every event (as contentctl's HEC replay sets them), then `search:` over
// them. Pass and fail are contentctl's: at least one row, and the detection's risk-object fields
// present in the rows it checks (contentctl_verdict below). Each distinct data file (with its
// metadata) is read once per run and shared by the tests naming it; tests run on a thread pool.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/contentctl/detection_yaml.hpp"
#include "cli/contentctl/repository.hpp"
#include "cli/test_runner.hpp"

namespace spelunk::cli::contentctl {

// The URL prefix contentctl's own attack data cache maps to a splunk/attack_data checkout.
inline constexpr std::string_view kAttackDataUrl = "https://media.githubusercontent.com/media/splunk/attack_data/master/";

struct DetectionRunOptions {
  std::optional<std::string> attack_data_dir;  // --attack-data DIR: a checkout of splunk/attack_data
  ContentDirs extra;                           // --macros DIR, --lookups DIR (after the repository's)
  std::vector<std::string> props, conf_dirs;   // --props, --conf
  // --searches-only: run each detection's search once over `data` (-d; none: over no events)
  // instead of its tests, to check that every search runs.
  bool searches_only = false;
  std::vector<std::string> data;
  // --strict-risk-objects: every row must carry the risk objects (contentctl stops checking at the
  // first row that carries every risk and threat object).
  bool every_row = false;
  unsigned threads = 2;
  bool keep_rows = false;  // TestOutcome::result for the --html report
};

// Detection YAML files under `path` (a file is taken as it is). In a folder, when some folder
// below it is named `detections`, only the files under such folders (a repository checkout: its
// macros/, lookups/, stories/ are not detections); else every *.yml / *.yaml. Sorted.
std::vector<std::string> find_detection_files(const std::string& path);
bool is_detection_file_name(const std::string& path);

// Where an `attack_data: data:` value is read from: a URL under kAttackDataUrl in the
// --attack-data folder; a path as written, else relative to the repository root, else to the
// detection's folder. `problem` says what was looked for and how to get it when nothing is found.
struct DataLocation {
  std::string path;
  std::string problem;
};
DataLocation locate_attack_data(const std::string& data, const std::string& detection_file,
                                const std::optional<std::string>& repository_root,
                                const std::optional<std::string>& attack_data_dir);

// contentctl's verdict on a search's rows (DetectionTestingInfrastructure.retry_search_until_timeout):
// no row fails; rows are read in order, a row lacking a risk-object field (null, or the text
// "null") fails, and the first row that has every threat-object field passes; when no row has all
// threat objects, a threat object null in every row fails. `every_row` checks the risk objects of
// all rows before passing.
struct Verdict {
  TestStatus status = TestStatus::Pass;
  std::string message;
  std::size_t row = 0;  // the row (0-based) the message is about
};
Verdict contentctl_verdict(const Result& result, const std::vector<std::string>& risk_fields,
                           const std::vector<std::string>& threat_fields, bool every_row);

struct DetectionRun {
  std::vector<TestCase> tests;       // one per test (or per detection with --searches-only, or
  std::vector<TestOutcome> outcomes; // per unreadable file), in file order
  std::vector<std::string> warnings; // problems of the repositories' macro and lookup files
};

DetectionRun run_detections(const std::vector<std::string>& files, const DetectionRunOptions& options);

}  // namespace spelunk::cli::contentctl
