#include "evaluator/remote/sql_where.hpp"

#include "evaluator/value.hpp"
#include "storage/clickhouse/sql_text.hpp"

namespace spelunk::remote {

namespace {

using ast::Expr;
using clickhouse::sql_string;

const WhereSql kNull{"0", "0"};

// The SQL array of a field's values, or nothing when eval would not read it as strings.
std::optional<FieldRef> string_field(const Expr& e, const FieldResolver& fields) {
  if (e.kind != Expr::Kind::Field) return std::nullopt;
  FieldRef ref = fields(e.text);
  if (ref.kind != FieldRef::Kind::Array && ref.kind != FieldRef::Kind::Missing) return std::nullopt;
  return ref;
}

bool is_literal(const Expr& e) { return e.kind == Expr::Kind::String || e.kind == Expr::Kind::Number; }

std::string literal_text(const Expr& e) { return e.kind == Expr::Kind::Number ? format_number(e.number) : e.text; }

// A test on one value true for some value: when_true; the field present and no value passing:
// when_false (functions::compare and like() are any-match, null for a null field).
WhereSql any_value(const FieldRef& ref, const std::string& body_of_v) {
  if (ref.kind == FieldRef::Kind::Missing) return kNull;
  const std::string t = "arrayExists(v -> " + body_of_v + ", " + ref.column + ")";
  return {t, "(notEmpty(" + ref.column + ") AND NOT " + t + ")"};
}

std::optional<ast::CompareOp> order_op(const std::string& op, bool flipped) {
  if (op == "<") return flipped ? ast::CompareOp::Gt : ast::CompareOp::Lt;
  if (op == "<=") return flipped ? ast::CompareOp::Ge : ast::CompareOp::Le;
  if (op == ">") return flipped ? ast::CompareOp::Lt : ast::CompareOp::Gt;
  if (op == ">=") return flipped ? ast::CompareOp::Le : ast::CompareOp::Ge;
  return std::nullopt;
}

class WhereCompiler {
 public:
  WhereCompiler(const FieldResolver& fields, const SearchLeafSql& search_leaf)
      : fields_(fields), search_leaf_(search_leaf) {}

  std::optional<WhereSql> compile(const Expr& e) {
    switch (e.kind) {
      case Expr::Kind::Unary: {
        if (e.text != "NOT" || e.args.size() != 1) return std::nullopt;
        auto inner = compile(e.args[0]);
        if (!inner) return std::nullopt;
        return WhereSql{inner->when_false, inner->when_true};
      }
      case Expr::Kind::Binary:
        if (e.args.size() != 2) return std::nullopt;
        if (e.text == "AND" || e.text == "OR") return logic(e);
        if (e.text == "LIKE") return like(e.args[0], e.args[1]);
        return comparison(e);
      case Expr::Kind::Call: return call(e);
      default: return std::nullopt;  // a bare field or literal: where.cpp wants a Boolean
    }
  }

 private:
  std::optional<WhereSql> logic(const Expr& e) {
    auto a = compile(e.args[0]);
    if (!a) return std::nullopt;
    auto b = compile(e.args[1]);
    if (!b) return std::nullopt;
    auto both = [](const std::string& x, const std::string& y, const char* op) {
      return "(" + x + " " + op + " " + y + ")";
    };
    if (e.text == "AND") return WhereSql{both(a->when_true, b->when_true, "AND"), both(a->when_false, b->when_false, "OR")};
    return WhereSql{both(a->when_true, b->when_true, "OR"), both(a->when_false, b->when_false, "AND")};
  }

  std::optional<WhereSql> comparison(const Expr& e) {
    const bool flipped = !string_field(e.args[0], fields_) && string_field(e.args[1], fields_);
    const Expr& field = flipped ? e.args[1] : e.args[0];
    const Expr& literal = flipped ? e.args[0] : e.args[1];
    auto ref = string_field(field, fields_);
    if (!ref || !is_literal(literal)) return std::nullopt;
    const std::string text = literal_text(literal);
    double ignored = 0;
    if (e.text == "=" || e.text == "!=") {
      // A number on both sides compares by value ("1.0" = 1): not pushed.
      if (parse_number(text, ignored)) return std::nullopt;
      return any_value(*ref, std::string("v ") + (e.text == "=" ? "=" : "!=") + " " + sql_string(text));
    }
    auto op = order_op(e.text, flipped);
    if (!op || text.find('*') != std::string::npos) return std::nullopt;
    if (ref->kind == FieldRef::Kind::Missing) return kNull;
    // search_filter.cpp's order test is compare_scalars: numbers when both parse, else bytes.
    ast::SearchExpr leaf;
    leaf.kind = ast::SearchExpr::Kind::Compare;
    leaf.field = field.text;
    leaf.op = *op;
    leaf.values.push_back(ast::SearchValue{text, true, false, true});
    auto t = search_leaf_(leaf);
    if (!t) return std::nullopt;
    return WhereSql{*t, "(notEmpty(" + ref->column + ") AND NOT " + *t + ")"};
  }

  std::optional<WhereSql> like(const Expr& text, const Expr& pattern) {
    auto ref = string_field(text, fields_);
    if (!ref || pattern.kind != Expr::Kind::String) return std::nullopt;
    if (pattern.text.find_first_of("_*") != std::string::npos) return std::nullopt;
    std::string glob = pattern.text;
    for (char& c : glob)
      if (c == '%') c = '*';
    return any_value(*ref, glob_sql("v", glob, true));
  }

  std::optional<WhereSql> call(const Expr& e) {
    if ((e.text == "isnull" || e.text == "isnotnull") && e.args.size() == 1) {
      auto ref = string_field(e.args[0], fields_);
      if (!ref) return std::nullopt;
      std::string null = ref->kind == FieldRef::Kind::Missing ? "1" : "empty(" + ref->column + ")";
      std::string present = ref->kind == FieldRef::Kind::Missing ? "0" : "notEmpty(" + ref->column + ")";
      if (e.text == "isnull") return WhereSql{null, present};
      return WhereSql{present, null};
    }
    if (e.text == "like" && e.args.size() == 2) return like(e.args[0], e.args[1]);
    return std::nullopt;
  }

  const FieldResolver& fields_;
  const SearchLeafSql& search_leaf_;
};

}  // namespace

std::optional<WhereSql> compile_where(const ast::Expr& expr, const FieldResolver& fields,
                                      const SearchLeafSql& search_leaf) {
  return WhereCompiler(fields, search_leaf).compile(expr);
}

}  // namespace spelunk::remote
