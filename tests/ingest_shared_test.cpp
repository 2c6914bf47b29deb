// The XML reader over the shared evtxexport corpus (../shared/data/evtx-attack-samples-xml).
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "storage/ingest/event_time.hpp"
#include "tests/ingest_test_util.hpp"
#include "tests/test_env.hpp"

using namespace spelunk;


TEST_CASE("xml: the whole evtx-attack-samples XML export") {
  const std::string dir = test::shared_dir() + "/data/evtx-attack-samples-xml";
  if (!test::shared_available(dir)) return;
  auto r = testing::ingest({dir});
  CHECK(r.report.files == 277);
  CHECK(r.report.events == 8255);
  CHECK(r.report.skipped == 0);
  REQUIRE(r.store->rows() == 8255);
  // The events with raw control characters are read without complaint (only timestamps may be
  // missing from non-Sysmon events, never XML errors).
  for (const std::string& m : r.report.messages) {
    CHECK_MESSAGE(m.find("XML error") == std::string::npos, m);
    CHECK_MESSAGE(m.find("skipped") == std::string::npos, m);
  }
  std::size_t sysmon = 0;
  const Column* source = r.store->column("source");
  REQUIRE(source != nullptr);
  auto sysmon_code = source->dict().find("XmlWinEventLog:Microsoft-Windows-Sysmon/Operational");
  REQUIRE(sysmon_code);
  for (Code c : source->codes()) sysmon += c == *sysmon_code;
  CHECK(sysmon == 3241);

  // The `net  use` event of the seed search (T1049).
  const Column* cmd = r.store->column("CommandLine");
  REQUIRE(cmd != nullptr);
  auto code = cmd->dict().find("net  use \\\\Target\\C$ P@ssw0rd1 /u:DOMAIN\\Administrator");
  REQUIRE(code);
  std::size_t row = 0, hits = 0;
  for (std::size_t i = 0; i < r.store->rows(); ++i) {
    if (cmd->code(i) == *code) { row = i; ++hits; }
  }
  REQUIRE(hits == 1);
  CHECK(r.value("Image", row) == "C:\\Windows\\System32\\net.exe");
  CHECK(r.value("EventCode", row) == "1");
  CHECK(r.value("EventRecordID", row) == "3674");
  CHECK(r.value("Computer", row) == "MSEDGEWIN10");
  CHECK(r.value("host", row) == "MSEDGEWIN10");
  CHECK(r.value("UserID", row) == "'S-1-5-18'");
  CHECK(r.value("ProcessID", row) == "'2796'");
  CHECK(r.value("User", row) == "MSEDGEWIN10\\IEUser");
  CHECK_FALSE(r.has("RuleName", row));  // <Data Name="RuleName"/> is empty
  CHECK(r.store->times()[row] == *parse_event_time("2019-07-19 14:48:41.103"));
  std::string raw = r.store->raw().get(row);
  CHECK(raw.starts_with("<Event xmlns="));
  CHECK(raw.ends_with("</Event>"));
  CHECK(raw.find("<EventRecordID>3674</EventRecordID>") != std::string::npos);
  CHECK(r.value("Product", row) == "Microsoft\xC2\xAE Windows\xC2\xAE Operating System");
}
