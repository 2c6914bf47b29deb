// Command-line arguments of `spelunk`.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace spelunk::cli {

struct Args {
  std::vector<std::string> data_paths;   // -d PATH (files or folders), repeatable
  std::string output = "table";          // -o table|csv|json|chart|html
  std::string output_file;               // -o html FILE: where the page goes
  std::string tz = "UTC";                // --tz ZONE (IANA name)
  std::optional<std::string> now;        // --now TIME (epoch seconds or YYYY-MM-DD[THH:MM:SS])
  std::string earliest;                  // --earliest SPEC: the time range picker (empty: unset)
  std::string latest;                    // --latest SPEC
  std::vector<std::string> props_files;  // --props FILE, repeatable
  std::vector<std::string> conf_dirs;    // --conf DIR (a Splunk app folder), repeatable
  std::string iplocation_db;             // --iplocation-db FILE (a MaxMind .mmdb) for iplocation
  std::vector<std::string> macro_dirs;   // --macros DIR: macros/*.yml of a detection repository
  std::vector<std::string> lookup_dirs;  // --lookups DIR: lookups/*.yml and their CSV files
  std::optional<std::string> query_file; // -f FILE.spl
  std::optional<std::string> query;      // the query text as one argument
  std::optional<std::string> engine;     // --engine clickhouse://...: search a ClickHouse table instead of -d
  double timeout_s = 300;                // --timeout SECONDS: the longest a ClickHouse query may take
  std::optional<std::string> event;      // explain --event ID
  bool help = false;
  bool version = false;
  // Memory bounds against hostile inputs (IngestOptions): --max-gunzip SIZE, --max-event SIZE.
  std::uint64_t max_gunzip_bytes = 1ull << 30;
  std::uint64_t max_event_bytes = 256ull << 20;
};

// "512M", "4G", "100K" or a byte count -> bytes; nothing when it cannot be read.
std::optional<std::uint64_t> parse_size(const std::string& text);

// What the arguments are for: a search (data required), or `spelunk explain` (data optional,
// --event allowed).
enum class ArgsFor { Search, Explain };

// Parses argv; returns an error message (for stderr, exit status 2) or nothing.
std::optional<std::string> parse_args(int argc, const char* const* argv, Args& out, ArgsFor mode = ArgsFor::Search);
std::string usage();

// The search text: -f FILE's content, or the query argument. Nothing (and a message on `err`)
// when the file cannot be read.
std::optional<std::string> read_query(const Args& args, std::ostream& err);

// "spelunk 0.1.0 (git abc1234)": the version line of --version.
std::string version_line();

// Checks --earliest / --latest against the search's time modifier syntax (relative time with
// snapping, epoch seconds, %m/%d/%Y:%H:%M:%S); an error message for stderr, or nothing.
std::optional<std::string> check_time_range(const Args& args, std::int64_t now_us);

// "--now" text -> microseconds since the epoch (UTC), or nothing when it cannot be read.
std::optional<long long> parse_now(const std::string& text);

}  // namespace spelunk::cli
