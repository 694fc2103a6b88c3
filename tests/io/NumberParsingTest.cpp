// SPDX-License-Identifier: Apache-2.0
#include "io/NumberParsing.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace tessera::io
