#include "storage/ingest/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace spelunk {

namespace {

// Length of the well-formed sequence at text[i], or 0 when it is ill-formed (Unicode table 3-7).
std::size_t sequence_length(std::string_view text, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t len;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    len = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    len = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    len = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return len;
}

// Skips ASCII eight bytes at a time (the common case for event XML).
std::size_t skip_ascii(std::string_view text, std::size_t i) {
  while (i + 8 <= text.size()) {
    std::uint64_t word;
    std::memcpy(&word, text.data() + i, 8);
    if (word & 0x8080808080808080ull) break;
    i += 8;
  }
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  return i;
}

}  // namespace

std::size_t find_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while ((i = skip_ascii(text, i)) < text.size()) {
    std::size_t len = sequence_length(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::size_t repair_utf8(std::string_view text, std::string& out) {
  out.clear();
  out.reserve(text.size() + 16);
  std::size_t replaced = 0, i = 0;
  while (i < text.size()) {
    std::size_t ascii_end = skip_ascii(text, i);
    out.append(text.substr(i, ascii_end - i));
    i = ascii_end;
    if (i >= text.size()) break;
    std::size_t len = sequence_length(text, i);
    if (len > 0) {
      out.append(text.substr(i, len));
      i += len;
      continue;
    }
    out.append("\xEF\xBF\xBD");  // one replacement per byte that starts no valid sequence
    ++replaced;
    ++i;
  }
  return replaced;
}

}  // namespace spelunk
