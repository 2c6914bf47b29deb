// Which search-time knowledge an event table was loaded with.
//
// spelunk load --to computes every props.conf calculated field (FIELDALIAS, EVAL) at load and
// stores it as a column (storage/clickhouse/table_schema.hpp), so that remote rows equal the
// in-memory engine's by construction. A search with other rules would read stale columns: the
// table keeps this fingerprint of the rules, and a search whose rules differ is refused.
#pragma once

#include <string>

namespace spelunk {

class Knowledge;

namespace remote {

// "props:<16 hex digits>" over the calculated-field rules in their canonical text ("props:none"
// when there are none).
std::string knowledge_fingerprint(const Knowledge* knowledge);

}  // namespace remote
}  // namespace spelunk
