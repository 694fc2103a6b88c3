// SPDX-License-Identifier: Apache-2.0
// Re-importing an updated customer list: merged by account ID, nothing silently deleted, the
// planner's overrides and locks kept; the rejects export imports again.
#include "io/AccountMerge.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "io/AccountCsvReader.h"
#include "io/RejectsExport.h"

namespace tessera::io {
namespace {

using ::testing::HasSubstr;

AccountImportResult parse(const std::string& csv) {
    auto result = parseAccountsCsv(csv, "list.csv");
    EXPECT_TRUE(result) << (result ? "" : result.error().toString());
    return result ? *result : AccountImportResult{};
}

const std::string kFirstList =
    "id,name,lat,lon,potential\n"
    "A,Alpha,40,-74,100\n"
    "B,Beta,41,-73,200\n"
    "C,Gamma,42,-72,300\n";

TEST(MergeImportedAccounts, FirstImportAddsEverything) {
    Project project;
    const auto summary = mergeImportedAccounts(project, parse(kFirstList));
    EXPECT_EQ(summary.added, 3u);
    ASSERT_EQ(project.accounts.size(), 3u);
    EXPECT_EQ(project.accountRejectsHeader, "id,name,lat,lon,potential");
}

TEST(MergeImportedAccounts, NewChangedUnchangedAndRemovedAreSummarisedAndRemovedAreKept) {
    Project project;
    mergeImportedAccounts(project, parse(kFirstList));
    const auto summary = mergeImportedAccounts(project, parse("id,name,lat,lon,potential\n"
                                                              "A,Alpha,40,-74,150\n"
                                                              "C,Gamma,42,-72,300\n"
                                                              "D,Delta,43,-71,400\n"));
    EXPECT_EQ(summary.added, 1u);
    EXPECT_EQ(summary.changed, 1u);
    EXPECT_EQ(summary.unchanged, 1u);
    EXPECT_EQ(summary.removed, 1u);
    EXPECT_EQ(summary.removedIds, std::vector<std::string>{"B"});
    ASSERT_EQ(project.accounts.size(), 4u);  // B kept, flagged
    EXPECT_EQ(project.accounts[0].potential, 150.0);
    EXPECT_TRUE(project.accounts[1].removed);
    EXPECT_EQ(project.accounts[3].id, "D");
}

TEST(MergeImportedAccounts, ManualOverridesAndLocksSurviveAReimport) {
    Project project;
    mergeImportedAccounts(project, parse(kFirstList));
    project.territories.push_back({"North", 0x123456, kNoRep, false});
    project.alignment.accountOverrides[2] = 0;  // C assigned by hand
    project.accounts[2].locked = true;
    mergeImportedAccounts(project, parse("id,name,lat,lon,potential\n"
                                         "D,Delta,43,-71,400\n"
                                         "C,Gamma moved,42.5,-72,300\n"
                                         "A,Alpha,40,-74,100\n"
                                         "B,Beta,41,-73,200\n"));
    ASSERT_EQ(project.accounts[2].id, "C");
    EXPECT_EQ(project.accounts[2].name, "Gamma moved");
    EXPECT_TRUE(project.accounts[2].locked);
    EXPECT_EQ(project.territoryOfAccount(2), 0);
}

TEST(MergeImportedAccounts, RemovedAccountCountsInNoTerritoryAndComesBackLater) {
    Project project;
    mergeImportedAccounts(project, parse(kFirstList));
    project.territories.push_back({"North", 0x123456, kNoRep, false});
    project.alignment.accountOverrides[1] = 0;
    mergeImportedAccounts(project, parse("id,name,lat,lon,potential\nA,Alpha,40,-74,100\n"
                                         "C,Gamma,42,-72,300\n"));
    EXPECT_TRUE(project.accounts[1].removed);
    EXPECT_EQ(project.territoryOfAccount(1), kNoTerritory);
    const auto back = mergeImportedAccounts(project, parse(kFirstList));
    EXPECT_EQ(back.restored, 1u);
    EXPECT_FALSE(project.accounts[1].removed);
    EXPECT_EQ(project.territoryOfAccount(1), 0);  // the override is still there
}

TEST(MergeImportedAccounts, PartialListFlagsNothingRemoved) {
    Project project;
    mergeImportedAccounts(project, parse(kFirstList));
    const auto summary =
        mergeImportedAccounts(project, parse("id,name,lat,lon\nE,Epsilon,40,-70\n"), true);
    EXPECT_EQ(summary.added, 1u);
    EXPECT_EQ(summary.removed, 0u);
    for (const Account& account : project.accounts) {
        EXPECT_FALSE(account.removed);
    }
}

TEST(RejectsExport, RejectedRowsComeBackWithTheHeaderAndAnErrorColumnAndImportOnceFixed) {
    Project project;
    mergeImportedAccounts(project, parse("id;name;lat;lon\n"
                                         "A;Alpha;40;-74\n"
                                         "B;\"Beta; Inc\";north;-73\n"
                                         "A;Again;41;-73\n"));
    ASSERT_EQ(project.accountRejects.size(), 2u);
    const std::string exported = rejectsCsv(project);
    EXPECT_THAT(exported, HasSubstr("id;name;lat;lon;import_error\r\n"));
    EXPECT_THAT(exported, HasSubstr("B;\"Beta; Inc\";north;-73;\"row 2, column lat: latitude "));
    EXPECT_THAT(exported, HasSubstr("already used by row 1"));

    // The user fixes the file: the rejects file is a partial list and the error column is
    // not data.
    std::string fixedFile = exported;
    fixedFile.replace(fixedFile.find("north"), 5, "41");
    fixedFile.replace(fixedFile.find("A;Again"), 7, "C;Again");
    auto fixedImport = parseAccountsCsv(fixedFile, "rejects.csv");
    ASSERT_TRUE(fixedImport);
    EXPECT_TRUE(fixedImport->isRejectsFile);
    EXPECT_EQ(fixedImport->rejects.size(), 0u);
    const auto summary = mergeImportedAccounts(project, std::move(*fixedImport), true);
    EXPECT_EQ(summary.added, 2u);
    ASSERT_EQ(project.accounts.size(), 3u);
    EXPECT_EQ(project.accounts[1].name, "Beta; Inc");
    EXPECT_TRUE(project.accounts[1].custom.empty());
}

TEST(RejectsExport, StillBrokenRowsOfARejectsFileGetTheirErrorReplaced) {
    Project project;
    mergeImportedAccounts(project, parse("id,lat,lon\nA,north,-74\n"));
    auto again = parseAccountsCsv(rejectsCsv(project), "rejects.csv");
    ASSERT_TRUE(again);
    mergeImportedAccounts(project, std::move(*again), true);
    ASSERT_EQ(project.accountRejects.size(), 1u);
    const std::string exported = rejectsCsv(project);
    EXPECT_THAT(exported, HasSubstr("id,lat,lon,import_error\r\nA,north,-74,\"row 1"));
    EXPECT_EQ(exported.find("import_error", exported.find("import_error") + 1), std::string::npos);
}

}  // namespace
}  // namespace tessera::io
