// `lookup [local=t] [update=t] NAME field [AS event_field] ... [OUTPUT|OUTPUTNEW out [AS dest] ...]`
// (R8.19). A lookup row matches when, for every key, its cell matches a value of the event field
// (each value of a multi-value is looked up; exact, WILDCARD or CIDR per transforms.conf, case-
// sensitive unless case_sensitive_match = false). Up to max_matches rows (file order) give the
// outputs, several rows a multi-value (empty cells skipped); fewer than min_matches rows add
// default_match until there are min_matches values. Without an OUTPUT clause every column but the
// keys is output. OUTPUT replaces the destination (a row that matched nothing loses it);
// OUTPUTNEW fills only destinations the row has no value for. A row missing a key field is left
// as it is.
//
// Matching is decided once per distinct input (per dictionary code when the key reads a store
// column), not once per event.
#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "evaluator/commands/commands.hpp"
#include "evaluator/knowledge/knowledge.hpp"

namespace spelunk::commands {

namespace {

struct Key {
  int input_col = -1;
  LookupMatcher matcher;
};

struct Output {
  std::size_t lookup_col = 0;
  std::string dest;
};

constexpr std::size_t kProblemsShown = 3;

void report_table_problems(const LookupTable& table, const ExecContext& ctx) {
  for (std::size_t i = 0; i < table.problems.size() && i < kProblemsShown; ++i) ctx.warn("lookup: " + table.problems[i]);
  if (table.problems.size() > kProblemsShown)
    ctx.warn("lookup: " + table.path + ": " + std::to_string(table.problems.size() - kProblemsShown) +
             " more malformed row(s)");
}

std::string columns_text(const LookupTable& table) {
  std::string out;
  for (const auto& h : table.header) out += (out.empty() ? "" : ", ") + h;
  return out;
}

// Decides, for one set of input values, the output values of every output field.
class LookupEngine {
 public:
  LookupEngine(const Knowledge::ResolvedLookup& lookup, const std::vector<Key>& keys, const std::vector<Output>& outputs)
      : lookup_(lookup), keys_(keys), outputs_(outputs) {}

  // values[k]: the values of key k's event field (none: the key cannot match).
  std::vector<Value> outputs_for(const std::vector<std::vector<std::string>>& values) const {
    std::vector<std::uint32_t> rows;
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      std::vector<std::uint32_t> hits;
      for (const auto& v : values[k]) {
        auto more = keys_[k].matcher.rows_matching(v);
        hits.insert(hits.end(), more.begin(), more.end());
      }
      std::sort(hits.begin(), hits.end());
      hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
      if (k == 0) {
        rows = std::move(hits);
      } else {
        std::vector<std::uint32_t> both;
        std::set_intersection(rows.begin(), rows.end(), hits.begin(), hits.end(), std::back_inserter(both));
        rows = std::move(both);
      }
      if (rows.empty()) break;
    }
    const LookupDefinition& def = lookup_.definition;
    if (rows.size() > def.max_matches) rows.resize(def.max_matches);
    std::vector<Value> out;
    out.reserve(outputs_.size());
    for (const auto& o : outputs_) {
      std::vector<std::string> cells;
      for (auto r : rows)
        if (const std::string& cell = lookup_.table->rows[r][o.lookup_col]; !cell.empty()) cells.push_back(cell);
      for (std::size_t n = rows.size(); n < def.min_matches; ++n) cells.push_back(def.default_match);
      out.push_back(Value::list(std::move(cells)));
    }
    return out;
  }

 private:
  const Knowledge::ResolvedLookup& lookup_;
  const std::vector<Key>& keys_;
  const std::vector<Output>& outputs_;
};

std::vector<Output> choose_outputs(const ast::LookupCommand& lk, const LookupTable& table,
                                   const std::vector<int>& key_cols, const ExecContext& ctx) {
  std::vector<Output> outputs;
  if (lk.mode == ast::LookupCommand::Mode::All) {
    for (std::size_t c = 0; c < table.header.size(); ++c)
      if (std::find(key_cols.begin(), key_cols.end(), static_cast<int>(c)) == key_cols.end() && !table.header[c].empty())
        outputs.push_back({c, table.header[c]});
    return outputs;
  }
  for (const auto& o : lk.outputs) {
    int col = table.column(o.from);
    if (col < 0) {
      ctx.warn("lookup `" + lk.table + "`: no column `" + o.from + "` in " + table.path + " (columns: " +
               columns_text(table) + ")");
      continue;
    }
    outputs.push_back({static_cast<std::size_t>(col), o.to.empty() ? o.from : o.to});
  }
  return outputs;
}

// The distinct answers and, per row, which one applies (-1: a key field is missing, the row is
// left alone).
struct Answers {
  std::vector<std::vector<Value>> values;  // per answer: one Value per output
  std::vector<std::int32_t> slot;          // per row
};

// One key read from the store: decided once per dictionary code (a multi-value has its own code).
Answers answers_by_code(const Result& input, const Column& column, const LookupEngine& engine) {
  Answers out;
  out.slot.assign(input.size(), -1);
  std::unordered_map<Code, std::int32_t> by_code;
  const auto& event_rows = input.event_rows();
  for (std::size_t row = 0; row < input.size(); ++row) {
    const Code code = column.code(event_rows[row]);
    if (code == kAbsent) continue;
    auto [it, fresh] = by_code.try_emplace(code, static_cast<std::int32_t>(out.values.size()));
    if (fresh) {
      std::vector<std::string> values;
      for (Code c : column.values(event_rows[row])) values.emplace_back(column.dict().value(c));
      out.values.push_back(engine.outputs_for({values}));
    }
    out.slot[row] = it->second;
  }
  return out;
}

// Any keys: decided once per distinct combination of their values.
Answers answers_by_value(const Result& input, const std::vector<Key>& keys, const LookupEngine& engine) {
  Answers out;
  out.slot.assign(input.size(), -1);
  std::unordered_map<std::string, std::int32_t> by_key;
  std::vector<std::vector<std::string>> values(keys.size());
  for (std::size_t row = 0; row < input.size(); ++row) {
    std::string cache_key;
    bool missing = false;
    for (std::size_t k = 0; k < keys.size() && !missing; ++k) {
      values[k] = input.get(static_cast<std::size_t>(keys[k].input_col), row).values();
      missing = values[k].empty();
      for (const auto& v : values[k]) cache_key += std::to_string(v.size()) + ':' + v;
      cache_key += '|';
    }
    if (missing) continue;
    auto [it, fresh] = by_key.try_emplace(std::move(cache_key), static_cast<std::int32_t>(out.values.size()));
    if (fresh) out.values.push_back(engine.outputs_for(values));
    out.slot[row] = it->second;
  }
  return out;
}

// OUTPUT replaces each destination; OUTPUTNEW keeps a value the row already has. A destination
// no row has and no answer fills is not created.
void write_outputs(Result& input, const std::vector<Output>& outputs, const Answers& answers, bool only_new) {
  for (std::size_t o = 0; o < outputs.size(); ++o) {
    const int own = input.find(outputs[o].dest);
    std::vector<Value> column(input.size());
    bool any = false;
    for (std::size_t row = 0; row < input.size(); ++row) {
      Value mine = own < 0 ? Value::null() : input.get(static_cast<std::size_t>(own), row);
      const std::int32_t slot = answers.slot[row];
      if (slot < 0 || (only_new && !mine.is_null())) column[row] = std::move(mine);
      else column[row] = answers.values[static_cast<std::size_t>(slot)][o];
      any = any || !column[row].is_null();
    }
    if (own >= 0 || any) input.set_column(outputs[o].dest, std::move(column));
  }
}

}  // namespace

Result run_lookup(const ast::Command& cmd, Result input, ExecContext& ctx) {
  const auto& lk = body_of<ast::LookupCommand>(cmd);
  check_options(cmd, lk.options, {"local", "update"});
  if (!ctx.knowledge) throw QueryError{"lookup `" + lk.table + "`: no lookups are loaded here", cmd.pos};
  option_bool(cmd, lk.options, "local", false);   // accepted; meaningless without peers
  option_bool(cmd, lk.options, "update", false);  // accepted; meaningless without real-time searches
  const Knowledge::ResolvedLookup lookup = ctx.knowledge->lookup(lk.table, cmd.pos);
  const LookupTable& table = *lookup.table;
  report_table_problems(table, ctx);
  if (lk.keys.empty()) throw QueryError{"lookup `" + lk.table + "`: no lookup field given", cmd.pos};

  std::vector<Key> keys;
  std::vector<int> key_cols;
  for (const auto& k : lk.keys) {
    int col = table.column(k.from);
    if (col < 0)
      throw QueryError{"lookup `" + lk.table + "`: no column `" + k.from + "` in " + table.path + " (columns: " +
                           columns_text(table) + ")",
                       cmd.pos};
    key_cols.push_back(col);
    keys.push_back({input.find(k.to.empty() ? k.from : k.to),
                    LookupMatcher(lookup.table, col, lookup.definition.match_type(k.from), lookup.definition.case_sensitive)});
  }
  const std::vector<Output> outputs = choose_outputs(lk, table, key_cols, ctx);
  if (outputs.empty() || input.size() == 0) return input;
  for (const auto& k : keys)
    if (k.input_col < 0) return input;  // no row has this key field: nothing is looked up

  const LookupEngine engine(lookup, keys, outputs);
  const ResultColumn& first = input.columns()[static_cast<std::size_t>(keys[0].input_col)];
  const bool by_code = keys.size() == 1 && first.source == ResultColumn::Source::StoreField && first.store_column;
  const Answers answers = by_code ? answers_by_code(input, *first.store_column, engine) : answers_by_value(input, keys, engine);
  write_outputs(input, outputs, answers, lk.mode == ast::LookupCommand::Mode::OutputNew);
  return input;
}

}  // namespace spelunk::commands
