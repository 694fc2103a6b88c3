// SPDX-License-Identifier: Apache-2.0
#include "io/NumberParsing.h"

#include <gtest/gtest.h>

#include <bit>
#include <charconv>
#include <cstdint>
#include <random>
#include <string>

namespace tessera::io {
namespace {

constexpr auto kPoint = DecimalMark::Point;
constexpr auto kComma = DecimalMark::Comma;

TEST(ParseNumber, ThousandsSeparatorsWithADecimalPoint) {
    EXPECT_EQ(parseNumber("1,234.50", kPoint), 1234.5);
    EXPECT_EQ(parseNumber("1,234,567", kPoint), 1234567.0);
    EXPECT_EQ(parseNumber("1'234.5", kPoint), 1234.5);
    EXPECT_EQ(parseNumber("-12.5e3", kPoint), -12500.0);
}

TEST(ParseNumber, ThousandsSeparatorsWithADecimalComma) {
    EXPECT_EQ(parseNumber("1.234,50", kComma), 1234.5);
    EXPECT_EQ(parseNumber("52,52", kComma), 52.52);
    EXPECT_EQ(parseNumber("1 234,5", kComma), 1234.5);
    EXPECT_EQ(parseNumber("1\xC2\xA0"
                          "234,5",
                          kComma),
              1234.5);  // no-break space
}

TEST(ParseNumber, CurrencySignsAndCodesBeforeOrAfter) {
    EXPECT_EQ(parseNumber("$1,200", kPoint), 1200.0);
    EXPECT_EQ(parseNumber("\xE2\x82\xAC 3.400", kComma), 3400.0);
    EXPECT_EQ(parseNumber("3.400 \xE2\x82\xAC", kComma), 3400.0);
    EXPECT_EQ(parseNumber("USD 12", kPoint), 12.0);
    EXPECT_EQ(parseNumber("-$5", kPoint), -5.0);
    EXPECT_EQ(parseNumber("$-5", kPoint), -5.0);
}

TEST(ParseNumber, PercentIsAFraction) {
    EXPECT_DOUBLE_EQ(*parseNumber("12%", kPoint), 0.12);
    EXPECT_DOUBLE_EQ(*parseNumber("12,5 %", kComma), 0.125);
}

TEST(ParseNumber, AccountingParenthesesAndTrailingMinusAreNegative) {
    EXPECT_EQ(parseNumber("(1,200)", kPoint), -1200.0);
    EXPECT_EQ(parseNumber("1.200-", kComma), -1200.0);
}

TEST(ParseNumber, BlanksAndNotApplicableAreNoNumber) {
    for (const char* blank : {"", "  ", "N/A", "n/a", "#N/A", "NA", "null", "-"}) {
        EXPECT_TRUE(isBlankValue(blank)) << blank;
        EXPECT_FALSE(parseNumber(blank, kPoint)) << blank;
    }
    EXPECT_FALSE(isBlankValue("0"));
}

TEST(ParseNumber, GroupsMustHaveThreeDigitsSoADecimalCommaIsNotReadAsThousands) {
    EXPECT_FALSE(parseNumber("52,52", kPoint));
    EXPECT_FALSE(parseNumber("1,23.4", kPoint));
    EXPECT_FALSE(parseNumber("1.5.2", kPoint));
    EXPECT_FALSE(parseNumber("12abc", kPoint));
    EXPECT_FALSE(parseNumber("$", kPoint));
    EXPECT_FALSE(parseNumber("1,2e5", kPoint));
}

TEST(DecimalMarkEvidence, UnambiguousValuesVoteAndThreeDigitGroupsDoNot) {
    EXPECT_EQ(decimalMarkEvidence("1,5"), kComma);
    EXPECT_EQ(decimalMarkEvidence("1.234,5"), kComma);
    EXPECT_EQ(decimalMarkEvidence("1.234.567"), kComma);
    EXPECT_EQ(decimalMarkEvidence("1.5"), kPoint);
    EXPECT_EQ(decimalMarkEvidence("1,234.5"), kPoint);
    EXPECT_EQ(decimalMarkEvidence("1,234,567"), kPoint);
    EXPECT_FALSE(decimalMarkEvidence("1,234"));
    EXPECT_FALSE(decimalMarkEvidence("1.234"));
    EXPECT_FALSE(decimalMarkEvidence("12"));
}

TEST(DecimalMarkVote, MajorityWinsAndTiesGoToThePoint) {
    DecimalMarkVote vote;
    vote.add("1,5");
    vote.add("2,25");
    vote.add("3.5");
    EXPECT_EQ(vote.result(), kComma);
    DecimalMarkVote tie;
    tie.add("1,5");
    tie.add("1.5");
    EXPECT_EQ(tie.result(), kPoint);
}

// Plain decimals take a shortcut past std::from_chars; it must give the very same double for
// every form: signs, leading zeros, up to and past 15 digits, fractions of every length, and
// what it does not take (exponents, a lone point, a plus) must still be read.
TEST(ParseDecimal, TheShortcutGivesExactlyWhatFromCharsGives) {
    auto reference = [](const std::string& text) {
        double value = 0.0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        EXPECT_TRUE(ec == std::errc{} && ptr == text.data() + text.size()) << text;
        return value;
    };
    std::mt19937_64 random(7);
    for (int i = 0; i < 200000; ++i) {
        const int integerDigits = 1 + static_cast<int>(random() % 12);
        const int fractionDigits = static_cast<int>(random() % 10);
        std::string text = random() % 3 == 0 ? "-" : "";
        for (int d = 0; d < integerDigits; ++d) {
            text += static_cast<char>('0' + random() % 10);
        }
        if (fractionDigits > 0) {
            text += '.';
            for (int d = 0; d < fractionDigits; ++d) {
                text += static_cast<char>('0' + random() % 10);
            }
        }
        const auto parsed = parseDecimal(text);
        ASSERT_TRUE(parsed.has_value()) << text;
        EXPECT_EQ(std::bit_cast<std::uint64_t>(*parsed),
                  std::bit_cast<std::uint64_t>(reference(text)))
            << text;
    }
    // Edge forms: the same as from_chars, whether it takes them or not.
    for (const std::string text :
         {"0", "-0", "-0.0", "007", "0.1", "0.3", "-96.64609", "30.88296", "123456789012345",
          "1234567890123456", "12345678901234567890123", "0.000000000000001",
          "0.1234567890123456789", "9007199254740993", "1e5", "2.5E-3", "-1.5e+2", ".5", "1."}) {
        double value = 0.0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        const bool taken = ec == std::errc{} && ptr == text.data() + text.size();
        const auto parsed = parseDecimal(text);
        ASSERT_EQ(parsed.has_value(), taken) << text;
        if (taken) {
            EXPECT_EQ(std::bit_cast<std::uint64_t>(*parsed), std::bit_cast<std::uint64_t>(value))
                << text;
        }
    }
    EXPECT_EQ(parseDecimal("+5"), 5.0);
    EXPECT_EQ(parseDecimal(" 12.5 "), 12.5);
    for (const char* text : {"", "-", ".", "1.2.3", "1,5", "12a", "--1", "+-1", "1 2"}) {
        EXPECT_FALSE(parseDecimal(text).has_value()) << text;
    }
}

}  // namespace
}  // namespace tessera::io
