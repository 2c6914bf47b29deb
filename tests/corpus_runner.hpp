// Parses every search of the SPL corpus (../shared/corpus/queries.jsonl) with its macros
// (macros.jsonl) and counts, per kind (raw / tstats / other): parsed, parsed but using a
// command without a typed node (by command name), syntax errors (by message). Shared by
// bench/corpus_parse.cpp (the report) and tests/parser_corpus_test.cpp (zero crashes).
//
// The corpus files are JSON Lines of flat objects whose values are strings, arrays of strings
// or scalars; a small reader for exactly that is enough, so no JSON library is linked.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "parser/parser.hpp"

namespace spelunk::corpus {

using JsonValue = std::vector<std::string>;  // a string is a one-element array
using JsonObject = std::map<std::string, JsonValue>;

namespace detail {

inline void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

class Reader {
 public:
  explicit Reader(std::string_view text) : s_(text) {}

  std::optional<JsonObject> object() {
    JsonObject obj;
    if (!eat('{')) return std::nullopt;
    if (eat('}')) return obj;
    do {
      auto key = string();
      if (!key || !eat(':')) return std::nullopt;
      auto value = this->value();
      if (!value) return std::nullopt;
      obj[*key] = std::move(*value);
    } while (eat(','));
    if (!eat('}')) return std::nullopt;
    return obj;
  }

 private:
  void skip() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n')) ++i_;
  }
  bool eat(char c) {
    skip();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  std::optional<std::string> string() {
    if (!eat('"')) return std::nullopt;
    std::string out;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= s_.size()) return std::nullopt;
      c = s_[i_++];
      switch (c) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          if (i_ + 4 > s_.size()) return std::nullopt;
          append_utf8(out, static_cast<unsigned>(std::stoul(std::string(s_.substr(i_, 4)), nullptr, 16)));
          i_ += 4;
          break;
        }
        default: out += c;
      }
    }
    if (!eat('"')) return std::nullopt;
    return out;
  }
  std::optional<JsonValue> value() {
    skip();
    if (i_ >= s_.size()) return std::nullopt;
    if (s_[i_] == '"') {
      auto s = string();
      if (!s) return std::nullopt;
      return JsonValue{*s};
    }
    if (s_[i_] == '[') {
      ++i_;
      JsonValue items;
      if (eat(']')) return items;
      do {
        auto s = string();
        if (!s) return std::nullopt;
        items.push_back(*s);
      } while (eat(','));
      if (!eat(']')) return std::nullopt;
      return items;
    }
    // number, true, false, null: skipped
    while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}') ++i_;
    return JsonValue{};
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

inline std::string first(const JsonObject& obj, const std::string& key) {
  auto it = obj.find(key);
  return it == obj.end() || it->second.empty() ? std::string() : it->second.front();
}

inline void collect_generic(const ast::Pipeline& p, std::vector<std::string>& names) {
  for (const auto& cmd : p.commands) {
    if (std::holds_alternative<ast::GenericCommand>(cmd.body)) names.push_back(cmd.name);
    std::visit(
        [&](const auto& body) {
          if constexpr (requires { body.subsearch; })
            if (body.subsearch) collect_generic(*body.subsearch, names);
        },
        cmd.body);
  }
}

}  // namespace detail

// Loads macros.jsonl (name, args, definition) into `table`; returns the number of bad lines.
inline std::size_t load_macros(const std::string& path, MacroTable& table) {
  std::ifstream in(path);
  std::string line;
  std::size_t bad = 0;
  while (std::getline(in, line)) {
    auto obj = detail::Reader(line).object();
    if (!obj) {
      ++bad;
      continue;
    }
    table.add({detail::first(*obj, "name"), (*obj)["args"], detail::first(*obj, "definition")});
  }
  return bad;
}

struct KindCounts {
  std::size_t total = 0, parsed = 0, unsupported = 0, syntax_errors = 0;
  std::map<std::string, std::size_t> unsupported_commands;  // command -> searches using it
};

struct Report {
  std::map<std::string, KindCounts> kinds;
  std::map<std::string, std::size_t> error_messages;        // message (without position) -> count
  std::map<std::string, std::string> error_examples;        // message -> "id: rendered error"
  std::size_t bad_lines = 0;
};

// Parses each search; `on_each` (optional) sees every result.
inline Report run(const std::string& queries_path, const MacroTable& macros,
                  const std::function<void(const std::string& id, const ParseResult&)>& on_each = {}) {
  Report report;
  std::ifstream in(queries_path);
  std::string line;
  while (std::getline(in, line)) {
    auto obj = detail::Reader(line).object();
    if (!obj) {
      ++report.bad_lines;
      continue;
    }
    const std::string kind = detail::first(*obj, "kind");
    const std::string id = detail::first(*obj, "id");
    const ParseResult result = parse_query(detail::first(*obj, "spl"), &macros);
    if (on_each) on_each(id, result);
    KindCounts& counts = report.kinds[kind];
    ++counts.total;
    if (result.pipeline) {
      std::vector<std::string> generic;
      detail::collect_generic(*result.pipeline, generic);
      if (generic.empty()) {
        ++counts.parsed;
      } else {
        ++counts.unsupported;
        std::sort(generic.begin(), generic.end());
        generic.erase(std::unique(generic.begin(), generic.end()), generic.end());
        for (const auto& name : generic) ++counts.unsupported_commands[name];
      }
    } else {
      ++counts.syntax_errors;
      std::string message = result.error->message;
      ++report.error_messages[message];
      if (!report.error_examples.count(message))
        report.error_examples[message] = id + ": " + result.error->render(result.expanded);
    }
  }
  return report;
}

// ------------------------------------------------------------------ the corpus lookups as an app

struct AppSummary {
  std::size_t declared = 0;   // transforms.conf stanzas written
  std::size_t csv_files = 0;  // CSV files copied into lookups/
  std::size_t kvstore = 0;    // declarations of kvstore collections (no file)
};

namespace detail {

// Top-level `key: value` lines of a simple YAML file (quotes removed; nested lines ignored).
inline std::map<std::string, std::string> yaml_top_level(const std::string& path) {
  std::map<std::string, std::string> out;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#' || line[0] == '-') continue;
    auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 2);
    while (!value.empty() && value.back() == ' ') value.pop_back();
    if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') && value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    out[line.substr(0, colon)] = value;
  }
  return out;
}

}  // namespace detail

// Turns ../shared/corpus/security_content_lookups (NAME.yml declarations beside NAME.csv tables)
// into a Splunk app in `app_dir`: default/transforms.conf and lookups/*.csv.
inline AppSummary make_lookup_app(const std::string& lookups_dir, const std::string& app_dir) {
  namespace fs = std::filesystem;
  AppSummary summary;
  fs::create_directories(fs::path(app_dir) / "default");
  fs::create_directories(fs::path(app_dir) / "lookups");
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(lookups_dir)) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  std::string transforms;
  for (const auto& file : files) {
    if (file.extension() == ".csv") {
      std::error_code ec;
      fs::copy_file(file, fs::path(app_dir) / "lookups" / file.filename(), fs::copy_options::overwrite_existing, ec);
      if (!ec) ++summary.csv_files;
      continue;
    }
    if (file.extension() != ".yml") continue;
    auto yaml = detail::yaml_top_level(file.string());
    if (yaml["name"].empty()) continue;
    transforms += "[" + yaml["name"] + "]\n";
    if (!yaml["collection"].empty()) {
      transforms += "external_type = kvstore\ncollection = " + yaml["collection"] + "\n";
      ++summary.kvstore;
    }
    for (const char* key : {"filename", "match_type", "case_sensitive_match", "min_matches", "max_matches",
                            "default_match", "fields_list"})
      if (yaml.count(key) && !yaml[key].empty()) transforms += std::string(key) + " = " + yaml[key] + "\n";
    transforms += "\n";
    ++summary.declared;
  }
  std::ofstream(fs::path(app_dir) / "default" / "transforms.conf") << transforms;
  return summary;
}

namespace detail {

inline void collect_lookups(const ast::Pipeline& p, std::vector<const ast::LookupCommand*>& out) {
  for (const auto& cmd : p.commands) {
    if (const auto* l = std::get_if<ast::LookupCommand>(&cmd.body)) out.push_back(l);
    const ast::PipelinePtr* sub = nullptr;
    if (const auto* j = std::get_if<ast::JoinCommand>(&cmd.body)) sub = &j->subsearch;
    if (const auto* a = std::get_if<ast::AppendCommand>(&cmd.body)) sub = &a->subsearch;
    if (const auto* a = std::get_if<ast::AppendpipeCommand>(&cmd.body)) sub = &a->subsearch;
    if (sub && *sub) collect_lookups(**sub, out);
  }
}

}  // namespace detail

// Empty stand-ins for the lookup tables the searches name but the corpus does not ship (the
// ThreatHunting app's `*_whitelist` tables, filled in by each user): a header made of the fields
// the lookup commands read and write, no rows, declared in app_dir/local/transforms.conf. With
// them, a search that only enriches through such a table runs to the end; the corpus run reports
// how many searches needed one. Returns the names of the tables made.
inline std::vector<std::string> add_stand_in_tables(const std::vector<std::string>& searches, const MacroTable& macros,
                                                    const std::string& app_dir,
                                                    const std::function<bool(const std::string&)>& known) {
  namespace fs = std::filesystem;
  std::map<std::string, std::vector<std::string>> columns;  // table -> header, in first-seen order
  for (const std::string& spl : searches) {
    ParseResult parsed = parse_query(spl, &macros);
    if (!parsed.pipeline) continue;
    std::vector<const ast::LookupCommand*> lookups;
    detail::collect_lookups(*parsed.pipeline, lookups);
    for (const ast::LookupCommand* l : lookups) {
      if (known(l->table)) continue;
      auto& header = columns[l->table];
      auto add = [&](const std::string& f) {
        if (std::find(header.begin(), header.end(), f) == header.end()) header.push_back(f);
      };
      for (const auto& k : l->keys) add(k.from);
      for (const auto& o : l->outputs) add(o.from);
    }
  }
  fs::create_directories(fs::path(app_dir) / "local");
  fs::create_directories(fs::path(app_dir) / "lookups");
  std::ofstream transforms(fs::path(app_dir) / "local" / "transforms.conf", std::ios::app);
  std::vector<std::string> made;
  for (const auto& [table, header] : columns) {
    if (table.find('/') != std::string::npos || table.find("..") != std::string::npos) continue;
    const std::string file = table.ends_with(".csv") ? table : table + ".csv";
    std::ofstream csv(fs::path(app_dir) / "lookups" / file);
    for (std::size_t i = 0; i < header.size(); ++i) csv << (i ? "," : "") << header[i];
    csv << "\n";
    if (!table.ends_with(".csv")) transforms << "[" << table << "]\nfilename = " << file << "\n\n";
    made.push_back(table);
  }
  return made;
}

}  // namespace spelunk::corpus
