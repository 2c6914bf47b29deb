// spelunk: Splunk SPL searches over exported Windows event logs. See cli/cli.hpp.
#include <iostream>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  return spelunk::cli::run(argc, argv, std::cout, std::cerr);
}
