// Feeds the saved-store reader (spelunk load --save FILE; -d FILE) and then searches over what
// it opened. The XXH3 checksums would stop nearly every mutation at "checksum mismatch", so the
// harness recomputes them (as a crafted file would have them): the fuzzer reaches the catalogue,
// dictionary, code and _raw-block validation behind them, and the searches reach every value the
// validation let through, _raw's zstd blocks included.
#include <xxhash.h>

#include <cstring>
#include <string>
#include <vector>

#include "evaluator/command.hpp"
#include "evaluator/eval.hpp"
#include "evaluator/pipeline.hpp"
#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"
#include "parser/parser.hpp"
#include "storage/storage_error.hpp"
#include "storage/store_file.hpp"

namespace {

template <class T>
T load(const std::uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
template <class T>
void store(std::uint8_t* p, T v) {
  std::memcpy(p, &v, sizeof v);
}

// storage/store_file.cpp's layout: a 64-byte header (file size at 16, section count at 24, table
// checksum at 32), then 48-byte section entries (offset at 16, length at 24, checksum at 32). A
// section's checksum is the XXH3 of the XXH3s of its 4 MiB chunks.
void reseal(std::vector<std::uint8_t>& file) {
  constexpr std::size_t kHeader = 64, kEntry = 48, kChunk = 4u << 20;
  if (file.size() < kHeader) return;
  store<std::uint64_t>(file.data() + 16, file.size());
  const std::uint32_t count = load<std::uint32_t>(file.data() + 24);
  if (count > 64 || kHeader + std::size_t{count} * kEntry > file.size()) return;
  for (std::uint32_t i = 0; i < count; ++i) {
    std::uint8_t* e = file.data() + kHeader + i * kEntry;
    const auto offset = load<std::uint64_t>(e + 16), length = load<std::uint64_t>(e + 24);
    if (offset > file.size() || length > file.size() - offset) continue;
    std::vector<std::uint64_t> sums;
    for (std::uint64_t at = 0; at < length || sums.empty(); at += kChunk)
      sums.push_back(XXH3_64bits(file.data() + offset + at, std::min<std::uint64_t>(kChunk, length - at)));
    store<std::uint64_t>(e + 32, XXH3_64bits(sums.data(), sums.size() * sizeof(std::uint64_t)));
  }
  store<std::uint64_t>(file.data() + 32, XXH3_64bits(file.data() + kHeader, std::size_t{count} * kEntry));
}

// Reads every cell, so that every stored value (and every _raw block) is decoded.
void touch(const spelunk::Result& r) {
  for (std::size_t c = 0; c < r.columns().size(); ++c)
    for (std::size_t row = 0; row < r.size(); ++row) (void)r.get(c, row).to_string();
}

}  // namespace

SPELUNK_FUZZ_HARNESS(saved_store) {
  std::vector<std::uint8_t> bytes(data, data + size);
  reseal(bytes);
  static spelunk::fuzz::MemoryFile file;
  const std::string path = file.write({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  if (path.empty()) return;
  const spelunk::OpenedStore opened = spelunk::open_store(path);
  if (!opened.store) return;
  for (const char* query : {"* | table _time _raw *", "cmd.exe OR EventCode=1 | head 20",
                            "* | stats count dc(host) values(Image) by EventCode",
                            "* | where len(_raw) > 10 | eval x=upper(host)"}) {
    const spelunk::ParseResult parsed = spelunk::parse_query(query);
    if (!parsed.pipeline) __builtin_trap();  // the queries are fixed: they must parse
    spelunk::ExecContext ctx;
    ctx.store = opened.store;
    try {
      touch(spelunk::run_pipeline(*parsed.pipeline, ctx));
    } catch (const spelunk::QueryError&) {
    } catch (const spelunk::EvalError&) {
    } catch (const spelunk::StorageError&) {  // a _raw block that does not decompress
    }
  }
}
