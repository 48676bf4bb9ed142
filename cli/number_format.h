// cli/number_format.h — numbers for people: thousands separators and fixed decimals
// (independent of the C locale, so output is the same everywhere).
#pragma once

#include <string>

namespace qplab::cli {

std::string grouped(long long value);           // 20410 → "20,410"
std::string fixed(double value, int decimals);  // fixed(0.95391, 4) → "0.9539"; NaN → "-"
// significant(0.000123456, 3) → "0.000123", significant(2.5e-7, 3) → "2.5e-07" (printf's %g);
// NaN → "-", infinity → "inf".
std::string significant(double value, int digits);

}  // namespace qplab::cli
