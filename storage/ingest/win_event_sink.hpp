// One Windows event's values -> StoreBuilder, whatever the input format: the field mapping of
// ../shared/docs/spl-semantics.md §10 (R10.5-R10.7) in one place. The XML reader (pugixml
// nodes, xml_event_fields.cpp) and the EVTX reader (decoded binary XML, evtx_reader.cpp) both
// walk their event and feed it here, so the two give the same fields and values by construction.
//
// Order of calls for one event (the caller brackets it with StoreBuilder::begin_event and
// set_raw/end_event):
//   begin();  system_text / system_attribute for each <System> child;  end_system();
//   data / user_data_leaf for the payload;  finish().
// Views passed in must stay valid until StoreBuilder::end_event(): values are handed over
// deferred (StoreBuilder::set_deferred), read only when the event ends.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/ingest/ingest.hpp"
#include "storage/store.hpp"

namespace spelunk {

class WinEventSink {
 public:
  WinEventSink(StoreBuilder& out, const IngestOptions& options);

  struct Outcome {
    bool has_event_id = false;  // <System><EventID> was found (the event is worth keeping)
    bool has_time = false;      // UtcTime or SystemTime gave a valid _time
    // Set by the walkers (XML, EVTX): <UserData> nested deeper than they descend (kMaxUserDataDepth);
    // the elements below are in _raw only, which the reader reports.
    bool user_data_too_deep = false;
  };
  static constexpr int kMaxUserDataDepth = 32;  // hostile nesting never recurses without bound

  void begin();
  // The text of <System><element> (EventID, Version, Level, Task, Opcode, Keywords,
  // EventRecordID, Channel, Computer; other elements are ignored).
  void system_text(std::string_view element, std::string_view text);
  // An attribute of a <System> child (Provider Name/Guid, TimeCreated SystemTime, Execution
  // ProcessID/ThreadID, Security UserID; others are ignored).
  void system_attribute(std::string_view element, std::string_view attribute,
                        std::string_view value);
  // After <System>: source, sourcetype, index (set before the payload, so that a data item
  // named `source` or `index` cannot take their place: first value wins).
  void end_system();
  // <EventData><Data Name='name'>value</Data>; `named` is false for <Data> without Name.
  void data(bool named, std::string_view name, std::string_view value);
  // A leaf element of <UserData>.
  void user_data_leaf(std::string_view element, std::string_view value);
  // Sets _time (R10.7) and tells what the event had.
  Outcome finish();

 private:
  using FieldId = StoreBuilder::FieldId;
  FieldId id(std::string_view name);
  void set(FieldId f, std::string_view value);
  // The quoted System fields, each with its own buffer (a deferred value must stay put until
  // end_event, so one shared scratch string would not do).
  enum Quoted {
    kProviderName, kProviderGuid, kProcessId, kThreadId, kSystemTime, kUserId, kQuotedCount
  };
  void set_quoted(FieldId f, Quoted which, std::string_view value);

  // Heterogeneous lookup, so that a field name found in an event costs no std::string.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, FieldId, NameHash, std::equal_to<>> ids_;

  StoreBuilder& out_;
  const IngestOptions& options_;
  std::string quoted_[kQuotedCount];  // valid until end_event
  unsigned quoted_used_ = 0;          // bit per Quoted: its buffer holds this event's value
  std::string source_;                // source (and sourcetype), valid until end_event
  std::string_view channel_, utc_time_, system_time_;
  bool has_event_id_ = false;
  struct {
    FieldId event_id, version, level, task, opcode, keywords, system_time, record_id, channel,
        computer, process_id, thread_id, user_id, provider_name, provider_guid, source,
        sourcetype, index, data;
  } f_{};
};

}  // namespace spelunk
