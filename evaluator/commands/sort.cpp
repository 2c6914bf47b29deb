// `sort [N] [+|-]field, num(f), str(f), ip(f), auto(f)` (R8.10): stable sort; by default at
// most 10,000 rows come out (`sort 0` = all). auto: numbers in numeric order before strings,
// IPv4 addresses in address order, strings in byte order (upper case before lower case). Rows
// missing the field come last in both directions.
#include <algorithm>
#include <cstdint>
#include <numeric>

#include "evaluator/aggregate.hpp"
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

namespace {

constexpr std::size_t kDefaultSortLimit = 10000;

struct SortValue {
  enum Class : unsigned char { Number, Text, Missing } cls = Missing;
  double number = 0;
  std::string text;
};

bool parse_ipv4(std::string_view s, double& out) {
  std::uint32_t addr = 0;
  int parts = 0;
  std::size_t i = 0;
  while (i <= s.size() && parts < 4) {
    std::size_t j = i;
    std::uint32_t octet = 0;
    while (j < s.size() && s[j] >= '0' && s[j] <= '9' && j - i < 3) octet = octet * 10 + static_cast<std::uint32_t>(s[j++] - '0');
    if (j == i || octet > 255) return false;
    addr = addr * 256 + octet;
    ++parts;
    if (j == s.size()) { i = j; break; }
    if (s[j] != '.') return false;
    i = j + 1;
  }
  if (parts != 4 || i != s.size()) return false;
  out = static_cast<double>(addr);
  return true;
}

SortValue sort_value(const Value& v, const std::string& type) {
  SortValue out;
  if (v.is_null()) return out;
  // A multi-value sorts by its first value.
  std::string text = v.is_multi() ? v.multi.front() : v.to_string();
  double d = 0;
  bool numeric = v.type == Value::Type::Number ? (d = v.number, true) : parse_number(text, d);
  if (type == "str") {
    out.cls = SortValue::Text;
  } else if (type == "ip") {
    if (parse_ipv4(text, d)) { out.cls = SortValue::Number; out.number = d; }
    else out.cls = SortValue::Text;
  } else if (numeric) {
    out.cls = SortValue::Number;
    out.number = d;
  } else if (type != "num" && parse_ipv4(text, d)) {
    out.cls = SortValue::Number;  // auto: IP order for IPs
    out.number = d;
  } else {
    out.cls = SortValue::Text;
  }
  out.text = std::move(text);
  return out;
}

// <0 when a sorts before b for this key (missing last whatever the direction).
int compare_key(const SortValue& a, const SortValue& b, bool descending) {
  if (a.cls == SortValue::Missing || b.cls == SortValue::Missing)
    return (a.cls == SortValue::Missing) - (b.cls == SortValue::Missing);
  int c;
  if (a.cls != b.cls) c = a.cls == SortValue::Number ? -1 : 1;
  else if (a.cls == SortValue::Number) c = a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
  else c = a.text.compare(b.text) < 0 ? -1 : (a.text == b.text ? 0 : 1);
  return descending ? -c : c;
}

}  // namespace

std::vector<std::size_t> sorted_rows(const Result& in, const std::vector<ast::SortKey>& keys, const ExecContext* ctx) {
  std::vector<std::vector<SortValue>> values(keys.size());
  for (std::size_t k = 0; k < keys.size(); ++k) {
    int col = in.find(keys[k].field);
    values[k].resize(in.size());
    if (col < 0) continue;
    for (std::size_t r = 0; r < in.size(); ++r) {
      if (ctx) ctx->check_cancel(r);
      values[k][r] = sort_value(in.get(static_cast<std::size_t>(col), r), keys[k].type);
    }
  }
  std::vector<std::size_t> order(in.size());
  std::iota(order.begin(), order.end(), 0);
  std::size_t comparisons = 0;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    // Ctrl-C during a long sort: the exception leaves `order` a permutation, dropped anyway.
    if (ctx) ctx->check_cancel(++comparisons);
    for (std::size_t k = 0; k < keys.size(); ++k) {
      int c = compare_key(values[k][a], values[k][b], keys[k].descending);
      if (c != 0) return c < 0;
    }
    return false;
  });
  return order;
}

Result run_sort(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& sort = body_of<ast::SortCommand>(cmd);
  std::size_t limit = sort.limit.value_or(kDefaultSortLimit);
  std::vector<std::size_t> order = sorted_rows(input, sort.keys, &ctx);
  if (limit != 0 && order.size() > limit) order.resize(limit);
  input.select_rows(order);
  return input;
}

}  // namespace spelunk::commands
