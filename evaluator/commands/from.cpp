// `| from datamodel:<Model>.<Dataset>` (also written `from datamodel <Model>.<Dataset>`): the
// dataset's events with its fields unprefixed, as `datamodel ... flat` gives them (Search
// Reference, from). Other dataset kinds (lookup:, savedsearch:, inputlookup:) are refused by name.
#include "evaluator/commands/commands.hpp"

namespace spelunk::commands {

Result dataset_events(ExecContext& ctx, const std::string& command, const std::string& model_name,
                      const std::string& dataset_name, bool prefixed, const ast::Position& pos);

Result run_from(const ast::Command& cmd, Result, ExecContext& ctx) {
  GenericArgs args = generic_args(cmd);
  if (!args.options.items.empty())
    throw QueryError{"from: option `" + args.options.items[0].first + "` is not supported", cmd.pos};
  std::string target;
  if (args.words.size() == 1 && args.words[0].starts_with("datamodel:")) target = args.words[0].substr(10);
  else if (args.words.size() == 2 && args.words[0] == "datamodel") target = args.words[1];
  else if (!args.words.empty() && args.words[0].find(':') != std::string::npos)
    throw QueryError{"from: dataset type `" + args.words[0].substr(0, args.words[0].find(':')) +
                         "` is not supported (datamodel:<model>.<dataset>)",
                     cmd.pos};
  else
    throw QueryError{"from: expected `datamodel:<model>.<dataset>`", cmd.pos};
  const auto dot = target.find('.');
  if (dot == std::string::npos)
    throw QueryError{"from: name the dataset as datamodel:" + target + ".<dataset>", cmd.pos};
  return dataset_events(ctx, "from", target.substr(0, dot), target.substr(dot + 1), false, cmd.pos);
}

}  // namespace spelunk::commands
