// The EVTX reader: Windows' binary event log files straight into columns (no XML text round trip
// for the fields); `_raw` is the event's XML as Windows renders it.
#pragma once

#include <span>
#include <string>

#include "storage/ingest/ingest.hpp"

namespace spelunk::evtx {

bool sniff_evtx(std::string_view head);
void read_evtx(const std::string& path, StoreBuilder& out, IngestReport& report,
               const IngestOptions& options);
// Same, over an image already in memory (`path` names it in messages).
void read_evtx_image(std::span<const std::uint8_t> image, const std::string& path,
                     StoreBuilder& out, IngestReport& report, const IngestOptions& options);
// A large file in parts, read by several threads: cuts at chunk starts, and the chunks of a part.
std::vector<std::uint64_t> split_evtx(const std::string& path, std::uint64_t size, unsigned parts);
void read_evtx_range(const std::string& path, ReadRange range, StoreBuilder& out, RangeResult& result,
                     const IngestOptions& options);

}  // namespace spelunk::evtx
