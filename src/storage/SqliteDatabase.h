// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/Result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace tessera::storage {

/// A prepared statement. Binds are 1-based like SQLite's; columns are 0-based.
class SqliteStatement {
public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3* db, sqlite3_stmt* statement) : db_(db), statement_(statement) {}
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& other) noexcept;
    SqliteStatement& operator=(SqliteStatement&& other) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    void bindNull(int index);
    void bind(int index, std::int64_t value);
    /// NaN binds NULL (SQLite would do that anyway); read back with columnDouble as NaN.
    void bind(int index, double value);
    void bind(int index, std::string_view text);
    void bindBlob(int index, std::span<const std::uint8_t> bytes);

    /// Runs one step. Returns true when a row is available, false when done.
    [[nodiscard]] Result<bool> step();
    /// step() for statements that return no rows, then reset() for the next use.
    [[nodiscard]] Result<void> execute();
    void reset();

    [[nodiscard]] bool isNull(int column) const;
    [[nodiscard]] std::int64_t columnInt(int column) const;
    /// NULL reads as NaN.
    [[nodiscard]] double columnDouble(int column) const;
    [[nodiscard]] std::string columnText(int column) const;
    [[nodiscard]] std::span<const std::uint8_t> columnBlob(int column) const;

private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* statement_ = nullptr;
};

/// An open SQLite connection that closes itself.
class SqliteDatabase {
public:
    enum class Mode { ReadOnly, ReadWrite, Create };

    /// Opens `path`; the error names the file and says what SQLite said.
    [[nodiscard]] static Result<SqliteDatabase> open(const std::string& path, Mode mode);

    SqliteDatabase() = default;
    ~SqliteDatabase();
    SqliteDatabase(SqliteDatabase&& other) noexcept;
    SqliteDatabase& operator=(SqliteDatabase&& other) noexcept;
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    [[nodiscard]] Result<void> execute(const std::string& sql);
    [[nodiscard]] Result<SqliteStatement> prepare(const std::string& sql);
    /// Closes now and reports a failure to close (a write that could not be finished).
    [[nodiscard]] Result<void> close();

    [[nodiscard]] sqlite3* handle() const { return db_; }
    [[nodiscard]] const std::string& path() const { return path_; }

    /// An error for the last failed call on this connection: SQLite's message, with `what`
    /// (the step that failed) in front.
    [[nodiscard]] Error lastError(const std::string& what) const;

private:
    sqlite3* db_ = nullptr;
    std::string path_;
};

/// `name` as an SQL identifier in double quotes (embedded quotes doubled).
[[nodiscard]] std::string quoteIdentifier(std::string_view name);

/// The error for a failed SQLite call (`code` from sqlite3_*), given the connection.
[[nodiscard]] Error sqliteError(sqlite3* db, int code, const std::string& what,
                                const std::string& path);

}  // namespace tessera::storage
