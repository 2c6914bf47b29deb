// parse_query / parse_eval_expression: comments out, macros in, then the PEGTL grammar
// (parser/grammar.hpp) with its actions (parser/actions.hpp) and control (parser/control.hpp).
#include "parser/parser.hpp"

#include <tao/pegtl.hpp>

#include "parser/actions.hpp"
#include "parser/builder.hpp"
#include "parser/control.hpp"
#include "parser/grammar.hpp"
#include "parser/macros.hpp"

namespace spelunk {

namespace parser {

std::string describe_position(const ast::Position& pos) {
  return "line " + std::to_string(pos.line) + ", column " + std::to_string(pos.column);
}

namespace {

// Runs `Rule` over `text`; on failure fills result.error. Returns the builder for the caller.
template <typename Rule>
bool run_grammar(const std::string& text, Builder& builder, ParseResult& result) {
  try {
    tao::pegtl::memory_input<> in(text, "query");
    tao::pegtl::parse<Rule, action, control>(in, builder);
    return true;
  } catch (const SyntaxFailure& failure) {
    result.error = ParseError{failure.what(), failure.pos};
  } catch (const tao::pegtl::parse_error& failure) {
    const auto& p = failure.positions().front();
    result.error = ParseError{std::string(failure.message()), ast::Position{p.byte, p.line, p.column}};
  }
  return false;
}

// "... (in the expansion of macro `x` written at line 1, column 5)" when the error is there.
void mention_macro(ParseError& error, const std::vector<MacroSpan>& spans) {
  for (const auto& span : spans) {
    if (error.pos.offset >= span.begin && error.pos.offset < span.end) {
      error.message += " (in the expansion of macro `" + span.name + "` written at " +
                       describe_position(span.written) + ")";
      return;
    }
  }
}

}  // namespace
}  // namespace parser

std::string ParseError::render(std::string_view query) const {
  std::string out = "line " + std::to_string(pos.line) + ", column " + std::to_string(pos.column) + ": " + message;
  // Find the line the error is on.
  std::size_t begin = 0;
  for (std::size_t line = 1; line < pos.line && begin < query.size(); ++line) {
    const auto nl = query.find('\n', begin);
    if (nl == std::string_view::npos) break;
    begin = nl + 1;
  }
  std::size_t end = query.find('\n', begin);
  if (end == std::string_view::npos) end = query.size();
  std::string_view line = query.substr(std::min(begin, query.size()), end - std::min(begin, end));
  std::size_t caret = pos.column > 0 ? pos.column - 1 : 0;
  // Very long lines (a 1 MB query): show a window around the column.
  constexpr std::size_t kWindow = 60;
  std::string prefix;
  if (caret > kWindow) {
    line.remove_prefix(caret - kWindow);
    caret = kWindow;
    prefix = "...";
  }
  std::string suffix;
  if (line.size() > caret + kWindow) {
    line = line.substr(0, caret + kWindow);
    suffix = "...";
  }
  out += "\n  " + prefix + std::string(line) + suffix + "\n  " + std::string(prefix.size(), ' ');
  for (std::size_t i = 0; i < caret && i < line.size(); ++i) out += line[i] == '\t' ? '\t' : ' ';
  out += '^';
  return out;
}

ParseResult parse_query(std::string_view query, const MacroTable* macros) {
  ParseResult result;
  parser::Preprocessed uncommented = parser::remove_comments(query);
  if (uncommented.error) {
    result.expanded = std::move(uncommented.text);
    result.error = std::move(uncommented.error);
    return result;
  }
  static const MacroTable kNoMacros;
  parser::Preprocessed expanded = parser::expand_macros(uncommented.text, macros ? *macros : kNoMacros);
  result.expanded = std::move(expanded.text);
  if (expanded.error) {
    result.error = std::move(expanded.error);
    return result;
  }
  parser::Builder builder;
  builder.pipelines.emplace_back();
  if (parser::run_grammar<parser::grammar::query>(result.expanded, builder, result)) {
    result.pipeline = std::move(builder.pipelines.front());
  } else {
    parser::mention_macro(*result.error, expanded.spans);
  }
  result.warnings = std::move(builder.warnings);
  return result;
}

ParseResult parse_eval_expression(std::string_view text, ast::Expr& out) {
  ParseResult result;
  result.expanded = std::string(text);
  parser::Builder builder;
  builder.pipelines.emplace_back();
  if (parser::run_grammar<parser::grammar::eval_only>(result.expanded, builder, result)) out = std::move(builder.exprs.back());
  result.warnings = std::move(builder.warnings);
  return result;
}

}  // namespace spelunk
