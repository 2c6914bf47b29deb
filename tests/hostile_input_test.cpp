// Resource bounds that a hostile file must not break (issue 15). Each case checks the exact
// message, that the rest of the input is still read, and stays fast: the big inputs are built in
// memory (a gzip bomb of repeated members, a 100 MB value of one letter) in well under seconds.
#include <doctest/doctest.h>

#include <zlib.h>

#include <chrono>
#include <string>
#include <vector>

#include "cli/session.hpp"
#include "runner_util.hpp"
#include "tests/ingest_test_util.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

std::string gzip_member(std::string_view plain) {
  std::string gz(compressBound(static_cast<uLong>(plain.size())) + 64, '\0');
  z_stream zs{};
  REQUIRE(deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) == Z_OK);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  zs.avail_in = static_cast<uInt>(plain.size());
  zs.next_out = reinterpret_cast<Bytef*>(gz.data());
  zs.avail_out = static_cast<uInt>(gz.size());
  REQUIRE(deflate(&zs, Z_FINISH) == Z_STREAM_END);
  gz.resize(zs.total_out);
  deflateEnd(&zs);
  return gz;
}

// `prefix` gzip'd, then `mebibytes` MiB of zeros as repeated 1 MiB members: a file of about
// 1 KB per MiB that expands to whatever size the test needs.
std::string gzip_bomb(std::string_view prefix, std::size_t mebibytes) {
  std::string bomb = gzip_member(prefix);
  const std::string zeros = gzip_member(std::string(1u << 20, '\0'));
  for (std::size_t i = 0; i < mebibytes; ++i) bomb += zeros;
  return bomb;
}

std::string event_xml(int id, std::string_view data = "x") {
  return "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
         "<EventID>" + std::to_string(id) + "</EventID><Channel>Security</Channel>"
         "<Computer>WS1</Computer><TimeCreated SystemTime='2024-03-04T08:00:00.000Z'/></System>"
         "<EventData><Data Name='Payload'>" + std::string(data) + "</Data></EventData></Event>\n";
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_CASE("hostile input: a gzip bomb stops at the expansion limit, naming the file") {
  TempDir dir;
  const std::string good = dir.write("good.xml", event_xml(4624));
  IngestOptions options;
  options.max_gunzip_bytes = 8u << 20;

  SUBCASE("JSON inside: refused at the limit, the other file is read") {
    const std::string bomb = dir.write("bomb.json.gz", gzip_bomb("{\"EventID\":\"1\"}\n", 64));
    const auto started = std::chrono::steady_clock::now();
    Ingested r = ingest({bomb, good}, options);
    CHECK(seconds_since(started) < 5);
    REQUIRE(r.report.messages.size() == 1);
    CHECK(r.report.messages[0] == bomb + ": gzip: expands past the 8 MiB limit (a gzip bomb?); "
                                         "--max-gunzip SIZE raises it; nothing read from this file");
    REQUIRE(r.store->rows() == 1);
    CHECK(r.value("EventCode", 0) == "4624");
  }
  SUBCASE("XML inside (streamed to a temporary file): refused at the limit as well") {
    const std::string bomb = dir.write("bomb.xml.gz", gzip_bomb(event_xml(1), 64));
    Ingested r = ingest({bomb, good}, options);
    REQUIRE(r.report.messages.size() == 1);
    CHECK(r.report.messages[0] == bomb + ": gzip: expands past the 8 MiB limit (a gzip bomb?); "
                                         "--max-gunzip SIZE raises it; nothing read from this file");
    CHECK(r.store->rows() == 1);
  }
  SUBCASE("zeros only (the 20 GB bomb of the issue): refused from its first 64 KiB, at once") {
    const std::string bomb = dir.write("zeros.gz", gzip_bomb("", 2048));  // 2 GiB expanded
    const auto started = std::chrono::steady_clock::now();
    Ingested r = ingest({bomb, good}, IngestOptions{});
    CHECK(seconds_since(started) < 2);
    REQUIRE(r.report.messages.size() == 1);
    CHECK(r.report.messages[0] == bomb + ": gzip'd content is not a format this tool can read");
    CHECK(r.store->rows() == 1);
  }
  SUBCASE("a limit the user raises reads the same file") {
    const std::string gz = dir.write("big.json.gz", gzip_member(std::string(200, ' ') + "{\"EventID\":\"7\",\"UtcTime\":\"2024-03-04 08:00:00\"}\n"));
    options.max_gunzip_bytes = 100;
    CHECK(ingest({gz}, options).report.messages.size() == 1);
    options.max_gunzip_bytes = 1000;
    Ingested r = ingest({gz}, options);
    CHECK(r.report.messages.empty());
    CHECK(r.value("EventCode", 0) == "7");
  }
  SUBCASE("the CLI option --max-gunzip") {
    const std::string bomb = dir.write("bomb.json.gz", gzip_bomb("{\"EventID\":\"1\"}\n", 16));
    auto run = test::run_spelunk({"-d", bomb, "-d", good, "--max-gunzip", "4M", "* | stats count"});
    CHECK(run.status == 0);
    CHECK(run.err == "spelunk: " + bomb + ": gzip: expands past the 4 MiB limit (a gzip bomb?); "
                                          "--max-gunzip SIZE raises it; nothing read from this file\n");
    CHECK(run.out.find("1") != std::string::npos);
    auto bad = test::run_spelunk({"-d", good, "--max-gunzip", "lots", "*"});
    CHECK(bad.status == 2);
    CHECK(bad.err.find("option --max-gunzip needs a size such as 512M or 4G, not `lots`") != std::string::npos);
  }
}

TEST_CASE("hostile input: a single 100 MB value is read, not skipped") {
  TempDir dir;
  const std::string big(100'000'000, 'A');
  const std::string path =
      dir.write("big.xml", event_xml(1) + event_xml(2, big) + event_xml(3));
  const auto started = std::chrono::steady_clock::now();
  Ingested r = ingest({path});
  MESSAGE("100 MB value read in " << seconds_since(started) << " s");
  CHECK(r.report.messages.empty());
  CHECK(r.report.skipped == 0);
  REQUIRE(r.store->rows() == 3);
  std::vector<std::string> ids;
  std::size_t longest = 0;
  for (std::size_t row = 0; row < 3; ++row) {
    ids.push_back(r.value("EventCode", row));
    longest = std::max(longest, r.value("Payload", row).size());
  }
  CHECK(ids == std::vector<std::string>{"1", "2", "3"});
  CHECK(longest == big.size());

  // Past the memory budget (--max-event), the event is skipped with a message; the rest is read.
  IngestOptions small;
  small.max_event_bytes = 1u << 20;
  const std::string over = dir.write("over.xml", event_xml(1) + event_xml(2, std::string(3u << 20, 'B')) + event_xml(3));
  Ingested s = ingest({over}, small);
  REQUIRE(s.report.messages.size() == 1);
  CHECK(s.report.messages[0] == over + ": event 2: event longer than 1 MiB (--max-event SIZE raises the limit); skipped");
  CHECK(s.report.skipped == 1);
  REQUIRE(s.store->rows() == 2);
  CHECK(s.value("EventCode", 0) == "1");
  CHECK(s.value("EventCode", 1) == "3");
}

TEST_CASE("hostile input: a million distinct values in one field") {
  TempDir dir;
  std::string json = "{\"EventID\":\"1\",\"Many\":[";
  for (int i = 0; i < 1'000'000; ++i) json += (i ? ",\"v" : "\"v") + std::to_string(i) + "\"";
  json += "]}\n{\"EventID\":\"2\",\"Many\":\"v999999\"}\n";
  const auto started = std::chrono::steady_clock::now();
  Ingested r = ingest({dir.write("many.json", json)});
  CHECK(r.report.skipped == 0);
  REQUIRE(r.store->rows() == 2);
  CHECK(r.values("Many", 0).size() == 1'000'000);
  CHECK(r.values("Many", 0).back() == "v999999");
  CHECK(r.value("Many", 1) == "v999999");
  cli::Session session;
  session.set_store(r.store);
  const cli::SearchOutcome dc = session.run("* | stats dc(Many) AS d count");
  REQUIRE(dc.ok);
  CHECK(dc.result.get("d", 0).to_string() == "1000000");
  const cli::SearchOutcome hit = session.run("Many=v500000 | stats count");
  REQUIRE(hit.ok);
  CHECK(hit.result.get("count", 0).to_string() == "1");
  MESSAGE("a million values ingested and searched in " << seconds_since(started) << " s");
}

TEST_CASE("hostile input: 10,000 fields in one event") {
  TempDir dir;
  std::string data;
  for (int i = 0; i < 10'000; ++i)
    data += "</Data><Data Name='F" + std::to_string(i) + "'>v" + std::to_string(i);
  // event_xml wraps `data` in <Data Name='Payload'>...</Data>: the loop above closes and reopens.
  const std::string path = dir.write("wide.xml", event_xml(1, data) + event_xml(2));
  std::string json = "{\"EventID\":\"3\",\"UtcTime\":\"2024-03-04 08:00:00.000\"";
  for (int i = 0; i < 10'000; ++i) json += ",\"J" + std::to_string(i) + "\":\"w" + std::to_string(i) + "\"";
  const std::string json_path =
      dir.write("wide.json", json + "}\n{\"EventID\":\"4\",\"UtcTime\":\"2024-03-04 08:00:00.000\"}\n");
  Ingested r = ingest({path, json_path});
  CHECK(r.report.messages.empty());
  REQUIRE(r.store->rows() == 4);
  CHECK(r.value("F0", 0) == "v0");
  CHECK(r.value("F9999", 0) == "v9999");
  CHECK(r.value("EventCode", 1) == "2");
  CHECK(r.value("J9999", 2) == "w9999");
  CHECK(r.value("EventCode", 3) == "4");
  std::size_t fields = 0;
  for (const auto& column : r.store->columns()) fields += !column->values(0).empty();
  CHECK(fields > 10'000);
}

TEST_CASE("hostile input: nesting 100,000 deep in XML and JSON") {
  TempDir dir;
  constexpr int kDepth = 100'000;
  std::string open, close;
  for (int i = 0; i < kDepth; ++i) open += "<n>", close += "</n>";
  const std::string deep_xml =
      "<Event><System><EventID>1</EventID><Computer>WS1</Computer>"
      "<TimeCreated SystemTime='2024-03-04T08:00:00.000Z'/></System><UserData><Top>" + open + "deep" +
      close + "</Top><Shallow>kept</Shallow></UserData></Event>\n";
  const std::string xml_path = dir.write("deep.xml", deep_xml + event_xml(2));
  const std::string json_path =
      dir.write("deep.json", "{\"EventID\":\"3\",\"a\":" + std::string(kDepth, '[') + std::string(kDepth, ']') +
                                 "}\n{\"EventID\":\"4\",\"UtcTime\":\"2024-03-04 08:00:00.000\"}\n");
  Ingested r = ingest({xml_path, json_path});
  REQUIRE(r.report.messages.size() == 2);
  CHECK(r.report.messages[0] == xml_path + ": event 1: UserData nested deeper than 32 elements; "
                                           "what lies deeper is in _raw only");
  CHECK(r.report.messages[1] == json_path + ": record 1: The JSON document was too deep (too many "
                                            "nested objects and arrays); skipped");
  REQUIRE(r.store->rows() == 3);
  CHECK(r.value("Shallow", 0) == "kept");
  CHECK(r.value("EventCode", 1) == "2");
  CHECK(r.value("EventCode", 2) == "4");
  // Searching the deep event's _raw, and spath over it, stay bounded too.
  cli::Session session;
  session.set_store(r.store);
  const cli::SearchOutcome found = session.run("deep | spath | stats count");
  REQUIRE(found.ok);
  CHECK(found.result.get("count", 0).to_string() == "1");
}
