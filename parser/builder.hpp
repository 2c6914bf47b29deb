// The state the parser actions build the AST in: stacks for the nested pieces (pipelines,
// commands, search and eval expressions) plus a little scratch for the token being read.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "parser/ast.hpp"
#include "parser/parser.hpp"

namespace spelunk::parser {

inline constexpr std::size_t kMaxNesting = 200;       // brackets, parentheses, NOT, unary minus
inline constexpr std::size_t kMaxExprDepth = 2000;    // depth of an eval tree (long operator chains)

// Thrown by the control and the actions; parse_query turns it into a ParseError.
struct SyntaxFailure : std::runtime_error {
  SyntaxFailure(std::string message, ast::Position where) : std::runtime_error(message), pos(where) {}
  ast::Position pos;
};

struct CommandFrame {
  ast::Command command;
  ast::Options options;        // key=value options in the order written, distributed at the end
  bool sort_all_descending = false;  // "sort - a b": the sign applies to every following key
  bool sort_all_sticky = false;
  bool lookup_outputs = false;       // after OUTPUT / OUTPUTNEW
};

struct Builder {
  std::vector<ast::Pipeline> pipelines;  // innermost (subsearch) last
  std::vector<CommandFrame> commands;    // commands being built, innermost last
  std::vector<ast::SearchExpr> searches;
  std::vector<std::size_t> search_marks;  // where an AND/OR node's children start
  std::vector<ast::Expr> exprs;
  std::vector<std::size_t> expr_depths;   // tree depth of each entry of exprs
  std::vector<std::size_t> expr_marks;    // where a call's / IN's arguments start
  std::vector<std::string> ops;           // pending binary eval operators
  std::vector<std::pair<std::string, ast::Position>> functions;  // pending call names
  std::vector<ast::Position> openers;     // open brackets and parentheses (control)
  ast::Position quote_open;               // last opened quote (control)
  std::vector<ParseWarning> warnings;

  // scratch for the token being read
  std::string field;
  ast::Position field_pos;
  ast::CompareOp op = ast::CompareOp::Eq;
  ast::SearchValue value;
  std::vector<ast::SearchValue> values;
  std::string option_key;
  ast::Position option_key_pos;
  std::string agg_func;
  std::optional<std::string> agg_field;
  bool agg_has_eval = false;
  std::optional<ast::SortKey> sort_key;
  std::string convert_function;
  std::string convert_field;

  CommandFrame& frame() { return commands.back(); }
  ast::Command& command() { return commands.back().command; }
};

}  // namespace spelunk::parser
