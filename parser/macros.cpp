// Macro tables (Splunk macros.conf) and macro expansion, done on the text before parsing, as
// Splunk does. Also the removal of ```triple backtick``` comments, which must happen first
// (their backticks are not macro calls).
#include "parser/macros.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "parser/lexemes.hpp"

namespace spelunk {

void MacroTable::add(MacroDefinition def) {
  // Accept the stanza spelling "name(2)" as a name: the arity is the number of args.
  if (const auto open = def.name.find('('); open != std::string::npos && def.name.back() == ')')
    def.name.resize(open);
  auto key = std::make_pair(def.name, def.args.size());
  macros_[key] = std::move(def);
}

const MacroDefinition* MacroTable::find(std::string_view name, std::size_t arity) const {
  auto it = macros_.find(std::make_pair(std::string(name), arity));
  return it == macros_.end() ? nullptr : &it->second;
}

std::vector<std::string> MacroTable::names() const {
  std::vector<std::string> out;
  for (const auto& [key, def] : macros_) out.push_back(key.second ? key.first + "(" + std::to_string(key.second) + ")" : key.first);
  return out;
}

namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> split_commas(std::string_view s) {
  std::vector<std::string> out;
  std::string current;
  for (char c : s) {
    if (c == ',') {
      out.push_back(trim(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!trim(current).empty() || !out.empty()) out.push_back(trim(current));
  return out;
}

}  // namespace

std::vector<std::string> MacroTable::load_conf(const std::string& path) {
  std::vector<std::string> errors;
  std::ifstream file(path);
  if (!file) return {path + ": cannot open"};
  std::optional<MacroDefinition> current;
  std::size_t declared_arity = 0;
  auto finish = [&](std::size_t line_no) {
    if (!current) return;
    if (current->args.size() != declared_arity)
      errors.push_back(path + ":" + std::to_string(line_no) + ": macro " + current->name + " declares " +
                       std::to_string(declared_arity) + " arguments but args lists " +
                       std::to_string(current->args.size()));
    else
      add(std::move(*current));
    current.reset();
  };
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(file, line)) {
    ++line_no;
    // Continuation lines: a trailing backslash joins the next line.
    while (!line.empty() && line.back() == '\\' && file) {
      line.pop_back();
      std::string next;
      if (!std::getline(file, next)) break;
      ++line_no;
      line += "\n" + next;
    }
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#') continue;
    if (t.front() == '[') {
      finish(line_no);
      if (t.back() != ']') {
        errors.push_back(path + ":" + std::to_string(line_no) + ": bad stanza header " + t);
        continue;
      }
      std::string name = t.substr(1, t.size() - 2);
      declared_arity = 0;
      if (auto open = name.find('('); open != std::string::npos && name.back() == ')') {
        declared_arity = std::strtoul(name.c_str() + open + 1, nullptr, 10);
        name = name.substr(0, open);
      }
      current = MacroDefinition{name, {}, ""};
      continue;
    }
    const auto eq = t.find('=');
    if (!current || eq == std::string::npos) {
      errors.push_back(path + ":" + std::to_string(line_no) + ": expected key = value inside a [stanza]");
      continue;
    }
    const std::string key = trim(t.substr(0, eq));
    const std::string value = trim(t.substr(eq + 1));
    if (key == "definition") current->definition = value;
    if (key == "args") current->args = split_commas(value);
  }
  finish(line_no);
  return errors;
}

namespace parser {

ast::Position position_at(std::string_view text, std::size_t offset) {
  ast::Position pos;
  pos.offset = offset;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

namespace {

// Index just after the closing quote of the string starting at text[i] == '"'.
std::size_t skip_quoted(std::string_view text, std::size_t i) {
  for (++i; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (text[i] == '"') {
      return i + 1;
    }
  }
  return text.size();
}

constexpr std::size_t kMaxExpandedSize = 16 * 1024 * 1024;

struct MacroCall {
  std::string name;
  std::vector<std::string> args;
};

// `name(a, "b, c", f(x))`: commas split only outside quotes and parentheses.
MacroCall parse_call(std::string_view body) {
  MacroCall call;
  const auto open = body.find('(');
  if (open == std::string_view::npos || body.back() != ')') {
    call.name = trim(body);
    return call;
  }
  call.name = trim(body.substr(0, open));
  std::string_view inner = body.substr(open + 1, body.size() - open - 2);
  std::string current;
  int depth = 0;
  for (std::size_t i = 0; i < inner.size(); ++i) {
    const char c = inner[i];
    if (c == '"') {
      const std::size_t end = skip_quoted(inner, i);
      current.append(inner.substr(i, end - i));
      i = end - 1;
      continue;
    }
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      call.args.push_back(trim(current));
      current.clear();
      continue;
    }
    current += c;
  }
  call.args.push_back(trim(current));
  // A quoted single word loses its quotes (`drop_dm_object_name("Processes")` renames Processes.*).
  for (auto& arg : call.args) {
    if (arg.size() >= 2 && arg.front() == '"' && arg.back() == '"') {
      std::string_view content(arg.data() + 1, arg.size() - 2);
      if (content.find_first_of(" \t\r\n\",") == std::string_view::npos) arg = std::string(content);
    }
  }
  return call;
}

std::string substitute_args(const MacroDefinition& def, const std::vector<std::string>& values) {
  std::string out;
  const std::string& text = def.definition;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '$') {
      const auto close = text.find('$', i + 1);
      if (close != std::string::npos) {
        const std::string_view name(text.data() + i + 1, close - i - 1);
        const auto it = std::find(def.args.begin(), def.args.end(), name);
        if (it != def.args.end()) {
          out += values[static_cast<std::size_t>(it - def.args.begin())];
          i = close;
          continue;
        }
      }
    }
    out += text[i];
  }
  return out;
}

struct Expander {
  const MacroTable& macros;
  std::vector<std::string> stack;  // macros being expanded, for the cycle check

  // Expands `text`; spans (when given) receive the top-level calls. Throws std::string.
  std::string expand(std::string_view text, std::vector<MacroSpan>* spans) {
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
      const char c = text[i];
      if (c == '"' || c == '\\') {  // quoted strings and escaped characters hold no macros
        const std::size_t end = c == '"' ? skip_quoted(text, i) : std::min(i + 2, text.size());
        out.append(text.substr(i, end - i));
        i = end;
        continue;
      }
      if (c != '`') {
        out += c;
        ++i;
        continue;
      }
      const auto close = text.find('`', i + 1);
      if (close == std::string_view::npos) throw Failure{"unclosed '`' (macro call without its closing backtick)", i};
      const MacroCall call = parse_call(text.substr(i + 1, close - i - 1));
      const std::size_t begin = out.size();
      out += expand_call(call, i);
      if (out.size() > kMaxExpandedSize)
        throw Failure{"macro expansion is larger than 16 MB (runaway nesting?)", i};
      if (spans) spans->push_back({begin, out.size(), call.name, ast::Position{i, 0, 0}});
      i = close + 1;
    }
    return out;
  }

  struct Failure {
    std::string message;
    std::size_t offset;  // in the text being expanded at the outermost level
  };

  std::string expand_call(const MacroCall& call, std::size_t offset) {
    const std::string shown = call.args.empty() ? call.name : call.name + "(" + std::to_string(call.args.size()) + ")";
    const MacroDefinition* def = macros.find(call.name, call.args.size());
    // ESCU ends every detection with `<detection>_filter`, a macro contentctl generates as
    // `search *` for users to override in local/macros.conf: one not defined anywhere is that
    // default (docs/datamodels.md). Any other undefined macro stays an error.
    static const MacroDefinition kDefaultFilter{"", {}, "search *"};
    if (!def && call.args.empty() && call.name.size() > 7 && call.name.ends_with("_filter")) def = &kDefaultFilter;
    if (!def) {
      std::string message = "unknown macro `" + shown + "`";
      if (!stack.empty()) message += " (used inside macro `" + stack.back() + "`)";
      throw Failure{message, offset};
    }
    if (std::find(stack.begin(), stack.end(), shown) != stack.end()) {
      std::string cycle;
      for (const auto& name : stack) cycle += name + " -> ";
      throw Failure{"macro cycle: " + cycle + shown, offset};
    }
    stack.push_back(shown);
    std::string body;
    try {
      body = expand(substitute_args(*def, call.args), nullptr);
    } catch (Failure& inner) {
      inner.offset = offset;  // report at the outermost call, which is in the user's text
      stack.pop_back();
      throw;
    }
    stack.pop_back();
    return body;
  }
};

}  // namespace

Preprocessed remove_comments(std::string_view query) {
  Preprocessed result;
  result.text = std::string(query);
  std::string& text = result.text;
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '"') {
      i = skip_quoted(text, i);
      continue;
    }
    if (text[i] == '\\') {
      i += 2;
      continue;
    }
    if (text.compare(i, 3, "```") != 0) {
      ++i;
      continue;
    }
    const auto close = text.find("```", i + 3);
    if (close == std::string::npos) {
      result.error = ParseError{"unclosed ``` comment", position_at(text, i)};
      return result;
    }
    for (std::size_t j = i; j < close + 3; ++j)
      if (text[j] != '\n') text[j] = ' ';
    i = close + 3;
  }
  return result;
}

Preprocessed expand_macros(std::string_view text, const MacroTable& macros) {
  Preprocessed result;
  Expander expander{macros, {}};
  try {
    result.text = expander.expand(text, &result.spans);
    for (auto& span : result.spans) span.written = position_at(text, span.written.offset);
  } catch (const Expander::Failure& failure) {
    result.text = std::string(text);
    result.spans.clear();
    result.error = ParseError{failure.message, position_at(text, failure.offset)};
  }
  return result;
}

}  // namespace parser
}  // namespace spelunk
