// JSON ingest: JSON lines and arrays, Splunk / winlogbeat / OTRF layouts, bad records, gzip.
#include <doctest/doctest.h>

#include <zlib.h>

#include "storage/ingest/time_text.hpp"
#include "tests/ingest_test_util.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

Ingested ingest_file(std::string_view name, std::string_view content) {
  TempDir dir;
  return ingest({dir.write(std::string(name), content)});
}

std::string gzip(std::string plain) {
  std::string gz(compressBound(static_cast<uLong>(plain.size())) + 64, '\0');
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(plain.data());
  zs.avail_in = static_cast<uInt>(plain.size());
  zs.next_out = reinterpret_cast<Bytef*>(gz.data());
  zs.avail_out = static_cast<uInt>(gz.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  gz.resize(zs.total_out);
  deflateEnd(&zs);
  return gz;
}

}  // namespace

TEST_CASE("timestamps: epoch, ISO with offset, Z, Sysmon") {
  CHECK(parse_timestamp_text("1709539200") == 1709539200000000);
  CHECK(parse_timestamp_text("1709539200.125") == 1709539200125000);
  CHECK(parse_timestamp_text("2024-03-04T08:00:00.000+00:00") == 1709539200000000);
  CHECK(parse_timestamp_text("2024-03-04T09:00:00.000+01:00") == 1709539200000000);
  CHECK(parse_timestamp_text("2024-03-04T08:00:00.5Z") == 1709539200500000);
  CHECK(parse_timestamp_text("2024-03-04 08:00:00.000") == 1709539200000000);
  CHECK(!parse_timestamp_text("yesterday"));
  CHECK(!parse_timestamp_text("2024-03-04T08:00:00+99:00"));
}

TEST_CASE("json: winlogbeat event maps onto XML field names") {
  auto r = ingest_file("a", R"({"@timestamp":"2024-03-04T08:00:00.000Z","event":{"code":"1"},)"
                            R"("winlog":{"channel":"Microsoft-Windows-Sysmon/Operational",)"
                            R"("computer_name":"WS1","event_id":1,"record_id":42,)"
                            R"("event_data":{"Image":"C:\\Windows\\cmd.exe","CommandLine":"cmd /c whoami"}},)"
                            R"("tags":["a","b"],"nothing":null})"
                            "\n");
  REQUIRE(r.store->rows() == 1);
  CHECK(r.report.events == 1);
  CHECK(r.report.messages.empty());
  CHECK(r.value("EventCode", 0) == "1");
  CHECK(r.value("EventID", 0) == "1");
  CHECK(r.value("Channel", 0) == "Microsoft-Windows-Sysmon/Operational");
  CHECK(r.value("Computer", 0) == "WS1");
  CHECK(r.value("host", 0) == "WS1");
  CHECK(r.value("EventRecordID", 0) == "42");
  CHECK(r.value("Image", 0) == "C:\\Windows\\cmd.exe");
  CHECK(r.value("CommandLine", 0) == "cmd /c whoami");
  CHECK(r.value("source", 0) == "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational");
  CHECK(r.value("sourcetype", 0) == "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational");
  CHECK(r.value("index", 0) == "main");
  CHECK(r.values("tags", 0) == std::vector<std::string>{"a", "b"});
  CHECK(!r.has("nothing", 0));
  CHECK(r.store->times()[0] == 1709539200000000);
  CHECK(r.store->raw().get(0).find("\"winlog\"") != std::string::npos);
}

TEST_CASE("json: Splunk export with preview/result wrapper keeps _raw, _time, host, source") {
  auto r = ingest_file("b", R"({"preview":false,"result":{"_raw":"<Event>x</Event>","_time":"2024-03-04T08:00:00.000+00:00",)"
                            R"("host":"DC1","source":"WinEventLog:Security","sourcetype":"WinEventLog","EventCode":"4624"}})"
                            "\n" R"({"preview":false,"result":{"_time":"1709539201","host":"DC2","EventCode":"4625"}})");
  REQUIRE(r.store->rows() == 2);
  CHECK(r.value("EventCode", 0) == "4624");
  CHECK(r.value("host", 0) == "DC1");
  CHECK(r.value("Computer", 0) == "DC1");
  CHECK(r.value("source", 0) == "WinEventLog:Security");
  CHECK(r.value("sourcetype", 0) == "WinEventLog");
  CHECK(r.store->raw().get(0) == "<Event>x</Event>");
  CHECK(r.store->times()[0] == 1709539200000000);
  CHECK(r.store->times()[1] == 1709539201000000);
  CHECK(!r.has("preview", 0));
}

TEST_CASE("json: OTRF array layout, flat keys") {
  auto r = ingest_file("c", R"([ {"EventID":4688,"Channel":"Security","Hostname":"WS2",)"
                            R"("@timestamp":"2020-10-23T21:57:29.217Z","NewProcessName":"C:\\x.exe"},)"
                            R"( {"EventID":1,"Channel":"Microsoft-Windows-Sysmon/Operational","Hostname":"WS2",)"
                            R"("UtcTime":"2020-10-23 21:57:30.000","@timestamp":"2020-10-23T21:57:29.000Z"} ])");
  REQUIRE(r.store->rows() == 2);
  CHECK(r.value("EventCode", 0) == "4688");
  CHECK(r.value("host", 0) == "WS2");
  CHECK(r.value("NewProcessName", 0) == "C:\\x.exe");
  CHECK(r.value("source", 0) == "XmlWinEventLog:Security");
  CHECK(r.store->times()[0] == *parse_timestamp_text("2020-10-23T21:57:29.217Z"));
  // UtcTime is preferred, as in XML ingest.
  CHECK(r.store->times()[1] == *parse_timestamp_text("2020-10-23 21:57:30.000"));
}

TEST_CASE("json: a bad record is reported with its ordinal and skipped, the rest read") {
  auto r = ingest_file("d.json", "{\"EventID\":1,\"@timestamp\":\"2024-03-04T08:00:00Z\"}\n"
                                 "{\"EventID\":2,\n"
                                 "\n"
                                 "[1,2]\n"
                                 "{\"EventID\":3,\"@timestamp\":\"2024-03-04T08:00:00Z\"}\n");
  CHECK(r.store->rows() == 2);
  CHECK(r.report.events == 2);
  CHECK(r.report.skipped == 2);
  REQUIRE(r.report.messages.size() == 2);
  CHECK(r.report.messages[0].find("d.json: record 2: ") != std::string::npos);
  CHECK(r.report.messages[0].find("skipped") != std::string::npos);
  CHECK(r.report.messages[1].find("d.json: record 3: not a JSON object; skipped") != std::string::npos);
  CHECK(r.value("EventID", 1) == "3");
}

TEST_CASE("json: bad element inside an array does not spoil the others") {
  auto r = ingest_file("e", R"([{"EventID":1,"@timestamp":"2024-03-04T08:00:00Z"}, {"EventID": tru}, {"EventID":"3","_time":"1"}])");
  CHECK(r.store->rows() == 2);
  CHECK(r.report.skipped == 1);
  REQUIRE(r.report.messages.size() == 1);
  CHECK(r.report.messages[0].find(": record 2: ") != std::string::npos);
}

TEST_CASE("json: missing or unreadable time is reported, _time 0") {
  auto r = ingest_file("f", "{\"EventID\":1}\n{\"EventID\":2,\"@timestamp\":\"soon\"}\n");
  CHECK(r.store->rows() == 2);
  REQUIRE(r.report.messages.size() == 2);
  CHECK(r.report.messages[1].find("record 2: unreadable time") != std::string::npos);
  CHECK(r.store->times()[0] == 0);
}

TEST_CASE("json: gzip'd file is read transparently, detected by content") {
  std::string plain = "{\"EventID\":7,\"Channel\":\"Security\",\"@timestamp\":\"2024-03-04T08:00:00Z\"}\n";
  std::string gz = gzip(plain);
  auto r = ingest_file("events.log", gz);
  REQUIRE(r.store->rows() == 1);
  CHECK(r.value("EventCode", 0) == "7");
  // A truncated gzip is an error for the file, not a crash.
  auto t = ingest_file("cut.gz", gz.substr(0, gz.size() / 2));
  CHECK(t.store->rows() == 0);
  REQUIRE(!t.report.messages.empty());
  CHECK(t.report.messages[0].find("gzip") != std::string::npos);
}

TEST_CASE("gzip: XML and classic text inside are sniffed and read, messages name the real file") {
  std::string xml =
      "<Event><System><EventID>4624</EventID><Channel>Security</Channel><Computer>DC1</Computer>"
      "<TimeCreated SystemTime='2024-03-04T08:00:00.000Z'/></System></Event>\n"
      "<Event><System><Channel>Security</Channel></System></Event>\n";
  auto x = ingest_file("xml.gz", gzip(xml));
  REQUIRE(x.store->rows() == 2);  // the second event, without EventID, is read too
  CHECK(x.value("EventCode", 0) == "4624");
  CHECK(x.value("host", 0) == "DC1");
  for (const std::string& m : x.report.messages) CHECK(m.find("xml.gz: ") != std::string::npos);
  auto c = ingest_file("classic.gz", gzip("03/04/2024 08:00:00 AM\nLogName=Security\nEventCode=4625\n"
                                          "Message=An account failed to log on.\n\tAccount Name:\tbob\n"));
  REQUIRE(c.store->rows() == 1);
  CHECK(c.value("EventCode", 0) == "4625");
  CHECK(c.value("Account_Name", 0) == "bob");
}
