// Numbers as text for messages; see number_text.h.
#include "core/base/cold_code.h"
QPLAB_COLD_FILE_BEGIN

#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/base/number_text.h"

namespace qplab {

namespace {

// x * 10^n in one rounding while 10^|n| is exact (|n| <= 22), a few ulps off beyond; in two
// steps past 10^300, so double subnormals (down to 5e-324) keep their powers of ten finite.
double times_power_of_ten(double x, int n) {
  if (n > 300) return times_power_of_ten(x * 1e300, n - 300);
  if (n < -300) return times_power_of_ten(x / 1e300, n + 300);
  double power = 1.0;
  for (int i = 0; i < std::abs(n); ++i) power *= 10.0;
  return n < 0 ? x / power : x * power;
}

// `digits` (no trailing zeros) is d.ddd x 10^exponent; ECMAScript's Number::toString layout.
std::string layout(std::string digits, int exponent) {
  const int count = static_cast<int>(digits.size());
  const int point = exponent + 1;  // digits before the decimal point
  if (count <= point && point <= 21)
    return digits.append(static_cast<std::size_t>(point - count), '0');
  if (0 < point && point <= 21) return digits.insert(static_cast<std::size_t>(point), ".");
  if (-6 < point && point <= 0)
    return digits.insert(0, "0." + std::string(static_cast<std::size_t>(-point), '0'));
  if (count > 1) digits.insert(1, ".");
  return digits + (exponent < 0 ? "e-" : "e+") + std::to_string(std::abs(exponent));
}

}  // namespace

std::string number_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  const std::string sign = std::signbit(value) ? "-" : "";
  if (value == 0.0) return sign + "0";
  const double magnitude = std::abs(value);
  const bool is_float = magnitude <= std::numeric_limits<float>::max() &&
                        static_cast<double>(static_cast<float>(magnitude)) == magnitude;
  int leading = static_cast<int>(std::floor(std::log10(magnitude)));  // exponent of the first digit
  if (times_power_of_ten(magnitude, -leading) >= 10.0) ++leading;
  if (times_power_of_ten(magnitude, -leading) < 1.0) --leading;

  std::uint64_t digits = 0;
  int exponent = leading;
  std::uint64_t limit = 1;  // 10^precision
  for (int precision = 1; precision <= 17; ++precision) {
    limit *= 10;
    exponent = leading;
    digits = static_cast<std::uint64_t>(
        std::llround(times_power_of_ten(magnitude, precision - 1 - exponent)));
    if (digits >= limit) {  // rounding carried into a new digit: 9.96 -> 10.0
      digits /= 10;
      ++exponent;
    }
    const double back = times_power_of_ten(static_cast<double>(digits), exponent - precision + 1);
    if (is_float ? static_cast<float>(back) == static_cast<float>(magnitude) : back == magnitude)
      break;
  }
  std::string text = std::to_string(digits);
  text.erase(text.find_last_not_of('0') + 1);
  return sign + layout(text, exponent);
}

std::string hex_digits(std::uint32_t value, int digits) {
  std::string text(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0 && value != 0; --i, value >>= 4)
    text[static_cast<std::size_t>(i)] = "0123456789ABCDEF"[value & 0xF];
  return text;
}

}  // namespace qplab

QPLAB_COLD_FILE_END
