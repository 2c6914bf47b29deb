// Flat records (key -> values) from JSON and CSV exports -> the field names XML ingest uses.
//
// The correspondence is data: a table of (key, field, rank) in json_mapping.cpp. Keys are the
// record's own names, nested objects joined with '.' ("winlog.event_data.Image"). When several
// keys give the same field (EventID, winlog.event_id, event.code), the lowest rank present wins.
// Keys under a declared prefix ("winlog.event_data.") lose the prefix (before the table is looked
// up); other keys are kept as-is.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "storage/ingest/ingest.hpp"
#include "storage/store.hpp"

namespace spelunk {

struct KeyMapping {
  std::string_view key;    // key in the record (dotted path)
  std::string_view field;  // field name in the store; "_time" and "_raw" are the event's own
  int rank;                // among keys giving the same field, the lowest present wins
  bool also_field = false; // the key is kept as a field too (UtcTime gives _time and stays)
};

const std::vector<KeyMapping>& json_key_mappings();
const std::vector<std::string_view>& json_stripped_prefixes();

// Collects one record's keys and values, then writes the mapped event into a builder.
class MappedEventWriter {
 public:
  MappedEventWriter(StoreBuilder& out, const IngestOptions& options);

  void begin();  // begins the builder's event
  // One value of `key`; calling it again with the same key adds a multi-value. Empty values are
  // no values. `key` and `value` are copied.
  void add(std::string_view key, std::string_view value);
  struct Outcome {
    bool has_time = false;      // a time key gave a valid _time
    bool bad_time = false;      // a time key was present but unreadable
  };
  // Writes the event: mapped fields, source/sourcetype (XmlWinEventLog:<Channel> unless given),
  // index, _time, and _raw (the record's own `_raw`, else `record_text`); ends the event.
  Outcome end(std::string_view record_text);

 private:
  struct Entry {
    std::string key;
    std::string value;
  };
  std::string_view target_of(std::string_view key, int& rank, bool& also_field) const;
  std::string_view target_of_plain(std::string_view key) const;

  StoreBuilder& out_;
  const IngestOptions& options_;
  std::vector<Entry> entries_;
  std::size_t used_ = 0;  // entries_ is reused across records: only the first used_ are live
};

}  // namespace spelunk
