// SPDX-License-Identifier: Apache-2.0
#include "io/CsvReader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tessera::io {
namespace {

std::vector<std::vector<std::string>> readAll(std::string_view text, CsvDialect dialect = {}) {
    CsvReader reader(text, dialect);
    CsvRecord record;
    std::vector<std::vector<std::string>> records;
    while (reader.next(record)) {
        auto& fields = records.emplace_back();
        for (std::size_t i = 0; i < record.size(); ++i) {
            fields.emplace_back(record[i]);
        }
    }
    return records;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvReader, SplitsPlainFieldsAndRecords) {
    EXPECT_EQ(readAll("a,b,c\n1,2,3\n"), (Rows{{"a", "b", "c"}, {"1", "2", "3"}}));
}

TEST(CsvReader, LastRecordWithoutLineBreakIsRead) {
    EXPECT_EQ(readAll("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReader, EmptyFieldsAreKept) {
    EXPECT_EQ(readAll(",x,\n"), (Rows{{"", "x", ""}}));
    EXPECT_EQ(readAll("a,"), (Rows{{"a", ""}}));
}

TEST(CsvReader, QuotedDelimiterIsData) {
    EXPECT_EQ(readAll("\"Acme, Inc.\",2\n"), (Rows{{"Acme, Inc.", "2"}}));
}

TEST(CsvReader, DoubledQuoteIsOneQuote) {
    EXPECT_EQ(readAll("\"say \"\"hi\"\"\",x\n"), (Rows{{"say \"hi\"", "x"}}));
    EXPECT_EQ(readAll("\"\"\"\"\n"), (Rows{{"\""}}));
}

TEST(CsvReader, LineBreaksInsideQuotesAreData) {
    EXPECT_EQ(readAll("\"one\ntwo\",x\r\n\"three\r\nfour\",y"),
              (Rows{{"one\ntwo", "x"}, {"three\r\nfour", "y"}}));
}

TEST(CsvReader, CrLfAndCrEndRecords) {
    EXPECT_EQ(readAll("a,b\r\n1,2\r\n"), (Rows{{"a", "b"}, {"1", "2"}}));
    EXPECT_EQ(readAll("a,b\r1,2\r"), (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReader, Utf8ByteOrderMarkIsSkipped) {
    EXPECT_EQ(readAll("\xEF\xBB\xBFid,name\n"), (Rows{{"id", "name"}}));
}

TEST(CsvReader, EmptyLinesAreNoRecords) {
    EXPECT_EQ(readAll("\n\na\r\n\r\nb\n\n"), (Rows{{"a"}, {"b"}}));
    EXPECT_TRUE(readAll("").empty());
    EXPECT_TRUE(readAll("\xEF\xBB\xBF").empty());
}

TEST(CsvReader, RecordsKnowTheirRawTextAndStartLine) {
    CsvReader reader("h1,h2\n\"multi\nline\",x\r\nlast,y");
    CsvRecord record;
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(record.line(), 1);
    EXPECT_EQ(record.raw(), "h1,h2");
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(record.line(), 2);
    EXPECT_EQ(record.raw(), "\"multi\nline\",x");
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(record.line(), 4);
    EXPECT_EQ(record.raw(), "last,y");
    EXPECT_FALSE(reader.next(record));
}

TEST(CsvReader, UnterminatedQuoteIsReportedAndKeepsTheRest) {
    CsvReader reader("a,\"open\nb,c\n");
    CsvRecord record;
    ASSERT_TRUE(reader.next(record));
    EXPECT_FALSE(record.problem().empty());
    EXPECT_EQ(record.problemField(), 1u);
    ASSERT_EQ(record.size(), 2u);
    EXPECT_EQ(record[1], "open\nb,c\n");
    EXPECT_FALSE(reader.next(record));
}

TEST(CsvReader, TextAfterClosingQuoteIsReportedAndKept) {
    CsvReader reader("\"abc\"def,x\n");
    CsvRecord record;
    ASSERT_TRUE(reader.next(record));
    EXPECT_FALSE(record.problem().empty());
    EXPECT_EQ(record[0], "abcdef");
    EXPECT_EQ(record[1], "x");
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsData) {
    CsvReader reader("12\" pipe,x\n");
    CsvRecord record;
    ASSERT_TRUE(reader.next(record));
    EXPECT_TRUE(record.problem().empty());
    EXPECT_EQ(record[0], "12\" pipe");
}

TEST(CsvReader, OtherDelimiters) {
    EXPECT_EQ(readAll("a;b,c\n", CsvDialect{';', '"'}), (Rows{{"a", "b,c"}}));
    EXPECT_EQ(readAll("a\tb\n", CsvDialect{'\t', '"'}), (Rows{{"a", "b"}}));
}

TEST(CsvReader, OutOfRangeFieldIsEmpty) {
    CsvReader reader("a\n");
    CsvRecord record;
    ASSERT_TRUE(reader.next(record));
    EXPECT_EQ(record[5], "");
}

TEST(SniffCsvDelimiter, PicksTheMostFrequentOutsideQuotes) {
    EXPECT_EQ(sniffCsvDelimiter("a,b,c\n1;2;3;4;5"), ',');
    EXPECT_EQ(sniffCsvDelimiter("a;b;\"c,d,e,f\"\n"), ';');
    EXPECT_EQ(sniffCsvDelimiter("a\tb\tc\n"), '\t');
    EXPECT_EQ(sniffCsvDelimiter("single\n"), ',');
}

TEST(AppendCsvField, QuotesOnlyWhenNeeded) {
    std::string out;
    appendCsvField(out, "plain");
    EXPECT_EQ(out, "plain");
    out.clear();
    appendCsvField(out, "a,b");
    EXPECT_EQ(out, "\"a,b\"");
    out.clear();
    appendCsvField(out, "say \"hi\"");
    EXPECT_EQ(out, "\"say \"\"hi\"\"\"");
    out.clear();
    appendCsvField(out, "two\nlines");
    EXPECT_EQ(out, "\"two\nlines\"");
}

TEST(AppendCsvField, WhatIsWrittenReadsBackTheSame) {
    const std::vector<std::string> values = {
        "", "x", "a,b", "\"", "line\r\nbreak", " padded ", "Müller & Söhne", "12\" pipe"};
    std::string text;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) {
            text.push_back(',');
        }
        appendCsvField(text, values[i]);
    }
    text += "\r\n";
    const Rows rows = readAll(text);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0], values);
}

}  // namespace
}  // namespace tessera::io
