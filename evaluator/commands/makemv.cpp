// `makemv [delim=<string>|tokenizer=<regex>] [allowempty=<bool>] [setsv=<bool>] <field>`:
// splits the field's value into a multi-value. delim (default one space) splits on the string;
// repeated delimiters give empty values only with allowempty=t. tokenizer is an RE2 regex whose
// first capture group (else the whole match) is each value, in order. A multi-valued field is
// split value by value. setsv=t is not supported (an error, not a silent difference).

#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {


namespace {

void split_delim(std::string_view text, const std::string& delim, bool allowempty, std::vector<std::string>& out) {
  std::size_t start = 0;
  while (true) {
    std::size_t at = text.find(delim, start);
    std::string_view piece = text.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start);
    if (allowempty || !piece.empty()) out.emplace_back(piece);
    if (at == std::string_view::npos) return;
    start = at + delim.size();
  }
}

void split_tokens(const std::string& text, const Regex& re, std::vector<std::string>& out) {
  std::vector<Regex::Span> groups;
  std::size_t pos = 0;
  while (pos <= text.size() && re.find(text, pos, groups)) {
    const Regex::Span& value = groups.size() > 1 ? groups[1] : groups[0];
    if (value.first != Regex::npos) out.push_back(text.substr(value.first, value.second - value.first));
    const auto [start, end] = groups[0];
    pos = end > start ? end : end + 1;  // an empty match must still advance
  }
}

}  // namespace

Result run_makemv(const ast::Command& cmd, Result input, ExecContext&) {
  GenericArgs args = generic_args(cmd);
  check_options(cmd, args.options, {"delim", "tokenizer", "allowempty", "setsv"});
  if (args.words.size() != 1) throw QueryError{"makemv: expected one field, e.g. `makemv delim=\",\" users`", cmd.pos};
  if (option_bool(cmd, args.options, "setsv", false)) throw QueryError{"makemv: setsv=t is not supported", cmd.pos};
  const bool allowempty = option_bool(cmd, args.options, "allowempty", false);
  const std::string* tokenizer = args.options.get("tokenizer");
  const std::string* delim_option = args.options.get("delim");
  if (tokenizer && delim_option) throw QueryError{"makemv: use delim= or tokenizer=, not both", cmd.pos};
  const std::string delim = delim_option ? *delim_option : " ";
  if (!tokenizer && delim.empty()) throw QueryError{"makemv: delim= must not be empty", cmd.pos};
  std::shared_ptr<const Regex> re = tokenizer ? command_regex(cmd, *tokenizer) : nullptr;

  const std::string& field = args.words.front();
  const int col = input.find(field);
  if (col < 0) return input;
  std::vector<Value> values(input.size());
  try {
    for (std::size_t row = 0; row < input.size(); ++row) {
      Value v = input.get(static_cast<std::size_t>(col), row);
      std::vector<std::string> parts;
      for (const auto& text : v.values()) {
        if (re) split_tokens(text, *re, parts);
        else split_delim(text, delim, allowempty, parts);
      }
      values[row] = Value::list(std::move(parts));
    }
  } catch (const RegexError& e) {
    throw QueryError{"makemv: " + e.message, cmd.pos};
  }
  input.set_column(field, std::move(values));
  return input;
}

}  // namespace spelunk::commands
