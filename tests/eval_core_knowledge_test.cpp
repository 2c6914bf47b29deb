#include <doctest/doctest.h>

#include <fstream>

#include "eval_core_store_fixture.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/search_filter.hpp"

using namespace spelunk;
using namespace spelunk::test;

namespace {

const char* kSysmonSource = "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational";

std::string value_at(const Column* c, std::size_t row) {
  if (!c) return "<no column>";
  auto codes = c->values(row);
  if (codes.empty()) return "<absent>";
  std::string out;
  for (std::size_t i = 0; i < codes.size(); ++i) out += (i ? "|" : "") + std::string(c->dict().value(codes[i]));
  return out;
}

}  // namespace

TEST_CASE("props.conf: stanzas, aliases, evals, problems reported with line numbers") {
  Knowledge k;
  auto problems = k.load_props_text(
      "# comment\n"
      "[source::XmlWinEventLog:...]\n"
      "FIELDALIAS-a = CommandLine AS cmdline Image ASNEW process_path\n"
      "EVAL-process_name = replace(Image, \"^.*\\\\\\\\\", \"\")\n"
      "REPORT-x = ignored\n"
      "\n"
      "[XmlWinEventLog:Security]\n"
      "FIELDALIAS-bad = User\n"
      "nonsense line\n"
      "[host::dc*]\n"
      "FIELDALIAS-h = Computer AS dest\n",
      "test.conf");
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].rfind("test.conf:8: ", 0) == 0);
  CHECK(problems[1].rfind("test.conf:9: ", 0) == 0);
  REQUIRE(k.stanzas().size() == 3);
  CHECK(k.stanzas()[0].kind == PropsStanza::Kind::Source);
  CHECK(k.stanzas()[0].pattern == "XmlWinEventLog:...");
  const auto& aliases = k.stanzas()[0].aliases.at("FIELDALIAS-a");
  REQUIRE(aliases.size() == 2);
  CHECK(aliases[0].from == "CommandLine");
  CHECK(aliases[0].to == "cmdline");
  CHECK_FALSE(aliases[0].asnew);
  CHECK(aliases[1].asnew);
  CHECK(k.stanzas()[0].evals.count("EVAL-process_name") == 1);
  CHECK(k.stanzas()[1].kind == PropsStanza::Kind::Sourcetype);
  CHECK(k.stanzas()[2].kind == PropsStanza::Kind::Host);
  CHECK(k.defines("cmdline"));
  CHECK(k.defines("process_name"));
  CHECK_FALSE(k.defines("Image"));
}

TEST_CASE("props.conf: calculated fields per source, computed once per store and cached") {
  Knowledge k;
  REQUIRE(k.load_props_text("[source::XmlWinEventLog:Microsoft-Windows-Sysmon/Operational]\n"
                            "FIELDALIAS-cmdline = CommandLine AS cmdline\n"
                            "FIELDALIAS-user = User AS user\n"
                            "EVAL-process_name = replace(Image, \"^.*\\\\\\\\\", \"\")\n",
                            "p.conf")
              .empty());
  auto store = make_store({
      {{{"source", kSysmonSource}, {"Image", "C:\\W\\System32\\NETSTAT.EXE"}, {"CommandLine", "netstat -na"},
        {"User", "CORP\\bob"}}, 1, ""},
      {{{"source", kSysmonSource}, {"Image", "C:\\W\\net.exe"}}, 2, ""},
      {{{"source", "XmlWinEventLog:Security"}, {"Image", "C:\\W\\net.exe"}, {"CommandLine", "x"}}, 3, ""},
      {{{"source", kSysmonSource}, {"Image", "C:\\W\\System32\\NETSTAT.EXE"}}, 4, ""},
  });
  const Column* name = k.column(store, "process_name");
  REQUIRE(name != nullptr);
  CHECK(value_at(name, 0) == "NETSTAT.EXE");
  CHECK(value_at(name, 1) == "net.exe");
  CHECK(value_at(name, 2) == "<absent>");  // another source: no CIM fields (R10.1)
  CHECK(value_at(name, 3) == "NETSTAT.EXE");
  CHECK(name->dict().size() == 2);
  CHECK(k.column(store, "process_name") == name);  // cached
  const Column* cmdline = k.column(store, "cmdline");
  CHECK(value_at(cmdline, 0) == "netstat -na");
  CHECK(value_at(cmdline, 1) == "<absent>");
  CHECK(value_at(cmdline, 2) == "<absent>");
  CHECK(value_at(k.column(store, "user"), 0) == "CORP\\bob");  // as written (R10.11)
  CHECK(k.column(store, "Image") == store->column("Image"));   // stored fields pass through

  // Searching a calculated field uses the same column filter.
  ColumnLookup lookup = [&](std::string_view f) { return k.column(store, f); };
  auto q = cmp("process_name", "netstat.exe");
  RowSet rows = filter_store(q, *store, lookup, SearchContext{});
  CHECK(rows.count() == 2);
  CHECK(rows.test(0));
  CHECK(rows.test(3));
}

TEST_CASE("props.conf: alias precedence, ASNEW, and a user file overriding the shipped one") {
  Knowledge k;
  REQUIRE(k.load_props_text("[st]\nFIELDALIAS-d = Computer AS dest\n"
                            "[source::src]\nFIELDALIAS-d = Host2 AS dest\n"
                            "[st]\nFIELDALIAS-n = A ASNEW B\n",
                            "a.conf")
              .empty());
  auto store = make_store({
      {{{"source", "src"}, {"sourcetype", "st"}, {"Computer", "c1"}, {"Host2", "h1"}, {"A", "a1"}, {"B", "b1"}}, 1, ""},
      {{{"source", "other"}, {"sourcetype", "st"}, {"Computer", "c2"}, {"A", "a2"}}, 2, ""},
      {{{"source", "other"}, {"sourcetype", "x"}, {"Computer", "c3"}, {"dest", "orig"}}, 3, ""},
  });
  const Column* dest = k.column(store, "dest");
  CHECK(value_at(dest, 0) == "h1");    // source:: beats sourcetype
  CHECK(value_at(dest, 1) == "c2");
  CHECK(value_at(dest, 2) == "orig");  // no rule: the stored value stays
  const Column* b = k.column(store, "B");
  CHECK(value_at(b, 0) == "b1");  // ASNEW keeps an existing value
  CHECK(value_at(b, 1) == "a2");

  REQUIRE(k.load_props_text("[source::src]\nFIELDALIAS-d = Computer AS dest\n", "user.conf").empty());
  CHECK(value_at(k.column(store, "dest"), 0) == "c1");  // later file wins, cache refreshed
}

TEST_CASE("props.conf: EVALs see post-alias values, never another EVAL's output (R10.9)") {
  Knowledge k;
  REQUIRE(k.load_props_text("[st]\n"
                            "FIELDALIAS-a = Image AS process_path\n"
                            "EVAL-process_name = replace(process_path, \"^.*\\\\\\\\\", \"\")\n"
                            "EVAL-copy = process_name\n"
                            "EVAL-Image = \"overwritten\"\n",
                            "e.conf")
              .empty());
  auto store = make_store({{{{"sourcetype", "st"}, {"Image", "C:\\a\\b.exe"}, {"process_name", "pre"}}, 1, ""}});
  CHECK(value_at(k.column(store, "process_name"), 0) == "b.exe");
  CHECK(value_at(k.column(store, "copy"), 0) == "pre");  // the pre-EVAL value
  CHECK(value_at(k.column(store, "Image"), 0) == "overwritten");
  CHECK(value_at(k.column(store, "process_path"), 0) == "C:\\a\\b.exe");  // alias read the extracted Image
}

TEST_CASE("props.conf: the shipped file loads cleanly") {
  Knowledge k;
  auto problems = k.load_props_file(std::string(SPELUNK_SOURCE_DIR) + "/conf/default/props.conf");
  for (const auto& p : problems) MESSAGE(p);
  CHECK(problems.empty());
  for (const char* f : {"process_name", "process", "process_path", "parent_process", "parent_process_name",
                        "parent_process_path", "process_id", "user", "dest", "original_file_name",
                        "process_exec", "cmdline", "MD5", "SHA256"})
    CHECK_MESSAGE(k.defines(f), f);
  CHECK(k.load_props_file("/nonexistent/props.conf").size() == 1);
}
