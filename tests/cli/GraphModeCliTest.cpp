// SPDX-License-Identifier: Apache-2.0
// `tessera-cli balance --graph` end to end on a small GerryChain-style graph written by the
// test: --lock (locked nodes held, bad files say file/row/column), --homes (node ids or
// lon/lat; travel reported), Polsby–Popper from `area`, `boundary_perim` and `shared_perim`.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numbers>
#include <string>

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include "RunCli.h"

namespace tessera {
namespace {

using test::runCli;

/// A rows × cols grid of unit squares as GerryChain writes it: node ids "n<i>", `pop` 1,
/// `area` 1 (unless `withArea` is false), `boundary_perim` on the outer squares, lon/lat
/// centres 0.01° apart, `shared_perim` 1 on every edge.
QString writeGrid(const QTemporaryDir& dir, int rows, int cols, bool withArea) {
    std::string json = R"({"directed": false, "multigraph": false, "graph": [], "nodes": [)";
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            const int outer = (r == 0) + (r == rows - 1) + (c == 0) + (c == cols - 1);
            json += (r || c ? ", " : "") + std::string("{\"id\": \"n") +
                    std::to_string(r * cols + c) + "\", \"pop\": 1" +
                    (withArea ? ", \"area\": 1" : "") +
                    (outer > 0
                         ? ", \"boundary_node\": true, \"boundary_perim\": " + std::to_string(outer)
                         : ", \"boundary_node\": false") +
                    ", \"lon\": " + std::to_string(-92.0 + 0.01 * c) +
                    ", \"lat\": " + std::to_string(35.0 + 0.01 * r) + "}";
        }
    }
    json += R"(], "adjacency": [)";
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            std::string list;
            auto add = [&](int rr, int cc) {
                if (rr >= 0 && rr < rows && cc >= 0 && cc < cols) {
                    list += (list.empty() ? "" : ", ") + std::string("{\"id\": \"n") +
                            std::to_string(rr * cols + cc) + "\", \"shared_perim\": 1}";
                }
            };
            add(r - 1, c);
            add(r + 1, c);
            add(r, c - 1);
            add(r, c + 1);
            json += (r || c ? ", [" : "[") + list + "]";
        }
    }
    json += "]}";
    const QString path = dir.filePath(withArea ? "grid.json" : "grid-no-area.json");
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(json.data(), static_cast<qint64>(json.size()));
    return path;
}

QString writeText(const QTemporaryDir& dir, const QString& name, const QByteArray& text) {
    const QString path = dir.filePath(name);
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(text);
    return path;
}

std::map<std::string, int> readPlan(const QString& path) {
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    std::map<std::string, int> plan;
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (int i = 1; i < lines.size(); ++i) {
        const QList<QByteArray> fields = lines[i].split(',');
        if (fields.size() == 2) {
            plan[fields[0].toStdString()] = fields[1].toInt();
        }
    }
    return plan;
}

QJsonObject readReport(const QString& path) {
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return QJsonDocument::fromJson(file.readAll()).object();
}

TEST(GraphModeCli, LockedNodesAreHeldAndBadLockFilesSayWhere) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString graph = writeGrid(dir, 6, 6, true);
    // n0 (a corner) to territory 1, n35 (the far corner) to 0, n2 twice to the same one.
    const QString locks =
        writeText(dir, "locks.csv", "node_id,territory\nn0,1\n\"n35\",0\nn2,1\nn2,1\n");
    const QString plan = dir.filePath("plan.csv");
    const QString report = dir.filePath("R.json");
    auto r = runCli({"balance", "--graph", graph, "--weight", "pop", "--territories", "2",
                     "--tolerance", "0", "--lock", locks, "--out", plan, "--report", report});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    const auto assigned = readPlan(plan);
    ASSERT_EQ(assigned.size(), 36U);
    EXPECT_EQ(assigned.at("n0"), 1);
    EXPECT_EQ(assigned.at("n2"), 1);
    EXPECT_EQ(assigned.at("n35"), 0);
    const QJsonObject json = readReport(report);
    EXPECT_EQ(json["locked_nodes"].toInt(), 3);
    EXPECT_EQ(json["lock_violations"].toInt(), 0);
    EXPECT_TRUE(json["contiguous"].toBool());
    EXPECT_TRUE(json["tolerance_met"].toBool());

    const QString unknown = writeText(dir, "unknown.csv", "node_id,territory\nn0,1\nn99,0\n");
    r = runCli(
        {"balance", "--graph", graph, "--weight", "pop", "--territories", "2", "--lock", unknown});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.err.contains("unknown.csv")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("row 3")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("n99")) << r.err.toStdString();

    const QString range = writeText(dir, "range.csv", "n0,2\n");
    r = runCli(
        {"balance", "--graph", graph, "--weight", "pop", "--territories", "2", "--lock", range});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.err.contains("0..1")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("territory")) << r.err.toStdString();

    const QString twice = writeText(dir, "twice.csv", "n0,1\nn0,0\n");
    r = runCli(
        {"balance", "--graph", graph, "--weight", "pop", "--territories", "2", "--lock", twice});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.err.contains("keep one")) << r.err.toStdString();

    r = runCli({"balance", "--graph", graph, "--weight", "pop", "--territories", "2", "--lock",
                dir.filePath("missing.csv")});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.err.contains("missing.csv")) << r.err.toStdString();
}

TEST(GraphModeCli, HomesByNodeOrLonLatPullTerritoriesAndTravelIsReported) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString graph = writeGrid(dir, 6, 6, true);
    // Territory 0 lives at the far corner (n35), territory 1 at n0's corner, given as lon/lat.
    const QString homes = writeText(dir, "homes.csv", "territory,home\n0,n35\n1,-92.0,35.0\n");
    const QString plan = dir.filePath("plan.csv");
    const QString report = dir.filePath("R.json");
    auto r =
        runCli({"balance", "--graph", graph, "--weight", "pop", "--territories", "2", "--tolerance",
                "0", "--homes", homes, "--travel-weight", "5", "--out", plan, "--report", report});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    const auto assigned = readPlan(plan);
    EXPECT_EQ(assigned.at("n35"), 0);
    EXPECT_EQ(assigned.at("n0"), 1);
    const QJsonObject json = readReport(report);
    EXPECT_EQ(json["homes"].toInt(), 2);
    EXPECT_GT(json["mean_travel_km"].toDouble(), 0.0);
    EXPECT_LT(json["max_travel_km"].toDouble(), 8.0);  // a 3 × 6 half: ≈ 6 km across
    EXPECT_TRUE(json["contiguous"].toBool());

    const QString bad = writeText(dir, "bad.csv", "0,n35\n1,-92.0,135.0\n");
    r = runCli(
        {"balance", "--graph", graph, "--weight", "pop", "--territories", "2", "--homes", bad});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.err.contains("bad.csv")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("row 2")) << r.err.toStdString();
    EXPECT_TRUE(r.err.contains("latitude")) << r.err.toStdString();

    // Only with --graph.
    r = runCli({"balance", dir.filePath("p.tessera"), "--territories", "2", "--homes", homes});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_TRUE(r.err.contains("--graph")) << r.err.toStdString();
}

TEST(GraphModeCli, PolsbyPopperFromAreaBoundaryPerimAndSharedPerim) {
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString report = dir.filePath("R.json");
    auto r = runCli({"balance", "--graph", writeGrid(dir, 6, 6, true), "--weight", "pop",
                     "--territories", "2", "--tolerance", "0", "--report", report});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    QJsonObject json = readReport(report);
    ASSERT_EQ(json["cut_edges"].toInt(), 6);  // two 3 × 6 halves
    // Each half: area 18, perimeter 2 · (3 + 6) = 18 → 4π · 18 / 18².
    const double expected = 4.0 * std::numbers::pi * 18.0 / (18.0 * 18.0);
    EXPECT_NEAR(json["mean_polsby_popper"].toDouble(), expected, 1e-9);
    EXPECT_NEAR(json["min_polsby_popper"].toDouble(), expected, 1e-9);
    EXPECT_TRUE(json["polsby_popper_source"].toString().contains("boundary_perim"));

    r = runCli({"balance", "--graph", writeGrid(dir, 6, 6, false), "--weight", "pop",
                "--territories", "2", "--report", report});
    ASSERT_EQ(r.exitCode, 0) << r.err.toStdString();
    json = readReport(report);
    EXPECT_TRUE(json["polsby_popper"].isNull());
    EXPECT_TRUE(json["polsby_popper_source"].toString().startsWith("none"));
}

}  // namespace
}  // namespace tessera
