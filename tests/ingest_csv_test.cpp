// CSV ingest (Splunk's CSV export), and one Sysmon event as XML, winlogbeat JSON and CSV giving
// the same fields.
#include <doctest/doctest.h>

#include "storage/ingest/csv_reader.hpp"
#include "storage/ingest/time_text.hpp"
#include "tests/ingest_test_util.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

Ingested ingest_file(std::string_view name, std::string_view content) {
  TempDir dir;
  return ingest({dir.write(std::string(name), content)});
}

}  // namespace

TEST_CASE("csv: RFC 4180 rows") {
  csv_reader::Row row;
  csv_reader::parse_row("a,\"b,\"\"c\"\"\nd\",,e\r\nnext", 0, row);
  CHECK(row.ok);
  CHECK(row.cells == std::vector<std::string>{"a", "b,\"c\"\nd", "", "e"});
  CHECK(row.end == 18);
  csv_reader::parse_row("\"open", 0, row);
  CHECK(!row.ok);
  CHECK(row.error == "unterminated quoted cell");
}

TEST_CASE("csv: Splunk export with multi-values, __mv_ columns and empty cells") {
  auto r = ingest_file("export", "\"_time\",host,source,sourcetype,EventCode,Targets,\"__mv_Targets\",Empty,\"_raw\"\r\n"
                                 "\"2024-03-04T08:00:00.000+00:00\",DC1,\"WinEventLog:Security\",WinEventLog,4624,\"a\nb\",\"$a$;$b$\",,\"line1\nline2\"\r\n"
                                 "1709539201,DC2,,,4625,c,,,\r\n");
  REQUIRE(r.store->rows() == 2);
  CHECK(r.report.messages.empty());
  CHECK(r.store->times()[0] == 1709539200000000);
  CHECK(r.store->times()[1] == 1709539201000000);
  CHECK(r.value("host", 0) == "DC1");
  CHECK(r.value("Computer", 0) == "DC1");
  CHECK(r.value("EventCode", 0) == "4624");
  CHECK(r.value("sourcetype", 0) == "WinEventLog");
  CHECK(r.values("Targets", 0) == std::vector<std::string>{"a", "b"});
  CHECK(!r.has("__mv_Targets", 0));
  CHECK(!r.has("Empty", 0));
  CHECK(r.store->raw().get(0) == "line1\nline2");
  // No _raw cell: the row's own text.
  CHECK(r.store->raw().get(1) == "1709539201,DC2,,,4625,c,,,");
  CHECK(!r.has("source", 1));
}

TEST_CASE("csv: a row with the wrong cell count is reported and skipped") {
  auto r = ingest_file("bad.csv", "_time,EventCode\n1,4624\n2,4625,extra\n3,4626\n\"4,4627\n");
  CHECK(r.store->rows() == 2);
  CHECK(r.report.skipped == 2);
  REQUIRE(r.report.messages.size() == 2);
  CHECK(r.report.messages[0] == r.report.messages[0].substr(0, r.report.messages[0].find("bad.csv")) +
                                    "bad.csv: record 2: 3 cells, the header has 2; skipped");
  CHECK(r.report.messages[1].find("bad.csv: record 4: unterminated quoted cell; skipped") != std::string::npos);
  CHECK(r.value("EventCode", 1) == "4626");
}

TEST_CASE("csv: classic key=value text is not taken for CSV") {
  CHECK(!csv_reader::sniff("LogName=Security\nEventCode=4624\n"));
  CHECK(!csv_reader::sniff("03/04/2024 08:00:00 AM\nLogName=Security\n"));
  CHECK(csv_reader::sniff("_time,host\n1,a\n"));
}

TEST_CASE("one Sysmon event as XML, winlogbeat JSON and CSV gives the same fields") {
  std::string xml =
      "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
      "<Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/>"
      "<EventID>1</EventID><TimeCreated SystemTime='2024-03-04T08:00:00.123456Z'/>"
      "<EventRecordID>42</EventRecordID><Channel>Microsoft-Windows-Sysmon/Operational</Channel>"
      "<Computer>WS1.corp</Computer></System><EventData>"
      "<Data Name='UtcTime'>2024-03-04 08:00:00.123</Data>"
      "<Data Name='Image'>C:\\Windows\\System32\\cmd.exe</Data>"
      "<Data Name='CommandLine'>cmd.exe /c \"net use\"</Data></EventData></Event>\n";
  std::string json =
      R"({"@timestamp":"2024-03-04T08:00:00.123Z","winlog":{"event_id":1,"record_id":42,)"
      R"("channel":"Microsoft-Windows-Sysmon/Operational","computer_name":"WS1.corp",)"
      R"("event_data":{"UtcTime":"2024-03-04 08:00:00.123","Image":"C:\\Windows\\System32\\cmd.exe",)"
      R"("CommandLine":"cmd.exe /c \"net use\""}}})"
      "\n";
  std::string csv =
      "_time,host,source,sourcetype,EventCode,Image,CommandLine\n"
      "2024-03-04T08:00:00.123+00:00,WS1.corp,XmlWinEventLog:Microsoft-Windows-Sysmon/Operational,"
      "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational,1,C:\\Windows\\System32\\cmd.exe,"
      "\"cmd.exe /c \"\"net use\"\"\"\n";
  auto a = ingest_file("x", xml), b = ingest_file("j", json), c = ingest_file("c", csv);
  for (const Ingested* r : {&a, &b, &c}) {
    REQUIRE(r->store->rows() == 1);
    CHECK(r->value("EventCode", 0) == "1");
    CHECK(r->value("Image", 0) == "C:\\Windows\\System32\\cmd.exe");
    CHECK(r->value("CommandLine", 0) == "cmd.exe /c \"net use\"");
    CHECK(r->value("Computer", 0) == "WS1.corp");
    CHECK(r->value("host", 0) == "WS1.corp");
    CHECK(r->value("source", 0) == "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational");
    CHECK(r->store->times()[0] == 1709539200123000);
  }
}
