// Parses the whole SPL corpus (../shared/corpus) in-process: no crash, no exception escapes,
// every result is either a pipeline or a positioned error, and every `raw` search parses
// (possibly with a command that has no typed node). The counts are printed for the record;
// bench/corpus_parse prints the full report.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "tests/corpus_runner.hpp"

namespace {

std::string shared_dir() {
  if (const char* env = std::getenv("SPELUNK_SHARED")) return env;
  return std::string(SPELUNK_SOURCE_DIR) + "/../shared";
}

}  // namespace

TEST_CASE("corpus: every search parses or fails with a positioned error") {
  const std::string dir = shared_dir() + "/corpus";
  if (!std::filesystem::exists(dir + "/queries.jsonl")) {
    MESSAGE("skipped: no corpus at " << dir);
    return;
  }
  spelunk::MacroTable macros;
  CHECK(spelunk::corpus::load_macros(dir + "/macros.jsonl", macros) == 0);
  CHECK(macros.names().size() > 1000);
  std::size_t checked = 0;
  const auto report = spelunk::corpus::run(dir + "/queries.jsonl", macros,
                                           [&](const std::string& id, const spelunk::ParseResult& r) {
                                             INFO(id);
                                             CHECK(r.pipeline.has_value() != r.error.has_value());
                                             if (r.error) CHECK(r.error->pos.line >= 1);
                                             ++checked;
                                           });
  CHECK(report.bad_lines == 0);
  CHECK(checked > 2000);
  std::ostringstream counts;
  for (const auto& [kind, c] : report.kinds)
    counts << kind << ": " << c.total << " total, " << c.parsed << " parsed, " << c.unsupported
           << " with an unsupported command, " << c.syntax_errors << " syntax errors; ";
  MESSAGE(counts.str());
  REQUIRE(report.kinds.count("raw"));
  CHECK(report.kinds.at("raw").syntax_errors == 0);
  CHECK(report.kinds.at("raw").parsed > 1000);
}
