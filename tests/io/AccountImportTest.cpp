// SPDX-License-Identifier: Apache-2.0
// The messy-file corpus (tests/data/io/accounts): one file per problem, each test named after
// what it checks. Reading options, mapping, locating and spreadsheets of the account import.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "io/AccountCsvReader.h"
#include "io/AccountImportOptions.h"
#include "io/PostalGazetteer.h"

namespace tessera::io {
namespace {

using ::testing::HasSubstr;

std::string fixture(const std::string& name) {
    return std::string(TESSERA_TEST_DATA_DIR) + "/io/accounts/" + name;
}

const PostalGazetteer& testGazetteer() {
    static const PostalGazetteer gazetteer = [] {
        auto loaded = PostalGazetteer::load(std::string(TESSERA_TEST_DATA_DIR) + "/io/geocoding");
        EXPECT_TRUE(loaded) << (loaded ? "" : loaded.error().toString());
        return loaded ? *loaded : PostalGazetteer{};
    }();
    return gazetteer;
}

AccountImportResult read(const std::string& name, const AccountImportOptions& options = {}) {
    auto result = readAccountsFile(fixture(name), options);
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().toString());
    if (!result) {
        return {};
    }
    EXPECT_EQ(result->accounts.size() + result->rejects.size(), result->rowsRead);
    EXPECT_EQ(result->locatedByCoordinates + result->locatedByPostcode + result->unlocated,
              result->accounts.size());
    return *result;
}

std::string custom(const Account& account, const std::string& header) {
    for (const auto& [name, value] : account.custom) {
        if (name == header) {
            return std::string(value);
        }
    }
    return "<missing>";
}

TEST(AccountImportEncoding, Utf16LittleEndianExcelUnicodeTextKeepsUmlauts) {
    const auto result = read("utf16le-bom-excel-unicode-text.txt");
    EXPECT_EQ(result.encoding, TextEncoding::Utf16LE);
    EXPECT_EQ(result.delimiter, '\t');
    ASSERT_EQ(result.accounts.size(), 2u);
    EXPECT_EQ(result.accounts[0].name, "M\xC3\xBCller & S\xC3\xB6hne GmbH");
    EXPECT_EQ(custom(result.accounts[0], "Billing City"), "M\xC3\xBCnchen");
    EXPECT_DOUBLE_EQ(result.accounts[0].location.y(), 48.137);
}

TEST(AccountImportEncoding, Utf16BigEndianWithByteOrderMark) {
    const auto result = read("utf16be-bom.csv");
    EXPECT_EQ(result.encoding, TextEncoding::Utf16BE);
    ASSERT_EQ(result.accounts.size(), 1u);
    EXPECT_EQ(result.accounts[0].name,
              "\xC3\x86r\xC3\xB8sk\xC3\xB8"
              "bing B\xC3\xA5"
              "dv\xC3\xA6rft");
}

TEST(AccountImportEncoding, Windows1252IsDetectedWhenTheBytesAreNotUtf8) {
    const auto result = read("windows1252-accents.csv");
    EXPECT_EQ(result.encoding, TextEncoding::Windows1252);
    ASSERT_EQ(result.accounts.size(), 2u);
    EXPECT_EQ(result.accounts[0].name,
              "Cr\xC3\xA8me Br\xC3\xBBl\xC3\xA9"
              "e Caf\xC3\xA9");
    EXPECT_THAT(result.notes.front(), HasSubstr("Windows-1252"));
}

TEST(AccountImportEncoding, EncodingOverrideWins) {
    AccountImportOptions options;
    options.encoding = TextEncoding::Latin1;
    const auto result = read("windows1252-accents.csv", options);
    EXPECT_EQ(result.encoding, TextEncoding::Latin1);
    EXPECT_EQ(result.accounts[0].name,
              "Cr\xC3\xA8me Br\xC3\xBBl\xC3\xA9"
              "e Caf\xC3\xA9");
}

TEST(AccountImportEncoding, Utf8WithoutByteOrderMarkKeepsAccents) {
    const auto result = read("utf8-no-bom-accents.csv");
    EXPECT_EQ(result.encoding, TextEncoding::Utf8);
    ASSERT_EQ(result.accounts.size(), 2u);
    EXPECT_EQ(result.accounts[1].name, "S\xC3\xA3o Paulo Ltda");
}

TEST(AccountImportDelimiter, PipeIsDetectedAndQuotedCommaStaysInTheValue) {
    const auto result = read("pipe-delimited.csv");
    EXPECT_EQ(result.delimiter, '|');
    EXPECT_EQ(result.accounts[0].name, "Pipe, Inc.");
}

TEST(AccountImportDelimiter, OverrideWinsOverDetection) {
    AccountImportOptions options;
    options.delimiter = ',';
    auto result = readAccountsFile(fixture("pipe-delimited.csv"), options);
    ASSERT_FALSE(result);  // read with commas, no column is known
    EXPECT_THAT(result.error().message, HasSubstr("no header row found"));
}

TEST(AccountImportHeader, TitleRowsAboveTheHeaderAreSkippedAndNoted) {
    const auto result = read("title-rows-above-header.csv");
    EXPECT_EQ(result.linesBeforeHeader, 1u);  // the title; the empty line is no record
    ASSERT_EQ(result.accounts.size(), 2u);
    EXPECT_EQ(result.accounts[0].id, "T1");
    EXPECT_THAT(result.notes.front(), HasSubstr("title"));
}

TEST(AccountImportHeader, HeaderlessFileReadWithColumnNumbersFromAMapping) {
    auto options = readMappingFile(fixture("headerless.mapping.json"));
    ASSERT_TRUE(options) << options.error().toString();
    const auto result = read("headerless.csv", *options);
    EXPECT_FALSE(result.hasHeader);
    ASSERT_EQ(result.accounts.size(), 2u);  // the first row is data
    EXPECT_EQ(result.accounts[0].id, "H1");
    EXPECT_DOUBLE_EQ(result.accounts[1].location.x(), -73.9);
}

TEST(AccountImportHeader, HeaderlessFileWithoutMappingIsAnErrorShowingTheFirstRow) {
    auto result = readAccountsFile(fixture("headerless.csv"), {});
    ASSERT_FALSE(result);
    EXPECT_THAT(result.error().message, HasSubstr("H1,First"));
    EXPECT_THAT(result.error().message, HasSubstr("column 1"));
}

TEST(AccountImportNumbers, EuropeanDecimalCommaAndEuroAmountsAreDetectedPerColumn) {
    const auto result = read("european-numbers.csv");
    EXPECT_EQ(result.delimiter, ';');
    ASSERT_EQ(result.accounts.size(), 3u)
        << (result.rejects.empty() ? "" : result.rejects[0].reason);
    EXPECT_EQ(result.decimalMarks[static_cast<std::size_t>(AccountField::Latitude)],
              DecimalMark::Comma);
    EXPECT_DOUBLE_EQ(result.accounts[0].location.y(), 52.52);
    EXPECT_DOUBLE_EQ(result.accounts[0].potential, 1234.5);
    EXPECT_DOUBLE_EQ(result.accounts[0].sales, 3400.0);
    EXPECT_DOUBLE_EQ(result.accounts[1].potential, 0.0);  // N/A
    EXPECT_DOUBLE_EQ(result.accounts[1].sales, 12000.0);
    EXPECT_DOUBLE_EQ(result.accounts[2].sales, -250.5);
}

TEST(AccountImportNumbers, UsFormattedDollarsPercentsParenthesesAndBlanks) {
    const auto result = read("us-formatted-numbers.csv");
    ASSERT_EQ(result.accounts.size(), 3u);
    EXPECT_DOUBLE_EQ(result.accounts[0].potential, 1200.0);
    EXPECT_DOUBLE_EQ(result.accounts[0].sales, 1234.5);
    EXPECT_DOUBLE_EQ(result.accounts[1].potential, 0.12);
    EXPECT_DOUBLE_EQ(result.accounts[1].sales, -1.5);
    EXPECT_DOUBLE_EQ(result.accounts[1].workload, 0.0);  // n/a
    EXPECT_DOUBLE_EQ(result.accounts[2].potential, 2500.75);
    ASSERT_EQ(result.rejects.size(), 1u);
    EXPECT_EQ(result.rejects[0].row, 4);
    EXPECT_EQ(result.rejects[0].column, "potential");
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("decimal comma"));
}

TEST(AccountImportNumbers, DecimalMarkOverrideForOneColumn) {
    const std::string csv = "id,lat,lon,potential\nA,40,-74,\"1,200\"\nB,40,-74,\"3,5\"\n";
    AccountImportOptions options;
    auto asDetected = parseAccounts(csv, "t.csv", options);
    ASSERT_TRUE(asDetected);
    EXPECT_DOUBLE_EQ(asDetected->accounts[0].potential, 1.2);  // "3,5" voted for the comma
    options.fieldDecimalMark[static_cast<std::size_t>(AccountField::Potential)] =
        DecimalMark::Point;
    auto overridden = parseAccounts(csv, "t.csv", options);
    ASSERT_TRUE(overridden);
    EXPECT_DOUBLE_EQ(overridden->accounts[0].potential, 1200.0);
    ASSERT_EQ(overridden->rejects.size(), 1u);
    EXPECT_EQ(overridden->rejects[0].column, "potential");
}

TEST(AccountImportMapping, HubSpotExportNamesAreRecognised) {
    const auto result = read("hubspot-export.csv", {});
    ASSERT_EQ(result.accounts.size(), 1u);
    const Account& a = result.accounts[0];
    EXPECT_EQ(a.id, "101");
    EXPECT_EQ(a.name, "Acme");
    EXPECT_EQ(a.postalCode, "02139");
    EXPECT_EQ(a.segment, "Software");
    EXPECT_EQ(a.owner, "Jane Roe");
    EXPECT_DOUBLE_EQ(a.potential, 5000000.0);
    EXPECT_EQ(custom(a, "City"), "Cambridge");
    EXPECT_EQ(custom(a, "Country/Region"), "United States");
    EXPECT_EQ(result.mapping.column(AccountField::State), 4u);
    EXPECT_EQ(result.mapping.column(AccountField::Street), 2u);
}

TEST(AccountImportMapping, DynamicsExportNamesAreRecognised) {
    const auto result = read("dynamics-export.csv");
    ASSERT_EQ(result.accounts.size(), 1u);
    const Account& a = result.accounts[0];
    EXPECT_EQ(a.id, "3f1c");
    EXPECT_DOUBLE_EQ(a.location.y(), 47.64);
    EXPECT_EQ(a.postalCode, "98052");
    EXPECT_EQ(a.owner, "owner-1");
    EXPECT_EQ(a.segment, "7");
    EXPECT_EQ(custom(a, "address1_city"), "Redmond");
}

TEST(AccountImportMapping, SalesforceApiNamesAreRecognisedAndUnknownColumnsKept) {
    const auto result = read("salesforce-api-names.csv");
    ASSERT_EQ(result.accounts.size(), 1u);
    const Account& a = result.accounts[0];
    EXPECT_EQ(a.id, "001xx000003DGb2AAG");
    EXPECT_DOUBLE_EQ(a.location.x(), -122.3972);
    EXPECT_DOUBLE_EQ(a.potential, 26492000000.0);
    EXPECT_EQ(a.segment, "Technology");
    EXPECT_EQ(a.owner, "005xx000001Sv6AAAS");
    EXPECT_EQ(custom(a, "NumberOfEmployees"), "70000");
    EXPECT_EQ(custom(a, "BillingStreet"), "415 Mission St");
}

TEST(AccountImportMapping, StoreListAbbreviationsAreRecognised) {
    // The header of the Walmart store list in ../shared/data (1962-2006).
    const auto mapping = mapAccountColumns({"storenum", "OPENDATE", "STREETADDR", "STRCITY",
                                            "STRSTATE", "ZIPCODE", "type_store", "LAT", "LON"});
    EXPECT_EQ(mapping.column(AccountField::Id), 0u);
    EXPECT_EQ(mapping.column(AccountField::Street), 2u);
    EXPECT_EQ(mapping.column(AccountField::City), 3u);
    EXPECT_EQ(mapping.column(AccountField::State), 4u);
    EXPECT_EQ(mapping.column(AccountField::PostalCode), 5u);
    EXPECT_EQ(mapping.column(AccountField::Segment), 6u);
    EXPECT_EQ(mapping.column(AccountField::Latitude), 7u);
}

TEST(AccountImportMapping, VisitsTimesMinutesGiveTheWorkload) {
    const auto result = read("visits-and-minutes.csv");
    EXPECT_TRUE(result.workloadFromVisits);
    ASSERT_EQ(result.accounts.size(), 2u);
    EXPECT_DOUBLE_EQ(result.accounts[0].workload, 18.0);  // 12 × 90 min
    EXPECT_DOUBLE_EQ(result.accounts[1].workload, 0.0);   // no visits given
    ASSERT_EQ(result.rejects.size(), 1u);
    EXPECT_EQ(result.rejects[0].column, "minutes per visit");
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("negative"));
}

TEST(AccountImportMapping, MappingFileNamesTheColumnsAndTheDecimalMark) {
    auto options = readMappingFile(fixture("custom-headers.mapping.json"));
    ASSERT_TRUE(options) << options.error().toString();
    const auto result = read("custom-headers.csv", *options);
    ASSERT_EQ(result.accounts.size(), 2u);
    EXPECT_EQ(result.accounts[0].id, "K1");
    EXPECT_EQ(result.accounts[0].name, "Erste");
    EXPECT_DOUBLE_EQ(result.accounts[0].location.x(), 13.405);
    EXPECT_DOUBLE_EQ(result.accounts[1].potential, 2000.0);
    EXPECT_TRUE(result.accounts[0].custom.empty());
}

TEST(AccountImportMapping, MappingFileRoundTripsThroughJson) {
    AccountImportOptions options;
    options.fieldChoices = {{AccountField::Id, "Store \"Nbr\""}, {AccountField::Owner, ""}};
    options.encoding = TextEncoding::Windows1252;
    options.delimiter = '\t';
    options.decimalMark = DecimalMark::Comma;
    options.fieldDecimalMark[static_cast<std::size_t>(AccountField::Sales)] = DecimalMark::Point;
    options.swapLatLon = SwapLatLon::No;
    options.sheet = "Accounts";
    options.defaultCountry = "DE";
    auto parsed = parseMappingJson(mappingJson(options), "m.json");
    ASSERT_TRUE(parsed) << parsed.error().toString();
    EXPECT_EQ(*parsed, options);
}

TEST(AccountImportMapping, MappingFileWithUnknownKeyIsAnErrorNamingIt) {
    auto parsed = parseMappingJson(R"({"lattitude": "LAT"})", "m.json");
    ASSERT_FALSE(parsed);
    EXPECT_THAT(parsed.error().message, HasSubstr("lattitude"));
}

TEST(AccountImportMapping, MappingToAColumnTheFileLacksIsAnErrorListingTheColumns) {
    AccountImportOptions options;
    options.fieldChoices = {{AccountField::Id, "Kundennr"}};
    auto result = readAccountsFile(fixture("good.csv"), options);
    ASSERT_FALSE(result);
    EXPECT_THAT(result.error().message, HasSubstr("Kundennr"));
    EXPECT_THAT(result.error().message, HasSubstr("\"account_id\""));
}

TEST(AccountImportMapping, NoCoordinatesAndNoPostalCodeIsAnError) {
    auto result = readAccountsFile(fixture("no-coordinate-columns.csv"), {});
    ASSERT_FALSE(result);
    EXPECT_THAT(result.error().message, HasSubstr("postal code"));
}

TEST(AccountImportMapping, RejectsExportErrorColumnIsNotKeptOnReimport) {
    const auto result = read("rejects-export-reimport.csv");
    ASSERT_EQ(result.accounts.size(), 1u);
    EXPECT_TRUE(result.accounts[0].custom.empty());
}

TEST(AccountImportLocating, SwappedLatLonColumnsAreDetectedAndSwapped) {
    const auto result = read("swapped-lat-lon-columns.csv");
    EXPECT_TRUE(result.latLonSwapped);
    EXPECT_THAT(result.swapNote, HasSubstr("4 of 5"));  // Boston fits both ways
    ASSERT_EQ(result.accounts.size(), 5u);
    EXPECT_DOUBLE_EQ(result.accounts[0].location.x(), -122.33);
    EXPECT_DOUBLE_EQ(result.accounts[0].location.y(), 47.61);
}

TEST(AccountImportLocating, SwapOffKeepsTheColumnsAndRejectsWithAHint) {
    AccountImportOptions options;
    options.swapLatLon = SwapLatLon::No;
    const auto result = read("swapped-lat-lon-columns.csv", options);
    EXPECT_FALSE(result.latLonSwapped);
    EXPECT_THAT(result.swapNote, HasSubstr("kept as they are"));
    EXPECT_EQ(result.rejects.size(), 4u);  // Boston is in range either way
    EXPECT_THAT(result.rejects[0].reason, HasSubstr("swapped"));
}

TEST(AccountImportLocating, SwapDetectedByTheProjectAreasWhenBothWaysAreInRange) {
    // Lat 40, lon 20 fits both ways; only the areas tell.
    const std::string csv = "id,lat,lon\nA,-80,40\nB,-81,41\nC,-82,42\n";
    AccountImportOptions options;
    options.countInAreas = [](std::span<const Point> points) {
        std::size_t inside = 0;
        for (const Point& p : points) {
            inside += p.x() < -70 && p.y() > 30 ? 1 : 0;  // "the US"
        }
        return inside;
    };
    auto result = parseAccounts(csv, "t.csv", options);
    ASSERT_TRUE(result);
    EXPECT_TRUE(result->latLonSwapped);
    EXPECT_THAT(result->swapNote, HasSubstr("inside the project's areas"));
    EXPECT_DOUBLE_EQ(result->accounts[0].location.x(), -80.0);
}

TEST(AccountImportLocating, PostalCodeCentroidsWithLostLeadingZerosAndZipPlusFour) {
    AccountImportOptions options;
    options.gazetteer = &testGazetteer();
    options.defaultCountry = "US";
    const auto result = read("postcode-only.csv", options);
    ASSERT_EQ(result.accounts.size(), 6u);
    EXPECT_EQ(result.locatedByPostcode, 4u);  // 02139, 2139, 02139-4307, 90210
    EXPECT_EQ(result.postcodesZeroPadded, 1u);
    EXPECT_EQ(result.postcodesNotFound, 1u);  // 99999
    EXPECT_EQ(result.unlocated, 2u);          // 99999 and the empty one
    EXPECT_EQ(result.accounts[1].locationSource, LocationSource::PostalCode);
    EXPECT_DOUBLE_EQ(result.accounts[1].location.x(), -71.10416);
    EXPECT_EQ(result.accounts[1].postalCode, "2139");  // kept as given
    EXPECT_EQ(result.accounts[5].locationSource, LocationSource::None);
}

TEST(AccountImportLocating, CountryColumnChoosesThePostalTable) {
    AccountImportOptions options;
    options.gazetteer = &testGazetteer();
    const auto result = read("postcode-with-countries.csv", options);
    ASSERT_EQ(result.accounts.size(), 3u);
    EXPECT_EQ(result.accounts[0].locationSource, LocationSource::PostalCode);
    EXPECT_DOUBLE_EQ(result.accounts[0].location.x(), 13.3872);  // Berlin, DE table
    EXPECT_EQ(result.accounts[1].locationSource, LocationSource::PostalCode);
    EXPECT_EQ(result.accounts[2].locationSource, LocationSource::None);  // "Atlantis"
}

TEST(AccountImportLocating, ZeroZeroFallsBackOnThePostalCode) {
    AccountImportOptions options;
    options.gazetteer = &testGazetteer();
    options.defaultCountry = "US";
    auto result = parseAccounts("id,lat,lon,zip\nA,0,0,90210\nB,0,0,\n", "t.csv", options);
    ASSERT_TRUE(result);
    ASSERT_EQ(result->accounts.size(), 1u);
    EXPECT_EQ(result->accounts[0].locationSource, LocationSource::PostalCode);
    ASSERT_EQ(result->rejects.size(), 1u);
    EXPECT_THAT(result->rejects[0].reason, HasSubstr("(0, 0)"));
}

TEST(AccountImportLocating, BundledUsTableLocatesEveryPostalCodeItHolds) {
    auto gazetteer = PostalGazetteer::load(PostalGazetteer::defaultLocation());
    ASSERT_TRUE(gazetteer) << gazetteer.error().toString();
    EXPECT_GT(gazetteer->size(), 40000u);
    EXPECT_EQ(gazetteer->countries(), std::vector<std::string>{"US"});
    const auto cambridge = gazetteer->find("US", "2139");
    ASSERT_TRUE(cambridge);
    EXPECT_TRUE(cambridge->zeroPadded);
    EXPECT_NEAR(cambridge->location.y(), 42.36, 0.05);
}

TEST(PostalGazetteer, BadTableIsAnErrorWithRowAndColumn) {
    PostalGazetteer gazetteer;
    auto added = gazetteer.addTable("country,postal_code,longitude,latitude\nUS,1,x,2\n", "t.csv");
    ASSERT_FALSE(added);
    EXPECT_EQ(added.error().row, 1);
    EXPECT_EQ(added.error().column, "longitude");
}

TEST(PostalGazetteer, CountryNamesAsCrmsWriteThem) {
    EXPECT_EQ(countryCode("United States"), "US");
    EXPECT_EQ(countryCode("USA"), "US");
    EXPECT_EQ(countryCode("de"), "DE");
    EXPECT_EQ(countryCode("Deutschland"), "DE");
    EXPECT_FALSE(countryCode("Atlantis"));
}

TEST(AccountImportSpreadsheet, XlsxFirstSheetWithNumericCellsAndLostZipZero) {
    AccountImportOptions options;
    options.gazetteer = &testGazetteer();
    options.defaultCountry = "US";
    const auto result = read("spreadsheet.xlsx", options);
    ASSERT_EQ(result.rowsRead, 3u);
    ASSERT_EQ(result.accounts.size(), 2u);
    EXPECT_EQ(result.accounts[0].name, "G\xC3\xB6teborg Caf\xC3\xA9");
    EXPECT_DOUBLE_EQ(result.accounts[0].potential, 1200.5);
    EXPECT_EQ(result.accounts[1].locationSource, LocationSource::PostalCode);  // 2139
    ASSERT_EQ(result.rejects.size(), 1u);
    EXPECT_EQ(result.rejects[0].row, 3);
    EXPECT_EQ(result.rejects[0].column, "latitude");
    EXPECT_THAT(result.notes.front(), HasSubstr("Customers"));
}

TEST(AccountImportSpreadsheet, OdsIsReadTheSameWay) {
    const auto result = read("spreadsheet.ods");
    EXPECT_EQ(result.rowsRead, 3u);
    EXPECT_EQ(result.accounts.size(), 2u);
}

TEST(AccountImportSpreadsheet, UnknownSheetIsAnErrorListingTheSheets) {
    AccountImportOptions options;
    options.sheet = "Leads";
    auto result = readAccountsFile(fixture("spreadsheet.xlsx"), options);
    ASSERT_FALSE(result);
    EXPECT_THAT(result.error().message, HasSubstr("\"Customers\""));
}

}  // namespace
}  // namespace tessera::io
