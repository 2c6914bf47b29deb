// Text-level preprocessing before the grammar runs: ```comments``` and `macro` expansion.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/ast.hpp"
#include "parser/parser.hpp"

namespace spelunk::parser {

// Where one top-level macro call landed in the expanded text.
struct MacroSpan {
  std::size_t begin = 0;  // offsets in the expanded text
  std::size_t end = 0;
  std::string name;
  ast::Position written;  // where the call is written in the query
};

struct Preprocessed {
  std::string text;
  std::vector<MacroSpan> spans;
  std::optional<ParseError> error;
};

// Replaces each ```comment``` by blanks (newlines kept, so positions do not move).
Preprocessed remove_comments(std::string_view query);

// Expands `name` and `name(a, b)` outside double quotes, recursively, with a cycle check.
Preprocessed expand_macros(std::string_view text, const MacroTable& macros);

ast::Position position_at(std::string_view text, std::size_t offset);

}  // namespace spelunk::parser
