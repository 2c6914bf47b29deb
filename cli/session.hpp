// An engine session: the loaded events, the search-time knowledge (props.conf), the macros, and
// a way to run one search over them. The REPL keeps one open; the test runner shares one per
// data set between its threads (run() is const and safe to call concurrently).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/contentctl/repository.hpp"
#include "evaluator/explain.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/result.hpp"
#include "parser/parser.hpp"
#include "storage/clickhouse/clickhouse_table.hpp"
#include "storage/ingest/ingest.hpp"

namespace spelunk::cli {

// What one search gave: rows, or an error already rendered with its position.
struct SearchOutcome {
  bool ok = false;
  Result result;
  std::vector<std::string> warnings;  // parse warnings and evaluator warnings
  std::string error;                  // "line 1, column 5: ...\n  <query>\n  ^" when !ok
  bool cancelled = false;             // stopped by the cancel flag
  double milliseconds = 0;
  // With a remote table: how many commands of the search ClickHouse ran (0: none), and whether
  // its filter was exact (false: spelunk re-applied the leading search to a superset).
  std::size_t remote_pushed = 0;
  bool remote_exact = false;
};

// What `spelunk explain` (and the REPL's .explain) gave: the explanation, or an error.
struct ExplainOutcome {
  bool ok = false;
  std::string expanded;                   // the search after macros
  std::shared_ptr<const ast::Pipeline> pipeline;  // kept alive: the explanation points into it
  Explanation explanation;
  std::optional<EventExplanation> event;  // --event ID
  std::string event_how;                  // "EventRecordID 4321", "event #12 in the order read"
  std::vector<std::string> warnings;
  std::string error;                      // rendered with its position when !ok
};

class Session {
 public:
  Session();

  // Reads files and folders into a new store (replacing the current one). Problems go into
  // `messages`; false when nothing could be read.
  bool load(const std::vector<std::string>& paths, std::vector<std::string>& messages,
            IngestReport* report = nullptr);
  // Ingest options for load() (memory bounds: --max-gunzip, --max-event).
  void set_ingest_options(IngestOptions options) { ingest_options_ = std::move(options); }
  // Uses an already loaded store.
  void set_store(std::shared_ptr<const Store> store) { store_ = std::move(store); }
  // Searches a ClickHouse table instead of the store (null: back to the store).
  void set_remote(std::shared_ptr<const clickhouse::ClickHouseTable> table) { remote_ = std::move(table); }
  const std::shared_ptr<const clickhouse::ClickHouseTable>& remote() const { return remote_; }

  // Rebuilds the knowledge (and macros) from the shipped app, the props.conf files given, then
  // the app folders loaded with load_conf_dir (in that order).
  // Returns the problems met (files not found, lines not understood).
  std::vector<std::string> load_props(const std::vector<std::string>& extra_props);
  // Loads a Splunk app folder (cli/app_conf.hpp): props.conf, transforms.conf and macros.conf
  // from DIR, DIR/default and DIR/local, and the lookups in DIR/lookups. Apps loaded later win.
  std::vector<std::string> load_conf_dir(const std::string& dir);
  // Adds a detection repository's YAML macros and lookups (cli/contentctl/repository.hpp),
  // loaded after the props.conf files and before the app folders.
  std::vector<std::string> load_content(const contentctl::ContentDirs& dirs);
  // Uses the knowledge and macros `other` built (no reload): sessions over different data share
  // one repository's knowledge, whose caches are per store.
  void share_knowledge(const Session& other) {
    knowledge_ = other.knowledge_;
    macros_ = other.macros_;
  }

  // Replaces the macro definitions (e.g. loaded from a corpus rather than a macros.conf); they
  // stay in force when the knowledge is reloaded.
  void set_macros(std::shared_ptr<MacroTable> macros);
  void set_now(std::int64_t now_us) { now_us_ = now_us; }
  // The MaxMind database iplocation reads (--iplocation-db); it wins over limits.conf's db_path.
  void set_iplocation_db(std::string path) {
    iplocation_db_ = std::move(path);
    if (!iplocation_db_.empty()) knowledge_->set_iplocation_db(iplocation_db_);
  }
  void set_tz(std::string tz) { tz_ = std::move(tz); }
  // The time range picker (--earliest / --latest); empty strings leave a bound unset.
  void set_time_range(std::string earliest, std::string latest) {
    earliest_ = std::move(earliest);
    latest_ = std::move(latest);
  }
  std::int64_t now_us() const { return now_us_; }

  // Parses (with the session's macros) and runs one search. Never throws for a query problem.
  // `now_us` overrides the session's pinned now for this search (tests pin their own).
  SearchOutcome run(const std::string& query, const std::atomic<bool>* cancel = nullptr,
                    std::optional<std::int64_t> now_us = std::nullopt) const;

  // Explains a search over the loaded events (evaluator/explain.hpp); `event` names one event
  // (EventRecordID or row number) whose clause verdicts are wanted.
  ExplainOutcome explain(const std::string& query, const std::optional<std::string>& event = std::nullopt,
                         const std::atomic<bool>* cancel = nullptr) const;

  const std::shared_ptr<const Store>& store() const { return store_; }
  const Knowledge& knowledge() const { return *knowledge_; }
  const MacroTable& macros() const { return *macros_; }

 private:
  // The context every search and explanation of this session runs in: knowledge, macros, time
  // zone, the time range picker, "now" and the cancel flag (the caller adds store, warnings, ...).
  ExecContext context(const std::atomic<bool>* cancel, std::int64_t now_us) const;

  std::shared_ptr<const Store> store_;
  std::shared_ptr<const clickhouse::ClickHouseTable> remote_;
  std::shared_ptr<Knowledge> knowledge_;
  std::shared_ptr<MacroTable> macros_;
  std::shared_ptr<MacroTable> custom_macros_;  // set_macros: replaces the apps' macros
  std::vector<std::string> props_files_;
  std::vector<std::string> apps_;  // --conf folders, re-applied when the props are reloaded
  contentctl::ContentDirs content_;  // likewise the YAML macros and lookups
  std::int64_t now_us_ = 0;
  std::string tz_ = "UTC";
  std::string earliest_, latest_;
  std::string iplocation_db_;
  IngestOptions ingest_options_;
};

// Wall-clock now in microseconds (the default "now" of a search).
std::int64_t wall_clock_now_us();

}  // namespace spelunk::cli
