// SPDX-License-Identifier: Apache-2.0
#include "SqliteBulkLoader.h"

#include "BigEndian.h"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tessera::storage {

namespace {

// The file format's constants (https://www.sqlite.org/fileformat2.html).
constexpr std::size_t kFileHeaderBytes = 100;
constexpr std::uint8_t kTableLeaf = 0x0d;
constexpr std::uint8_t kTableInterior = 0x05;
constexpr std::size_t kLeafHeaderBytes = 8;
constexpr std::size_t kInteriorHeaderBytes = 12;
constexpr std::size_t kMinCellBytes = 4;  // SQLite counts smaller cells as 4 bytes
constexpr std::size_t kWriteBufferBytes = std::size_t{8} << 20U;

/// A B-tree page header's cell count and the start of its cell content area (65,536 is
/// written as 0).
void putCellCount(std::uint8_t* page, std::size_t cells, std::size_t contentStart) {
    putBigEndian(page + 3, cells, 2);
    putBigEndian(page + 5, contentStart == 65536 ? 0 : contentStart, 2);
}

/// SQLite's variable-length integer: big-endian groups of 7 bits, the high bit set on all but
/// the last; a ninth byte, when needed, carries 8 bits.
std::size_t varintLength(std::uint64_t value) {
    std::size_t length = 1;
    for (; length < 9 && value > 0x7fU; ++length) {
        value >>= 7U;
    }
    return length;
}

std::size_t putVarint(std::uint8_t* out, std::uint64_t value) {
    if (value <= 0x7fU) {
        out[0] = static_cast<std::uint8_t>(value);
        return 1;
    }
    if ((value >> 56U) != 0) {
        out[8] = static_cast<std::uint8_t>(value);
        value >>= 8U;
        for (int i = 7; i >= 0; --i) {
            out[i] = static_cast<std::uint8_t>((value & 0x7fU) | 0x80U);
            value >>= 7U;
        }
        return 9;
    }
    std::uint8_t reversed[9];
    std::size_t n = 0;
    while (value != 0) {
        reversed[n++] = static_cast<std::uint8_t>((value & 0x7fU) | 0x80U);
        value >>= 7U;
    }
    reversed[0] &= 0x7fU;
    for (std::size_t i = 0; i < n; ++i) {
        out[i] = reversed[n - 1 - i];
    }
    return n;
}

void appendVarint(std::vector<std::uint8_t>& out, std::uint64_t value) {
    std::uint8_t bytes[9];
    const std::size_t n = putVarint(bytes, value);
    out.insert(out.end(), bytes, bytes + n);
}

}  // namespace

// ---- SqliteRecord ----------------------------------------------------------------------------

void SqliteRecord::clear() {
    types_.clear();
    body_.clear();
}

void SqliteRecord::addNull() {
    types_.push_back(0);
}

void SqliteRecord::addInteger(std::int64_t value) {
    // The smallest serial type that holds the value, as SQLite chooses it.
    if (value == 0 || value == 1) {
        types_.push_back(static_cast<std::uint8_t>(8 + value));
        return;
    }
    std::size_t bytes = 8;
    std::uint8_t type = 6;
    if (value >= -128 && value <= 127) {
        bytes = 1;
        type = 1;
    } else if (value >= -32768 && value <= 32767) {
        bytes = 2;
        type = 2;
    } else if (value >= -8388608 && value <= 8388607) {
        bytes = 3;
        type = 3;
    } else if (value >= -2147483648LL && value <= 2147483647LL) {
        bytes = 4;
        type = 4;
    } else if (value >= -140737488355328LL && value <= 140737488355327LL) {
        bytes = 6;
        type = 5;
    }
    types_.push_back(type);
    appendBigEndian(body_, static_cast<std::uint64_t>(value), bytes);
}

void SqliteRecord::addReal(double value) {
    if (std::isnan(value)) {
        addNull();
        return;
    }
    types_.push_back(7);
    appendBigEndian(body_, std::bit_cast<std::uint64_t>(value), 8);
}

void SqliteRecord::addRealToRealColumn(double value) {
    constexpr double kLimit = 2251799813685248.0;  // 2^51, SQLite's bound for this
    if (value > -kLimit && value < kLimit && value == std::trunc(value) &&
        !(value == 0.0 && std::signbit(value))) {
        addInteger(static_cast<std::int64_t>(value));
        return;
    }
    addReal(value);
}

void SqliteRecord::addText(std::string_view text) {
    appendVarint(types_, 2 * std::uint64_t{text.size()} + 13);
    body_.insert(body_.end(), text.begin(), text.end());
}

void SqliteRecord::addBlob(std::span<const std::uint8_t> bytes) {
    appendVarint(types_, 2 * std::uint64_t{bytes.size()} + 12);
    body_.insert(body_.end(), bytes.begin(), bytes.end());
}

std::span<const std::uint8_t> SqliteRecord::bytes() {
    record_.clear();
    appendTo(record_);
    return record_;
}

void SqliteRecord::appendTo(std::vector<std::uint8_t>& out) const {
    // The header's size counts its own varint.
    std::size_t headerBytes = types_.size() + 1;
    while (varintLength(headerBytes) + types_.size() != headerBytes) {
        headerBytes = varintLength(headerBytes) + types_.size();
    }
    appendVarint(out, headerBytes);
    out.insert(out.end(), types_.begin(), types_.end());
    out.insert(out.end(), body_.begin(), body_.end());
}

// ---- SqliteBulkLoader ------------------------------------------------------------------------

Result<SqliteBulkLoader> SqliteBulkLoader::open(const std::string& path,
                                                std::uint64_t lockByteOffset) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        return fail(ErrorCode::FileUnwritable,
                    std::string("cannot open the file to write it: ") + std::strerror(errno), path);
    }
    SqliteBulkLoader loader(fd, path, lockByteOffset);
    if (auto r = loader.readHeader(); !r) {
        return fail(r.error());
    }
    return loader;
}

SqliteBulkLoader::SqliteBulkLoader(SqliteBulkLoader&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      path_(std::move(other.path_)),
      lockByteOffset_(other.lockByteOffset_),
      pageSize_(other.pageSize_),
      usable_(other.usable_),
      pageCount_(other.pageCount_),
      lockBytePage_(other.lockBytePage_),
      changeCounter_(other.changeCounter_),
      buffer_(std::move(other.buffer_)),
      bufferFirstPage_(other.bufferFirstPage_),
      nextAppend_(other.nextAppend_),
      originalPageCount_(other.originalPageCount_) {}

SqliteBulkLoader::~SqliteBulkLoader() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

tl::unexpected<Error> SqliteBulkLoader::ioError(const std::string& what) const {
    const int code = errno;
    std::string message = what + ": " + std::strerror(code);
    if (code == ENOSPC) {
        message += " (free some space on the disk and save again)";
    }
    return fail(ErrorCode::FileUnwritable, std::move(message), path_);
}

Result<void> SqliteBulkLoader::readAt(std::uint64_t offset, std::span<std::uint8_t> bytes) const {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pread(fd_, bytes.data() + done, bytes.size() - done,
                                  static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return n < 0 ? ioError("cannot read the file")
                         : fail(ErrorCode::Internal, "the database file ends early", path_);
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

Result<void> SqliteBulkLoader::writeAt(std::uint64_t offset, std::span<const std::uint8_t> bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done,
                                   static_cast<off_t>(offset + done));
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            if (n == 0) {
                errno = EIO;
            }
            return ioError("cannot write the file");
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

Result<void> SqliteBulkLoader::readHeader() {
    std::uint8_t header[kFileHeaderBytes];
    if (auto r = readAt(0, header); !r) {
        return r;
    }
    auto unexpected = [this](const std::string& what) {
        return fail(ErrorCode::Internal,
                    "cannot fill the database file directly (" + what +
                        "). This is a bug in the program; please report it.",
                    path_);
    };
    if (std::memcmp(header, "SQLite format 3", 16) != 0) {
        return unexpected("it is not an SQLite database");
    }
    const std::uint32_t size = static_cast<std::uint16_t>(readBigEndian(header + 16, 2));
    pageSize_ = size == 1 ? 65536U : size;
    if (pageSize_ < 512 || !std::has_single_bit(pageSize_)) {
        return unexpected("its page size " + std::to_string(pageSize_) + " is invalid");
    }
    if (header[18] != 1 || header[19] != 1) {
        return unexpected("it is in WAL mode");
    }
    usable_ = pageSize_ - header[20];
    if (usable_ < 480) {
        return unexpected("too many reserved bytes per page");
    }
    if (static_cast<std::uint32_t>(readBigEndian(header + 44, 4)) != 4) {
        return unexpected("its schema format is not 4");
    }
    if (static_cast<std::uint32_t>(readBigEndian(header + 52, 4)) != 0) {
        return unexpected("it uses auto-vacuum");
    }
    if (static_cast<std::uint32_t>(readBigEndian(header + 56, 4)) != 1) {
        return unexpected("its text encoding is not UTF-8");
    }
    struct stat info {};
    if (::fstat(fd_, &info) != 0) {
        return ioError("cannot read the file's size");
    }
    if (info.st_size % pageSize_ != 0) {
        return unexpected("its size is not a whole number of pages");
    }
    pageCount_ = static_cast<std::uint32_t>(static_cast<std::uint64_t>(info.st_size) / pageSize_);
    changeCounter_ = static_cast<std::uint32_t>(readBigEndian(header + 24, 4));
    const std::uint32_t headerPages = static_cast<std::uint32_t>(readBigEndian(header + 28, 4));
    if (changeCounter_ == static_cast<std::uint32_t>(readBigEndian(header + 92, 4)) &&
        headerPages != pageCount_) {
        return unexpected("its header says " + std::to_string(headerPages) + " pages, it has " +
                          std::to_string(pageCount_));
    }
    lockBytePage_ = static_cast<std::uint32_t>(lockByteOffset_ / pageSize_) + 1;
    originalPageCount_ = pageCount_;
    nextAppend_ = pageCount_ + 1;
    bufferFirstPage_ = nextAppend_;
    return {};
}

std::uint32_t SqliteBulkLoader::allocatePage() {
    ++pageCount_;
    if (pageCount_ == lockBytePage_) {
        ++pageCount_;
    }
    return pageCount_;
}

Result<void> SqliteBulkLoader::flushBuffer() {
    if (buffer_.empty()) {
        return {};
    }
    if (auto r = writeAt(std::uint64_t{bufferFirstPage_ - 1} * pageSize_, buffer_); !r) {
        return r;
    }
    bufferFirstPage_ += static_cast<std::uint32_t>(buffer_.size() / pageSize_);
    buffer_.clear();
    return {};
}

Result<void> SqliteBulkLoader::writePage(std::uint32_t page, std::span<const std::uint8_t> bytes) {
    if (page <= originalPageCount_) {
        // A page that was in the file already (a table's root).
        return writeAt(std::uint64_t{page - 1} * pageSize_, bytes);
    }
    // New pages are written in the order they were numbered; the lock-byte page is skipped
    // by both and written as zeros.
    if (nextAppend_ == lockBytePage_) {
        buffer_.resize(buffer_.size() + pageSize_, 0);
        ++nextAppend_;
    }
    if (page != nextAppend_) {
        return fail(ErrorCode::Internal,
                    "pages written out of order (" + std::to_string(page) + " after " +
                        std::to_string(nextAppend_ - 1) + "). This is a bug; please report it.",
                    path_);
    }
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
    ++nextAppend_;
    if (buffer_.size() >= kWriteBufferBytes) {
        return flushBuffer();
    }
    return {};
}

Result<void> SqliteBulkLoader::beginTable(std::uint32_t rootPage) {
    if (inTable_ || rootPage < 2 || rootPage > originalPageCount_) {
        return fail(ErrorCode::Internal,
                    "no table can be filled at page " + std::to_string(rootPage), path_);
    }
    std::vector<std::uint8_t> root(pageSize_);
    if (auto r = readAt(std::uint64_t{rootPage - 1} * pageSize_, root); !r) {
        return r;
    }
    if (root[0] != kTableLeaf ||
        static_cast<std::uint16_t>(readBigEndian(root.data() + 3, 2)) != 0) {
        return fail(ErrorCode::Internal,
                    "the table at page " + std::to_string(rootPage) + " is not empty", path_);
    }
    inTable_ = true;
    rootPage_ = rootPage;
    anyRow_ = false;
    leaves_.clear();
    startLeaf();
    return {};
}

void SqliteBulkLoader::startLeaf() {
    leaf_.assign(pageSize_, 0);
    leaf_[0] = kTableLeaf;
    leafCells_ = 0;
    leafContentStart_ = usable_;
}

Result<void> SqliteBulkLoader::flushLeaf(std::uint32_t page) {
    putCellCount(leaf_.data(), leafCells_, leafContentStart_);
    if (auto r = writePage(page, leaf_); !r) {
        return r;
    }
    leaves_.push_back({page, leafLastRowid_});
    return {};
}

Result<void> SqliteBulkLoader::add(std::int64_t rowid, std::span<const std::uint8_t> record) {
    if (!inTable_ || (anyRow_ && rowid <= lastRowid_)) {
        return fail(ErrorCode::Internal,
                    "rows must come in increasing rowid order (" + std::to_string(rowid) +
                        " after " + std::to_string(lastRowid_) + "). This is a bug.",
                    path_);
    }
    // How much of the payload stays in the cell; the rest goes to a chain of overflow pages.
    const std::size_t payload = record.size();
    const std::size_t maxLocal = usable_ - 35;
    std::size_t local = payload;
    if (payload > maxLocal) {
        const std::size_t minLocal = (usable_ - 12) * 32 / 255 - 23;
        const std::size_t k = minLocal + (payload - minLocal) % (usable_ - 4);
        local = k <= maxLocal ? k : minLocal;
    }
    cell_.resize(18);
    std::size_t size = putVarint(cell_.data(), payload);
    size += putVarint(cell_.data() + size, static_cast<std::uint64_t>(rowid));
    cell_.resize(size);
    cell_.insert(cell_.end(), record.begin(), record.begin() + static_cast<std::ptrdiff_t>(local));
    const bool overflows = local < payload;
    const std::size_t cellBytes = std::max(kMinCellBytes, cell_.size() + (overflows ? 4 : 0));

    if (kLeafHeaderBytes + 2 * (leafCells_ + 1) + cellBytes > leafContentStart_) {
        if (auto r = flushLeaf(allocatePage()); !r) {
            return r;
        }
        startLeaf();
    }
    if (overflows) {
        // The chain's pages are numbered first, then written in that order.
        const std::size_t perPage = usable_ - 4;
        const std::size_t rest = payload - local;
        const std::size_t pages = (rest + perPage - 1) / perPage;
        std::vector<std::uint32_t> chain(pages);
        for (std::uint32_t& page : chain) {
            page = allocatePage();
        }
        const std::size_t at = cell_.size();
        cell_.resize(at + 4);
        putBigEndian(cell_.data() + at, chain.front(), 4);
        for (std::size_t p = 0; p < pages; ++p) {
            overflow_.assign(pageSize_, 0);
            putBigEndian(overflow_.data(), p + 1 < pages ? chain[p + 1] : 0, 4);
            const std::size_t from = local + p * perPage;
            const std::size_t n = std::min(perPage, payload - from);
            std::memcpy(overflow_.data() + 4, record.data() + from, n);
            if (auto r = writePage(chain[p], overflow_); !r) {
                return r;
            }
        }
    }
    cell_.resize(cellBytes, 0);
    leafContentStart_ -= cellBytes;
    std::memcpy(leaf_.data() + leafContentStart_, cell_.data(), cellBytes);
    putBigEndian(leaf_.data() + kLeafHeaderBytes + 2 * leafCells_, leafContentStart_, 2);
    ++leafCells_;
    leafLastRowid_ = rowid;
    lastRowid_ = rowid;
    anyRow_ = true;
    return {};
}

Result<void> SqliteBulkLoader::writeInteriorLevels(std::vector<Child> children) {
    // At most this many children per interior page, counting every key as a 9-byte varint.
    const std::size_t perPage = (usable_ - kInteriorHeaderBytes) / (2 + 4 + 9) + 1;
    std::vector<std::uint8_t> page;
    auto build = [&](std::span<const Child> group) {
        page.assign(pageSize_, 0);
        page[0] = kTableInterior;
        std::size_t contentStart = usable_;
        std::uint8_t cell[13];
        for (std::size_t i = 0; i + 1 < group.size(); ++i) {
            putBigEndian(cell, group[i].page, 4);
            const std::size_t n =
                4 + putVarint(cell + 4, static_cast<std::uint64_t>(group[i].lastRowid));
            contentStart -= n;
            std::memcpy(page.data() + contentStart, cell, n);
            putBigEndian(page.data() + kInteriorHeaderBytes + 2 * i, contentStart, 2);
        }
        putCellCount(page.data(), group.size() - 1, contentStart);
        putBigEndian(page.data() + 8, group.back().page, 4);
    };
    while (children.size() > perPage) {
        // Evenly filled pages, so that none is left with a single child.
        const std::size_t groups = (children.size() + perPage - 1) / perPage;
        std::vector<Child> parents;
        parents.reserve(groups);
        std::size_t begin = 0;
        for (std::size_t g = 0; g < groups; ++g) {
            const std::size_t end = children.size() * (g + 1) / groups;
            const std::span<const Child> group(children.data() + begin, end - begin);
            build(group);
            const std::uint32_t number = allocatePage();
            if (auto r = writePage(number, page); !r) {
                return r;
            }
            parents.push_back({number, group.back().lastRowid});
            begin = end;
        }
        children = std::move(parents);
    }
    build(children);
    return writePage(rootPage_, page);
}

Result<void> SqliteBulkLoader::endTable() {
    if (!inTable_) {
        return fail(ErrorCode::Internal, "no table is being filled", path_);
    }
    inTable_ = false;
    if (leaves_.empty()) {
        // Everything fits in the root page (or there is nothing: it stays the empty leaf).
        if (leafCells_ == 0) {
            return {};
        }
        putCellCount(leaf_.data(), leafCells_, leafContentStart_);
        return writePage(rootPage_, leaf_);
    }
    if (leafCells_ > 0) {
        if (auto r = flushLeaf(allocatePage()); !r) {
            return r;
        }
    }
    return writeInteriorLevels(std::move(leaves_));
}

Result<void> SqliteBulkLoader::finish() {
    if (inTable_) {
        return fail(ErrorCode::Internal, "a table is still being filled", path_);
    }
    if (auto r = flushBuffer(); !r) {
        return r;
    }
    // The lock-byte page as the very last page would not have been written.
    const std::uint64_t bytes = std::uint64_t{pageCount_} * pageSize_;
    if (::ftruncate(fd_, static_cast<off_t>(bytes)) != 0) {
        return ioError("cannot extend the file");
    }
    // The new page count, valid for a new change counter (readers check that the two match).
    std::uint8_t fields[4];
    ++changeCounter_;
    putBigEndian(fields, changeCounter_, 4);
    if (auto r = writeAt(24, fields); !r) {
        return r;
    }
    if (auto r = writeAt(92, fields); !r) {
        return r;
    }
    putBigEndian(fields, pageCount_, 4);
    return writeAt(28, fields);
}

}  // namespace tessera::storage
