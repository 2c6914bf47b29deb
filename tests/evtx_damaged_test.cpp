// Damaged EVTX files: truncated, zeroed chunk, bad signatures, oversize lengths, slack space.
// Each case expects the exact message and the partial count: the damaged part is reported and
// skipped, everything else is read. Synthetic files always run; the real-file cases use a file
// from ../shared and skip when it is absent.
#include <doctest/doctest.h>

#include "test_env.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include <unistd.h>

#include "storage/ingest/evtx/evtx_file.hpp"
#include "storage/ingest/evtx/evtx_reader.hpp"
#include "storage/ingest/evtx/evtx_values.hpp"
#include "storage/ingest/ingest.hpp"
#include "tests/evtx_synthetic.hpp"

using namespace spelunk;
using namespace spelunk::evtx;
using namespace evtx_test;

namespace {

// Three chunks of five records: ids 1-5, 6-10, 11-15.
Bytes three_chunk_file() { return evtx_file({event_chunk(1, 5), event_chunk(6, 5), event_chunk(11, 5)}); }

struct Scan {
  ScanResult result;
  std::vector<std::uint64_t> ids;
};

Scan scan(const Bytes& file) {
  Scan s;
  s.result = scan_evtx(file, "t.evtx", [&](const Document& doc, const RecordInfo& info) {
    s.ids.push_back(info.record_id);
    CHECK(doc.root() != nullptr);
  });
  return s;
}

// Recomputes both checksums of the chunk at `offset` (as a crafted file would have them).
void reseal(Bytes& file, std::size_t offset) {
  std::uint8_t* c = file.data() + offset;
  const std::uint32_t free_space = le32(c + 48);
  put32(file, offset + 52, crc32({c + 512, free_space - 512}));
  std::uint32_t crc = crc32({c, 120});
  crc = crc32({c + 128, 384}, crc);
  put32(file, offset + 124, crc);
}

std::string hex(std::size_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%zx", v);
  return b;
}

constexpr std::size_t kChunk1 = kFileHeaderSize + kChunkSize;
constexpr std::size_t kChunk2 = kFileHeaderSize + 2 * kChunkSize;

}  // namespace

TEST_CASE("evtx damaged: an intact synthetic file reads every record") {
  Scan s = scan(three_chunk_file());
  CHECK(s.result.records == 15);
  CHECK(s.result.chunks == 3);
  CHECK(s.result.messages.empty());
  CHECK(s.ids.front() == 1);
  CHECK(s.ids.back() == 15);
}

TEST_CASE("evtx damaged: truncated file") {
  Bytes f = three_chunk_file();
  f.resize(kChunk2 + 1000);
  Scan s = scan(f);
  CHECK(s.result.records == 10);
  CHECK(s.result.damaged_chunks == 1);
  REQUIRE(s.result.messages.size() == 1);
  CHECK(s.result.messages[0] ==
        "t.evtx: chunk 2 at offset 0x21000: truncated (1000 of 65536 bytes), chunk skipped");
  CHECK(s.result.skipped == 5);  // the truncated chunk's header still says 11..15

  f.resize(2000);  // not even a file header
  s = scan(f);
  CHECK(s.result.records == 0);
  REQUIRE(s.result.messages.size() == 1);
  CHECK(s.result.messages[0] ==
        "t.evtx: not an EVTX file (bad file signature or shorter than the 4096-byte header)");
}

TEST_CASE("evtx damaged: zeroed chunk in the middle") {
  Bytes f = three_chunk_file();
  std::fill(f.begin() + kChunk1, f.begin() + kChunk1 + kChunkSize, 0);
  Scan s = scan(f);
  CHECK(s.result.records == 10);
  CHECK(s.ids == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 11, 12, 13, 14, 15});
  REQUIRE(s.result.messages.size() == 1);
  CHECK(s.result.messages[0] == "t.evtx: chunk 1 at offset 0x11000: bad chunk signature, chunk skipped");
}

TEST_CASE("evtx damaged: unused zero chunks past the header's count are not reported") {
  Bytes f = three_chunk_file();
  put16(f, 42, 2);  // header: 2 chunks in use
  put32(f, 124, crc32({f.data(), 120}));
  std::fill(f.begin() + kChunk2, f.end(), 0);
  Scan s = scan(f);
  CHECK(s.result.records == 10);
  CHECK(s.result.messages.empty());
}

TEST_CASE("evtx damaged: bad signatures and checksums") {
  SUBCASE("file signature") {
    Bytes f = three_chunk_file();
    f[0] = 'X';
    Scan s = scan(f);
    CHECK(s.result.records == 0);
    REQUIRE(s.result.messages.size() == 1);
    CHECK(s.result.messages[0].find("not an EVTX file") != std::string::npos);
    CHECK_FALSE(sniff_evtx(std::string_view(reinterpret_cast<const char*>(f.data()), 8)));
  }
  SUBCASE("chunk signature") {
    Bytes f = three_chunk_file();
    f[kChunk2 + 3] = 'x';
    Scan s = scan(f);
    CHECK(s.result.records == 10);
    CHECK(s.result.skipped == 5);
    REQUIRE(s.result.messages.size() == 1);
    CHECK(s.result.messages[0] ==
          "t.evtx: chunk 2 at offset 0x21000: bad chunk signature, chunk skipped");
  }
  SUBCASE("chunk header checksum") {
    Bytes f = three_chunk_file();
    f[kChunk1 + 60] ^= 1;  // a byte covered by the header checksum
    Scan s = scan(f);
    CHECK(s.result.records == 10);
    REQUIRE(s.result.messages.size() == 1);
    CHECK(s.result.messages[0] ==
          "t.evtx: chunk 1 at offset 0x11000: chunk header checksum mismatch, chunk skipped");
  }
  SUBCASE("event records checksum") {
    Bytes f = three_chunk_file();
    f[kChunk1 + 600] ^= 1;  // a byte inside the first record
    Scan s = scan(f);
    CHECK(s.result.records == 10);
    REQUIRE(s.result.messages.size() == 1);
    CHECK(s.result.messages[0] ==
          "t.evtx: chunk 1 at offset 0x11000: event records checksum mismatch, chunk skipped");
  }
}

TEST_CASE("evtx damaged: oversize lengths in a resealed (crafted) chunk") {
  Bytes f = three_chunk_file();
  // record offsets in chunk 1: walk the sizes
  std::vector<std::size_t> records;
  for (std::size_t pos = 512; records.size() < 5; pos += le32(f.data() + kChunk1 + pos + 4))
    records.push_back(pos);

  SUBCASE("record size larger than the chunk: the rest of the chunk is skipped") {
    put32(f, kChunk1 + records[2] + 4, 0xffffff00u);
    reseal(f, kChunk1);
    Scan s = scan(f);
    CHECK(s.result.records == 12);
    CHECK(s.result.skipped == 3);  // the chunk header claims 5 records, 2 were read
    REQUIRE(s.result.messages.size() == 1);
    CHECK(s.result.messages[0] == "t.evtx: record 8 (chunk 1): bad record header at chunk offset " +
                                      hex(records[2]) + ", rest of chunk skipped");
  }
  SUBCASE("substitution value size past the record: only that record is lost") {
    put16(f, kChunk1 + records[3] + 24 + 4 + 10 + 4, 0xfff0);
    reseal(f, kChunk1);
    Scan s = scan(f);
    CHECK(s.result.records == 14);
    CHECK(s.result.skipped == 1);
    REQUIRE(s.result.messages.size() == 1);
    CHECK(s.result.messages[0].starts_with("t.evtx: record 9 (chunk 1): (record id 9) data at "));
    CHECK(std::find(s.ids.begin(), s.ids.end(), 9u) == s.ids.end());
  }
  SUBCASE("free space offset past the chunk end") {
    put32(f, kChunk1 + 48, 0x20000);  // only the header checksum can be made to match
    std::uint32_t crc = crc32({f.data() + kChunk1, 120});
    crc = crc32({f.data() + kChunk1 + 128, 384}, crc);
    put32(f, kChunk1 + 124, crc);
    Scan s = scan(f);
    CHECK(s.result.records == 10);
    REQUIRE(s.result.messages.size() == 1);
    CHECK(s.result.messages[0] ==
          "t.evtx: chunk 1 at offset 0x11000: free space offset 0x20000 outside the chunk, "
          "chunk skipped");
  }
}

TEST_CASE("evtx damaged: records in slack space are not invented") {
  Bytes f = three_chunk_file();
  std::size_t third = 512;
  for (int i = 0; i < 3; ++i) third += le32(f.data() + kChunk1 + third + 4);
  // The chunk now ends after its third record; records 4 and 5 remain as slack bytes.
  put32(f, kChunk1 + 48, static_cast<std::uint32_t>(third));
  reseal(f, kChunk1);
  Scan s = scan(f);
  CHECK(s.result.records == 13);
  CHECK(s.result.messages.empty());
  CHECK(std::find(s.ids.begin(), s.ids.end(), 9u) == s.ids.end());
}

TEST_CASE("evtx damaged: the reader reports into IngestReport and keeps the other events") {
  Bytes f = three_chunk_file();
  std::fill(f.begin() + kChunk1, f.begin() + kChunk1 + 100, 0);
  StoreBuilder out;
  IngestReport report;
  IngestOptions options;
  read_evtx_image(f, "t.evtx", out, report, options);
  Store store = out.finish();
  CHECK(report.events == 10);
  CHECK(store.rows() == 10);
  // In the order met: one line per event without a time (the synthetic template has no
  // TimeCreated), chunk 0's five, the damaged chunk 1, then chunk 2's five.
  REQUIRE(report.messages.size() == 11);
  CHECK(report.messages[0] ==
        "t.evtx: record 1 (record id 1): no valid UtcTime or SystemTime, _time set to 0");
  CHECK(report.messages[5].starts_with("t.evtx: chunk 1 at offset 0x11000: bad chunk signature"));
  CHECK(report.messages[6].starts_with("t.evtx: record 6 (record id "));
  const Column* image = store.column("Image");
  REQUIRE(image != nullptr);
  CHECK(image->dict().value(image->code(0)) == "C:\\Windows\\cmd.exe");
}

TEST_CASE("evtx damaged: a real file with one chunk zeroed and one truncated") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(spelunk::test::shared_dir()) / "data" / "evtx-attack-samples";
  if (!spelunk::test::shared_available(dir.string())) return;
  // The sample with the most records (several chunks in use), ties broken by path.
  fs::path chosen;
  std::size_t most = 0;
  std::vector<fs::path> paths;
  for (auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().extension() == ".evtx") paths.push_back(e.path());
  std::sort(paths.begin(), paths.end());
  Bytes original;
  for (auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    Bytes bytes((std::istreambuf_iterator<char>(in)), {});
    const std::size_t n = scan(bytes).result.records;
    if (n > most) most = n, chosen = p, original = std::move(bytes);
  }
  REQUIRE(original.size() >= kFileHeaderSize + 3 * kChunkSize);
  INFO("file: " << chosen.string());

  std::vector<std::size_t> per_chunk;  // records per chunk in the intact file
  std::size_t total = 0;
  for (std::size_t off = kFileHeaderSize; off + kChunkSize <= original.size(); off += kChunkSize) {
    Bytes one = evtx_file({Bytes(original.begin() + static_cast<long>(off),
                                 original.begin() + static_cast<long>(off + kChunkSize))});
    per_chunk.push_back(scan(one).result.records);
    total += per_chunk.back();
  }
  REQUIRE(per_chunk[1] > 0);
  Scan intact = scan(original);
  CHECK(intact.result.messages.empty());
  CHECK(intact.result.records == total);

  Bytes damaged = original;
  std::fill(damaged.begin() + kChunk1, damaged.begin() + kChunk1 + kChunkSize, 0);
  damaged.resize(kChunk2 + 30000);
  Scan s = scan(damaged);
  CHECK(s.result.records == per_chunk[0]);
  REQUIRE(s.result.messages.size() == 2);
  CHECK(s.result.messages[0] == "t.evtx: chunk 1 at offset 0x11000: bad chunk signature, chunk skipped");
  CHECK(s.result.messages[1] ==
        "t.evtx: chunk 2 at offset 0x21000: truncated (30000 of 65536 bytes), chunk skipped");
}

TEST_CASE("evtx damaged: random corruption of resealed chunks never crashes the reader") {
  // Flipped bytes in record data, with checksums recomputed so that the binary XML decoder (not
  // the checksum) meets them: every record is either decoded or reported, never invented.
  const Bytes intact = three_chunk_file();
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  auto next = [&] {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return state;
  };
  const std::size_t free_space = le32(intact.data() + kChunk1 + 48);
  for (int round = 0; round < 3000; ++round) {
    Bytes f = intact;
    const int flips = 1 + static_cast<int>(next() % 4);
    for (int i = 0; i < flips; ++i)
      f[kChunk1 + 512 + next() % (free_space - 512)] = static_cast<std::uint8_t>(next());
    reseal(f, kChunk1);
    Scan s = scan(f);
    REQUIRE(s.result.records + s.result.skipped >= 10);
    REQUIRE(s.result.records <= 15);
  }
}

namespace {

struct Ingested {
  std::shared_ptr<Store> store;
  IngestReport report;
};

Ingested ingest_with(const std::vector<std::string>& paths, unsigned threads, std::uint64_t split_above) {
  IngestOptions options;
  options.threads = threads;
  options.split_above = split_above;
  Ingested out;
  out.store = ingest_paths(paths, options, out.report);
  return out;
}

// Same rows in the same order, same _raw, same messages and counts.
void check_same(const Ingested& whole, const Ingested& split) {
  CHECK(split.report.events == whole.report.events);
  CHECK(split.report.skipped == whole.report.skipped);
  CHECK(split.report.bytes == whole.report.bytes);
  CHECK(split.report.messages == whole.report.messages);
  REQUIRE(split.store->rows() == whole.store->rows());
  std::vector<std::string> a, b;
  whole.store->raw().scan(0, whole.store->rows(), [&](std::size_t, std::string_view raw) { a.emplace_back(raw); });
  split.store->raw().scan(0, split.store->rows(), [&](std::size_t, std::string_view raw) { b.emplace_back(raw); });
  CHECK(a == b);
  CHECK(std::equal(whole.store->times().begin(), whole.store->times().end(), split.store->times().begin()));
}

}  // namespace

TEST_CASE("evtx split: a file read in chunk ranges by several threads gives the whole-file result") {
  Bytes f = three_chunk_file();
  std::fill(f.begin() + kChunk1, f.begin() + kChunk1 + 100, 0);  // chunk 1 damaged
  CHECK(split_evtx("", f.size(), 3) == std::vector<std::uint64_t>{0, kChunk1, kChunk1 + kChunkSize});
  CHECK(split_evtx("", f.size(), 1) == std::vector<std::uint64_t>{0});
  const auto path = std::filesystem::temp_directory_path() / ("spelunk_split_" + std::to_string(::getpid()) + ".evtx");
  {
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(f.data()), static_cast<std::streamsize>(f.size()));
  }
  Ingested whole = ingest_with({path.string()}, 1, UINT64_MAX);
  Ingested split = ingest_with({path.string()}, 3, 0);
  std::filesystem::remove(path);
  CHECK(whole.report.events == 10);
  REQUIRE(whole.report.messages.size() == 11);
  CHECK(whole.report.messages[6].find(": record 6 (record id ") != std::string::npos);  // file ordinals
  check_same(whole, split);
}

TEST_CASE("evtx split: every shared EVTX file read in parts equals its whole-file read") {
  const std::string dir = spelunk::test::shared_dir() + "/data/evtx-attack-samples";
  if (!spelunk::test::shared_available(dir)) return;
  Ingested whole = ingest_with({dir}, 1, UINT64_MAX);
  Ingested split = ingest_with({dir}, 2, 0);  // every file cut in two at a chunk start
  CHECK(whole.report.events == 8255);
  check_same(whole, split);
}
