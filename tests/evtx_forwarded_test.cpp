// Forwarded events (Windows Event Forwarding): records without templates, whose element headers
// carry no dependency identifier. The header layout is decided by where an element sits
// (template definition or not) and every element's data size must agree with where its tokens
// end, so a wrong layout or a damaged size is an error naming the record, never garbage.
// The files are built by tests/evtx_synthetic.hpp; the field-by-field comparison with the same
// events as XML is in evtx_differential_test.cpp.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

#include "storage/ingest/evtx/evtx_binxml.hpp"
#include "storage/ingest/evtx/evtx_file.hpp"
#include "storage/ingest/evtx/evtx_values.hpp"
#include "tests/evtx_synthetic.hpp"

using namespace spelunk::evtx;
using namespace evtx_test;

namespace {

std::string hex(std::size_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%zx", v);
  return b;
}

std::string rendered(const Document& doc) {
  std::string out;
  render_xml(doc, out);
  return out;
}

XmlElement small_event(const std::string& id) {
  return {"Event",
          {{"xmlns", "http://schemas.microsoft.com/win/2004/08/events/event"}},
          "",
          {{"System", {}, "", {{"EventID", {}, id, {}}, {"Computer", {}, "WS01", {}}}},
           {"EventData", {}, "", {{"Data", {{"Name", "User"}}, "andré", {}}}}}};
}

// Chunk offsets of the records of the chunk at `chunk` in `file`.
std::vector<std::size_t> record_offsets(const Bytes& file, std::size_t chunk) {
  std::vector<std::size_t> out;
  const std::size_t free_space = le32(file.data() + chunk + 48);
  for (std::size_t pos = 512; pos < free_space; pos += le32(file.data() + chunk + pos + 4))
    out.push_back(pos);
  return out;
}

void reseal(Bytes& file, std::size_t offset) {
  std::uint8_t* c = file.data() + offset;
  put32(file, offset + 52, crc32({c + 512, le32(c + 48) - 512}));
  std::uint32_t crc = crc32({c, 120});
  crc = crc32({c + 128, 384}, crc);
  put32(file, offset + 124, crc);
}

constexpr std::size_t kChunk0 = kFileHeaderSize;

}  // namespace

TEST_CASE("evtx forwarded: a record without a template decodes to its XML") {
  const Bytes file = forwarded_file({small_event("4624"), small_event("4625")}, 10);
  std::vector<std::string> xml;
  ScanResult scan = scan_evtx(file, "f.evtx", [&](const Document& doc, const RecordInfo&) {
    xml.push_back(rendered(doc));
  });
  CHECK(scan.messages.empty());
  REQUIRE(xml.size() == 2);
  CHECK(xml[0] ==
        "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
        "<EventID>4624</EventID><Computer>WS01</Computer></System><EventData>"
        "<Data Name='User'>andré</Data></EventData></Event>");
  CHECK(xml[1].find("<EventID>4625</EventID>") != std::string::npos);
}

TEST_CASE("evtx forwarded: names are inline on first use in a chunk, referenced afterwards") {
  // Two records per chunk: the second record of a chunk references the first one's names, the
  // first record of the next chunk writes them inline again (names never cross chunks).
  const Bytes file = forwarded_file({small_event("1"), small_event("2"), small_event("3")}, 2);
  const auto chunk0 = record_offsets(file, kChunk0);
  const auto chunk1 = record_offsets(file, kChunk0 + kChunkSize);
  REQUIRE(chunk0.size() == 2);
  REQUIRE(chunk1.size() == 1);
  // The <Event> element's name offset (after token and data size) follows the fragment header.
  auto event_name_offset = [&](std::size_t chunk, std::size_t record) {
    return le32(file.data() + chunk + record + 24 + 4 + 1 + 4);
  };
  CHECK(event_name_offset(kChunk0, chunk0[0]) == chunk0[0] + 24 + 4 + 9);  // inline
  CHECK(event_name_offset(kChunk0, chunk0[1]) == chunk0[0] + 24 + 4 + 9);  // back-reference
  CHECK(event_name_offset(kChunk0 + kChunkSize, chunk1[0]) == chunk1[0] + 24 + 4 + 9);
  std::vector<std::string> ids;
  ScanResult scan = scan_evtx(file, "f.evtx", [&](const Document& doc, const RecordInfo&) {
    ids.push_back(doc.child(*doc.child(*doc.root(), "System"), "EventID")->text);
  });
  CHECK(scan.messages.empty());
  CHECK(ids == std::vector<std::string>{"1", "2", "3"});
}

TEST_CASE("evtx forwarded: templated and forwarded records in one chunk are both read") {
  // The layout follows where an element sits: 11-byte headers in the template definition,
  // 9-byte headers in the forwarded record beside it.
  ChunkWriter w;
  std::size_t definition = 0;
  w.record(1, event_values(1, "C:\\Windows\\cmd.exe"), definition, write_event_template);
  w.forwarded_record(2, small_event("4688"));
  w.record(3, event_values(3, "C:\\Windows\\notepad.exe"), definition, write_event_template);
  const Bytes file = evtx_file({w.finish()});
  std::vector<std::string> xml;
  ScanResult scan = scan_evtx(file, "f.evtx", [&](const Document& doc, const RecordInfo&) {
    xml.push_back(rendered(doc));
  });
  CHECK(scan.messages.empty());
  REQUIRE(xml.size() == 3);
  CHECK(xml[0].find("<Data Name='Image'>C:\\Windows\\cmd.exe</Data>") != std::string::npos);
  CHECK(xml[1].find("<EventID>4688</EventID>") != std::string::npos);
  CHECK(xml[2].find("notepad.exe") != std::string::npos);
}

TEST_CASE("evtx forwarded: typed values outside substitutions") {
  ChunkWriter w;
  const std::size_t record = w.begin_record(1);
  w.open("Event", false, false), w.close_start();
  w.open("EventID", false, false), w.close_start();
  const std::size_t value = w.pos();
  w.u8(0x05), w.u8(kUInt16), w.u16(4624);  // a value token holding an unsigned 16-bit integer
  w.end_element();
  w.end_element();
  w.end_of_stream();
  w.end_record(record, 1);
  Bytes chunk = w.finish();
  Document doc;
  BinXmlDecoder decoder(chunk);
  decoder.decode(record + 24, record + le32(chunk.data() + record + 4) - 4, doc);
  CHECK(rendered(doc) == "<Event><EventID>4624</EventID></Event>");

  // A variable-size type (a SID) cannot be delimited outside a substitution: an error.
  chunk[value + 1] = kSid;  // the value token's type byte
  CHECK_THROWS_WITH_AS(
      decoder.decode(record + 24, record + le32(chunk.data() + record + 4) - 4, doc),
      ("value of type 0x13 outside a substitution at chunk offset " +
       hex(value))
          .c_str(),
      DecodeError);
}

TEST_CASE("evtx forwarded: an element whose size disagrees with its end is an error") {
  Bytes file = forwarded_file({small_event("1"), small_event("2"), small_event("3")}, 10);
  const auto records = record_offsets(file, kChunk0);
  REQUIRE(records.size() == 3);
  // Record 2's <Event>: token at record + 24 + 4; its data size field follows the token.
  const std::size_t event = records[1] + 24 + 4;
  const std::uint32_t size = le32(file.data() + kChunk0 + event + 1);

  SUBCASE("a size too small: the element ends past where its size says") {
    put32(file, kChunk0 + event + 1, size - 2);
    reseal(file, kChunk0);
    std::vector<std::uint64_t> ids;
    ScanResult scan = scan_evtx(file, "f.evtx", [&](const Document&, const RecordInfo& info) {
      ids.push_back(info.record_id);
    });
    CHECK(ids == std::vector<std::uint64_t>{1, 3});
    CHECK(scan.skipped == 1);
    REQUIRE(scan.messages.size() == 1);
    CHECK(scan.messages[0] == "f.evtx: record 2 (chunk 0): (record id 2) element <Event> at chunk "
                              "offset " + hex(event) + " ends at " + hex(event + 5 + size) +
                                  " but its size says " + hex(event + 5 + size - 2));
  }
  SUBCASE("a size past the record") {
    put32(file, kChunk0 + event + 1, 0x7fffffff);
    reseal(file, kChunk0);
    ScanResult scan = scan_evtx(file, "f.evtx", [](const Document&, const RecordInfo&) {});
    CHECK(scan.records == 2);
    REQUIRE(scan.messages.size() == 1);
    CHECK(scan.messages[0].starts_with("f.evtx: record 2 (chunk 0): (record id 2) element at chunk "
                                       "offset " + hex(event) + " claims 2147483647 bytes, past "
                                       "the end of its stream"));
  }
  SUBCASE("a dependency identifier where none belongs: an error, not shifted garbage") {
    // Rewrite record 2 as a template-definition writer would (11-byte headers) and check that
    // the 9-byte reading refuses it instead of inventing elements.
    ChunkWriter w;
    w.forwarded_record(1, small_event("1"));
    const std::size_t start = w.begin_record(2);
    w.open("Event", false, /*dependency_id=*/true), w.close_start();
    w.open("EventID", false, true), w.close_start(), w.text_value("2"), w.end_element();
    w.end_element();
    w.end_of_stream();
    w.end_record(start, 2);
    w.forwarded_record(3, small_event("3"));
    const Bytes bad = evtx_file({w.finish()});
    std::vector<std::uint64_t> ids;
    ScanResult scan = scan_evtx(bad, "f.evtx", [&](const Document&, const RecordInfo& info) {
      ids.push_back(info.record_id);
    });
    CHECK(ids == std::vector<std::uint64_t>{1, 3});
    REQUIRE(scan.messages.size() == 1);
    CHECK(scan.messages[0].starts_with("f.evtx: record 2 (chunk 0): (record id 2) element"));
  }
}
