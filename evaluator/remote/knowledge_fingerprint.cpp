#include "evaluator/remote/knowledge_fingerprint.hpp"

#include <xxhash.h>

#include <fmt/format.h>

#include "evaluator/knowledge/knowledge.hpp"
#include "parser/parser.hpp"

namespace spelunk::remote {

std::string knowledge_fingerprint(const Knowledge* knowledge) {
  std::string text;
  if (knowledge) {
    for (const auto& s : knowledge->stanzas()) {
      if (s.aliases.empty() && s.evals.empty()) continue;
      text += fmt::format("[{}:{}:{}]\n", static_cast<int>(s.kind), s.pattern.size(), s.pattern);
      for (const auto& [key, list] : s.aliases) {
        text += key + " =";
        for (const auto& a : list)
          text += fmt::format(" {}:{} {} {}:{}", a.from.size(), a.from, a.asnew ? "ASNEW" : "AS", a.to.size(), a.to);
        text += "\n";
      }
      for (const auto& [key, expr] : s.evals) text += key + " = " + to_string(expr) + "\n";
    }
  }
  if (text.empty()) return "props:none";
  return fmt::format("props:{:016x}", XXH3_64bits(text.data(), text.size()));
}

}  // namespace spelunk::remote
