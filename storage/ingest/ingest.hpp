// Files -> Store. One reader per input format (storage/ingest/<format>_reader.cpp), chosen by
// looking at the file's first bytes, never at its name.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/store.hpp"

namespace spelunk {

struct IngestOptions {
  std::optional<std::string> sourcetype;  // overrides the default XmlWinEventLog:<Channel>
  std::string index = "main";
  unsigned threads = 0;                   // 0: all cores
};

struct IngestReport {
  std::size_t files = 0;
  std::size_t events = 0;
  std::size_t skipped = 0;     // records that could not be read at all
  std::size_t bytes = 0;       // input bytes read
  // One line each: "path: record 17: <what is wrong>" (record = 1-based ordinal in the file).
  std::vector<std::string> messages;
  bool failed() const { return files == 0 && !messages.empty(); }
};

// A reader: recognises its format from the first bytes of a file and reads the whole file.
struct Reader {
  std::string_view name;  // "xml", "evtx", "json", ...
  bool (*sniff)(std::string_view head);
  // Reads every record of `path` into `out`, reporting problems into `report`.
  void (*read)(const std::string& path, StoreBuilder& out, IngestReport& report,
               const IngestOptions& options);
};

// The readers, in the order they are tried (storage/ingest/readers.cpp: one line each).
const std::vector<Reader>& readers();

// Reads files and folders (recursively) into one store, in parallel.
std::shared_ptr<Store> ingest_paths(const std::vector<std::string>& paths,
                                    const IngestOptions& options, IngestReport& report);

}  // namespace spelunk
