// Feeds props.conf (FIELDALIAS- and EVAL- calculated fields, [source::...] / [host::...] /
// sourcetype stanzas with wildcards), then computes every calculated field it defines over a
// small store, so that the aliases and EVAL expressions it holds are run, not only parsed.
#include "evaluator/command.hpp"
#include "evaluator/eval.hpp"
#include "evaluator/knowledge/knowledge.hpp"
#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"
#include "fuzz/small_store.hpp"

SPELUNK_FUZZ_HARNESS(props_conf) {
  spelunk::Knowledge knowledge;
  (void)knowledge.load_props_text(spelunk::fuzz::as_text(data, size), "props.conf");
  for (const std::string& field : knowledge.calculated_field_names()) {
    try {
      (void)spelunk::fuzz::read_every_row(knowledge.column(spelunk::fuzz::small_store(), field));
    } catch (const spelunk::QueryError&) {
    } catch (const spelunk::EvalError&) {
    }
  }
}
