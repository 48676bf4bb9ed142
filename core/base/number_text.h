// Numbers as text for messages, without printf or strtod: the page's wasm module then links
// neither, nor the 128-bit long double arithmetic strtod brings (README, "Code weight").
#pragma once

#include <cstdint>
#include <string>

namespace qplab {

// The shortest decimal that reads back as `value` (as a float when `value` is exactly one, so
// 0.2f reads "0.2", not "0.200000003"), laid out as JavaScript's Number#toString lays it out:
// "0.00390625", "1e-7", "1.5e+21", "-0", "inf", "-inf", "nan". Exact for floats and for doubles
// of at most 15 significant digits between 1e-22 and 1e22; other doubles get up to 17 digits
// within a few ulps (powers of ten past 1e22 are not exact doubles).
std::string number_text(double value);

// `digits` upper-case hexadecimal digits, zero-padded: hex_digits(0x803, 8) == "00000803".
std::string hex_digits(std::uint32_t value, int digits);

}  // namespace qplab
