// SPDX-License-Identifier: Apache-2.0
// What the import wizard shows before importing: the file's sample, its preview split as the
// import splits it, the per-column problem counts, and the header row override.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "io/AccountCsvReader.h"
#include "io/AccountImportOptions.h"
#include "io/AccountImportPreview.h"

namespace tessera::io {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::string fixture(const std::string& name) {
    return std::string(TESSERA_TEST_DATA_DIR) + "/" + name;
}

const std::string kGermanExcel = "app/import/excel-de-cp1252-semicolon.csv";

TEST(AccountImportPreview, SampleOfAWindows1252FileIsUtf8) {
    auto sample = readAccountFileSample(fixture(kGermanExcel), {});
    ASSERT_TRUE(sample) << sample.error().toString();
    EXPECT_TRUE(sample->complete);
    EXPECT_EQ(sample->encoding, TextEncoding::Windows1252);
    EXPECT_THAT(sample->text, HasSubstr("M\xC3\xBCller GmbH"));
}

TEST(AccountImportPreview, SampleIsCutAfterTheLastWholeLineAndDetectsOnWholeCharacters) {
    // "ü" (2 bytes in UTF-8) right at the cut must not make the file look like Windows-1252.
    AccountImportOptions options;
    auto full = readAccountFileSample(fixture("io/accounts/utf8-no-bom-accents.csv"), options);
    ASSERT_TRUE(full);
    const std::size_t cut = full->text.find("\xC3") + 1;  // inside the first accent
    auto sample =
        readAccountFileSample(fixture("io/accounts/utf8-no-bom-accents.csv"), options, cut);
    ASSERT_TRUE(sample);
    EXPECT_FALSE(sample->complete);
    EXPECT_EQ(sample->detectedEncoding, TextEncoding::Utf8);
    EXPECT_TRUE(sample->text.empty() || sample->text.back() == '\n');
    EXPECT_LT(sample->text.size(), cut);
}

TEST(AccountImportPreview, MissingAndEmptyFilesAreErrorsSayingSo) {
    auto missing = readAccountFileSample(fixture("io/accounts/no-such.csv"), {});
    ASSERT_FALSE(missing);
    EXPECT_THAT(missing.error().message, HasSubstr("does not exist"));
    auto empty = readAccountFileSample(fixture("io/accounts/empty.csv"), {});
    ASSERT_FALSE(empty);
    EXPECT_THAT(empty.error().message, HasSubstr("empty"));
}

TEST(AccountImportPreview, PreviewFindsTheHeaderBelowATitleAndSplitsTheRows) {
    auto sample = readAccountFileSample(fixture(kGermanExcel), {});
    ASSERT_TRUE(sample);
    const AccountFilePreview preview = previewAccountText(sample->text, {}, 3);
    EXPECT_EQ(preview.delimiter, ';');
    EXPECT_EQ(preview.headerRow, 1u);
    EXPECT_TRUE(preview.hasHeader);
    EXPECT_THAT(preview.headers,
                ElementsAre("id", "name", "city", "lat", "lon", "potential", "workload"));
    ASSERT_EQ(preview.rows.size(), 3u);
    EXPECT_EQ(preview.dataRows, 10u);
    EXPECT_EQ(preview.rows[0][5], "12.500,50");
}

TEST(AccountImportPreview, HeaderRowOverrideWinsInThePreviewAndTheImport) {
    AccountImportOptions options;
    options.headerRow = 0;  // the title line
    auto sample = readAccountFileSample(fixture(kGermanExcel), options);
    ASSERT_TRUE(sample);
    const AccountFilePreview preview = previewAccountText(sample->text, options, 50);
    EXPECT_EQ(preview.headerRow, 0u);
    EXPECT_EQ(preview.detectedHeaderRow, 1u);
    EXPECT_EQ(preview.dataRows, 11u);
    // The import takes the same row: no ID column there, so it says which columns it found.
    auto imported = readAccountsFile(fixture(kGermanExcel), options);
    ASSERT_FALSE(imported);
    EXPECT_THAT(imported.error().message, HasSubstr("Kunden-Export"));
    options.headerRow = 9;
    EXPECT_FALSE(readAccountsFile(fixture(kGermanExcel), options));  // a data row: no known column
    options.headerRow = 40;
    auto tooFar = readAccountsFile(fixture(kGermanExcel), options);
    ASSERT_FALSE(tooFar);
    EXPECT_THAT(tooFar.error().message, HasSubstr("row 41"));
}

TEST(AccountImportPreview, HeaderRowIsKeptInMappingFiles) {
    AccountImportOptions options;
    options.headerRow = 1;
    const std::string json = mappingJson(options);
    EXPECT_THAT(json, HasSubstr("\"header_row\": \"2\""));
    auto parsed = parseMappingJson(json, "m.json");
    ASSERT_TRUE(parsed) << parsed.error().toString();
    EXPECT_EQ(parsed->headerRow, 1u);
    auto bad = parseMappingJson(R"({ "header_row": "eleven" })", "m.json");
    ASSERT_FALSE(bad);
    EXPECT_THAT(bad.error().message, HasSubstr("1 to 10"));
}

TEST(AccountImportPreview, ColumnProblemsAreCountedPerColumn) {
    auto sample = readAccountFileSample(fixture(kGermanExcel), {});
    ASSERT_TRUE(sample);
    AccountImportOptions options;
    options.encoding = TextEncoding::Utf8;
    auto analysis = parseAccounts(sample->text, "f.csv", options);
    ASSERT_TRUE(analysis) << analysis.error().toString();
    const AccountColumnCheck check =
        checkAccountColumns(sample->text, analysis->delimiter, analysis->linesBeforeHeader + 1,
                            analysis->mapping, analysis->decimalMarks);
    EXPECT_EQ(check.rows, 10u);
    EXPECT_EQ(check.brokenRows, 0u);
    EXPECT_THAT(check.problems[0], ElementsAre("1 ID is empty",
                                               "1 ID is already used by an "
                                               "earlier row"));
    EXPECT_THAT(check.problems[3], ElementsAre("1 latitude is outside -90…90"));
    EXPECT_THAT(check.problems[5], ElementsAre("1 value is not a number with a decimal comma"));
    EXPECT_TRUE(check.problems[6].empty());
    // Every reject of the import is counted in some column.
    std::size_t rowsWithProblems = 0;
    for (const std::size_t n : check.problemRows) {
        rowsWithProblems += n;
    }
    EXPECT_EQ(rowsWithProblems, analysis->rejects.size());
}

TEST(AccountImportPreview, BrokenRowsAreCountedApart) {
    auto sample = readAccountFileSample(fixture("io/accounts/wrong-field-count.csv"), {});
    ASSERT_TRUE(sample);
    AccountImportOptions options;
    auto analysis = parseAccounts(sample->text, "f.csv", options);
    ASSERT_TRUE(analysis) << analysis.error().toString();
    const AccountColumnCheck check =
        checkAccountColumns(sample->text, analysis->delimiter, analysis->linesBeforeHeader + 1,
                            analysis->mapping, analysis->decimalMarks);
    EXPECT_GT(check.brokenRows, 0u);
    EXPECT_EQ(check.brokenRows, analysis->rejects.size());
}

}  // namespace
}  // namespace tessera::io
