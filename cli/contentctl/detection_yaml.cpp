#include "cli/contentctl/detection_yaml.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

namespace spelunk::cli::contentctl {

namespace {

// Content files are a few kB; anything far larger is not one (and is not read whole into a DOM).
constexpr std::size_t kMaxYamlBytes = 8u << 20;

std::string where(const std::string& file, std::size_t line) { return file + ":" + std::to_string(line) + ": "; }

// 1-based line of a node; `fallback` for nodes without a mark (an absent or empty value).
std::size_t line_of(const YAML::Node& node, std::size_t fallback) {
  if (!node.IsDefined()) return fallback;
  const YAML::Mark mark = node.Mark();
  return mark.line >= 0 ? static_cast<std::size_t>(mark.line) + 1 : fallback;
}

// 1-based line of `key` in a mapping (1 when absent).
std::size_t key_line(const YAML::Node& map, const std::string& key) {
  for (const auto& kv : map)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return line_of(kv.first, 1);
  return 1;
}

const char* kind_name(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Scalar: return "text";
    default: return "no value";
  }
}

// Reads the file, bounded; nullopt with a problem when it cannot be read.
std::optional<std::string> read_bounded(const std::string& path, std::vector<std::string>& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.push_back(path + ": cannot open");
    return std::nullopt;
  }
  std::string text(kMaxYamlBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxYamlBytes) {
    problems.push_back(path + ": larger than " + std::to_string(kMaxYamlBytes >> 20) +
                       " MB: not a content file; skipped");
    return std::nullopt;
  }
  return text;
}

std::size_t indent_of(std::string_view line) {
  std::size_t n = line.find_first_not_of(' ');
  return n == std::string_view::npos ? line.size() : n;
}

// The line where a quoted scalar opens that the file never closes, if any. yaml-cpp 0.7 takes the
// end of the input as the end of an open '...' or "..." scalar, so `search: 'unclosed` swallows
// the rest of the file silently; PyYAML (contentctl) refuses it, and so does spelunk. A lexical
// pass: quotes open only where a scalar may start (line start, after `- `, `: `, `? `, and in
// flow collections after `[`, `{`, `,`); comments, plain scalars (also their continuation lines)
// and block scalars (`|`, `>`) are skipped.
std::optional<std::size_t> unterminated_quote(std::string_view text) {
  char quote = 0;
  std::size_t quote_line = 0, line_no = 0;
  constexpr std::size_t kNone = SIZE_MAX;  // (plain std::optional here trips g++ 12's -Wmaybe-uninitialized)
  std::size_t block_parent = kNone;  // inside a block scalar of a line at this indent
  std::size_t plain_parent = kNone;  // a plain scalar of a line at this indent may continue
  int flow = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_no;
    pos = end + 1;
    const std::size_t indent = indent_of(line);
    const bool blank = indent == line.size();
    if (!quote && block_parent != kNone) {
      if (blank || indent > block_parent) continue;
      block_parent = kNone;
    }
    if (!quote && plain_parent != kNone && !blank && (indent <= plain_parent || flow)) plain_parent = kNone;
    bool can_start = !quote && plain_parent == kNone;
    bool in_plain = plain_parent != kNone;
    for (std::size_t i = quote ? 0 : indent; i < line.size(); ++i) {
      const char c = line[i];
      const bool next_space = i + 1 >= line.size() || line[i + 1] == ' ' || line[i + 1] == '\t';
      if (quote == '\'') {
        if (c == '\'' && i + 1 < line.size() && line[i + 1] == '\'') ++i;
        else if (c == '\'') quote = 0;
        continue;
      }
      if (quote == '"') {
        if (c == '\\') ++i;
        else if (c == '"') quote = 0;
        continue;
      }
      if (c == ' ' || c == '\t') continue;
      if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) break;  // a comment
      if ((c == '-' || c == '?') && can_start && next_space) continue;               // `- item`, `? key`
      if (c == ':' && (next_space || (flow && i + 1 < line.size() && (line[i + 1] == ',' || line[i + 1] == ']' || line[i + 1] == '}')))) {
        can_start = true, in_plain = false;
        continue;
      }
      if (flow && (c == ',' || c == ']' || c == '}')) {
        if (c != ',') --flow;
        can_start = c == ',', in_plain = false;
        continue;
      }
      if (!can_start) continue;
      if (c == '\'' || c == '"') {
        quote = c, quote_line = line_no;
      } else if (c == '[' || c == '{') {
        ++flow;
        continue;  // still at a scalar start
      } else if ((c == '|' || c == '>') && !flow) {
        block_parent = indent;
        break;
      } else if (c == '&' || c == '!' || c == '*') {
        while (i + 1 < line.size() && line[i + 1] != ' ') ++i;  // anchor, tag, alias: a scalar may follow
        continue;
      } else {
        in_plain = true;
      }
      can_start = false;
    }
    if (!quote && in_plain && !flow) plain_parent = plain_parent != kNone ? plain_parent : indent;
    else if (!in_plain) plain_parent = kNone;
    if (end == text.size()) break;
  }
  if (quote) return quote_line;
  return std::nullopt;
}

// The document's top-level mapping, or nullopt with "file:line: ..." (yaml-cpp's own message for
// malformed YAML: it names what it expected).
std::optional<YAML::Node> load_mapping(const std::string& text, const std::string& path,
                                       std::vector<std::string>& problems) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    // A mark past the last line (an unclosed `[` found at the end) names the last line instead.
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) +
                       (text.empty() || text.back() == '\n' ? 0 : 1);
    std::size_t line = e.mark.line >= 0 ? static_cast<std::size_t>(e.mark.line) + 1 : 1;
    line = std::max<std::size_t>(1, std::min(line, lines));
    std::string column = e.mark.column >= 0 && line == static_cast<std::size_t>(e.mark.line) + 1
                             ? ", column " + std::to_string(e.mark.column + 1)
                             : "";
    problems.push_back(where(path, line) + "not valid YAML" + column + ": " + e.msg);
    return std::nullopt;
  } catch (const std::exception& e) {
    problems.push_back(where(path, 1) + "not valid YAML: " + e.what());
    return std::nullopt;
  }
  if (auto line = unterminated_quote(text)) {
    problems.push_back(where(path, *line) + "not valid YAML: a quoted value opens here and is never closed");
    return std::nullopt;
  }
  if (!root.IsMap()) {
    problems.push_back(where(path, line_of(root, 1)) + "expected a YAML mapping (`key: value` lines), found " +
                       kind_name(root));
    return std::nullopt;
  }
  return root;
}

// The text of a scalar value; nullopt (and a problem naming the key) for a list or mapping.
std::optional<std::string> text_of(const YAML::Node& node, const std::string& key, const std::string& path,
                                   std::size_t fallback_line, std::vector<std::string>& problems) {
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  if (!node.IsScalar()) {
    problems.push_back(where(path, line_of(node, fallback_line)) + "`" + key + ":` must be text, found " +
                       kind_name(node));
    return std::nullopt;
  }
  return node.Scalar();
}

// YAML 1.1 booleans, as PyYAML (contentctl's reader) takes them.
std::optional<bool> bool_of(const std::string& text) {
  std::string t = text;
  std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (t == "true" || t == "yes" || t == "on" || t == "y") return true;
  if (t == "false" || t == "no" || t == "off" || t == "n") return false;
  return std::nullopt;
}

// `role:` is a list of roles (or, loosely written, one role).
std::vector<std::string> roles_of(const YAML::Node& node) {
  std::vector<std::string> roles;
  if (node.IsScalar()) roles.push_back(node.Scalar());
  if (node.IsSequence())
    for (const auto& r : node)
      if (r.IsScalar()) roles.push_back(r.Scalar());
  return roles;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

// `rba:` (contentctl 5): risk_objects / threat_objects, each a list of {field, type, score}.
void read_rba(const YAML::Node& rba, DetectionSpec& d, std::vector<std::string>& problems) {
  const std::size_t rba_line = line_of(rba, 1);
  if (!rba.IsMap()) {
    problems.push_back(where(d.file, rba_line) + "`rba:` must be a mapping, found " + kind_name(rba));
    return;
  }
  for (const auto& [key, into] : {std::pair<const char*, std::vector<std::string>*>{"risk_objects", &d.risk_object_fields},
                                  {"threat_objects", &d.threat_object_fields}}) {
    const YAML::Node list = rba[key];
    if (!list.IsDefined() || list.IsNull()) continue;
    if (!list.IsSequence()) {
      problems.push_back(where(d.file, line_of(list, rba_line)) + "`" + key + ":` must be a list, found " + kind_name(list));
      continue;
    }
    for (const auto& entry : list) {
      auto field = entry.IsMap() ? text_of(entry["field"], "field", d.file, line_of(entry, rba_line), problems)
                                 : std::nullopt;
      if (!field || field->empty()) {
        problems.push_back(where(d.file, line_of(entry, rba_line)) + "an entry of `" + key + ":` has no `field:`");
        continue;
      }
      add_unique(*into, *field);
    }
  }
}

// `tags: observable:` (the layout before contentctl 5): {name, type, role: [Victim|Attacker|...]}.
// contentctl 4 took the observables whose role includes Victim as risk objects and those whose
// role includes Attacker as threat objects.
void read_observables(const YAML::Node& observables, DetectionSpec& d, std::vector<std::string>& problems) {
  const std::size_t line = line_of(observables, 1);
  if (!observables.IsSequence()) {
    problems.push_back(where(d.file, line) + "`observable:` must be a list, found " + kind_name(observables));
    return;
  }
  for (const auto& o : observables) {
    auto name = o.IsMap() ? text_of(o["name"], "name", d.file, line_of(o, line), problems) : std::nullopt;
    if (!name || name->empty()) {
      problems.push_back(where(d.file, line_of(o, line)) + "an `observable:` entry has no `name:`");
      continue;
    }
    for (const auto& role : roles_of(o["role"])) {
      if (role == "Victim") add_unique(d.risk_object_fields, *name);
      if (role == "Attacker") add_unique(d.threat_object_fields, *name);
    }
  }
}

AttackDataSpec read_attack_data(const YAML::Node& entry, const std::string& path, std::size_t test_line,
                                std::string& problem) {
  AttackDataSpec a;
  a.line = line_of(entry, test_line);
  if (!entry.IsMap()) {
    problem = where(path, a.line) + "an `attack_data:` entry must be a mapping (data, source, sourcetype), found " +
              kind_name(entry);
    return a;
  }
  std::vector<std::string> problems;
  // contentctl's TestAttackData forbids other keys; `host` and `custom_index` it knows, spelunk
  // does not set them (host is the events' Computer), so they are refused by name, not ignored.
  for (const auto& kv : entry) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : std::string("?");
    if (key == "data" || key == "source" || key == "sourcetype" || key == "update_timestamp") continue;
    problems.push_back(where(path, line_of(kv.first, a.line)) + "`attack_data:` key `" + key + "` is " +
                       (key == "host" || key == "custom_index" ? "not supported by spelunk" : "not one contentctl knows"));
  }
  for (const auto& [key, into] : {std::pair<const char*, std::string*>{"data", &a.data}, {"source", &a.source},
                                  {"sourcetype", &a.sourcetype}}) {
    auto value = text_of(entry[key], key, path, a.line, problems);
    if (value && !value->empty()) *into = *value;
    else if (problems.empty()) problems.push_back(where(path, a.line) + "`attack_data:` entry has no `" + key + ":`");
  }
  if (auto v = text_of(entry["update_timestamp"], "update_timestamp", path, a.line, problems)) {
    auto b = bool_of(*v);
    if (!b) problems.push_back(where(path, line_of(entry["update_timestamp"], a.line)) +
                               "`update_timestamp:` must be true or false, found `" + *v + "`");
    else a.update_timestamp = *b;
  }
  if (!problems.empty() && problem.empty()) problem = problems.front();
  return a;
}

void read_tests(const YAML::Node& tests, DetectionSpec& d) {
  const std::size_t tests_line = line_of(tests, 1);
  if (tests.IsNull()) return;
  if (!tests.IsSequence()) {
    TestSpec t;
    t.line = tests_line;
    t.name = "tests";
    t.problem = where(d.file, tests_line) + "`tests:` must be a list, found " + kind_name(tests);
    d.tests.push_back(std::move(t));
    return;
  }
  std::size_t ordinal = 0;
  for (const auto& entry : tests) {
    TestSpec t;
    t.line = line_of(entry, tests_line);
    t.name = "test " + std::to_string(++ordinal);
    if (!entry.IsMap()) {
      t.problem = where(d.file, t.line) + "a `tests:` entry must be a mapping (name, attack_data), found " +
                  kind_name(entry);
      d.tests.push_back(std::move(t));
      continue;
    }
    std::vector<std::string> problems;
    if (auto name = text_of(entry["name"], "name", d.file, t.line, problems); name && !name->empty()) t.name = *name;
    const YAML::Node data = entry["attack_data"];
    if (!data.IsDefined() || data.IsNull()) {
      problems.push_back(where(d.file, t.line) + "test `" + t.name + "` has no `attack_data:`");
    } else if (!data.IsSequence()) {
      problems.push_back(where(d.file, line_of(data, t.line)) + "`attack_data:` must be a list, found " + kind_name(data));
    } else {
      for (const auto& a : data) {
        std::string problem;
        t.attack_data.push_back(read_attack_data(a, d.file, t.line, problem));
        if (!problem.empty()) problems.push_back(problem);
      }
      if (t.attack_data.empty()) problems.push_back(where(d.file, line_of(data, t.line)) + "`attack_data:` is empty");
    }
    if (!problems.empty()) t.problem = problems.front();
    d.tests.push_back(std::move(t));
  }
}

}  // namespace

DetectionRead parse_detection(const std::string& text, const std::string& path) {
  DetectionRead out;
  auto root = load_mapping(text, path, out.problems);
  if (!root) return out;
  DetectionSpec d;
  d.file = path;
  const YAML::Node search = (*root)["search"];
  if (!search.IsDefined()) {
    out.problems.push_back(where(path, 1) + "no `search:`: not a detection (contentctl needs `search:` and `name:`)");
    return out;
  }
  // An empty value's mark is the next token's; the key's own line is the one to name.
  d.search_line = search.IsNull() ? key_line(*root, "search") : line_of(search, 1);
  auto search_text = text_of(search, "search", path, d.search_line, out.problems);
  if (!search_text) {
    if (search.IsNull()) out.problems.push_back(where(path, d.search_line) + "`search:` is empty");
    return out;
  }
  if (search_text->find_first_not_of(" \t\r\n") == std::string::npos) {
    out.problems.push_back(where(path, d.search_line) + "`search:` is empty");
    return out;
  }
  d.search = *search_text;
  for (const auto& [key, into] : {std::pair<const char*, std::string*>{"name", &d.name}, {"id", &d.id},
                                  {"status", &d.status}, {"type", &d.type}})
    if (auto v = text_of((*root)[key], key, path, 1, out.problems)) *into = *v;
  if (d.name.empty()) d.name = path.substr(path.find_last_of('/') + 1);

  const YAML::Node tags = (*root)["tags"];
  if (tags.IsMap()) {
    if (auto reason = text_of(tags["manual_test"], "manual_test", path, line_of(tags, 1), out.problems))
      d.manual_test = *reason;
  }
  if (const YAML::Node rba = (*root)["rba"]; rba.IsDefined() && !rba.IsNull()) {
    read_rba(rba, d, out.problems);
  } else if (tags.IsMap()) {
    if (const YAML::Node obs = tags["observable"]; obs.IsDefined() && !obs.IsNull()) read_observables(obs, d, out.problems);
  }
  if (const YAML::Node tests = (*root)["tests"]; tests.IsDefined()) read_tests(tests, d);
  out.detection = std::move(d);
  return out;
}

DetectionRead read_detection(const std::string& path) {
  DetectionRead out;
  auto text = read_bounded(path, out.problems);
  if (!text) return out;
  return parse_detection(*text, path);
}

std::optional<MacroSpec> read_macro(const std::string& path, std::vector<std::string>& problems) {
  auto text = read_bounded(path, problems);
  if (!text) return std::nullopt;
  auto root = load_mapping(*text, path, problems);
  if (!root) return std::nullopt;
  MacroSpec m;
  m.origin = path + ":1";
  auto name = text_of((*root)["name"], "name", path, 1, problems);
  auto definition = text_of((*root)["definition"], "definition", path, 1, problems);
  if (!name || name->empty()) {
    problems.push_back(where(path, 1) + "a macro file needs `name:`");
    return std::nullopt;
  }
  if (!definition) {
    problems.push_back(where(path, 1) + "macro `" + *name + "` has no `definition:`");
    return std::nullopt;
  }
  m.name = *name;
  m.definition = *definition;
  const YAML::Node args = (*root)["arguments"];
  if (args.IsSequence()) {
    for (const auto& a : args) {
      if (!a.IsScalar() || a.Scalar().empty()) {
        problems.push_back(where(path, line_of(a, line_of(args, 1))) + "macro `" + m.name +
                           "`: each of `arguments:` must be a name");
        return std::nullopt;
      }
      m.arguments.push_back(a.Scalar());
    }
  } else if (args.IsDefined() && !args.IsNull()) {
    problems.push_back(where(path, line_of(args, 1)) + "macro `" + m.name + "`: `arguments:` must be a list, found " +
                       kind_name(args));
    return std::nullopt;
  }
  return m;
}

std::optional<ConfStanza> read_lookup(const std::string& path, std::vector<std::string>& problems) {
  auto text = read_bounded(path, problems);
  if (!text) return std::nullopt;
  auto root = load_mapping(*text, path, problems);
  if (!root) return std::nullopt;
  auto name = text_of((*root)["name"], "name", path, 1, problems);
  if (!name || name->empty()) {
    problems.push_back(where(path, 1) + "a lookup file needs `name:`");
    return std::nullopt;
  }
  ConfStanza stanza;
  stanza.name = *name;
  stanza.origin = path + ":" + std::to_string(line_of((*root)["name"], 1));
  for (const auto& entry : *root) {
    if (!entry.first.IsScalar()) continue;
    const std::string key = entry.first.Scalar();
    if (key == "name" || key == "description") continue;
    // Scalars only: what a transforms.conf value can hold (`fields_list` is text too).
    if (auto value = text_of(entry.second, key, path, line_of(entry.first, 1), problems))
      stanza.set(key, *value, path + ":" + std::to_string(line_of(entry.first, 1)));
  }
  return stanza;
}

}  // namespace spelunk::cli::contentctl
