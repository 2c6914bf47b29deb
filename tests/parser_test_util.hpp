// Helpers for the parser tests: a query's canonical AST text, or its error.
#pragma once

#include <string>

#include "parser/parser.hpp"

namespace spelunk::test {

// The canonical text of the parsed pipeline, or "error: <message> @line:column".
inline std::string parsed(const std::string& query, const MacroTable* macros = nullptr) {
  const ParseResult r = parse_query(query, macros);
  if (r.pipeline) return to_string(*r.pipeline);
  return "error: " + r.error->message + " @" + std::to_string(r.error->pos.line) + ":" +
         std::to_string(r.error->pos.column);
}

// The canonical text of the leading search expression alone.
inline std::string search_of(const std::string& query) {
  const std::string text = parsed(query);
  const std::string prefix = "search ";
  return text.rfind(prefix, 0) == 0 ? text.substr(prefix.size()) : text;
}

struct Case {
  const char* query;
  const char* expected;
};

}  // namespace spelunk::test
