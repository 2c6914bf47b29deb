// Decoding of the raw text of tokens matched by the grammar: quote removal and escapes.
// Search strings and eval strings follow different escape rules (R1.4 versus R9.2).
#pragma once

#include <string>
#include <string_view>

namespace spelunk::parser {

struct SearchToken {
  std::string text;        // quotes removed, escapes processed
  bool quoted = false;     // every non-empty piece was double-quoted (a phrase)
  bool mixed = false;      // quoted and unquoted pieces were joined (R1.5: Message=""*x*"")
  bool term = false;       // TERM(...)
  bool case_sensitive = false;  // CASE(...)
};

// A search-command token: concatenated quoted and bare pieces; `\\` -> `\`, `\"` -> `"`,
// `\|` -> `|`, any other escape kept as written (so `C:\Windows` survives). TERM(x) and
// CASE(x) are recognised when the whole token has that shape.
SearchToken decode_search_token(std::string_view raw);

// An eval string literal including its quotes: `\\`, `\"`, `\t`, `\n`, `\r`; others kept.
std::string decode_eval_string(std::string_view raw);

// A 'single quoted' eval field name: quotes removed, `\'` and `\\` unescaped.
std::string decode_single_quoted(std::string_view raw);

std::string to_lower(std::string_view text);

}  // namespace spelunk::parser
