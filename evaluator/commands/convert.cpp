// `convert [timeformat="%m/%d/%Y %H:%M:%S"] fn(field) [AS new] ...` (R8.24). Functions:
// ctime (epoch -> text), mktime (text -> epoch), dur2sec ("[D+]HH:MM:SS" -> seconds), mstime
// ("[MM:]SS.SSS" -> seconds), memk ("10m" -> kilobytes), rmcomma, rmunit (leading number),
// num / auto (number when possible; num drops what is not), none (leave). A field name may
// hold `*` wildcards. With AS the original field is kept. Values that cannot convert stay as
// they are (num: removed).
#include <cmath>

#include "evaluator/commands/commands.hpp"
#include "evaluator/glob.hpp"
#include "evaluator/time/strtime.hpp"

namespace spelunk::commands {

namespace {

constexpr const char* kDefaultTimeFormat = "%m/%d/%Y %H:%M:%S";

// The longest leading number of text ("10km" -> 10); false when there is none.
bool leading_number(std::string_view text, double& out) {
  std::size_t end = 0;
  if (end < text.size() && (text[end] == '-' || text[end] == '+')) ++end;
  bool digits = false;
  while (end < text.size() && ((text[end] >= '0' && text[end] <= '9') || text[end] == '.')) {
    digits = digits || text[end] != '.';
    ++end;
  }
  while (end > 0 && !parse_number(text.substr(0, end), out)) --end;
  return digits && end > 0;
}

std::optional<double> dur2sec(std::string_view text) {
  double days = 0;
  std::size_t plus = text.find('+');
  if (plus != std::string_view::npos) {
    if (!parse_number(text.substr(0, plus), days)) return std::nullopt;
    text = text.substr(plus + 1);
  }
  double total = 0;
  int parts = 0;
  while (!text.empty()) {
    std::size_t colon = text.find(':');
    double part = 0;
    if (!parse_number(text.substr(0, colon), part)) return std::nullopt;
    total = total * 60 + part;
    ++parts;
    if (colon == std::string_view::npos) break;
    text = text.substr(colon + 1);
  }
  if (parts == 0 || parts > 3) return std::nullopt;
  return days * 86400 + total;
}

std::optional<double> memk(std::string_view text) {
  double n = 0;
  if (parse_number(text, n)) return n;
  if (text.empty()) return std::nullopt;
  char unit = static_cast<char>(std::tolower(static_cast<unsigned char>(text.back())));
  if (!parse_number(text.substr(0, text.size() - 1), n)) return std::nullopt;
  if (unit == 'k') return n;
  if (unit == 'm') return n * 1024;
  if (unit == 'g') return n * 1024 * 1024;
  return std::nullopt;
}

// One value converted; nullopt = leave it as it is; a null Value = remove it.
std::optional<Value> convert_one(const std::string& fn, const std::string& text, const std::string& timeformat,
                                 const std::string& tz) {
  double d = 0;
  if (fn == "ctime") {
    if (!parse_number(text, d)) return std::nullopt;
    return Value::of(format_time(d, timeformat, tz));
  }
  if (fn == "mktime") {
    auto t = parse_time(text, timeformat, tz);
    return t ? std::optional<Value>(Value::of(*t)) : std::nullopt;
  }
  if (fn == "dur2sec") {
    auto s = dur2sec(text);
    return s ? std::optional<Value>(Value::of(*s)) : std::nullopt;
  }
  if (fn == "mstime") {
    std::size_t colon = text.find(':');
    double min = 0, sec = 0;
    if (colon != std::string::npos && !parse_number(std::string_view(text).substr(0, colon), min)) return std::nullopt;
    if (!parse_number(std::string_view(text).substr(colon == std::string::npos ? 0 : colon + 1), sec)) return std::nullopt;
    return Value::of(min * 60 + sec);
  }
  if (fn == "memk") {
    auto k = memk(text);
    return k ? std::optional<Value>(Value::of(*k)) : std::nullopt;
  }
  if (fn == "rmcomma") {
    std::string s;
    for (char c : text) if (c != ',') s += c;
    return parse_number(s, d) ? std::optional<Value>(Value::of(d)) : std::nullopt;
  }
  if (fn == "rmunit") return leading_number(text, d) ? std::optional<Value>(Value::of(d)) : std::nullopt;
  if (fn == "auto" || fn == "num") {
    std::string s;
    for (char c : text) if (c != ',') s += c;
    if (parse_number(s, d) || leading_number(s, d)) return Value::of(d);
    if (auto k = memk(text)) return Value::of(*k);
    if (fn == "num") return Value::null();
    return std::nullopt;
  }
  return std::nullopt;  // none
}

bool known_function(const std::string& fn) {
  for (const char* f : {"ctime", "mktime", "dur2sec", "mstime", "memk", "rmcomma", "rmunit", "auto", "num", "none"})
    if (fn == f) return true;
  return false;
}

void convert_field(Result& r, const std::string& fn, const std::string& field, const std::string& as,
                   const std::string& timeformat, const std::string& tz) {
  int col = r.find(field);
  if (col < 0) return;
  std::vector<Value> values(r.size());
  for (std::size_t row = 0; row < r.size(); ++row) {
    Value v = r.get(static_cast<std::size_t>(col), row);
    if (v.is_multi()) {
      std::vector<std::string> out;
      for (const auto& s : v.multi) {
        auto c = convert_one(fn, s, timeformat, tz);
        if (!c) out.push_back(s);
        else if (!c->is_null()) out.push_back(c->to_string());
      }
      values[row] = Value::list(std::move(out));
    } else if (!v.is_null()) {
      auto c = convert_one(fn, v.to_string(), timeformat, tz);
      values[row] = c ? std::move(*c) : std::move(v);
    }
  }
  r.set_column(as.empty() ? field : as, std::move(values));
}

}  // namespace

Result run_convert(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& conv = body_of<ast::ConvertCommand>(cmd);
  check_options(cmd, conv.options, {"timeformat"});
  const std::string* tf = conv.options.get("timeformat");
  const std::string timeformat = tf ? *tf : kDefaultTimeFormat;
  for (const auto& c : conv.conversions) {
    if (!known_function(c.function))
      throw QueryError{"convert: unknown function " + c.function + "()", cmd.pos};
    if (c.function == "none") continue;
    if (c.field.find('*') == std::string::npos) {
      convert_field(input, c.function, c.field, c.as, timeformat, ctx.tz);
      continue;
    }
    std::vector<std::string> matching;
    for (const auto& col : input.columns())
      if (field_name_match(c.field, col.name)) matching.push_back(col.name);
    for (const auto& name : matching) convert_field(input, c.function, name, "", timeformat, ctx.tz);
  }
  return input;
}

}  // namespace spelunk::commands
