// Feeds the EVTX reader. Chunk checksums would stop nearly every mutation at "checksum mismatch",
// so the harness recomputes them first (as a crafted file would have them) and the fuzzer reaches
// the record and binary XML decoding behind them. Two input shapes:
//   - a whole file ("ElfFile\0" ...): every chunk resealed;
//   - anything else: the record area of one chunk (what follows its 512-byte header), wrapped in
//     a file header and a chunk header. Small inputs, so the fuzzer runs fast.
#include <algorithm>
#include <cstring>
#include <vector>

#include "fuzz/fuzz_harness.hpp"
#include "storage/ingest/evtx/evtx_file.hpp"
#include "storage/ingest/evtx/evtx_reader.hpp"
#include "storage/ingest/evtx/evtx_values.hpp"

namespace {

using spelunk::evtx::kChunkHeaderSize;
using spelunk::evtx::kChunkSize;
using spelunk::evtx::kFileHeaderSize;

void put32(std::uint8_t* p, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
}

void reseal_chunk(std::uint8_t* c) {
  const std::uint32_t free_space = spelunk::evtx::le32(c + 48);
  if (free_space >= kChunkHeaderSize && free_space <= kChunkSize)
    put32(c + 52, spelunk::evtx::crc32({c + kChunkHeaderSize, free_space - kChunkHeaderSize}));
  std::uint32_t crc = spelunk::evtx::crc32({c, 120});
  crc = spelunk::evtx::crc32({c + 128, kChunkHeaderSize - 128}, crc);
  put32(c + 124, crc);
}

std::vector<std::uint8_t> one_chunk_file(const std::uint8_t* data, std::size_t size) {
  const std::size_t records = std::min(size, kChunkSize - kChunkHeaderSize);
  std::vector<std::uint8_t> file(kFileHeaderSize + kChunkSize, 0);
  std::memcpy(file.data(), "ElfFile\0", 8);
  file[42] = 1;  // chunk count
  std::uint8_t* c = file.data() + kFileHeaderSize;
  std::memcpy(c, "ElfChnk\0", 8);
  c[8] = c[16] = c[24] = c[32] = 1;  // first and last record numbers and ids
  put32(c + 40, 128);
  put32(c + 48, static_cast<std::uint32_t>(kChunkHeaderSize + records));
  std::memcpy(c + kChunkHeaderSize, data, records);
  reseal_chunk(c);
  return file;
}

}  // namespace

SPELUNK_FUZZ_HARNESS(evtx_reader) {
  std::vector<std::uint8_t> file;
  if (size >= 8 && std::memcmp(data, "ElfFile\0", 8) == 0) {
    file.assign(data, data + size);
    for (std::size_t at = kFileHeaderSize; at + kChunkSize <= file.size(); at += kChunkSize)
      if (std::memcmp(file.data() + at, "ElfChnk\0", 8) == 0) reseal_chunk(file.data() + at);
  } else {
    file = one_chunk_file(data, size);
  }
  spelunk::StoreBuilder out;
  spelunk::IngestReport report;
  spelunk::evtx::read_evtx_image(file, "fuzz.evtx", out, report, {});
  (void)out.finish();
}
