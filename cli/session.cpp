#include "cli/session.hpp"

#include <chrono>
#include <filesystem>

#include "cli/app_conf.hpp"
#include "cli/cli.hpp"
#include "evaluator/command.hpp"
#include "evaluator/eval.hpp"
#include "evaluator/pipeline.hpp"
#include "storage/clickhouse/http_client.hpp"

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
  IngestOptions options;
  IngestReport report;
  std::shared_ptr<Store> store = ingest_paths(paths, options, report);
  for (const auto& m : report.messages) messages.push_back(m);
  if (report.skipped) messages.push_back(std::to_string(report.skipped) + " record(s) skipped");
  if (report_out) *report_out = report;
  if (!store || report.failed() || report.files == 0) {
    messages.push_back("no readable input in the given paths");
    return false;
  }
  store_ = std::move(store);
  return true;
}

std::vector<std::string> Session::load_props(const std::vector<std::string>& extra_props) {
  std::vector<std::string> problems;
  auto knowledge = std::make_shared<Knowledge>();
  std::vector<std::string> files = extra_props;
  if (std::string shipped = shipped_props_path(); !shipped.empty()) files.insert(files.begin(), shipped);
  for (const auto& p : files) {
    if (!fs::exists(p)) {
      problems.push_back("props file not found: " + p);
      continue;
    }
    for (auto& problem : knowledge->load_props_file(p)) problems.push_back(std::move(problem));
  }
  for (const auto& app : apps_)
    for (auto& problem : load_app_knowledge(app, *knowledge)) problems.push_back(std::move(problem));
  // A new object rather than an edit: a search still running keeps the knowledge it started with.
  knowledge_ = std::move(knowledge);
  props_files_ = extra_props;
  return problems;
}

std::vector<std::string> Session::load_conf_dir(const std::string& dir) {
  if (auto problem = check_app_dir(dir)) return {*problem};
  apps_.push_back(dir);
  std::vector<std::string> problems = load_props(props_files_);
  auto table = std::make_shared<MacroTable>(*macros_);
  for (auto& p : load_app_macros(dir, *table)) problems.push_back(std::move(p));
  macros_ = std::move(table);
  return problems;
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

  ExecContext ctx;
  ctx.store = remote_ ? nullptr : store_;
  ctx.remote = remote_;
  ctx.on_remote_plan = [&outcome](std::size_t pushed, std::size_t, bool exact) {  // the search's own plan comes last
    outcome.remote_pushed = pushed;
    outcome.remote_exact = exact;
  };
  ctx.knowledge = knowledge_.get();
  ctx.macros = macros_.get();
  ctx.now_us = now_us.value_or(now_us_);
  ctx.tz = tz_;
  ctx.picker_earliest = earliest_;
  ctx.picker_latest = latest_;
  ctx.cancel = cancel;
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
