// SPDX-License-Identifier: Apache-2.0
// Large files are parsed in chunks on several threads and stitched in row order. The result
// must not depend on the number of threads: the same accounts in the same order, the same
// rejects with the same rows, lines and reasons (duplicate IDs across chunks included), and
// the same counts, also when a quoted field with line breaks spans a seam between chunks.
#include <gtest/gtest.h>

#include <string>

#include "io/AccountCsvReader.h"
#include "io/AccountImportOptions.h"

namespace tessera::io {
namespace {

/// About 5 MB of rows with every kind of trouble spread over the whole file.
std::string messyLargeCsv() {
    std::string csv = "account_id,name,longitude,latitude,potential,segment\n";
    constexpr int kRows = 80000;
    for (int i = 0; i < kRows; ++i) {
        std::string id = "A" + std::to_string(i);
        if (i % 1009 == 500) {
            id = "A" + std::to_string(i / 3);  // a duplicate of an earlier row, far back
        }
        std::string name = "Account number " + std::to_string(i);
        if (i % 97 == 0) {
            name = "\"Line one\nline two, with a comma\"";  // the row spans two lines
        }
        if (i == kRows / 2) {
            // A quoted field with many line breaks across the middle of the file, where two
            // chunks would meet.
            name = "\"";
            for (int k = 0; k < 4000; ++k) {
                name += "note " + std::to_string(k) + "\n";
            }
            name += "\"";
        }
        std::string latitude = std::to_string(30.0 + (i % 1000) * 0.01);
        if (i % 1013 == 7) {
            latitude = "95.5";  // out of range: rejected
        }
        if (i % 2027 == 11) {
            id = "A" + std::to_string(i - 4);  // duplicates a row that may itself be rejected
        }
        csv += id + "," + name + "," + std::to_string(-90.0 - (i % 700) * 0.01) + "," + latitude +
               "," + std::to_string(i % 5000) + ",Retail\n";
        if (i % 5003 == 0) {
            csv += "\n\n";  // blank lines are no rows
        }
    }
    return csv;
}

AccountImportResult readWithThreads(const std::string& csv, unsigned threads) {
    AccountImportOptions options;
    options.threads = threads;
    auto result = parseAccounts(csv, "large.csv", options);
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().toString());
    return result ? *result : AccountImportResult{};
}

TEST(AccountImportParallel, AnyNumberOfThreadsGivesExactlyTheOneThreadResult) {
    const std::string csv = messyLargeCsv();
    ASSERT_GT(csv.size(), 4U << 20);  // big enough for four chunks
    const AccountImportResult serial = readWithThreads(csv, 1);
    ASSERT_EQ(serial.rowsRead, 80000U);
    ASSERT_GT(serial.duplicates, 50U);
    ASSERT_GT(serial.rejects.size(), serial.duplicates);
    EXPECT_EQ(serial.accounts.size() + serial.rejects.size(), serial.rowsRead);
    for (const unsigned threads : {2U, 3U, 4U, 7U}) {
        const AccountImportResult parallel = readWithThreads(csv, threads);
        EXPECT_EQ(parallel.rowsRead, serial.rowsRead) << threads << " threads";
        EXPECT_EQ(parallel.duplicates, serial.duplicates) << threads << " threads";
        EXPECT_EQ(parallel.locatedByCoordinates, serial.locatedByCoordinates);
        EXPECT_EQ(parallel.unlocated, serial.unlocated);
        EXPECT_EQ(parallel.notes, serial.notes);
        ASSERT_EQ(parallel.accounts.size(), serial.accounts.size()) << threads << " threads";
        EXPECT_TRUE(parallel.accounts == serial.accounts) << threads << " threads";
        ASSERT_EQ(parallel.rejects.size(), serial.rejects.size()) << threads << " threads";
        for (std::size_t i = 0; i < serial.rejects.size(); ++i) {
            EXPECT_EQ(parallel.rejects[i], serial.rejects[i])
                << threads << " threads, reject " << i << ": " << parallel.rejects[i].reason
                << " vs " << serial.rejects[i].reason;
        }
    }
}

TEST(AccountImportParallel, DuplicateAcrossChunksNamesTheFirstRowAndItsLine) {
    const std::string csv = messyLargeCsv();
    const AccountImportResult result = readWithThreads(csv, 4);
    // Row 1510 (i = 1509: 1509 % 1009 == 500) reuses the ID of i = 503, imported as row 504.
    bool found = false;
    for (const ImportReject& reject : result.rejects) {
        if (reject.row == 1510) {
            found = true;
            EXPECT_EQ(reject.column, "account_id");
            EXPECT_NE(reject.reason.find("\"A503\" is already used by row 504"), std::string::npos)
                << reject.reason;
            // 15 rows before it span two lines (i % 97 == 0), and the blank lines after row 1.
            EXPECT_NE(reject.reason.find("starts on line"), std::string::npos) << reject.reason;
        }
    }
    EXPECT_TRUE(found);
}

/// Every row gets its place by the line breaks before it; a file with CR or CRLF line endings
/// must have as many places as rows, however the chunks fall.
TEST(AccountImportParallel, CarriageReturnLineEndingsGiveTheOneThreadResult) {
    const std::string lf = messyLargeCsv();
    for (const std::string ending : {"\r\n", "\r"}) {
        std::string csv;
        csv.reserve(lf.size() * 2);
        for (const char c : lf) {
            if (c == '\n') {
                csv += ending;
            } else {
                csv += c;
            }
        }
        const AccountImportResult serial = readWithThreads(csv, 1);
        ASSERT_EQ(serial.rowsRead, 80000U);
        for (const unsigned threads : {2U, 5U}) {
            const AccountImportResult parallel = readWithThreads(csv, threads);
            EXPECT_EQ(parallel.rowsRead, serial.rowsRead) << threads << " threads";
            EXPECT_EQ(parallel.duplicates, serial.duplicates) << threads << " threads";
            EXPECT_TRUE(parallel.accounts == serial.accounts) << threads << " threads";
            EXPECT_TRUE(parallel.rejects == serial.rejects) << threads << " threads";
        }
    }
}

}  // namespace
}  // namespace tessera::io
