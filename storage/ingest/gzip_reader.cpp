#include "storage/ingest/gzip_reader.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "storage/ingest/classic_text_reader.hpp"
#include "storage/ingest/csv_reader.hpp"
#include "storage/ingest/gzip_input.hpp"
#include "storage/ingest/json_reader.hpp"
#include "storage/ingest/xml_reader.hpp"

namespace spelunk::gzip_reader {

namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;

// The XML reader streams from a file: hand it the decompressed text through a temporary file,
// and put the real path back in its messages.
void read_xml(const std::string& path, std::string_view text, StoreBuilder& out,
              IngestReport& report, const IngestOptions& options) {
  namespace fs = std::filesystem;
  static std::atomic<unsigned> counter{0};
  fs::path tmp = fs::temp_directory_path() /
                 fmt::format("spelunk_gunzip_{}_{}.xml", ::getpid(), counter++);
  {
    std::ofstream f(tmp, std::ios::binary);
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!f) {
      report.messages.push_back(fmt::format("{}: cannot write a temporary file for gunzip", path));
      return;
    }
  }
  IngestReport inner;
  xml_reader::read(tmp.string(), out, inner, options);
  std::error_code ec;
  fs::remove(tmp, ec);
  report.events += inner.events;
  report.skipped += inner.skipped;
  for (std::string& m : inner.messages) {
    if (m.compare(0, tmp.string().size(), tmp.string()) == 0) m = path + m.substr(tmp.string().size());
    report.messages.push_back(std::move(m));
  }
}

}  // namespace

bool sniff(std::string_view head) { return is_gzip(head); }

void read(const std::string& path, StoreBuilder& out, IngestReport& report,
          const IngestOptions& options) {
  std::string text, error;
  if (!read_input(path, text, error)) {
    report.messages.push_back(fmt::format("{}: {}", path, error));
    return;
  }
  report.bytes += text.size();
  std::string_view head = std::string_view(text).substr(0, kSniffBytes);
  if (json_reader::sniff(head)) return json_reader::read_text(path, text, out, report, options);
  if (csv_reader::sniff(head)) return csv_reader::read_text(path, text, out, report, options);
  if (xml_reader::sniff(head)) return read_xml(path, text, out, report, options);
  if (classic_text_reader::sniff(head))
    return classic_text_reader::read_text(path, text, out, report, options);
  report.messages.push_back(fmt::format("{}: gzip'd content is not a format this tool can read", path));
}

}  // namespace spelunk::gzip_reader
