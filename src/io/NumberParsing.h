// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string_view>

namespace tessera::io {

/// Spaces and tabs removed from both ends.
[[nodiscard]] std::string_view trimSpaces(std::string_view text);

/// Parses a decimal number the same way in every locale: optional sign, digits with `.` as
/// the decimal point, optional exponent; surrounding spaces allowed. Returns nothing for empty
/// text, anything else around the number, thousands separators, decimal commas, NaN and
/// infinities.
[[nodiscard]] std::optional<double> parseDecimal(std::string_view text);

}  // namespace tessera::io
