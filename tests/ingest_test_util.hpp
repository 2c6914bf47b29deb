// Helpers for the ingest tests: temporary files and field lookups.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include "storage/ingest/ingest.hpp"

namespace spelunk::testing {

// A file in a fresh temporary folder, removed with the folder.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("spelunk_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string write(const std::string& name, std::string_view content) const {
    std::string p = (path_ / name).string();
    std::ofstream(p, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
    return p;
  }
  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

struct Ingested {
  std::shared_ptr<Store> store;
  IngestReport report;
  // Value of a single-valued field ("" when absent).
  std::string value(std::string_view field, std::size_t row) const {
    const Column* c = store->column(field);
    if (!c) return "";
    auto vals = c->values(row);
    return vals.empty() ? "" : std::string(c->dict().value(vals[0]));
  }
  std::vector<std::string> values(std::string_view field, std::size_t row) const {
    std::vector<std::string> out;
    const Column* c = store->column(field);
    if (!c) return out;
    for (Code code : c->values(row)) out.emplace_back(c->dict().value(code));
    return out;
  }
  bool has(std::string_view field, std::size_t row) const {
    const Column* c = store->column(field);
    return c && !c->values(row).empty();
  }
};

inline Ingested ingest(const std::vector<std::string>& paths, IngestOptions options = {}) {
  Ingested r;
  r.store = ingest_paths(paths, options, r.report);
  return r;
}

inline Ingested ingest_text(std::string_view xml, IngestOptions options = {}) {
  TempDir dir;
  return ingest({dir.write("events.xml", xml)}, options);
}

}  // namespace spelunk::testing
