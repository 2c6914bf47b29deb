// A detection repository in Splunk's own layout (splunk/security_content):
//
//   <root>/detections/<area>/<detection>.yml
//   <root>/macros/<macro>.yml          name, definition, arguments
//   <root>/lookups/<lookup>.yml        a transforms.conf stanza as YAML, beside <lookup>.csv
//
// A detection's root is found by walking up from its file; macros and lookups may also be given
// as folders of their own (`--macros DIR`, `--lookups DIR`) for layouts that keep them apart.
#pragma once

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "evaluator/knowledge/knowledge.hpp"
#include "parser/parser.hpp"

namespace spelunk::cli::contentctl {

// Folders of macro and lookup YAML files, loaded in order (a later definition of a name wins).
struct ContentDirs {
  std::vector<std::string> macro_dirs, lookup_dirs;
  bool empty() const { return macro_dirs.empty() && lookup_dirs.empty(); }
  bool operator<(const ContentDirs& o) const {
    return std::tie(macro_dirs, lookup_dirs) < std::tie(o.macro_dirs, o.lookup_dirs);
  }
};

// The repository root of a detection file: the parent of the nearest enclosing `detections/`
// folder; without one, the nearest folder above the file that holds `macros/` or `lookups/`.
std::optional<std::string> find_repository_root(const std::string& detection_file);
// The root's `macros/` and `lookups/` (those that exist).
ContentDirs content_dirs_of_root(const std::string& root);

// Every `*.yml` / `*.yaml` of `dir` (sorted) into `macros`; returns the problems ("file:line: ...").
std::vector<std::string> load_yaml_macros(const std::string& dir, MacroTable& macros);
// Every lookup declared by a `*.yml` of `dir` (transforms.conf semantics), and `dir` as a folder
// of lookup tables (its CSV files); returns the problems.
std::vector<std::string> load_yaml_lookups(const std::string& dir, Knowledge& knowledge);
// Both, for every folder of `dirs`.
std::vector<std::string> load_content_dirs(const ContentDirs& dirs, Knowledge& knowledge, MacroTable& macros);

}  // namespace spelunk::cli::contentctl
