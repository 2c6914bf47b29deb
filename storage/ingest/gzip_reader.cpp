#include "storage/ingest/gzip_reader.hpp"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "storage/ingest/classic_text_reader.hpp"
#include "storage/ingest/csv_reader.hpp"
#include "storage/ingest/gzip_input.hpp"
#include "storage/ingest/json_reader.hpp"
#include "storage/ingest/xml_reader.hpp"

namespace spelunk::gzip_reader {

namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;

// Decompresses the whole file into memory, within the limit; false (reported) on failure.
bool gunzip_text(const std::string& path, std::string_view compressed, std::string& text,
                 IngestReport& report, const IngestOptions& options) {
  const std::string error = gunzip_all(compressed, options.max_gunzip_bytes, text);
  if (error.empty()) {
    report.bytes += text.size();
    return true;
  }
  report.messages.push_back(fmt::format("{}: {}; nothing read from this file", path, error));
  return false;
}

// The XML reader streams from a file: the decompressed text goes to a temporary file piece by
// piece (never whole in memory), and the real path is put back in the reader's messages.
void read_xml(const std::string& path, std::string_view compressed, StoreBuilder& out,
              IngestReport& report, const IngestOptions& options) {
  namespace fs = std::filesystem;
  static std::atomic<unsigned> counter{0};
  fs::path tmp = fs::temp_directory_path() /
                 fmt::format("spelunk_gunzip_{}_{}.xml", ::getpid(), counter++);
  std::uint64_t written = 0;
  std::string error;
  {
    std::ofstream f(tmp, std::ios::binary);
    error = gunzip(compressed, options.max_gunzip_bytes, [&](std::string_view piece) {
      f.write(piece.data(), static_cast<std::streamsize>(piece.size()));
      written += piece.size();
      return static_cast<bool>(f);
    });
    if (error.empty() && !f) error = "cannot write a temporary file for gunzip";
  }
  std::error_code ec;
  if (!error.empty()) {
    fs::remove(tmp, ec);
    report.messages.push_back(fmt::format("{}: {}; nothing read from this file", path, error));
    return;
  }
  report.bytes += written;
  IngestReport inner;
  xml_reader::read(tmp.string(), out, inner, options);
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
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    report.messages.push_back(fmt::format("{}: cannot open", path));
    return;
  }
  const std::string compressed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // The inner format is decided on the first 64 KiB: content no reader knows (a bomb of zeros)
  // is refused before anything else is decompressed.
  const std::string head = gunzip_head(compressed, kSniffBytes);
  std::string text;
  if (json_reader::sniff(head)) {
    if (gunzip_text(path, compressed, text, report, options))
      json_reader::read_text(path, text, out, report, options);
  } else if (csv_reader::sniff(head)) {
    if (gunzip_text(path, compressed, text, report, options))
      csv_reader::read_text(path, text, out, report, options);
  } else if (xml_reader::sniff(head)) {
    read_xml(path, compressed, out, report, options);
  } else if (classic_text_reader::sniff(head)) {
    if (gunzip_text(path, compressed, text, report, options))
      classic_text_reader::read_text(path, text, out, report, options);
  } else {
    report.messages.push_back(fmt::format("{}: gzip'd content is not a format this tool can read", path));
  }
}

}  // namespace spelunk::gzip_reader
