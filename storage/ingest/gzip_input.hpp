// Reading an input file whole, gzip'd or not: gzip is recognised by its magic bytes (1f 8b),
// never by the file name, and decompressed (every member of a multi-member file) with zlib.
//
// A gzip'd file from someone else can be a bomb (87 MB of zeros expand to 20 GB): decompression
// stops at a limit (IngestOptions::max_gunzip_bytes, `--max-gunzip SIZE`), with an error naming
// the file, after at most that many bytes of work and memory.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace spelunk {

struct IngestReport;

inline constexpr std::uint64_t kDefaultMaxGunzipBytes = 1ull << 30;

bool is_gzip(std::string_view head);

// Reads `path` into `text`, decompressed when it is gzip. On failure returns false with `error`
// set ("cannot open", "gzip: <zlib message>", "gzip: expands past the 1 GiB limit ...").
// `max_bytes` bounds the decompressed size.
bool read_input(const std::string& path, std::string& text, std::string& error,
                std::uint64_t max_bytes = kDefaultMaxGunzipBytes);

// read_input for a reader: counts the bytes read, or reports the failure as "path: error".
std::optional<std::string> read_input_reported(const std::string& path, IngestReport& report);

// Decompresses every member of `compressed`, handing the output to `sink` in pieces; stops when
// `sink` returns false (no error) or past `max_bytes` (error). Returns "" or the error.
std::string gunzip(std::string_view compressed, std::uint64_t max_bytes,
                   const std::function<bool(std::string_view)>& sink);

// gunzip into `text` (replaced), growing it within the limit; "" or the error (text then empty).
std::string gunzip_all(std::string_view compressed, std::uint64_t max_bytes, std::string& text);

// The first `n` decompressed bytes of a gzip'd buffer (for sniffing the inner format).
std::string gunzip_head(std::string_view compressed, std::size_t n);

}  // namespace spelunk
