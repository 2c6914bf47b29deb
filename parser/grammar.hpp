// The SPL grammar, top-down (as in PEGTL's lua53 example): pipeline, then commands, then the
// search expression, then the eval expression, then the lexical pieces they share.
//
// The grammar only recognises text. Building the AST is the job of parser/actions.hpp, and the
// messages of `must<>` failures live in parser/errors.hpp (one table, as in PEGTL's json_errors
// example). Two conventions keep the actions simple:
// - Alternatives that would run actions are chosen by a lookahead (`at<...>`, which runs no
//   actions) or by a distinct first character, so the parser never backtracks over a rule
//   whose actions already fired.
// - Rules deriving from `nesting` are bracket-like: the control records where they open (for
//   "unclosed '(' opened at ...") and bounds how deep they nest (no stack overflow).
#pragma once

#include <tao/pegtl.hpp>

namespace spelunk::parser::grammar {

using namespace tao::pegtl;  // NOLINT: rule names below are chosen not to collide

struct nesting {};        // marker: counts towards the depth limit, records its opener
struct quoted_marker {};  // marker: records where a quoted string opens

// ================================================================== lexical pieces
struct blank_char : one<' ', '\t', '\r', '\n'> {};
struct sp : star<blank_char> {};
struct sp1 : plus<blank_char> {};
struct ident_first : sor<alpha, one<'_'>> {};
struct ident_char : sor<alnum, one<'_'>> {};
struct ident : seq<ident_first, star<ident_char>> {};
struct digits : plus<digit> {};
struct comma_sep : seq<sp, one<','>, sp> {};
struct list_sep : sor<comma_sep, sp1> {};  // field lists: spaces and/or commas

// Double-quoted strings: backslash escapes anything (decoded by the actions, not here).
struct quote_open : one<'"'> {};
struct quote_close : one<'"'> {};
struct quoted_char : sor<seq<one<'\\'>, any>, not_one<'"'>> {};
struct quoted : seq<quote_open, star<quoted_char>, must<quote_close>>, quoted_marker {};
struct squote_close : one<'\''> {};
struct single_quoted : seq<one<'\''>, star<sor<seq<one<'\\'>, any>, not_one<'\''>>>, must<squote_close>>,
                       quoted_marker {};

struct paren_close : one<')'> {};
struct bracket_close : one<']'> {};

// Raw balanced groups: kept as written (generic command words, option values, field names
// such as `count(x)`).
struct raw_parens : seq<one<'('>, star<sor<quoted, raw_parens, not_one<')', '('>>>, must<paren_close>>, nesting {};
struct raw_brackets : seq<one<'['>, star<sor<quoted, raw_brackets, not_one<']', '['>>>, must<bracket_close>>,
                      nesting {};

struct raw_word : plus<sor<quoted, raw_brackets, raw_parens, plus<not_one<' ', '\t', '\r', '\n', '|', '[', ']', '"', '(', ')'>>>> {};

// Keywords. Search operators are case-sensitive (R2.3) and end where a search term would end;
// eval operators and command words are case-insensitive.
struct s_escape : seq<one<'\\'>, any> {};
struct s_stop : one<' ', '\t', '\r', '\n', '(', ')', '[', ']', '|', '"'> {};
struct s_bare_char : sor<s_escape, seq<not_at<s_stop>, any>> {};
template <typename Word> struct s_kw : seq<Word, not_at<s_bare_char>> {};
template <typename Word> struct i_kw : seq<Word, not_at<ident_char>> {};
struct kw_search_and : s_kw<TAO_PEGTL_STRING("AND")> {};
struct kw_search_or : s_kw<TAO_PEGTL_STRING("OR")> {};
struct kw_search_not : s_kw<TAO_PEGTL_STRING("NOT")> {};
struct kw_search_in : s_kw<TAO_PEGTL_STRING("IN")> {};
struct kw_as : i_kw<TAO_PEGTL_ISTRING("as")> {};
struct kw_by : i_kw<TAO_PEGTL_ISTRING("by")> {};
struct kw_over : i_kw<TAO_PEGTL_ISTRING("over")> {};
struct kw_where : i_kw<TAO_PEGTL_ISTRING("where")> {};
struct kw_output : i_kw<TAO_PEGTL_ISTRING("output")> {};
struct kw_outputnew : i_kw<TAO_PEGTL_ISTRING("outputnew")> {};
struct kw_sortby : i_kw<TAO_PEGTL_ISTRING("sortby")> {};
struct kw_eval : i_kw<TAO_PEGTL_ISTRING("eval")> {};
struct kw_from : i_kw<TAO_PEGTL_ISTRING("from")> {};
// Words that end a field list.
struct reserved_word : sor<kw_as, kw_by, kw_over, kw_where, kw_outputnew, kw_output, kw_sortby> {};

// ================================================================== pipeline
struct pipe : one<'|'> {};
struct command;
struct implicit_search;
struct first_command : sor<seq<pipe, sp, must<command>>, implicit_search> {};
struct next_command : seq<sp, pipe, sp, must<command>> {};
struct pipeline_body : seq<first_command, star<next_command>> {};
struct end_of_query : eof {};
struct query : seq<sp, pipeline_body, sp, must<end_of_query>> {};

// A subsearch is a pipeline in brackets. Its opener action starts a new pipeline.
struct subsearch_open : one<'['> {};
// In brackets the first command needs no '|' when it is a command by name (`appendpipe [stats
// count]`, `join x [tstats ...]`); otherwise it is an implicit search.
struct subsearch_command_word;
struct subsearch_first : sor<seq<pipe, sp, must<command>>, seq<at<subsearch_command_word>, command>, implicit_search> {};
struct subsearch_body : seq<sp, subsearch_first, star<next_command>, sp> {};
struct subsearch : seq<subsearch_open, must<subsearch_body>, must<bracket_close>>, nesting {};
struct search_subsearch : seq<subsearch> {};   // inside a search expression
struct command_subsearch : seq<subsearch> {};  // append, appendpipe, join

// ================================================================== commands
// Each command: its name (the action creates the typed AST node), then its arguments, then it
// must end at '|', ']' or the end of the query.
struct command_end : at<sp, sor<pipe, one<']'>, eof>> {};
template <typename... Names> struct command_name : seq<sor<Names...>, not_at<sor<ident_char, one<'-'>>>> {};

// -- shared argument pieces
// Field names: double-quoted, or bare (wildcards and a balanced "(...)" allowed: `count(x)`).
struct field_bare_char : sor<s_escape, not_one<' ', '\t', '\r', '\n', '|', '[', ']', '"', ',', '=', '(', ')'>> {};
struct field_bare : seq<plus<field_bare_char>, opt<raw_parens>> {};
struct field_name : sor<quoted, field_bare> {};
// key=value options (limit=5, span=1h, timeformat="%m/%d", startswith=eval(x>1)).
struct option_key : ident {};
struct option_value_bare : plus<sor<s_escape, not_one<' ', '\t', '\r', '\n', '|', '[', ']', '"', '(', ')', ','>>> {};
struct option_value : plus<sor<quoted, raw_parens, option_value_bare>> {};
struct option_gate : seq<option_key, sp, one<'='>> {};
struct option : seq<option_key, sp, one<'='>, sp, must<option_value>> {};
// A field of the command's main list / of its BY list. The tag tells the action which list.
struct list_tag {};
struct by_tag {};
template <typename Tag> struct field_item : seq<not_at<reserved_word>, not_at<option_gate>, field_name> {};
struct by_fields : seq<field_item<by_tag>, star<sp, sor<one<','>, field_item<by_tag>>>> {};
struct by_clause : seq<kw_by, sp, must<by_fields>> {};
struct count_arg : seq<digits, not_at<field_bare_char>> {};  // `head 5`, `dedup 3 host`
template <typename... Items> struct args : star<sp, sor<one<','>, Items...>> {};  // stray commas are harmless

// -- search / where / eval
struct search_top;
struct search_name : command_name<TAO_PEGTL_ISTRING("search")> {};
struct search_command : seq<search_name, sp, opt<search_top>> {};
struct implicit_search_start : success {};
struct search_keyword : command_name<TAO_PEGTL_ISTRING("search")> {};  // no action: the frame exists already
struct implicit_search : seq<implicit_search_start, opt<search_keyword, sp>, opt<search_top>> {};

struct e_expr;
struct where_name : command_name<TAO_PEGTL_ISTRING("where")> {};
struct where_expr : seq<e_expr> {};
struct where_command : seq<where_name, sp, must<where_expr>> {};

struct eval_target : sor<quoted, single_quoted, plus<sor<ident_char, one<'.', '-', '{', '}', '@', ':', '*'>>>> {};
struct eval_equals : one<'='> {};
struct eval_value : seq<e_expr> {};
struct eval_assignment : seq<eval_target, sp, must<eval_equals>, sp, must<eval_value>> {};
struct eval_name : command_name<TAO_PEGTL_ISTRING("eval")> {};
struct eval_command : seq<eval_name, sp, must<eval_assignment>, star<comma_sep, must<eval_assignment>>> {};

// -- stats family and timechart: [options] aggregation... [BY fields] [options]
struct agg_func : ident {};
struct agg_eval : seq<kw_eval, sp, one<'('>, sp, must<e_expr>, sp, must<paren_close>>, nesting {};
struct agg_field : plus<sor<quoted, raw_parens, not_one<')', '(', '"'>>> {};
struct agg_args : seq<one<'('>, sp, opt<sor<seq<at<kw_eval, sp, one<'('>>, agg_eval>, agg_field>>, sp, must<paren_close>>,
                  nesting {};
struct agg_call : seq<agg_func, opt<agg_args>> {};
struct agg_as_name : field_name {};
struct agg_as : seq<sp1, kw_as, sp1, must<agg_as_name>> {};
struct aggregation : seq<not_at<reserved_word>, not_at<option_gate>, agg_call, opt<agg_as>> {};
struct over_clause : seq<kw_over, sp, must<field_item<by_tag>>> {};
struct stats_args : args<option, over_clause, by_clause, aggregation> {};
struct stats_name : command_name<TAO_PEGTL_ISTRING("streamstats"), TAO_PEGTL_ISTRING("eventstats"),
                                 TAO_PEGTL_ISTRING("stats"), TAO_PEGTL_ISTRING("chart")> {};
struct stats_command : seq<stats_name, stats_args> {};
struct timechart_name : command_name<TAO_PEGTL_ISTRING("timechart")> {};
struct timechart_command : seq<timechart_name, stats_args> {};

// -- field-list commands
struct table_name : command_name<TAO_PEGTL_ISTRING("table")> {};
struct table_command : seq<table_name, args<field_item<list_tag>>> {};
struct fields_sign : one<'+', '-'> {};
struct fields_name : command_name<TAO_PEGTL_ISTRING("fields")> {};
struct fields_command : seq<fields_name, sp, opt<fields_sign>, args<field_item<list_tag>>> {};

struct rename_from : field_name {};
struct rename_to : field_name {};
struct rename_pair : seq<not_at<reserved_word>, rename_from, sp1, must<kw_as>, sp1, must<rename_to>> {};
struct rename_name : command_name<TAO_PEGTL_ISTRING("rename")> {};
struct rename_command : seq<rename_name, sp, must<rename_pair>, args<rename_pair>> {};

// -- sort: sort [N] [limit=N] [+|-]field | [+|-]num(field) ... [d|desc]
struct sort_sign_all : seq<one<'+', '-'>, at<blank_char>> {};  // "- count": applies to what follows
struct sort_sign : one<'+', '-'> {};
struct sort_type : sor<TAO_PEGTL_ISTRING("auto"), TAO_PEGTL_ISTRING("num"), TAO_PEGTL_ISTRING("str"), TAO_PEGTL_ISTRING("ip")> {};
struct sort_typed_field : seq<sort_type, one<'('>, sp, field_name, sp, must<paren_close>> {};
struct sort_field : sor<seq<at<sort_type, one<'('>>, sort_typed_field>, field_name> {};
struct sort_desc : seq<sor<TAO_PEGTL_ISTRING("desc"), TAO_PEGTL_ISTRING("d")>, not_at<field_bare_char>, sp, at<sor<pipe, one<']'>, eof>>> {};
struct sort_key : seq<not_at<sort_desc>, not_at<reserved_word>,
                      sor<seq<sor<sort_sign_all, sort_sign>, sp, must<sort_field>>, sort_field>> {};
struct sort_count : count_arg {};
struct sort_name : command_name<TAO_PEGTL_ISTRING("sort")> {};
struct sort_command : seq<sort_name, sp, opt<sort_count>, args<option, sort_desc, sort_key>> {};

// -- head / tail: [N] [limit=N] [(expr)] [keeplast=] [null=]
struct head_count : count_arg {};
struct head_condition : seq<one<'('>, sp, must<e_expr>, sp, must<paren_close>>, nesting {};
struct head_name : command_name<TAO_PEGTL_ISTRING("head"), TAO_PEGTL_ISTRING("tail")> {};
struct head_command : seq<head_name, args<option, head_count, head_condition>> {};
struct reverse_name : command_name<TAO_PEGTL_ISTRING("reverse")> {};
struct reverse_command : seq<reverse_name> {};

// -- dedup [N] fields [options] [sortby keys]
struct dedup_count : count_arg {};
struct sortby_clause : seq<kw_sortby, sp, must<sort_key>, star<list_sep, sort_key>> {};
struct dedup_name : command_name<TAO_PEGTL_ISTRING("dedup")> {};
struct dedup_command : seq<dedup_name, args<option, sortby_clause, dedup_count, field_item<list_tag>>> {};

// -- top / rare [N] [options] fields [BY fields]
struct top_count : count_arg {};
struct top_name : command_name<TAO_PEGTL_ISTRING("top"), TAO_PEGTL_ISTRING("rare")> {};
struct top_command : seq<top_name, args<option, by_clause, top_count, field_item<list_tag>>> {};

// -- rex [field=f] [options] "regex" ; regex [field=|field!=]"regex"
struct rex_regex : quoted {};
struct rex_name : command_name<TAO_PEGTL_ISTRING("rex")> {};
struct rex_command : seq<rex_name, args<option, rex_regex>> {};
// `regex Image!="..."`: the field name stops before `!=` (a bare field name may contain `!`).
struct regex_field : sor<quoted, plus<not_at<string<'!', '='>>, field_bare_char>> {};
struct regex_op : sor<string<'!', '='>, one<'='>> {};
struct regex_value : sor<quoted, plus<not_one<' ', '\t', '\r', '\n', '|'>>> {};
struct regex_name : command_name<TAO_PEGTL_ISTRING("regex")> {};
struct regex_command : seq<regex_name, sp, opt<at<regex_field, sp, regex_op>, regex_field, sp, regex_op, sp>,
                           must<regex_value>> {};

// -- bin / bucket / discretize [options] field [AS name]
struct as_name : field_name {};
struct as_clause : seq<kw_as, sp1, must<as_name>> {};
struct bin_name : command_name<TAO_PEGTL_ISTRING("bucket"), TAO_PEGTL_ISTRING("bin"), TAO_PEGTL_ISTRING("discretize")> {};
struct bin_command : seq<bin_name, args<option, as_clause, field_item<list_tag>>> {};

// -- fillnull [value=x] fields ; mvexpand field [limit=N] ; makeresults [options]
struct fillnull_name : command_name<TAO_PEGTL_ISTRING("fillnull")> {};
struct fillnull_command : seq<fillnull_name, args<option, field_item<list_tag>>> {};
struct mvexpand_name : command_name<TAO_PEGTL_ISTRING("mvexpand")> {};
struct mvexpand_command : seq<mvexpand_name, args<option, field_item<list_tag>>> {};
struct makeresults_name : command_name<TAO_PEGTL_ISTRING("makeresults")> {};
struct makeresults_command : seq<makeresults_name, args<option>> {};

// -- convert [timeformat=..] func(field) [AS name] ...
struct convert_function : ident {};
struct convert_field : seq<sp, opt<field_name>, sp> {};
struct conversion_head : seq<convert_function, one<'('>, convert_field, must<paren_close>> {};
struct conversion : seq<conversion_head, opt<sp1, as_clause>> {};
struct convert_name : command_name<TAO_PEGTL_ISTRING("convert")> {};
struct convert_command : seq<convert_name, args<option, conversion>> {};

// -- spath [input=] [output=] [path=] [path]
struct spath_path : field_name {};
struct spath_name : command_name<TAO_PEGTL_ISTRING("spath")> {};
struct spath_command : seq<spath_name, args<option, spath_path>> {};

// -- transaction fields [options]
struct transaction_name : command_name<TAO_PEGTL_ISTRING("transaction")> {};
struct transaction_command : seq<transaction_name, args<option, field_item<list_tag>>> {};

// -- lookup [options] table key [AS field] ... [OUTPUT|OUTPUTNEW out [AS field] ...]
struct lookup_table : field_name {};
struct lookup_from : field_name {};
struct lookup_to : field_name {};
struct lookup_pair : seq<not_at<reserved_word>, lookup_from, opt<sp1, kw_as, sp1, must<lookup_to>>> {};
struct lookup_mode : sor<kw_outputnew, kw_output> {};
struct lookup_outputs : seq<lookup_mode, args<lookup_pair>> {};
struct lookup_name : command_name<TAO_PEGTL_ISTRING("lookup")> {};
struct lookup_command : seq<lookup_name, args<option>, sp, must<lookup_table>, args<lookup_outputs, lookup_pair>> {};

// -- inputlookup [options] table [where search-expression]
struct inputlookup_where : seq<kw_where, sp, must<search_top>> {};
struct inputlookup_name : command_name<TAO_PEGTL_ISTRING("inputlookup")> {};
struct inputlookup_command : seq<inputlookup_name, args<option>, sp, must<lookup_table>, args<option, inputlookup_where>> {};

// -- collect / format: options only ; join [options] fields [subsearch] ; append(pipe) [options] [subsearch]
struct collect_name : command_name<TAO_PEGTL_ISTRING("collect")> {};
struct collect_command : seq<collect_name, args<option>> {};
struct format_name : command_name<TAO_PEGTL_ISTRING("format")> {};
struct format_command : seq<format_name, args<option>> {};
struct join_name : command_name<TAO_PEGTL_ISTRING("join")> {};
struct join_word : seq<not_at<one<'['>>, raw_word> {};
struct join_condition : seq<join_word, star<sp, join_word>> {};
struct join_where : seq<kw_where, sp, must<join_condition>> {};  // join left=L right=R where L.a=R.b
struct join_command : seq<join_name, args<option, join_where, field_item<list_tag>>, sp, must<command_subsearch>> {};
struct append_name : command_name<TAO_PEGTL_ISTRING("appendpipe"), TAO_PEGTL_ISTRING("append")> {};
struct append_command : seq<append_name, args<option>, sp, must<command_subsearch>> {};

// -- return [N] field | alias=field | $field
struct return_count : count_arg {};
struct return_alias : seq<ident, sp, one<'='>, sp, must<field_name>> {};
struct return_value : seq<one<'$'>, field_name> {};
struct return_field : field_name {};
struct return_name : command_name<TAO_PEGTL_ISTRING("return")> {};
struct return_command : seq<return_name, args<return_count, seq<at<ident, sp, one<'='>>, return_alias>, return_value, return_field>> {};

// -- tstats [options] aggregation... [from datamodel=M[.D]] [where <search>] [by fields [span=]]
// Its where clause is the search language, ending before `by` (a bare `by` is no search term here).
struct s_mark;
struct s_or;
struct s_after_and;
struct ts_start : not_at<sor<one<')', ']', '|'>, eof, kw_search_or, kw_search_and, kw_by>> {};
struct ts_and_tail : sor<seq<sp, kw_search_and, sp, must<s_after_and>>, seq<sp, ts_start, s_or>> {};
struct ts_and : seq<s_mark, s_or, star<ts_and_tail>> {};
struct ts_search : seq<at<ts_start>, ts_and> {};
struct tstats_where : seq<kw_where, sp, must<ts_search>> {};
struct tstats_datamodel : plus<sor<quoted, not_one<' ', '\t', '\r', '\n', '|', '[', ']', '(', ')', ','>>> {};
struct tstats_source : seq<TAO_PEGTL_ISTRING("datamodel"), sp, one<'='>, sp, must<tstats_datamodel>> {};
struct tstats_from : seq<kw_from, sp, must<tstats_source>> {};
struct tstats_option : seq<option> {};
struct tstats_by_item : sor<tstats_option, field_item<by_tag>> {};
struct tstats_by : seq<kw_by, sp, must<tstats_by_item>, star<sp, sor<one<','>, tstats_by_item>>> {};
struct tstats_name : command_name<TAO_PEGTL_ISTRING("tstats")> {};
struct tstats_command : seq<tstats_name, args<tstats_option, tstats_from, tstats_where, tstats_by, aggregation>> {};

// -- anything else: the name and its words, raw
struct generic_name : plus<sor<ident_char, one<'-'>>> {};
struct generic_word : seq<raw_word> {};
struct generic_command : seq<generic_name, star<sp, generic_word>> {};

struct typed_command
    : sor<search_command, where_command, eval_command, stats_command, timechart_command, table_command,
          fields_command, rename_command, sort_command, head_command, reverse_command, dedup_command,
          top_command, rex_command, regex_command, bin_command, fillnull_command, mvexpand_command,
          makeresults_command, convert_command, spath_command, transaction_command, lookup_command,
          inputlookup_command, collect_command, format_command, join_command, append_command, return_command,
          tstats_command> {};
struct command_name_expected : generic_name {};
struct subsearch_command_word
    : sor<where_name, eval_name, stats_name, timechart_name, table_name, fields_name, rename_name, sort_name, head_name,
          reverse_name, dedup_name, top_name, rex_name, regex_name, bin_name, fillnull_name, mvexpand_name,
          makeresults_name, convert_name, spath_name, transaction_name, lookup_name, inputlookup_name, collect_name,
          format_name, join_name, append_name, return_name, tstats_name,
          command_name<TAO_PEGTL_ISTRING("mstats")>, command_name<TAO_PEGTL_ISTRING("rest")>> {};
struct command : seq<at<command_name_expected>, sor<typed_command, generic_command>, must<command_end>> {};

// ================================================================== search expression
// Precedence: ( ) > NOT > OR > AND (R2.4); juxtaposition is AND (R2.2).
struct s_and;
struct s_or;
struct s_not;
struct s_mark : success {};  // the action remembers where an n-ary node's children start
struct s_start : not_at<sor<one<')', ']', '|'>, eof, kw_search_or, kw_search_and>> {};
struct search_top : seq<at<s_start>, s_and> {};

struct s_after_and : seq<s_or> {};
struct s_and_tail : sor<seq<sp, kw_search_and, sp, must<s_after_and>>, seq<sp, s_start, s_or>> {};
struct s_and : seq<s_mark, s_or, star<s_and_tail>> {};
struct s_after_or : seq<s_not> {};
struct s_or_tail : seq<sp, kw_search_or, sp, must<s_after_or>> {};
struct s_or : seq<s_mark, s_not, star<s_or_tail>> {};
struct s_after_not : seq<s_not> {};
struct s_negation : seq<kw_search_not, sp, must<s_after_not>>, nesting {};
struct s_primary;
struct s_not : sor<s_negation, s_primary> {};

// Values: concatenated quoted and bare segments (R1.5), or TERM(...) / CASE(...).
template <typename Name>
struct s_modified : seq<Name, one<'('>, star<sor<quoted, s_bare_char, blank_char>>, must<paren_close>>, nesting {};
struct s_attached_parens : seq<one<'('>, star<sor<quoted, s_attached_parens, blank_char, s_bare_char>>, must<paren_close>>,
                           nesting {};
struct s_plain_value : plus<sor<quoted, seq<plus<s_bare_char>, opt<s_attached_parens>>>> {};
struct s_value : sor<s_modified<TAO_PEGTL_STRING("TERM")>, s_modified<TAO_PEGTL_STRING("CASE")>, s_plain_value> {};
struct s_in_value_char : seq<not_at<one<','>>, s_bare_char> {};
struct s_in_value : sor<s_modified<TAO_PEGTL_STRING("TERM")>, s_modified<TAO_PEGTL_STRING("CASE")>,
                        plus<sor<quoted, plus<s_in_value_char>>>> {};

struct s_field_char : seq<not_at<one<'=', '<', '>', '!'>>, s_bare_char> {};
struct s_field : sor<quoted, plus<s_field_char>> {};
struct s_compare_op : sor<string<'!', '='>, string<'<', '='>, string<'>', '='>, one<'='>, one<'<'>, one<'>'>> {};
struct s_compare : seq<s_field, sp, s_compare_op, sp, must<s_value>> {};
struct s_in_open : one<'('> {};
struct s_in_list : seq<s_in_open, star<sor<blank_char, one<','>, s_in_value>>, must<paren_close>>, nesting {};
struct s_in : seq<s_field, sp1, kw_search_in, sp, must<s_in_list>> {};
struct s_term : seq<not_at<sor<kw_search_and, kw_search_or>>, s_value> {};
struct s_group_body : seq<s_and> {};
struct s_group : seq<one<'('>, sp, must<s_group_body>, sp, must<paren_close>>, nesting {};
struct s_primary : sor<s_group, search_subsearch, seq<at<s_field, sp, s_compare_op>, s_compare>,
                       seq<at<s_field, sp1, kw_search_in>, s_in>, s_term> {};

// ================================================================== eval expression
// Precedence (R2.7, R9.4): ( ) > unary > * / % > + - . > comparisons, LIKE, IN > NOT > AND > OR > XOR.
struct e_kw_and : i_kw<TAO_PEGTL_ISTRING("and")> {};
struct e_kw_or : i_kw<TAO_PEGTL_ISTRING("or")> {};
struct e_kw_xor : i_kw<TAO_PEGTL_ISTRING("xor")> {};
struct e_kw_not : i_kw<TAO_PEGTL_ISTRING("not")> {};
struct e_kw_like : i_kw<TAO_PEGTL_ISTRING("like")> {};
struct e_kw_in : i_kw<TAO_PEGTL_ISTRING("in")> {};
struct e_keyword : sor<e_kw_and, e_kw_or, e_kw_xor, e_kw_not, e_kw_like, e_kw_in> {};

struct e_xor;
struct e_expr : seq<e_xor> {};
struct e_and_operand;
struct e_or_operand;
struct e_xor_operand;
struct e_not;
struct e_and : seq<e_not, star<sp, e_kw_and, sp, must<e_and_operand>>> {};
struct e_and_operand : seq<e_not> {};
struct e_or : seq<e_and, star<sp, e_kw_or, sp, must<e_or_operand>>> {};
struct e_or_operand : seq<e_and> {};
struct e_xor : seq<e_or, star<sp, e_kw_xor, sp, must<e_xor_operand>>> {};
struct e_xor_operand : seq<e_or> {};

struct e_cmp;
struct e_not_operand : seq<e_not> {};
struct e_negation : seq<sor<e_kw_not, seq<one<'!'>, not_at<one<'='>>>>, sp, must<e_not_operand>>, nesting {};
struct e_not : sor<e_negation, e_cmp> {};

struct e_add;
struct e_compare_op : sor<string<'=', '='>, string<'!', '='>, string<'<', '='>, string<'>', '='>, one<'='>, one<'<'>, one<'>'>> {};
struct e_compare_operand : seq<e_add> {};
struct e_compare_tail : seq<sp, e_compare_op, sp, must<e_compare_operand>> {};
struct e_like_tail : seq<sp, e_kw_like, sp, must<e_compare_operand>> {};
struct e_in_open : one<'('> {};
struct e_in_list : seq<e_in_open, sp, opt<list_must<e_expr, comma_sep>>, sp, must<paren_close>>, nesting {};
struct e_in_tail : seq<sp, e_kw_in, sp, must<e_in_list>> {};
struct e_cmp : seq<e_add, opt<sor<e_compare_tail, e_like_tail, e_in_tail>>> {};

struct e_mul;
struct e_add_op : one<'+', '-', '.'> {};
struct e_add_operand : seq<e_mul> {};
struct e_add_tail : seq<sp, e_add_op, sp, must<e_add_operand>> {};
struct e_add : seq<e_mul, star<e_add_tail>> {};
struct e_unary;
struct e_mul_op : one<'*', '/', '%'> {};
struct e_mul_operand : seq<e_unary> {};
struct e_mul_tail : seq<sp, e_mul_op, sp, must<e_mul_operand>> {};
struct e_mul : seq<e_unary, star<e_mul_tail>> {};

struct e_primary;
struct e_unary_operand : seq<e_unary> {};
struct e_minus : seq<one<'-'>, sp, must<e_unary_operand>>, nesting {};
struct e_unary : sor<e_minus, e_primary> {};

struct e_number : seq<sor<seq<digits, opt<one<'.'>, star<digit>>>, seq<one<'.'>, digits>>,
                      opt<one<'e', 'E'>, opt<one<'+', '-'>>, digits>, not_at<ident_char>> {};
struct e_string : quoted {};
struct e_ident : seq<ident, star<one<'.'>, plus<ident_char>>> {};
struct e_field : sor<single_quoted, seq<not_at<e_keyword>, e_ident>> {};
struct e_function : ident {};
struct e_call_start : success {};
struct e_call : seq<e_function, sp, one<'('>, e_call_start, sp, opt<list_must<e_expr, comma_sep>>, sp, must<paren_close>>,
                nesting {};
struct e_group : seq<one<'('>, sp, must<e_expr>, sp, must<paren_close>>, nesting {};
struct e_primary : sor<e_group, e_number, e_string, seq<at<e_function, sp, one<'('>>, e_call>, e_field> {};

// A whole eval expression alone (calculated fields).
struct eval_only : seq<sp, must<e_expr>, sp, must<end_of_query>> {};

}  // namespace spelunk::parser::grammar
