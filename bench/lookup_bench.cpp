// `lookup` over many events: the matching is decided once per distinct input value, so a lookup
// should cost little more than reading the column. Times (median of --runs):
//   1. search * | stats count by process_name                         (baseline: one column)
//   2. search * | lookup procs.csv process_name OUTPUT category | stats count by category
//   3. the same with a WILDCARD lookup on Image (every pattern tested per distinct Image)
//
//   build/bench/gen_sysmon --events 1000000 --seed 1 > /tmp/sysmon_1m.xml
//   build/bench/lookup_bench /tmp/sysmon_1m.xml [--runs 5]
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/session.hpp"

using namespace spelunk;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: lookup_bench EVENTS.xml [--runs N]\n");
    return 2;
  }
  int runs = 5;
  for (int i = 2; i + 1 < argc; i += 2)
    if (std::string(argv[i]) == "--runs") runs = std::max(1, std::atoi(argv[i + 1]));
  namespace fs = std::filesystem;
  const fs::path app = fs::temp_directory_path() / ("spelunk_lookup_bench_" + std::to_string(::getpid()));
  fs::create_directories(app / "lookups");
  fs::create_directories(app / "default");
  {
    std::ofstream csv(app / "lookups" / "procs.csv");
    csv << "process_name,category\n";
    const char* names[] = {"cmd.exe", "powershell.exe", "net.exe", "net1.exe", "netstat.exe", "whoami.exe",
                           "svchost.exe", "explorer.exe", "chrome.exe", "rundll32.exe"};
    for (const char* n : names) csv << n << ",tool\n";
    for (int i = 0; i < 5000; ++i) csv << "filler" << i << ".exe,other\n";  // a realistically sized table
    std::ofstream paths(app / "lookups" / "paths.csv");
    paths << "pattern,kind\n";
    for (int i = 0; i < 200; ++i) paths << "*\\\\unlikely" << i << "\\\\*,rare\n";
    paths << "*\\System32\\*,system\n*\\Program Files*,program\n";
    std::ofstream(app / "default" / "transforms.conf")
        << "[paths]\nfilename = paths.csv\nmatch_type = WILDCARD(pattern)\ncase_sensitive_match = false\n";
  }
  cli::Session session;
  std::vector<std::string> messages;
  if (!session.load({argv[1]}, messages)) {
    std::fprintf(stderr, "lookup_bench: cannot read %s\n", argv[1]);
    return 2;
  }
  session.load_props({});
  for (const auto& p : session.load_conf_dir(app.string())) std::fprintf(stderr, "%s\n", p.c_str());
  const char* queries[] = {
      "search * | stats count by process_name",
      "search * | lookup procs.csv process_name OUTPUT category | head 1",
      "search * | eval category=if(process_name=\"cmd.exe\", \"tool\", null()) | stats count by category",
      "search * | lookup procs.csv process_name OUTPUT category | stats count by category",
      "search * | lookup paths pattern AS Image OUTPUT kind | stats count by kind",
  };
  std::printf("%zu events, median of %d runs\n", session.store()->rows(), runs);
  for (const char* q : queries) {
    std::vector<double> ms;
    std::size_t rows = 0;
    for (int r = 0; r < runs; ++r) {
      auto out = session.run(q);
      if (!out.ok) {
        std::fprintf(stderr, "%s\n", out.error.c_str());
        return 1;
      }
      rows = out.result.size();
      ms.push_back(out.milliseconds);
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%9.1f ms  %zu rows  %s\n", ms[ms.size() / 2], rows, q);
  }
  fs::remove_all(app);
  return 0;
}
