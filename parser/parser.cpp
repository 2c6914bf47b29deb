// Placeholder until the grammar lands (issue 3).
#include "parser/parser.hpp"
