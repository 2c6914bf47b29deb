#include "storage/ingest/json_mapping.hpp"

#include <algorithm>
#include <map>

#include "storage/ingest/time_text.hpp"

namespace spelunk {

const std::vector<KeyMapping>& json_key_mappings() {
  static const std::vector<KeyMapping> table = {
      // The event's own time and text.
      {"_raw", "_raw", 0},
      {"_time", "_time", 0},
      {"UtcTime", "_time", 1, true},  // XML ingest prefers Sysmon's UtcTime too
      {"@timestamp", "_time", 2},
      {"timestamp", "_time", 3},
      // System fields (EventCode, host, EventChannel, RecordNumber are aliases, as in XML).
      {"EventID", "EventID", 0},
      {"EventCode", "EventID", 1},
      {"winlog.event_id", "EventID", 2},
      {"event.code", "EventID", 3},
      {"Channel", "Channel", 0},
      {"EventChannel", "Channel", 1},
      {"winlog.channel", "Channel", 2},
      {"Computer", "Computer", 0},
      {"Hostname", "Computer", 1},
      {"winlog.computer_name", "Computer", 2},
      {"host", "Computer", 3},
      {"host.name", "Computer", 4},
      {"EventRecordID", "EventRecordID", 0},
      {"RecordNumber", "EventRecordID", 1},
      {"RecordID", "EventRecordID", 2},
      {"winlog.record_id", "EventRecordID", 3},
      {"winlog.provider_name", "Name", 0},
      {"winlog.provider_guid", "Guid", 0},
      {"ProviderGuid", "Guid", 1},
      {"winlog.process.pid", "ProcessID", 0},
      {"ExecutionProcessID", "ProcessID", 1},
      {"winlog.process.thread.id", "ThreadID", 0},
      {"ExecutionThreadID", "ThreadID", 1},
      {"source", "source", 0},
      {"sourcetype", "sourcetype", 0},
      {"index", "index", 0},
  };
  return table;
}

const std::vector<std::string_view>& json_stripped_prefixes() {
  static const std::vector<std::string_view> prefixes = {"winlog.event_data.", "winlog.user_data.",
                                                         "event_data.", "EventData."};
  return prefixes;
}

MappedEventWriter::MappedEventWriter(StoreBuilder& out, const IngestOptions& options)
    : out_(out), options_(options) {
  out.alias("EventCode", "EventID");
  out.alias("RecordID", "EventRecordID");
  out.alias("RecordNumber", "EventRecordID");
  out.alias("EventChannel", "Channel");
  out.alias("host", "Computer");
}

void MappedEventWriter::begin() {
  used_ = 0;
  out_.begin_event();
}

void MappedEventWriter::add(std::string_view key, std::string_view value) {
  if (value.empty() || key.empty()) return;
  if (used_ == entries_.size()) entries_.emplace_back();
  Entry& e = entries_[used_++];
  e.key.assign(key);
  e.value.assign(value);
}

std::string_view MappedEventWriter::target_of(std::string_view key, int& rank, bool& also_field) const {
  key = target_of_plain(key);
  rank = 0;
  also_field = false;
  for (const KeyMapping& m : json_key_mappings()) {
    if (m.key == key) {
      rank = m.rank;
      also_field = m.also_field;
      return m.field;
    }
  }
  return key;
}

// The key's name as a plain field (prefix stripped, no mapping).
std::string_view MappedEventWriter::target_of_plain(std::string_view key) const {
  for (std::string_view p : json_stripped_prefixes()) {
    if (key.size() > p.size() && key.substr(0, p.size()) == p) return key.substr(p.size());
  }
  return key;
}

MappedEventWriter::Outcome MappedEventWriter::end(std::string_view record_text) {
  Outcome outcome;
  // Pass 1: for each field, the best-ranked key present.
  std::map<std::string_view, std::pair<int, std::string_view>> best;  // field -> (rank, key)
  for (std::size_t i = 0; i < used_; ++i) {
    int rank = 0;
    bool also_field = false;
    std::string_view field = target_of(entries_[i].key, rank, also_field);
    auto [it, fresh] = best.try_emplace(field, rank, entries_[i].key);
    if (!fresh && rank < it->second.first) it->second = {rank, entries_[i].key};
  }
  // Pass 2: values of the winning keys, in record order (repeated keys are multi-values).
  std::string_view raw = record_text, channel;
  bool has_source = false, has_sourcetype = false, has_index = false;
  for (std::size_t i = 0; i < used_; ++i) {
    const Entry& e = entries_[i];
    int rank = 0;
    bool also_field = false;
    std::string_view field = target_of(e.key, rank, also_field);
    if (also_field) out_.append(out_.field(target_of_plain(e.key)), e.value);
    if (best[field].second != e.key) continue;
    if (field == "_raw") {
      raw = e.value;
    } else if (field == "_time") {
      if (outcome.has_time) continue;
      if (auto t = parse_timestamp_text(e.value)) {
        out_.set_time(*t);
        outcome.has_time = true;
      } else {
        outcome.bad_time = true;
      }
    } else {
      if (field == "Channel" && channel.empty()) channel = e.value;
      // Forced metadata (a replayed input) beats the record's own source / sourcetype.
      if (field == "source" && options_.metadata.source) continue;
      if (field == "sourcetype" && options_.metadata.sourcetype) continue;
      if (field == "source") has_source = true;
      if (field == "sourcetype") has_sourcetype = true;
      if (field == "index") has_index = true;
      out_.append(out_.field(field), e.value);
    }
  }
  if (!outcome.has_time) out_.set_time(0);
  const InputMetadata& forced = options_.metadata;
  if (forced.source) out_.set("source", *forced.source), has_source = true;
  if (forced.sourcetype) out_.set("sourcetype", *forced.sourcetype), has_sourcetype = true;
  if (!channel.empty() && (!has_source || (!has_sourcetype && !options_.sourcetype))) {
    std::string source = "XmlWinEventLog:" + std::string(channel);
    if (!has_source) out_.set("source", source);
    if (!has_sourcetype && !options_.sourcetype) out_.set("sourcetype", source);
  }
  if (options_.sourcetype && !has_sourcetype) out_.set("sourcetype", *options_.sourcetype);
  if (!has_index) out_.set("index", options_.index);
  out_.set_raw(raw);
  out_.end_event();
  return outcome;
}

}  // namespace spelunk
