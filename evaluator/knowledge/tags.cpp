// tags.conf: `[<field>=<value>]` stanzas (`[eventtype=ms-sysmon-process]`, `[EventCode=4624]`)
// whose keys are tags, `enabled` or `disabled`. An event gets every tag enabled for a value of a
// field it has (any value of a multi-value), in the multi-valued field `tag`, and the same per
// field in `tag::<field>` (`tag::eventtype`). Tags are decided once per distinct value of each
// field tags.conf names, then once per distinct combination of those per-field tag sets.
#include <algorithm>
#include <set>

#include "evaluator/command.hpp"
#include "evaluator/glob.hpp"
#include "evaluator/knowledge/derived_cache.hpp"

namespace spelunk {

std::vector<std::string> Knowledge::load_tags(const ConfFile& conf) {
  std::vector<std::string> problems;
  std::lock_guard lock(derived_mutex_);  // tags are not searches: parsed_searches_ stay
  derived_caches_.clear();
  for (const ConfStanza& stanza : conf.stanzas()) {
    if (stanza.name == "default") continue;
    auto eq = stanza.name.find('=');
    if (eq == std::string::npos || eq == 0) {
      problems.push_back(stanza.origin + ": expected a `[field=value]` stanza, found [" + stanza.name + "]");
      continue;
    }
    std::string field = stanza.name.substr(0, eq), value = stanza.name.substr(eq + 1);
    // Tags are computed from the other fields; a rule keyed on a tag would make `tag` depend on
    // itself (found by fuzzing: unbounded recursion). tags.conf keys are event fields.
    if (field == "tag" || field.starts_with("tag::")) {
      problems.push_back(stanza.origin + ": a tag cannot be keyed on the tag field `" + field + "` in [" +
                         stanza.name + "]; tags.conf stanzas name an event field");
      continue;
    }
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
    auto it = std::find_if(tag_rules_.begin(), tag_rules_.end(),
                           [&](const TagRule& r) { return r.field == field && r.value == value; });
    if (it == tag_rules_.end()) it = tag_rules_.insert(tag_rules_.end(), TagRule{field, value, {}});
    for (std::size_t i = 0; i < stanza.entries.size(); ++i) {
      // Plain references, not a structured binding: clang 14 (the fuzz build) cannot capture one.
      const std::string& tag = stanza.entries[i].first;
      const std::string& state = stanza.entries[i].second;
      std::string s = ascii_lower(state);
      if (s != "enabled" && s != "disabled") {
        problems.push_back(stanza.origins[i] + ": tag `" + tag + "` must be `enabled` or `disabled`, found `" + state + "`");
        continue;
      }
      auto t = std::find_if(it->tags.begin(), it->tags.end(), [&](const auto& p) { return p.first == tag; });
      if (t == it->tags.end()) it->tags.emplace_back(tag, s == "enabled");
      else t->second = s == "enabled";
    }
  }
  return problems;
}

namespace {

// Per distinct code of one field's column: the (sorted) tags its value(s) enable, as an index
// into a shared table of tag sets (0: none).
class FieldTags {
 public:
  FieldTags(const Column* column, std::map<std::string, std::vector<std::string>, std::less<>> by_value,
            std::vector<std::vector<std::string>>& sets, std::map<std::vector<std::string>, std::uint32_t>& set_ids)
      : column_(column), by_value_(std::move(by_value)), sets_(sets), set_ids_(set_ids) {
    if (column_) single_.assign(column_->dict().size() + 1, kUnknown);
  }

  std::uint32_t set_of(std::size_t row) {
    if (!column_) return 0;
    const Code c = column_->code(row);
    if (c == kAbsent) return 0;
    if (!Column::is_multi(c)) {
      std::uint32_t& s = single_[c];
      if (s == kUnknown) s = intern(tags_of({c}));
      return s;
    }
    auto [it, fresh] = multi_.try_emplace(c, 0);
    if (fresh) {
      auto codes = column_->list(c);
      it->second = intern(tags_of({codes.begin(), codes.end()}));
    }
    return it->second;
  }

 private:
  static constexpr std::uint32_t kUnknown = ~0u;

  std::vector<std::string> tags_of(const std::vector<Code>& codes) const {
    std::set<std::string> tags;
    for (Code c : codes)
      if (auto it = by_value_.find(column_->dict().value(c)); it != by_value_.end())
        tags.insert(it->second.begin(), it->second.end());
    return {tags.begin(), tags.end()};
  }
  std::uint32_t intern(std::vector<std::string> tags) {
    if (tags.empty()) return 0;
    auto [it, fresh] = set_ids_.try_emplace(tags, static_cast<std::uint32_t>(sets_.size()));
    if (fresh) sets_.push_back(std::move(tags));
    return it->second;
  }

  const Column* column_;
  std::map<std::string, std::vector<std::string>, std::less<>> by_value_;  // value -> enabled tags
  std::vector<std::vector<std::string>>& sets_;
  std::map<std::vector<std::string>, std::uint32_t>& set_ids_;
  std::vector<std::uint32_t> single_;
  std::map<Code, std::uint32_t> multi_;
};

}  // namespace

const Column* Knowledge::tag_column(const std::shared_ptr<const Store>& store, std::string_view name) const {
  DerivedCache& cache = derived_cache(store);
  if (auto it = cache.columns.find(name); it != cache.columns.end()) return it->second.get();
  // Every field tags.conf names, its value -> tags table.
  std::map<std::string, std::map<std::string, std::vector<std::string>, std::less<>>> fields;
  for (const TagRule& rule : tag_rules_)
    for (const auto& [tag, enabled] : rule.tags)
      if (enabled) fields[rule.field][rule.value].push_back(tag);
  std::vector<std::vector<std::string>> sets(1);  // sets[0]: no tag
  std::map<std::vector<std::string>, std::uint32_t> set_ids;
  std::vector<std::string> field_names;
  std::vector<FieldTags> per_field;
  for (auto& [field, by_value] : fields) {
    field_names.push_back(field);
    per_field.emplace_back(column(store, field), std::move(by_value), sets, set_ids);
  }
  // Build `tag` and every `tag::<field>` in one pass.
  auto all = std::make_unique<Column>("tag");
  std::vector<std::unique_ptr<Column>> each;
  for (const auto& f : field_names) each.push_back(std::make_unique<Column>("tag::" + f));
  std::map<std::vector<std::uint32_t>, Code> combos;
  std::vector<std::map<std::uint32_t, Code>> each_codes(field_names.size());
  std::vector<std::uint32_t> key(per_field.size());
  std::vector<std::uint32_t> last_key;
  Code last_code = kAbsent;
  auto code_of = [&](Column& col, const std::vector<std::string>& tags) {
    std::vector<std::string_view> views(tags.begin(), tags.end());
    return col.code_for(views);
  };
  for (std::size_t row = 0; row < store->rows(); ++row) {
    bool any = false;
    for (std::size_t f = 0; f < per_field.size(); ++f) {
      key[f] = per_field[f].set_of(row);
      any = any || key[f] != 0;
      if (key[f] == 0) continue;
      auto [it, fresh] = each_codes[f].try_emplace(key[f], kAbsent);
      if (fresh) it->second = code_of(*each[f], sets[key[f]]);
      each[f]->set_code(row, it->second);
    }
    if (!any) continue;
    if (key == last_key) {  // neighbouring events usually share their tags
      all->set_code(row, last_code);
      continue;
    }
    auto [it, fresh] = combos.try_emplace(key, kAbsent);
    if (fresh) {
      std::set<std::string> tags;
      for (std::uint32_t s : key) tags.insert(sets[s].begin(), sets[s].end());
      it->second = code_of(*all, {tags.begin(), tags.end()});
    }
    last_key = key;
    last_code = it->second;
    all->set_code(row, it->second);
  }
  auto finish = [&](std::unique_ptr<Column> col) {
    col->resize(store->rows());
    col->optimize_layout();
    std::string key_name = col->name();
    cache.columns[key_name] = std::move(col);
  };
  finish(std::move(all));
  for (auto& col : each) finish(std::move(col));
  auto it = cache.columns.find(name);
  if (it != cache.columns.end()) return it->second.get();
  cache.columns.emplace(std::string(name), nullptr);  // tag::<field> of a field no stanza names
  return nullptr;
}

}  // namespace spelunk
