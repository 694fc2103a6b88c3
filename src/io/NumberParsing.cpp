// SPDX-License-Identifier: Apache-2.0
#include "NumberParsing.h"

#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <system_error>

namespace tessera::io {

namespace {

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";
constexpr std::string_view kNarrowNoBreakSpace = "\xE2\x80\xAF";
constexpr std::string_view kMinusSign = "\xE2\x88\x92";  // U+2212

/// Spaces, tabs and no-break spaces removed from both ends.
std::string_view trimAllSpaces(std::string_view text) {
    for (bool changed = true; changed;) {
        changed = false;
        const std::string_view before = text;
        text = trimSpaces(text);
        for (const std::string_view space : {kNoBreakSpace, kNarrowNoBreakSpace}) {
            if (text.starts_with(space)) {
                text.remove_prefix(space.size());
            }
            if (text.ends_with(space)) {
                text.remove_suffix(space.size());
            }
        }
        changed = text.size() != before.size();
    }
    return text;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        if (c != b[i]) {
            return false;
        }
    }
    return true;
}

// Longest first, so that "US$" is not taken for "$" with "US" left over.
constexpr std::array<std::string_view, 14> kCurrencies = {"US$",
                                                          "USD",
                                                          "EUR",
                                                          "GBP",
                                                          "CHF",
                                                          "CAD",
                                                          "AUD",
                                                          "JPY",
                                                          "SEK",
                                                          "\xE2\x82\xAC" /* € */,
                                                          "\xC2\xA3" /* £ */,
                                                          "\xC2\xA5" /* ¥ */,
                                                          "$",
                                                          "kr"};

bool matchesCurrency(std::string_view text, std::string_view currency) {
    if (text.size() != currency.size()) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        char a = text[i];
        char b = currency[i];
        if (a >= 'a' && a <= 'z') {
            a = static_cast<char>(a - 'a' + 'A');
        }
        if (b >= 'a' && b <= 'z') {
            b = static_cast<char>(b - 'a' + 'A');
        }
        if (a != b) {
            return false;
        }
    }
    return true;
}

bool stripCurrency(std::string_view& text, bool atFront) {
    for (const std::string_view currency : kCurrencies) {
        if (text.size() < currency.size()) {
            continue;
        }
        const std::string_view part =
            atFront ? text.substr(0, currency.size()) : text.substr(text.size() - currency.size());
        if (matchesCurrency(part, currency)) {
            if (atFront) {
                text.remove_prefix(currency.size());
            } else {
                text.remove_suffix(currency.size());
            }
            return true;
        }
    }
    return false;
}

bool stripMinus(std::string_view& text, bool atFront) {
    for (const std::string_view minus : {std::string_view("-"), kMinusSign}) {
        if (atFront ? text.starts_with(minus) : text.ends_with(minus)) {
            if (atFront) {
                text.remove_prefix(minus.size());
            } else {
                text.remove_suffix(minus.size());
            }
            return true;
        }
    }
    return false;
}

/// The number's body without sign, currency and percent, and what was around it.
struct NumberParts {
    std::string_view body;
    bool negative = false;
    bool percent = false;
};

std::optional<NumberParts> splitNumber(std::string_view text) {
    NumberParts parts;
    text = trimAllSpaces(text);
    if (text.size() >= 2 && text.front() == '(' && text.back() == ')') {
        parts.negative = true;
        text = trimAllSpaces(text.substr(1, text.size() - 2));
    }
    bool signSeen = parts.negative;
    bool currencySeen = false;
    // Front: any order of one sign and one currency ("-$12", "$-12", "+€ 3").
    for (int i = 0; i < 2; ++i) {
        if (!signSeen && (stripMinus(text, true) || (text.starts_with('+') && !text.empty()))) {
            if (!text.empty() && text.front() == '+') {
                text.remove_prefix(1);
            } else {
                parts.negative = true;
            }
            signSeen = true;
            text = trimAllSpaces(text);
        }
        if (!currencySeen && stripCurrency(text, true)) {
            currencySeen = true;
            text = trimAllSpaces(text);
        }
    }
    // Back: percent, currency, trailing minus.
    for (int i = 0; i < 3; ++i) {
        if (!parts.percent && text.ends_with('%')) {
            text.remove_suffix(1);
            parts.percent = true;
            text = trimAllSpaces(text);
        }
        if (!currencySeen && stripCurrency(text, false)) {
            currencySeen = true;
            text = trimAllSpaces(text);
        }
        if (!signSeen && stripMinus(text, false)) {
            parts.negative = true;
            signSeen = true;
            text = trimAllSpaces(text);
        }
    }
    if (text.empty()) {
        return std::nullopt;
    }
    parts.body = text;
    return parts;
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

/// Converts the body to plain "1234.5" form in `out`: digits, group separators (checked to
/// separate groups of three), one decimal mark, an optional exponent when there are no groups.
bool normalizeBody(std::string_view body, DecimalMark mark, std::string& out) {
    const char decimal = mark == DecimalMark::Point ? '.' : ',';
    const char group = mark == DecimalMark::Point ? ',' : '.';
    out.clear();
    std::size_t digitsInGroup = 0;
    std::size_t groups = 0;  // separators seen
    bool seenDecimal = false;
    std::size_t i = 0;
    while (i < body.size()) {
        const char c = body[i];
        if (isDigit(c)) {
            out.push_back(c);
            ++digitsInGroup;
            ++i;
            continue;
        }
        std::size_t separatorLength = 0;
        if (!seenDecimal) {
            if (c == group || c == ' ' || c == '\'') {
                separatorLength = 1;
            } else if (body.substr(i).starts_with(kNoBreakSpace)) {
                separatorLength = kNoBreakSpace.size();
            } else if (body.substr(i).starts_with(kNarrowNoBreakSpace)) {
                separatorLength = kNarrowNoBreakSpace.size();
            }
        }
        if (separatorLength > 0) {
            if (groups == 0) {
                if (digitsInGroup == 0 || digitsInGroup > 3) {
                    return false;
                }
            } else if (digitsInGroup != 3) {
                return false;
            }
            ++groups;
            digitsInGroup = 0;
            i += separatorLength;
            continue;
        }
        if (c == decimal && !seenDecimal) {
            if (groups > 0 && digitsInGroup != 3) {
                return false;
            }
            seenDecimal = true;
            out.push_back('.');
            digitsInGroup = 0;
            ++i;
            continue;
        }
        if ((c == 'e' || c == 'E') && groups == 0 && !out.empty()) {
            out.push_back('e');
            ++i;
            if (i < body.size() && (body[i] == '+' || body[i] == '-')) {
                out.push_back(body[i]);
                ++i;
            }
            const std::size_t exponentStart = i;
            while (i < body.size() && isDigit(body[i])) {
                out.push_back(body[i]);
                ++i;
            }
            return i == body.size() && i > exponentStart;
        }
        return false;
    }
    if (groups > 0 && !seenDecimal && digitsInGroup != 3) {
        return false;
    }
    return !out.empty() && out != ".";
}

}  // namespace

std::string_view trimSpaces(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

std::optional<double> parseDecimal(std::string_view text) {
    text = trimSpaces(text);
    if (text.starts_with('+')) {
        text.remove_prefix(1);
        if (text.starts_with('-') || text.starts_with('+')) {
            return std::nullopt;
        }
    }
    if (text.empty()) {
        return std::nullopt;
    }
    double value = 0.0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::general);
    if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

bool isBlankValue(std::string_view text) {
    text = trimAllSpaces(text);
    if (text.empty()) {
        return true;
    }
    // Every blank word starts with one of these; numbers and most words do not.
    const char first = text.front();
    if (text.size() > 5 ||
        (first != 'n' && first != 'N' && first != '#' && first != '-' && first != '\xE2')) {
        return false;
    }
    static constexpr std::string_view kBlanks[] = {
        "n/a",         "na", "#n/a", "n.a.", "null", "none", "-", "--", "\xE2\x80\x94" /* — */,
        "\xE2\x80\x93" /* – */};
    for (const std::string_view blank : kBlanks) {
        if (equalsIgnoringCase(text, blank)) {
            return true;
        }
    }
    return false;
}

std::optional<double> parseNumber(std::string_view text, DecimalMark mark) {
    // Fast path: the plain form most files use.
    if (mark == DecimalMark::Point) {
        if (auto plain = parseDecimal(text)) {
            return plain;
        }
    }
    if (isBlankValue(text)) {
        return std::nullopt;
    }
    const auto parts = splitNumber(text);
    if (!parts) {
        return std::nullopt;
    }
    std::string normalized;
    if (!normalizeBody(parts->body, mark, normalized)) {
        return std::nullopt;
    }
    double value = 0.0;
    const char* end = normalized.data() + normalized.size();
    const auto [ptr, ec] =
        std::from_chars(normalized.data(), end, value, std::chars_format::general);
    if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
        return std::nullopt;
    }
    if (parts->percent) {
        value /= 100.0;
    }
    return parts->negative ? -value : value;
}

std::optional<DecimalMark> decimalMarkEvidence(std::string_view text) {
    const auto parts = splitNumber(text);
    if (!parts) {
        return std::nullopt;
    }
    const std::string_view body = parts->body;
    const std::size_t lastPoint = body.rfind('.');
    const std::size_t lastComma = body.rfind(',');
    const bool hasPoint = lastPoint != std::string_view::npos;
    const bool hasComma = lastComma != std::string_view::npos;
    if (hasPoint && hasComma) {
        return lastComma > lastPoint ? DecimalMark::Comma : DecimalMark::Point;
    }
    if (!hasPoint && !hasComma) {
        return std::nullopt;
    }
    const char mark = hasPoint ? '.' : ',';
    const std::size_t last = hasPoint ? lastPoint : lastComma;
    const DecimalMark same = hasPoint ? DecimalMark::Point : DecimalMark::Comma;
    const DecimalMark other = hasPoint ? DecimalMark::Comma : DecimalMark::Point;
    if (body.find(mark) != last) {
        return other;  // repeated: a group separator
    }
    std::size_t digitsAfter = 0;
    for (std::size_t i = last + 1; i < body.size() && isDigit(body[i]); ++i) {
        ++digitsAfter;
    }
    if (digitsAfter != 3 || last == 0) {
        return same;
    }
    return std::nullopt;  // 1,234 or 1.234: either
}

void DecimalMarkVote::add(std::string_view text) {
    if (const auto evidence = decimalMarkEvidence(text)) {
        (*evidence == DecimalMark::Comma ? commaVotes_ : pointVotes_) += 1;
    }
}

}  // namespace tessera::io
