// Feeds gzip'd input: decompression (every member of a multi-member file) and the sniffing and
// reading of what it holds (JSON, CSV, XML, classic text), as `-d file.gz` reads it.
#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"
#include "storage/ingest/gzip_input.hpp"
#include "storage/ingest/gzip_reader.hpp"

SPELUNK_FUZZ_HARNESS(gzip_input) {
  static spelunk::fuzz::MemoryFile file;
  const std::string_view bytes = spelunk::fuzz::as_text(data, size);
  (void)spelunk::gunzip_head(bytes, 4096);
  const std::string path = file.write(bytes);
  if (path.empty()) return;
  spelunk::StoreBuilder out;
  spelunk::IngestReport report;
  spelunk::gzip_reader::read(path, out, report, {});
  (void)out.finish();
}
