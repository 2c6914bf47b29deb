// A store saved to one file, and opened again through mmap without re-parsing anything.
//
//   spelunk load -d logs/ --save case.spelunk     # ingest once
//   spelunk -d case.spelunk 'search ...'          # later: opens in a fraction of the ingest time
//
// The file holds everything Store holds: the field catalogue (names, layouts, aliases), each
// field's dictionary (value bytes + offsets), the codes (dense, sparse, multi-value lists),
// `_time`, and `_raw` as the same zstd blocks. The big arrays are used straight from the mapping
// (the Store keeps the mapping alive), so opening costs one checksum pass and one validation
// pass over the bytes, no parsing and no hashing.
//
// Layout (little-endian, written and read on the same byte order; checked):
//   header (64 bytes): magic "SPELUNK\x1a", u32 version, u32 byte-order mark, u64 file size,
//                      u32 section count, u32 0, u64 XXH3 of the section table, 24 bytes 0
//   section table:     per section: name[16], u64 offset, u64 length, u64 XXH3, u64 0
//   sections:          each at a 64-byte aligned offset (so every array view is aligned)
// Every offset, length and code is checked against the file before use: a damaged or foreign
// file gives one short error ("FILE: checksum mismatch in section codes"), never a crash.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "storage/store.hpp"

namespace spelunk {

inline constexpr std::uint32_t kStoreFileVersion = 1;

// True when `head` (the first bytes of a file) starts with a saved store's magic.
bool is_saved_store(std::string_view head);

// Writes `store` to `path` (through `path`.tmp, then a rename: a store open from `path` stays
// valid). Returns an error message ("PATH: cannot write (reason)"), or nothing on success.
std::optional<std::string> save_store(const Store& store, const std::string& path);

struct OpenedStore {
  std::shared_ptr<Store> store;  // null on error
  std::string error;             // "PATH: <what is wrong>" when store is null
};

// Maps `path` and checks it (checksums, then every offset, length and code).
OpenedStore open_store(const std::string& path);

}  // namespace spelunk
