// Runs SPL text (the real parser) over a small store built in the test, for command tests that
// read better as searches than as hand-built ASTs.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "eval_core_store_fixture.hpp"
#include "evaluator/pipeline.hpp"
#include "parser/parser.hpp"

namespace spelunk::test {

inline Result run_spl(const std::shared_ptr<const Store>& store, const std::string& query, unsigned threads = 2) {
  ParseResult parsed = parse_query(query);
  if (parsed.error) FAIL(parsed.error->render(query));
  ExecContext ctx;
  ctx.store = store;
  ctx.threads = threads;
  return run_pipeline(*parsed.pipeline, ctx);
}

inline std::vector<std::string> strings(const Result& r, std::string_view column) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < r.size(); ++i) out.push_back(r.get(column, i).to_string());
  return out;
}

}  // namespace spelunk::test
