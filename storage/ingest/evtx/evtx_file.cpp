#include "storage/ingest/evtx/evtx_file.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>

#include "storage/ingest/evtx/evtx_binxml.hpp"
#include "storage/ingest/evtx/evtx_values.hpp"

namespace spelunk::evtx {

namespace {

// Slicing-by-8 tables: every chunk's records are checksummed, so this is on the hot path.
struct CrcTables {
  std::array<std::array<std::uint32_t, 256>, 8> t{};
  constexpr CrcTables() {
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
      t[0][i] = c;
    }
    for (std::uint32_t i = 0; i < 256; ++i)
      for (int s = 1; s < 8; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
  }
};
constexpr CrcTables kCrc;

constexpr std::uint8_t kRecordMagic[4] = {0x2a, 0x2a, 0x00, 0x00};
constexpr std::size_t kRecordHeaderSize = 24;  // magic, size, record id, written time

std::string hex(std::size_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%zx", v);
  return buf;
}

// The number of records a chunk header claims (0 when absent or implausible).
std::size_t claimed_records(std::span<const std::uint8_t> chunk) {
  if (chunk.size() < 24) return 0;
  const std::uint64_t first = le64(chunk.data() + 8), last = le64(chunk.data() + 16);
  if (first == 0 || last < first || last - first >= kChunkSize / 28) return 0;
  return static_cast<std::size_t>(last - first + 1);
}

bool all_zero(std::span<const std::uint8_t> bytes) {
  for (auto b : bytes)
    if (b != 0) return false;
  return true;
}

class ChunkReader {
 public:
  ChunkReader(std::span<const std::uint8_t> chunk, std::size_t index, std::size_t file_offset,
              std::string_view path, ScanResult& result, std::size_t& ordinal)
      : chunk_(chunk), index_(index), file_offset_(file_offset), path_(path), result_(result),
        ordinal_(ordinal) {}

  // Returns false (after reporting) when the chunk is damaged and was skipped.
  bool validate() {
    if (std::memcmp(chunk_.data(), kChunkMagic.data(), kChunkMagic.size()) != 0)
      return damaged("bad chunk signature");
    std::uint32_t header_crc = crc32(chunk_.subspan(0, 120));
    header_crc = crc32(chunk_.subspan(128, kChunkHeaderSize - 128), header_crc);
    if (header_crc != le32(chunk_.data() + 124)) return damaged("chunk header checksum mismatch");
    free_space_ = le32(chunk_.data() + 48);
    if (free_space_ < kChunkHeaderSize || free_space_ > kChunkSize)
      return damaged("free space offset " + hex(free_space_) + " outside the chunk");
    if (crc32(chunk_.subspan(kChunkHeaderSize, free_space_ - kChunkHeaderSize)) !=
        le32(chunk_.data() + 52))
      return damaged("event records checksum mismatch");
    return true;
  }

  void read_records(const RecordCallback& on_record) {
    BinXmlDecoder decoder(chunk_);
    Document doc;
    std::size_t pos = kChunkHeaderSize;
    const std::size_t seen_before = result_.records + result_.skipped;
    while (pos + kRecordHeaderSize + 4 <= free_space_) {
      const std::uint8_t* r = chunk_.data() + pos;
      const std::size_t size = le32(r + 4);
      ++ordinal_;
      if (std::memcmp(r, kRecordMagic, 4) != 0 || size < kRecordHeaderSize + 4 ||
          size > free_space_ - pos || le32(r + size - 4) != size) {
        record_message(ordinal_, "bad record header at chunk offset " + hex(pos) +
                                     ", rest of chunk skipped");
        // The header's count tells how many records are lost with the rest of the chunk.
        const std::size_t seen = result_.records + result_.skipped - seen_before;
        result_.skipped += std::max<std::size_t>(1, claimed_records(chunk_) - std::min(
                                                        claimed_records(chunk_), seen));
        return;
      }
      RecordInfo info{le64(r + 8), le64(r + 16), ordinal_};
      try {
        decoder.decode(pos + kRecordHeaderSize, pos + size - 4, doc);
        ++result_.records;
        on_record(doc, info);
      } catch (const DecodeError& e) {
        record_message(ordinal_, "(record id " + std::to_string(info.record_id) + ") " + e.what());
        ++result_.skipped;
      }
      pos += size;
    }
  }

 private:
  bool damaged(const std::string& what) {
    result_.problems.push_back(
        {0, "chunk " + std::to_string(index_) + " at offset " + hex(file_offset_) + ": " + what + ", chunk skipped", ""});
    ++result_.damaged_chunks;
    result_.skipped += claimed_records(chunk_);
    return false;
  }
  void record_message(std::size_t ordinal, const std::string& what) {
    result_.problems.push_back({ordinal, what, " (chunk " + std::to_string(index_) + ")"});
  }

  std::span<const std::uint8_t> chunk_;
  std::size_t index_, file_offset_;
  std::string_view path_;
  ScanResult& result_;
  std::size_t& ordinal_;
  std::size_t free_space_ = 0;
};

}  // namespace

std::uint32_t crc32(std::span<const std::uint8_t> bytes, std::uint32_t crc) {
  crc = ~crc;
  const std::uint8_t* p = bytes.data();
  std::size_t n = bytes.size();
  const auto& t = kCrc.t;
  for (; n >= 8; p += 8, n -= 8) {
    const std::uint32_t lo = le32(p) ^ crc, hi = le32(p + 4);
    crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
          t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
  }
  for (; n > 0; ++p, --n) crc = t[0][(crc ^ *p) & 0xff] ^ (crc >> 8);
  return ~crc;
}

void scan_evtx_chunks(std::span<const std::uint8_t> file, std::string_view path, ReadRange chunks,
                      const RecordCallback& on_record, ScanResult& result) {
  if (file.size() < kFileHeaderSize ||
      std::memcmp(file.data(), kFileMagic.data(), kFileMagic.size()) != 0) {
    result.problems.push_back({0, "not an EVTX file (bad file signature or shorter than the 4096-byte header)", ""});
    return;
  }
  // Chunks present in the file, whatever the header's (possibly stale) chunk count says; unused
  // chunks past that count are all zeros and are passed over silently.
  const std::size_t header_chunks = le16(file.data() + 42);
  std::size_t ordinal = 0;
  for (std::size_t i = 0, offset = kFileHeaderSize; offset < file.size(); ++i, offset += kChunkSize) {
    if (offset < chunks.begin) continue;
    if (offset >= chunks.end) break;
    const std::size_t available = std::min(kChunkSize, file.size() - offset);
    auto chunk = file.subspan(offset, available);
    if (i >= header_chunks && all_zero(chunk)) continue;
    if (available < kChunkSize) {
      result.problems.push_back({0, "chunk " + std::to_string(i) + " at offset " + hex(offset) + ": truncated (" +
                                        std::to_string(available) + " of 65536 bytes), chunk skipped", ""});
      ++result.damaged_chunks;
      result.skipped += claimed_records(chunk);
      continue;
    }
    ChunkReader reader(chunk, i, offset, path, result, ordinal);
    if (!reader.validate()) continue;
    ++result.chunks;
    reader.read_records(on_record);
  }
  result.ordinals = ordinal;
}

ScanResult scan_evtx(std::span<const std::uint8_t> file, std::string_view path,
                     const RecordCallback& on_record) {
  ScanResult result;
  scan_evtx_chunks(file, path, ReadRange{}, on_record, result);
  for (const RecordProblem& p : result.problems)
    result.messages.push_back(p.record == 0 ? std::string(path) + ": " + p.what
                                            : record_message(std::string(path), "record", p.record, p.what, p.where));
  return result;
}

std::vector<std::uint64_t> split_chunks(std::uint64_t size, unsigned parts) {
  std::vector<std::uint64_t> cuts{0};
  if (size <= kFileHeaderSize || parts < 2) return cuts;
  const std::uint64_t chunks = (size - kFileHeaderSize + kChunkSize - 1) / kChunkSize;
  for (unsigned k = 1; k < parts; ++k) {
    const std::uint64_t first = chunks * k / parts;
    const std::uint64_t cut = kFileHeaderSize + first * kChunkSize;
    if (first > 0 && cut > cuts.back() && cut < size) cuts.push_back(cut);
  }
  return cuts;
}

}  // namespace spelunk::evtx
