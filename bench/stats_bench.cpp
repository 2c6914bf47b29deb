// stats over an event view, in-process: ingest once, then run each query repeatedly and report
// the median, for the stats command alone (over the ready event view of every event) and for the
// whole pipeline (search `*`, view newest first, stats). DuckDB's GROUP BY over the same events
// is the baseline (bench/duckdb/stats_group_by.mjs over search_bench's CSV export).
//
//   build/bench/stats_bench DATA [--runs N]
//
// Queries: `stats count by host` and `stats dc(process_name) values(cmdline) by host`
// (process_name and cmdline are calculated fields of conf/default/props.conf, computed once per store
// before timing, as a search would have them cached).
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bench/timing.hpp"
#include "cli/app_conf.hpp"
#include "cli/cli.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/pipeline.hpp"
#include "parser/parser.hpp"
#include "storage/ingest/ingest.hpp"

using namespace spelunk;
using namespace spelunk::bench;

namespace {

struct Median {
  double wall = 0;
  double cpu = 0;  // process CPU time, both threads added: the figure that load does not inflate
};

template <class Fn>
Median median_seconds(int runs, Fn&& fn) {
  fn();  // warm-up (and calculated fields on first use)
  std::vector<double> walls, cpus;
  for (int i = 0; i < runs; ++i) {
    const Timing t = timed(fn);
    walls.push_back(t.wall);
    cpus.push_back(t.cpu);
  }
  std::sort(walls.begin(), walls.end());
  std::sort(cpus.begin(), cpus.end());
  return {walls[walls.size() / 2], cpus[cpus.size() / 2]};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: stats_bench DATA [--runs N]\n";
    return 2;
  }
  int runs = 11;
  for (int i = 2; i + 1 < argc; i += 2)
    if (std::string(argv[i]) == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));

  Knowledge knowledge;
  for (const auto& p : cli::load_shipped_app(knowledge, nullptr)) std::cerr << p << "\n";

  auto t0 = std::chrono::steady_clock::now();
  IngestReport report;
  std::shared_ptr<const Store> store = ingest_paths({argv[1]}, IngestOptions{}, report);
  double ingest_s = seconds_since(t0);
  if (!store || store->rows() == 0) {
    std::cerr << "stats_bench: no events in " << argv[1] << "\n";
    return 2;
  }
  std::printf("events            %zu\n", store->rows());
  std::printf("threads (nproc)   %u\n", std::thread::hardware_concurrency());
  std::printf("ingest            %.3f s\n", ingest_s);

  const char* queries[] = {"* | stats count by host", "* | stats dc(process_name) values(cmdline) by host"};
  for (const char* query : queries) {
    ParseResult parsed = parse_query(query);
    if (!parsed.pipeline) {
      std::cerr << parsed.error->render(query) << "\n";
      return 1;
    }
    ExecContext ctx;
    ctx.store = store;
    ctx.knowledge = &knowledge;
    std::vector<std::string> calculated = needed_calculated_fields(*parsed.pipeline, &knowledge);
    Result view = search_events(nullptr, ctx, calculated);
    const ast::Command& stats = parsed.pipeline->commands.back();
    const CommandFn& run_stats = command_registry().at("stats");
    std::size_t rows = 0;
    Median command = median_seconds(runs, [&] { rows = run_stats(stats, view, ctx).size(); });
    Median pipeline = median_seconds(runs, [&] { run_pipeline(*parsed.pipeline, ctx); });
    std::printf("\n%s\n", query);
    std::printf("  stats command over the event view: median of %d runs %.3f ms, CPU %.3f ms (%zu rows)\n",
                runs, command.wall * 1e3, command.cpu * 1e3, rows);
    std::printf("  whole pipeline (search *, view, stats): median %.3f ms, CPU %.3f ms\n", pipeline.wall * 1e3,
                pipeline.cpu * 1e3);
  }
  return 0;
}
