// Option parsing shared by commands (key=value arguments).
#include <algorithm>
#include <cctype>
#include <charconv>

#include "evaluator/commands/commands.hpp"
#include "parser/lexemes.hpp"

namespace spelunk::commands {

bool option_bool(const ast::Command& cmd, const ast::Options& options, const std::string& key,
                 bool fallback) {
  const std::string* v = options.get(key);
  if (!v) return fallback;
  std::string t;
  for (char c : *v) t += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (t == "t" || t == "true" || t == "1" || t == "yes") return true;
  if (t == "f" || t == "false" || t == "0" || t == "no") return false;
  throw QueryError{cmd.name + ": " + key + "=" + *v + " is not a Boolean", options.position_of(key, cmd.pos)};
}

std::size_t option_size(const ast::Command& cmd, const ast::Options& options,
                        const std::string& key, std::size_t fallback) {
  const std::string* v = options.get(key);
  if (!v) return fallback;
  std::size_t out = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size())
    throw QueryError{cmd.name + ": " + key + "=" + *v + " is not a non-negative integer",
                     options.position_of(key, cmd.pos)};
  return out;
}

void check_options(const ast::Command& cmd, const ast::Options& options,
                   std::initializer_list<std::string_view> known) {
  for (std::size_t i = 0; i < options.items.size(); ++i) {
    const std::string& key = options.items[i].first;
    if (std::find(known.begin(), known.end(), key) != known.end()) continue;
    std::string expected;
    for (std::string_view k : known) expected += (expected.empty() ? "" : ", ") + std::string(k) + "=";
    throw QueryError{cmd.name + ": unknown or unsupported option `" + key + "=`" +
                         (expected.empty() ? " (it takes no options)" : " (it takes " + expected + ")"),
                     i < options.positions.size() ? options.positions[i] : cmd.pos};
  }
}

std::optional<std::string> row_key(const Result& in, const std::vector<int>& cols, std::size_t row) {
  std::string key;
  for (int c : cols) {
    if (c < 0) return std::nullopt;
    Value v = in.get(static_cast<std::size_t>(c), row);
    if (v.is_null()) return std::nullopt;
    std::string text = v.to_string();
    key += std::to_string(text.size());
    key += ':';
    key += text;
  }
  return key;
}

}  // namespace spelunk::commands

namespace spelunk::commands {

namespace {

// `key=` at the start of a word: an identifier followed by '='.
std::size_t option_key_length(const std::string& word) {
  std::size_t i = 0;
  while (i < word.size() && (std::isalnum(static_cast<unsigned char>(word[i])) || word[i] == '_')) ++i;
  return i > 0 && i < word.size() && word[i] == '=' && !std::isdigit(static_cast<unsigned char>(word[0])) ? i : 0;
}

}  // namespace

GenericArgs generic_args(const ast::Command& cmd) {
  GenericArgs out;
  const auto* body = std::get_if<ast::GenericCommand>(&cmd.body);
  if (!body) return out;
  for (std::size_t i = 0; i < body->args.size(); ++i) {
    const std::string& word = body->args[i];
    const ast::Position pos = i < body->positions.size() ? body->positions[i] : cmd.pos;
    if (std::size_t k = option_key_length(word)) {
      out.options.add(parser::to_lower(word.substr(0, k)), parser::decode_search_token(word.substr(k + 1)).text, pos);
      continue;
    }
    out.words.push_back(parser::decode_search_token(word).text);
    out.raw.push_back(word);
    out.positions.push_back(pos);
  }
  return out;
}

}  // namespace spelunk::commands
