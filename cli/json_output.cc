// cli/json_output.cc — nlohmann prints a double in its shortest round-trip form; a float goes
// through its own shortest decimal first.
#include "cli/json_output.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/base/number_text.h"

namespace qplab::cli {

double shortest_double(float value) {
  if (!std::isfinite(value)) return static_cast<double>(value);
  return std::strtod(number_text(static_cast<double>(value)).c_str(), nullptr);
}

void print_json(const Json& json) {
  const std::string text = json.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::printf("%s\n", text.c_str());
}

}  // namespace qplab::cli
