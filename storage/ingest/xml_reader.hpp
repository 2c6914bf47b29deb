// Windows events as XML, in the three layouts found in the wild:
//  1. Splunk's XmlWinEventLog _raw: one <Event> per line, single-quoted attributes;
//  2. Event Viewer / wevtutil export: an <Events> root around <Event> elements;
//  3. `evtxexport -f xml`: pretty-printed <Event> elements after a banner line, no root.
// The file is streamed through one reused 64 MiB buffer (grown for a longer event, up to
// IngestOptions::max_event_bytes); each <Event>...</Event> is found by
// scanning bytes (so _raw is the event's text exactly as in the file), then parsed on its own with
// pugixml in place, so that a broken event is reported with its ordinal and never spoils the
// others.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/ingest/ingest.hpp"

namespace spelunk::xml_reader {

bool sniff(std::string_view head);
void read(const std::string& path, StoreBuilder& out, IngestReport& report,
          const IngestOptions& options);
std::vector<std::uint64_t> split(const std::string& path, std::uint64_t size, unsigned parts);
void read_range(const std::string& path, ReadRange range, StoreBuilder& out, RangeResult& result,
                const IngestOptions& options);

// Offset of the next "<Event" start tag (followed by blank, '>' or '/') in [from, text.size()),
// or npos. "<Events>", "<EventData>" and the like are not event starts.
std::size_t find_event_start(std::string_view text, std::size_t from);

}  // namespace spelunk::xml_reader
