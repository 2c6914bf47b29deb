// The XML reader: three layouts, System fields (R10.6), EventData rules (R10.5), _time (R10.7),
// bad input.
#include <doctest/doctest.h>

#include <string>

#include "storage/ingest/event_time.hpp"
#include "storage/ingest/utf8.hpp"
#include "storage/ingest/xml_reader.hpp"
#include "tests/ingest_test_util.hpp"

using namespace spelunk;
using spelunk::testing::ingest;
using spelunk::testing::ingest_text;
using spelunk::testing::TempDir;

namespace {

// Layout 1: Splunk's XmlWinEventLog _raw, one event per line, single quotes.
const std::string kSplunkLine =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    "<Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/>"
    "<EventID>1</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode>"
    "<Keywords>0x8000000000000000</Keywords>"
    "<TimeCreated SystemTime='2019-08-03T15:16:30.331865900Z'/>"
    "<EventRecordID>4711</EventRecordID><Correlation/>"
    "<Execution ProcessID='2888' ThreadID='3648'/>"
    "<Channel>Microsoft-Windows-Sysmon/Operational</Channel>"
    "<Computer>ws01.corp.local</Computer><Security UserID='S-1-5-18'/></System>"
    "<EventData><Data Name='RuleName'>-</Data>"
    "<Data Name='UtcTime'>2019-08-03 15:16:30.329</Data>"
    "<Data Name='Image'>C:\\Windows\\System32\\net.exe</Data>"
    "<Data Name='CommandLine'>net use \\\\srv\\c$ &amp; echo &lt;ok&gt; \"q\"</Data>"
    "<Data Name='Image'>second image loses</Data>"
    "<Data Name='User'>CORP\\alice</Data></EventData></Event>";

std::string with_record(std::string event, int record) {
  auto at = event.find("4711");
  return event.replace(at, 4, std::to_string(record));
}

}  // namespace

TEST_CASE("xml: layout 1 (Splunk one event per line), System fields per R10.6") {
  auto r = ingest_text(kSplunkLine + "\n" + with_record(kSplunkLine, 4712) + "\n");
  CHECK(r.report.messages.empty());
  CHECK(r.report.files == 1);
  REQUIRE(r.store->rows() == 2);
  CHECK(r.report.events == 2);
  CHECK(r.value("EventID", 0) == "1");
  CHECK(r.value("EventCode", 0) == "1");
  CHECK(r.value("Version", 0) == "5");
  CHECK(r.value("Level", 0) == "4");
  CHECK(r.value("Task", 0) == "1");
  CHECK(r.value("Opcode", 0) == "0");
  CHECK(r.value("Keywords", 0) == "0x8000000000000000");
  CHECK(r.value("TimeCreated", 0) == "2019-08-03T15:16:30.331865900Z");
  CHECK(r.value("SystemTime", 0) == "'2019-08-03T15:16:30.331865900Z'");
  CHECK(r.value("EventRecordID", 1) == "4712");
  CHECK(r.value("RecordID", 1) == "4712");
  CHECK(r.value("RecordNumber", 1) == "4712");
  CHECK(r.value("Channel", 0) == "Microsoft-Windows-Sysmon/Operational");
  CHECK(r.value("EventChannel", 0) == "Microsoft-Windows-Sysmon/Operational");
  CHECK(r.value("Computer", 0) == "ws01.corp.local");
  CHECK(r.value("ProcessID", 0) == "'2888'");
  CHECK(r.value("ThreadID", 0) == "'3648'");
  CHECK(r.value("UserID", 0) == "'S-1-5-18'");
  CHECK(r.value("SecurityID", 0) == "S-1-5-18");
  CHECK(r.value("Name", 0) == "'Microsoft-Windows-Sysmon'");
  CHECK(r.value("Guid", 0) == "'{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'");
  CHECK(r.value("source", 0) == "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational");
  CHECK(r.value("sourcetype", 0) == "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational");
  CHECK(r.value("host", 0) == "ws01.corp.local");
  CHECK(r.value("index", 0) == "main");
  CHECK_FALSE(r.has("Correlation", 0));
  // R10.7: _time from UtcTime (milliseconds), not SystemTime.
  CHECK(r.store->times()[0] == *parse_event_time("2019-08-03 15:16:30.329"));
  CHECK(r.store->times()[0] == 1564845390329000);
  CHECK(r.store->raw().get(1) == with_record(kSplunkLine, 4712));
}

TEST_CASE("xml: EventData first wins, entities decoded, empty Data absent") {
  auto r = ingest_text(kSplunkLine);
  REQUIRE(r.store->rows() == 1);
  CHECK(r.value("Image", 0) == "C:\\Windows\\System32\\net.exe");
  CHECK(r.value("CommandLine", 0) == "net use \\\\srv\\c$ & echo <ok> \"q\"");
  CHECK(r.value("User", 0) == "CORP\\alice");
  CHECK(r.value("RuleName", 0) == "-");
  // _raw keeps the text as it stands in the file (entities not decoded).
  CHECK(r.store->raw().get(0).find("&amp; echo &lt;ok&gt;") != std::string::npos);
}

TEST_CASE("xml: sourcetype and index options") {
  IngestOptions o;
  o.sourcetype = "XmlWinEventLog";
  o.index = "sysmon";
  auto r = ingest_text(kSplunkLine, o);
  CHECK(r.value("sourcetype", 0) == "XmlWinEventLog");
  CHECK(r.value("source", 0) == "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational");
  CHECK(r.value("index", 0) == "sysmon");
}

TEST_CASE("xml: layout 2 (Event Viewer export with an <Events> root), SystemTime as _time") {
  std::string xml =
      "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<Events>"
      "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"
      "<Provider Name=\"Microsoft-Windows-Security-Auditing\" Guid=\"{54849625-5478-4994-A5BA-3E3B0328C30D}\"/>"
      "<EventID Qualifiers=\"16384\">4624</EventID><TimeCreated SystemTime=\"2021-10-22T06:38:15.548776Z\"/>"
      "<EventRecordID>9</EventRecordID><Channel>Security</Channel><Computer>dc1</Computer>"
      "<Security/></System><EventData><Data Name=\"TargetUserName\">bob</Data>"
      "<Data Name=\"LogonType\">3</Data></EventData>"
      "<RenderingInfo Culture=\"en-US\"><Message>An account was logged on.</Message></RenderingInfo>"
      "</Event>"
      "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\"><System>"
      "<EventID>4634</EventID><TimeCreated SystemTime=\"2021-10-22T06:38:16Z\"/>"
      "<Channel>Security</Channel></System></Event></Events>\r\n";
  auto r = ingest_text(xml);
  CHECK(r.report.messages.empty());
  REQUIRE(r.store->rows() == 2);
  CHECK(r.value("EventCode", 0) == "4624");  // the Qualifiers attribute is ignored
  CHECK(r.value("TargetUserName", 0) == "bob");
  CHECK(r.value("source", 1) == "XmlWinEventLog:Security");
  CHECK_FALSE(r.has("UserID", 0));
  CHECK_FALSE(r.has("SecurityID", 0));
  CHECK_FALSE(r.has("Message", 0));  // R10.4
  CHECK(r.store->times()[0] == 1634884695548776);
  CHECK(r.store->times()[1] == 1634884696000000);
}

TEST_CASE("xml: layout 3 (evtxexport banner, pretty-printed), UserData and nameless Data") {
  std::string xml =
      "evtxexport 20181227\n\n"
      "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n"
      "  <System>\n    <EventID>1149</EventID>\n"
      "    <TimeCreated SystemTime=\"2019-01-01T00:00:00.000000000Z\"/>\n"
      "    <Channel>Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational</Channel>\n"
      "  </System>\n  <UserData>\n    <EventXML xmlns=\"Event_NS\">\n"
      "      <Param1>admin</Param1>\n      <Param3>10.0.0.5</Param3>\n"
      "    </EventXML>\n  </UserData>\n</Event>\n\n"
      "<Event xmlns=\"http://schemas.microsoft.com/win/2004/08/events/event\">\n"
      "  <System>\n    <EventID>18456</EventID>\n  </System>\n  <EventData>\n"
      "    <Data>sa</Data>\n    <Data> Reason: bad password</Data>\n    <Data>sa</Data>\n"
      "  </EventData>\n</Event>\n\n";
  auto r = ingest_text(xml);
  REQUIRE(r.store->rows() == 2);
  CHECK(r.value("Param1", 0) == "admin");
  CHECK(r.value("Param3", 0) == "10.0.0.5");
  CHECK(r.values("Data", 1) == std::vector<std::string>{"sa", " Reason: bad password", "sa"});
  CHECK(r.store->raw().get(0).starts_with("<Event xmlns="));
  CHECK(r.store->raw().get(0).ends_with("</UserData>\n</Event>"));
  // The second event has no timestamp: read, with a message.
  REQUIRE(r.report.messages.size() == 1);
  CHECK(r.report.messages[0].find("events.xml: event 2: no valid UtcTime or SystemTime") !=
        std::string::npos);
}

TEST_CASE("xml: a truncated event is reported, the rest of the file is read") {
  std::string truncated = kSplunkLine.substr(0, kSplunkLine.find("<EventData>") + 30);
  std::string cut_early = kSplunkLine.substr(0, 60);
  auto r = ingest_text(kSplunkLine + "\n" + truncated + "\n" + cut_early + "\n" +
                       with_record(kSplunkLine, 9) + "\n");
  REQUIRE(r.report.messages.size() == 2);
  // Event 2 lost its end but its System part is sound: kept.
  CHECK(r.report.messages[0].find(": event 2: truncated event (no </Event>); read as far as it is sound") !=
        std::string::npos);
  // Event 3 has nothing sound: skipped.
  CHECK(r.report.messages[1].find(": event 3: truncated event (no </Event>); skipped") !=
        std::string::npos);
  CHECK(r.report.skipped == 1);
  CHECK(r.report.events == 3);
  REQUIRE(r.store->rows() == 3);
  CHECK(r.value("EventRecordID", 1) == "4711");
  CHECK(r.value("EventRecordID", 2) == "9");
  CHECK(r.value("Image", 2) == "C:\\Windows\\System32\\net.exe");
}

TEST_CASE("xml: a truncated last event at end of file") {
  auto r = ingest_text(kSplunkLine + "\n" + kSplunkLine.substr(0, 30));
  CHECK(r.store->rows() == 1);
  CHECK(r.report.skipped == 1);
  REQUIRE(r.report.messages.size() == 1);
  CHECK(r.report.messages[0].find("event 2: truncated event") != std::string::npos);
}

TEST_CASE("xml: a stray tag is reported with the event ordinal") {
  std::string stray = kSplunkLine;
  stray.replace(stray.find("<Data Name='User'>"), 0, "</Oops>");
  auto r = ingest_text(kSplunkLine + "\n" + stray + "\n" + kSplunkLine + "\n");
  REQUIRE(r.report.messages.size() == 1);
  CHECK(r.report.messages[0].find("event 2: XML error at byte") != std::string::npos);
  CHECK(r.report.messages[0].find("read as far as it is sound") != std::string::npos);
  REQUIRE(r.store->rows() == 3);
  CHECK(r.report.skipped == 0);
  CHECK(r.value("Image", 1) == "C:\\Windows\\System32\\net.exe");  // read up to the stray tag
  CHECK(r.value("CommandLine", 2).starts_with("net use"));
}

TEST_CASE("xml: invalid UTF-8 is reported and replaced, the event is kept") {
  std::string bad = kSplunkLine;
  bad.replace(bad.find("alice"), 5, "al\xC3\x28ice");
  auto r = ingest_text(bad);
  REQUIRE(r.store->rows() == 1);
  REQUIRE(r.report.messages.size() == 1);
  CHECK(r.report.messages[0].find("event 1: invalid UTF-8 at byte") != std::string::npos);
  CHECK(r.value("User", 0) == "CORP\\al\xEF\xBF\xBD(ice");
  CHECK(find_invalid_utf8(r.store->raw().get(0)) == std::string::npos);
}

TEST_CASE("xml: raw control characters inside Data are read") {
  std::string ctl = kSplunkLine;
  ctl.replace(ctl.find("alice"), 5, "a\x01\x1f" "b");
  auto r = ingest_text(ctl);
  CHECK(r.report.messages.empty());
  REQUIRE(r.store->rows() == 1);
  CHECK(r.value("User", 0) == "CORP\\a\x01\x1f" "b");
}

TEST_CASE("xml: a file that is not XML gets one message naming it") {
  TempDir dir;
  std::string good = dir.write("a.xml", kSplunkLine);
  std::string junk = dir.write("b.log", "just some text\nnot events\n");
  dir.write("c.txt", "notes, no events\n");  // plainly not an event log: counted, no message
  auto r = ingest({dir.path()});
  CHECK(r.store->rows() == 1);
  CHECK(r.report.files == 1);
  CHECK(r.report.ignored == 1);
  REQUIRE(r.report.messages.size() == 1);
  CHECK(r.report.messages[0] == junk + ": not a Windows event log this tool can read (not XML events); skipped");
  auto missing = ingest({dir.path() + "/nope.xml"});
  CHECK(missing.report.failed());
}

TEST_CASE("xml: hostile field names never replace metadata or internal fields") {
  std::string evil = kSplunkLine;
  evil.replace(evil.find("<Data Name='RuleName'>"), 0,
               "<Data Name='host'>evil</Data><Data Name='_time'>0</Data><Data Name='index'>x</Data>");
  auto r = ingest_text(evil);
  CHECK(r.value("host", 0) == "ws01.corp.local");
  CHECK(r.value("index", 0) == "main");
  CHECK(r.store->column("_time") == nullptr);
}

TEST_CASE("xml: a large file split in ranges reads the same as one thread") {
  std::string text = "evtxexport 20181227\n\n";
  for (int i = 0; i < 3000; ++i) text += with_record(kSplunkLine, 10000 + i) + "\n";
  text.insert(text.find("<Event", text.size() / 2), "<Event><System>");  // one broken event
  TempDir dir;
  std::string path = dir.write("big.xml", text);
  auto cuts = xml_reader::split(path, text.size(), 3);
  REQUIRE(cuts.size() == 3);
  RangeResult parts[3];
  StoreBuilder b;
  std::size_t events = 0;
  for (int k = 0; k < 3; ++k) {
    ReadRange range{cuts[k], k + 1 < 3 ? cuts[k + 1] : UINT64_MAX};
    xml_reader::read_range(path, range, b, parts[k], {});
    events += parts[k].events;
  }
  CHECK(events == 3000);
  Store s = b.finish();
  REQUIRE(s.rows() == 3000);
  const Column* rec = s.column("EventRecordID");
  for (std::size_t i = 0; i < s.rows(); i += 499) {
    CHECK(rec->dict().value(rec->code(i)) == std::to_string(10000 + i));
  }
  IngestOptions two;
  two.threads = 2;
  IngestOptions one;
  one.threads = 1;
  auto a = ingest({path}, one), c = ingest({path}, two);
  CHECK(a.report.messages == c.report.messages);
  REQUIRE(a.report.messages.size() == 1);
  CHECK(a.report.messages[0].find(": event 1501: ") != std::string::npos);
  REQUIRE(c.store->rows() == a.store->rows());
  CHECK(c.report.skipped == 1);
  for (std::size_t i = 0; i < a.store->rows(); i += 97) {
    CHECK(a.value("EventRecordID", i) == c.value("EventRecordID", i));
    CHECK(a.store->raw().get(i) == c.store->raw().get(i));
  }
}

TEST_CASE("xml: event start detection") {
  using xml_reader::find_event_start;
  CHECK(find_event_start("<Events><Event xmlns='x'>", 0) == 8);
  CHECK(find_event_start("<EventData><EventID>", 0) == std::string_view::npos);
  CHECK(find_event_start("x<Event>", 0) == 1);
  CHECK(xml_reader::sniff("evtxexport 20181227\n\n<Event xmlns=\"x\">"));
  CHECK_FALSE(xml_reader::sniff("{\"json\": 1}"));
}

TEST_CASE("event time parsing") {
  CHECK(parse_event_time("1970-01-01 00:00:00") == 0);
  CHECK(parse_event_time("2020-10-23T21:57:29.217562500Z") == 1603490249217562);
  CHECK(parse_event_time("2000-02-29 12:00:00.5") == 951825600500000);
  CHECK_FALSE(parse_event_time("2020-13-01 00:00:00"));
  CHECK_FALSE(parse_event_time("2020-10-23 21:57:29.Z"));
  CHECK_FALSE(parse_event_time("2020-10-23 21:57:29 junk"));
  CHECK_FALSE(parse_event_time(""));
}

TEST_CASE("utf8 checks") {
  CHECK(find_invalid_utf8("plain ascii, long enough to use words") == std::string_view::npos);
  CHECK(find_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80") == std::string_view::npos);
  CHECK(find_invalid_utf8("abc\xC0\x80") == 3);          // overlong
  CHECK(find_invalid_utf8("ab\xED\xA0\x80") == 2);        // surrogate
  CHECK(find_invalid_utf8("abcdefghijk\xE2\x82") == 11);  // truncated at the end
  std::string out;
  CHECK(repair_utf8("a\xFF" "b", out) == 1);
  CHECK(out == "a\xEF\xBF\xBD" "b");
}

TEST_CASE("xml: sniff wants event XML at the start, not a mention of <Event> further on") {
  using spelunk::xml_reader::sniff;
  CHECK(sniff("<Event xmlns='x'><System/></Event>"));
  CHECK(sniff("\xEF\xBB\xBF \r\n<?xml version='1.0'?><Events>"));
  CHECK(sniff("\n  <Events>\n<Event>"));
  CHECK(sniff("evtxexport 20181227\n\n<Event xmlns=\"x\">"));
  CHECK_FALSE(sniff("# Samples\n\nEach line is one `<Event>` element.\n<Event>"));
  CHECK_FALSE(sniff("<EventData><Data>x</Data></EventData>"));
  CHECK_FALSE(sniff("evtxexport 20181227\n\nsome text then <Event>"));
  CHECK_FALSE(sniff("evtxexport 20181227"));
  CHECK_FALSE(sniff(""));
}

TEST_CASE("xml: documentation in a folder is skipped quietly; named with -d it is an error") {
  TempDir dir;
  std::string good = dir.write("a.xml", kSplunkLine);
  std::string readme = dir.write("README.md",
                                 "# Samples\n\nOne `<Event>` per line:\n\n<Event xmlns='x'>\n");
  dir.write("LICENSE", "Permission is hereby granted...\n");
  std::filesystem::create_directories(dir.path() + "/sub");
  dir.write("sub/.gitignore", "*.evtx\n");
  auto r = ingest({dir.path()});
  CHECK(r.store->rows() == 1);
  CHECK(r.report.files == 1);
  CHECK(r.report.events == 1);
  CHECK(r.report.skipped == 0);  // an unrecognised file is no skipped record
  CHECK(r.report.ignored == 3);
  CHECK(r.report.messages.empty());  // no warning, no "truncated event"
  CHECK(ignored_note(r.report) == " (3 files that are not event logs skipped: README, .md, .txt, ...)");
  auto only_docs = ingest({dir.path() + "/sub"});
  CHECK(only_docs.report.files == 0);
  CHECK(only_docs.report.ignored == 1);
  auto named = ingest({readme});
  CHECK(named.report.files == 0);
  CHECK(named.report.skipped == 0);
  REQUIRE(named.report.messages.size() == 1);
  CHECK(named.report.failed());
}
