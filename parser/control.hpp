// The PEGTL control of the SPL grammar: raises the messages of parser/errors.hpp with the
// position and the text found there, remembers where brackets and quotes open (so that an
// unclosed one is reported at its opener) and bounds the nesting depth.
#pragma once

#include <cctype>
#include <string>
#include <type_traits>

#include <tao/pegtl.hpp>

#include "parser/builder.hpp"
#include "parser/errors.hpp"

namespace spelunk::parser {

// Works for the parse input and the action input alike; reads the eagerly tracked iterator
// (in.position() would copy the source name on every call).
template <typename Input>
ast::Position position_of(const Input& in) {
  const auto& it = in.iterator();
  return {it.byte, it.line, it.column};
}

inline bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Where the next token starts (errors point at it, not at the blanks before it).
template <typename Input>
ast::Position next_token_position(const Input& in) {
  ast::Position pos = position_of(in);
  for (const char* p = in.current(); p < in.end() && is_blank(*p); ++p) {
    ++pos.offset;
    if (*p == '\n') {
      ++pos.line;
      pos.column = 1;
    } else {
      ++pos.column;
    }
  }
  return pos;
}

// "end of query", "'|'" or "'word'": what the parser saw where it stopped.
template <typename Input>
std::string found_text(const Input& in) {
  const char* p = in.current();
  const char* end = in.end();
  while (p < end && is_blank(*p)) ++p;
  if (p == end) return "end of query";
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  if (!is_word(*p)) return std::string("'") + *p + "'";
  const char* q = p;
  while (q < end && is_word(*q) && q - p < 40) ++q;
  return "'" + std::string(p, q) + "'";
}

std::string describe_position(const ast::Position& pos);  // "line 1, column 14"

template <typename Rule>
struct control : tao::pegtl::normal<Rule> {
  static constexpr bool is_nesting = std::is_base_of_v<grammar::nesting, Rule>;
  static constexpr bool is_quoted = std::is_base_of_v<grammar::quoted_marker, Rule>;

  template <typename Input>
  static void start(const Input& in, Builder& b) {
    if constexpr (is_nesting) {
      if (b.openers.size() >= kMaxNesting)
        throw SyntaxFailure("nesting deeper than " + std::to_string(kMaxNesting) +
                                " levels of parentheses, brackets or NOT",
                            position_of(in));
      b.openers.push_back(position_of(in));
    }
    if constexpr (is_quoted) b.quote_open = position_of(in);
  }
  template <typename Input>
  static void success(const Input&, Builder& b) {
    if constexpr (is_nesting) b.openers.pop_back();
  }
  template <typename Input>
  static void failure(const Input&, Builder& b) {
    if constexpr (is_nesting) b.openers.pop_back();
  }

  template <typename Input>
  [[noreturn]] static void raise(const Input& in, Builder& b) {
    static_assert(error_message<Rule> != nullptr, "every must<> rule needs a message in parser/errors.hpp");
    const std::string found = found_text(in);
    if constexpr (std::is_same_v<Rule, grammar::paren_close> || std::is_same_v<Rule, grammar::bracket_close>) {
      const char opener = std::is_same_v<Rule, grammar::paren_close> ? '(' : '[';
      const char closer = std::is_same_v<Rule, grammar::paren_close> ? ')' : ']';
      if (!b.openers.empty()) {
        const ast::Position at = b.openers.back();
        throw SyntaxFailure(std::string("unclosed '") + opener + "' opened at " + describe_position(at) +
                                ": expected '" + closer + "' but found " + found + " at " +
                                describe_position(next_token_position(in)),
                            at);
      }
    }
    if constexpr (std::is_same_v<Rule, grammar::quote_close> || std::is_same_v<Rule, grammar::squote_close>) {
      throw SyntaxFailure(std::string(error_message<Rule>) + " opened at " + describe_position(b.quote_open) +
                              " (no closing quote before the end of the query)",
                          b.quote_open);
    }
    std::string message = error_message<Rule>;
    if constexpr (std::is_same_v<Rule, grammar::command_end>) {
      if (!b.commands.empty()) message += " '" + b.command().name + "'";
    }
    throw SyntaxFailure(message + " but found " + found, next_token_position(in));
  }
};

}  // namespace spelunk::parser
