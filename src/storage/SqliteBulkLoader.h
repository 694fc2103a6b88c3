// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/Result.h"

namespace tessera::storage {

/// One row's values in SQLite's record format (https://www.sqlite.org/fileformat2.html,
/// "Record Format"): a header of serial types, then the values. Reuse one object for many rows:
/// clear() keeps the buffers.
class SqliteRecord {
public:
    void clear();
    void addNull();
    void addInteger(std::int64_t value);
    /// NaN is stored as NULL, as sqlite3_bind_double does.
    void addReal(double value);
    /// For a column declared REAL: a whole number within ±2^51 is stored as an integer, as
    /// SQLite itself stores it there (reading the column turns it back into the same REAL).
    void addRealToRealColumn(double value);
    void addText(std::string_view text);
    void addBlob(std::span<const std::uint8_t> bytes);

    /// The record (header size, serial types, values); valid until the next change.
    [[nodiscard]] std::span<const std::uint8_t> bytes();
    /// The same bytes, appended to `out`.
    void appendTo(std::vector<std::uint8_t>& out) const;

private:
    std::vector<std::uint8_t> types_;
    std::vector<std::uint8_t> body_;
    std::vector<std::uint8_t> record_;
};

/// Fills empty rowid tables of a closed SQLite database file by writing their B-tree pages
/// straight into the file, after SQLite has written everything else
/// (https://www.sqlite.org/fileformat2.html, "B-tree Pages"). A million rows go in in a
/// fraction of the time INSERTs take, and the result is an ordinary database: SQLite, GDAL
/// and QGIS read and change it as usual and `PRAGMA integrity_check` answers "ok".
///
/// For files this program has just created and closed, that no other connection has open:
/// no journal or WAL, no auto-vacuum, UTF-8, schema format 4 (all checked). Each table's rows
/// must come in strictly increasing rowid order, and the table's (empty) root page stays where
/// SQLite put it; the new pages are appended at the end of the file. Nothing else in the file
/// changes except the page count in its header (finish()). Tables that need it must have their
/// sqlite_sequence row written by SQL beforehand.
class SqliteBulkLoader {
public:
    /// Where SQLite's lock byte is (1 GiB into the file); the page holding it is never used.
    static constexpr std::uint64_t kLockByteOffset = 0x40000000;

    /// `lockByteOffset` is SQLite's (tests move it with SQLITE_TESTCTRL_PENDING_BYTE to try
    /// the page that holds it without a gigabyte file).
    [[nodiscard]] static Result<SqliteBulkLoader> open(
        const std::string& path, std::uint64_t lockByteOffset = kLockByteOffset);

    SqliteBulkLoader(SqliteBulkLoader&& other) noexcept;
    SqliteBulkLoader& operator=(SqliteBulkLoader&& other) = delete;
    SqliteBulkLoader(const SqliteBulkLoader&) = delete;
    SqliteBulkLoader& operator=(const SqliteBulkLoader&) = delete;
    ~SqliteBulkLoader();

    [[nodiscard]] std::uint32_t pageSize() const { return pageSize_; }

    /// Starts filling the table whose root page is `rootPage`; it must be an empty table leaf.
    [[nodiscard]] Result<void> beginTable(std::uint32_t rootPage);
    /// Adds a row; `rowid` must be larger than the one added before in this table.
    [[nodiscard]] Result<void> add(std::int64_t rowid, std::span<const std::uint8_t> record);
    /// Writes the table's last leaf and its interior pages, the top one into the root page.
    [[nodiscard]] Result<void> endTable();
    /// Writes what is buffered and the new page count into the file's header. The caller
    /// flushes the file to disk (the project is renamed into place only after an fsync).
    [[nodiscard]] Result<void> finish();

private:
    struct Child {
        std::uint32_t page = 0;
        std::int64_t lastRowid = 0;
    };

    SqliteBulkLoader(int fd, std::string path, std::uint64_t lockByteOffset)
        : fd_(fd), path_(std::move(path)), lockByteOffset_(lockByteOffset) {}

    Result<void> readHeader();
    [[nodiscard]] std::uint32_t allocatePage();
    Result<void> writePage(std::uint32_t page, std::span<const std::uint8_t> bytes);
    Result<void> flushBuffer();
    Result<void> writeAt(std::uint64_t offset, std::span<const std::uint8_t> bytes);
    Result<void> readAt(std::uint64_t offset, std::span<std::uint8_t> bytes) const;
    void startLeaf();
    Result<void> flushLeaf(std::uint32_t page);
    Result<void> writeInteriorLevels(std::vector<Child> children);
    [[nodiscard]] tl::unexpected<Error> ioError(const std::string& what) const;

    int fd_ = -1;
    std::string path_;
    std::uint64_t lockByteOffset_ = kLockByteOffset;
    std::uint32_t pageSize_ = 0;
    std::uint32_t usable_ = 0;
    std::uint32_t pageCount_ = 0;
    std::uint32_t lockBytePage_ = 0;
    std::uint32_t changeCounter_ = 0;

    // Pages appended at the end of the file, buffered into large writes.
    std::vector<std::uint8_t> buffer_;
    std::uint32_t bufferFirstPage_ = 0;
    std::uint32_t nextAppend_ = 0;
    std::uint32_t originalPageCount_ = 0;

    // The table being filled.
    bool inTable_ = false;
    std::uint32_t rootPage_ = 0;
    std::vector<std::uint8_t> leaf_;
    std::size_t leafCells_ = 0;
    std::size_t leafContentStart_ = 0;
    std::int64_t leafLastRowid_ = 0;
    bool anyRow_ = false;
    std::int64_t lastRowid_ = 0;
    std::vector<Child> leaves_;
    std::vector<std::uint8_t> cell_;
    std::vector<std::uint8_t> overflow_;
};

}  // namespace tessera::storage
