// A Splunk app folder given with `--conf DIR`: DIR/default/*.conf, then DIR/local/*.conf (local
// wins key by key), and DIR/lookups/*.csv. A flat DIR/NAME.conf (the older `.conf DIR` layout)
// is read first, as if it were in default/. What is read:
//   props.conf       calculated fields, after the shipped conf/props.conf
//   transforms.conf  CSV lookup declarations (evaluator/knowledge/lookup_table.hpp)
//   macros.conf      search macros
//   lookups/         the lookup CSV files
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "evaluator/knowledge/conf_file.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "parser/parser.hpp"

namespace spelunk::cli {

// NAME.conf of the app, its layers merged; nullopt when the app has none.
std::optional<ConfFile> app_conf(const std::string& dir, const std::string& name, std::vector<std::string>& problems);

// props.conf, transforms.conf and lookups/ into `knowledge`; returns the problems met.
std::vector<std::string> load_app_knowledge(const std::string& dir, Knowledge& knowledge);
// macros.conf into `macros`; returns the problems met.
std::vector<std::string> load_app_macros(const std::string& dir, MacroTable& macros);
// A problem when DIR is not a folder or holds nothing this engine reads; nullopt when usable.
std::optional<std::string> check_app_dir(const std::string& dir);

}  // namespace spelunk::cli
