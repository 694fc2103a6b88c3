// SPDX-License-Identifier: Apache-2.0
#include "SqliteDatabase.h"

#include <cmath>
#include <limits>
#include <utility>

#include <sqlite3.h>

namespace tessera::storage {

Error sqliteError(sqlite3* db, int code, const std::string& what, const std::string& path) {
    Error error;
    error.file = path;
    const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    switch (code & 0xff) {
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            error.code = ErrorCode::FileUnreadable;
            error.message = what + ": the file is damaged or is not a Tessera project (" + detail +
                            "). Open an earlier copy or an autosave of the project.";
            break;
        case SQLITE_FULL:
            error.code = ErrorCode::FileUnwritable;
            error.message = what + ": the disk is full (" + detail +
                            "). Free some space or save somewhere else.";
            break;
        case SQLITE_CANTOPEN:
        case SQLITE_PERM:
        case SQLITE_READONLY:
        case SQLITE_IOERR:
        case SQLITE_AUTH:
            error.code = ErrorCode::FileUnwritable;
            error.message = what + ": " + detail + ". Check that the folder exists and that you " +
                            "may write to it.";
            break;
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            error.code = ErrorCode::FileUnreadable;
            error.message = what + ": the file is locked by another program (" + detail +
                            "). Close it there and try again.";
            break;
        case SQLITE_INTERRUPT:
            error.code = ErrorCode::Canceled;
            error.message = what + ": canceled";
            break;
        default:
            error.code = ErrorCode::Internal;
            error.message = what + ": " + detail;
            break;
    }
    return error;
}

std::string quoteIdentifier(std::string_view name) {
    std::string quoted = "\"";
    for (char c : name) {
        quoted += c;
        if (c == '"') {
            quoted += '"';
        }
    }
    quoted += '"';
    return quoted;
}

// ---------------------------------------------------------------------------------------------

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(statement_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)),
      statement_(std::exchange(other.statement_, nullptr)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
    if (this != &other) {
        sqlite3_finalize(statement_);
        db_ = std::exchange(other.db_, nullptr);
        statement_ = std::exchange(other.statement_, nullptr);
    }
    return *this;
}

void SqliteStatement::bindNull(int index) {
    sqlite3_bind_null(statement_, index);
}

void SqliteStatement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
}

void SqliteStatement::bind(int index, double value) {
    if (std::isnan(value)) {
        sqlite3_bind_null(statement_, index);
    } else {
        sqlite3_bind_double(statement_, index, value);
    }
}

void SqliteStatement::bind(int index, std::string_view text) {
    // SQLITE_STATIC: every caller keeps the text alive until the statement has stepped.
    sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
}

void SqliteStatement::bindBlob(int index, std::span<const std::uint8_t> bytes) {
    sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_STATIC);
}

Result<bool> SqliteStatement::step() {
    const int rc = sqlite3_step(statement_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    const char* sql = sqlite3_sql(statement_);
    std::string what = "SQLite statement failed";
    if (sql != nullptr) {
        what += " (" + std::string(sql).substr(0, 60) + ")";
    }
    const char* file = sqlite3_db_filename(db_, "main");
    return fail(sqliteError(db_, rc, what, file != nullptr ? file : ""));
}

Result<void> SqliteStatement::execute() {
    auto stepped = step();
    sqlite3_reset(statement_);
    if (!stepped) {
        return fail(stepped.error());
    }
    return {};
}

void SqliteStatement::reset() {
    sqlite3_reset(statement_);
}

bool SqliteStatement::isNull(int column) const {
    return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

std::int64_t SqliteStatement::columnInt(int column) const {
    return sqlite3_column_int64(statement_, column);
}

double SqliteStatement::columnDouble(int column) const {
    if (sqlite3_column_type(statement_, column) == SQLITE_NULL) {
        return std::numeric_limits<double>::quiet_NaN();
    }
    return sqlite3_column_double(statement_, column);
}

std::string SqliteStatement::columnText(int column) const {
    const auto* text = sqlite3_column_text(statement_, column);
    if (text == nullptr) {
        return {};
    }
    const int size = sqlite3_column_bytes(statement_, column);
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::span<const std::uint8_t> SqliteStatement::columnBlob(int column) const {
    const void* blob = sqlite3_column_blob(statement_, column);
    if (blob == nullptr) {
        return {};
    }
    const int size = sqlite3_column_bytes(statement_, column);
    return {static_cast<const std::uint8_t*>(blob), static_cast<std::size_t>(size)};
}

// ---------------------------------------------------------------------------------------------

Result<SqliteDatabase> SqliteDatabase::open(const std::string& path, Mode mode) {
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
        case Mode::ReadOnly:
            flags |= SQLITE_OPEN_READONLY;
            break;
        case Mode::ReadWrite:
            flags |= SQLITE_OPEN_READWRITE;
            break;
        case Mode::Create:
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
            break;
    }
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    SqliteDatabase database;
    database.db_ = db;
    database.path_ = path;
    if (rc != SQLITE_OK) {
        return fail(sqliteError(db, rc, "cannot open the file", path));
    }
    sqlite3_extended_result_codes(db, 1);
    return database;
}

SqliteDatabase::~SqliteDatabase() {
    sqlite3_close_v2(db_);
}

SqliteDatabase::SqliteDatabase(SqliteDatabase&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&& other) noexcept {
    if (this != &other) {
        sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
    }
    return *this;
}

Result<void> SqliteDatabase::execute(const std::string& sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &message);
    sqlite3_free(message);
    if (rc != SQLITE_OK) {
        return fail(
            sqliteError(db_, rc, "SQLite statement failed (" + sql.substr(0, 60) + ")", path_));
    }
    return {};
}

Result<SqliteStatement> SqliteDatabase::prepare(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (rc != SQLITE_OK) {
        sqlite3_finalize(statement);
        return fail(sqliteError(db_, rc, "cannot prepare (" + sql.substr(0, 60) + ")", path_));
    }
    return SqliteStatement(db_, statement);
}

Result<void> SqliteDatabase::close() {
    if (db_ == nullptr) {
        return {};
    }
    const int rc = sqlite3_close(db_);
    if (rc != SQLITE_OK) {
        Error error = sqliteError(db_, rc, "cannot close the file", path_);
        sqlite3_close_v2(db_);
        db_ = nullptr;
        return fail(std::move(error));
    }
    db_ = nullptr;
    return {};
}

Error SqliteDatabase::lastError(const std::string& what) const {
    return sqliteError(db_, db_ != nullptr ? sqlite3_extended_errcode(db_) : SQLITE_ERROR, what,
                       path_);
}

}  // namespace tessera::storage
