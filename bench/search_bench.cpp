// The seed's Sysmon search in-process: ingest once, then run the query repeatedly and report the
// median. Optionally exports the events as CSV for the DuckDB baseline (bench/duckdb/).
//
//   build/bench/search_bench DATA [--runs N] [--csv OUT.csv] [--query FILE.spl]
//
// Prints: events, ingest seconds, the first run (computes the calculated fields the query needs,
// once per store), the median of the following runs, and the matching rows.
#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
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
namespace fs = std::filesystem;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// RFC 4180 cell without formula defusing: the exact values, for a database to load.
std::string csv_raw(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void export_csv(const Store& store, const Knowledge& knowledge, const std::shared_ptr<const Store>& ptr,
                const std::string& path) {
  const std::vector<std::string> fields = {"sourcetype", "host", "process_name", "cmdline", "parent_process",
                                           "user", "Image", "CommandLine", "EventCode"};
  std::vector<const Column*> columns;
  for (const auto& f : fields) columns.push_back(knowledge.column(ptr, f));
  std::ofstream out(path, std::ios::binary);
  out << "_time";
  for (const auto& f : fields) out << "," << f;
  out << "\n";
  for (std::size_t row = 0; row < store.rows(); ++row) {
    out << store.times()[row];
    for (const Column* c : columns) {
      out << ",";
      if (!c) continue;
      auto codes = c->values(row);
      if (!codes.empty()) out << csv_raw(std::string(c->dict().value(codes[0])));
    }
    out << "\n";
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: search_bench DATA [--runs N] [--csv OUT.csv] [--query FILE.spl]\n";
    return 2;
  }
  std::string data = argv[1];
  int runs = 21;
  std::string csv, query_path;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--csv") csv = argv[i + 1];
    else if (a == "--query") query_path = argv[i + 1];
  }
  fs::path repo = SPELUNK_SOURCE_DIR;
  if (query_path.empty()) query_path = (repo / "queries" / "T1049-sysmon.spl").string();
  std::string query = read_text(query_path);

  Knowledge knowledge;
  for (const auto& p : cli::load_shipped_app(knowledge, nullptr)) std::cerr << p << "\n";
  ParseResult parsed = parse_query(query);
  if (parsed.error) {
    std::cerr << parsed.error->render(query) << "\n";
    return 1;
  }

  auto t0 = std::chrono::steady_clock::now();
  IngestReport report;
  std::shared_ptr<const Store> store = ingest_paths({data}, IngestOptions{}, report);
  double ingest_s = seconds_since(t0);
  if (!store || store->rows() == 0) {
    std::cerr << "search_bench: no events in " << data << "\n";
    return 2;
  }

  std::vector<double> cpu_times;
  auto run_once = [&](std::size_t& rows) {
    double cpu0 = cpu_seconds();
    ExecContext ctx;
    ctx.store = store;
    ctx.knowledge = &knowledge;
    auto t = std::chrono::steady_clock::now();
    Result r = run_pipeline(*parsed.pipeline, ctx);
    double s = seconds_since(t);
    rows = r.size();
    cpu_times.push_back(cpu_seconds() - cpu0);
    return s;
  };
  std::size_t rows = 0;
  double first = run_once(rows);
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) times.push_back(run_once(rows));
  std::sort(times.begin(), times.end());
  double median = times[times.size() / 2];
  std::vector<double> warm_cpu(cpu_times.begin() + 1, cpu_times.end());
  std::sort(warm_cpu.begin(), warm_cpu.end());

  std::printf("events            %zu\n", store->rows());
  std::printf("threads (nproc)   %u\n", std::thread::hardware_concurrency());
  std::printf("ingest            %.3f s\n", ingest_s);
  std::printf("first run         %.3f ms (computes the calculated fields once per store)\n", first * 1e3);
  std::printf("median of %d runs %.3f ms\n", runs, median * 1e3);
  std::printf("median CPU time   %.3f ms (both threads added)\n", warm_cpu[warm_cpu.size() / 2] * 1e3);
  std::printf("rows              %zu\n", rows);
  if (!csv.empty()) {
    export_csv(*store, knowledge, store, csv);
    std::printf("exported          %s\n", csv.c_str());
  }
  return 0;
}
