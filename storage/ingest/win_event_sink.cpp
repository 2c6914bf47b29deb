#include "storage/ingest/win_event_sink.hpp"

#include <optional>

#include "storage/ingest/event_time.hpp"

namespace spelunk {

WinEventSink::WinEventSink(StoreBuilder& out, const IngestOptions& options)
    : out_(out), options_(options) {
  // Fields that repeat another one are aliases, stored once (R10.6 lists them all).
  out.alias("EventCode", "EventID");
  out.alias("RecordID", "EventRecordID");
  out.alias("RecordNumber", "EventRecordID");
  out.alias("EventChannel", "Channel");
  out.alias("host", "Computer");
  out.alias("TimeCreated", "SystemTime", 1);  // SystemTime is quoted, TimeCreated is not
  out.alias("SecurityID", "UserID", 1);       // UserID is quoted, SecurityID is not
  f_.event_id = id("EventID");
  f_.version = id("Version");
  f_.level = id("Level");
  f_.task = id("Task");
  f_.opcode = id("Opcode");
  f_.keywords = id("Keywords");
  f_.system_time = id("SystemTime");
  f_.record_id = id("EventRecordID");
  f_.channel = id("Channel");
  f_.computer = id("Computer");
  f_.process_id = id("ProcessID");
  f_.thread_id = id("ThreadID");
  f_.user_id = id("UserID");
  f_.provider_name = id("Name");
  f_.provider_guid = id("Guid");
  f_.source = id("source");
  f_.sourcetype = id("sourcetype");
  f_.index = id("index");
  f_.data = id("Data");
}

WinEventSink::FieldId WinEventSink::id(std::string_view name) {
  if (auto it = ids_.find(name); it != ids_.end()) return it->second;
  FieldId f = out_.field(name);
  ids_.emplace(std::string(name), f);
  return f;
}

// An empty value is no value: Splunk's extractions never create a field from empty text
// (`<Data Name='RuleName'/>` leaves RuleName absent).
// Values are handed over deferred: they live in the caller's parsed event or in this object's
// buffers until end_event().
void WinEventSink::set(FieldId f, std::string_view value) {
  if (!value.empty()) out_.set_deferred(f, value);
}

// First value wins, so a repeated element (hostile input: two <Provider>) is dropped here rather
// than overwriting the buffer a pending value still points into.
void WinEventSink::set_quoted(FieldId f, Quoted which, std::string_view value) {
  const unsigned bit = 1u << which;
  if (value.empty() || (quoted_used_ & bit) != 0) return;
  quoted_used_ |= bit;
  std::string& buffer = quoted_[which];
  buffer.assign("'");
  buffer.append(value);
  buffer.push_back('\'');
  out_.set_deferred(f, buffer);
}

void WinEventSink::begin() {
  channel_ = utc_time_ = system_time_ = {};
  has_event_id_ = false;
  quoted_used_ = 0;
}

// R10.6 (spl-semantics.md §10), System fields with the names and quoting of a real Splunk
// export: the Windows add-on's generic attribute extractor captures ProcessID, ThreadID,
// UserID, Name, Guid and SystemTime WITH the single quotes around the value ('S-1-5-18'),
// while the Sysmon add-on's own transforms give SecurityID and TimeCreated unquoted
// (Trap 14 in §12). EventID's Qualifiers attribute is ignored.
void WinEventSink::system_text(std::string_view element, std::string_view text) {
  if (element.empty()) return;
  switch (element[0]) {
    case 'E':
      if (element == "EventID") {
        set(f_.event_id, text);
        has_event_id_ = has_event_id_ || !text.empty();
      } else if (element == "EventRecordID") {
        set(f_.record_id, text);
      }
      break;
    case 'V':
      if (element == "Version") set(f_.version, text);
      break;
    case 'L':
      if (element == "Level") set(f_.level, text);
      break;
    case 'T':
      if (element == "Task") set(f_.task, text);
      break;
    case 'O':
      if (element == "Opcode") set(f_.opcode, text);
      break;
    case 'K':
      if (element == "Keywords") set(f_.keywords, text);
      break;
    case 'C':
      if (element == "Channel") {
        if (channel_.empty()) channel_ = text;
        set(f_.channel, text);
      } else if (element == "Computer") {
        set(f_.computer, text);
      }
      break;
    default:
      break;
  }
}

void WinEventSink::system_attribute(std::string_view element, std::string_view attribute,
                                    std::string_view value) {
  if (element == "Provider") {
    if (attribute == "Name") set_quoted(f_.provider_name, kProviderName, value);
    else if (attribute == "Guid") set_quoted(f_.provider_guid, kProviderGuid, value);
  } else if (element == "Execution") {
    if (attribute == "ProcessID") set_quoted(f_.process_id, kProcessId, value);
    else if (attribute == "ThreadID") set_quoted(f_.thread_id, kThreadId, value);
  } else if (element == "TimeCreated") {
    if (attribute == "SystemTime") {
      if (system_time_.empty()) system_time_ = value;
      set_quoted(f_.system_time, kSystemTime, value);
    }
  } else if (element == "Security") {
    if (attribute == "UserID") set_quoted(f_.user_id, kUserId, value);
  }
}

void WinEventSink::end_system() {
  const InputMetadata& forced = options_.metadata;
  if (!channel_.empty()) {
    source_.assign("XmlWinEventLog:");
    source_.append(channel_);
    if (!forced.source) out_.set_deferred(f_.source, source_);
    if (!options_.sourcetype && !forced.sourcetype) out_.set_deferred(f_.sourcetype, source_);
  }
  if (forced.source) set(f_.source, *forced.source);
  if (forced.sourcetype) set(f_.sourcetype, *forced.sourcetype);
  else if (options_.sourcetype) set(f_.sourcetype, *options_.sourcetype);
  set(f_.index, options_.index);
}

// R10.5: <Data Name='X'>v</Data> gives X = v, first occurrence wins. <Data> without a Name
// (classic providers, e.g. MSSQL) has no field name to give: its values go, in order, to the
// multi-value field `Data`.
void WinEventSink::data(bool named, std::string_view name, std::string_view value) {
  if (!named) {
    if (!value.empty()) out_.append_deferred(f_.data, value);
    return;
  }
  // Names starting with '_' are Splunk's internal fields (_time, _raw): never taken from data.
  if (name.empty() || name[0] == '_' || value.empty()) return;
  out_.set_deferred(id(name), value);
  if (name == "UtcTime" && utc_time_.empty()) utc_time_ = value;
}

void WinEventSink::user_data_leaf(std::string_view element, std::string_view value) {
  if (element.empty() || element[0] == '_') return;
  set(id(element), value);
}

WinEventSink::Outcome WinEventSink::finish() {
  Outcome outcome;
  outcome.has_event_id = has_event_id_;
  // R10.7: Sysmon's UtcTime (EventData) gives _time; other events use SystemTime.
  std::optional<std::int64_t> t;
  if (!utc_time_.empty()) t = parse_event_time(utc_time_);
  if (!t && !system_time_.empty()) t = parse_event_time(system_time_);
  if (t) {
    out_.set_time(*t);
    outcome.has_time = true;
  }
  return outcome;
}

}  // namespace spelunk
