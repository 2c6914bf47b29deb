// Knowledge::provenance: which knowledge rules can produce a field, for `spelunk explain`.
// Each family of knowledge objects adds its own rules here (props.conf today).
#include "evaluator/knowledge/knowledge.hpp"

namespace spelunk {

const char* provenance_kind_name(FieldProvenance::Kind kind) {
  switch (kind) {
    case FieldProvenance::Kind::Alias: return "alias (FIELDALIAS)";
    case FieldProvenance::Kind::Eval: return "calculated (EVAL)";
  }
  return "?";
}

std::vector<FieldProvenance> Knowledge::provenance(std::string_view field) const {
  std::vector<FieldProvenance> out;
  auto add = [&](const PropsStanza& s, FieldProvenance::Kind kind, const std::string& key) {
    FieldProvenance p;
    p.kind = kind;
    auto text = s.texts.find(key);
    p.rule = text != s.texts.end() ? text->second : key;
    auto origin = s.origins.find(key);
    if (origin != s.origins.end()) p.origin = origin->second;
    p.scope = "[" + s.name + "]";
    out.push_back(std::move(p));
  };
  for (const auto& s : stanzas_) {
    for (const auto& [key, list] : s.aliases)
      for (const auto& a : list)
        if (a.to == field) {
          add(s, FieldProvenance::Kind::Alias, key);
          break;
        }
    for (const auto& [key, expr] : s.evals)
      if (std::string_view(key).substr(5) == field) add(s, FieldProvenance::Kind::Eval, key);
  }
  return out;
}

}  // namespace spelunk
