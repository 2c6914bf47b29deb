// `_raw` for every event, kept in compressed blocks.
//
// Events are appended in order; every kBlockEvents events (or kBlockBytes bytes) the pending block
// is compressed with zstd. Reading decompresses one block at a time; scans walk blocks in order
// so that each block is decompressed once per scan.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "storage/owned_or_mapped.hpp"
#include "storage/storage_error.hpp"

namespace spelunk {

struct StoreFileAccess;  // storage/store_file.cpp

class RawStore {
 public:
  static constexpr std::size_t kBlockEvents = 256;
  static constexpr std::size_t kBlockBytes = 256 * 1024;

  void append(std::string_view raw);
  void seal();  // compresses the pending block (called by finish)

  std::size_t size() const { return count_; }
  // One event's raw text. Reading a block that does not decompress throws StorageError.
  std::string get(std::size_t row) const;

  // Calls fn(row, raw) for every row in [begin, end), decompressing each block once.
  void scan(std::size_t begin, std::size_t end,
            const std::function<void(std::size_t, std::string_view)>& fn) const;

  std::size_t memory_bytes() const;
  std::size_t uncompressed_bytes() const { return uncompressed_; }

  void append_all(RawStore&& other);

 private:
  friend struct StoreFileAccess;
  // Owned while building; views of the mapping when the store was opened from a file.
  struct Block {
    std::uint32_t first_row = 0;
    std::uint32_t rows = 0;
    OwnedOrMapped<char> compressed;          // zstd frame of the concatenated raws
    OwnedOrMapped<std::uint32_t> ends;       // end offset of each raw in the decompressed block
    std::shared_ptr<const std::string> file; // the saved store it was read from (null: built here)
    std::uint32_t index = 0;                 // its number in that file, for messages
  };
  void decompress(const Block& b, std::string& out) const;

  std::vector<Block> blocks_;
  std::string pending_;
  std::vector<std::uint32_t> pending_ends_;
  std::size_t count_ = 0;
  std::size_t uncompressed_ = 0;
};

}  // namespace spelunk
