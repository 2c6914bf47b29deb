// Parses the whole SPL corpus (../shared/corpus) in-process: no crash, no exception escapes,
// every result is either a pipeline or a positioned error, and every `raw` search parses
// (possibly with a command that has no typed node). The counts are printed for the record;
// bench/corpus_parse prints the full report.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "tests/corpus_runner.hpp"
#include "tests/test_env.hpp"


TEST_CASE("corpus: every search parses or fails with a positioned error") {
  const std::string dir = spelunk::test::shared_dir() + "/corpus";
  if (!spelunk::test::shared_available(dir + "/queries.jsonl")) return;
  spelunk::MacroTable macros;
  CHECK(spelunk::corpus::load_macros(dir + "/macros.jsonl", macros) == 0);
  CHECK(macros.names().size() == 1926);
  std::size_t checked = 0;
  const auto report = spelunk::corpus::run(dir + "/queries.jsonl", macros,
                                           [&](const std::string& id, const spelunk::ParseResult& r) {
                                             INFO(id);
                                             CHECK(r.pipeline.has_value() != r.error.has_value());
                                             if (r.error) CHECK(r.error->pos.line >= 1);
                                             ++checked;
                                           });
  CHECK(report.bad_lines == 0);
  CHECK(checked == 2160);
  std::ostringstream counts;
  for (const auto& [kind, c] : report.kinds)
    counts << kind << ": " << c.total << " total, " << c.parsed << " parsed, " << c.unsupported
           << " with an unsupported command, " << c.syntax_errors << " syntax errors; ";
  MESSAGE(counts.str());
  // Exact figures, so that a few searches that stop parsing (or start) show. A command that
  // becomes supported moves searches from `unsupported` to `parsed`: update the figures then.
  REQUIRE(report.kinds.count("raw"));
  CHECK(report.kinds.at("raw").total == 1129);
  CHECK(report.kinds.at("raw").parsed == 1071);
  CHECK(report.kinds.at("raw").unsupported == 58);
  CHECK(report.kinds.at("raw").syntax_errors == 0);
  REQUIRE(report.kinds.count("tstats"));
  CHECK(report.kinds.at("tstats").total == 961);
  CHECK(report.kinds.at("tstats").parsed + report.kinds.at("tstats").unsupported == 959);
  CHECK(report.kinds.at("tstats").syntax_errors == 2);
  REQUIRE(report.kinds.count("other"));
  CHECK(report.kinds.at("other").total == 70);
  CHECK(report.kinds.at("other").parsed == 31);
  CHECK(report.kinds.at("other").unsupported == 38);
  CHECK(report.kinds.at("other").syntax_errors == 1);
}
