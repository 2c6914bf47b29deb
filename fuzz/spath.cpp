// Feeds spath's paths and documents: the first line of the input is a location path
// (`Event.System.Provider{@Name}`, `a.b{}.c`), the rest a JSON or XML document. Runs what spath,
// fromjson and xmlkv run: the path parser, extraction at the path, and every extraction mode.
#include "evaluator/structured.hpp"
#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"

SPELUNK_FUZZ_HARNESS(spath) {
  const std::string_view input = spelunk::fuzz::as_text(data, size);
  const std::size_t eol = input.find('\n');
  const std::string_view path_text = input.substr(0, eol);
  const std::string_view document = eol == std::string_view::npos ? "" : input.substr(eol + 1);
  static spelunk::structured::Extractor extractor;
  std::string error;
  if (auto path = spelunk::structured::parse_path(path_text, error))
    (void)extractor.extract(document, *path);
  (void)extractor.extract_all(document);
  (void)extractor.extract_top_level(document);
  (void)extractor.extract_xml_leaves(document);
}
