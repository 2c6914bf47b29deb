// The canonical one-line text of an AST (tests, --explain). Fully parenthesised so that
// precedence is visible: `a b OR c` prints as (AND a (OR b c)).
#include <cctype>
#include <string>
#include <type_traits>
#include <variant>

#include "parser/parser.hpp"

namespace spelunk {

namespace {

bool is_plain_word(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c == ' ' || c == '\t' || c == '\n' || c == '"' || c == ',' || c == '(' || c == ')' || c == '|' || c == '=' ||
        c == '[' || c == ']')
      return false;
  return true;
}

std::string quote(const std::string& s) { return "\"" + s + "\""; }
std::string word_or_quoted(const std::string& s) { return is_plain_word(s) ? s : quote(s); }

std::string value_text(const ast::SearchValue& v) {
  std::string text = v.quoted ? quote(v.text) : word_or_quoted(v.text);
  if (v.term) text = "TERM(" + text + ")";
  if (v.case_sensitive) text = "CASE(" + text + ")";
  return text;
}

const char* op_text(ast::CompareOp op) {
  switch (op) {
    case ast::CompareOp::Eq: return "=";
    case ast::CompareOp::Ne: return "!=";
    case ast::CompareOp::Lt: return "<";
    case ast::CompareOp::Le: return "<=";
    case ast::CompareOp::Gt: return ">";
    case ast::CompareOp::Ge: return ">=";
  }
  return "?";
}

std::string join(const std::vector<std::string>& items, const char* sep = ", ") {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += word_or_quoted(item);
  }
  return out;
}

std::string options_text(const ast::Options& options) {
  std::string out;
  for (const auto& [key, value] : options.items) out += " " + key + "=" + word_or_quoted(value);
  return out;
}

std::string renames_text(const std::vector<ast::FieldRename>& renames) {
  std::string out;
  for (const auto& r : renames) {
    if (!out.empty()) out += ", ";
    out += word_or_quoted(r.from) + " AS " + word_or_quoted(r.to);
  }
  return out;
}

std::string sort_keys_text(const std::vector<ast::SortKey>& keys) {
  std::string out;
  for (const auto& k : keys) {
    if (!out.empty()) out += ", ";
    const std::string field = word_or_quoted(k.field);
    out += (k.descending ? "-" : "+") + (k.type.empty() ? field : k.type + "(" + field + ")");
  }
  return out;
}

std::string aggregation_text(const ast::Aggregation& a) {
  std::string out = a.func;
  if (a.eval_arg) out += "(eval(" + to_string(*a.eval_arg) + "))";
  else if (a.field) out += "(" + *a.field + ")";
  return out + " AS " + word_or_quoted(a.as);
}

std::string aggregations_text(const std::vector<ast::Aggregation>& aggs) {
  std::string out;
  for (const auto& a : aggs) out += (out.empty() ? "" : ", ") + aggregation_text(a);
  return out;
}

std::string subsearch_text(const ast::PipelinePtr& p) { return p ? "[" + to_string(*p) + "]" : "[]"; }

struct BodyPrinter {
  std::string operator()(const ast::SearchCommand& c) const { return c.expr ? " " + to_string(*c.expr) : ""; }
  std::string operator()(const ast::WhereCommand& c) const { return " " + to_string(c.expr); }
  std::string operator()(const ast::EvalCommand& c) const {
    std::string out;
    for (const auto& [field, expr] : c.assignments) out += (out.empty() ? " " : ", ") + word_or_quoted(field) + "=" + to_string(expr);
    return out;
  }
  std::string operator()(const ast::StatsCommand& c) const {
    return options_text(c.options) + " " + aggregations_text(c.aggregations) + (c.by.empty() ? "" : " BY " + join(c.by));
  }
  std::string operator()(const ast::TimechartCommand& c) const {
    return options_text(c.options) + " " + aggregations_text(c.aggregations) + (c.by ? " BY " + word_or_quoted(*c.by) : "");
  }
  std::string operator()(const ast::TableCommand& c) const { return " " + join(c.fields); }
  std::string operator()(const ast::FieldsCommand& c) const { return std::string(c.remove ? " - " : " + ") + join(c.fields); }
  std::string operator()(const ast::RenameCommand& c) const { return " " + renames_text(c.renames); }
  std::string operator()(const ast::SortCommand& c) const {
    return (c.limit ? " limit=" + std::to_string(*c.limit) : "") + " " + sort_keys_text(c.keys);
  }
  std::string operator()(const ast::HeadCommand& c) const {
    return (c.count ? " count=" + std::to_string(*c.count) : "") + (c.condition ? " (" + to_string(*c.condition) + ")" : "") +
           options_text(c.options);
  }
  std::string operator()(const ast::ReverseCommand&) const { return ""; }
  std::string operator()(const ast::DedupCommand& c) const {
    return " count=" + std::to_string(c.count) + " " + join(c.fields) + options_text(c.options) +
           (c.sortby.empty() ? "" : " sortby " + sort_keys_text(c.sortby));
  }
  std::string operator()(const ast::TopCommand& c) const {
    return options_text(c.options) + " " + join(c.fields) + (c.by.empty() ? "" : " BY " + join(c.by));
  }
  std::string operator()(const ast::RexCommand& c) const {
    return " field=" + word_or_quoted(c.field) + options_text(c.options) + " " + quote(c.regex);
  }
  std::string operator()(const ast::RegexCommand& c) const {
    return " " + word_or_quoted(c.field) + (c.negate ? "!=" : "=") + quote(c.regex);
  }
  std::string operator()(const ast::BinCommand& c) const {
    return options_text(c.options) + " " + word_or_quoted(c.field) + (c.as.empty() ? "" : " AS " + word_or_quoted(c.as));
  }
  std::string operator()(const ast::FillnullCommand& c) const {
    return " value=" + quote(c.value) + (c.fields.empty() ? "" : " " + join(c.fields));
  }
  std::string operator()(const ast::MvexpandCommand& c) const { return " " + word_or_quoted(c.field) + options_text(c.options); }
  std::string operator()(const ast::MakeresultsCommand& c) const { return options_text(c.options); }
  std::string operator()(const ast::ConvertCommand& c) const {
    std::string out = options_text(c.options);
    for (std::size_t i = 0; i < c.conversions.size(); ++i) {
      const auto& conv = c.conversions[i];
      out += (i ? ", " : " ") + conv.function + "(" + conv.field + ")" + (conv.as.empty() ? "" : " AS " + word_or_quoted(conv.as));
    }
    return out;
  }
  std::string operator()(const ast::SpathCommand& c) const {
    return options_text(c.options) + (c.path ? " path=" + word_or_quoted(*c.path) : "");
  }
  std::string operator()(const ast::TransactionCommand& c) const { return " " + join(c.fields) + options_text(c.options); }
  std::string operator()(const ast::LookupCommand& c) const {
    static const char* modes[] = {"", " OUTPUT ", " OUTPUTNEW "};
    return options_text(c.options) + " " + word_or_quoted(c.table) + " " + renames_text(c.keys) +
           modes[static_cast<int>(c.mode)] + renames_text(c.outputs);
  }
  std::string operator()(const ast::InputlookupCommand& c) const {
    return options_text(c.options) + " " + word_or_quoted(c.table) + (c.where ? " WHERE " + to_string(*c.where) : "");
  }
  std::string operator()(const ast::CollectCommand& c) const { return options_text(c.options); }
  std::string operator()(const ast::JoinCommand& c) const {
    return options_text(c.options) + (c.fields.empty() ? "" : " " + join(c.fields)) + " " + subsearch_text(c.subsearch);
  }
  std::string operator()(const ast::AppendCommand& c) const { return options_text(c.options) + " " + subsearch_text(c.subsearch); }
  std::string operator()(const ast::AppendpipeCommand& c) const { return options_text(c.options) + " " + subsearch_text(c.subsearch); }
  std::string operator()(const ast::ReturnCommand& c) const {
    return (c.count ? " count=" + std::to_string(*c.count) : "") + " " + renames_text(c.fields);
  }
  std::string operator()(const ast::FormatCommand& c) const { return options_text(c.options); }
  std::string operator()(const ast::TstatsCommand& c) const {
    return options_text(c.options) + " " + aggregations_text(c.aggregations) +
           (c.datamodel.empty() ? "" : " FROM datamodel=" + word_or_quoted(c.datamodel)) +
           (c.where ? " WHERE " + to_string(*c.where) : "") + (c.by.empty() ? "" : " BY " + join(c.by));
  }
  std::string operator()(const ast::GenericCommand& c) const {
    std::string out = " <generic>";
    for (const auto& arg : c.args) out += " " + arg;
    return out;
  }
};

}  // namespace

std::string to_string(const ast::Pipeline& pipeline) {
  std::string out;
  for (const auto& command : pipeline.commands) {
    if (!out.empty()) out += " | ";
    out += command.name + std::visit(BodyPrinter{}, command.body);
  }
  return out;
}

std::string to_string(const ast::SearchExpr& e) {
  using K = ast::SearchExpr::Kind;
  auto children = [&](const char* name) {
    std::string out = std::string("(") + name;
    for (const auto& c : e.children) out += " " + to_string(c);
    return out + ")";
  };
  switch (e.kind) {
    case K::And: return children("AND");
    case K::Or: return children("OR");
    case K::Not: return children("NOT");
    case K::Term: return value_text(e.values.at(0));
    case K::Compare: return word_or_quoted(e.field) + op_text(e.op) + value_text(e.values.at(0));
    case K::In: {
      std::string out = word_or_quoted(e.field) + " IN (";
      for (std::size_t i = 0; i < e.values.size(); ++i) out += (i ? ", " : "") + value_text(e.values[i]);
      return out + ")";
    }
    case K::TimeModifier: return "TIME(" + e.field + "=" + word_or_quoted(e.values.at(0).text) + ")";
    case K::Subsearch: return subsearch_text(e.subsearch);
  }
  return "?";
}

std::string to_string(const ast::Expr& e) {
  using K = ast::Expr::Kind;
  switch (e.kind) {
    case K::Number: return e.text;
    case K::String: return quote(e.text);
    case K::Field: {
      bool plain = !e.text.empty() && !std::isdigit(static_cast<unsigned char>(e.text[0]));
      for (char c : e.text) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.');
      return plain ? e.text : "'" + e.text + "'";
    }
    case K::Call: {
      std::string out = e.text + "(";
      for (std::size_t i = 0; i < e.args.size(); ++i) out += (i ? ", " : "") + to_string(e.args[i]);
      return out + ")";
    }
    case K::Unary: return "(" + e.text + " " + to_string(e.args.at(0)) + ")";
    case K::Binary: return "(" + to_string(e.args.at(0)) + " " + e.text + " " + to_string(e.args.at(1)) + ")";
  }
  return "?";
}

}  // namespace spelunk
