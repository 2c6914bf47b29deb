// Saved-store benchmark: ingest XML events, save the store, reopen it through mmap.
//
//   build/bench/gen_sysmon --events 100000 --seed 1 > /tmp/sysmon_100k.xml
//   build/bench/store_file_bench /tmp/sysmon_100k.xml [--out /tmp/x.spelunk] [--reopens 5]
//
// In one process: ingest (ingest_paths, all cores), save_store, then open_store --reopens times
// (the file is in the page cache: it was just written). Prints wall and CPU time of each step,
// the file size, the ratio reopen / ingest (the aim of issue 6: < 1 %), nproc and the load
// average (the machine may be shared: CPU time is the load-independent figure). Then the same
// search over the built store and the reopened one, to show that searching from the mapping
// costs about the same.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/timing.hpp"
#include "cli/session.hpp"
#include "storage/ingest/ingest.hpp"
#include "storage/store_file.hpp"

using namespace spelunk;
using namespace spelunk::bench;

namespace {


std::string load_average() {
  std::ifstream f("/proc/loadavg");
  double one = 0, five = 0, fifteen = 0;
  f >> one >> five >> fifteen;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f %.2f %.2f", one, five, fifteen);
  return buf;
}

void print_step(const char* name, Timing t, const Timing& ingest) {
  std::printf("%-22s wall %9.1f ms  cpu %9.1f ms   wall %6.3f %%  cpu %6.3f %% of ingest\n", name,
              t.wall * 1e3, t.cpu * 1e3, 100 * t.wall / ingest.wall, 100 * t.cpu / ingest.cpu);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> inputs;
  std::string out = (std::filesystem::temp_directory_path() / "store_file_bench.spelunk").string();
  std::string query = "EventCode=3 | stats count by host | sort - count | head 5";
  int reopens = 5;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--out" && i + 1 < argc) out = argv[++i];
    else if (a == "--reopens" && i + 1 < argc) reopens = std::max(1, std::atoi(argv[++i]));
    else if (a == "--query" && i + 1 < argc) query = argv[++i];
    else inputs.push_back(a);
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: store_file_bench FILE.xml... [--out PATH] [--reopens N] [--query SPL]\n");
    return 2;
  }
  std::printf("nproc %u, load average %s (before)\n", std::thread::hardware_concurrency(), load_average().c_str());

  std::shared_ptr<Store> built;
  IngestReport report;
  Timing ingest = timed([&] { built = ingest_paths(inputs, IngestOptions{}, report); });
  std::printf("ingest                 wall %9.1f ms  cpu %9.1f ms   %zu events, %.1f MB input\n",
              ingest.wall * 1e3, ingest.cpu * 1e3, built->rows(), static_cast<double>(report.bytes) / 1e6);

  Timing save = timed([&] {
    if (auto e = save_store(*built, out)) {
      std::fprintf(stderr, "%s\n", e->c_str());
      std::exit(1);
    }
  });
  const double file_mb = static_cast<double>(std::filesystem::file_size(out)) / 1e6;
  print_step("save", save, ingest);
  std::printf("%-22s %.1f MB (store in memory: %.1f MB)\n", "file", file_mb,
              static_cast<double>(built->memory_bytes()) / 1e6);

  std::vector<Timing> opens;
  std::shared_ptr<Store> opened;
  for (int i = 0; i < reopens; ++i) {
    opened.reset();
    opens.push_back(timed([&] {
      OpenedStore o = open_store(out);
      if (!o.store) {
        std::fprintf(stderr, "%s\n", o.error.c_str());
        std::exit(1);
      }
      opened = std::move(o.store);
    }));
  }
  std::sort(opens.begin(), opens.end(), [](const Timing& a, const Timing& b) { return a.wall < b.wall; });
  print_step("reopen (best)", opens.front(), ingest);
  print_step("reopen (median)", opens[opens.size() / 2], ingest);
  if (opened->rows() != built->rows()) {
    std::fprintf(stderr, "reopened store has %zu rows, built %zu\n", opened->rows(), built->rows());
    return 1;
  }

  // The same search over both stores (each run twice: the first builds per-store caches).
  auto search = [&](const std::shared_ptr<Store>& store, std::size_t& rows) {
    cli::Session session;
    session.load_props({});
    session.set_store(store);
    session.run(query);
    Timing t = timed([&] { rows = session.run(query).result.size(); });
    return t;
  };
  std::size_t rows_built = 0, rows_opened = 0;
  Timing sb = search(built, rows_built);
  Timing so = search(opened, rows_opened);
  std::printf("search (built store)   wall %9.1f ms  cpu %9.1f ms   %zu rows: %s\n", sb.wall * 1e3, sb.cpu * 1e3,
              rows_built, query.c_str());
  std::printf("search (reopened)      wall %9.1f ms  cpu %9.1f ms   %zu rows\n", so.wall * 1e3, so.cpu * 1e3,
              rows_opened);
  std::printf("load average %s (after)\n", load_average().c_str());
  std::filesystem::remove(out);
  return rows_built == rows_opened ? 0 : 1;
}
