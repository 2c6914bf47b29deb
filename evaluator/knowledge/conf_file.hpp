// A Splunk .conf file (props.conf, transforms.conf, macros.conf): `[stanza]` headers, then
// `key = value` lines; `#` starts a comment line; a trailing backslash continues the value on the
// next line. Keys written before the first stanza belong to `[default]`.
//
// Splunk's app layout keeps shipped settings in DIR/default/ and the user's in DIR/local/; local
// wins key by key (ConfFile::merge), which is why the files are parsed into stanzas here rather
// than applied line by line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spelunk {

struct ConfStanza {
  std::string name;
  std::vector<std::pair<std::string, std::string>> entries;  // file order; keys unique
  std::string origin;                                        // "file:line" of the header
  std::vector<std::string> origins;                          // "file:line" of each entry

  const std::string* get(std::string_view key) const;
  // Replaces the key's value (and origin) or appends it.
  void set(std::string key, std::string value, std::string origin = {});
};

class ConfFile {
 public:
  // Parses `text`; lines not understood go into `problems` as "origin:line: ...".
  static ConfFile parse(std::string_view text, const std::string& origin, std::vector<std::string>& problems);
  // Reads and parses a file; nullopt (and a problem) when it cannot be read.
  static std::optional<ConfFile> read(const std::string& path, std::vector<std::string>& problems);

  // Layers `over` on top: its keys replace ours stanza by stanza, its new stanzas are appended.
  void merge(const ConfFile& over);

  const std::vector<ConfStanza>& stanzas() const { return stanzas_; }
  const ConfStanza* find(std::string_view name) const;
  bool empty() const { return stanzas_.empty(); }

 private:
  ConfStanza& stanza(const std::string& name, const std::string& origin);
  std::vector<ConfStanza> stanzas_;
};

}  // namespace spelunk
