// Feeds the CSV reader (Splunk's CSV export: RFC 4180 quoting, multi-value cells).
#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"
#include "storage/ingest/csv_reader.hpp"

SPELUNK_FUZZ_HARNESS(csv_reader) {
  spelunk::StoreBuilder out;
  spelunk::IngestReport report;
  spelunk::csv_reader::read_text("fuzz.csv", spelunk::fuzz::as_text(data, size), out, report, {});
  (void)out.finish();
}
