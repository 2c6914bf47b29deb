// Builds small EVTX images byte by byte for the EVTX tests: a binary XML encoder (names inline on
// first use, referenced afterwards, like Windows writes them), template definitions, records,
// chunks with valid checksums, and a file header. Only what the tests need.
#pragma once

#include <cstdint>
#include <cstring>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "storage/ingest/evtx/evtx_file.hpp"

namespace evtx_test {

using Bytes = std::vector<std::uint8_t>;

inline void put16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = v & 0xff;
  b[at + 1] = v >> 8;
}
inline void put32(Bytes& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = (v >> (8 * i)) & 0xff;
}
inline void put64(Bytes& b, std::size_t at, std::uint64_t v) {
  for (int i = 0; i < 8; ++i) b[at + i] = (v >> (8 * i)) & 0xff;
}

struct XmlElement;

// Appends to a chunk buffer; every offset is chunk-relative, as in the format.
class ChunkWriter {
 public:
  ChunkWriter() : chunk_(spelunk::evtx::kChunkSize, 0), pos_(spelunk::evtx::kChunkHeaderSize) {}

  std::size_t pos() const { return pos_; }
  Bytes& bytes() { return chunk_; }

  void u8(std::uint8_t v) { chunk_.at(pos_++) = v; }
  void u16(std::uint16_t v) { put16(chunk_, pos_, v), pos_ += 2; }
  void u32(std::uint32_t v) { put32(chunk_, pos_, v), pos_ += 4; }
  void u64(std::uint64_t v) { put64(chunk_, pos_, v), pos_ += 8; }
  void utf16(std::string_view ascii) {
    for (char c : ascii) u16(static_cast<std::uint8_t>(c));
  }
  void raw(const Bytes& b) {
    for (auto x : b) u8(x);
  }

  // Name reference; the name is written inline the first time.
  void name(const std::string& n) {
    auto it = names_.find(n);
    if (it != names_.end()) {
      u32(static_cast<std::uint32_t>(it->second));
      return;
    }
    const auto here = static_cast<std::uint32_t>(pos_ + 4);
    u32(here);
    names_[n] = here;
    u32(0);  // next name in the hash bucket
    u16(0);  // hash (not checked by readers)
    u16(static_cast<std::uint16_t>(n.size()));
    utf16(n);
    u16(0);
  }

  // --- binary XML tokens (template definitions: with dependency identifiers) ---
  void fragment_header() { u8(0x0f), u8(1), u8(1), u8(0); }
  // Element headers carry a dependency identifier inside template definitions only; the data
  // size is patched when the element ends (close_empty / end_element), as Windows writes it:
  // the bytes after the size field up to and including the element's last token.
  void open(const std::string& n, bool attributes, bool dependency_id = true) {
    u8(attributes ? 0x41 : 0x01);
    if (dependency_id) u16(0xffff);
    open_sizes_.push_back(pos_);
    u32(0);  // data size, patched by end_of_element
    name(n);
    if (attributes) u32(0);  // attribute list size
  }
  void attribute(const std::string& n) { u8(0x06), name(n); }
  void close_start() { u8(0x02); }
  void close_empty() { u8(0x03), end_of_element(); }
  void end_element() { u8(0x04), end_of_element(); }
  void end_of_stream() { u8(0x00); }
  // A value token holding a UTF-16 string (forwarded events write every value so).
  void text(std::string_view ascii) {
    u8(0x05), u8(0x01), u16(static_cast<std::uint16_t>(ascii.size()));
    utf16(ascii);
  }
  void substitution(std::uint16_t index, std::uint8_t type, bool optional = false) {
    u8(optional ? 0x0e : 0x0d), u16(index), u8(type);
  }
  void char_ref(std::uint16_t cp) { u8(0x08), u16(cp); }
  void entity_ref(const std::string& n) { u8(0x09), name(n); }

  // Writes a template definition header at pos (the body must follow, then finish_template).
  std::size_t begin_template() {
    const std::size_t at = pos_;
    u32(0);                                  // next template
    for (int i = 0; i < 16; ++i) u8(0x11);   // GUID
    u32(0);                                  // data size, patched by end_template
    return at;
  }
  void end_template(std::size_t at) {
    put32(chunk_, at + 20, static_cast<std::uint32_t>(pos_ - at - 24));
  }

  // A record whose binary XML instantiates the template at `definition` with `values`
  // (type, bytes). When `inline_definition` is set, the definition is written here by `write`.
  struct Value {
    std::uint8_t type;
    Bytes bytes;
  };
  template <class WriteDefinition>
  void record(std::uint64_t id, const std::vector<Value>& values, std::size_t& definition,
              WriteDefinition&& write_definition) {
    const std::size_t start = begin_record(id);
    u8(0x0c), u8(0x01), u32(0x1234);
    const std::size_t def_field = pos_;
    u32(0);
    if (definition == 0) {  // first use: the definition follows inline
      definition = pos_;
      write_definition(*this);
    }
    put32(chunk_, def_field, static_cast<std::uint32_t>(definition));
    u32(static_cast<std::uint32_t>(values.size()));
    for (auto& v : values) u16(static_cast<std::uint16_t>(v.bytes.size())), u8(v.type), u8(0);
    for (auto& v : values) raw(v.bytes);
    end_of_stream();
    end_record(start, id);
  }

  // A forwarded event (Windows Event Forwarding): the collector stores the XML it received as
  // binary XML without a template: the record's stream holds the <Event> element itself, element
  // headers without dependency identifiers, every value a UTF-16 string, names inline on first
  // use in the chunk and referenced afterwards. The record is padded to 8 bytes, as Windows does.
  void forwarded_record(std::uint64_t id, const XmlElement& event);
  void element(const XmlElement& e);

  // Writes UTF-8 text as UTF-16LE code units (surrogate pairs above U+FFFF); returns the count.
  std::size_t utf16_from_utf8(std::string_view utf8) {
    std::size_t units = 0;
    for (std::size_t i = 0; i < utf8.size();) {
      const auto c = static_cast<std::uint8_t>(utf8[i]);
      const int len = c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
      std::uint32_t cp = len == 1 ? c : len == 2 ? c & 0x1f : len == 3 ? c & 0x0f : c & 0x07;
      for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<std::uint8_t>(utf8[i + k]) & 0x3f);
      i += static_cast<std::size_t>(len);
      if (cp >= 0x10000) {
        cp -= 0x10000;
        u16(static_cast<std::uint16_t>(0xd800 + (cp >> 10)));
        u16(static_cast<std::uint16_t>(0xdc00 + (cp & 0x3ff)));
        units += 2;
      } else {
        u16(static_cast<std::uint16_t>(cp));
        ++units;
      }
    }
    return units;
  }
  // A value token holding a UTF-16 string given as UTF-8.
  void text_value(std::string_view utf8) {
    u8(0x05), u8(0x01);
    const std::size_t count_field = pos_;
    u16(0);
    put16(chunk_, count_field, static_cast<std::uint16_t>(utf16_from_utf8(utf8)));
  }

  // A record's header and fragment header; end_record writes its size (both copies).
  std::size_t begin_record(std::uint64_t id) {
    const std::size_t start = pos_;
    u32(0x00002a2a), u32(0), u64(id), u64(132000000000000000ULL + id);
    fragment_header();
    return start;
  }
  void end_record(std::size_t start, std::uint64_t id) {
    const auto size = static_cast<std::uint32_t>(pos_ - start + 4);
    u32(size);
    put32(chunk_, start + 4, size);
    ++records_;
    if (first_id_ == 0) first_id_ = id;
    last_id_ = id;
    last_record_ = start;
  }

  // Fills the chunk header and checksums; returns the finished 64 KiB chunk.
  Bytes finish() {
    std::memcpy(chunk_.data(), "ElfChnk\0", 8);
    put64(chunk_, 8, first_id_), put64(chunk_, 16, last_id_);
    put64(chunk_, 24, first_id_), put64(chunk_, 32, last_id_);
    put32(chunk_, 40, 128);
    put32(chunk_, 44, static_cast<std::uint32_t>(last_record_));
    put32(chunk_, 48, static_cast<std::uint32_t>(pos_));
    put32(chunk_, 52, spelunk::evtx::crc32({chunk_.data() + 512, pos_ - 512}));
    std::uint32_t crc = spelunk::evtx::crc32({chunk_.data(), 120});
    crc = spelunk::evtx::crc32({chunk_.data() + 128, 384}, crc);
    put32(chunk_, 124, crc);
    return chunk_;
  }

 private:
  void end_of_element() {
    if (open_sizes_.empty()) return;  // a test writing a deliberately unbalanced stream
    const std::size_t field = open_sizes_.back();
    open_sizes_.pop_back();
    put32(chunk_, field, static_cast<std::uint32_t>(pos_ - field - 4));
  }

  Bytes chunk_;
  std::size_t pos_;
  std::vector<std::size_t> open_sizes_;  // data-size fields of the elements still open
  std::map<std::string, std::size_t> names_;
  std::size_t records_ = 0, last_record_ = 0;
  std::uint64_t first_id_ = 0, last_id_ = 0;
};

inline Bytes utf16_value(std::string_view ascii) {
  Bytes b;
  for (char c : ascii) b.push_back(static_cast<std::uint8_t>(c)), b.push_back(0);
  return b;
}
inline Bytes le_value(std::uint64_t v, int size) {
  Bytes b;
  for (int i = 0; i < size; ++i) b.push_back((v >> (8 * i)) & 0xff);
  return b;
}

// The event template used by the file-level tests:
// <Event><System><Provider Name='%0'/><EventID>%1</EventID><EventRecordID>%2</EventRecordID>
// <Channel>%3</Channel><Security UserID='%4?'/></System><EventData><Data Name='Image'>%5</Data>
// </EventData></Event>
inline void write_event_template(ChunkWriter& w) {
  const std::size_t at = w.begin_template();
  w.fragment_header();
  w.open("Event", false), w.close_start();
  w.open("System", false), w.close_start();
  w.open("Provider", true), w.attribute("Name"), w.substitution(0, 0x01), w.close_empty();
  w.open("EventID", false), w.close_start(), w.substitution(1, 0x06), w.end_element();
  w.open("EventRecordID", false), w.close_start(), w.substitution(2, 0x0a), w.end_element();
  w.open("Channel", false), w.close_start(), w.substitution(3, 0x01), w.end_element();
  w.open("Security", true), w.attribute("UserID"), w.substitution(4, 0x13, true), w.close_empty();
  w.end_element();  // System
  w.open("EventData", false), w.close_start();
  w.open("Data", true), w.attribute("Name"), w.text("Image"), w.close_start();
  w.substitution(5, 0x01, true), w.end_element();
  w.end_element();  // EventData
  w.end_element();  // Event
  w.end_of_stream();
  w.end_template(at);
}

inline std::vector<ChunkWriter::Value> event_values(std::uint64_t id, std::string_view image) {
  return {{0x01, utf16_value("Test-Provider")},
          {0x06, le_value(4688, 2)},
          {0x0a, le_value(id, 8)},
          {0x01, utf16_value("Security")},
          {0x00, {}},
          {0x01, utf16_value(image)}};
}

// A chunk of `count` records with ids first_id, first_id+1, ...
inline Bytes event_chunk(std::uint64_t first_id, int count) {
  ChunkWriter w;
  std::size_t definition = 0;
  for (int i = 0; i < count; ++i) {
    const std::uint64_t id = first_id + static_cast<std::uint64_t>(i);
    w.record(id, event_values(id, "C:\\Windows\\cmd.exe"), definition, write_event_template);
  }
  return w.finish();
}

// A whole file: header + chunks.
inline Bytes evtx_file(const std::vector<Bytes>& chunks) {
  Bytes f(spelunk::evtx::kFileHeaderSize, 0);
  std::memcpy(f.data(), "ElfFile\0", 8);
  put64(f, 16, chunks.empty() ? 0 : chunks.size() - 1);
  put32(f, 32, 128);
  put16(f, 36, 1), put16(f, 38, 3), put16(f, 40, 4096);
  put16(f, 42, static_cast<std::uint16_t>(chunks.size()));
  put32(f, 124, spelunk::evtx::crc32({f.data(), 120}));
  for (auto& c : chunks) f.insert(f.end(), c.begin(), c.end());
  return f;
}

// --- forwarded events ---------------------------------------------------------------------

// An event as XML text: element names, attributes and character content (UTF-8). Mixed content
// (text beside child elements) is not needed: Windows events have none.
struct XmlElement {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::string text;
  std::vector<XmlElement> children;
};

inline void ChunkWriter::element(const XmlElement& e) {
  open(e.name, !e.attributes.empty(), /*dependency_id=*/false);
  if (!e.attributes.empty()) {
    const std::size_t list_size_field = pos_ - 4;
    for (const auto& [name, value] : e.attributes) attribute(name), text_value(value);
    put32(chunk_, list_size_field, static_cast<std::uint32_t>(pos_ - list_size_field - 4));
  }
  if (e.text.empty() && e.children.empty()) return close_empty();
  close_start();
  if (!e.text.empty()) text_value(e.text);
  for (const XmlElement& c : e.children) element(c);
  end_element();
}

inline void ChunkWriter::forwarded_record(std::uint64_t id, const XmlElement& event) {
  const std::size_t start = begin_record(id);
  element(event);
  end_of_stream();
  while ((pos_ + 4 - start) % 8 != 0) u8(0);
  end_record(start, id);
}

// The same event as XML text (double-quoted attributes, as Event Viewer exports it).
inline void append_xml(const XmlElement& e, std::string& out) {
  auto escaped = [&out](std::string_view s) {
    for (char c : s) {
      if (c == '&') out += "&amp;";
      else if (c == '<') out += "&lt;";
      else if (c == '>') out += "&gt;";
      else if (c == '"') out += "&quot;";
      else out += c;
    }
  };
  out += '<' + e.name;
  for (const auto& [name, value] : e.attributes) {
    out += ' ' + name + "=\"";
    escaped(value);
    out += '"';
  }
  if (e.text.empty() && e.children.empty()) {
    out += "/>";
    return;
  }
  out += '>';
  escaped(e.text);
  for (const XmlElement& c : e.children) append_xml(c, out);
  out += "</" + e.name + '>';
}

// Forwarded events as the Windows Event Collector stores them: Security, Sysmon and a UserData
// event, each with the RenderingInfo the forwarder adds. Values exercise what the text path must
// keep: non-ASCII (é, «», a surrogate pair), markup characters, empty and unnamed Data.
inline std::vector<XmlElement> forwarded_events() {
  const std::string ns = "http://schemas.microsoft.com/win/2004/08/events/event";
  auto system = [](std::string provider, std::string guid, std::string id, std::string time,
                   std::string record, std::string channel, std::string computer) {
    XmlElement s{"System", {}, "", {}};
    XmlElement p{"Provider", {{"Name", provider}}, "", {}};
    if (!guid.empty()) p.attributes.emplace_back("Guid", guid);
    s.children.push_back(p);
    s.children.push_back({"EventID", {}, id, {}});
    s.children.push_back({"Version", {}, "2", {}});
    s.children.push_back({"Level", {}, "0", {}});
    s.children.push_back({"Task", {}, "12544", {}});
    s.children.push_back({"Opcode", {}, "0", {}});
    s.children.push_back({"Keywords", {}, "0x8020000000000000", {}});
    s.children.push_back({"TimeCreated", {{"SystemTime", time}}, "", {}});
    s.children.push_back({"EventRecordID", {}, record, {}});
    s.children.push_back({"Correlation", {}, "", {}});
    s.children.push_back({"Execution", {{"ProcessID", "684"}, {"ThreadID", "7112"}}, "", {}});
    s.children.push_back({"Channel", {}, channel, {}});
    s.children.push_back({"Computer", {}, computer, {}});
    s.children.push_back({"Security", {}, "", {}});
    return s;
  };
  auto data = [](std::string name, std::string value) {
    return XmlElement{"Data", {{"Name", name}}, value, {}};
  };
  auto rendering = [](std::string message, std::string level) {
    return XmlElement{"RenderingInfo", {{"Culture", "fr-FR"}}, "",
                      {{"Message", {}, message, {}}, {"Level", {}, level, {}},
                       {"Task", {}, "Logon", {}}, {"Provider", {}, "Microsoft Windows security", {}},
                       {"Keywords", {}, "", {{"Keyword", {}, "Audit Success", {}}}}}};
  };
  std::vector<XmlElement> events;
  events.push_back({"Event", {{"xmlns", ns}}, "",
                    {system("Microsoft-Windows-Security-Auditing",
                            "{54849625-5478-4994-A5BA-3E3B0328C30D}", "4624",
                            "2024-03-04T08:00:00.1234567Z", "1001", "Security", "DC01.corp.local"),
                     {"EventData", {}, "",
                      {data("SubjectUserSid", "S-1-5-18"), data("TargetUserName", "andré"),
                       data("TargetDomainName", "CORP"), data("LogonType", "3"),
                       data("IpAddress", "10.0.0.5"), data("WorkstationName", "-"),
                       data("ProcessName", "C:\\Windows\\System32\\lsass.exe")}},
                     rendering("Ouverture de session réussie « CORP\\andré » 😀", "Information")}});
  events.push_back({"Event", {{"xmlns", ns}}, "",
                    {system("Microsoft-Windows-Sysmon", "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}",
                            "1", "2024-03-04T08:00:01.0000000Z", "1002",
                            "Microsoft-Windows-Sysmon/Operational", "WS07.corp.local"),
                     {"EventData", {}, "",
                      {data("RuleName", "-"), data("Image", "C:\\Windows\\System32\\cmd.exe"),
                       data("CommandLine", "cmd /c echo a&b <c> \"d\" 'e' > out.txt"),
                       data("User", "CORP\\andré"), data("ParentImage", ""),
                       data("Hashes", "SHA256=9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08")}},
                     rendering("Process Create:", "Information")}});
  events.push_back({"Event", {{"xmlns", ns}}, "",
                    {system("Microsoft-Windows-Eventlog", "", "1102",
                            "2024-03-04T08:00:02.5000000Z", "1003", "Security", "DC01.corp.local"),
                     {"UserData", {}, "",
                      {{"LogFileCleared",
                        {{"xmlns", "http://manifests.microsoft.com/win/2004/08/windows/eventlog"}},
                        "",
                        {{"SubjectUserSid", {}, "S-1-5-21-1-2-3-500", {}},
                         {"SubjectUserName", {}, "admin01", {}},
                         {"SubjectDomainName", {}, "CORP", {}},
                         {"SubjectLogonId", {}, "0x3e7", {}}}}}},
                     rendering("The audit log was cleared.", "Information")}});
  events.push_back({"Event", {{"xmlns", ns}}, "",
                    {system("MSExchange CmdletLogs", "", "1", "2024-03-04T08:00:03.0000000Z",
                            "1004", "MSExchange Management", "EX01.corp.local"),
                     {"EventData", {}, "",
                      {{"Data", {}, "Set-Mailbox", {}}, {"Data", {}, "", {}},
                       {"Data", {}, "-Identity \"Administrateur\" -ForwardingSmtpAddress x@y", {}},
                       {"Data", {}, "fr-FR", {}}}}}});
  return events;
}

// A forwarded-events file: `per_chunk` records in each chunk (so names are inline again in every
// chunk), record ids from `first_id`. `xml` receives the same events as an Event Viewer export.
inline Bytes forwarded_file(const std::vector<XmlElement>& events, std::size_t per_chunk,
                            std::string* xml = nullptr, std::uint64_t first_id = 1) {
  std::vector<Bytes> chunks;
  ChunkWriter w;
  std::size_t in_chunk = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (in_chunk == per_chunk) chunks.push_back(w.finish()), w = ChunkWriter(), in_chunk = 0;
    w.forwarded_record(first_id + i, events[i]);
    ++in_chunk;
  }
  chunks.push_back(w.finish());
  if (xml) {
    *xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Events>\n";
    for (const XmlElement& e : events) append_xml(e, *xml), *xml += '\n';
    *xml += "</Events>\n";
  }
  return evtx_file(chunks);
}

}  // namespace evtx_test
