// Builds small stores for evaluator tests: each event is a list of field=value pairs, a time
// in seconds and a raw text.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "parser/ast.hpp"
#include "storage/store.hpp"

namespace spelunk::test {

struct Ev {
  std::vector<std::pair<std::string, std::string>> fields;  // repeated name = multi-value
  std::int64_t seconds = 0;
  std::string raw;
};

inline std::shared_ptr<const Store> make_store(const std::vector<Ev>& events) {
  StoreBuilder b;
  for (const auto& e : events) {
    b.begin_event();
    for (const auto& [k, v] : e.fields) b.append(b.field(k), v);
    b.set_time(e.seconds * kMicrosPerSecond);
    b.set_raw(e.raw);
    b.end_event();
  }
  return std::make_shared<Store>(b.finish());
}

// --- hand-built search ASTs ---
inline ast::SearchExpr cmp(std::string field, std::string value, ast::CompareOp op = ast::CompareOp::Eq) {
  ast::SearchExpr e;
  e.kind = ast::SearchExpr::Kind::Compare;
  e.field = std::move(field);
  e.op = op;
  ast::SearchValue v;
  v.text = std::move(value);
  e.values.push_back(v);
  return e;
}
inline ast::SearchExpr term(std::string text, bool quoted = false, bool term_only = false, bool cs = false) {
  ast::SearchExpr e;
  e.kind = ast::SearchExpr::Kind::Term;
  ast::SearchValue v;
  v.text = std::move(text);
  v.quoted = quoted;
  v.term = term_only;
  v.case_sensitive = cs;
  e.values.push_back(v);
  return e;
}
inline ast::SearchExpr group(ast::SearchExpr::Kind kind, std::vector<ast::SearchExpr> children) {
  ast::SearchExpr e;
  e.kind = kind;
  e.children = std::move(children);
  return e;
}
inline ast::SearchExpr AND(std::vector<ast::SearchExpr> c) { return group(ast::SearchExpr::Kind::And, std::move(c)); }
inline ast::SearchExpr OR(std::vector<ast::SearchExpr> c) { return group(ast::SearchExpr::Kind::Or, std::move(c)); }
inline ast::SearchExpr NOT(ast::SearchExpr c) { return group(ast::SearchExpr::Kind::Not, {std::move(c)}); }
inline ast::SearchExpr in(std::string field, std::vector<std::string> values) {
  ast::SearchExpr e;
  e.kind = ast::SearchExpr::Kind::In;
  e.field = std::move(field);
  for (auto& v : values) {
    ast::SearchValue sv;
    sv.text = std::move(v);
    e.values.push_back(sv);
  }
  return e;
}

inline ast::Command command(std::string name, ast::CommandBody body) {
  ast::Command c;
  c.name = std::move(name);
  c.body = std::move(body);
  return c;
}

}  // namespace spelunk::test
