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

/// The character that separates the integer part from the fraction.
enum class DecimalMark {
    Point,  ///< 1,234.50
    Comma,  ///< 1.234,50
};

/// Whether a cell means "no value": empty, or N/A, NA, #N/A, n.a., null, none, -, —.
[[nodiscard]] bool isBlankValue(std::string_view text);

/// Parses a number as people write it in spreadsheets and CRM exports, with `mark` as the
/// decimal separator: thousands grouped by the other one of `.`/`,`, by spaces (also
/// no-break spaces) or apostrophes (`1,234.50`, `1.234,50`, `1 234,5`, `1'234.5`); a currency
/// sign or code before or after (`$1,200`, `€ 3.400`, `3.400 €`, `USD 12`); a percent sign
/// (`12%` is 0.12); a minus sign before or after the currency, a trailing minus, or
/// accounting parentheses (`(1,200)` is -1200). Groups must have three digits, so `52,52`
/// is not read as 5252 when the mark is a point. Returns nothing for blank values and
/// anything else that is not such a number.
[[nodiscard]] std::optional<double> parseNumber(std::string_view text, DecimalMark mark);

/// What one value says about the decimal mark of its column: `1,5`, `1.234,5` and `1.234.567`
/// say comma; `1.5`, `1,234.5` and `1,234,567` say point; `1,234`, `1.234` and `12` say
/// nothing.
[[nodiscard]] std::optional<DecimalMark> decimalMarkEvidence(std::string_view text);

/// Counts evidence over a column's values; the decimal mark most values point to (point when
/// undecided).
class DecimalMarkVote {
public:
    void add(std::string_view text);
    [[nodiscard]] DecimalMark result() const {
        return commaVotes_ > pointVotes_ ? DecimalMark::Comma : DecimalMark::Point;
    }
    [[nodiscard]] std::size_t pointVotes() const { return pointVotes_; }
    [[nodiscard]] std::size_t commaVotes() const { return commaVotes_; }

private:
    std::size_t pointVotes_ = 0;
    std::size_t commaVotes_ = 0;
};

}  // namespace tessera::io
