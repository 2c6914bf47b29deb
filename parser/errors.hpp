// The error table of the grammar (as in PEGTL's json_errors example): one message per rule that
// appears under `must<>`. The control (parser/control.hpp) appends "but found X" and, for
// closing brackets and quotes, names the opener. A `must<>` rule without a message here fails
// to compile.
#pragma once

#include "parser/grammar.hpp"

namespace spelunk::parser {

namespace g = grammar;

template <typename Rule> inline constexpr const char* error_message = nullptr;

// clang-format off
template <> inline constexpr auto error_message<g::command> = "expected a command name after '|'";
template <> inline constexpr auto error_message<g::command_end> = "expected '|' or the end of the command";
template <> inline constexpr auto error_message<g::end_of_query> = "expected '|' or the end of the query";
template <> inline constexpr auto error_message<g::subsearch_body> = "expected a search inside '[ ]'";
template <> inline constexpr auto error_message<g::command_subsearch> = "expected a subsearch '[ ... ]'";
template <> inline constexpr auto error_message<g::quote_close> = "unclosed '\"'";
template <> inline constexpr auto error_message<g::squote_close> = "unclosed \"'\"";
template <> inline constexpr auto error_message<g::paren_close> = "expected ')'";
template <> inline constexpr auto error_message<g::bracket_close> = "expected ']'";

// search expression
template <> inline constexpr auto error_message<g::s_after_and> = "expected a search term after 'AND'";
template <> inline constexpr auto error_message<g::s_after_or> = "expected a search term after 'OR'";
template <> inline constexpr auto error_message<g::s_after_not> = "expected a search term after 'NOT'";
template <> inline constexpr auto error_message<g::s_group_body> = "expected a search expression after '('";
template <> inline constexpr auto error_message<g::s_value> = "expected a value after the comparison operator";
template <> inline constexpr auto error_message<g::s_in_list> = "expected '(' and a list of values after 'IN'";
template <> inline constexpr auto error_message<g::search_top> = "expected a search expression after 'where'";

// eval expression
template <> inline constexpr auto error_message<g::e_expr> = "expected an eval expression";
template <> inline constexpr auto error_message<g::e_and_operand> = "expected an expression after 'AND'";
template <> inline constexpr auto error_message<g::e_or_operand> = "expected an expression after 'OR'";
template <> inline constexpr auto error_message<g::e_xor_operand> = "expected an expression after 'XOR'";
template <> inline constexpr auto error_message<g::e_not_operand> = "expected an expression after 'NOT'";
template <> inline constexpr auto error_message<g::e_compare_operand> = "expected a value after the comparison operator";
template <> inline constexpr auto error_message<g::e_in_list> = "expected '(' and a list of values after 'IN'";
template <> inline constexpr auto error_message<g::e_add_operand> = "expected a value after the operator";
template <> inline constexpr auto error_message<g::e_mul_operand> = "expected a value after the operator";
template <> inline constexpr auto error_message<g::e_unary_operand> = "expected a value after '-'";

// command arguments
template <> inline constexpr auto error_message<g::where_expr> = "expected an expression after 'where'";
template <> inline constexpr auto error_message<g::eval_assignment> = "expected an assignment field=expression";
template <> inline constexpr auto error_message<g::eval_equals> = "expected '=' after the field name";
template <> inline constexpr auto error_message<g::eval_value> = "expected an expression after '='";
template <> inline constexpr auto error_message<g::option_value> = "expected a value after '='";
template <> inline constexpr auto error_message<g::agg_as_name> = "expected a field name after 'AS'";
template <> inline constexpr auto error_message<g::as_name> = "expected a field name after 'AS'";
template <> inline constexpr auto error_message<g::field_name> = "expected a field name";
template <> inline constexpr auto error_message<g::by_fields> = "expected a field name after 'BY'";
template <> inline constexpr auto error_message<g::field_item<g::by_tag>> = "expected a field name after 'OVER'";
template <> inline constexpr auto error_message<g::rename_pair> = "expected 'field AS new_name' after 'rename'";
template <> inline constexpr auto error_message<g::kw_as> = "expected 'AS'";
template <> inline constexpr auto error_message<g::rename_to> = "expected a field name after 'AS'";
template <> inline constexpr auto error_message<g::sort_field> = "expected a field to sort by";
template <> inline constexpr auto error_message<g::sort_key> = "expected a field to sort by after 'sortby'";
template <> inline constexpr auto error_message<g::regex_value> = "expected a regular expression";
template <> inline constexpr auto error_message<g::join_condition> = "expected a join condition after 'where'";
template <> inline constexpr auto error_message<g::lookup_table> = "expected a lookup table name";
template <> inline constexpr auto error_message<g::lookup_to> = "expected a field name after 'AS'";
template <> inline constexpr auto error_message<g::eval_only> = "expected an eval expression";
template <> inline constexpr auto error_message<g::ts_search> = "expected a search expression after 'where'";
template <> inline constexpr auto error_message<g::tstats_source> = "expected 'datamodel=<model>[.<dataset>]' after 'from' (tstats reads data models only)";
template <> inline constexpr auto error_message<g::tstats_datamodel> = "expected a data model name after 'datamodel='";
template <> inline constexpr auto error_message<g::tstats_by_item> = "expected a field name after 'BY'";
// clang-format on

}  // namespace spelunk::parser
