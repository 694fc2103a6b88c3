// SPDX-License-Identifier: Apache-2.0
// Runs tessera-cli as a user would, on the bundled sample data.

#include <gtest/gtest.h>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

#include <gdal.h>
#include <ogrsf_frmts.h>

#include "RunCli.h"

namespace {

using tessera::test::runCli;
using tessera::test::RunResult;

const QString kSample = QStringLiteral(TESSERA_SAMPLE_DATA_DIR);

class CliEndToEnd : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_TRUE(dir.isValid());
        project = dir.filePath("sample.tessera");
    }
    QTemporaryDir dir;
    QString project;
};

}  // namespace

TEST_F(CliEndToEnd, SampleFlowFromNewToExport) {
    auto r = runCli({"new", project});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();

    r = runCli({"import-areas", project, "--file", kSample + "/us-counties-10m.json", "--layer",
                "counties", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    const QJsonObject areas = QJsonDocument::fromJson(r.out.toUtf8()).object();
    // 3,231 counties, one of which (51610, Falls Church) has no geometry in us-atlas and is
    // skipped with a warning.
    EXPECT_EQ(areas["areas"].toInt(), 3230);
    EXPECT_EQ(areas["warnings"].toInt() > 0, true);
    EXPECT_GT(areas["graph_edges"].toInt(), 8500);

    r = runCli({"import-accounts", project, "--file", kSample + "/accounts.csv", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    const QJsonObject accounts = QJsonDocument::fromJson(r.out.toUtf8()).object();
    EXPECT_EQ(accounts["rows"].toInt(), 16663);
    EXPECT_EQ(accounts["imported"].toInt() + accounts["rejected"].toInt(), 16663);
    EXPECT_GT(accounts["in_areas"].toInt(), 16000);

    const QString reportPath = dir.filePath("balance.json");
    r = runCli(
        {"balance", project, "--territories", "12", "--tolerance", "0.05", "--report", reportPath});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    QFile reportFile(reportPath);
    ASSERT_TRUE(reportFile.open(QIODevice::ReadOnly));
    const QJsonObject balance = QJsonDocument::fromJson(reportFile.readAll()).object();
    EXPECT_TRUE(balance["contiguous"].toBool());
    EXPECT_TRUE(balance.contains("max_deviation"));

    // Rebalance on workload and potential with a disruption weight, and add a rep; dry runs
    // leave the saved plan alone.
    const QString rebalancePath = dir.filePath("rebalance.json");
    r = runCli({"balance", project, "--mode", "rebalance", "--measures", "workload,potential",
                "--tolerance", "0.05,0.25", "--disruption", "2", "--dry-run", "--report",
                rebalancePath});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    QFile rebalanceFile(rebalancePath);
    ASSERT_TRUE(rebalanceFile.open(QIODevice::ReadOnly));
    const QJsonObject rebalance = QJsonDocument::fromJson(rebalanceFile.readAll()).object();
    ASSERT_EQ(rebalance["measures"].toArray().size(), 2);
    EXPECT_EQ(rebalance["measures"].toArray()[1].toObject()["name"].toString(), "potential");
    EXPECT_TRUE(rebalance["max_deviation_per_measure"].toObject().contains("potential"));
    EXPECT_TRUE(rebalance["contiguous"].toBool());
    EXPECT_EQ(rebalance["moves"].toArray().size(), rebalance["moved_areas"].toInt());
    EXPECT_GT(rebalance["moved_workload_share"].toDouble(), 0.0);
    EXPECT_LE(rebalance["moved_workload_share"].toDouble(), 1.0);
    r = runCli({"balance", project, "--mode", "add-rep", "--dry-run", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_EQ(QJsonDocument::fromJson(r.out.toUtf8()).object()["territories"].toInt(), 13);
    r = runCli({"balance", project, "--mode", "warp"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains("unknown --mode")) << r.err.toStdString();

    r = runCli({"report", project, "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
    const QJsonArray territories = report["territories"].toArray();
    ASSERT_EQ(territories.size(), 12);
    int areaSum = 0;
    double maxDeviation = 0.0;
    for (const QJsonValue& t : territories) {
        areaSum += t.toObject()["areas"].toInt();
        maxDeviation =
            std::max(maxDeviation, std::abs(t.toObject()["workload_deviation"].toDouble()));
    }
    EXPECT_EQ(areaSum, 3230);
    // The report recomputes deviation from the saved plan; the balancer must not have claimed
    // a better one than it saved.
    EXPECT_NEAR(maxDeviation, balance["max_deviation"].toDouble(), 1e-6);

    const QString csv = dir.filePath("assignment.csv");
    r = runCli({"export", project, "--format", "csv", "--out", csv});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    QFile csvFile(csv);
    ASSERT_TRUE(csvFile.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csvFile.readAll().split('\n');
    EXPECT_GE(lines.size(), accounts["imported"].toInt() + 1);

    const QString gpkg = dir.filePath("territories.gpkg");
    r = runCli({"export", project, "--format", "gpkg", "--out", gpkg});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    GDALAllRegister();
    GDALDataset* exported = GDALDataset::Open(gpkg.toUtf8().constData(), GDAL_OF_VECTOR);
    ASSERT_NE(exported, nullptr);
    ASSERT_NE(exported->GetLayerByName("territories"), nullptr);
    EXPECT_EQ(exported->GetLayerByName("territories")->GetFeatureCount(), 12);
    GDALClose(exported);

    // The project itself is a GeoPackage that GDAL lists layer by layer.
    GDALDataset* opened = GDALDataset::Open(project.toUtf8().constData(), GDAL_OF_VECTOR);
    ASSERT_NE(opened, nullptr);
    for (const char* layer : {"areas", "accounts", "territories"}) {
        EXPECT_NE(opened->GetLayerByName(layer), nullptr) << layer;
    }
    EXPECT_EQ(opened->GetLayerByName("areas")->GetFeatureCount(), 3230);
    GDALClose(opened);
}

TEST_F(CliEndToEnd, ErrorsAreNonZeroWithAMessage) {
    auto r = runCli({"report", dir.filePath("missing.tessera")});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_FALSE(r.err.isEmpty());

    r = runCli({"frobnicate"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains("unknown command"));

    ASSERT_EQ(runCli({"new", project}).exitCode, 0);
    r = runCli({"new", project});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.err.contains("--force")) << r.err.toStdString();

    r = runCli({"import-areas", project, "--file", dir.filePath("nope.geojson")});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.err.contains("nope.geojson")) << r.err.toStdString();

    r = runCli({"balance", project, "--territories", "3"});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.err.contains("no areas")) << r.err.toStdString();

    r = runCli({"export", project, "--format", "shp", "--out", dir.filePath("x")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains("csv, gpkg or rejects"));
}

// Account mode on the sample's Arkansas counties and accounts: each account to a rep, the
// plan written back as area territories plus account overrides, so that the report
// recomputed from the saved project agrees with what the balancer claimed.
TEST_F(CliEndToEnd, AccountModeWritesPerAccountAssignments) {
    QFile all(kSample + "/accounts.csv");
    ASSERT_TRUE(all.open(QIODevice::ReadOnly));
    const QString csvPath = dir.filePath("ar.csv");
    QFile subset(csvPath);
    ASSERT_TRUE(subset.open(QIODevice::WriteOnly));
    int rows = 0;
    for (const QByteArray& line : all.readAll().split('\n')) {
        const QList<QByteArray> fields = line.split(',');
        if (rows == 0 || (fields.size() > 3 && fields[3] == "AR")) {
            subset.write(line + "\n");
            ++rows;
        }
    }
    subset.close();
    ASSERT_GT(rows, 150);

    ASSERT_EQ(runCli({"new", project}).exitCode, 0);
    auto r = runCli({"import-areas", project, "--file", kSample + "/us-counties-10m.json",
                     "--layer", "counties", "--where", "id LIKE '05%'"});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    r = runCli({"import-accounts", project, "--file", csvPath});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();

    r = runCli({"help"});
    EXPECT_TRUE(r.out.contains("--units areas|accounts")) << r.out.toStdString();
    EXPECT_TRUE(r.out.contains("--non-geographic"));

    // Non-geographic first (dry run), then geographic (saved).
    r = runCli({"balance", project, "--units", "accounts", "--non-geographic", "--territories", "6",
                "--tolerance", "0.05", "--dry-run", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    const QJsonObject scattered = QJsonDocument::fromJson(r.out.toUtf8()).object();
    EXPECT_EQ(scattered["units"].toString(), "accounts");
    EXPECT_TRUE(scattered["tolerance_met"].toBool()) << r.out.toStdString();
    EXPECT_GT(scattered["inertia_km2"].toDouble(), 0.0);

    const QString reportPath = dir.filePath("accounts.json");
    r = runCli({"balance", project, "--units", "accounts", "--territories", "6", "--tolerance",
                "0.05", "--report", reportPath});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    EXPECT_TRUE(r.out.contains(QString::number(rows - 1) + " accounts into 6 territories"))
        << r.out.toStdString();
    QFile reportFile(reportPath);
    ASSERT_TRUE(reportFile.open(QIODevice::ReadOnly));
    const QJsonObject balance = QJsonDocument::fromJson(reportFile.readAll()).object();
    EXPECT_EQ(balance["units"].toString(), "accounts");
    EXPECT_TRUE(balance["contiguous"].toBool());
    EXPECT_TRUE(balance["tolerance_met"].toBool());

    r = runCli({"report", project, "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    const QJsonArray territories =
        QJsonDocument::fromJson(r.out.toUtf8()).object()["territories"].toArray();
    ASSERT_EQ(territories.size(), 6);
    double maxDeviation = 0.0;
    int accountSum = 0;
    for (const QJsonValue& t : territories) {
        maxDeviation =
            std::max(maxDeviation, std::abs(t.toObject()["workload_deviation"].toDouble()));
        accountSum += t.toObject()["accounts"].toInt();
    }
    EXPECT_EQ(accountSum, rows - 1);
    EXPECT_NEAR(maxDeviation, balance["max_deviation"].toDouble(), 1e-6);

    // A rebalance with disruption names each moved account.
    r = runCli({"balance", project, "--units", "accounts", "--mode", "rebalance", "--tolerance",
                "0.02", "--dry-run", "--json"});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    const QJsonObject rebalance = QJsonDocument::fromJson(r.out.toUtf8()).object();
    EXPECT_EQ(rebalance["moves"].toArray().size(), rebalance["moved_accounts"].toInt());
    for (const QJsonValue& move : rebalance["moves"].toArray()) {
        EXPECT_TRUE(move.toObject()["account"].toString().startsWith("GN"));
    }

    r = runCli({"balance", project, "--non-geographic", "--territories", "6"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains("--units accounts")) << r.err.toStdString();
    r = runCli({"balance", project, "--units", "people", "--territories", "6"});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.err.contains("unknown --units")) << r.err.toStdString();
}
