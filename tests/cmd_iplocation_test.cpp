// iplocation over a small MaxMind DB the test builds with Debian's libmaxmind-db-writer-perl
// (tests/data/make_test_mmdb.pl); skipped with a message when Perl or that module is missing.
// Expected values follow Search Reference, iplocation (fields, 5-decimal lat/lon, no fields for
// an address without a location, prefix=, allfields=, lang=).
#include <doctest/doctest.h>

#include <cstdlib>

#include "cli/app_conf.hpp"
#include "cmd_util.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "runner_util.hpp"

using namespace spelunk;
using namespace spelunk::testing;

namespace {

// Builds the database into `dir`; empty when it cannot (the tests then skip).
std::string build_database(const spelunk::test::ScratchDir& dir) {
  const std::string out = dir.file("test.mmdb");
  const std::string cmd = "perl " + spelunk::test::source_dir() + "/tests/data/make_test_mmdb.pl '" + out + "' 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) return {};
  return out;
}

Result locate(const std::string& db, const std::string& query) {
  Knowledge knowledge;
  knowledge.set_iplocation_db(db);
  ExecContext ctx;
  ctx.knowledge = &knowledge;
  return run_query(query, Result(), &ctx);
}

}  // namespace

TEST_CASE("iplocation: City, Country, Region, lat, lon from the database") {
  spelunk::test::ScratchDir dir("iploc");
  const std::string db = build_database(dir);
  if (db.empty()) {
    MESSAGE("skipped: cannot build a MaxMind DB (perl with libmaxmind-db-writer-perl needed)");
    return;
  }
  Result r = locate(db, "| makeresults count=1 | eval ip=mvappend(\"81.2.69.160\") | iplocation ip");
  CHECK(col(r, "City") == S{"London"});
  CHECK(col(r, "Country") == S{"United Kingdom"});
  CHECK(col(r, "Region") == S{"England"});
  CHECK(col(r, "lat") == S{"51.51420"});
  CHECK(col(r, "lon") == S{"-0.09310"});
  CHECK(r.find("Continent") < 0);  // only with allfields=t

  // The page's IPv6 example: no city or region, the country, lat/lon with five decimals.
  Result v6 = locate(db, "| makeresults | eval myip=\"2001:4860:4860::8888\" | iplocation myip");
  CHECK(col(v6, "City") == S{""});
  CHECK(col(v6, "Country") == S{"United States"});
  CHECK(col(v6, "Region") == S{""});
  CHECK(col(v6, "lat") == S{"37.75100"});
  CHECK(col(v6, "lon") == S{"-97.82200"});

  // No location (an internal address, or no address at all): no fields.
  Result none = locate(db, "| makeresults | eval ip=\"10.1.2.3\" | iplocation ip");
  CHECK(none.find("City") < 0);
  Result mixed = locate(db, "| makeresults count=2 | streamstats count | eval ip=if(count=1, \"10.1.2.3\", \"81.2.69.1\") | iplocation ip");
  CHECK(col(mixed, "City") == S{"", "London"});
  CHECK(mixed.get("City", 0).is_null());
}

TEST_CASE("iplocation: allfields, prefix, lang") {
  spelunk::test::ScratchDir dir("iploc");
  const std::string db = build_database(dir);
  if (db.empty()) {
    MESSAGE("skipped: cannot build a MaxMind DB (perl with libmaxmind-db-writer-perl needed)");
    return;
  }
  Result all = locate(db, "| makeresults | eval ip=\"2001:4860::1\" | iplocation prefix=iploc_ allfields=true ip");
  CHECK(col(all, "iploc_Continent") == S{"North America"});
  CHECK(col(all, "iploc_MetroCode") == S{"807"});
  CHECK(col(all, "iploc_Timezone") == S{""});
  CHECK(col(all, "iploc_Country") == S{"United States"});
  CHECK(all.find("Country") < 0);
  Result de = locate(db, "| makeresults | eval ip=\"81.2.69.160\" | iplocation lang=de ip");
  CHECK(col(de, "Country") == S{"Vereinigtes Königreich"});
  Result code = locate(db, "| makeresults | eval ip=\"81.2.69.160\" | iplocation lang=code allfields=t ip");
  CHECK(col(code, "Country") == S{"GB"});
  CHECK(col(code, "Region") == S{"ENG"});
  CHECK(col(code, "Continent") == S{"EU"});
  CHECK(col(code, "Timezone") == S{"Europe/London"});
}

TEST_CASE("iplocation: the database comes from limits.conf [iplocation] db_path; none is an error") {
  spelunk::test::ScratchDir dir("iploc-app");
  const std::string db = build_database(dir);
  dir.write("app/local/limits.conf", "[iplocation]\ndb_path = " + (db.empty() ? std::string("/nonexistent.mmdb") : db) + "\n");
  Knowledge knowledge;
  CHECK(cli::load_app_knowledge(dir.file("app"), knowledge).empty());
  CHECK(knowledge.iplocation_db() == (db.empty() ? std::string("/nonexistent.mmdb") : db));

  Knowledge empty;
  ExecContext ctx;
  ctx.knowledge = &empty;
  try {
    run_query("| makeresults | eval ip=\"81.2.69.160\" | iplocation ip", Result(), &ctx);
    FAIL("no error");
  } catch (const QueryError& e) {
    CHECK(e.message.find("iplocation needs an IP location database") == 0);
  }
  Knowledge missing;
  missing.set_iplocation_db(dir.file("nope.mmdb"));
  ctx.knowledge = &missing;
  try {
    run_query("| makeresults | eval ip=\"81.2.69.160\" | iplocation ip", Result(), &ctx);
    FAIL("no error");
  } catch (const QueryError& e) {
    CHECK(e.message.find("cannot open the IP location database") != std::string::npos);
  }
}
