// Helpers for command tests: small stores, hand-built commands, and column reads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "evaluator/command.hpp"
#include "evaluator/result.hpp"

namespace spelunk::testing {

// One event: field -> values (one value, or several for a multi-value), plus _time in seconds.
struct Ev {
  std::vector<std::pair<std::string, std::vector<std::string>>> fields;
  double time = 0;
};

inline std::shared_ptr<const Store> make_store(const std::vector<Ev>& events) {
  StoreBuilder b;
  for (const auto& e : events) {
    b.begin_event();
    for (const auto& [name, values] : e.fields)
      for (const auto& v : values) b.append(b.field(name), v);
    b.set_time(static_cast<std::int64_t>(e.time * kMicrosPerSecond));
    b.set_raw("raw");
    b.end_event();
  }
  return std::make_shared<Store>(b.finish());
}

// An event view of every event, in store order.
inline Result view(const std::vector<Ev>& events) {
  auto store = make_store(events);
  std::vector<std::uint32_t> rows(store->rows());
  for (std::uint32_t i = 0; i < rows.size(); ++i) rows[i] = i;
  return Result::events(store, rows);
}

inline Result run(const ast::Command& cmd, Result in, ExecContext* ctx = nullptr) {
  ExecContext local;
  return command_registry().at(cmd.name)(cmd, std::move(in), ctx ? *ctx : local);
}

inline ast::Command command(std::string name, ast::CommandBody body) {
  ast::Command c;
  c.name = std::move(name);
  c.body = std::move(body);
  return c;
}

inline ast::Aggregation agg(std::string func, std::string field = "", std::string as = "") {
  ast::Aggregation a;
  a.func = std::move(func);
  if (!field.empty()) a.field = field;
  a.as = !as.empty() ? as : (field.empty() ? a.func : a.func + "(" + field + ")");
  return a;
}

inline ast::Command stats(std::string name, std::vector<ast::Aggregation> aggs,
                          std::vector<std::string> by = {}, ast::Options options = {}) {
  ast::StatsCommand s;
  s.aggregations = std::move(aggs);
  s.by = std::move(by);
  s.options = std::move(options);
  return command(std::move(name), s);
}

inline ast::Options opts(std::vector<std::pair<std::string, std::string>> items) {
  ast::Options o;
  o.items = std::move(items);
  return o;
}

// Every cell of a column as text (multi-values joined by '|'), "" for null.
inline std::vector<std::string> col(const Result& r, const std::string& name) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < r.size(); ++i) {
    Value v = r.get(name, i);
    std::string s;
    for (const auto& x : v.values()) s += (s.empty() ? "" : "|") + x;
    out.push_back(s);
  }
  return out;
}

inline std::vector<std::string> names(const Result& r) {
  std::vector<std::string> out;
  for (const auto& c : r.columns()) out.push_back(c.name);
  return out;
}

using S = std::vector<std::string>;

}  // namespace spelunk::testing

#include "parser/parser.hpp"

namespace spelunk::testing {

// Parses "<search> | cmd | cmd ..." and runs every command after the leading search on `in`.
inline Result run_query(std::string_view query, Result in, ExecContext* ctx = nullptr) {
  ParseResult p = parse_query(query);
  if (!p.pipeline) throw QueryError{p.error ? p.error->message : "parse failed", {}};
  ExecContext local;
  ExecContext& c = ctx ? *ctx : local;
  const auto& cmds = p.pipeline->commands;
  for (std::size_t i = 0; i < cmds.size(); ++i) {
    if (i == 0 && std::holds_alternative<ast::SearchCommand>(cmds[i].body)) continue;
    in = command_registry().at(cmds[i].name)(cmds[i], std::move(in), c);
  }
  return in;
}

}  // namespace spelunk::testing
