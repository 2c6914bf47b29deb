// spelunk's own app folder (conf/ in the source tree: default/props.conf, eventtypes.conf,
// tags.conf, macros.conf, data/models/*.json), built into the binary by cmake/embed_conf.cmake so
// that it is found wherever spelunk runs. Setting SPELUNK_CONF_DIR reads that folder instead (to
// try edits without a rebuild).
#pragma once

#include <string_view>
#include <vector>

namespace spelunk::cli {

struct ShippedFile {
  std::string_view path;  // relative to conf/: "default/props.conf"
  std::string_view text;
};

const std::vector<ShippedFile>& shipped_conf_files();

}  // namespace spelunk::cli
