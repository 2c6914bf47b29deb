// ingest_paths: files and folders -> one Store, using every core.
//
// Work is cut into units (a file, or a range of a large file cut at record starts), the units are
// dealt in input order to threads as contiguous runs of about equal bytes, each thread fills its
// own StoreBuilder, and the stores are appended in thread order. The result, including the order
// of messages, is therefore the same for any thread count.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <thread>

#include <fmt/format.h>

#include "storage/ingest/ingest.hpp"
#include "storage/ingest/progress.hpp"
#include "storage/store_file.hpp"

namespace spelunk {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kSniffBytes = 64 * 1024;

struct WorkUnit {
  std::string path;
  const IngestOptions* options = nullptr;  // the options of the input it comes from
  const Reader* reader = nullptr;
  ReadRange range;
  std::uint64_t bytes = 0;
  bool first_of_file = true;
  RangeResult result;
};

struct ListedFile {
  std::string path;
  std::size_t input = 0;   // index of the input it was found under
  bool in_folder = false;  // found by walking a folder (not named by the user)
};

// Regular files under the inputs, folders walked recursively in sorted order (deterministic).
std::vector<ListedFile> list_files(const std::vector<IngestInput>& inputs, IngestReport& report) {
  std::vector<ListedFile> files;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const std::string& p = inputs[i].path;
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      report.messages.push_back(fmt::format("{}: no such file or directory", p));
    } else if (fs::is_directory(st)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
           it.increment(ec)) {
        if (it->is_regular_file(ec)) found.push_back(it->path().string());
      }
      if (ec) report.messages.push_back(fmt::format("{}: {}", p, ec.message()));
      std::sort(found.begin(), found.end());
      for (auto& f : found) files.push_back({std::move(f), i, true});
    } else {
      files.push_back({p, i, false});
    }
  }
  return files;
}

// Files that sit beside event logs in a folder and are plainly something else: documentation,
// licences, pictures, scripts, hidden files. Only asked about files no reader recognised.
bool plainly_not_an_event_log(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  if (name.empty() || name[0] == '.') return true;
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* stem : {"readme", "license", "licence", "copying", "notice", "authors", "changelog", "changes",
                           "contributing"})
    if (name.rfind(stem, 0) == 0) return true;
  const std::string ext = fs::path(name).extension().string();
  for (const char* e : {".md", ".markdown", ".rst", ".txt", ".adoc", ".html", ".htm", ".pdf", ".png", ".jpg", ".jpeg",
                        ".gif", ".svg", ".yml", ".yaml", ".spl", ".test", ".conf", ".py", ".sh", ".ps1"})
    if (ext == e) return true;
  return false;
}

// The reader for `path`, or nullptr (with a message, unless the file sits in a folder and is
// plainly not an event log: then it is only counted).
const Reader* pick_reader(const ListedFile& file, IngestReport& report) {
  const std::string& path = file.path;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    report.messages.push_back(fmt::format("{}: cannot open", path));
    return nullptr;
  }
  std::string head(kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  for (const Reader& r : readers()) {
    if (r.sniff(head)) return &r;
  }
  if (file.in_folder && plainly_not_an_event_log(path)) {
    ++report.ignored;
    return nullptr;
  }
  report.messages.push_back(
      fmt::format("{}: not a Windows event log this tool can read (not XML events); skipped", path));
  return nullptr;
}

// A saved store (storage/store_file.hpp) is recognised by its magic, like any other format.
bool is_saved_store_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[8] = {};
  in.read(head, sizeof head);
  return is_saved_store(std::string_view(head, static_cast<std::size_t>(in.gcount())));
}

void add_units(const std::string& path, const Reader& reader, const IngestOptions& options, unsigned threads,
               std::vector<WorkUnit>& units) {
  const std::uint64_t split_above = options.split_above;
  std::error_code ec;
  std::uint64_t size = fs::file_size(path, ec);
  if (ec) size = 0;
  std::vector<std::uint64_t> cuts{0};
  if (threads > 1 && size > split_above && reader.split && reader.read_range) {
    cuts = reader.split(path, size, threads);
  }
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    WorkUnit u;
    u.path = path;
    u.options = &options;
    u.reader = &reader;
    u.range.begin = cuts[i];
    u.range.end = i + 1 < cuts.size() ? cuts[i + 1] : UINT64_MAX;
    u.bytes = (i + 1 < cuts.size() ? cuts[i + 1] : size) - cuts[i];
    u.first_of_file = i == 0;
    units.push_back(std::move(u));
  }
}

void read_unit(WorkUnit& u, StoreBuilder& out) {
  const IngestOptions& options = *u.options;
  if (u.reader->read_range) {
    u.reader->read_range(u.path, u.range, out, u.result, options);
    return;
  }
  IngestReport r;
  u.reader->read(u.path, out, r, options);
  u.result.events = r.events;
  u.result.skipped = r.skipped;
  u.result.bytes = r.bytes;
  for (std::string& m : r.messages) u.result.problems.push_back({0, std::move(m), ""});
}

// Thread t reads units [starts[t], starts[t+1]).
std::vector<std::size_t> deal(const std::vector<WorkUnit>& units, unsigned threads) {
  std::uint64_t total = 0;
  for (const WorkUnit& u : units) total += u.bytes;
  std::vector<std::size_t> starts{0};
  std::uint64_t acc = 0;
  for (std::size_t i = 0; i < units.size(); ++i) {
    acc += units[i].bytes;
    if (starts.size() < threads && acc * threads >= total * starts.size() && i + 1 < units.size()) {
      starts.push_back(i + 1);
    }
  }
  starts.push_back(units.size());
  return starts;
}

void report_unit(const WorkUnit& u, std::size_t record_base, IngestReport& report) {
  report.events += u.result.events;
  report.skipped += u.result.skipped;
  report.bytes += u.result.bytes;
  for (const RecordProblem& p : u.result.problems) {
    if (p.record == 0 && !u.reader->read_range) {
      report.messages.push_back(p.what);  // already formatted by the reader
    } else if (p.record == 0) {
      report.messages.push_back(fmt::format("{}: {}", u.path, p.what));
    } else {
      report.messages.push_back(record_message(u.path, u.result.noun, record_base + p.record, p.what, p.where));
    }
  }
}

}  // namespace

std::string size_text(std::uint64_t bytes) {
  if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0) return fmt::format("{} GiB", bytes >> 30);
  if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= (1ull << 10) && bytes % (1ull << 10) == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

std::string ignored_note(const IngestReport& report) {
  if (report.ignored == 0) return {};
  return fmt::format(" ({} {} not event logs skipped: README, .md, .txt, ...)", report.ignored,
                     report.ignored == 1 ? "file that is" : "files that are");
}

std::string record_message(const std::string& path, std::string_view noun, std::size_t ordinal,
                           std::string_view what, std::string_view where) {
  return fmt::format("{}: {} {}{}: {}", path, noun, ordinal, where, what);
}

std::shared_ptr<Store> ingest_paths(const std::vector<std::string>& paths,
                                    const IngestOptions& options, IngestReport& report) {
  std::vector<IngestInput> inputs;
  for (const auto& p : paths) inputs.push_back({p, options.metadata});
  return ingest_inputs(inputs, options, report);
}

std::shared_ptr<Store> ingest_inputs(const std::vector<IngestInput>& inputs, const IngestOptions& options,
                                     IngestReport& report) {
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, threads);
  // Each input's options: the common ones with its own metadata (units point into this).
  std::vector<IngestOptions> input_options(inputs.size(), options);
  for (std::size_t i = 0; i < inputs.size(); ++i) input_options[i].metadata = inputs[i].metadata;
  std::vector<WorkUnit> units;
  std::vector<std::shared_ptr<Store>> saved;  // opened through mmap, not read
  for (const ListedFile& file : list_files(inputs, report)) {
    const std::string& path = file.path;
    const std::size_t input = file.input;
    if (is_saved_store_file(path)) {
      if (!inputs[input].metadata.empty()) {
        // A saved store's events carry the metadata they were read with; forcing other values on
        // them would need a rewrite of its columns, so it is refused rather than ignored.
        report.messages.push_back(fmt::format("{}: a saved store keeps its own source and sourcetype; "
                                              "give the original log file to set them; skipped", path));
        continue;
      }
      OpenedStore opened = open_store(path);
      if (!opened.store) {
        report.messages.push_back(opened.error);
        continue;
      }
      ++report.files;
      report.events += opened.store->rows();
      saved.push_back(std::move(opened.store));
    } else if (const Reader* r = pick_reader(file, report)) {
      ++report.files;
      add_units(path, *r, input_options[input], threads, units);
    }
  }
  std::vector<std::size_t> starts = deal(units, threads);
  std::vector<StoreBuilder> builders(starts.size() - 1);
  std::uint64_t total_bytes = 0;
  for (const WorkUnit& u : units) total_bytes += u.bytes;
  ProgressLine progress(report.files, total_bytes);
  auto work = [&](std::size_t t) {
    for (std::size_t i = starts[t]; i < starts[t + 1]; ++i) {
      read_unit(units[i], builders[t]);
      bool last_of_file = i + 1 == units.size() || units[i + 1].first_of_file;
      progress.unit_done(last_of_file, units[i].result.events, units[i].bytes);
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < builders.size(); ++t) pool.emplace_back(work, t);
  if (!builders.empty()) work(0);
  for (std::thread& th : pool) th.join();

  std::size_t record_base = 0;
  for (const WorkUnit& u : units) {
    if (u.first_of_file) record_base = 0;
    report_unit(u, record_base, report);
    record_base += u.result.records;
  }
  // One saved store alone is used as it is: its arrays stay in the mapping.
  if (units.empty() && saved.size() == 1) return saved.front();
  // The first store keeps its dictionary indexes: the others are appended (interned) into it.
  // Saved stores come after the files read, in the order given (their values are copied).
  const bool keep_index = builders.size() > 1 || !saved.empty();
  auto store = std::make_shared<Store>(builders.empty() ? Store{} : builders[0].finish(!keep_index));
  for (std::size_t t = 1; t < builders.size(); ++t) store->append(builders[t].finish());
  for (auto& s : saved) store->append(std::move(*s));
  return store;
}

}  // namespace spelunk
