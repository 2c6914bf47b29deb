// Command name -> implementation. One line per command (aliases too).
#include "evaluator/commands/commands.hpp"

namespace spelunk {

const std::map<std::string, CommandFn>& command_registry() {
  using namespace commands;
  static const std::map<std::string, CommandFn> registry = {
      {"fields", run_fields},
      {"head", run_head},
      {"search", run_search},
      {"table", run_table},
      {"noop", run_noop},
      {"stats", run_stats},
      {"eventstats", run_eventstats},
      {"streamstats", run_streamstats},
      {"rename", run_rename},
      {"sort", run_sort},
      {"tail", run_tail},
      {"reverse", run_reverse},
      {"dedup", run_dedup},
      {"top", run_top},
      {"rare", run_top},
      {"fillnull", run_fillnull},
      {"mvexpand", run_mvexpand},
      {"makeresults", run_makeresults},
      {"bin", run_bin},
      {"bucket", run_bin},
      {"discretize", run_bin},
      {"timechart", run_timechart},
      {"eval", run_eval},
      {"where", run_where},
      {"collect", run_collect},
      {"append", run_append},
      {"appendpipe", run_appendpipe},
      {"join", run_join},
      {"transaction", run_transaction},
      {"rex", run_rex},
      {"regex", run_regex},
      {"convert", run_convert},
      {"spath", run_spath},
      {"xmlkv", run_xmlkv},
      {"fromjson", run_fromjson},
      {"makemv", run_makemv},
      {"foreach", run_foreach},
      {"map", run_map},
      {"replace", run_replace},
      {"addtotals", run_addtotals},
      {"lookup", run_lookup},
      {"inputlookup", run_inputlookup},
      {"outputlookup", run_outputlookup},
      {"tstats", run_tstats},
      {"datamodel", run_datamodel},
      {"from", run_from},
  };
  return registry;
}

}  // namespace spelunk
