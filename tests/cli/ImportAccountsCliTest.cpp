// SPDX-License-Identifier: Apache-2.0
// `tessera-cli import-accounts` as a user runs it: the summary, --json counts, postal-code
// locating with the bundled table, re-import merge, the rejects export, mapping files.
#include <gtest/gtest.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include "RunCli.h"

namespace {

using tessera::test::runCli;
using tessera::test::RunResult;

QString fixture(const QString& name) {
    return QStringLiteral(TESSERA_TEST_DATA_DIR) + "/io/accounts/" + name;
}

void writeFile(const QString& path, const QByteArray& content) {
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

class ImportAccountsCli : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir.isValid());
        project = dir.filePath("p.tessera");
        ASSERT_EQ(runCli({"new", project}).exitCode, 0);
    }

    QJsonObject importJson(QStringList extra) {
        extra.prepend(project);
        extra.prepend("import-accounts");
        extra.append("--json");
        const RunResult r = runCli(extra);
        EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
        return QJsonDocument::fromJson(r.out.toUtf8()).object();
    }

    QTemporaryDir dir;
    QString project;
};

}  // namespace

TEST_F(ImportAccountsCli, JsonHasEveryCountAndRowsAddUp) {
    const QJsonObject out = importJson({"--file", fixture("us-formatted-numbers.csv")});
    for (const char* key : {"rows", "imported", "rejected", "located_by_coordinates",
                            "located_by_postcode", "unlocated", "duplicates"}) {
        EXPECT_TRUE(out.contains(key)) << key;
    }
    EXPECT_EQ(out["rows"].toInt(), 4);
    EXPECT_EQ(out["imported"].toInt() + out["rejected"].toInt(), out["rows"].toInt());
    EXPECT_EQ(out["rejected"].toInt(), 1);
    // Wall and CPU time of each phase, for the benchmark script.
    for (const char* key : {"seconds_read", "seconds_assign", "seconds_save", "cpu_seconds_read",
                            "cpu_seconds_merge", "cpu_seconds_assign", "cpu_seconds_save"}) {
        EXPECT_TRUE(out[key].isDouble()) << key;
        EXPECT_GE(out[key].toDouble(), 0.0) << key;
    }
}

TEST_F(ImportAccountsCli, PostalCodesAreLocatedWithTheBundledTable) {
    const QJsonObject out = importJson({"--file", fixture("postcode-only.csv")});
    EXPECT_EQ(out["located_by_postcode"].toInt(), 4);
    EXPECT_EQ(out["postcodes_zero_padded"].toInt(), 1);
    EXPECT_EQ(out["unlocated"].toInt(), 2);
    EXPECT_EQ(out["located_by_coordinates"].toInt(), 0);
}

TEST_F(ImportAccountsCli, NoGeocodingLeavesPostalCodeAccountsUnlocated) {
    const QJsonObject out = importJson({"--file", fixture("postcode-only.csv"), "--no-geocoding"});
    EXPECT_EQ(out["located_by_postcode"].toInt(), 0);
    EXPECT_EQ(out["unlocated"].toInt(), 6);
}

TEST_F(ImportAccountsCli, ReimportMergesByIdAndTheSummarySaysWhat) {
    importJson({"--file", fixture("good.csv")});
    const QString updated = dir.filePath("updated.csv");
    writeFile(updated,
              "account_id,name,longitude,latitude,potential\n"
              "A1,Alpha Inc,-89.65,39.78,2000000\n"
              "A3,Gamma Co,-87.63,41.88,200000\n"
              "A4,Delta,-88.0,41.0,10\n");
    const RunResult r = runCli({"import-accounts", project, "--file", updated});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains("3 imported + 0 rejected = 3 rows")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains("1 new, 2 changed, 0 unchanged, 1 no longer in the list"))
        << r.out.toStdString();
    const RunResult report = runCli({"report", project, "--json"});
    ASSERT_EQ(report.exitCode, 0);
    EXPECT_EQ(QJsonDocument::fromJson(report.out.toUtf8()).object()["accounts"].toInt(), 3);
}

TEST_F(ImportAccountsCli, SwapFlagAndAutoDetectionAreReported) {
    RunResult r =
        runCli({"import-accounts", project, "--file", fixture("swapped-lat-lon-columns.csv")});
    ASSERT_EQ(r.exitCode, 0);
    EXPECT_TRUE(r.out.contains("look swapped")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains("--swap-lat-lon no"));
    const QJsonObject kept =
        importJson({"--file", fixture("swapped-lat-lon-columns.csv"), "--swap-lat-lon", "no"});
    EXPECT_FALSE(kept["lat_lon_swapped"].toBool());
    EXPECT_EQ(kept["rejected"].toInt(), 4);
    r = runCli(
        {"import-accounts", project, "--file", fixture("good.csv"), "--swap-lat-lon", "maybe"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains("auto, yes or no"));
}

TEST_F(ImportAccountsCli, RejectsExportFixedAndReimported) {
    importJson({"--file", fixture("out-of-range-coordinates.csv")});
    const QString rejects = dir.filePath("rejects.csv");
    RunResult r = runCli({"export", project, "--format", "rejects", "--out", rejects});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    QFile file(rejects);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QByteArray text = file.readAll();
    file.close();
    EXPECT_TRUE(text.contains("account_id,name,longitude,latitude,import_error"));
    EXPECT_TRUE(text.contains("R2,Latitude too big,-90.0,95.5,\"row 2, column latitude"));
    text.replace("95.5", "35.5").replace("190.0", "-90.5").replace("35.0,-120.0", "-120.0,35.0");
    writeFile(rejects, text);
    const QJsonObject out = importJson({"--file", rejects});
    EXPECT_EQ(out["imported"].toInt(), 3);
    EXPECT_EQ(out["rejected"].toInt(), 0);
    EXPECT_EQ(out["added"].toInt(), 3);
    EXPECT_EQ(out["removed"].toInt(), 0);  // a rejects file is a partial list
}

TEST_F(ImportAccountsCli, SavedMappingIsReusedForTheNextImport) {
    const QString mapping = dir.filePath("mapping.json");
    importJson({"--file", fixture("custom-headers.csv"), "--mapping",
                fixture("custom-headers.mapping.json"), "--save-mapping", mapping});
    QFile file(mapping);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    EXPECT_TRUE(saved.contains("\"id\": \"Kunde\"")) << saved.toStdString();
    EXPECT_TRUE(saved.contains("\"delimiter\": \"semicolon\""));
    const QJsonObject again =
        importJson({"--file", fixture("custom-headers.csv"), "--mapping", mapping});
    EXPECT_EQ(again["imported"].toInt(), 2);
    EXPECT_EQ(again["unchanged"].toInt(), 2);
}

TEST_F(ImportAccountsCli, OnlyAnUnreadableFileIsFatal) {
    RunResult r = runCli({"import-accounts", project, "--file", dir.filePath("missing.csv")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains("missing.csv"));
    EXPECT_TRUE(r.err.contains("does not exist"));
    // A file full of bad rows is not fatal.
    r = runCli({"import-accounts", project, "--file", fixture("zero-zero.csv"), "--no-geocoding"});
    EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
    r = runCli(
        {"import-accounts", project, "--file", fixture("good.csv"), "--encoding", "klingon"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains("windows-1252"));
}

TEST_F(ImportAccountsCli, SpreadsheetSheetChoice) {
    const QJsonObject out =
        importJson({"--file", fixture("spreadsheet.xlsx"), "--sheet", "Customers"});
    EXPECT_EQ(out["rows"].toInt(), 3);
    EXPECT_EQ(out["located_by_postcode"].toInt(), 1);
    const RunResult r = runCli(
        {"import-accounts", project, "--file", fixture("spreadsheet.ods"), "--sheet", "Nope"});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_TRUE(r.err.contains("Customers"));
}
