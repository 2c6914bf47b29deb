// The actions of the SPL grammar: they build the plain AST (parser/ast.hpp) in a Builder.
// Nothing is evaluated here. Token text is decoded by parser/lexemes.hpp.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include <tao/pegtl.hpp>

#include "parser/builder.hpp"
#include "parser/control.hpp"
#include "parser/grammar.hpp"
#include "parser/lexemes.hpp"

namespace spelunk::parser {

namespace g = grammar;

template <typename Rule> struct action : tao::pegtl::nothing<Rule> {};

// ------------------------------------------------------------------ helpers
template <typename T> struct always_false : std::false_type {};

inline std::string field_text(std::string_view raw) { return decode_search_token(raw).text; }

inline std::optional<std::size_t> to_count(std::string_view text) {
  std::size_t n = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || p != text.data() + text.size()) return std::nullopt;
  return n;
}

template <typename Body> constexpr bool has_options = requires(Body b) { b.options; };

// Moves the options of a finished command to where its node keeps them.
inline void distribute_options(CommandFrame& frame) {
  auto take = [&](const char* key) -> std::optional<std::string> {
    std::optional<std::string> value;
    auto& items = frame.options.items;
    for (auto it = items.begin(); it != items.end();) {
      if (it->first == key) {
        value = it->second;
        it = items.erase(it);
      } else {
        ++it;
      }
    }
    return value;
  };
  std::visit(
      [&](auto& body) {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<Body, ast::RexCommand>) {
          if (auto f = take("field")) body.field = *f;
        } else if constexpr (std::is_same_v<Body, ast::HeadCommand>) {
          if (auto n = take("limit")) body.count = to_count(*n);
        } else if constexpr (std::is_same_v<Body, ast::SortCommand>) {
          if (auto n = take("limit")) body.limit = to_count(*n);
        } else if constexpr (std::is_same_v<Body, ast::FillnullCommand>) {
          if (auto v = take("value")) body.value = *v;
        } else if constexpr (std::is_same_v<Body, ast::SpathCommand>) {
          if (auto v = take("path")) body.path = *v;
        }
        if constexpr (has_options<Body>) {
          for (auto& item : frame.options.items) body.options.items.push_back(std::move(item));
        } else if (!frame.options.items.empty()) {
          // Options on a command that takes none: keep them visible rather than dropping them.
          throw SyntaxFailure("command '" + frame.command.name + "' takes no option '" +
                                  frame.options.items.front().first + "='",
                              frame.command.pos);
        }
      },
      frame.command.body);
}

template <typename Body, typename Input>
void begin_command(const Input& in, Builder& b) {
  CommandFrame frame;
  frame.command.name = to_lower(in.string());
  frame.command.body = Body{};
  frame.command.pos = position_of(in);
  b.commands.push_back(std::move(frame));
}

// What a command cannot do without; the grammar accepts the arguments in any order, so the
// check happens once the command is complete.
inline void check_complete(const ast::Command& command) {
  const char* missing = std::visit(
      [](const auto& body) -> const char* {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<Body, ast::StatsCommand> || std::is_same_v<Body, ast::TimechartCommand> ||
                      std::is_same_v<Body, ast::TstatsCommand>)
          return body.aggregations.empty() ? "an aggregation such as count or dc(field)" : nullptr;
        if constexpr (std::is_same_v<Body, ast::SortCommand>) return body.keys.empty() ? "a field to sort by" : nullptr;
        if constexpr (std::is_same_v<Body, ast::TableCommand> || std::is_same_v<Body, ast::FieldsCommand> ||
                      std::is_same_v<Body, ast::DedupCommand> || std::is_same_v<Body, ast::TopCommand>)
          return body.fields.empty() ? "at least one field" : nullptr;
        if constexpr (std::is_same_v<Body, ast::BinCommand> || std::is_same_v<Body, ast::MvexpandCommand>)
          return body.field.empty() ? "a field" : nullptr;
        if constexpr (std::is_same_v<Body, ast::RexCommand>) return body.regex.empty() ? "a quoted regular expression" : nullptr;
        if constexpr (std::is_same_v<Body, ast::ConvertCommand>)
          return body.conversions.empty() ? "a conversion such as ctime(field)" : nullptr;
        return nullptr;
      },
      command.body);
  if (missing) throw SyntaxFailure("'" + command.name + "' needs " + missing, command.pos);
}

inline void end_command(Builder& b) {
  CommandFrame frame = std::move(b.commands.back());
  b.commands.pop_back();
  check_complete(frame.command);
  distribute_options(frame);
  ast::Pipeline& pipeline = b.pipelines.back();
  if (pipeline.commands.empty()) pipeline.pos = frame.command.pos;
  pipeline.commands.push_back(std::move(frame.command));
}

inline ast::SearchExpr pop_search(Builder& b) {
  ast::SearchExpr e = std::move(b.searches.back());
  b.searches.pop_back();
  return e;
}

// Eval trees are bounded in depth too: a 1 MB chain `1+1+1...` would otherwise make a tree
// whose recursive destruction overflows the stack.
inline void push_expr(Builder& b, ast::Expr e, std::size_t depth) {
  if (depth > kMaxExprDepth)
    throw SyntaxFailure("expression nested deeper than " + std::to_string(kMaxExprDepth) +
                            " levels (split the chain of operators)",
                        e.pos);
  b.exprs.push_back(std::move(e));
  b.expr_depths.push_back(depth);
}

inline std::pair<ast::Expr, std::size_t> pop_expr_and_depth(Builder& b) {
  std::pair<ast::Expr, std::size_t> top{std::move(b.exprs.back()), b.expr_depths.back()};
  b.exprs.pop_back();
  b.expr_depths.pop_back();
  return top;
}

inline ast::Expr pop_expr(Builder& b) { return pop_expr_and_depth(b).first; }

// Replaces the children above the last mark by one node of `kind` (when there are two or more).
inline void reduce_search(Builder& b, ast::SearchExpr::Kind kind) {
  const std::size_t mark = b.search_marks.back();
  b.search_marks.pop_back();
  if (b.searches.size() - mark < 2) return;
  ast::SearchExpr node;
  node.kind = kind;
  node.pos = b.searches[mark].pos;
  for (std::size_t i = mark; i < b.searches.size(); ++i) node.children.push_back(std::move(b.searches[i]));
  b.searches.resize(mark);
  b.searches.push_back(std::move(node));
}

inline void reduce_binary(Builder& b, std::string op) {
  auto [rhs, rhs_depth] = pop_expr_and_depth(b);
  auto [lhs, lhs_depth] = pop_expr_and_depth(b);
  ast::Expr node;
  node.kind = ast::Expr::Kind::Binary;
  node.text = std::move(op);
  node.pos = lhs.pos;
  node.args.push_back(std::move(lhs));
  node.args.push_back(std::move(rhs));
  push_expr(b, std::move(node), std::max(lhs_depth, rhs_depth) + 1);
}

inline void reduce_pending_binary(Builder& b) {
  std::string op = std::move(b.ops.back());
  b.ops.pop_back();
  reduce_binary(b, std::move(op));
}

// Replaces the entries above `mark` by one call node.
inline void reduce_call(std::string name, ast::Position pos, Builder& b, std::size_t mark) {
  ast::Expr call;
  call.kind = ast::Expr::Kind::Call;
  call.text = std::move(name);
  call.pos = pos;
  std::size_t depth = 1;
  for (std::size_t i = mark; i < b.exprs.size(); ++i) {
    call.args.push_back(std::move(b.exprs[i]));
    depth = std::max(depth, b.expr_depths[i] + 1);
  }
  b.exprs.resize(mark);
  b.expr_depths.resize(mark);
  push_expr(b, std::move(call), depth);
}

// Fields of a command's main list (table a b, dedup a, bin _time, ...).
inline void add_list_field(Builder& b, std::string name) {
  std::visit(
      [&](auto& body) {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (requires { body.fields.push_back(name); }) {
          body.fields.push_back(std::move(name));
        } else if constexpr (std::is_same_v<Body, ast::BinCommand> || std::is_same_v<Body, ast::MvexpandCommand>) {
          if (!body.field.empty())
            throw SyntaxFailure("'" + b.command().name + "' takes one field, found a second: '" + name + "'",
                                b.command().pos);
          body.field = std::move(name);
        }
      },
      b.command().body);
}

inline void add_by_field(Builder& b, std::string name) {
  std::visit(
      [&](auto& body) {
        using Body = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<Body, ast::TimechartCommand>) {
          body.by = std::move(name);
        } else if constexpr (requires { body.by.push_back(name); }) {
          body.by.push_back(std::move(name));
        }
      },
      b.command().body);
}

inline std::vector<ast::Aggregation>* aggregations_of(ast::Command& cmd) {
  if (auto* s = std::get_if<ast::StatsCommand>(&cmd.body)) return &s->aggregations;
  if (auto* t = std::get_if<ast::TimechartCommand>(&cmd.body)) return &t->aggregations;
  if (auto* t = std::get_if<ast::TstatsCommand>(&cmd.body)) return &t->aggregations;
  return nullptr;
}

inline std::string canonical_aggregation(const std::string& func) {
  std::string f = to_lower(func);
  if (f == "c") return "count";
  if (f == "mean") return "avg";
  if (f == "distinct_count") return "dc";
  return f;
}

inline void add_sort_key(Builder& b, ast::SortKey key) {
  if (auto* sort = std::get_if<ast::SortCommand>(&b.command().body)) sort->keys.push_back(std::move(key));
  if (auto* dedup = std::get_if<ast::DedupCommand>(&b.command().body)) dedup->sortby.push_back(std::move(key));
}

// ------------------------------------------------------------------ pipeline and commands
template <> struct action<g::subsearch_open> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    b.pipelines.emplace_back();
    b.pipelines.back().pos = position_of(in);
  }
};
template <> struct action<g::search_subsearch> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    ast::SearchExpr node;
    node.kind = ast::SearchExpr::Kind::Subsearch;
    node.pos = position_of(in);
    node.subsearch = std::make_shared<ast::Pipeline>(std::move(b.pipelines.back()));
    b.pipelines.pop_back();
    b.searches.push_back(std::move(node));
  }
};
template <> struct action<g::command_subsearch> {
  template <typename Input> static void apply(const Input&, Builder& b) {
    auto sub = std::make_shared<ast::Pipeline>(std::move(b.pipelines.back()));
    b.pipelines.pop_back();
    std::visit(
        [&](auto& body) {
          if constexpr (requires { body.subsearch = sub; }) body.subsearch = sub;
        },
        b.command().body);
  }
};
template <> struct action<g::command> {
  template <typename Input> static void apply(const Input&, Builder& b) { end_command(b); }
};
template <> struct action<g::implicit_search_start> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    CommandFrame frame;
    frame.command.name = "search";
    frame.command.body = ast::SearchCommand{};
    frame.command.pos = position_of(in);
    b.commands.push_back(std::move(frame));
  }
};
template <> struct action<g::implicit_search> {
  template <typename Input> static void apply(const Input&, Builder& b) { end_command(b); }
};

template <typename Body> struct begin_action {
  template <typename Input> static void apply(const Input& in, Builder& b) { begin_command<Body>(in, b); }
};
template <> struct action<g::search_name> : begin_action<ast::SearchCommand> {};
template <> struct action<g::where_name> : begin_action<ast::WhereCommand> {};
template <> struct action<g::eval_name> : begin_action<ast::EvalCommand> {};
template <> struct action<g::stats_name> : begin_action<ast::StatsCommand> {};
template <> struct action<g::timechart_name> : begin_action<ast::TimechartCommand> {};
template <> struct action<g::table_name> : begin_action<ast::TableCommand> {};
template <> struct action<g::fields_name> : begin_action<ast::FieldsCommand> {};
template <> struct action<g::rename_name> : begin_action<ast::RenameCommand> {};
template <> struct action<g::sort_name> : begin_action<ast::SortCommand> {};
template <> struct action<g::head_name> : begin_action<ast::HeadCommand> {};
template <> struct action<g::reverse_name> : begin_action<ast::ReverseCommand> {};
template <> struct action<g::dedup_name> : begin_action<ast::DedupCommand> {};
template <> struct action<g::top_name> : begin_action<ast::TopCommand> {};
template <> struct action<g::rex_name> : begin_action<ast::RexCommand> {};
template <> struct action<g::regex_name> : begin_action<ast::RegexCommand> {};
template <> struct action<g::bin_name> : begin_action<ast::BinCommand> {};
template <> struct action<g::fillnull_name> : begin_action<ast::FillnullCommand> {};
template <> struct action<g::mvexpand_name> : begin_action<ast::MvexpandCommand> {};
template <> struct action<g::makeresults_name> : begin_action<ast::MakeresultsCommand> {};
template <> struct action<g::convert_name> : begin_action<ast::ConvertCommand> {};
template <> struct action<g::spath_name> : begin_action<ast::SpathCommand> {};
template <> struct action<g::transaction_name> : begin_action<ast::TransactionCommand> {};
template <> struct action<g::lookup_name> : begin_action<ast::LookupCommand> {};
template <> struct action<g::inputlookup_name> : begin_action<ast::InputlookupCommand> {};
template <> struct action<g::collect_name> : begin_action<ast::CollectCommand> {};
template <> struct action<g::format_name> : begin_action<ast::FormatCommand> {};
template <> struct action<g::join_name> : begin_action<ast::JoinCommand> {};
template <> struct action<g::return_name> : begin_action<ast::ReturnCommand> {};
template <> struct action<g::tstats_name> : begin_action<ast::TstatsCommand> {};
template <> struct action<g::generic_name> : begin_action<ast::GenericCommand> {};
template <> struct action<g::append_name> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    if (to_lower(in.string()) == "appendpipe")
      begin_command<ast::AppendpipeCommand>(in, b);
    else
      begin_command<ast::AppendCommand>(in, b);
  }
};

// -- shared argument pieces
template <> struct action<g::option_key> {
  template <typename Input> static void apply(const Input& in, Builder& b) { b.option_key = to_lower(in.string()); }
};
// An expression value (`startswith=eval(x="a")`, `endswith=(EventCode=1 "a b")`) is kept as
// written: its quotes belong to the expression, which its command parses.
inline bool is_expression_option(std::string_view raw) {
  return (!raw.empty() && raw.front() == '(') || (raw.size() > 5 && to_lower(raw.substr(0, 5)) == "eval(");
}
template <> struct action<g::option_value> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::string_view raw = in.string_view();
    b.frame().options.items.emplace_back(b.option_key,
                                         is_expression_option(raw) ? std::string(raw) : decode_search_token(raw).text);
  }
};
template <> struct action<g::field_item<g::list_tag>> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    add_list_field(b, field_text(in.string_view()));
  }
};
template <> struct action<g::field_item<g::by_tag>> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    add_by_field(b, field_text(in.string_view()));
  }
};
template <> struct action<g::as_name> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::string name = field_text(in.string_view());
    if (auto* bin = std::get_if<ast::BinCommand>(&b.command().body)) bin->as = std::move(name);
    if (auto* convert = std::get_if<ast::ConvertCommand>(&b.command().body))
      if (!convert->conversions.empty()) convert->conversions.back().as = std::move(name);
  }
};
template <> struct action<g::generic_word> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::GenericCommand>(b.command().body).args.push_back(in.string());
  }
};

template <> struct action<g::join_condition> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    b.frame().options.items.emplace_back("where", in.string());
  }
};

// -- where / eval / search
template <> struct action<g::where_expr> {
  template <typename Input> static void apply(const Input&, Builder& b) {
    std::get<ast::WhereCommand>(b.command().body).expr = pop_expr(b);
  }
};
template <> struct action<g::eval_target> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::string raw = in.string();
    std::string name = raw.front() == '\'' ? decode_single_quoted(raw) : field_text(raw);
    std::get<ast::EvalCommand>(b.command().body).assignments.emplace_back(std::move(name), ast::Expr{});
  }
};
template <> struct action<g::eval_value> {
  template <typename Input> static void apply(const Input&, Builder& b) {
    std::get<ast::EvalCommand>(b.command().body).assignments.back().second = pop_expr(b);
  }
};
template <> struct action<g::search_top> {
  template <typename Input> static void apply(const Input&, Builder& b) {
    ast::SearchExpr expr = pop_search(b);
    if (auto* search = std::get_if<ast::SearchCommand>(&b.command().body)) search->expr = std::move(expr);
    if (auto* lookup = std::get_if<ast::InputlookupCommand>(&b.command().body)) lookup->where = std::move(expr);
  }
};

// -- tstats
template <> struct action<g::ts_search> {
  template <typename Input> static void apply(const Input&, Builder& b) {
    std::get<ast::TstatsCommand>(b.command().body).where = pop_search(b);
  }
};
template <> struct action<g::tstats_datamodel> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    auto& tstats = std::get<ast::TstatsCommand>(b.command().body);
    tstats.datamodel = decode_search_token(in.string_view()).text;
    tstats.datamodel_pos = position_of(in);
  }
};
// Options keep their position (an option tstats refuses is named with its column). The frame's
// options reach the node at the end of the command, in the order written.
template <> struct action<g::tstats_option> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::TstatsCommand>(b.command().body).option_pos.push_back(position_of(in));
  }
};

// -- stats / timechart aggregations
template <> struct action<g::agg_func> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    b.agg_func = in.string();
    b.agg_field.reset();
    b.agg_has_eval = false;
  }
};
template <> struct action<g::agg_field> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::string raw = in.string();
    while (!raw.empty() && is_blank(raw.back())) raw.pop_back();
    b.agg_field = field_text(raw);
  }
};
template <> struct action<g::agg_eval> {
  template <typename Input> static void apply(const Input&, Builder& b) { b.agg_has_eval = true; }
};
template <> struct action<g::agg_call> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    ast::Aggregation agg;
    agg.func = canonical_aggregation(b.agg_func);
    agg.field = b.agg_field;
    if (b.agg_has_eval) agg.eval_arg = pop_expr(b);
    agg.as = in.string();
    agg.pos = position_of(in);
    if (auto* aggs = aggregations_of(b.command())) aggs->push_back(std::move(agg));
  }
};
template <> struct action<g::agg_as_name> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    if (auto* aggs = aggregations_of(b.command()); aggs && !aggs->empty()) aggs->back().as = field_text(in.string_view());
  }
};

// -- fields / rename / sort / head / dedup / top
template <> struct action<g::fields_sign> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::FieldsCommand>(b.command().body).remove = in.string() == "-";
  }
};
template <> struct action<g::rename_from> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::RenameCommand>(b.command().body).renames.push_back({field_text(in.string_view()), ""});
  }
};
template <> struct action<g::rename_to> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::RenameCommand>(b.command().body).renames.back().to = field_text(in.string_view());
  }
};
template <> struct action<g::sort_sign_all> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    b.frame().sort_all_sticky = true;
    b.frame().sort_all_descending = in.string() == "-";
    b.sort_key = ast::SortKey{"", b.frame().sort_all_descending, ""};
  }
};
template <> struct action<g::sort_sign> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    b.sort_key = ast::SortKey{"", in.string() == "-", ""};
  }
};
template <> struct action<g::sort_type> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    if (!b.sort_key) b.sort_key = ast::SortKey{"", b.frame().sort_all_descending, ""};
    b.sort_key->type = to_lower(in.string());
  }
};
template <> struct action<g::sort_field> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    ast::SortKey key = b.sort_key.value_or(ast::SortKey{"", b.frame().sort_all_descending, ""});
    b.sort_key.reset();
    std::string raw = in.string();
    if (!key.type.empty()) {  // num(field): the field is between the parentheses
      raw = raw.substr(raw.find('(') + 1);
      raw.pop_back();
      while (!raw.empty() && is_blank(raw.back())) raw.pop_back();
      while (!raw.empty() && is_blank(raw.front())) raw.erase(raw.begin());
    }
    key.field = field_text(raw);
    add_sort_key(b, std::move(key));
  }
};
template <> struct action<g::sort_desc> {
  template <typename Input> static void apply(const Input&, Builder& b) {
    auto& keys = std::get<ast::SortCommand>(b.command().body).keys;
    for (auto& key : keys) key.descending = !key.descending;
  }
};
template <> struct action<g::sort_count> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::SortCommand>(b.command().body).limit = to_count(in.string_view());
  }
};
template <> struct action<g::head_count> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::HeadCommand>(b.command().body).count = to_count(in.string_view());
  }
};
template <> struct action<g::head_condition> {
  template <typename Input> static void apply(const Input&, Builder& b) {
    std::get<ast::HeadCommand>(b.command().body).condition = pop_expr(b);
  }
};
template <> struct action<g::dedup_count> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::DedupCommand>(b.command().body).count = to_count(in.string_view()).value_or(1);
  }
};
template <> struct action<g::top_count> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    b.frame().options.items.emplace_back("limit", in.string());
  }
};

// -- rex / regex / convert / spath / lookup / inputlookup / return
template <> struct action<g::rex_regex> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::RexCommand>(b.command().body).regex = decode_search_token(in.string_view()).text;
  }
};
template <> struct action<g::regex_field> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::RegexCommand>(b.command().body).field = field_text(in.string_view());
  }
};
template <> struct action<g::regex_op> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::RegexCommand>(b.command().body).negate = in.string() == "!=";
  }
};
template <> struct action<g::regex_value> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::RegexCommand>(b.command().body).regex = decode_search_token(in.string_view()).text;
  }
};
template <> struct action<g::convert_function> {
  template <typename Input> static void apply(const Input& in, Builder& b) { b.convert_function = to_lower(in.string()); }
};
template <> struct action<g::convert_field> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::string raw = in.string();
    while (!raw.empty() && is_blank(raw.back())) raw.pop_back();
    while (!raw.empty() && is_blank(raw.front())) raw.erase(raw.begin());
    b.convert_field = field_text(raw);
  }
};
template <> struct action<g::conversion_head> {
  template <typename Input> static void apply(const Input&, Builder& b) {
    std::get<ast::ConvertCommand>(b.command().body).conversions.push_back({b.convert_function, b.convert_field, ""});
  }
};
template <> struct action<g::spath_path> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::SpathCommand>(b.command().body).path = field_text(in.string_view());
  }
};
template <> struct action<g::lookup_table> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::string table = field_text(in.string_view());
    if (auto* lookup = std::get_if<ast::LookupCommand>(&b.command().body)) lookup->table = std::move(table);
    else if (auto* input = std::get_if<ast::InputlookupCommand>(&b.command().body)) input->table = std::move(table);
  }
};
template <> struct action<g::lookup_mode> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    auto& lookup = std::get<ast::LookupCommand>(b.command().body);
    lookup.mode = to_lower(in.string()) == "outputnew" ? ast::LookupCommand::Mode::OutputNew
                                                       : ast::LookupCommand::Mode::Output;
    b.frame().lookup_outputs = true;
  }
};
template <> struct action<g::lookup_from> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    auto& lookup = std::get<ast::LookupCommand>(b.command().body);
    std::string name = field_text(in.string_view());
    (b.frame().lookup_outputs ? lookup.outputs : lookup.keys).push_back({name, name});
  }
};
template <> struct action<g::lookup_to> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    auto& lookup = std::get<ast::LookupCommand>(b.command().body);
    (b.frame().lookup_outputs ? lookup.outputs : lookup.keys).back().to = field_text(in.string_view());
  }
};
template <> struct action<g::return_count> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::ReturnCommand>(b.command().body).count = to_count(in.string_view());
  }
};
template <> struct action<g::return_alias> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    const std::string raw = in.string();
    const std::size_t eq = raw.find('=');
    std::string alias = raw.substr(0, eq);
    while (!alias.empty() && is_blank(alias.back())) alias.pop_back();
    std::string source = raw.substr(eq + 1);
    while (!source.empty() && is_blank(source.front())) source.erase(source.begin());
    std::get<ast::ReturnCommand>(b.command().body).fields.push_back({field_text(source), alias});
  }
};
template <> struct action<g::return_value> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::get<ast::ReturnCommand>(b.command().body).fields.push_back({field_text(in.string_view().substr(1)), ""});
  }
};
template <> struct action<g::return_field> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::string name = field_text(in.string_view());
    std::get<ast::ReturnCommand>(b.command().body).fields.push_back({name, name});
  }
};

// ------------------------------------------------------------------ search expression
template <> struct action<g::s_mark> {
  template <typename Input> static void apply(const Input&, Builder& b) { b.search_marks.push_back(b.searches.size()); }
};
template <> struct action<g::s_and> {
  template <typename Input> static void apply(const Input&, Builder& b) { reduce_search(b, ast::SearchExpr::Kind::And); }
};
template <> struct action<g::ts_and> : action<g::s_and> {};
template <> struct action<g::s_or> {
  template <typename Input> static void apply(const Input&, Builder& b) { reduce_search(b, ast::SearchExpr::Kind::Or); }
};
template <> struct action<g::s_negation> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    ast::SearchExpr node;
    node.kind = ast::SearchExpr::Kind::Not;
    node.pos = position_of(in);
    node.children.push_back(pop_search(b));
    b.searches.push_back(std::move(node));
  }
};
template <> struct action<g::s_field> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    b.field = field_text(in.string_view());
    b.field_pos = position_of(in);
  }
};
template <> struct action<g::s_compare_op> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    const std::string op = in.string();
    using ast::CompareOp;
    b.op = op == "=" ? CompareOp::Eq : op == "!=" ? CompareOp::Ne : op == "<" ? CompareOp::Lt
         : op == "<=" ? CompareOp::Le : op == ">" ? CompareOp::Gt : CompareOp::Ge;
  }
};

inline ast::SearchValue to_search_value(const SearchToken& token) {
  return {token.text, token.quoted, token.term, token.case_sensitive};
}

inline void warn_if_mixed(Builder& b, const SearchToken& token, std::string_view written, ast::Position pos) {
  if (!token.mixed) return;
  b.warnings.push_back({"'" + std::string(written) + "' was read as the value '" + token.text +
                            "': adjacent quoted and unquoted pieces are joined (SPL has no \"\" escape; "
                            "'*' stays a wildcard)",
                        pos});
}

template <> struct action<g::s_value> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    const SearchToken token = decode_search_token(in.string_view());
    b.value = to_search_value(token);
    warn_if_mixed(b, token, in.string_view(), position_of(in));
  }
};
template <> struct action<g::s_compare> {
  template <typename Input> static void apply(const Input&, Builder& b) {
    ast::SearchExpr node;
    const bool time = (b.field == "earliest" || b.field == "latest") && b.op == ast::CompareOp::Eq;
    node.kind = time ? ast::SearchExpr::Kind::TimeModifier : ast::SearchExpr::Kind::Compare;
    node.field = b.field;
    node.op = b.op;
    node.values.push_back(b.value);
    node.pos = b.field_pos;
    b.searches.push_back(std::move(node));
  }
};
template <> struct action<g::s_term> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    ast::SearchExpr node;
    node.kind = ast::SearchExpr::Kind::Term;
    node.values.push_back(b.value);
    node.pos = position_of(in);
    b.searches.push_back(std::move(node));
  }
};
template <> struct action<g::s_in_open> {
  template <typename Input> static void apply(const Input&, Builder& b) { b.values.clear(); }
};
template <> struct action<g::s_in_value> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    const SearchToken token = decode_search_token(in.string_view());
    warn_if_mixed(b, token, in.string_view(), position_of(in));
    b.values.push_back(to_search_value(token));
  }
};
template <> struct action<g::s_in> {
  template <typename Input> static void apply(const Input&, Builder& b) {
    ast::SearchExpr node;
    node.kind = ast::SearchExpr::Kind::In;
    node.field = b.field;
    node.values = std::move(b.values);
    b.values.clear();
    node.pos = b.field_pos;
    b.searches.push_back(std::move(node));
  }
};

// ------------------------------------------------------------------ eval expression
inline ast::Expr leaf(ast::Expr::Kind kind, std::string text, ast::Position pos) {
  ast::Expr e;
  e.kind = kind;
  e.text = std::move(text);
  e.pos = pos;
  return e;
}

template <> struct action<g::e_number> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    ast::Expr e = leaf(ast::Expr::Kind::Number, in.string(), position_of(in));
    e.number = std::strtod(e.text.c_str(), nullptr);
    push_expr(b, std::move(e), 1);
  }
};
template <> struct action<g::e_string> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    push_expr(b, leaf(ast::Expr::Kind::String, decode_eval_string(in.string_view()), position_of(in)), 1);
  }
};
template <> struct action<g::e_field> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::string raw = in.string();
    std::string name = raw.front() == '\'' ? decode_single_quoted(raw) : raw;
    push_expr(b, leaf(ast::Expr::Kind::Field, std::move(name), position_of(in)), 1);
  }
};
template <> struct action<g::e_function> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    b.functions.emplace_back(to_lower(in.string()), position_of(in));
  }
};
template <> struct action<g::e_call_start> {
  template <typename Input> static void apply(const Input&, Builder& b) { b.expr_marks.push_back(b.exprs.size()); }
};
template <> struct action<g::e_call> {
  template <typename Input> static void apply(const Input&, Builder& b) {
    auto [name, pos] = std::move(b.functions.back());
    b.functions.pop_back();
    const std::size_t mark = b.expr_marks.back();
    b.expr_marks.pop_back();
    reduce_call(std::move(name), pos, b, mark);
  }
};
template <> struct action<g::e_in_open> {
  template <typename Input> static void apply(const Input&, Builder& b) { b.expr_marks.push_back(b.exprs.size() - 1); }
};
template <> struct action<g::e_in_list> {
  template <typename Input> static void apply(const Input&, Builder& b) {
    const std::size_t mark = b.expr_marks.back();
    b.expr_marks.pop_back();
    const ast::Position pos = b.exprs[mark].pos;
    reduce_call("in", pos, b, mark);
  }
};
template <> struct action<g::e_compare_op> {
  template <typename Input> static void apply(const Input& in, Builder& b) {
    std::string op = in.string();
    b.ops.push_back(op == "==" ? "=" : op);
  }
};
template <> struct action<g::e_add_op> {
  template <typename Input> static void apply(const Input& in, Builder& b) { b.ops.push_back(in.string()); }
};
template <> struct action<g::e_mul_op> {
  template <typename Input> static void apply(const Input& in, Builder& b) { b.ops.push_back(in.string()); }
};
template <> struct action<g::e_compare_tail> {
  template <typename Input> static void apply(const Input&, Builder& b) { reduce_pending_binary(b); }
};
template <> struct action<g::e_add_tail> {
  template <typename Input> static void apply(const Input&, Builder& b) { reduce_pending_binary(b); }
};
template <> struct action<g::e_mul_tail> {
  template <typename Input> static void apply(const Input&, Builder& b) { reduce_pending_binary(b); }
};
template <> struct action<g::e_like_tail> {
  template <typename Input> static void apply(const Input&, Builder& b) { reduce_binary(b, "LIKE"); }
};
template <> struct action<g::e_and_operand> {
  template <typename Input> static void apply(const Input&, Builder& b) { reduce_binary(b, "AND"); }
};
template <> struct action<g::e_or_operand> {
  template <typename Input> static void apply(const Input&, Builder& b) { reduce_binary(b, "OR"); }
};
template <> struct action<g::e_xor_operand> {
  template <typename Input> static void apply(const Input&, Builder& b) { reduce_binary(b, "XOR"); }
};

inline void wrap_unary(Builder& b, const char* op, ast::Position pos) {
  auto [operand, depth] = pop_expr_and_depth(b);
  if (std::string_view(op) == "-" && operand.kind == ast::Expr::Kind::Number && operand.text.front() != '-') {
    operand.number = -operand.number;  // -1 is a number literal, not an operation
    operand.text = "-" + operand.text;
    operand.pos = pos;
    push_expr(b, std::move(operand), depth);
    return;
  }
  ast::Expr node = leaf(ast::Expr::Kind::Unary, op, pos);
  node.args.push_back(std::move(operand));
  push_expr(b, std::move(node), depth + 1);
}
template <> struct action<g::e_negation> {
  template <typename Input> static void apply(const Input& in, Builder& b) { wrap_unary(b, "NOT", position_of(in)); }
};
template <> struct action<g::e_minus> {
  template <typename Input> static void apply(const Input& in, Builder& b) { wrap_unary(b, "-", position_of(in)); }
};

}  // namespace spelunk::parser
