// Classic (non-XML) Windows events as Splunk shows them (R10.3 of spl-semantics.md):
//   03/04/2024 08:00:00 AM
//   LogName=Security
//   EventCode=4624
//   ...
//   Message=An account was successfully logged on.
//   <more lines, "Label:<blank>value" among them>
// Events are separated by a blank line followed by a timestamp line. Header `Key=Value` lines and
// the message's `Label: value` lines become fields (first occurrence wins, keys cleaned: non
// alphanumerics -> `_`), everything after `Message=` is `Message`. source=WinEventLog:<LogName>,
// sourcetype=WinEventLog. Channel/Computer/EventID are set too, as XML ingest names them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "storage/ingest/ingest.hpp"

namespace spelunk::classic_text_reader {

bool sniff(std::string_view head);
void read(const std::string& path, StoreBuilder& out, IngestReport& report,
          const IngestOptions& options);
void read_text(const std::string& path, std::string_view text, StoreBuilder& out,
               IngestReport& report, const IngestOptions& options);

// "03/04/2024 08:00:00 AM" (12-hour clock) -> microseconds UTC; nullopt when not that shape.
std::optional<std::int64_t> parse_classic_time(std::string_view line);
// Splunk's CLEAN_KEYS: characters other than [A-Za-z0-9_] become '_', leading/trailing '_' cut.
std::string clean_key(std::string_view key);

}  // namespace spelunk::classic_text_reader
