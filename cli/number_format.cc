// cli/number_format.cc — digit grouping by hand rather than std::locale, which differs by host.
#include "cli/number_format.h"

#include <cmath>
#include <cstdio>

namespace qplab::cli {

std::string grouped(long long value) {
  const std::string digits = std::to_string(value < 0 ? -static_cast<unsigned long long>(value)
                                                      : static_cast<unsigned long long>(value));
  std::string out = value < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string fixed(double value, int decimals) {
  if (std::isnan(value)) return "-";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string significant(double value, int digits) {
  if (std::isnan(value)) return "-";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char text[64];
  std::snprintf(text, sizeof text, "%.*g", digits, value);
  return text;
}

}  // namespace qplab::cli
