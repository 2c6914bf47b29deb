// Searches inside markdown detection documents (like the seed's T1049 page): the fenced code
// blocks of every section whose heading names searches ("## Splunk Searches"), plus any block
// fenced as ```spl or ```splunk anywhere in the document.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace spelunk::cli {

struct MarkdownSearch {
  std::string label;     // the text line just above the fence ("Input Source: Sysmon"), or "search N"
  std::string text;      // the block's lines, joined with '\n'
  std::size_t line = 0;  // 1-based line of the block's first text line in the document
};

std::vector<MarkdownSearch> extract_markdown_searches(std::string_view document);

// Picks one block by `selector`: a 1-based index ("2") or a case-insensitive part of its label
// ("sysmon"). Null when nothing (or more than one label) matches.
const MarkdownSearch* select_markdown_search(const std::vector<MarkdownSearch>& searches,
                                             std::string_view selector);

}  // namespace spelunk::cli
