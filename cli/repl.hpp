// The interactive session: `spelunk -d PATH` with no query.
//
// Loads the data once, then reads searches (line editing and history with libedit, history in
// $SPELUNK_HISTORY or ~/.spelunk_history), runs them and prints the rows (through $PAGER or
// `less -S` when they do not fit the terminal). A line ending in `|`, or with an open quote,
// parenthesis or bracket, continues on the next line. Ctrl-C cancels the running search (ExecContext::cancel,
// checked between commands and inside long scans and row loops) or the line being typed; a second
// Ctrl-C during the same search leaves. Ctrl-D leaves. Dot-commands: see repl_help().
// When standard input is not a terminal it reads the same language line by line, without prompts.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "cli/args.hpp"

namespace spelunk::cli {

class Session;

int run_repl(const Args& args, std::ostream& out, std::ostream& err);

std::string repl_help();

// True when `text` is a whole search: no trailing `|`, no open quote, parenthesis or bracket.
bool input_is_complete(std::string_view text);

// Tab completion: what `text_before_cursor` (the whole pending input up to the cursor) can be
// completed with. `word` is the partial word the candidates replace.
struct Completion {
  std::string word;
  std::vector<std::string> candidates;  // sorted, unique
};
Completion complete_input(std::string_view text_before_cursor, const Session& session);

// Command names offered by completion: the registry's and the parser's.
std::vector<std::string> known_command_names();

// The history file: $SPELUNK_HISTORY, else ~/.spelunk_history ("" when neither can be found).
std::string history_file_path();

}  // namespace spelunk::cli
