// Feeds the classic WinEventLog text reader (timestamp line, Key=Value header, Message=...).
#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"
#include "storage/ingest/classic_text_reader.hpp"

SPELUNK_FUZZ_HARNESS(classic_text_reader) {
  spelunk::StoreBuilder out;
  spelunk::IngestReport report;
  spelunk::classic_text_reader::read_text("fuzz.log", spelunk::fuzz::as_text(data, size), out,
                                          report, {});
  (void)out.finish();
}
