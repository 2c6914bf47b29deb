// Feeds transforms.conf (lookup stanzas: filename, match_type WILDCARD()/CIDR(), case sensitivity,
// min/max matches, default_match) and, as a lookup file, the same bytes as CSV; then matches a few
// values through every lookup field the stanzas declare, over that table.
#include <memory>

#include "evaluator/knowledge/conf_file.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/knowledge/lookup_table.hpp"
#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"

SPELUNK_FUZZ_HARNESS(transforms_conf) {
  const std::string_view text = spelunk::fuzz::as_text(data, size);
  std::vector<std::string> problems;
  const spelunk::ConfFile conf = spelunk::ConfFile::parse(text, "transforms.conf", problems);
  spelunk::Knowledge knowledge;
  (void)knowledge.load_transforms(conf);
  auto table = std::make_shared<const spelunk::LookupTable>(spelunk::parse_csv_table(text, "t.csv"));
  for (const auto& [name, definition] : knowledge.lookup_definitions()) {
    for (std::size_t column = 0; column < table->header.size() && column < 8; ++column) {
      const std::string& field = table->header[column];
      const spelunk::LookupMatcher matcher(table, static_cast<int>(column),
                                           definition.match_type(field), definition.case_sensitive);
      for (const char* value : {"", "cmd.exe", "10.1.2.3", "C:\\Windows\\cmd.exe", "*", "::1"})
        (void)matcher.rows_matching(value);
    }
  }
}
