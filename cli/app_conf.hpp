// A Splunk app folder given with `--conf DIR`: DIR/default/*.conf, then DIR/local/*.conf (local
// wins key by key), and DIR/lookups/*.csv. A flat DIR/NAME.conf (the older `.conf DIR` layout)
// is read first, as if it were in default/. What is read:
//   props.conf       calculated fields, after the shipped app's
//   transforms.conf  CSV lookup declarations (evaluator/knowledge/lookup_table.hpp)
//   eventtypes.conf  eventtypes; tags.conf  tags (evaluator/knowledge/eventtypes.cpp, tags.cpp)
//   macros.conf      search macros
//   data/models/*.json  data models, default/ then local/ (a local file replaces the default one)
//   lookups/         the lookup CSV files
// spelunk's own app (conf/ in the source tree, built in: cli/shipped_conf.hpp) is read first.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/contentctl/repository.hpp"
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
// spelunk's own app (built in, or $SPELUNK_CONF_DIR): its knowledge, and its macros when given.
std::vector<std::string> load_shipped_app(Knowledge& knowledge, MacroTable* macros);
// What a search session reads, in order: the shipped app, the props.conf files, a detection
// repository's YAML macros and lookups (`content`), then each app folder (later ones win, so a
// user's app overrides the repository as Splunk's local/ does); their macros into `macros`, which
// the knowledge's own searches (eventtypes, data model constraints) then expand too.
std::vector<std::string> load_all_knowledge(Knowledge& knowledge, MacroTable& macros,
                                            const std::vector<std::string>& props_files,
                                            const std::vector<std::string>& conf_dirs,
                                            const contentctl::ContentDirs& content = {});
// A problem when DIR is not a folder or holds nothing this engine reads; nullopt when usable.
std::optional<std::string> check_app_dir(const std::string& dir);

}  // namespace spelunk::cli
