// Splunk's own content format (splunk/security_content, tested by contentctl), read into plain
// structs: one YAML file per detection (`search:`, `tests:`), per macro (`macros/*.yml`) and per
// lookup (`lookups/*.yml` beside its CSV). The only file that includes yaml-cpp.
//
// Every problem is "file:line: what is wrong" (lines 1-based, from yaml-cpp's marks). A file that
// is not YAML, or a detection without a usable `search:`, yields no detection but its problem; a
// bad `tests:` entry spoils that test only (TestSpec::problem).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "evaluator/knowledge/conf_file.hpp"

namespace spelunk::cli::contentctl {

// One `attack_data:` entry: the file contentctl replays into Splunk, and the metadata it sets.
struct AttackDataSpec {
  std::string data;        // as written: a URL or a path
  std::string source;
  std::string sourcetype;
  bool update_timestamp = false;  // older contentctl moved the events' times to the present
  std::size_t line = 0;
};

// One `tests:` entry.
struct TestSpec {
  std::string name;
  std::size_t line = 0;
  std::vector<AttackDataSpec> attack_data;
  std::string problem;  // "file:line: ..." when the entry itself is malformed
};

struct DetectionSpec {
  std::string file;
  std::string name, id, status, type;
  std::string search;
  std::size_t search_line = 0;  // where the search text starts
  // Fields every result row must carry (contentctl): `rba: risk_objects[].field`, or in the older
  // layout `tags: observable[]` entries whose role includes Victim; threat objects likewise
  // (`rba: threat_objects[].field`, or observables with role Attacker).
  std::vector<std::string> risk_object_fields, threat_object_fields;
  std::optional<std::string> manual_test;  // `tags: manual_test:` (the reason)
  std::vector<TestSpec> tests;
};

struct DetectionRead {
  std::optional<DetectionSpec> detection;  // nullopt: the file cannot be used at all
  std::vector<std::string> problems;       // "file:line: ..."
};

// Reads one detection file (bounded to a few MB: detections are small).
DetectionRead read_detection(const std::string& path);
DetectionRead parse_detection(const std::string& text, const std::string& path);

// `macros/NAME.yml`: name, definition, arguments.
struct MacroSpec {
  std::string name, definition;
  std::vector<std::string> arguments;
  std::string origin;  // file:line
};
std::optional<MacroSpec> read_macro(const std::string& path, std::vector<std::string>& problems);

// `lookups/NAME.yml`: the keys of a transforms.conf stanza (filename, match_type,
// case_sensitive_match, min_matches, max_matches, default_match, collection, ...) as a ConfStanza
// named after `name`, each key's origin its file:line.
std::optional<ConfStanza> read_lookup(const std::string& path, std::vector<std::string>& problems);

}  // namespace spelunk::cli::contentctl
