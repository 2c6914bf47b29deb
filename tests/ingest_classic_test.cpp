// Classic WinEventLog text ingest (R10.3).
#include <doctest/doctest.h>

#include "storage/ingest/classic_text_reader.hpp"
#include "storage/ingest/time_text.hpp"
#include "tests/ingest_test_util.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

const char* kTwoEvents =
    "03/04/2024 08:00:00 AM\r\n"
    "LogName=Security\r\n"
    "EventCode=4688\r\n"
    "ComputerName=WS1.corp\r\n"
    "RecordNumber=77\r\n"
    "TaskCategory=Process Creation\r\n"
    "Message=A new process has been created.\r\n"
    "\r\n"
    "Creator Subject:\r\n"
    "\tSecurity ID:\t\tS-1-5-18\r\n"
    "\tAccount Name:\t\tWS1$\r\n"
    "\r\n"
    "Target Subject:\r\n"
    "\tAccount Name:\t\t-\r\n"
    "\tNew Process Name:\tC:\\Windows\\System32\\cmd.exe\r\n"
    "\tProcess Command Line:\tcmd /c whoami\r\n"
    "\r\n"
    "03/04/2024 01:30:05 PM\n"
    "LogName=Microsoft-Windows-Sysmon/Operational\n"
    "EventCode=1\n"
    "ComputerName=WS2\n"
    "Message=Process Create:\n"
    "Image: C:\\x.exe\n"
    "CommandLine: x.exe  -a\n"
    "EmptyLabel: \n";

}  // namespace

TEST_CASE("classic: timestamp lines and key cleaning") {
  CHECK(classic_text_reader::parse_classic_time("03/04/2024 08:00:00 AM") == 1709539200000000);
  CHECK(classic_text_reader::parse_classic_time("03/04/2024 12:00:00 AM") == 1709510400000000);
  CHECK(classic_text_reader::parse_classic_time("03/04/2024 12:00:00 PM") == 1709553600000000);
  CHECK(!classic_text_reader::parse_classic_time("13/04/2024 08:00:00 AM"));
  CHECK(!classic_text_reader::parse_classic_time("03/04/2024 08:00:00"));
  CHECK(classic_text_reader::clean_key("\tNew Process Name") == "New_Process_Name");
  CHECK(classic_text_reader::clean_key("Image") == "Image");
}

TEST_CASE("classic: two events, header fields, Message and its labels") {
  TempDir dir;
  auto r = ingest({dir.write("wineventlog.txt", kTwoEvents)});
  REQUIRE(r.store->rows() == 2);
  CHECK(r.report.messages.empty());
  CHECK(r.value("EventCode", 0) == "4688");
  CHECK(r.value("LogName", 0) == "Security");
  CHECK(r.value("Channel", 0) == "Security");
  CHECK(r.value("ComputerName", 0) == "WS1.corp");
  CHECK(r.value("host", 0) == "WS1.corp");
  CHECK(r.value("RecordNumber", 0) == "77");
  CHECK(r.value("TaskCategory", 0) == "Process Creation");
  CHECK(r.value("source", 0) == "WinEventLog:Security");
  CHECK(r.value("sourcetype", 0) == "WinEventLog");
  CHECK(r.value("Security_ID", 0) == "S-1-5-18");
  CHECK(r.value("Account_Name", 0) == "WS1$");  // first occurrence wins
  CHECK(r.value("New_Process_Name", 0) == "C:\\Windows\\System32\\cmd.exe");
  CHECK(r.value("Process_Command_Line", 0) == "cmd /c whoami");
  CHECK(r.value("Message", 0).substr(0, 32) == "A new process has been created.\r");
  CHECK(r.value("Message", 0).find("Target Subject:") != std::string::npos);
  CHECK(r.store->times()[0] == 1709539200000000);
  CHECK(r.store->times()[1] == *parse_timestamp_text("2024-03-04T13:30:05Z"));
  CHECK(r.value("Image", 1) == "C:\\x.exe");
  CHECK(r.value("CommandLine", 1) == "x.exe  -a");
  CHECK(!r.has("EmptyLabel", 1));
  CHECK(r.value("source", 1) == "WinEventLog:Microsoft-Windows-Sysmon/Operational");
  CHECK(r.store->raw().get(1).substr(0, 22) == "03/04/2024 01:30:05 PM");
}

TEST_CASE("classic: an event without EventCode is reported and skipped") {
  TempDir dir;
  std::string text = std::string(kTwoEvents) +
                     "\n03/04/2024 02:00:00 PM\nLogName=Security\nMessage=no code\n\n"
                     "03/04/2024 03:00:00 PM\nLogName=Security\nEventCode=4624\nMessage=ok\n";
  auto r = ingest({dir.write("x", text)});
  CHECK(r.store->rows() == 3);
  CHECK(r.report.skipped == 1);
  REQUIRE(r.report.messages.size() == 1);
  CHECK(r.report.messages[0].find("x: record 3: no EventCode= line; skipped") != std::string::npos);
}
