// tstats against the equivalent raw search, in-process: ingest once, load spelunk's shipped app
// (eventtypes, tags, data models), then run each query repeatedly and report the median of the
// runs after a warm-up (the warm-up computes the eventtype/tag columns, the dataset's rows and its
// calculated columns once per store, as a session keeps them).
//
//   build/bench/tstats_bench DATA [--runs N] [--csv FILE]
//
// Queries (issue 11's speed aim):
//   | tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name
//   tag=process tag=report | stats count by dest process_name
// --csv writes the Processes dataset's (dest, process_name) rows for DuckDB's GROUP BY
// (bench/duckdb/tstats_group_by.mjs), the baseline of bench/vs_duckdb.sh.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bench/timing.hpp"
#include "cli/app_conf.hpp"
#include "cli/output.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/pipeline.hpp"
#include "parser/parser.hpp"
#include "storage/ingest/ingest.hpp"

using namespace spelunk;
using namespace spelunk::bench;

namespace {

struct Median {
  double wall = 0, cpu = 0;
};

template <class Fn>
Median median_seconds(int runs, Fn&& fn) {
  fn();  // warm-up: knowledge columns computed once per store
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
    std::cerr << "usage: tstats_bench DATA [--runs N] [--csv FILE]\n";
    return 2;
  }
  int runs = 11;
  std::string csv;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--csv") csv = argv[i + 1];
  }
  Knowledge knowledge;
  MacroTable macros;
  for (const auto& p : cli::load_all_knowledge(knowledge, macros, {}, {})) std::cerr << p << "\n";
  IngestReport report;
  std::shared_ptr<const Store> store = ingest_paths({argv[1]}, IngestOptions{}, report);
  if (!store) {
    std::cerr << "tstats_bench: cannot read " << argv[1] << "\n";
    return 2;
  }
  std::printf("events %zu, nproc %u\n", store->rows(), std::thread::hardware_concurrency());

  auto run = [&](const std::string& query) {
    ParseResult parsed = parse_query(query, &macros);
    if (parsed.error) {
      std::cerr << parsed.error->render(query) << "\n";
      std::exit(2);
    }
    ExecContext ctx;
    ctx.store = store;
    ctx.knowledge = &knowledge;
    return run_pipeline(*parsed.pipeline, ctx);
  };
  const std::string tstats = "| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.process_name";
  const std::string raw = "tag=process tag=report | stats count by dest process_name";

  const auto first_start = std::chrono::steady_clock::now();
  std::size_t tstats_rows = run(tstats).size();
  const double first = std::chrono::duration<double>(std::chrono::steady_clock::now() - first_start).count();
  std::size_t raw_rows = run(raw).size();
  std::printf("first tstats over the store (eventtypes, tags, dataset rows and columns computed): %.1f ms\n", first * 1e3);

  Median t = median_seconds(runs, [&] { run(tstats); });
  Median r = median_seconds(runs, [&] { run(raw); });
  std::printf("%s\n  median of %d runs %.3f ms (CPU %.3f ms), %zu rows\n", tstats.c_str(), runs, t.wall * 1e3, t.cpu * 1e3,
              tstats_rows);
  std::printf("%s\n  median of %d runs %.3f ms (CPU %.3f ms), %zu rows\n", raw.c_str(), runs, r.wall * 1e3, r.cpu * 1e3,
              raw_rows);
  std::printf("tstats / raw search + stats: %.3f\n", t.wall / r.wall);

  if (!csv.empty()) {
    // The dataset's rows as DuckDB's table: the same (dest, process_name) values tstats groups.
    Result rows = run("| datamodel Endpoint Processes search | table Processes.dest Processes.process_name");
    std::ofstream out(csv);
    out << "dest,process_name\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto quote = [](std::string s) {
        std::string q = "\"";
        for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
        return q + "\"";
      };
      out << quote(rows.get(0, i).to_string()) << "," << quote(rows.get(1, i).to_string()) << "\n";
    }
    std::printf("wrote %zu rows to %s\n", rows.size(), csv.c_str());
  }
  return 0;
}
