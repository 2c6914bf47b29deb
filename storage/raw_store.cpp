#include "storage/raw_store.hpp"

#include <zstd.h>

#include <stdexcept>

#include <fmt/format.h>

namespace spelunk {

namespace {
constexpr int kZstdLevel = 1;  // fast; XML compresses ~8x even at level 1
}

void RawStore::append(std::string_view raw) {
  pending_.append(raw);
  pending_ends_.push_back(static_cast<std::uint32_t>(pending_.size()));
  ++count_;
  uncompressed_ += raw.size();
  if (pending_ends_.size() >= kBlockEvents || pending_.size() >= kBlockBytes) seal();
}

void RawStore::seal() {
  if (pending_ends_.empty()) return;
  Block b;
  b.rows = static_cast<std::uint32_t>(pending_ends_.size());
  b.first_row = static_cast<std::uint32_t>(count_ - b.rows);
  std::vector<char>& compressed = b.compressed.edit();
  compressed.resize(ZSTD_compressBound(pending_.size()));
  std::size_t n = ZSTD_compress(compressed.data(), compressed.size(), pending_.data(),
                                pending_.size(), kZstdLevel);
  if (ZSTD_isError(n)) throw std::runtime_error("zstd compression failed");
  compressed.resize(n);
  compressed.shrink_to_fit();
  pending_ends_.shrink_to_fit();
  b.ends = std::move(pending_ends_);
  pending_ends_ = {};
  pending_.clear();
  blocks_.push_back(std::move(b));
}

void RawStore::decompress(const Block& b, std::string& out) const {
  out.resize(b.ends.empty() ? 0 : b.ends.back());
  std::size_t n = ZSTD_decompress(out.data(), out.size(), b.compressed.data(), b.compressed.size());
  if (ZSTD_isError(n) || n != out.size()) {
    // Only a saved store's blocks can be damaged: its checksums can be made to match (crafted).
    throw StorageError(fmt::format(
        "{}_raw block {} (events {} to {}) is corrupt: {}", b.file ? *b.file + ": " : "", b.index,
        std::size_t{b.first_row} + 1, std::size_t{b.first_row} + b.rows,
        ZSTD_isError(n) ? std::string("zstd: ") + ZSTD_getErrorName(n)
                        : fmt::format("{} bytes instead of {}", n, out.size())));
  }
}

std::string RawStore::get(std::size_t row) const {
  std::string out;
  scan(row, row + 1, [&](std::size_t, std::string_view raw) { out.assign(raw); });
  return out;
}

void RawStore::scan(std::size_t begin, std::size_t end,
                    const std::function<void(std::size_t, std::string_view)>& fn) const {
  if (end > count_) end = count_;
  if (begin >= end) return;
  // Locate the first block by binary search on first_row.
  std::size_t lo = 0, hi = blocks_.size();
  while (lo < hi) {
    std::size_t mid = (lo + hi) / 2;
    if (blocks_[mid].first_row + blocks_[mid].rows <= begin) lo = mid + 1; else hi = mid;
  }
  std::string buf;
  for (std::size_t bi = lo; bi < blocks_.size() && blocks_[bi].first_row < end; ++bi) {
    const Block& b = blocks_[bi];
    decompress(b, buf);
    for (std::uint32_t i = 0; i < b.rows; ++i) {
      std::size_t row = b.first_row + i;
      if (row < begin) continue;
      if (row >= end) return;
      std::uint32_t s = i == 0 ? 0 : b.ends[i - 1];
      fn(row, std::string_view(buf).substr(s, b.ends[i] - s));
    }
  }
  // Rows not yet sealed.
  std::size_t sealed = count_ - pending_ends_.size();
  for (std::size_t row = std::max(begin, sealed); row < end; ++row) {
    std::size_t i = row - sealed;
    std::uint32_t s = i == 0 ? 0 : pending_ends_[i - 1];
    fn(row, std::string_view(pending_).substr(s, pending_ends_[i] - s));
  }
}

std::size_t RawStore::memory_bytes() const {
  std::size_t n = pending_.capacity() + pending_ends_.capacity() * 4;
  for (const Block& b : blocks_) n += sizeof(Block) + b.compressed.heap_bytes() + b.ends.heap_bytes();
  return n;
}

void RawStore::append_all(RawStore&& other) {
  other.seal();
  seal();
  for (Block& b : other.blocks_) {
    b.first_row = static_cast<std::uint32_t>(count_);
    count_ += b.rows;
    blocks_.push_back(std::move(b));
  }
  uncompressed_ += other.uncompressed_;
  other = RawStore{};
}

}  // namespace spelunk
