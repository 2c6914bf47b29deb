// EVTX ingest throughput: spelunk's reader (records straight into a Store, `_raw` included) on one
// and two threads, against Debian's `evtxexport -f xml` (libevtx-utils) over the same files in
// the same run (one process per file, output to /dev/null; one at a time, then two at a time).
//
//   build/bench/evtx_bench [DIR] [--repeat N]
// DIR defaults to $SPELUNK_SHARED/data/evtx-attack-samples, else ../shared/data/... from
// the current directory (run it from the repository root). Prints records/s and MB/s for each; the best of N repeats (default 5).
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "storage/ingest/evtx/evtx_reader.hpp"

extern char** environ;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace spelunk;

namespace {

struct Input {
  std::vector<std::string> files;
  std::size_t bytes = 0;
};

Input list_files(const fs::path& dir) {
  Input in;
  for (auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".evtx") {
      in.files.push_back(e.path().string());
      in.bytes += e.file_size();
    }
  std::sort(in.files.begin(), in.files.end());
  return in;
}

// Reads `files` on `threads` threads (files dealt round-robin), one StoreBuilder per thread,
// then merges the stores. Returns the number of events.
std::size_t ingest(const std::vector<std::string>& files, unsigned threads) {
  std::vector<Store> stores(threads);
  std::vector<std::size_t> events(threads, 0);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      StoreBuilder builder;
      IngestReport report;
      IngestOptions options;
      for (std::size_t i = t; i < files.size(); i += threads)
        evtx::read_evtx(files[i], builder, report, options);
      events[t] = report.events;
      stores[t] = builder.finish();
    });
  for (auto& th : pool) th.join();
  for (unsigned t = 1; t < threads; ++t) stores[0].append(std::move(stores[t]));
  std::size_t total = 0;
  for (auto e : events) total += e;
  if (stores[0].rows() != total) std::fprintf(stderr, "evtx_bench: row count mismatch\n");
  return total;
}

bool run_evtxexport(const std::string& file) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  std::string prog = "evtxexport", flag = "-f", format = "xml";
  char* argv[] = {prog.data(), flag.data(), format.data(), const_cast<char*>(file.c_str()),
                  nullptr};
  pid_t pid;
  const int rc = posix_spawnp(&pid, "evtxexport", &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return false;
  int status = 0;
  waitpid(pid, &status, 0);
  return true;
}

// Runs evtxexport over every file, `parallel` processes at a time. False when not installed.
bool evtxexport_all(const std::vector<std::string>& files, unsigned parallel) {
  std::atomic<std::size_t> next{0};
  std::atomic<bool> ok{true};
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < parallel; ++t)
    pool.emplace_back([&] {
      for (std::size_t i; (i = next++) < files.size();)
        if (!run_evtxexport(files[i])) ok = false;
    });
  for (auto& th : pool) th.join();
  return ok;
}

double cpu_seconds(int who) {
  rusage u{};
  getrusage(who, &u);
  auto sec = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return sec(u.ru_utime) + sec(u.ru_stime);
}

// Wall time of the best of `repeat` runs, and the CPU time (user + system, of this process or
// of the child processes) of that run: the machine may be shared, CPU time is the steadier one.
struct Timing {
  double wall = 1e30, cpu = 0;
};
template <class F>
Timing best_of(int repeat, int who, F&& f) {
  Timing best;
  for (int i = 0; i < repeat; ++i) {
    const double cpu0 = cpu_seconds(who);
    const auto start = Clock::now();
    f();
    const double wall = std::chrono::duration<double>(Clock::now() - start).count();
    if (wall < best.wall) best = {wall, cpu_seconds(who) - cpu0};
  }
  return best;
}

void print(const char* what, std::size_t records, std::size_t bytes, Timing t) {
  std::printf("%-32s wall %7.3f s %9.0f rec/s %7.1f MB/s | cpu %7.3f s %9.0f rec/cpu-s\n", what,
              t.wall, records / t.wall, bytes / t.wall / 1e6, t.cpu, records / t.cpu);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path dir;
  int repeat = 5;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
    else dir = a;
  }
  if (dir.empty()) {
    const char* shared = std::getenv("SPELUNK_SHARED");
    dir = fs::path(shared ? shared : "../shared") / "data" / "evtx-attack-samples";
  }
  if (!fs::exists(dir)) {
    std::fprintf(stderr, "evtx_bench: %s not found\n", dir.c_str());
    return 1;
  }
  const Input in = list_files(dir);
  std::size_t records = ingest(in.files, 1);
  std::printf("%zu files, %.1f MB, %zu records; best of %d\n", in.files.size(),
              in.bytes / 1e6, records, repeat);
  const Timing one = best_of(repeat, RUSAGE_SELF, [&] { ingest(in.files, 1); });
  print("spelunk evtx reader, 1 thread", records, in.bytes, one);
  const Timing two = best_of(repeat, RUSAGE_SELF, [&] { ingest(in.files, 2); });
  print("spelunk evtx reader, 2 threads", records, in.bytes, two);

  if (!evtxexport_all({in.files.front()}, 1)) {
    std::printf("evtxexport not installed (apt-get install libevtx-utils): no baseline\n");
    return 0;
  }
  const int ext_repeat = std::min(repeat, 2);
  const Timing ext1 = best_of(ext_repeat, RUSAGE_CHILDREN, [&] { evtxexport_all(in.files, 1); });
  print("evtxexport -f xml, 1 process", records, in.bytes, ext1);
  const Timing ext2 = best_of(ext_repeat, RUSAGE_CHILDREN, [&] { evtxexport_all(in.files, 2); });
  print("evtxexport -f xml, 2 processes", records, in.bytes, ext2);
  std::printf("speed-up (wall): %.1fx on 1 core, %.1fx on 2; (cpu time): %.1fx\n",
              ext1.wall / one.wall, ext2.wall / two.wall, ext1.cpu / one.cpu);
  return 0;
}
