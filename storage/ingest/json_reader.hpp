// Windows events as JSON: JSON lines (one object per line) or one JSON array of objects.
// Layouts: Splunk's export (flat, `_raw`/`_time`/host/source/sourcetype; each event may be
// wrapped as {"preview":false,"result":{...}}), winlogbeat / Elastic (`winlog.event_data.*`,
// `winlog.event_id`, `@timestamp`), OTRF Security-Datasets (flat EventID, Channel, Hostname).
// Keys map onto XML ingest's field names through json_mapping (a table). Each record is parsed on
// its own with simdjson, so a broken one is reported with its ordinal and the rest are read.
#pragma once

#include <string>
#include <string_view>

#include "storage/ingest/ingest.hpp"

namespace spelunk::json_reader {

bool sniff(std::string_view head);
void read(const std::string& path, StoreBuilder& out, IngestReport& report,
          const IngestOptions& options);
// Reads JSON text already in memory (after gunzip); `path` is for messages only.
void read_text(const std::string& path, std::string_view text, StoreBuilder& out,
               IngestReport& report, const IngestOptions& options);

}  // namespace spelunk::json_reader
