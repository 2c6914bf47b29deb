#include <fmt/core.h>

int main() {
  fmt::print("spelunk: not built yet\n");
  return 0;
}
