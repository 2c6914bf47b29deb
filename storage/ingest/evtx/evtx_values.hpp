// Typed values of the EVTX binary XML, rendered as text exactly as `evtxexport -f xml`
// (libevtx) prints them, so that EVTX ingest and XML ingest of evtxexport's output agree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace spelunk::evtx {

// Value type codes (libyal "Windows XML Event Log" documentation, section "Value types").
enum ValueType : std::uint8_t {
  kNull = 0x00,
  kString = 0x01,      // UTF-16 little-endian
  kAnsiString = 0x02,
  kInt8 = 0x03,
  kUInt8 = 0x04,
  kInt16 = 0x05,
  kUInt16 = 0x06,
  kInt32 = 0x07,
  kUInt32 = 0x08,
  kInt64 = 0x09,
  kUInt64 = 0x0a,
  kReal32 = 0x0b,
  kReal64 = 0x0c,
  kBool = 0x0d,
  kBinary = 0x0e,
  kGuid = 0x0f,
  kSizeT = 0x10,
  kFileTime = 0x11,
  kSystemTime = 0x12,
  kSid = 0x13,
  kHexInt32 = 0x14,
  kHexInt64 = 0x15,
  kEvtHandle = 0x20,
  kBinXml = 0x21,
  kEvtXml = 0x23,
  kArrayFlag = 0x80,
};

// Little-endian reads; callers have bounds-checked.
inline std::uint16_t le16(const std::uint8_t* p) {
  return static_cast<std::uint16_t>(p[0] | (p[1] << 8));
}
inline std::uint32_t le32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) |
         (static_cast<std::uint32_t>(p[2]) << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
}
inline std::uint64_t le64(const std::uint8_t* p) {
  return static_cast<std::uint64_t>(le32(p)) | (static_cast<std::uint64_t>(le32(p + 4)) << 32);
}

// Appends UTF-16LE text (`units` code units) as UTF-8; unpaired surrogates become U+FFFD.
// Stops at the first NUL when `stop_at_nul`.
void append_utf16(const std::uint8_t* p, std::size_t units, std::string& out,
                  bool stop_at_nul = false);
void append_codepoint(std::uint32_t cp, std::string& out);

// Appends the text of a value of `type` (not kBinXml, not an array) stored in `bytes`.
// Returns false when the type is unknown or the size does not fit the type.
bool append_value(std::uint8_t type, std::span<const std::uint8_t> bytes, std::string& out);

// FILETIME (100 ns ticks since 1601) as "YYYY-MM-DDTHH:MM:SS.fffffff00Z" (evtxexport).
void append_filetime(std::uint64_t ticks, std::string& out);
// FILETIME to microseconds since the Unix epoch.
std::int64_t filetime_to_unix_micros(std::uint64_t ticks);

}  // namespace spelunk::evtx
