#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/knowledge/code_key.hpp"
#include "evaluator/knowledge/derived_cache.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <unordered_map>

#include "evaluator/command.hpp"
#include "evaluator/eval.hpp"
#include "evaluator/glob.hpp"
#include "evaluator/store_value.hpp"
#include "evaluator/value.hpp"

namespace spelunk {

// ------------------------------------------------------------------ parsing props.conf

namespace {

// Words of a FIELDALIAS value; double quotes group a name with spaces.
std::vector<std::string> alias_words(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n')) ++i;
    if (i >= text.size()) break;
    std::string word;
    if (text[i] == '"') {
      ++i;
      while (i < text.size() && text[i] != '"') word += text[i++];
      ++i;
    } else {
      while (i < text.size() && text[i] != ' ' && text[i] != '\t' && text[i] != '\n') word += text[i++];
    }
    words.push_back(std::move(word));
  }
  return words;
}

bool parse_aliases(std::string_view value, std::vector<FieldAlias>& out) {
  auto words = alias_words(value);
  if (words.empty() || words.size() % 3 != 0) return false;
  for (std::size_t i = 0; i < words.size(); i += 3) {
    bool as = iequals(words[i + 1], "AS"), asnew = iequals(words[i + 1], "ASNEW");
    if (!as && !asnew) return false;
    out.push_back({words[i], words[i + 2], asnew});
  }
  return true;
}

PropsStanza make_stanza(std::string_view name, std::size_t order) {
  PropsStanza s;
  s.load_order = order;
  if (name.substr(0, 8) == "source::") {
    s.kind = PropsStanza::Kind::Source;
    s.pattern = std::string(name.substr(8));
  } else if (name.substr(0, 6) == "host::") {
    s.kind = PropsStanza::Kind::Host;
    s.pattern = std::string(name.substr(6));
  } else if (name == "default") {
    s.kind = PropsStanza::Kind::Default;
  } else {
    s.kind = PropsStanza::Kind::Sourcetype;
    s.pattern = std::string(name);
  }
  return s;
}

}  // namespace

Knowledge::Knowledge() = default;
Knowledge::~Knowledge() = default;

std::vector<std::string> Knowledge::load_props_text(std::string_view text, const std::string& origin) {
  std::vector<std::string> problems;
  ConfFile conf = ConfFile::parse(text, origin, problems);
  for (auto& p : load_props(conf)) problems.push_back(std::move(p));
  // Syntax problems come from the parse, meaning problems after it: report both in file order.
  auto line_of = [&](const std::string& p) { return std::strtoul(p.c_str() + origin.size() + 1, nullptr, 10); };
  std::stable_sort(problems.begin(), problems.end(),
                   [&](const std::string& a, const std::string& b) { return line_of(a) < line_of(b); });
  return problems;
}

std::vector<std::string> Knowledge::load_props(const ConfFile& conf) {
  std::vector<std::string> problems;
  std::lock_guard lock(mutex_);
  caches_.clear();  // rules changed: computed columns are stale
  {
    std::lock_guard derived(derived_mutex_);
    derived_caches_.clear();  // eventtypes and data models read calculated fields
  }
  for (const ConfStanza& stanza : conf.stanzas()) {
    PropsStanza current = make_stanza(stanza.name, stanzas_.size());
    current.name = stanza.name;
    for (std::size_t i = 0; i < stanza.entries.size(); ++i) {
      const auto& [key, value] = stanza.entries[i];
      const std::string origin = i < stanza.origins.size() ? stanza.origins[i] : stanza.origin;
      const std::string where = origin + ": ";
      if (key.rfind("FIELDALIAS-", 0) == 0) {
        std::vector<FieldAlias> aliases;
        if (!parse_aliases(value, aliases)) {
          problems.push_back(where + "expected `FIELD AS NEWNAME` pairs in " + key);
          continue;
        }
        current.aliases[key] = std::move(aliases);
        current.texts[key] = key + " = " + value;
        current.origins[key] = origin;
      } else if (key.rfind("EVAL-", 0) == 0 && key.size() > 5) {
        ast::Expr expr;
        ParseResult parsed = parse_eval_expression(value, expr);
        if (parsed.error) {
          problems.push_back(where + key + ": " + parsed.error->message);
          continue;
        }
        current.evals[key] = std::move(expr);
        current.texts[key] = key + " = " + value;
        current.origins[key] = origin;
      }
    }
    stanzas_.push_back(std::move(current));
  }
  return problems;
}

std::vector<std::string> Knowledge::load_props_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {path + ": cannot read the file"};
  std::stringstream ss;
  ss << in.rdbuf();
  return load_props_text(ss.str(), path);
}

std::vector<std::string> Knowledge::calculated_field_names() const {
  std::set<std::string> names;
  for (const auto& s : stanzas_) {
    for (const auto& [k, list] : s.aliases)
      for (const auto& a : list) names.insert(a.to);
    for (const auto& [k, e] : s.evals) names.insert(k.substr(5));
  }
  if (!eventtypes_.empty()) names.insert("eventtype");
  if (!tag_rules_.empty()) {
    names.insert("tag");
    for (const auto& rule : tag_rules_) names.insert("tag::" + rule.field);
  }
  return {names.begin(), names.end()};
}

bool Knowledge::defines(std::string_view field) const {
  if (derives(field)) return true;
  for (const auto& s : stanzas_) {
    for (const auto& [k, list] : s.aliases)
      for (const auto& a : list)
        if (a.to == field) return true;
    for (const auto& [k, e] : s.evals)
      if (std::string_view(k).substr(5) == field) return true;
  }
  return false;
}

// ------------------------------------------------------------------ per-store computation

namespace {

// The rules in force for one group of events (same source, sourcetype, host).
struct RuleSet {
  std::vector<FieldAlias> aliases;                // in attribute-name order
  std::map<std::string, const ast::Expr*> evals;  // field -> expression
  std::size_t rows = 0;
};

std::string_view first_value(const Column* col, std::size_t row) {
  if (!col) return {};
  auto codes = col->values(row);
  return codes.empty() ? std::string_view() : col->dict().value(codes[0]);
}

void copy_values(const Column* from, std::size_t from_row, Column& to, std::size_t to_row) {
  if (!from) return;
  auto codes = from->values(from_row);
  if (codes.empty()) return;
  if (codes.size() == 1) { to.set_first(to_row, from->dict().value(codes[0])); return; }
  std::vector<std::string_view> values;
  for (Code c : codes) values.push_back(from->dict().value(c));
  to.set_values(to_row, values);
}

// An EVAL's output as the texts to store (empty: the field is absent).
std::vector<std::string> output_texts(const Value& v) {
  if (v.is_null()) return {};
  if (v.is_multi()) return v.multi;
  return {v.to_string()};
}

void store_texts(const std::vector<std::string>& texts, Column& to, std::size_t row) {
  if (texts.empty()) return;
  if (texts.size() == 1) { to.set_first(row, texts[0]); return; }
  std::vector<std::string_view> views(texts.begin(), texts.end());
  to.set_values(row, views);
}

}  // namespace

struct Knowledge::StoreCache {
  std::mutex mutex;  // held while this store's calculated fields are computed or read
  std::weak_ptr<const Store> store;
  const Store* address = nullptr;
  bool grouped = false;
  std::vector<RuleSet> groups;
  std::vector<std::uint32_t> row_group;  // group of each store row
  std::map<std::string, std::unique_ptr<Column>, std::less<>> alias_layer;  // null: not aliased
  std::map<std::string, std::unique_ptr<Column>, std::less<>> final_layer;  // null: = alias layer
};

Knowledge::StoreCache& Knowledge::cache_for(const std::shared_ptr<const Store>& store) const {
  for (auto it = caches_.begin(); it != caches_.end();) {
    if ((*it)->store.expired()) { it = caches_.erase(it); continue; }
    if ((*it)->address == store.get()) return **it;
    ++it;
  }
  auto cache = std::make_unique<StoreCache>();
  cache->store = store;
  cache->address = store.get();
  caches_.push_back(std::move(cache));
  return *caches_.back();
}

namespace {

bool stanza_applies(const PropsStanza& s, std::string_view source, std::string_view sourcetype,
                    std::string_view host) {
  switch (s.kind) {
    case PropsStanza::Kind::Default: return true;
    case PropsStanza::Kind::Sourcetype: return s.pattern == sourcetype;
    case PropsStanza::Kind::Host: return source_pattern_match(s.pattern, host);
    case PropsStanza::Kind::Source: return source_pattern_match(s.pattern, source);
  }
  return false;
}

RuleSet rules_for(const std::vector<PropsStanza>& stanzas, std::string_view source,
                  std::string_view sourcetype, std::string_view host) {
  // Attribute name -> winning stanza (higher kind, then later load).
  std::vector<const PropsStanza*> applying;
  for (const auto& s : stanzas)
    if (stanza_applies(s, source, sourcetype, host)) applying.push_back(&s);
  std::stable_sort(applying.begin(), applying.end(), [](const PropsStanza* a, const PropsStanza* b) {
    return a->kind < b->kind;
  });
  std::map<std::string, const std::vector<FieldAlias>*> aliases;
  std::map<std::string, const ast::Expr*> evals;
  for (const PropsStanza* s : applying) {  // later entries override earlier ones
    for (const auto& [k, list] : s->aliases) aliases[k] = &list;
    for (const auto& [k, e] : s->evals) evals[k.substr(5)] = &e;
  }
  RuleSet r;
  for (const auto& [k, list] : aliases) r.aliases.insert(r.aliases.end(), list->begin(), list->end());
  r.evals = std::move(evals);
  return r;
}

void group_rows(const std::vector<PropsStanza>& stanzas, const Store& store, std::vector<RuleSet>& groups,
                std::vector<std::uint32_t>& row_group) {
  const Column* source = store.column("source");
  const Column* sourcetype = store.column("sourcetype");
  const Column* host = store.column("host");
  std::map<std::array<Code, 3>, std::uint32_t> index;
  std::array<Code, 3> last{~0u, ~0u, ~0u};
  std::uint32_t last_group = 0;
  row_group.resize(store.rows());
  for (std::size_t row = 0; row < store.rows(); ++row) {
    std::array<Code, 3> key{source ? source->code(row) : 0, sourcetype ? sourcetype->code(row) : 0,
                            host ? host->code(row) : 0};
    if (key != last) {
      auto it = index.find(key);
      if (it == index.end()) {
        RuleSet r = rules_for(stanzas, first_value(source, row), first_value(sourcetype, row),
                              first_value(host, row));
        it = index.emplace(key, static_cast<std::uint32_t>(groups.size())).first;
        groups.push_back(std::move(r));
      }
      last = key;
      last_group = it->second;
    }
    row_group[row] = last_group;
    ++groups[last_group].rows;
  }
}

using Layer = std::map<std::string, std::unique_ptr<Column>, std::less<>>;

// Post-alias column of `field` (alias layer or the store's own). Rows are written in increasing
// order, the column's fast path.
const Column* alias_column(const Store& store, const std::vector<RuleSet>& groups,
                           const std::vector<std::uint32_t>& row_group, Layer& layer, std::string_view field) {
  auto it = layer.find(field);
  if (it != layer.end()) return it->second ? it->second.get() : store.column(field);
  const Column* base = store.column(field);
  // Per group: the alias rule for this field (the last one wins) and the column it reads.
  std::vector<const FieldAlias*> rule(groups.size(), nullptr);
  std::vector<const Column*> from(groups.size(), base);
  bool aliased = false;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (const auto& a : groups[g].aliases)
      if (a.to == field) rule[g] = &a;
    if (rule[g] && groups[g].rows) {
      aliased = true;
      from[g] = store.column(rule[g]->from);
    }
  }
  if (!aliased) {
    layer.emplace(std::string(field), nullptr);
    return base;
  }
  auto col = std::make_unique<Column>(std::string(field));
  for (std::size_t row = 0; row < store.rows(); ++row) {
    std::uint32_t g = row_group[row];
    bool keep_base = rule[g] && rule[g]->asnew && base && !base->values(row).empty();
    copy_values(keep_base ? base : from[g], row, *col, row);
  }
  col->resize(store.rows());
  col->optimize_layout();
  const Column* out = col.get();
  layer.emplace(std::string(field), std::move(col));
  return out;
}

// One EVAL in one group: evaluated once per distinct combination of the codes it reads.
class GroupEvaluator {
 public:
  GroupEvaluator(const Store& store, const ast::Expr& expr, std::vector<std::string> inputs,
                 std::vector<const Column*> columns)
      : store_(store), expr_(expr), inputs_(std::move(inputs)), columns_(std::move(columns)), packed_key_(columns_) {
    per_row_ = std::find_if(inputs_.begin(), inputs_.end(), [](const std::string& f) {
                 return f == "_time" || f == "_raw";
               }) != inputs_.end();
    scope_.field = [this](std::string_view name) -> Value {
      if (name == "_time")
        return Value::of(static_cast<double>(store_.times()[row_]) / kMicrosPerSecond);
      if (name == "_raw") return Value::of(store_.raw().get(row_));
      for (std::size_t i = 0; i < inputs_.size(); ++i)
        if (inputs_[i] == name) return store_value(columns_[i], row_);
      return Value::null();
    };
  }

  const std::vector<std::string>& texts(std::size_t row) {
    row_ = row;
    if (per_row_) {
      scratch_ = output_texts(evaluate(expr_, scope_));
      return scratch_;
    }
    if (columns_.size() == 1) {
      Code code = columns_[0] ? columns_[0]->code(row) : kAbsent;
      if (!Column::is_multi(code)) {
        if (code >= by_code_.size()) by_code_.resize(code + 1);
        auto& slot = by_code_[code];
        if (!slot) slot = output_texts(evaluate(expr_, scope_));
        return *slot;
      }
    }
    if (packed_key_.packed()) {  // several inputs: one number per combination
      auto [it, fresh] = packed_memo_.try_emplace(packed_key_.key(row));
      if (fresh) it->second = output_texts(evaluate(expr_, scope_));
      return it->second;
    }
    key_.clear();
    for (const Column* c : columns_) {
      Code code = c ? c->code(row) : kAbsent;
      key_.append(reinterpret_cast<const char*>(&code), sizeof code);
    }
    auto it = memo_.find(key_);
    if (it == memo_.end()) it = memo_.emplace(key_, output_texts(evaluate(expr_, scope_))).first;
    return it->second;
  }

 private:
  const Store& store_;
  const ast::Expr& expr_;
  std::vector<std::string> inputs_;
  std::vector<const Column*> columns_;
  bool per_row_ = false;
  std::size_t row_ = 0;
  EvalScope scope_;
  std::vector<std::optional<std::vector<std::string>>> by_code_;
  std::unordered_map<std::string, std::vector<std::string>> memo_;
  std::string key_;
  CodeKey packed_key_;
  std::unordered_map<std::uint64_t, std::vector<std::string>> packed_memo_;
  std::vector<std::string> scratch_;
};

}  // namespace

const Column* Knowledge::column(const std::shared_ptr<const Store>& store, std::string_view field) const {
  if (!store) return nullptr;
  if (derives(field)) return derived_column(store, field);
  if (!defines(field)) return store->column(field);
  StoreCache* found = nullptr;
  {
    std::lock_guard list(mutex_);
    found = &cache_for(store);
  }
  StoreCache& cache = *found;
  std::lock_guard lock(cache.mutex);
  if (!cache.grouped) {
    group_rows(stanzas_, *store, cache.groups, cache.row_group);
    cache.grouped = true;
  }
  auto done = cache.final_layer.find(field);
  if (done != cache.final_layer.end())
    return done->second ? done->second.get()
                        : alias_column(*store, cache.groups, cache.row_group, cache.alias_layer, field);
  const Column* aliased = alias_column(*store, cache.groups, cache.row_group, cache.alias_layer, field);
  std::vector<std::unique_ptr<GroupEvaluator>> evaluators(cache.groups.size());
  bool evaluated = false;
  for (std::size_t g = 0; g < cache.groups.size(); ++g) {
    const RuleSet& rules = cache.groups[g];
    auto e = rules.evals.find(std::string(field));
    if (e == rules.evals.end() || rules.rows == 0) continue;
    evaluated = true;
    std::vector<std::string> inputs = referenced_fields(*e->second);
    std::sort(inputs.begin(), inputs.end());
    inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
    std::vector<const Column*> columns;
    for (const auto& f : inputs)
      columns.push_back(alias_column(*store, cache.groups, cache.row_group, cache.alias_layer, f));
    evaluators[g] = std::make_unique<GroupEvaluator>(*store, *e->second, std::move(inputs), std::move(columns));
  }
  if (!evaluated) {
    cache.final_layer.emplace(std::string(field), nullptr);
    return aliased;
  }
  auto col = std::make_unique<Column>(std::string(field));
  try {
    for (std::size_t row = 0; row < store->rows(); ++row) {
      GroupEvaluator* ev = evaluators[cache.row_group[row]].get();
      if (ev) store_texts(ev->texts(row), *col, row);
      else copy_values(aliased, row, *col, row);
    }
  } catch (const EvalError& err) {
    throw QueryError{"props.conf EVAL-" + std::string(field) + ": " + err.message, err.pos};
  }
  col->resize(store->rows());
  col->optimize_layout();
  const Column* out = col.get();
  cache.final_layer.emplace(std::string(field), std::move(col));
  return out;
}

}  // namespace spelunk
