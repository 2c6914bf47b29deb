#include "storage/store_concat.hpp"

#include <set>
#include <string>

namespace spelunk {

Store concatenate_stores(const std::vector<const Store*>& parts) {
  StoreBuilder builder;
  std::set<std::string> aliased;
  for (const Store* part : parts)
    for (const Store::Alias& a : part->aliases())
      if (aliased.insert(a.name).second) builder.alias(a.name, a.base, a.trim);
  for (const Store* part : parts) {
    // The part's own columns (not its aliases, which finish() derives again), and their ids here.
    std::vector<std::pair<const Column*, StoreBuilder::FieldId>> columns;
    for (const auto& c : part->columns())
      if (!aliased.count(c->name())) columns.emplace_back(c.get(), builder.field(c->name()));
    const auto times = part->times();
    auto copy_event = [&](std::size_t row, std::string_view raw) {
      builder.begin_event();
      for (const auto& [column, id] : columns)
        for (Code code : column->values(row)) builder.append(id, column->dict().value(code));
      builder.set_time(times[row]);
      builder.set_raw(raw);
      builder.end_event();
    };
    // Events are rebuilt in the order the raw store hands them out (each block decompressed once);
    // a store without raw texts (none is built so, but a saved one could be) keeps its fields.
    if (part->raw().size() == part->rows()) part->raw().scan(0, part->rows(), copy_event);
    else for (std::size_t row = 0; row < part->rows(); ++row) copy_event(row, {});
  }
  return builder.finish();
}

}  // namespace spelunk
