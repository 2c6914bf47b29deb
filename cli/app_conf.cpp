#include "cli/app_conf.hpp"

#include <cstdlib>
#include <filesystem>

namespace spelunk::cli {

namespace fs = std::filesystem;

namespace {

const char* const kConfNames[] = {"props.conf", "transforms.conf", "macros.conf", "limits.conf"};

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
  for (const char* name : kConfNames)
    for (const fs::path& p : {fs::path(dir) / name, fs::path(dir) / "default" / name, fs::path(dir) / "local" / name})
      if (is_file(p)) return std::nullopt;
  return "no props.conf, transforms.conf, macros.conf, limits.conf (in default/ or local/) or lookups/ in " + dir;
}

std::vector<std::string> load_app_knowledge(const std::string& dir, Knowledge& knowledge) {
  std::vector<std::string> problems;
  if (auto props = app_conf(dir, "props.conf", problems)) {
    for (auto& p : knowledge.load_props(*props))
      problems.push_back(std::move(p));
  }
  if (auto transforms = app_conf(dir, "transforms.conf", problems))
    for (auto& p : knowledge.load_transforms(*transforms)) problems.push_back(std::move(p));
  // limits.conf [iplocation] db_path: the MaxMind database iplocation reads (Search Reference,
  // iplocation: "specify the absolute path to the .mmdb file"; a relative one is taken from the app folder).
  if (auto limits = app_conf(dir, "limits.conf", problems))
    if (const ConfStanza* iplocation = limits->find("iplocation"))
      if (const std::string* db = iplocation->get("db_path")) {
        fs::path path = trim(*db);
        knowledge.set_iplocation_db((path.is_absolute() ? path : fs::path(dir) / path).string());
      }
  std::error_code ec;
  if (fs::path lookups = fs::path(dir) / "lookups"; fs::is_directory(lookups, ec)) knowledge.add_lookup_dir(lookups.string());
  return problems;
}

std::vector<std::string> load_app_macros(const std::string& dir, MacroTable& macros) {
  std::vector<std::string> problems;
  auto conf = app_conf(dir, "macros.conf", problems);
  if (!conf) return problems;
  for (const auto& stanza : conf->stanzas()) {
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

}  // namespace spelunk::cli
