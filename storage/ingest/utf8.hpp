// UTF-8 checking for attacker-controlled event text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace spelunk {

// Offset of the first byte that does not start a well-formed UTF-8 sequence (overlongs,
// surrogates and code points past U+10FFFF are ill-formed), or npos when `text` is valid.
std::size_t find_invalid_utf8(std::string_view text);

// Copies `text` into `out`, replacing every byte that starts no well-formed sequence by U+FFFD. Returns how many were replaced.
std::size_t repair_utf8(std::string_view text, std::string& out);

}  // namespace spelunk
