// gzip'd inputs: recognised by the gzip magic, decompressed whole, then the inner content is
// sniffed by the other readers (JSON, CSV, classic text, XML) and read by the one that knows it.
#pragma once

#include <string>
#include <string_view>

#include "storage/ingest/ingest.hpp"

namespace spelunk::gzip_reader {

bool sniff(std::string_view head);
void read(const std::string& path, StoreBuilder& out, IngestReport& report,
          const IngestOptions& options);

}  // namespace spelunk::gzip_reader
