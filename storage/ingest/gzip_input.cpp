#include "storage/ingest/gzip_input.hpp"

#include <fmt/format.h>

#include "storage/ingest/ingest.hpp"

#include <zlib.h>

#include <fstream>
#include <iterator>

#include <fmt/format.h>

namespace spelunk {

bool is_gzip(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
         static_cast<unsigned char>(head[1]) == 0x8b;
}

namespace {

// Inflates `in` into `out` (appending), up to `max_bytes`. Concatenated members are all read.
// `stop_at` ends early once that many bytes are out (used for sniffing). Returns "" or an error.
std::string inflate_all(std::string_view in, std::string& out, std::uint64_t max_bytes,
                        std::size_t stop_at) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return "gzip: cannot initialise zlib";
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), UINT32_MAX));
  std::size_t fed = zs.avail_in;
  std::string error;
  char buf[1 << 16];
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    int rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (out.size() > max_bytes) {
      error = fmt::format("gzip: decompressed data larger than {} MiB", max_bytes >> 20);
      break;
    }
    if (out.size() >= stop_at) break;
    if (zs.avail_in == 0 && fed < in.size()) {
      std::size_t more = std::min<std::size_t>(in.size() - fed, UINT32_MAX);
      zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + fed));
      zs.avail_in = static_cast<uInt>(more);
      fed += more;
    }
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      inflateReset(&zs);  // another member follows
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
      error = "gzip: unexpected end of compressed data";
      break;
    }
    if (rc != Z_OK) {
      error = fmt::format("gzip: {}", zs.msg ? zs.msg : "corrupt data");
      break;
    }
  }
  inflateEnd(&zs);
  return error;
}

}  // namespace

bool read_input(const std::string& path, std::string& text, std::string& error,
                std::uint64_t max_bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open";
    return false;
  }
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!is_gzip(data)) {
    text = std::move(data);
    return true;
  }
  text.clear();
  error = inflate_all(data, text, max_bytes, SIZE_MAX);
  return error.empty();
}

std::string gunzip_head(std::string_view compressed, std::size_t n) {
  std::string out;
  inflate_all(compressed, out, n + (1 << 16), n);
  if (out.size() > n) out.resize(n);
  return out;
}

std::optional<std::string> read_input_reported(const std::string& path, IngestReport& report) {
  std::string text, error;
  if (!read_input(path, text, error)) {
    report.messages.push_back(fmt::format("{}: {}", path, error));
    return std::nullopt;
  }
  report.bytes += text.size();
  return text;
}

}  // namespace spelunk
