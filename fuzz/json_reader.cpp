// Feeds the JSON reader: JSON lines or one array, in the layouts it maps (Splunk export,
// winlogbeat, OTRF).
#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"
#include "storage/ingest/json_reader.hpp"

SPELUNK_FUZZ_HARNESS(json_reader) {
  spelunk::StoreBuilder out;
  spelunk::IngestReport report;
  spelunk::json_reader::read_text("fuzz.json", spelunk::fuzz::as_text(data, size), out, report, {});
  (void)out.finish();
}
