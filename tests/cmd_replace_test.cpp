// `replace ... WITH ... IN ...`: whole-value wildcard replacement with Splunk's precedence.
#include <doctest/doctest.h>

#include "cli/session.hpp"
#include "tests/cmd_util.hpp"

using namespace spelunk;
using spelunk::testing::Ev;

namespace {

cli::SearchOutcome run(const std::string& query) {
  cli::Session s;
  s.set_store(spelunk::testing::make_store({
      Ev{{{"src", {"::ffff:10.0.0.1"}}, {"host", {"web localhost"}}, {"flags", {"%%8448", "%%8450"}}}, 2},
      Ev{{{"src", {"10.0.0.2"}}, {"host", {"db"}}, {"flags", {"%%8448, %%8450"}}}, 1},
  }));
  return s.run(query);
}

std::vector<std::string> column(const cli::SearchOutcome& out, const std::string& name) {
  return spelunk::testing::col(out.result, name);
}

}  // namespace

TEST_CASE("replace: a wildcard's match carries into the replacement; whole values only") {
  auto out = run("* | replace \"::ffff:*\" with * in src | replace \"* localhost\" WITH \"localhost *\" IN host");
  REQUIRE_MESSAGE(out.ok, out.error);
  CHECK(column(out, "src") == std::vector<std::string>{"10.0.0.1", "10.0.0.2"});
  CHECK(column(out, "host") == std::vector<std::string>{"localhost web", "db"});
  auto partial = run("* | replace \"ffff\" WITH x IN src");  // not the whole value: unchanged
  CHECK(column(partial, "src") == std::vector<std::string>{"::ffff:10.0.0.1", "10.0.0.2"});
  auto cased = run("* | replace \"DB\" WITH x IN host");  // case-sensitive
  CHECK(column(cased, "host") == std::vector<std::string>{"web localhost", "db"});
}

TEST_CASE("replace: several pairs, multi-values, no IN, precedence") {
  auto out = run("* | replace \"%%8448\" with \"Success removed\", \"%%8450\" with \"Failure removed\", "
                 "\"%%8448, %%8450\" with \"Success removed, Failure removed\" in flags");
  REQUIRE_MESSAGE(out.ok, out.error);
  CHECK(column(out, "flags") ==
        std::vector<std::string>{"Success removed|Failure removed", "Success removed, Failure removed"});
  auto everywhere = run("* | replace db WITH database");  // every non-internal field
  CHECK(column(everywhere, "host") == std::vector<std::string>{"web localhost", "database"});
  auto later_exact = run("* | replace db WITH one, db WITH two IN host");
  CHECK(column(later_exact, "host")[1] == "two");
  auto fuller = run("* | replace \"10.*\" WITH a, \"10.0.0.*\" WITH b, \"*\" WITH c IN src");
  CHECK(column(fuller, "src") == std::vector<std::string>{"c", "b"});
}

TEST_CASE("replace: argument errors") {
  CHECK(run("* | replace a WITH b* IN host").error.find("must have as many wildcards") != std::string::npos);
  CHECK(run("* | replace a b IN host").error.find("expected <value> WITH <replacement>") != std::string::npos);
  CHECK(run("* | replace a WITH b IN").error.find("expected field names after IN") != std::string::npos);
}
