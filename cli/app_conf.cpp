#include "cli/app_conf.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <functional>

#include "cli/shipped_conf.hpp"

namespace spelunk::cli {

namespace fs = std::filesystem;

namespace {

const char* const kConfNames[] = {"props.conf", "transforms.conf", "macros.conf", "eventtypes.conf", "tags.conf",
                                  "limits.conf"};

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n')) s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (std::string item = trim(std::string_view(text).substr(start, comma - start)); !item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

}  // namespace

std::optional<ConfFile> app_conf(const std::string& dir, const std::string& name, std::vector<std::string>& problems) {
  std::optional<ConfFile> merged;
  for (const fs::path& p : {fs::path(dir) / name, fs::path(dir) / "default" / name, fs::path(dir) / "local" / name}) {
    if (!is_file(p)) continue;
    auto layer = ConfFile::read(p.string(), problems);
    if (!layer) continue;
    if (merged) merged->merge(*layer);
    else merged = std::move(layer);
  }
  return merged;
}

std::optional<std::string> check_app_dir(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return "not a folder: " + dir;
  if (fs::is_directory(fs::path(dir) / "lookups", ec)) return std::nullopt;
  if (fs::is_directory(fs::path(dir) / "default" / "data" / "models", ec)) return std::nullopt;
  for (const char* name : kConfNames)
    for (const fs::path& p : {fs::path(dir) / name, fs::path(dir) / "default" / name, fs::path(dir) / "local" / name})
      if (is_file(p)) return std::nullopt;
  return "no props.conf, transforms.conf, macros.conf, eventtypes.conf, tags.conf, limits.conf (in default/ or "
         "local/), default/data/models/ or lookups/ in " + dir;
}

namespace {

// An app's files, wherever they live (a folder, or built into the binary).
struct AppFiles {
  std::function<std::optional<ConfFile>(const std::string& name, std::vector<std::string>& problems)> conf;
  std::function<std::vector<std::pair<std::string, std::string>>()> models;  // (origin, JSON text)
  std::string lookups_dir;                                                    // empty: none
  std::string dir;  // the app folder, for relative paths (limits.conf db_path); empty when built in
};

std::vector<std::string> load_knowledge(const AppFiles& app, Knowledge& knowledge) {
  std::vector<std::string> problems;
  auto add = [&](std::vector<std::string> more) {
    for (auto& p : more) problems.push_back(std::move(p));
  };
  if (auto props = app.conf("props.conf", problems)) add(knowledge.load_props(*props));
  if (auto transforms = app.conf("transforms.conf", problems)) add(knowledge.load_transforms(*transforms));
  if (auto eventtypes = app.conf("eventtypes.conf", problems)) add(knowledge.load_eventtypes(*eventtypes));
  if (auto tags = app.conf("tags.conf", problems)) add(knowledge.load_tags(*tags));
  for (const auto& [origin, json] : app.models()) add(knowledge.load_datamodel_json(json, origin));
  // limits.conf [iplocation] db_path: the MaxMind database iplocation reads (Search Reference,
  // iplocation: "specify the absolute path to the .mmdb file"; a relative one is taken from the app folder).
  if (auto limits = app.conf("limits.conf", problems))
    if (const ConfStanza* iplocation = limits->find("iplocation"))
      if (const std::string* db = iplocation->get("db_path")) {
        fs::path path = trim(*db);
        knowledge.set_iplocation_db((path.is_absolute() || app.dir.empty() ? path : fs::path(app.dir) / path).string());
      }
  if (!app.lookups_dir.empty()) knowledge.add_lookup_dir(app.lookups_dir);
  return problems;
}

std::vector<std::string> load_macros(const ConfFile& conf, MacroTable& macros) {
  std::vector<std::string> problems;
  for (const auto& stanza : conf.stanzas()) {
    std::string name = stanza.name;
    std::size_t arity = 0;
    if (auto open = name.find('('); open != std::string::npos && name.back() == ')') {
      arity = std::strtoul(name.c_str() + open + 1, nullptr, 10);
      name = trim(std::string_view(name).substr(0, open));
    }
    const std::string* definition = stanza.get("definition");
    if (!definition) continue;  // [default] and stanzas without a definition define nothing
    std::vector<std::string> args;
    if (const std::string* a = stanza.get("args")) args = split_commas(*a);
    if (args.size() != arity) {
      problems.push_back(stanza.origin + ": macro " + name + " declares " + std::to_string(arity) +
                         " arguments but args lists " + std::to_string(args.size()));
      continue;
    }
    macros.add({name, std::move(args), *definition});
  }
  return problems;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

AppFiles folder_app(const std::string& dir) {
  AppFiles app;
  app.dir = dir;
  app.conf = [dir](const std::string& name, std::vector<std::string>& problems) { return app_conf(dir, name, problems); };
  app.models = [dir] {
    // Splunk's layout: default/data/models/<Model>.json; a local/ file of the same name replaces it.
    std::map<std::string, fs::path> files;
    for (const char* layer : {"default", "local"}) {
      std::error_code ec;
      fs::path folder = fs::path(dir) / layer / "data" / "models";
      if (!fs::is_directory(folder, ec)) continue;
      for (const auto& entry : fs::directory_iterator(folder, ec))
        if (entry.path().extension() == ".json") files[entry.path().filename().string()] = entry.path();
    }
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, path] : files) out.emplace_back(path.string(), read_text(path));
    return out;
  };
  std::error_code ec;
  if (fs::path lookups = fs::path(dir) / "lookups"; fs::is_directory(lookups, ec)) app.lookups_dir = lookups.string();
  return app;
}

AppFiles built_in_app() {
  AppFiles app;
  app.conf = [](const std::string& name, std::vector<std::string>& problems) -> std::optional<ConfFile> {
    for (const auto& f : shipped_conf_files())
      if (f.path == "default/" + name) return ConfFile::parse(f.text, "conf/" + std::string(f.path), problems);
    return std::nullopt;
  };
  app.models = [] {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& f : shipped_conf_files())
      if (f.path.starts_with("default/data/models/") && f.path.ends_with(".json"))
        out.emplace_back("conf/" + std::string(f.path), std::string(f.text));
    return out;
  };
  return app;
}

}  // namespace

std::vector<std::string> load_app_knowledge(const std::string& dir, Knowledge& knowledge) {
  return load_knowledge(folder_app(dir), knowledge);
}

std::vector<std::string> load_app_macros(const std::string& dir, MacroTable& macros) {
  std::vector<std::string> problems;
  auto conf = app_conf(dir, "macros.conf", problems);
  if (!conf) return problems;
  for (auto& p : load_macros(*conf, macros)) problems.push_back(std::move(p));
  return problems;
}

std::vector<std::string> load_shipped_app(Knowledge& knowledge, MacroTable* macros) {
  if (const char* dir = std::getenv("SPELUNK_CONF_DIR"); dir && *dir) {
    std::vector<std::string> problems = load_app_knowledge(dir, knowledge);
    if (macros)
      for (auto& p : load_app_macros(dir, *macros)) problems.push_back(std::move(p));
    return problems;
  }
  AppFiles app = built_in_app();
  std::vector<std::string> problems = load_knowledge(app, knowledge);
  if (macros)
    if (auto conf = app.conf("macros.conf", problems))
      for (auto& p : load_macros(*conf, *macros)) problems.push_back(std::move(p));
  return problems;
}

std::vector<std::string> load_all_knowledge(Knowledge& knowledge, MacroTable& macros,
                                            const std::vector<std::string>& props_files,
                                            const std::vector<std::string>& conf_dirs,
                                            const contentctl::ContentDirs& content) {
  std::vector<std::string> problems = load_shipped_app(knowledge, &macros);
  for (const auto& p : props_files) {
    if (!fs::exists(p)) {
      problems.push_back("props file not found: " + p);
      continue;
    }
    for (auto& problem : knowledge.load_props_file(p)) problems.push_back(std::move(problem));
  }
  for (auto& p : contentctl::load_content_dirs(content, knowledge, macros)) problems.push_back(std::move(p));
  for (const auto& dir : conf_dirs) {
    if (auto problem = check_app_dir(dir)) {
      problems.push_back("--conf: " + *problem);
      continue;
    }
    for (auto& p : load_app_knowledge(dir, knowledge)) problems.push_back(std::move(p));
    for (auto& p : load_app_macros(dir, macros)) problems.push_back(std::move(p));
  }
  knowledge.set_search_macros(std::make_shared<MacroTable>(macros));
  return problems;
}

}  // namespace spelunk::cli
