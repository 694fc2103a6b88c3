// SPDX-License-Identifier: Apache-2.0
#include "io/AccountCsvReader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "io/AccountColumnMapping.h"

namespace tessera::io {
namespace {

using ::testing::HasSubstr;

std::string fixture(const std::string& name) {
    return std::string(TESSERA_TEST_DATA_DIR) + "/io/accounts/" + name;
}

AccountImportResult readFixture(const std::string& name) {
    auto result = readAccountsCsv(fixture(name));
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().toString());
    return result ? *result : AccountImportResult{};
}

void expectRowsAddUp(const AccountImportResult& result) {
    EXPECT_EQ(result.accounts.size() + result.rejects.size(), result.rowsRead);
    EXPECT_EQ(result.locatedByCoordinates + result.unlocated, result.accounts.size());
}

TEST(ReadAccountsCsv, ReadsMappedColumnsAndKeepsTheOthersAsCustom) {
    const auto result = readFixture("good.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.accounts.size(), 3u);
    EXPECT_TRUE(result.rejects.empty());
    const Account& a = result.accounts[0];
    EXPECT_EQ(a.id, "A1");
    EXPECT_EQ(a.name, "Alpha Inc");
    EXPECT_DOUBLE_EQ(a.location.x(), -89.65);
    EXPECT_DOUBLE_EQ(a.location.y(), 39.78);
    EXPECT_EQ(a.locationSource, LocationSource::Coordinates);
    EXPECT_EQ(a.segment, "Enterprise");
    EXPECT_EQ(a.postalCode, "62701");
    EXPECT_DOUBLE_EQ(a.potential, 1000000.0);
    EXPECT_DOUBLE_EQ(a.workload, 24.0);
    EXPECT_DOUBLE_EQ(a.sales, 250000.5);
    ASSERT_EQ(a.custom.size(), 1u);
    EXPECT_EQ(a.custom[0].first, "city");
    EXPECT_EQ(a.custom[0].second, "Springfield");
    EXPECT_DOUBLE_EQ(result.accounts[2].sales, 0.0);  // empty sales = 0
    EXPECT_EQ(result.locatedByCoordinates, 3u);
}

TEST(ReadAccountsCsv, ByteOrderMarkCrLfAndSalesforceHeaders) {
    const auto result = readFixture("bom-crlf-salesforce.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.accounts.size(), 2u);
    EXPECT_EQ(result.accounts[0].id, "001A");  // BOM not part of the first header
    EXPECT_EQ(result.accounts[0].name, "Acme, Inc.");
    EXPECT_DOUBLE_EQ(result.accounts[0].location.x(), -122.42);
    EXPECT_EQ(result.accounts[0].segment, "Software");
    EXPECT_EQ(result.accounts[1].postalCode, "10115");  // no stray CR at the end of the row
    EXPECT_TRUE(result.accounts[0].custom.empty());
}

TEST(ReadAccountsCsv, QuotedCommasQuotesAndLineBreaks) {
    const auto result = readFixture("quoted-fields.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.accounts.size(), 2u);
    EXPECT_EQ(result.accounts[0].name, "Smith, Jones & \"Partners\"");
    ASSERT_EQ(result.accounts[0].custom.size(), 1u);
    EXPECT_EQ(result.accounts[0].custom[0].second, "first line\nsecond line");
    EXPECT_EQ(result.accounts[1].id, "Q2");
    EXPECT_EQ(result.accounts[1].custom[0].second, "quoted, with comma");
}

TEST(ReadAccountsCsv, SemicolonFileMixingDecimalMarksGoesWithTheCommaAndRejectsWithAHint) {
    // One row each way: a tie, which a semicolon-separated file settles for the comma.
    const auto result = readFixture("semicolon-decimal-comma.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.accounts.size(), 1u);
    ASSERT_EQ(result.rejects.size(), 1u);
    EXPECT_EQ(result.rejects[0].row, 1);
    EXPECT_EQ(result.rejects[0].column, "lon");
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("decimal point"));
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("8,55"));
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("latitude"));  // both problems named
}

TEST(ReadAccountsCsv, NonNumericLatitudeIsRejected) {
    const auto result = readFixture("bad-latitude-text.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.rejects.size(), 1u);
    const ImportReject& reject = result.rejects[0];
    EXPECT_EQ(reject.source, "bad-latitude-text.csv");
    EXPECT_EQ(reject.row, 2);
    EXPECT_EQ(reject.column, "latitude");
    EXPECT_THAT(reject.reason, HasSubstr("\"north\""));
    EXPECT_EQ(reject.rawLine, "B2,Text latitude,-90.0,north");
}

TEST(ReadAccountsCsv, OutOfRangeCoordinatesAreRejectedAndSwapsPointedOut) {
    const auto result = readFixture("out-of-range-coordinates.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.accounts.size(), 1u);
    ASSERT_EQ(result.rejects.size(), 3u);
    EXPECT_EQ(result.rejects[0].column, "latitude");
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("-90…90"));
    EXPECT_EQ(result.rejects[1].column, "longitude");
    EXPECT_THAT(result.rejects[1].reason, HasSubstr("-180…180"));
    EXPECT_THAT(result.rejects[2].reason, HasSubstr("swapped"));
}

TEST(ReadAccountsCsv, ZeroZeroLocationIsRejected) {
    const auto result = readFixture("zero-zero.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.rejects.size(), 1u);
    EXPECT_EQ(result.rejects[0].row, 2);
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("(0, 0)"));
}

TEST(ReadAccountsCsv, OnlyOneCoordinateIsRejected) {
    const auto result = readFixture("one-coordinate-missing.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.rejects.size(), 1u);
    EXPECT_EQ(result.rejects[0].column, "latitude");
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("latitude is empty"));
}

TEST(ReadAccountsCsv, NegativePotentialIsRejected) {
    const auto result = readFixture("negative-potential.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.rejects.size(), 1u);
    EXPECT_EQ(result.rejects[0].column, "potential");
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("negative"));
}

TEST(ReadAccountsCsv, NonNumericWorkloadIsRejected) {
    const auto result = readFixture("non-numeric-workload.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.rejects.size(), 1u);
    EXPECT_EQ(result.rejects[0].column, "workload");
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("\"ten hours\" is not a number"));
}

TEST(ReadAccountsCsv, EmptyIdIsRejected) {
    const auto result = readFixture("empty-id.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.rejects.size(), 1u);
    EXPECT_EQ(result.rejects[0].column, "account_id");
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("empty"));
}

TEST(ReadAccountsCsv, DuplicateIdIsRejectedAndCounted) {
    const auto result = readFixture("duplicate-id.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.accounts.size(), 2u);
    EXPECT_EQ(result.accounts[0].name, "First");  // the first one wins
    EXPECT_EQ(result.duplicates, 1u);
    ASSERT_EQ(result.rejects.size(), 1u);
    EXPECT_EQ(result.rejects[0].row, 3);
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("already used by row 1"));
}

TEST(ReadAccountsCsv, WrongFieldCountIsRejectedButTrailingEmptyFieldsAreFine) {
    const auto result = readFixture("wrong-field-count.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.accounts.size(), 2u);
    EXPECT_EQ(result.accounts[1].id, "F4");
    ASSERT_EQ(result.rejects.size(), 2u);
    EXPECT_EQ(result.rejects[0].row, 2);
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("3 fields but the header has 4"));
    EXPECT_EQ(result.rejects[1].row, 3);
    EXPECT_THAT(result.rejects[1].reason, HasSubstr("without quotes"));
    EXPECT_EQ(result.rejects[1].rawLine, "F3,Acme, Inc.,-90.0,35.0");
}

TEST(ReadAccountsCsv, RowsWithoutCoordinatesAreImportedUnlocated) {
    const auto result = readFixture("unlocated.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.accounts.size(), 3u);
    EXPECT_EQ(result.unlocated, 2u);
    EXPECT_EQ(result.locatedByCoordinates, 1u);
    EXPECT_EQ(result.accounts[1].locationSource, LocationSource::None);
    EXPECT_DOUBLE_EQ(result.accounts[1].potential, 200.0);
    EXPECT_EQ(result.accounts[2].locationSource, LocationSource::None);
}

TEST(ReadAccountsCsv, UnterminatedQuoteRejectsTheRestOfTheFileAsOneRow) {
    const auto result = readFixture("unterminated-quote.csv");
    expectRowsAddUp(result);
    ASSERT_EQ(result.accounts.size(), 1u);
    ASSERT_EQ(result.rejects.size(), 1u);
    EXPECT_EQ(result.rejects[0].column, "name");
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("never closed"));
    EXPECT_THAT(result.rejects[0].rawLine, HasSubstr("T3,Swallowed"));  // nothing lost
}

TEST(ReadAccountsCsv, BlankLinesAreNotRowsAndTheReasonNamesTheLine) {
    const auto result = readFixture("blank-lines.csv");
    expectRowsAddUp(result);
    EXPECT_EQ(result.rowsRead, 2u);
    ASSERT_EQ(result.accounts.size(), 2u);
}

TEST(ReadAccountsCsv, RejectOffItsLineSaysWhereItStarts) {
    auto result = parseAccountsCsv("id,name,lon,lat\n\"A\nB\",x,1,1\nC,y,1,north\n", "t.csv");
    ASSERT_TRUE(result.has_value());
    ASSERT_EQ(result->rejects.size(), 1u);
    EXPECT_EQ(result->rejects[0].row, 2);
    EXPECT_THAT(result->rejects[0].reason, HasSubstr("starts on line 4"));
}

TEST(ReadAccountsCsv, MissingIdColumnIsAnErrorListingTheColumns) {
    auto result = readAccountsCsv(fixture("no-id-column.csv"));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::BadData);
    EXPECT_THAT(result.error().message, HasSubstr("no account ID column"));
    EXPECT_THAT(result.error().message, HasSubstr("\"name\", \"longitude\", \"latitude\""));
    EXPECT_THAT(result.error().file, HasSubstr("no-id-column.csv"));
}

TEST(ReadAccountsCsv, NoCoordinateAndNoPostalCodeColumnsIsAnError) {
    auto result = readAccountsCsv(fixture("no-coordinate-columns.csv"));
    ASSERT_FALSE(result.has_value());
    EXPECT_THAT(result.error().message, HasSubstr("no latitude and longitude columns"));
    EXPECT_THAT(result.error().message, HasSubstr("no postal code column"));
    EXPECT_THAT(result.error().message, HasSubstr("\"street\""));
}

TEST(ReadAccountsCsv, EmptyFileIsAnError) {
    auto result = readAccountsCsv(fixture("empty.csv"));
    ASSERT_FALSE(result.has_value());
    EXPECT_THAT(result.error().message, HasSubstr("empty"));
}

TEST(ReadAccountsCsv, MissingFileIsFileNotFound) {
    auto result = readAccountsCsv(fixture("does-not-exist.csv"));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::FileNotFound);
}

TEST(ReadAccountsCsv, CancelStopsWithCanceled) {
    std::string text = "id,lon,lat\n";
    for (int i = 0; i < 10000; ++i) {
        text += "A" + std::to_string(i) + ",1,1\n";
    }
    Feedback feedback;
    feedback.cancel();
    auto result = parseAccountsCsv(text, "big.csv", &feedback);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::Canceled);
}

TEST(ReadAccountsCsv, ReportsProgressUpToOne) {
    Feedback feedback;
    double last = -1.0;
    bool monotonic = true;
    feedback.setProgressCallback([&](double p) {
        monotonic = monotonic && p >= last;
        last = p;
    });
    auto result = readAccountsCsv(fixture("good.csv"), &feedback);
    ASSERT_TRUE(result.has_value());
    EXPECT_TRUE(monotonic);
    EXPECT_DOUBLE_EQ(last, 1.0);
}

TEST(ReadAccountsCsv, SampleAccountsAllImport) {
    auto result = readAccountsCsv(std::string(TESSERA_SAMPLE_DATA_DIR) + "/accounts.csv");
    ASSERT_TRUE(result.has_value()) << result.error().toString();
    expectRowsAddUp(*result);
    EXPECT_EQ(result->rowsRead, 16663u);
    EXPECT_EQ(result->accounts.size(), 16663u);
    EXPECT_TRUE(result->rejects.empty());
    // workload (hours) is mapped; visits_per_year is kept as a custom column
    EXPECT_GT(result->accounts[0].workload, 0.0);
    bool hasVisits = false;
    for (const auto& [name, value] : result->accounts[0].custom) {
        hasVisits = hasVisits || name == "visits_per_year";
    }
    EXPECT_TRUE(hasVisits);
}

TEST(ReadAccountsCsv, RealStoreListFromSharedData) {
    const std::string path =
        std::string(TESSERA_SHARED_DATA_DIR) + "/us/walmart_stores_1962_2006.csv";
    if (!std::filesystem::exists(path)) {
        GTEST_SKIP() << "shared data not available: " << path;
    }
    auto result = readAccountsCsv(path);
    ASSERT_TRUE(result.has_value()) << result.error().toString();
    expectRowsAddUp(*result);
    EXPECT_EQ(result->rowsRead, 2992u);
    EXPECT_EQ(result->accounts.size(), 2992u);
    EXPECT_EQ(result->accounts[0].id, "1");  // storenum
    EXPECT_EQ(result->accounts[0].postalCode, "72756");
    EXPECT_NEAR(result->accounts[0].location.x(), -94.07141, 1e-9);  // LON, first
}

TEST(MapAccountColumns, IgnoresCaseSpacesAndPunctuation) {
    const auto mapping =
        mapAccountColumns({"Account ID", "ACCOUNT_NAME", "Lng", "LAT.", "Zip Code", "notes"});
    EXPECT_EQ(mapping.column(AccountField::Id), 0u);
    EXPECT_EQ(mapping.column(AccountField::Name), 1u);
    EXPECT_EQ(mapping.column(AccountField::Longitude), 2u);
    EXPECT_EQ(mapping.column(AccountField::Latitude), 3u);
    EXPECT_EQ(mapping.column(AccountField::PostalCode), 4u);
    EXPECT_EQ(mapping.customColumns, (std::vector<std::size_t>{5}));
}

TEST(MapAccountColumns, MoreSpecificAliasWinsAndTheOtherStaysCustom) {
    const auto mapping = mapAccountColumns({"id", "name", "account_id", "x", "y"});
    EXPECT_EQ(mapping.column(AccountField::Id), 2u);
    EXPECT_EQ(mapping.customColumns, (std::vector<std::size_t>{0}));
}

TEST(MapAccountColumns, EmptyHeaderGetsAName) {
    const auto mapping = mapAccountColumns({"id", "  ", "lon", "lat"});
    EXPECT_EQ(mapping.headers[1], "column 2");
}

}  // namespace
}  // namespace tessera::io
