// An EVTX file: a 4 KiB file header, then 64 KiB chunks, each with its own header (checksummed),
// string and template tables, and event records (magic, size, record id, written time, binary
// XML, size again). See libyal's "Windows XML Event Log (EVTX) format".
//
// Damaged chunks (bad magic, bad checksums, impossible offsets, truncated) are reported and
// skipped; the other chunks are read. Only records between the chunk header and its free-space
// offset are read: data in slack space is never turned into events.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "storage/ingest/evtx/evtx_document.hpp"
#include "storage/ingest/ingest.hpp"

namespace spelunk::evtx {

inline constexpr std::size_t kFileHeaderSize = 4096;
inline constexpr std::size_t kChunkSize = 65536;
inline constexpr std::size_t kChunkHeaderSize = 512;  // header + string and template tables
inline constexpr std::string_view kFileMagic{"ElfFile\0", 8};
inline constexpr std::string_view kChunkMagic{"ElfChnk\0", 8};

struct ScanResult {
  std::size_t chunks = 0;          // chunks read
  std::size_t damaged_chunks = 0;  // chunks skipped
  std::size_t records = 0;         // records decoded and handed to the callback
  std::size_t skipped = 0;         // records known to exist that could not be read
  std::size_t ordinals = 0;        // record headers met (the last ordinal given)
  // In order met; record 0: about the file or a chunk. Ordinals count from the scan's first chunk.
  std::vector<RecordProblem> problems;
  std::vector<std::string> messages;  // problems as "<path>: chunk 2 at offset 0x...: ..." / "...: record 17 (chunk 0): ..."
};

struct RecordInfo {
  std::uint64_t record_id = 0;
  std::uint64_t written_time = 0;  // FILETIME
  std::size_t ordinal = 0;         // 1-based position in the file
};

using RecordCallback = std::function<void(const Document&, const RecordInfo&)>;

// CRC-32 (IEEE, as zlib's crc32) of `bytes`, continuing from `crc`.
std::uint32_t crc32(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0);

// Reads every record of the EVTX image `file`; `path` only names it in messages.
ScanResult scan_evtx(std::span<const std::uint8_t> file, std::string_view path,
                     const RecordCallback& on_record);

// The chunks that start in `chunks` (file offsets) only, into `result` (the callback may add its
// own problems to result.problems, in order), without filling result.messages. Chunks are
// independent, so ranges of one file can be read by different threads.
void scan_evtx_chunks(std::span<const std::uint8_t> file, std::string_view path, ReadRange chunks,
                      const RecordCallback& on_record, ScanResult& result);

// Offsets cutting an EVTX file of `size` bytes into about `parts` runs of whole chunks.
std::vector<std::uint64_t> split_chunks(std::uint64_t size, unsigned parts);

}  // namespace spelunk::evtx
