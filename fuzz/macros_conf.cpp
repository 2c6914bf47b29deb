// Feeds macros.conf ([name] / [name(N)] stanzas, args, definition with $arg$, continuation lines),
// then expands every macro it defines in a search, so that the definitions are run, not only read.
#include <cstdlib>

#include "fuzz/fuzz_harness.hpp"
#include "fuzz/fuzz_util.hpp"
#include "parser/parser.hpp"

SPELUNK_FUZZ_HARNESS(macros_conf) {
  static spelunk::fuzz::MemoryFile file;
  const std::string path = file.write(spelunk::fuzz::as_text(data, size));
  if (path.empty()) return;
  spelunk::MacroTable macros;
  (void)macros.load_conf(path);
  std::size_t calls = 0;
  for (const std::string& name : macros.names()) {
    if (++calls > 16) break;
    // names() spells a macro with arguments "name(N)", N its real argument count; a name may
    // hold parentheses of its own ("a_(1)b"), so only a trailing "(N)" is an arity.
    std::string call = name;
    if (const auto open = call.rfind('('); call.back() == ')' && open != std::string::npos) {
      const std::size_t arity = std::strtoul(call.c_str() + open + 1, nullptr, 10);
      call.resize(open + 1);
      for (std::size_t i = 0; i < arity && i < 1000; ++i) call += i ? ",x" : "x";
      call += ')';
    }
    (void)spelunk::parse_query("`" + call + "` | stats count", &macros);
  }
}
