// cli/json_output.h — what --json prints: one nlohmann JSON object per command, its keys in the
// order written, on one line of stdout. NaN and infinities print as null (JSON has neither);
// invalid UTF-8 in a string (a file name) as U+FFFD.
#pragma once

#include <nlohmann/json.hpp>

namespace qplab::cli {

using Json = nlohmann::ordered_json;

// The double nearest to the float's shortest decimal (0.1f → 0.1, not 0.10000000149011612),
// so that a weight prints in the digits it needs as a float (give or take the rare value for
// which nlohmann's Grisu2 formatting is a digit or two longer than the shortest).
double shortest_double(float value);

void print_json(const Json& json);

}  // namespace qplab::cli
