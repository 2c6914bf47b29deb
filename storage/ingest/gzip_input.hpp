// Reading an input file whole, gzip'd or not: gzip is recognised by its magic bytes (1f 8b),
// never by the file name, and decompressed (every member of a multi-member file) with zlib.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spelunk {

struct IngestReport;

bool is_gzip(std::string_view head);

// Reads `path` into `text`, decompressed when it is gzip. On failure returns false with `error`
// set ("cannot open", "gzip: <zlib message>", "larger than N MiB"). `max_bytes` bounds the
// decompressed size (a gzip bomb never exhausts memory).
bool read_input(const std::string& path, std::string& text, std::string& error,
                std::uint64_t max_bytes = 16ull << 30);

// read_input for a reader: counts the bytes read, or reports the failure as "path: error".
std::optional<std::string> read_input_reported(const std::string& path, IngestReport& report);

// The first `n` decompressed bytes of a gzip'd buffer (for sniffing the inner format).
std::string gunzip_head(std::string_view compressed, std::size_t n);

}  // namespace spelunk
