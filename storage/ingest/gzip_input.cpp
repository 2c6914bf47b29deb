#include "storage/ingest/gzip_input.hpp"

#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "storage/ingest/ingest.hpp"

namespace spelunk {

bool is_gzip(std::string_view head) {
  return head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1f &&
         static_cast<unsigned char>(head[1]) == 0x8b;
}

std::string gunzip(std::string_view in, std::uint64_t max_bytes,
                   const std::function<bool(std::string_view)>& sink) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 32) != Z_OK) return "gzip: cannot initialise zlib";
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  zs.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size(), UINT32_MAX));
  std::size_t fed = zs.avail_in;
  std::uint64_t produced = 0;
  std::string error;
  char buf[1 << 16];
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    const std::size_t n = sizeof buf - zs.avail_out;
    if (produced + n > max_bytes) {
      error = fmt::format("gzip: expands past the {} limit (a gzip bomb?); --max-gunzip SIZE raises it",
                          size_text(max_bytes));
      break;
    }
    produced += n;
    if (n > 0 && !sink({buf, n})) break;
    if (zs.avail_in == 0 && fed < in.size()) {
      const std::size_t more = std::min<std::size_t>(in.size() - fed, UINT32_MAX);
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
  error = gunzip_all(data, max_bytes, text);
  return error.empty();
}

std::string gunzip_all(std::string_view compressed, std::uint64_t max_bytes, std::string& text) {
  text.clear();
  std::string error = gunzip(compressed, max_bytes, [&](std::string_view piece) {
    // Grow by doubling, but never past the limit: memory stays within it (+ one piece).
    if (text.size() + piece.size() > text.capacity())
      text.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(
          std::max<std::uint64_t>(2 * text.capacity(), text.size() + piece.size()),
          max_bytes + piece.size())));
    text.append(piece);
    return true;
  });
  if (!error.empty()) text = std::string();  // give the memory back at once
  return error;
}

std::string gunzip_head(std::string_view compressed, std::size_t n) {
  std::string out;
  gunzip(compressed, UINT64_MAX, [&](std::string_view piece) {
    out.append(piece.substr(0, n - out.size()));
    return out.size() < n;
  });
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
