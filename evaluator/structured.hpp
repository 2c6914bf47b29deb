// Paths into JSON and XML text, for spath (and xmlkv): Splunk's location paths
// (`a.b{}.c`, `a{2}`, `Event.System.Provider{@Name}`) and the "extract everything" mode.
//
// The text is attacker-controlled: malformed JSON/XML yields nothing (never an exception),
// and nesting deeper than kMaxDepth is not descended into.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace spelunk::structured {

inline constexpr std::size_t kMaxDepth = 100;

// One location step: a name (may be empty: `{}` alone) and its curly-bracket suffixes.
struct Suffix {
  enum class Kind { All, Nth, Attribute } kind = Kind::All;  // {}  {N} (1-based)  {@name}
  std::size_t nth = 0;
  std::string attribute;
};
struct Step {
  std::string name;
  std::vector<Suffix> suffixes;
};
using Path = std::vector<Step>;

// Parses a location path. On bad text returns nullopt and sets `error` to what was expected
// and where (1-based character).
std::optional<Path> parse_path(std::string_view text, std::string& error);

// Extracted fields in first-seen order, each with its values in document order.
using Fields = std::vector<std::pair<std::string, std::vector<std::string>>>;

// Reusable parsers (a simdjson parser keeps its buffers between documents).
class Extractor {
 public:
  Extractor();
  ~Extractor();
  Extractor(const Extractor&) = delete;
  Extractor& operator=(const Extractor&) = delete;

  // The values at `path` (JSON or XML, detected from the first non-blank character).
  std::vector<std::string> extract(std::string_view text, const Path& path);
  // Every path with a value: JSON keys joined by '.', arrays marked `{}`; XML elements joined
  // by '.', attributes as `{@name}`.
  Fields extract_all(std::string_view text);
  // JSON objects only: each top-level key, arrays as one value per element (fromjson).
  Fields extract_top_level(std::string_view text);
  // XML only: every element holding text, by its own tag name (xmlkv).
  Fields extract_xml_leaves(std::string_view text);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spelunk::structured
