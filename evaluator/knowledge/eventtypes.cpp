// eventtypes.conf: `[name]` with `search = <search expression>` (and `disabled = 1` to drop it).
// Every event gets the multi-valued field `eventtype`: the names of the eventtypes whose search it
// matches, sorted. Each search runs once per store as the column filter (decided once per distinct
// value of each field it names), so membership is never decided event by event.
//
// An eventtype's search may name other eventtypes (`eventtype=ms-sysmon-*`); they are expanded in
// place, at most kMaxEventtypeDepth levels deep, and a cycle is an error naming the chain.
#include <algorithm>
#include <unordered_map>

#include "evaluator/command.hpp"
#include "evaluator/glob.hpp"
#include "evaluator/knowledge/derived_cache.hpp"
#include "evaluator/search_filter.hpp"

namespace spelunk {

namespace {

constexpr std::size_t kMaxEventtypeDepth = 8;

bool is_true(const std::string& v) {
  std::string l = ascii_lower(v);
  return l == "1" || l == "true" || l == "t" || l == "yes";
}

}  // namespace

std::string without_empty_groups(std::string text) {
  for (bool changed = true; changed;) {
    changed = false;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\\') { ++i; continue; }
      if (text[i] == '"') quoted = !quoted;
      if (quoted || text[i] != '(') continue;
      std::size_t j = i + 1;
      while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\n')) ++j;
      if (j < text.size() && text[j] == ')') {
        text.replace(i, j + 1 - i, " ");
        changed = true;
      }
    }
  }
  return text;
}

void fill_membership_column(const std::vector<const RowSet*>& members, const std::vector<std::string>& names,
                            std::size_t rows, Column& col) {
  // The sets a row is in, as a bit mask (up to 64 sets) or a list: one code per distinct mask.
  std::unordered_map<std::uint64_t, Code> by_mask;
  std::map<std::vector<std::uint32_t>, Code> by_list;
  std::vector<std::uint32_t> hits;
  auto code_of = [&](const std::vector<std::uint32_t>& which) {
    std::vector<std::string_view> values;
    for (std::uint32_t i : which) values.push_back(names[i]);
    return col.code_for(values);
  };
  const std::size_t words = (rows + 63) / 64;
  for (std::size_t w = 0; w < words; ++w) {
    std::uint64_t any = 0;
    for (const RowSet* m : members) any |= m->words()[w];
    for (; any; any &= any - 1) {
      const std::size_t row = w * 64 + static_cast<std::size_t>(__builtin_ctzll(any));
      const std::uint64_t bit = std::uint64_t{1} << (row & 63);
      hits.clear();
      std::uint64_t mask = 0;
      for (std::uint32_t i = 0; i < members.size(); ++i)
        if (members[i]->words()[w] & bit) {
          hits.push_back(i);
          if (i < 64) mask |= std::uint64_t{1} << i;
        }
      Code code;
      if (members.size() <= 64) {
        auto [it, fresh] = by_mask.try_emplace(mask, kAbsent);
        if (fresh) it->second = code_of(hits);
        code = it->second;
      } else {
        auto [it, fresh] = by_list.try_emplace(hits, kAbsent);
        if (fresh) it->second = code_of(hits);
        code = it->second;
      }
      col.set_code(row, code);
    }
  }
}

RowSet knowledge_filter(const ast::SearchExpr& expr, const Store& store,
                        const std::function<const Column*(std::string_view)>& lookup) {
  SearchContext context;  // no subsearches, no time bounds: knowledge searches are plain filters
  return filter_store(expr, store, lookup, context);
}

std::vector<std::string> Knowledge::load_eventtypes(const ConfFile& conf) {
  std::vector<std::string> problems;
  std::scoped_lock lock(derived_mutex_, parsed_mutex_);
  derived_caches_.clear();
  for (const ConfStanza& stanza : conf.stanzas()) {
    if (stanza.name == "default") continue;
    if (const std::string* disabled = stanza.get("disabled"); disabled && is_true(*disabled)) {
      eventtypes_.erase(stanza.name);
      continue;
    }
    const std::string* search = stanza.get("search");
    if (!search) {
      problems.push_back(stanza.origin + ": eventtype " + stanza.name + " has no `search =`");
      continue;
    }
    std::string origin = stanza.origin;
    for (std::size_t i = 0; i < stanza.entries.size(); ++i)
      if (stanza.entries[i].first == "search") origin = stanza.origins[i];
    eventtypes_[stanza.name] = EventType{stanza.name, *search, origin};
    parsed_searches_.erase("eventtype:" + stanza.name);
  }
  return problems;
}

void Knowledge::set_search_macros(std::shared_ptr<const MacroTable> macros) {
  std::scoped_lock lock(derived_mutex_, parsed_mutex_);
  search_macros_ = std::move(macros);
  parsed_searches_.clear();
  derived_caches_.clear();
}

bool Knowledge::derives(std::string_view field) const {
  if (field == "eventtype") return !eventtypes_.empty();
  if (field == "tag" || field.starts_with("tag::")) return !tag_rules_.empty();
  return false;
}

Knowledge::DerivedCache& Knowledge::derived_cache(const std::shared_ptr<const Store>& store) const {
  std::lock_guard lock(derived_mutex_);
  for (auto it = derived_caches_.begin(); it != derived_caches_.end();) {
    if ((*it)->store.expired()) { it = derived_caches_.erase(it); continue; }
    if ((*it)->address == store.get()) return **it;
    ++it;
  }
  auto cache = std::make_unique<DerivedCache>();
  cache->store = store;
  cache->address = store.get();
  derived_caches_.push_back(std::move(cache));
  return *derived_caches_.back();
}

const Column* Knowledge::derived_column(const std::shared_ptr<const Store>& store, std::string_view field) const {
  std::lock_guard lock(derived_cache(store).mutex);
  if (field == "eventtype") return eventtype_column(store);
  return tag_column(store, field);
}

// A knowledge search, parsed once (macros expanded, empty groups dropped). It must be a search
// expression alone: a `|` command in it is refused.
const ast::SearchExpr& Knowledge::parsed_search(const std::string& key, const std::string& text,
                                                const std::string& origin, const ast::Position& pos) const {
  std::lock_guard lock(parsed_mutex_);
  auto it = parsed_searches_.find(key);
  if (it != parsed_searches_.end()) return *it->second;
  ParseResult parsed = parse_query("search " + text, search_macros_.get());
  if (parsed.error) {
    // The empty groups that CIM's default `cim_*_indexes` macros leave (`()`) match everything.
    ParseResult again = parse_query(without_empty_groups(parsed.expanded.empty() ? "search " + text : parsed.expanded));
    if (!again.error) parsed = std::move(again);
  }
  if (parsed.error)
    throw QueryError{origin + ": cannot read the search `" + text + "`: " + parsed.error->message, pos};
  const ast::Pipeline& p = *parsed.pipeline;
  if (p.commands.size() != 1 || !std::holds_alternative<ast::SearchCommand>(p.commands[0].body))
    throw QueryError{origin + ": the search `" + text + "` has commands after it; only a search expression is used here", pos};
  auto expr = std::make_unique<ast::SearchExpr>();
  if (const auto& e = std::get<ast::SearchCommand>(p.commands[0].body).expr) *expr = *e;
  else expr->kind = ast::SearchExpr::Kind::And;  // empty search: every event (And of nothing)
  return *parsed_searches_.emplace(key, std::move(expr)).first->second;
}

namespace {

// Replaces `eventtype=<pattern>` leaves (and IN lists) with `expand(name)` of each eventtype the
// pattern names: an Or of them, or a match-nothing Or when none.
// A wildcard never takes the eventtypes being expanded (`[proc-any] search = eventtype=proc*`
// means the others); naming one of them exactly is a cycle.
void expand_eventtype_refs(ast::SearchExpr& e, const std::map<std::string, EventType>& types,
                           const std::vector<std::string>& chain,
                           const std::function<ast::SearchExpr(const std::string&)>& expand) {
  using K = ast::SearchExpr::Kind;
  if ((e.kind == K::Compare || e.kind == K::In) && e.field == "eventtype") {
    if (e.kind == K::Compare && e.op != ast::CompareOp::Eq && e.op != ast::CompareOp::Ne)
      throw QueryError{"eventtype searches compare eventtypes with = or != only", e.pos};
    ast::SearchExpr any;
    any.kind = K::Or;
    any.pos = e.pos;
    for (const auto& [name, type] : types) {
      bool hit = false;
      const bool expanding = std::find(chain.begin(), chain.end(), name) != chain.end();
      for (const auto& v : e.values)
        hit = hit || (glob_match(v.text, name, v.case_sensitive) && !(expanding && v.text.find('*') != std::string::npos));
      if (hit) any.children.push_back(expand(name));
    }
    if (e.kind == K::Compare && e.op == ast::CompareOp::Ne) {
      ast::SearchExpr negated;
      negated.kind = K::Not;
      negated.pos = e.pos;
      negated.children.push_back(std::move(any));
      e = std::move(negated);
    } else {
      e = std::move(any);
    }
    return;
  }
  for (auto& c : e.children) expand_eventtype_refs(c, types, chain, expand);
}

}  // namespace

ast::SearchExpr Knowledge::expanded_eventtype(const std::string& name, std::vector<std::string>& chain,
                                              const ast::Position& pos) const {
  const EventType& type = eventtypes_.at(name);
  if (std::find(chain.begin(), chain.end(), name) != chain.end() || chain.size() >= kMaxEventtypeDepth) {
    std::string path;
    for (const auto& c : chain) path += c + " -> ";
    throw QueryError{type.origin + ": eventtype `" + name + "` is part of a cycle or a chain deeper than " +
                         std::to_string(kMaxEventtypeDepth) + " (" + path + name + ")",
                     pos};
  }
  ast::SearchExpr expr = parsed_search("eventtype:" + name, type.search, type.origin, pos);
  chain.push_back(name);
  expand_eventtype_refs(expr, eventtypes_, chain, [&](const std::string& other) { return expanded_eventtype(other, chain, pos); });
  chain.pop_back();
  return expr;
}

const Column* Knowledge::eventtype_column(const std::shared_ptr<const Store>& store) const {
  DerivedCache& cache = derived_cache(store);
  if (auto it = cache.columns.find("eventtype"); it != cache.columns.end()) return it->second.get();
  // Each eventtype's events, then one code per distinct combination of eventtypes.
  std::vector<std::string> names;
  std::vector<RowSet> sets;
  auto lookup = [&](std::string_view f) -> const Column* {
    if (f == "eventtype" || f == "tag" || f.starts_with("tag::"))
      throw QueryError{"eventtype searches cannot test `" + std::string(f) + "` (it is computed from the eventtypes)", {}};
    return column(store, f);
  };
  for (const auto& [name, type] : eventtypes_) {
    std::vector<std::string> chain;
    ast::SearchExpr expr = expanded_eventtype(name, chain, {});
    try {
      sets.push_back(knowledge_filter(expr, *store, lookup));
    } catch (const QueryError& e) {
      throw QueryError{type.origin + ": eventtype `" + name + "`: " + e.message, e.pos};
    }
    names.push_back(name);
  }
  std::vector<const RowSet*> members;
  for (const auto& set : sets) members.push_back(&set);
  auto col = std::make_unique<Column>("eventtype");
  fill_membership_column(members, names, store->rows(), *col);
  col->resize(store->rows());
  col->optimize_layout();
  const Column* out = col.get();
  cache.columns.emplace("eventtype", std::move(col));
  return out;
}

}  // namespace spelunk
