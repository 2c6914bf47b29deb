// Unit tests of the EVTX binary XML pieces: value formatting (evtxexport's), the token decoder,
// templates and substitutions, arrays, nested binary XML, and hostile offsets/lengths.
#include <doctest/doctest.h>

#include "storage/ingest/evtx/evtx_binxml.hpp"
#include "storage/ingest/evtx/evtx_values.hpp"
#include "tests/evtx_synthetic.hpp"

using namespace spelunk::evtx;
using namespace evtx_test;

namespace {

std::string value_text(std::uint8_t type, const Bytes& bytes) {
  std::string out;
  REQUIRE(append_value(type, bytes, out));
  return out;
}

std::string rendered(const Document& doc) {
  std::string out;
  render_xml(doc, out);
  return out;
}

// Decodes the record that starts at `record` in `chunk`.
void decode_record(const Bytes& chunk, std::size_t record, Document& doc) {
  BinXmlDecoder decoder(chunk);
  const std::size_t size = le32(chunk.data() + record + 4);
  decoder.decode(record + 24, record + size - 4, doc);
}

}  // namespace

TEST_CASE("evtx values: integers, booleans, hex, as evtxexport prints them") {
  CHECK(value_text(kInt8, {0xff}) == "-1");
  CHECK(value_text(kUInt8, {200}) == "200");
  CHECK(value_text(kInt16, le_value(0xfffe, 2)) == "-2");
  CHECK(value_text(kUInt16, le_value(4688, 2)) == "4688");
  CHECK(value_text(kInt32, le_value(0xffffffff, 4)) == "-1");
  CHECK(value_text(kUInt32, le_value(4000000000u, 4)) == "4000000000");
  CHECK(value_text(kInt64, le_value(~0ULL, 8)) == "-1");
  CHECK(value_text(kUInt64, le_value(~0ULL, 8)) == "18446744073709551615");
  CHECK(value_text(kBool, le_value(1, 4)) == "true");
  CHECK(value_text(kBool, le_value(0, 4)) == "false");
  CHECK(value_text(kHexInt32, le_value(42, 4)) == "0x0000002a");
  CHECK(value_text(kHexInt64, le_value(0x8020000000000000ULL, 8)) == "0x8020000000000000");
  CHECK(value_text(kSizeT, le_value(0x1000, 8)) == "0x0000000000001000");
  CHECK(value_text(kSizeT, le_value(0x1000, 4)) == "0x00001000");
  CHECK(value_text(kBinary, {0x01, 0xab, 0x00}) == "01AB00");
}

TEST_CASE("evtx values: GUID, SID, FILETIME, SYSTEMTIME, strings") {
  const Bytes guid = {0x5f, 0x38, 0x70, 0x57, 0x2a, 0xc2, 0xe0, 0x43,
                      0xbf, 0x4c, 0x06, 0xf5, 0x69, 0x8f, 0xfb, 0xd9};
  CHECK(value_text(kGuid, guid) == "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}");
  CHECK(value_text(kSid, {1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0}) == "S-1-5-18");
  Bytes sid = {1, 5, 0, 0, 0, 0, 0, 5};
  for (std::uint32_t sub : {21u, 1587066498u, 1489273250u, 1035260531u, 1108u}) {
    auto b = le_value(sub, 4);
    sid.insert(sid.end(), b.begin(), b.end());
  }
  CHECK(value_text(kSid, sid) == "S-1-5-21-1587066498-1489273250-1035260531-1108");
  CHECK(value_text(kFileTime, le_value(131945545015938300ULL, 8)) ==
        "2019-02-13T18:01:41.593830000Z");
  CHECK(filetime_to_unix_micros(131945545015938300ULL) == 1550080901593830LL);
  Bytes st;
  for (std::uint16_t v : {2019, 7, 4, 18, 20, 40, 0, 580}) {
    auto b = le_value(v, 2);
    st.insert(st.end(), b.begin(), b.end());
  }
  CHECK(value_text(kSystemTime, st) == "2019-07-18T20:40:00.580Z");
  CHECK(value_text(kString, utf16_value("cmd.exe\0\0")) == "cmd.exe");  // stops at the NUL
  // U+1F600 as a surrogate pair, then an unpaired high surrogate (becomes U+FFFD)
  CHECK(value_text(kString, {0x3d, 0xd8, 0x00, 0xde, 0x3d, 0xd8}) == "\xF0\x9F\x98\x80\xEF\xBF\xBD");
  CHECK(value_text(kAnsiString, {'a', 'b', 0xe9, 0}) == "ab\xC3\xA9");
  // windows-1252, not Latin-1, for 0x80-0x9F: euro sign, curly quotes, en dash; 0x81 stays U+0081.
  CHECK(value_text(kAnsiString, {0x80, 0x93, 'x', 0x94, 0x96, 0x81, 0}) ==
        "\xE2\x82\xAC\xE2\x80\x9Cx\xE2\x80\x9D\xE2\x80\x93\xC2\x81");
}

TEST_CASE("evtx values: sizes that do not fit the type are refused") {
  std::string out;
  CHECK_FALSE(append_value(kUInt32, Bytes{1, 2}, out));
  CHECK_FALSE(append_value(kGuid, Bytes(15, 0), out));
  CHECK_FALSE(append_value(kSid, Bytes{1, 9, 0, 0, 0, 0, 0, 5, 1, 0, 0, 0}, out));  // 9 subauths
  CHECK_FALSE(append_value(kFileTime, Bytes(7, 0), out));
  CHECK_FALSE(append_value(0x7f, Bytes(4, 0), out));
}

TEST_CASE("evtx binxml: a template instance with substitutions becomes the event tree") {
  ChunkWriter w;
  std::size_t definition = 0;
  const std::size_t first = w.pos();
  w.record(7, event_values(7, "C:\\a&b<c>.exe"), definition, write_event_template);
  const std::size_t second = w.pos();
  w.record(8, event_values(8, "x"), definition, write_event_template);  // template by reference
  Bytes chunk = w.finish();

  Document doc;
  decode_record(chunk, first, doc);
  CHECK(rendered(doc) ==
        "<Event><System><Provider Name='Test-Provider'/><EventID>4688</EventID>"
        "<EventRecordID>7</EventRecordID><Channel>Security</Channel><Security/></System>"
        "<EventData><Data Name='Image'>C:\\a&amp;b&lt;c&gt;.exe</Data></EventData></Event>");
  const Element* system = doc.child(*doc.root(), "System");
  REQUIRE(system != nullptr);
  CHECK(doc.child(*system, "Security")->attribute_count == 0);  // absent optional SID
  CHECK(doc.child(*system, "EventID")->text == "4688");

  decode_record(chunk, second, doc);
  CHECK(doc.child(*doc.child(*doc.root(), "System"), "EventRecordID")->text == "8");
}

TEST_CASE("evtx binxml: char and entity references, CDATA-free text, optional elements") {
  ChunkWriter w;
  std::size_t definition = 0;
  auto write = [](ChunkWriter& c) {
    const std::size_t at = c.begin_template();
    c.fragment_header();
    c.open("Event", false), c.close_start();
    c.open("Text", false), c.close_start();
    c.text("a"), c.char_ref('+'), c.entity_ref("amp"), c.entity_ref("lt"), c.text("b");
    c.end_element();
    c.open("Binary", false), c.close_start(), c.substitution(0, 0x0e, true), c.end_element();
    c.open("Kept", true), c.attribute("A"), c.text("1"), c.close_start();
    c.substitution(1, 0x01, true), c.end_element();
    c.end_element();
    c.end_of_stream();
    c.end_template(at);
  };
  const std::size_t record = w.pos();
  w.record(1, {{0x0e, {}}, {0x00, {}}}, definition, write);
  Bytes chunk = w.finish();
  Document doc;
  decode_record(chunk, record, doc);
  // An element whose content is only an absent optional value is dropped when it has no
  // attributes (evtxexport does so for <Binary>), kept empty otherwise.
  CHECK(rendered(doc) == "<Event><Text>a+&amp;&lt;b</Text><Kept A='1'/></Event>");
}

TEST_CASE("evtx binxml: an array value repeats its element once per item") {
  ChunkWriter w;
  std::size_t definition = 0;
  auto write = [](ChunkWriter& c) {
    const std::size_t at = c.begin_template();
    c.fragment_header();
    c.open("EventData", false), c.close_start();
    c.open("Data", false), c.close_start(), c.substitution(0, 0x81), c.end_element();
    c.open("Data", false), c.close_start(), c.substitution(1, 0x86), c.end_element();
    c.end_element();
    c.end_of_stream();
    c.end_template(at);
  };
  const std::size_t record = w.pos();
  Bytes strings = utf16_value(std::string_view("xp_cmdshell\0" "0\0" "1\0", 16));
  Bytes shorts = {1, 0, 2, 0};
  w.record(1, {{0x81, strings}, {0x86, shorts}}, definition, write);
  Bytes chunk = w.finish();
  Document doc;
  decode_record(chunk, record, doc);
  CHECK(rendered(doc) ==
        "<EventData><Data>xp_cmdshell</Data><Data>0</Data><Data>1</Data><Data>1</Data>"
        "<Data>2</Data></EventData>");
}

TEST_CASE("evtx binxml: nested binary XML in a substitution (no dependency identifiers)") {
  ChunkWriter w;
  std::size_t definition = 0;
  auto write = [](ChunkWriter& c) {
    const std::size_t at = c.begin_template();
    c.fragment_header();
    c.open("Event", false), c.close_start();
    c.open("UserData", false), c.close_start(), c.substitution(0, 0x21), c.end_element();
    c.end_element();
    c.end_of_stream();
    c.end_template(at);
  };
  // The nested fragment is written in a scratch writer positioned where the value will land,
  // so that its inline names carry the right chunk offsets. Two passes: measure, then write.
  const std::size_t record = w.pos();
  auto nested_at = [&](std::size_t value_offset) {
    ChunkWriter n;
    while (n.pos() < value_offset) n.u8(0);
    n.fragment_header();
    n.open("LogFileCleared", false, false), n.close_start();
    n.open("SubjectUserName", false, false), n.close_start(), n.text("admin01"), n.end_element();
    n.end_element();
    n.end_of_stream();
    return Bytes(n.bytes().begin() + static_cast<long>(value_offset),
                 n.bytes().begin() + static_cast<long>(n.pos()));
  };
  // Record layout: header 24, fragment 4, instance 10, inline definition, count 4, 1 descriptor.
  ChunkWriter probe;
  std::size_t probe_def = 0;
  probe.record(1, {{0x21, Bytes(1, 0)}}, probe_def, write);
  const std::size_t value_offset = probe.pos() - 4 - 1 - 1;  // minus size copy, EOF, 1 value byte
  w.record(1, {{0x21, nested_at(value_offset)}}, definition, write);
  Bytes chunk = w.finish();
  Document doc;
  decode_record(chunk, record, doc);
  CHECK(rendered(doc) ==
        "<Event><UserData><LogFileCleared><SubjectUserName>admin01</SubjectUserName>"
        "</LogFileCleared></UserData></Event>");
}

TEST_CASE("evtx binxml: hostile offsets, sizes and recursion throw DecodeError") {
  Document doc;
  SUBCASE("template definition offset outside the chunk") {
    ChunkWriter w;
    std::size_t definition = 0;
    const std::size_t record = w.pos();
    w.record(1, event_values(1, "x"), definition, write_event_template);
    Bytes chunk = w.finish();
    put32(chunk, record + 24 + 4 + 6, 0xfffffff0u);
    CHECK_THROWS_AS(decode_record(chunk, record, doc), DecodeError);
  }
  SUBCASE("template data size larger than the chunk") {
    ChunkWriter w;
    std::size_t definition = 0;
    const std::size_t record = w.pos();
    w.record(1, event_values(1, "x"), definition, write_event_template);
    Bytes chunk = w.finish();
    put32(chunk, definition + 20, 0x7fffffffu);
    CHECK_THROWS_AS(decode_record(chunk, record, doc), DecodeError);
  }
  SUBCASE("substitution value size past the record") {
    ChunkWriter w;
    std::size_t definition = 0;
    const std::size_t record = w.pos();
    w.record(1, event_values(1, "x"), definition, write_event_template);
    const std::size_t second = w.pos();
    w.record(2, event_values(2, "x"), definition, write_event_template);
    Bytes chunk = w.finish();
    put16(chunk, second + 24 + 4 + 10 + 4, 0xffff);  // first descriptor's size
    CHECK_THROWS_AS(decode_record(chunk, second, doc), DecodeError);
    decode_record(chunk, record, doc);  // the other record is intact
    CHECK(doc.size() > 0);
  }
  SUBCASE("name with an impossible character count") {
    ChunkWriter w;
    std::size_t definition = 0;
    const std::size_t record = w.pos();
    w.record(1, event_values(1, "x"), definition, write_event_template);
    Bytes chunk = w.finish();
    // the first name ("Event") sits after: template header 24 + fragment 4 + element header 7
    const std::size_t name = definition + 24 + 4 + 1 + 2 + 4 + 4;
    put16(chunk, name + 6, 0xffff);
    CHECK_THROWS_AS(decode_record(chunk, record, doc), DecodeError);
  }
  SUBCASE("a template that instantiates itself") {
    ChunkWriter w;
    std::size_t definition = 0;
    std::size_t self = 0;
    auto write = [&](ChunkWriter& c) {
      self = c.begin_template();
      c.fragment_header();
      c.open("Loop", false), c.close_start();
      c.u8(0x0c), c.u8(1), c.u32(0), c.u32(static_cast<std::uint32_t>(self)), c.u32(0);
      c.end_element();
      c.end_of_stream();
      c.end_template(self);
    };
    const std::size_t record = w.pos();
    w.record(1, {}, definition, write);
    Bytes chunk = w.finish();
    CHECK_THROWS_WITH_AS(decode_record(chunk, record, doc), doctest::Contains("limit"),
                         DecodeError);
  }
  SUBCASE("unknown token") {
    ChunkWriter w;
    std::size_t definition = 0;
    auto write = [](ChunkWriter& c) {
      const std::size_t at = c.begin_template();
      c.fragment_header();
      c.open("E", false), c.close_start(), c.u8(0x3f), c.end_element();
      c.end_of_stream();
      c.end_template(at);
    };
    const std::size_t record = w.pos();
    w.record(1, {}, definition, write);
    Bytes chunk = w.finish();
    CHECK_THROWS_WITH_AS(decode_record(chunk, record, doc), doctest::Contains("token 0x3f"),
                         DecodeError);
  }
}
