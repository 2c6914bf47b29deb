// The per-store cache of the columns and row sets that eventtypes, tags and data models derive
// (evaluator/knowledge/eventtypes.cpp, tags.cpp, datamodel.cpp). Private to evaluator/knowledge.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "evaluator/knowledge/knowledge.hpp"
#include "evaluator/search_filter.hpp"

namespace spelunk {

struct Knowledge::DerivedCache {
  std::recursive_mutex mutex;  // held while this store's values are computed or read
  std::weak_ptr<const Store> store;
  const Store* address = nullptr;
  // "eventtype", "tag", "tag::<field>", "dm:<model>/<path>#<n>/<field>", "fill:<addr>=<value>", ...
  // A null entry: computed, and the field has no column.
  std::map<std::string, std::unique_ptr<Column>, std::less<>> columns;
  std::map<std::string, std::unique_ptr<RowSet>, std::less<>> rows;  // "dm:<model>/<path>"
};

// A search of knowledge (eventtype, data model constraint) with its store: the column filter
// over every event, reading fields through `lookup`.
RowSet knowledge_filter(const ast::SearchExpr& expr, const Store& store,
                        const std::function<const Column*(std::string_view)>& lookup);

// A multi-valued column naming, for each row, the sets (eventtypes, datasets) it belongs to, in
// the order of `names`; one code per distinct combination.
void fill_membership_column(const std::vector<const RowSet*>& members, const std::vector<std::string>& names,
                            std::size_t rows, Column& col);

// Splunk's `()` (an empty group: CIM's default `cim_*_indexes` macros) matches everything; the
// search grammar wants something inside, so empty groups are dropped before parsing.
std::string without_empty_groups(std::string text);

}  // namespace spelunk
