#include "storage/ingest/xml_event_fields.hpp"

#include <cstring>

#include "storage/ingest/event_time.hpp"

namespace spelunk {

namespace {

constexpr int kMaxUserDataDepth = 32;  // hostile nesting never recurses without bound

bool named(pugi::xml_node n, const char* name) { return std::strcmp(n.name(), name) == 0; }

// Text content of an element: its first PCDATA/CDATA child ("" when empty or self-closing).
std::string_view text_of(pugi::xml_node n) { return n.child_value(); }

std::string_view attr(pugi::xml_node n, const char* name) {
  return n.attribute(name).value();
}

}  // namespace

XmlEventFields::XmlEventFields(StoreBuilder& out, const IngestOptions& options)
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

XmlEventFields::FieldId XmlEventFields::id(std::string_view name) {
  if (auto it = ids_.find(name); it != ids_.end()) return it->second;
  FieldId f = out_.field(name);
  ids_.emplace(std::string(name), f);
  return f;
}

// An empty value is no value: Splunk's extractions never create a field from empty text
// (`<Data Name='RuleName'/>` leaves RuleName absent).
void XmlEventFields::set(FieldId f, std::string_view value) {
  if (!value.empty()) out_.set(f, value);
}

void XmlEventFields::set_quoted(FieldId f, std::string_view value) {
  if (value.empty()) return;
  scratch_.assign("'");
  scratch_.append(value);
  scratch_.push_back('\'');
  out_.set(f, scratch_);
}

XmlEventFields::Outcome XmlEventFields::write(pugi::xml_node event) {
  Outcome outcome;
  channel_ = utc_time_ = system_time_ = {};
  // System and the metadata first: an EventData item named `host` or `source` must not take
  // the place of the real one (first value wins in the builder).
  pugi::xml_node system = event.child("System");
  if (system) write_system(system, outcome);
  if (!channel_.empty()) {
    scratch_.assign("XmlWinEventLog:");
    scratch_.append(channel_);
    out_.set(f_.source, scratch_);
    if (!options_.sourcetype) out_.set(f_.sourcetype, scratch_);
  }
  if (options_.sourcetype) set(f_.sourcetype, *options_.sourcetype);
  set(f_.index, options_.index);
  for (pugi::xml_node part = event.first_child(); part; part = part.next_sibling()) {
    if (part.type() != pugi::node_element) continue;
    if (named(part, "EventData")) {
      write_event_data(part);
    } else if (named(part, "UserData")) {
      write_user_data(part, 0);
    }
    // RenderingInfo (Event Viewer exports) is ignored: XML events have no Message (R10.4).
  }
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

// R10.6 (spl-semantics.md §10), System fields with the names and quoting of a real Splunk
// export: the Windows add-on's generic attribute extractor captures ProcessID, ThreadID,
// UserID, Name, Guid and SystemTime WITH the single quotes around the value ('S-1-5-18'),
// while the Sysmon add-on's own transforms give SecurityID and TimeCreated unquoted
// (Trap 14 in §12). EventID's Qualifiers attribute is ignored.
void XmlEventFields::write_system(pugi::xml_node system, Outcome& outcome) {
  for (pugi::xml_node n = system.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    const char* name = n.name();
    switch (name[0]) {
      case 'P':
        if (named(n, "Provider")) {
          set_quoted(f_.provider_name, attr(n, "Name"));
          set_quoted(f_.provider_guid, attr(n, "Guid"));
        }
        break;
      case 'E':
        if (named(n, "EventID")) {
          std::string_view v = text_of(n);
          set(f_.event_id, v);
          outcome.has_event_id = !v.empty();
        } else if (named(n, "EventRecordID")) {
          std::string_view v = text_of(n);
          set(f_.record_id, v);
        } else if (named(n, "Execution")) {
          set_quoted(f_.process_id, attr(n, "ProcessID"));
          set_quoted(f_.thread_id, attr(n, "ThreadID"));
        }
        break;
      case 'V':
        if (named(n, "Version")) set(f_.version, text_of(n));
        break;
      case 'L':
        if (named(n, "Level")) set(f_.level, text_of(n));
        break;
      case 'T':
        if (named(n, "Task")) {
          set(f_.task, text_of(n));
        } else if (named(n, "TimeCreated")) {
          system_time_ = attr(n, "SystemTime");
          set_quoted(f_.system_time, system_time_);
        }
        break;
      case 'O':
        if (named(n, "Opcode")) set(f_.opcode, text_of(n));
        break;
      case 'K':
        if (named(n, "Keywords")) set(f_.keywords, text_of(n));
        break;
      case 'C':
        if (named(n, "Channel")) {
          channel_ = text_of(n);
          set(f_.channel, channel_);
        } else if (named(n, "Computer")) {
          std::string_view v = text_of(n);
          set(f_.computer, v);
        }
        break;
      case 'S':
        if (named(n, "Security")) {
          std::string_view v = attr(n, "UserID");
          set_quoted(f_.user_id, v);
        }
        break;
      default:
        break;
    }
  }
}

// R10.5: <Data Name='X'>v</Data> gives X = v, first occurrence wins, entities decoded by the
// parser. <Data> without a Name (classic providers, e.g. MSSQL) has no field name to give: its
// values go, in order, to the multi-value field `Data`.
void XmlEventFields::write_event_data(pugi::xml_node event_data) {
  for (pugi::xml_node n = event_data.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element || !named(n, "Data")) continue;
    std::string_view value = text_of(n);
    pugi::xml_attribute name = n.attribute("Name");
    if (!name) {
      if (!value.empty()) out_.append(f_.data, value);
      continue;
    }
    std::string_view field = name.value();
    // Names starting with '_' are Splunk's internal fields (_time, _raw): never taken from data.
    if (field.empty() || field[0] == '_' || value.empty()) continue;
    FieldId f = id(field);
    out_.set(f, value);
    if (field == "UtcTime" && utc_time_.empty()) utc_time_ = value;
  }
}

// <UserData>: every leaf element gives a field named after the element (first wins).
void XmlEventFields::write_user_data(pugi::xml_node node, int depth) {
  if (depth > kMaxUserDataDepth) return;
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    if (n.find_child([](pugi::xml_node c) { return c.type() == pugi::node_element; })) {
      write_user_data(n, depth + 1);
    } else if (n.name()[0] != '_') {
      set(id(n.name()), text_of(n));
    }
  }
}

}  // namespace spelunk
