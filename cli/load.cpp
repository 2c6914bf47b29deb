#include "cli/load.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/args.hpp"
#include "cli/help.hpp"
#include "storage/ingest/ingest.hpp"
#include "storage/store_file.hpp"

namespace spelunk::cli {

namespace {

std::string load_usage() {
  return "usage: spelunk load -d PATH [-d PATH ...] --save FILE [--max-gunzip SIZE] [--max-event SIZE]\n"
         "  -d PATH       event files or folders (format detected from content; saved stores too)\n"
         "  --save FILE   write the events to FILE; `spelunk -d FILE` reopens it without re-reading\n"
         "  --max-gunzip SIZE, --max-event SIZE   memory bounds, as for a search (spelunk --help)\n";
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

int run_load_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  std::vector<std::string> data;
  std::string save_path;
  IngestOptions options;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      out << help_page("load");
      return 0;
    }
    if (a != "-d" && a != "--data" && a != "--save" && a != "--max-gunzip" && a != "--max-event") {
      err << "spelunk load: unknown argument " << a << "\n" << load_usage();
      return 2;
    }
    if (i + 1 >= argc) {
      err << "spelunk load: option " << a << " needs a value\n" << load_usage();
      return 2;
    }
    if (a == "--save") {
      save_path = argv[++i];
    } else if (a == "--max-gunzip" || a == "--max-event") {
      const auto bytes = parse_size(argv[++i]);
      if (!bytes || *bytes == 0) {
        err << "spelunk load: option " << a << " needs a size such as 512M or 4G, not `" << argv[i] << "`\n";
        return 2;
      }
      (a == "--max-gunzip" ? options.max_gunzip_bytes : options.max_event_bytes) = *bytes;
    } else {
      data.push_back(argv[++i]);
    }
  }
  if (data.empty() || save_path.empty()) {
    err << "spelunk load: " << (data.empty() ? "no data given (-d PATH)" : "no --save FILE given") << "\n"
        << load_usage();
    return 2;
  }

  auto started = std::chrono::steady_clock::now();
  IngestReport report;
  std::shared_ptr<Store> store = ingest_paths(data, options, report);
  for (const auto& m : report.messages) err << "spelunk: " << m << "\n";
  if (report.skipped) err << "spelunk: " << report.skipped << " record(s) skipped\n";
  if (!store || report.failed() || report.files == 0) {
    err << "spelunk: no readable input in the given paths" << ignored_note(report) << "\n";
    return 2;
  }
  const double read_s = seconds_since(started);
  started = std::chrono::steady_clock::now();
  if (auto problem = save_store(*store, save_path)) {
    err << "spelunk: " << *problem << "\n";
    return 1;
  }
  err << fmt::format("saved {} events from {} file(s) to {} (read in {:.2f} s, written in {:.2f} s){}\n",
                     store->rows(), report.files, save_path, read_s, seconds_since(started), ignored_note(report));
  return 0;
}

}  // namespace spelunk::cli
