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

// Metadata every event of an input gets, whatever its reader would derive and whatever the record
// itself says: contentctl replays a test's attack data into Splunk with the test's `source` and
// `sourcetype` (HEC parameters), so those are the event's, not XmlWinEventLog:<Channel>.
struct InputMetadata {
  std::optional<std::string> source;
  std::optional<std::string> sourcetype;
  bool empty() const { return !source && !sourcetype; }
};

struct IngestOptions {
  std::optional<std::string> sourcetype;  // overrides the default XmlWinEventLog:<Channel>
  InputMetadata metadata;                 // forced on every event (set per input by ingest_inputs)
  std::string index = "main";
  unsigned threads = 0;                   // 0: all cores
  // Files larger than this are cut at record (or EVTX chunk) starts and read by several threads.
  std::uint64_t split_above = 32ull << 20;
  // Memory bounds against hostile files (README: --max-gunzip, --max-event):
  // a gzip'd file that expands past this is refused with an error naming it (a gzip bomb) ...
  std::uint64_t max_gunzip_bytes = 1ull << 30;
  // ... and an XML event longer than this is skipped with a message (the read buffer grows up to
  // it, so one huge value is read rather than lost).
  std::uint64_t max_event_bytes = 256ull << 20;
};

struct IngestReport {
  std::size_t files = 0;
  std::size_t events = 0;
  std::size_t skipped = 0;     // records that could not be read at all
  std::size_t bytes = 0;       // input bytes read
  // Files found in a folder that are plainly not event logs (README, LICENSE, .md, .txt without
  // events...): skipped without a message, counted here. A file named directly is never ignored.
  std::size_t ignored = 0;
  // One line each: "path: record 17: <what is wrong>" (record = 1-based ordinal in the file).
  std::vector<std::string> messages;
  bool failed() const { return files == 0 && !messages.empty(); }
};

// Part of a file, cut at record boundaries: the records that start in [begin, end).
struct ReadRange {
  std::uint64_t begin = 0;
  std::uint64_t end = UINT64_MAX;
};

// A problem with one record of a range. `record` is 1-based within the range; ingest_paths turns
// it into the file's ordinal when it writes the message.
struct RecordProblem {
  std::size_t record = 0;
  std::string what;
  std::string where;  // written right after the ordinal, e.g. " (chunk 3)"
};

// What reading one range produced (kept per range so parallel reads report deterministically).
struct RangeResult {
  std::size_t records = 0;  // records met: events + skipped
  std::size_t events = 0;
  std::size_t skipped = 0;
  std::size_t bytes = 0;
  std::vector<RecordProblem> problems;
  std::string_view noun = "event";  // what the reader calls a record in messages
};

// A reader: recognises its format from the first bytes of a file and reads the whole file.
struct Reader {
  std::string_view name;  // "xml", "evtx", "json", ...
  bool (*sniff)(std::string_view head);
  // Reads every record of `path` into `out`, reporting problems into `report`.
  void (*read)(const std::string& path, StoreBuilder& out, IngestReport& report,
               const IngestOptions& options);
  // Optional, for large files read by several threads (nullptr: the file is read whole).
  // split: offsets that cut the file into about `parts` ranges at record starts (ascending,
  // first is 0). read_range: reads the records that start in the range.
  std::vector<std::uint64_t> (*split)(const std::string& path, std::uint64_t size,
                                      unsigned parts) = nullptr;
  void (*read_range)(const std::string& path, ReadRange range, StoreBuilder& out,
                     RangeResult& result, const IngestOptions& options) = nullptr;
};

// " (2 files that are not event logs skipped: README, .md, ...)", or "" when none was.
std::string ignored_note(const IngestReport& report);

// Formats a record problem as "path: <noun> <ordinal>: <what>", the one message shape.
std::string record_message(const std::string& path, std::string_view noun, std::size_t ordinal,
                           std::string_view what, std::string_view where = {});

// "1 GiB", "64 MiB", "300 KiB" or "N bytes": how size limits read in messages.
std::string size_text(std::uint64_t bytes);

// The readers, in the order they are tried (storage/ingest/readers.cpp: one line each).
const std::vector<Reader>& readers();

// Reads files and folders (recursively) into one store, in parallel.
std::shared_ptr<Store> ingest_paths(const std::vector<std::string>& paths,
                                    const IngestOptions& options, IngestReport& report);

// A file or folder with the metadata its events get (IngestOptions::metadata for this input only).
struct IngestInput {
  std::string path;
  InputMetadata metadata;
};
// The same, each input read with its own metadata handed down to the reader.
std::shared_ptr<Store> ingest_inputs(const std::vector<IngestInput>& inputs, const IngestOptions& options,
                                     IngestReport& report);

}  // namespace spelunk
