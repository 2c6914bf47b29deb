// Feeds props.conf (FIELDALIAS- and EVAL- calculated fields, [source::...] / [host::...] /
// sourcetype stanzas with wildcards), then computes every calculated field it defines over a
// small store, so that the aliases and EVAL expressions it holds are run, not only parsed.
#include <memory>

#include "evaluator/command.hpp"
#include "evaluator/eval.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"

namespace {

std::shared_ptr<const spelunk::Store> events() {
  static const std::shared_ptr<const spelunk::Store> store = [] {
    spelunk::StoreBuilder b;
    const char* rows[][5] = {
        {"XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "XmlWinEventLog", "WS1",
         "C:\\Windows\\System32\\cmd.exe", "1"},
        {"XmlWinEventLog:Security", "XmlWinEventLog", "DC1", "", "4624"},
        {"WinEventLog:System", "WinEventLog", "SRV-2", "C:\\x\\a b.exe", "7045"},
    };
    for (const auto& r : rows) {
      b.begin_event();
      b.set("source", r[0]);
      b.set("sourcetype", r[1]);
      b.set("host", r[2]);
      if (*r[3]) b.set("Image", r[3]);
      b.set("EventCode", r[4]);
      b.append(b.field("Data"), "a");
      b.append(b.field("Data"), "b");
      b.set_raw("<Event/>");
      b.end_event();
    }
    return std::make_shared<const spelunk::Store>(b.finish());
  }();
  return store;
}

}  // namespace

SPELUNK_FUZZ_HARNESS(props_conf) {
  spelunk::Knowledge knowledge;
  (void)knowledge.load_props_text(spelunk::fuzz::as_text(data, size), "props.conf");
  for (const std::string& field : knowledge.calculated_field_names()) {
    try {
      if (const spelunk::Column* c = knowledge.column(events(), field))
        for (std::size_t row = 0; row < c->rows(); ++row) (void)c->values(row);
    } catch (const spelunk::QueryError&) {
    } catch (const spelunk::EvalError&) {
    }
  }
}
