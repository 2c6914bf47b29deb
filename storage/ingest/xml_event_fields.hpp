// Fields of one Windows event rendered as XML (a parsed <Event> element) -> StoreBuilder.
// The mapping follows /work/shared/docs/spl-semantics.md §10 (rules R10.5-R10.7).
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/ingest/ingest.hpp"
#include "storage/store.hpp"

namespace spelunk {

class XmlEventFields {
 public:
  XmlEventFields(StoreBuilder& out, const IngestOptions& options);

  struct Outcome {
    bool has_event_id = false;  // <System><EventID> was found (the event is worth keeping)
    bool has_time = false;      // UtcTime or SystemTime gave a valid _time
  };
  // Sets every field of `event` (the caller brackets it with begin_event / end_event and sets
  // _raw last). No heap allocation once field names and scratch strings are warm.
  Outcome write(pugi::xml_node event);

 private:
  using FieldId = StoreBuilder::FieldId;
  FieldId id(std::string_view name);
  void set(FieldId f, std::string_view value);
  void set_quoted(FieldId f, std::string_view value);
  void write_system(pugi::xml_node system, Outcome& outcome);
  void write_event_data(pugi::xml_node event_data);
  void write_user_data(pugi::xml_node node, int depth);

  // Heterogeneous lookup, so that a field name found in the XML costs no std::string.
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, FieldId, NameHash, std::equal_to<>> ids_;

  StoreBuilder& out_;
  const IngestOptions& options_;
  std::string scratch_;  // reused for quoted values and source/sourcetype
  std::string_view channel_, utc_time_, system_time_;
  struct {
    FieldId event_id, version, level, task, opcode, keywords, system_time, record_id, channel,
        computer, process_id, thread_id, user_id, provider_name, provider_guid, source,
        sourcetype, index, data;
  } f_{};
};

}  // namespace spelunk
