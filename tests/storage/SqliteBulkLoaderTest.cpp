// SPDX-License-Identifier: Apache-2.0
// Tables filled by writing their pages straight into the file read back exactly through
// SQLite, pass `PRAGMA integrity_check`, and stay ordinary tables SQLite keeps changing: at
// every page size, for every kind of value, for rows that spill into overflow pages, and for
// trees several levels deep.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "TestProjects.h"
#include "storage/SqliteBulkLoader.h"
#include "storage/SqliteDatabase.h"

#include <sqlite3.h>

using namespace tessera;
using namespace tessera::storage;
using tessera::test::ScratchFolder;

namespace {

using Value =
    std::variant<std::monostate, std::int64_t, double, std::string, std::vector<std::uint8_t>>;

struct Row {
    std::int64_t rowid = 0;
    std::vector<Value> values;
};

SqliteDatabase openOrDie(const std::string& path, SqliteDatabase::Mode mode) {
    auto db = SqliteDatabase::open(path, mode);
    EXPECT_TRUE(db) << db.error().message;
    return std::move(*db);
}

void run(SqliteDatabase& db, const std::string& sql) {
    auto r = db.execute(sql);
    ASSERT_TRUE(r) << sql << ": " << r.error().message;
}

std::string text(SqliteDatabase& db, const std::string& sql) {
    auto query = db.prepare(sql);
    EXPECT_TRUE(query) << sql;
    if (!query || !query->step().value_or(false)) {
        return "(no row)";
    }
    return query->columnText(0);
}

std::int64_t integer(SqliteDatabase& db, const std::string& sql) {
    auto query = db.prepare(sql);
    EXPECT_TRUE(query) << sql;
    if (!query || !query->step().value_or(false)) {
        return -1;
    }
    return query->columnInt(0);
}

/// A fresh database with tables t1, t2, t3 (id INTEGER PRIMARY KEY, a, b, c), closed.
void createDatabase(const std::string& path, int pageSize) {
    SqliteDatabase db = openOrDie(path, SqliteDatabase::Mode::Create);
    run(db, "PRAGMA page_size = " + std::to_string(pageSize) + "; PRAGMA journal_mode = OFF;");
    for (const char* table : {"t1", "t2", "t3"}) {
        run(db, std::string("CREATE TABLE ") + table + " (id INTEGER PRIMARY KEY, a, b, c)");
    }
    ASSERT_TRUE(db.close());
}

std::uint32_t rootPage(const std::string& path, const std::string& table) {
    SqliteDatabase db = openOrDie(path, SqliteDatabase::Mode::ReadOnly);
    return static_cast<std::uint32_t>(
        integer(db, "SELECT rootpage FROM sqlite_schema WHERE name = '" + table + "'"));
}

void encode(SqliteRecord& record, const Row& row) {
    record.clear();
    record.addNull();  // the INTEGER PRIMARY KEY is the rowid
    for (const Value& value : row.values) {
        if (std::holds_alternative<std::monostate>(value)) {
            record.addNull();
        } else if (const auto* i = std::get_if<std::int64_t>(&value)) {
            record.addInteger(*i);
        } else if (const auto* d = std::get_if<double>(&value)) {
            record.addReal(*d);
        } else if (const auto* s = std::get_if<std::string>(&value)) {
            record.addText(*s);
        } else {
            record.addBlob(std::get<std::vector<std::uint8_t>>(value));
        }
    }
}

void load(const std::string& path, const std::string& table, const std::vector<Row>& rows) {
    const std::uint32_t root = rootPage(path, table);
    auto loader = SqliteBulkLoader::open(path);
    ASSERT_TRUE(loader) << loader.error().message;
    ASSERT_TRUE(loader->beginTable(root));
    SqliteRecord record;
    for (const Row& row : rows) {
        encode(record, row);
        auto added = loader->add(row.rowid, record.bytes());
        ASSERT_TRUE(added) << added.error().message;
    }
    ASSERT_TRUE(loader->endTable());
    ASSERT_TRUE(loader->finish());
}

/// Every row of `table` as SQLite reads it, compared with what was loaded.
void expectRows(SqliteDatabase& db, const std::string& table, const std::vector<Row>& rows) {
    auto query = db.prepare("SELECT id, a, b, c, typeof(a), typeof(b), typeof(c) FROM " + table +
                            " ORDER BY id");
    ASSERT_TRUE(query);
    for (const Row& row : rows) {
        ASSERT_TRUE(query->step().value_or(false)) << "row " << row.rowid << " is missing";
        ASSERT_EQ(query->columnInt(0), row.rowid);
        for (int c = 0; c < 3; ++c) {
            const Value& expected = row.values[static_cast<std::size_t>(c)];
            const std::string type = query->columnText(4 + c);
            const std::string where =
                "row " + std::to_string(row.rowid) + ", column " + std::to_string(c);
            if (std::holds_alternative<std::monostate>(expected)) {
                EXPECT_EQ(type, "null") << where;
            } else if (const auto* i = std::get_if<std::int64_t>(&expected)) {
                EXPECT_EQ(type, "integer") << where;
                EXPECT_EQ(query->columnInt(1 + c), *i) << where;
            } else if (const auto* d = std::get_if<double>(&expected)) {
                if (std::isnan(*d)) {
                    EXPECT_EQ(type, "null") << where;
                } else {
                    EXPECT_EQ(type, "real") << where;
                    EXPECT_EQ(query->columnDouble(1 + c), *d) << where;
                }
            } else if (const auto* s = std::get_if<std::string>(&expected)) {
                EXPECT_EQ(type, "text") << where;
                EXPECT_EQ(query->columnText(1 + c), *s) << where;
            } else {
                const auto& bytes = std::get<std::vector<std::uint8_t>>(expected);
                EXPECT_EQ(type, "blob") << where;
                const auto read = query->columnBlob(1 + c);
                EXPECT_EQ(std::vector<std::uint8_t>(read.begin(), read.end()), bytes) << where;
            }
        }
    }
    EXPECT_FALSE(query->step().value_or(true)) << "more rows than were loaded";
}

std::string letters(std::size_t n, std::size_t seed) {
    std::string s(n, ' ');
    for (std::size_t i = 0; i < n; ++i) {
        s[i] = static_cast<char>('a' + (i * 7 + seed) % 26);
    }
    return s;
}

std::vector<std::uint8_t> bytes(std::size_t n, std::size_t seed) {
    std::vector<std::uint8_t> b(n);
    for (std::size_t i = 0; i < n; ++i) {
        b[i] = static_cast<std::uint8_t>(i * 31 + seed);
    }
    return b;
}

/// Values of every serial type, integers at each size boundary, texts and blobs from empty to
/// several pages long (around the sizes where a cell starts to overflow), and rowids whose
/// varints take 1 to 9 bytes.
std::vector<Row> rowsOfEveryKind(int pageSize) {
    std::vector<Row> rows;
    const std::vector<std::int64_t> rowids = {1,
                                              2,
                                              127,
                                              128,
                                              16383,
                                              16384,
                                              2097151,
                                              2097152,
                                              std::int64_t{1} << 31,
                                              std::int64_t{1} << 40,
                                              std::int64_t{1} << 55,
                                              std::int64_t{1} << 56,
                                              std::int64_t{1} << 62,
                                              std::numeric_limits<std::int64_t>::max()};
    const std::vector<std::int64_t> integers = {0,
                                                1,
                                                -1,
                                                2,
                                                127,
                                                128,
                                                -128,
                                                -129,
                                                32767,
                                                32768,
                                                -32769,
                                                8388607,
                                                8388608,
                                                -8388609,
                                                2147483647,
                                                2147483648LL,
                                                -2147483649LL,
                                                140737488355327LL,
                                                140737488355328LL,
                                                std::numeric_limits<std::int64_t>::min(),
                                                std::numeric_limits<std::int64_t>::max()};
    const std::vector<double> reals = {0.0,
                                       -0.5,
                                       3.25,
                                       1e300,
                                       -4.9e-324,
                                       std::numeric_limits<double>::infinity(),
                                       std::numeric_limits<double>::quiet_NaN()};
    const auto usable = static_cast<std::size_t>(pageSize);
    const std::vector<std::size_t> lengths = {
        0,           1,           13,     100,        usable - 40,    usable - 36,
        usable - 35, usable - 34, usable, usable + 1, 3 * usable + 17};
    std::int64_t next = 1 << 20;
    auto nextRowid = [&]() {
        next += 3;
        return next;
    };
    for (std::size_t i = 0; i < integers.size(); ++i) {
        rows.push_back({0, {integers[i], reals[i % reals.size()], std::monostate{}}});
    }
    for (std::size_t i = 0; i < lengths.size(); ++i) {
        rows.push_back({0, {letters(lengths[i], i), std::int64_t{7}, bytes(lengths[i], i)}});
        rows.push_back({0,
                        {std::string("Zürich – Ærø ✓"), bytes(lengths[i], i + 1),
                         letters(lengths[i] / 2, i)}});
    }
    // Numbered in order: the listed rowids first (ascending), the rest after 2^20.
    std::size_t r = 0;
    for (; r < rows.size() && rowids[r] < (1 << 20); ++r) {
        rows[r].rowid = rowids[r];
    }
    for (; r < rows.size(); ++r) {
        rows[r].rowid = nextRowid();
    }
    // The largest rowids at the end.
    for (std::size_t k = 0; k < rowids.size(); ++k) {
        if (rowids[k] > next) {
            rows.push_back({rowids[k], {std::monostate{}, std::string("big rowid"), 1.5}});
        }
    }
    return rows;
}

class SqliteBulkLoaderPageSize : public ::testing::TestWithParam<int> {};

TEST_P(SqliteBulkLoaderPageSize, RowsOfEveryKindReadBackExactlyAndTheFileIsIntact) {
    ScratchFolder folder("bulk-kinds");
    const std::string path = folder.file("db.sqlite");
    createDatabase(path, GetParam());
    const std::vector<Row> rows = rowsOfEveryKind(GetParam());
    load(path, "t2", rows);

    SqliteDatabase db = openOrDie(path, SqliteDatabase::Mode::ReadWrite);
    EXPECT_EQ(text(db, "PRAGMA integrity_check"), "ok");
    expectRows(db, "t2", rows);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM t1"), 0);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM t3"), 0);
    // SQLite goes on using the table and the file as usual.
    run(db, "DELETE FROM t2 WHERE id % 2 = 0");
    run(db, "INSERT INTO t2 (a) VALUES (zeroblob(100000))");
    run(db, "INSERT INTO t1 (a, b) SELECT a, b FROM t2");
    EXPECT_EQ(text(db, "PRAGMA integrity_check"), "ok");
}

INSTANTIATE_TEST_SUITE_P(PageSizes, SqliteBulkLoaderPageSize,
                         ::testing::Values(512, 1024, 4096, 16384, 65536));

TEST(SqliteBulkLoader, ManyRowsMakeADeepTreeThatSqliteKeepsChanging) {
    ScratchFolder folder("bulk-deep");
    const std::string path = folder.file("db.sqlite");
    createDatabase(path, 512);
    // With 512-byte pages, 60,000 rows need four levels.
    std::vector<Row> rows;
    constexpr std::int64_t kRows = 60000;
    for (std::int64_t i = 1; i <= kRows; ++i) {
        rows.push_back({i * 2, {i, letters(static_cast<std::size_t>(i % 40), 3), 0.5 * i}});
    }
    load(path, "t1", rows);
    // A second table after it in the same file, and a third that fits in its root page.
    {
        const std::uint32_t root2 = rootPage(path, "t2");
        const std::uint32_t root3 = rootPage(path, "t3");
        auto loader = SqliteBulkLoader::open(path);
        ASSERT_TRUE(loader);
        SqliteRecord record;
        ASSERT_TRUE(loader->beginTable(root2));
        for (std::int64_t i = 1; i <= 5000; ++i) {
            encode(record, {i, {std::string("x"), std::int64_t{i}, std::monostate{}}});
            ASSERT_TRUE(loader->add(i, record.bytes()));
        }
        ASSERT_TRUE(loader->endTable());
        ASSERT_TRUE(loader->beginTable(root3));
        encode(record, {9, {std::string("only"), std::int64_t{1}, std::monostate{}}});
        ASSERT_TRUE(loader->add(9, record.bytes()));
        ASSERT_TRUE(loader->endTable());
        ASSERT_TRUE(loader->finish());
    }
    SqliteDatabase db = openOrDie(path, SqliteDatabase::Mode::ReadWrite);
    EXPECT_EQ(text(db, "PRAGMA integrity_check"), "ok");
    expectRows(db, "t1", rows);
    EXPECT_EQ(integer(db, "SELECT count(*) FROM t2"), 5000);
    EXPECT_EQ(integer(db, "SELECT sum(b) FROM t2"), 5000 * 5001 / 2);
    EXPECT_EQ(text(db, "SELECT a FROM t3 WHERE id = 9"), "only");
    EXPECT_EQ(integer(db, "SELECT a FROM t1 WHERE id = 2 * 31337"), 31337);
    run(db, "DELETE FROM t1 WHERE id % 6 = 0");
    run(db, "UPDATE t1 SET b = zeroblob(2000) WHERE id % 10 = 2");
    run(db, "INSERT INTO t1 (a) SELECT a FROM t2");
    EXPECT_EQ(integer(db, "SELECT count(*) FROM t1"), kRows - kRows / 3 + 5000);
    EXPECT_EQ(text(db, "PRAGMA integrity_check"), "ok");
}

TEST(SqliteBulkLoader, RefusesWhatItCannotFillAndSaysWhy) {
    ScratchFolder folder("bulk-refuse");
    const std::string path = folder.file("db.sqlite");
    createDatabase(path, 4096);
    {
        SqliteDatabase db = openOrDie(path, SqliteDatabase::Mode::ReadWrite);
        run(db, "INSERT INTO t3 VALUES (1, 'taken', NULL, NULL)");
        ASSERT_TRUE(db.close());
    }
    auto loader = SqliteBulkLoader::open(path);
    ASSERT_TRUE(loader);
    auto begun = loader->beginTable(rootPage(path, "t3"));
    ASSERT_FALSE(begun);
    EXPECT_NE(begun.error().message.find("is not empty"), std::string::npos);
    EXPECT_FALSE(loader->beginTable(100000));  // no such page
    ASSERT_TRUE(loader->beginTable(rootPage(path, "t1")));
    SqliteRecord record;
    record.addInteger(5);
    ASSERT_TRUE(loader->add(10, record.bytes()));
    auto backwards = loader->add(10, record.bytes());
    ASSERT_FALSE(backwards);
    EXPECT_NE(backwards.error().message.find("increasing rowid order"), std::string::npos);
    EXPECT_FALSE(loader->finish());  // a table is still being filled

    const std::string wal = folder.file("wal.sqlite");
    {
        SqliteDatabase db = openOrDie(wal, SqliteDatabase::Mode::Create);
        run(db, "PRAGMA journal_mode = WAL; CREATE TABLE t (id INTEGER PRIMARY KEY)");
        ASSERT_TRUE(db.close());
    }
    auto walLoader = SqliteBulkLoader::open(wal);
    ASSERT_FALSE(walLoader);
    EXPECT_NE(walLoader.error().message.find("WAL"), std::string::npos);

    auto missing = SqliteBulkLoader::open(folder.file("missing.sqlite"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::FileUnwritable);
    EXPECT_EQ(missing.error().file, folder.file("missing.sqlite"));
}

}  // namespace

namespace {

/// Moves SQLite's lock byte (normally 1 GiB into every database file) while it lives, as
/// SQLite's own tests do, so that a small file has a page SQLite never uses.
class MovedLockByte {
public:
    explicit MovedLockByte(unsigned offset)
        : previous_(
              static_cast<unsigned>(sqlite3_test_control(SQLITE_TESTCTRL_PENDING_BYTE, offset))) {}
    ~MovedLockByte() { sqlite3_test_control(SQLITE_TESTCTRL_PENDING_BYTE, previous_); }
    MovedLockByte(const MovedLockByte&) = delete;
    MovedLockByte& operator=(const MovedLockByte&) = delete;

private:
    unsigned previous_;
};

/// Fills t1 with `rows` rows through a loader that puts the lock byte at `lockByte`, and
/// answers what `PRAGMA integrity_check` says afterwards.
std::string loadAcrossTheLockBytePage(const std::string& path, int pageSize, std::uint64_t lockByte,
                                      std::vector<Row>& rows) {
    createDatabase(path, pageSize);
    for (std::int64_t i = 1; i <= 4000; ++i) {
        rows.push_back({i, {i, letters(static_cast<std::size_t>(20 + i % 60), 1), 0.5}});
    }
    const std::uint32_t root = rootPage(path, "t1");
    auto loader = SqliteBulkLoader::open(path, lockByte);
    EXPECT_TRUE(loader);
    if (!loader) {
        return "not opened";
    }
    EXPECT_TRUE(loader->beginTable(root));
    SqliteRecord record;
    for (const Row& row : rows) {
        encode(record, row);
        EXPECT_TRUE(loader->add(row.rowid, record.bytes()));
    }
    EXPECT_TRUE(loader->endTable());
    EXPECT_TRUE(loader->finish());
    SqliteDatabase db = openOrDie(path, SqliteDatabase::Mode::ReadOnly);
    EXPECT_GT(integer(db, "PRAGMA page_count"), static_cast<std::int64_t>(0x10000 / pageSize + 1));
    return text(db, "PRAGMA integrity_check");
}

TEST(SqliteBulkLoader, NeverUsesThePageThatHoldsSqlitesLockByte) {
    constexpr unsigned kMoved = 0x10000;  // page 129 of 512 bytes, page 17 of 4096
    const MovedLockByte moved(kMoved);
    for (const int pageSize : {512, 4096}) {
        ScratchFolder folder("bulk-lockbyte");
        std::vector<Row> rows;
        EXPECT_EQ(loadAcrossTheLockBytePage(folder.file("db.sqlite"), pageSize, kMoved, rows), "ok")
            << pageSize;
        SqliteDatabase db = openOrDie(folder.file("db.sqlite"), SqliteDatabase::Mode::ReadOnly);
        expectRows(db, "t1", rows);
        // The check notices a loader that writes into that page.
        std::vector<Row> again;
        EXPECT_NE(loadAcrossTheLockBytePage(folder.file("wrong.sqlite"), pageSize,
                                            SqliteBulkLoader::kLockByteOffset, again),
                  "ok")
            << pageSize;
    }
}

}  // namespace
