// The manual pages `--help` prints: one per command (spelunk, explain, test, lint, load), in the
// shape of man(1) pages (NAME, SYNOPSIS, DESCRIPTION, OPTIONS, EXIT STATUS, EXAMPLES).
#pragma once

#include <string>
#include <string_view>

namespace spelunk::cli {

// The page of `command` ("" for spelunk itself); "" when there is no such command.
std::string help_page(std::string_view command);

}  // namespace spelunk::cli
