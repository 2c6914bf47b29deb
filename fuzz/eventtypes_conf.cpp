// Feeds eventtypes.conf ([name] stanzas with `search = ...`, eventtypes naming other eventtypes,
// macros in searches), then computes the `eventtype` field over a small store and the tags of a
// tags.conf keyed on eventtype, so that every search read is parsed, expanded and matched.
#include <memory>

#include "evaluator/command.hpp"
#include "evaluator/eval.hpp"
#include "evaluator/knowledge/conf_file.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"
#include "fuzz/small_store.hpp"

namespace {

// Macros an eventtype search may call: CIM's empty index macro, one with an argument, one that
// names an eventtype (a cycle when that eventtype calls it back).
std::shared_ptr<const spelunk::MacroTable> macros() {
  static const auto table = [] {
    auto t = std::make_shared<spelunk::MacroTable>();
    t->add({"cim_Endpoint_indexes", {}, "()"});
    t->add({"sysmon", {}, "source=\"*Sysmon*\""});
    t->add({"code", {"c"}, "EventCode=$c$"});
    t->add({"et", {}, "eventtype=a"});
    return std::shared_ptr<const spelunk::MacroTable>(std::move(t));
  }();
  return table;
}

const spelunk::ConfFile& tags_by_eventtype() {
  static const spelunk::ConfFile conf = [] {
    std::vector<std::string> problems;
    return spelunk::ConfFile::parse("[eventtype=a]\nprocess = enabled\n[eventtype=b*]\nnetwork = enabled\n",
                                    "tags.conf", problems);
  }();
  return conf;
}

}  // namespace

SPELUNK_FUZZ_HARNESS(eventtypes_conf) {
  std::vector<std::string> problems;
  const spelunk::ConfFile conf =
      spelunk::ConfFile::parse(spelunk::fuzz::as_text(data, size), "eventtypes.conf", problems);
  spelunk::Knowledge knowledge;
  knowledge.set_search_macros(macros());
  (void)knowledge.load_eventtypes(conf);
  (void)knowledge.load_tags(tags_by_eventtype());
  for (const char* field : {"eventtype", "tag", "tag::eventtype"}) {
    try {
      (void)spelunk::fuzz::read_every_row(knowledge.column(spelunk::fuzz::small_store(), field));
    } catch (const spelunk::QueryError&) {
    } catch (const spelunk::EvalError&) {
    }
  }
}
