// Feeds tags.conf ([field=value] stanzas, quoted values, `tag = enabled|disabled`), then computes
// `tag`, `tag::eventtype` and `tag::<field>` for every field it names over a small store (with
// two eventtypes defined), so that every rule read is matched against real values.
#include <set>
#include <string>

#include "evaluator/command.hpp"
#include "evaluator/eval.hpp"
#include "evaluator/knowledge/conf_file.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"
#include "fuzz/small_store.hpp"

namespace {

const spelunk::ConfFile& eventtypes() {
  static const spelunk::ConfFile conf = [] {
    std::vector<std::string> problems;
    return spelunk::ConfFile::parse(
        "[ms-sysmon-process]\nsearch = source=\"*Sysmon/Operational\" EventCode IN (1, 5)\n"
        "[windows-logon]\nsearch = source=*Security EventCode=4624\n",
        "eventtypes.conf", problems);
  }();
  return conf;
}

void read_field(const spelunk::Knowledge& knowledge, const std::string& field) {
  try {
    (void)spelunk::fuzz::read_every_row(knowledge.column(spelunk::fuzz::small_store(), field));
  } catch (const spelunk::QueryError&) {
  } catch (const spelunk::EvalError&) {
  }
}

}  // namespace

SPELUNK_FUZZ_HARNESS(tags_conf) {
  std::vector<std::string> problems;
  const spelunk::ConfFile conf =
      spelunk::ConfFile::parse(spelunk::fuzz::as_text(data, size), "tags.conf", problems);
  spelunk::Knowledge knowledge;
  (void)knowledge.load_eventtypes(eventtypes());
  (void)knowledge.load_tags(conf);
  read_field(knowledge, "tag");
  std::set<std::string> fields{"eventtype"};
  for (const spelunk::TagRule& rule : knowledge.tag_rules())
    if (fields.size() < 16) fields.insert(rule.field);
  for (const std::string& field : fields) read_field(knowledge, "tag::" + field);
}
