// The parser's public face: SPL text in, AST or a positioned error out.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parser/ast.hpp"

namespace spelunk {

struct ParseError {
  std::string message;   // "expected a value after '=' but found ')'"
  ast::Position pos;
  // Full human text: "line L, column C: message\n  <query line>\n  <caret under column>"
  std::string render(std::string_view query) const;
};

struct ParseWarning {
  std::string message;  // e.g. how Message=""*x*"" was understood
  ast::Position pos;
};

struct ParseResult {
  std::optional<ast::Pipeline> pipeline;  // set on success
  std::optional<ParseError> error;        // set on failure
  std::vector<ParseWarning> warnings;
  std::string expanded;                   // the query text after macro expansion (positions refer to it)
};

// A macro definition from macros.conf: [name] or [name(N)], args = a,b, definition = ...
struct MacroDefinition {
  std::string name;
  std::vector<std::string> args;
  std::string definition;
};

class MacroTable {
 public:
  void add(MacroDefinition def);  // keyed by name and arity
  // Loads a Splunk macros.conf; returns error messages (file:line: ...) for bad stanzas.
  std::vector<std::string> load_conf(const std::string& path);
  const MacroDefinition* find(std::string_view name, std::size_t arity) const;
  std::vector<std::string> names() const;

 private:
  std::map<std::pair<std::string, std::size_t>, MacroDefinition> macros_;
};

// Expands `macro` and `macro(a, b)` (nested, cycle-checked), then parses.
ParseResult parse_query(std::string_view query, const MacroTable* macros = nullptr);

// Parses an eval expression alone (calculated fields in props.conf: EVAL-x = <expr>).
ParseResult parse_eval_expression(std::string_view text, ast::Expr& out);

// Canonical one-line text of an AST, for tests and --explain.
std::string to_string(const ast::Pipeline& pipeline);
std::string to_string(const ast::SearchExpr& expr);
std::string to_string(const ast::Expr& expr);

}  // namespace spelunk
