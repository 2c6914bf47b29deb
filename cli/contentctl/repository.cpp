#include "cli/contentctl/repository.hpp"

#include <algorithm>
#include <filesystem>

#include "cli/contentctl/detection_yaml.hpp"

namespace spelunk::cli::contentctl {

namespace fs = std::filesystem;

namespace {

bool is_dir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

bool is_yaml(const fs::path& p) { return p.extension() == ".yml" || p.extension() == ".yaml"; }

std::vector<std::string> yaml_files(const std::string& dir) {
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec))
    if (it->is_regular_file(ec) && is_yaml(it->path())) files.push_back(it->path().string());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

std::optional<std::string> find_repository_root(const std::string& detection_file) {
  std::error_code ec;
  fs::path p = fs::absolute(detection_file, ec).lexically_normal();
  if (ec) return std::nullopt;
  // The nearest enclosing detections/ first: its parent is the root whatever else it holds.
  for (fs::path dir = p.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path())
    if (dir.filename() == "detections") return dir.parent_path().string();
  for (fs::path dir = p.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (is_dir(dir / "macros") || is_dir(dir / "lookups")) return dir.string();
    if (dir == dir.root_path()) break;
  }
  return std::nullopt;
}

ContentDirs content_dirs_of_root(const std::string& root) {
  ContentDirs dirs;
  if (is_dir(fs::path(root) / "macros")) dirs.macro_dirs.push_back((fs::path(root) / "macros").string());
  if (is_dir(fs::path(root) / "lookups")) dirs.lookup_dirs.push_back((fs::path(root) / "lookups").string());
  return dirs;
}

std::vector<std::string> load_yaml_macros(const std::string& dir, MacroTable& macros) {
  std::vector<std::string> problems;
  if (!is_dir(dir)) return {"macros: not a folder: " + dir};
  for (const auto& file : yaml_files(dir))
    if (auto m = read_macro(file, problems)) macros.add({m->name, std::move(m->arguments), std::move(m->definition)});
  return problems;
}

std::vector<std::string> load_yaml_lookups(const std::string& dir, Knowledge& knowledge) {
  std::vector<std::string> problems;
  if (!is_dir(dir)) return {"lookups: not a folder: " + dir};
  for (const auto& file : yaml_files(dir))
    if (auto stanza = read_lookup(file, problems))
      for (auto& p : knowledge.declare_lookup(*stanza)) problems.push_back(std::move(p));
  knowledge.add_lookup_dir(dir);  // the CSV tables live beside their declarations
  return problems;
}

std::vector<std::string> load_content_dirs(const ContentDirs& dirs, Knowledge& knowledge, MacroTable& macros) {
  std::vector<std::string> problems;
  for (const auto& d : dirs.macro_dirs)
    for (auto& p : load_yaml_macros(d, macros)) problems.push_back(std::move(p));
  for (const auto& d : dirs.lookup_dirs)
    for (auto& p : load_yaml_lookups(d, knowledge)) problems.push_back(std::move(p));
  return problems;
}

}  // namespace spelunk::cli::contentctl
