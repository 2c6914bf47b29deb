// Feeds the XML event reader (all three layouts: Splunk's one-per-line, Event Viewer's <Events>,
// evtxexport's) as a whole file, then again cut into three ranges as the parallel ingest of a
// large file would read it.
#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"
#include "storage/ingest/xml_reader.hpp"

SPELUNK_FUZZ_HARNESS(xml_reader) {
  static spelunk::fuzz::MemoryFile file;
  const std::string path = file.write(spelunk::fuzz::as_text(data, size));
  if (path.empty()) return;
  const spelunk::IngestOptions options;
  {
    spelunk::StoreBuilder out;
    spelunk::IngestReport report;
    spelunk::xml_reader::read(path, out, report, options);
    (void)out.finish();
  }
  const auto cuts = spelunk::xml_reader::split(path, size, 3);
  for (std::size_t i = 0; i < cuts.size(); ++i) {
    spelunk::StoreBuilder out;
    spelunk::RangeResult result;
    const spelunk::ReadRange range{cuts[i], i + 1 < cuts.size() ? cuts[i + 1] : UINT64_MAX};
    spelunk::xml_reader::read_range(path, range, out, result, options);
    (void)out.finish();
  }
}
