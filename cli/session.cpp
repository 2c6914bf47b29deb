#include "cli/session.hpp"

#include <chrono>
#include <filesystem>

#include "cli/app_conf.hpp"
#include "cli/cli.hpp"
#include "evaluator/command.hpp"
#include "evaluator/eval.hpp"
#include "evaluator/pipeline.hpp"
#include "storage/clickhouse/http_client.hpp"
#include "storage/storage_error.hpp"

namespace spelunk::cli {

namespace fs = std::filesystem;

std::int64_t wall_clock_now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Session::Session()
    : knowledge_(std::make_shared<Knowledge>()), macros_(std::make_shared<MacroTable>()),
      now_us_(wall_clock_now_us()) {}


bool Session::load(const std::vector<std::string>& paths, std::vector<std::string>& messages,
                   IngestReport* report_out) {
  IngestReport report;
  std::shared_ptr<Store> store = ingest_paths(paths, ingest_options_, report);
  for (const auto& m : report.messages) messages.push_back(m);
  if (report.skipped) messages.push_back(std::to_string(report.skipped) + " record(s) skipped");
  if (report_out) *report_out = report;
  if (!store || report.failed() || report.files == 0) {
    messages.push_back("no readable input in the given paths" + ignored_note(report));
    return false;
  }
  store_ = std::move(store);
  return true;
}

std::vector<std::string> Session::load_props(const std::vector<std::string>& extra_props) {
  auto knowledge = std::make_shared<Knowledge>();
  auto macros = std::make_shared<MacroTable>();
  std::vector<std::string> problems = load_all_knowledge(*knowledge, *macros, extra_props, apps_, content_);
  if (custom_macros_) {
    macros = custom_macros_;
    knowledge->set_search_macros(macros);
  }
  if (!iplocation_db_.empty()) knowledge->set_iplocation_db(iplocation_db_);
  // New objects rather than edits: a search still running keeps the knowledge it started with.
  knowledge_ = std::move(knowledge);
  macros_ = std::move(macros);
  props_files_ = extra_props;
  return problems;
}

std::vector<std::string> Session::load_conf_dir(const std::string& dir) {
  if (auto problem = check_app_dir(dir)) return {*problem};
  apps_.push_back(dir);
  return load_props(props_files_);
}

std::vector<std::string> Session::load_content(const contentctl::ContentDirs& dirs) {
  content_.macro_dirs.insert(content_.macro_dirs.end(), dirs.macro_dirs.begin(), dirs.macro_dirs.end());
  content_.lookup_dirs.insert(content_.lookup_dirs.end(), dirs.lookup_dirs.begin(), dirs.lookup_dirs.end());
  return load_props(props_files_);
}

void Session::set_macros(std::shared_ptr<MacroTable> macros) {
  custom_macros_ = macros;
  macros_ = std::move(macros);
  knowledge_->set_search_macros(macros_);
}

ExecContext Session::context(const std::atomic<bool>* cancel, std::int64_t now_us) const {
  ExecContext ctx;
  ctx.knowledge = knowledge_.get();
  ctx.macros = macros_.get();
  ctx.now_us = now_us;
  ctx.tz = tz_;
  ctx.picker_earliest = earliest_;
  ctx.picker_latest = latest_;
  ctx.cancel = cancel;
  return ctx;
}

ExplainOutcome Session::explain(const std::string& query, const std::optional<std::string>& event,
                               const std::atomic<bool>* cancel) const {
  ExplainOutcome outcome;
  ParseResult parsed = parse_query(query, macros_.get());
  outcome.expanded = parsed.expanded.empty() ? query : parsed.expanded;
  if (parsed.error) {
    outcome.error = parsed.error->render(outcome.expanded);
    return outcome;
  }
  for (const auto& w : parsed.warnings) outcome.warnings.push_back(w.message);
  auto pipeline = std::make_shared<const ast::Pipeline>(std::move(*parsed.pipeline));
  outcome.pipeline = pipeline;

  ExecContext ctx = context(cancel, now_us_);
  ctx.store = store_;
  std::vector<std::string> warnings;
  ctx.warnings = &warnings;
  std::map<std::string, Result> collected;
  ctx.collected = &collected;
  auto keep_alive = knowledge_;
  try {
    outcome.explanation = explain_pipeline(*pipeline, ctx);
    if (event) {
      if (!store_) {
        outcome.error = "--event needs data (-d PATH)";
        return outcome;
      }
      auto row = find_event(*store_, *event, outcome.event_how);
      if (!row) {
        outcome.error = "no event has EventRecordID " + *event + ", and it is no row number (1.." +
                        std::to_string(store_->rows()) + ")";
        return outcome;
      }
      outcome.event = explain_event(outcome.explanation, *row, ctx);
    }
    outcome.ok = true;
  } catch (const QueryError& e) {
    outcome.error = ParseError{e.message, e.pos}.render(outcome.expanded);
  } catch (const EvalError& e) {
    outcome.error = ParseError{e.message, e.pos}.render(outcome.expanded);
  }
  if (cancel && cancel->load()) {
    outcome.ok = false;
    outcome.error = "search cancelled";
  }
  for (auto& w : warnings) outcome.warnings.push_back(std::move(w));
  return outcome;
}

SearchOutcome Session::run(const std::string& query, const std::atomic<bool>* cancel,
                           std::optional<std::int64_t> now_us) const {
  auto started = std::chrono::steady_clock::now();
  SearchOutcome outcome;
  auto finish = [&]() -> SearchOutcome {
    outcome.milliseconds =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return std::move(outcome);
  };
  ParseResult parsed = parse_query(query, macros_.get());
  const std::string& text = parsed.expanded.empty() ? query : parsed.expanded;
  if (parsed.error) {
    outcome.error = parsed.error->render(text);
    return finish();
  }
  for (const auto& w : parsed.warnings) outcome.warnings.push_back(w.message);
  if (!store_ && !remote_ && needs_events(*parsed.pipeline)) {
    outcome.error = "no events loaded: .load PATH loads some (a search starting with | makeresults or "
                    "| inputlookup needs none)";
    return finish();
  }

  ExecContext ctx = context(cancel, now_us.value_or(now_us_));
  ctx.store = remote_ ? nullptr : store_;
  ctx.remote = remote_;
  ctx.on_remote_plan = [&outcome](std::size_t pushed, std::size_t, bool exact) {  // the search's own plan comes last
    outcome.remote_pushed = pushed;
    outcome.remote_exact = exact;
  };
  std::vector<std::string> warnings;
  ctx.warnings = &warnings;
  std::map<std::string, Result> collected;
  ctx.collected = &collected;
  auto keep_alive = knowledge_;  // the knowledge outlives a `.conf` reload during this search
  try {
    for (auto& w : missing_field_warnings(*parsed.pipeline, ctx)) warnings.push_back(std::move(w));
    outcome.result = run_pipeline(*parsed.pipeline, ctx);
    outcome.ok = true;
  } catch (const QueryError& e) {
    outcome.error = ParseError{e.message, e.pos}.render(text);
  } catch (const EvalError& e) {
    outcome.error = ParseError{e.message, e.pos}.render(text);
  } catch (const clickhouse::ClickHouseError& e) {
    outcome.error = e.message;
  } catch (const StorageError& e) {  // a saved store's corrupt _raw block
    outcome.error = e.what();
  }
  outcome.cancelled = cancel && cancel->load();
  if (outcome.cancelled) {
    outcome.ok = false;
    outcome.error = "search cancelled";
  }
  for (auto& w : warnings) outcome.warnings.push_back(std::move(w));
  return finish();
}

}  // namespace spelunk::cli
