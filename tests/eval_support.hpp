// Test support for eval tests: expr() reads expression text with the real parser
// (parse_eval_expression); the small independent reader below is kept so the evaluator can be
// tested apart from the parser (SPELUNK_EVAL_TESTS_USE_MINI=1). And a map-backed scope.
#pragma once

#include <cctype>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

#include "evaluator/eval.hpp"
#include "parser/parser.hpp"

namespace spelunk::testing {

class MiniExprReader {
 public:
  explicit MiniExprReader(std::string_view text) : s_(text) {}
  ast::Expr read() {
    ast::Expr e = parse_xor();
    skip();
    if (i_ != s_.size()) throw std::runtime_error("trailing text at " + std::to_string(i_) + ": " + std::string(s_));
    return e;
  }

 private:
  static ast::Expr binary(std::string op, ast::Expr a, ast::Expr b) {
    ast::Expr e;
    e.kind = ast::Expr::Kind::Binary;
    e.text = std::move(op);
    e.args = {std::move(a), std::move(b)};
    return e;
  }
  void skip() { while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_; }
  bool keyword(std::string_view k) {
    skip();
    if (s_.substr(i_, k.size()) != k) return false;
    std::size_t j = i_ + k.size();
    if (j < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[j])) || s_[j] == '_')) return false;
    i_ = j;
    return true;
  }
  bool symbol(std::string_view k) {
    skip();
    if (s_.substr(i_, k.size()) != k) return false;
    i_ += k.size();
    return true;
  }
  ast::Expr parse_xor() {
    ast::Expr e = parse_or();
    while (keyword("XOR")) e = binary("XOR", std::move(e), parse_or());
    return e;
  }
  ast::Expr parse_or() {
    ast::Expr e = parse_and();
    while (keyword("OR")) e = binary("OR", std::move(e), parse_and());
    return e;
  }
  ast::Expr parse_and() {
    ast::Expr e = parse_not();
    while (keyword("AND")) e = binary("AND", std::move(e), parse_not());
    return e;
  }
  ast::Expr parse_not() {
    if (keyword("NOT") || symbol("!")) {
      ast::Expr e;
      e.kind = ast::Expr::Kind::Unary;
      e.text = "NOT";
      e.args = {parse_not()};
      return e;
    }
    return parse_compare();
  }
  ast::Expr parse_compare() {
    ast::Expr e = parse_additive();
    for (std::string_view op : {"==", "!=", "<=", ">=", "=", "<", ">"}) {
      if (symbol(op)) return binary(op == "==" ? "=" : std::string(op), std::move(e), parse_additive());
    }
    if (keyword("LIKE")) return binary("LIKE", std::move(e), parse_additive());
    if (keyword("IN")) {
      ast::Expr call;
      call.kind = ast::Expr::Kind::Call;
      call.text = "in";
      call.args.push_back(std::move(e));
      symbol("(");
      do call.args.push_back(parse_xor()); while (symbol(","));
      symbol(")");
      return call;
    }
    return e;
  }
  ast::Expr parse_additive() {
    ast::Expr e = parse_multiplicative();
    while (true) {
      skip();
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-' || s_[i_] == '.')) {
        std::string op(1, s_[i_++]);
        e = binary(op, std::move(e), parse_multiplicative());
      } else {
        return e;
      }
    }
  }
  ast::Expr parse_multiplicative() {
    ast::Expr e = parse_unary();
    while (true) {
      skip();
      if (i_ < s_.size() && (s_[i_] == '*' || s_[i_] == '/' || s_[i_] == '%')) {
        std::string op(1, s_[i_++]);
        e = binary(op, std::move(e), parse_unary());
      } else {
        return e;
      }
    }
  }
  ast::Expr parse_unary() {
    if (symbol("-")) {
      ast::Expr e;
      e.kind = ast::Expr::Kind::Unary;
      e.text = "-";
      e.args = {parse_unary()};
      return e;
    }
    return parse_primary();
  }
  ast::Expr parse_primary() {
    skip();
    ast::Expr e;
    e.pos.offset = i_;
    if (i_ >= s_.size()) throw std::runtime_error("unexpected end");
    char c = s_[i_];
    if (c == '(') {
      ++i_;
      e = parse_xor();
      if (!symbol(")")) throw std::runtime_error("expected )");
      return e;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      std::size_t start = i_;
      while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      if (i_ + 1 < s_.size() && s_[i_] == '.' && std::isdigit(static_cast<unsigned char>(s_[i_ + 1]))) {
        ++i_;
        while (i_ < s_.size() && std::isdigit(static_cast<unsigned char>(s_[i_]))) ++i_;
      }
      e.kind = ast::Expr::Kind::Number;
      e.text = std::string(s_.substr(start, i_ - start));
      e.number = std::stod(e.text);
      return e;
    }
    if (c == '"' || c == '\'') {
      ++i_;
      std::string text;
      while (i_ < s_.size() && s_[i_] != c) {
        if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
          char n = s_[i_ + 1];
          if (n == '\\' || n == '"') { text += n; i_ += 2; continue; }
          if (n == 't') { text += '\t'; i_ += 2; continue; }
        }
        text += s_[i_++];
      }
      ++i_;
      e.kind = c == '"' ? ast::Expr::Kind::String : ast::Expr::Kind::Field;
      e.text = text;
      return e;
    }
    std::size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) || s_[i_] == '_')) ++i_;
    if (start == i_) throw std::runtime_error("unexpected character at " + std::to_string(i_) + ": " + std::string(s_));
    e.text = std::string(s_.substr(start, i_ - start));
    if (symbol("(")) {
      e.kind = ast::Expr::Kind::Call;
      for (char& ch : e.text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (!symbol(")")) {
        do e.args.push_back(parse_xor()); while (symbol(","));
        if (!symbol(")")) throw std::runtime_error("expected ) after arguments");
      }
      return e;
    }
    e.kind = ast::Expr::Kind::Field;
    return e;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

// The real parser when SPELUNK_EVAL_TESTS_USE_MINI is unset; the mini reader otherwise.
inline ast::Expr expr(std::string_view text) {
  if (std::getenv("SPELUNK_EVAL_TESTS_USE_MINI")) return MiniExprReader(text).read();
  ast::Expr out;
  ParseResult r = parse_eval_expression(text, out);
  if (r.error) throw std::runtime_error("parse error in `" + std::string(text) + "`: " + r.error->message);
  return out;
}

// A scope over a fixed map of fields; now pinned to Tue 2024-05-14 15:45:00 UTC.
struct MapScope {
  std::map<std::string, Value, std::less<>> fields;
  EvalScope scope;
  explicit MapScope(std::map<std::string, Value, std::less<>> f = {}) : fields(std::move(f)) {
    scope.now_us = 1715701500LL * 1000000;
    scope.field = [this](std::string_view name) {
      auto it = fields.find(name);
      return it == fields.end() ? Value::null() : it->second;
    };
  }
  MapScope(const MapScope&) = delete;
  Value eval(std::string_view text) const { return evaluate(expr(text), scope); }
  std::string text(std::string_view t) const { return eval(t).to_string(); }
  bool cond(std::string_view t) const { return evaluate_condition(expr(t), scope); }
};

}  // namespace spelunk::testing
