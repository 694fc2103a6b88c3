// SPDX-License-Identifier: Apache-2.0
#include "AccountCsvReader.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <sstream>
#include <thread>

#include <sys/mman.h>

#include "AccountColumnMapping.h"
#include "CsvReader.h"
#include "MappedFile.h"
#include "NumberParsing.h"
#include "PostalGazetteer.h"
#include "SpreadsheetReader.h"
#include "TextFile.h"

namespace tessera::io {

namespace {

constexpr std::size_t kRowsPerFeedbackCheck = 4096;
/// Smaller files are parsed on fewer threads: a thread is not worth it for less.
constexpr std::size_t kMinChunkBytes = 1U << 20;
/// Each thread takes chunks in turn, several of them, so that a thread the machine slows down
/// does not keep the others waiting at the end (one chunk per thread left one of two threads
/// idle for 0.05–0.4 s of a million rows' 1.4 s).
constexpr std::size_t kChunksPerThread = 8;

std::string quoteValue(std::string_view value) {
    constexpr std::size_t kMaxShown = 60;
    std::string text = "\"";
    std::size_t shown = std::min(kMaxShown, value.size());
    // Do not cut a UTF-8 sequence in two.
    while (shown < value.size() && shown > 0 &&
           (static_cast<unsigned char>(value[shown]) & 0xC0) == 0x80) {
        --shown;
    }
    text.append(value.substr(0, shown));
    if (shown < value.size()) {
        text.append("…");
    }
    text.push_back('"');
    return text;
}

std::string expectedNames(AccountField field) {
    std::string list;
    const auto& aliases = accountFieldAliases(field);
    for (std::size_t i = 0; i < aliases.size() && i < 5; ++i) {
        if (!list.empty()) {
            list += ", ";
        }
        list += aliases[i];
    }
    return list;
}

/// Collects the problems of one row; the first one names the column of the reject.
class RowProblems {
public:
    void add(std::string column, std::string problem) {
        if (column_.empty() && reason_.empty()) {
            column_ = std::move(column);
        }
        if (!reason_.empty()) {
            reason_ += "; ";
        }
        reason_ += problem;
    }
    [[nodiscard]] bool empty() const { return reason_.empty(); }
    [[nodiscard]] const std::string& column() const { return column_; }
    [[nodiscard]] const std::string& reason() const { return reason_; }

private:
    std::string column_;
    std::string reason_;
};

/// Explains why a number could not be read, with what to do.
std::string notANumber(std::string_view label, std::string_view text, DecimalMark mark) {
    std::string message = std::string(label) + " " + quoteValue(text) + " is not a number";
    const DecimalMark other = mark == DecimalMark::Point ? DecimalMark::Comma : DecimalMark::Point;
    if (const auto otherValue = parseNumber(text, other)) {
        std::ostringstream plain;
        plain << *otherValue;
        std::string suggestion = plain.str();
        if (mark == DecimalMark::Comma) {
            std::replace(suggestion.begin(), suggestion.end(), '.', ',');
        }
        message += mark == DecimalMark::Point
                       ? "; it seems to use a decimal comma while the column uses a decimal "
                         "point — write it as "
                       : "; it seems to use a decimal point while the column uses a decimal "
                         "comma — write it as ";
        message += suggestion + " or set the column's decimal mark";
    } else {
        message += mark == DecimalMark::Point ? "; write it as a number such as 1234.5 or 1,234.50"
                                              : "; write it as a number such as 1234,5 or 1.234,50";
    }
    return message;
}

/// madvise(advice) over the whole `alignment`-sized blocks inside [begin, begin + bytes).
/// Does nothing on other systems; a kernel that does not know the advice ignores it.
void adviseWholeBlocks(void* begin, std::size_t bytes, std::uintptr_t alignment, int advice) {
#if defined(__linux__)
    const auto first =
        (reinterpret_cast<std::uintptr_t>(begin) + alignment - 1) / alignment * alignment;
    const auto last = (reinterpret_cast<std::uintptr_t>(begin) + bytes) / alignment * alignment;
    if (last > first) {
        (void)::madvise(reinterpret_cast<void*>(first), last - first, advice);
    }
#else
    (void)begin;
    (void)bytes;
    (void)alignment;
    (void)advice;
#endif
}

/// Has the kernel map writable pages for [begin, begin + bytes) now, where a vector is about to
/// be filled: one call maps them in bulk on the calling thread, instead of a page fault for each
/// 4 KiB on whichever thread first writes there. Before Linux 5.14 the pages are mapped as they
/// are written.
void mapForWriting(void* begin, std::size_t bytes) {
    constexpr int kPopulateWrite = 23;  // MADV_POPULATE_WRITE, missing from older headers
    adviseWholeBlocks(begin, bytes, static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE)),
                      kPopulateWrite);
}

/// Asks for [begin, begin + bytes) to be backed by huge pages (Linux transparent huge pages,
/// where the system has them on "madvise"); to be called before the memory is first written.
void adviseHugePages(void* begin, std::size_t bytes) {
    adviseWholeBlocks(begin, bytes, std::uintptr_t{2} << 20, MADV_HUGEPAGE);
}

/// Account ID → index of the imported account, as an open-addressing hash table whose slots
/// hold the ID's hash beside the index, so that a probe reads one slot and looks at an ID only
/// when the hashes match (a node-based map costs a third of the whole import on a million rows;
/// a probe that follows the index to the hash, a cache miss per step, a fifth of the stitching).
class AccountIdIndex {
public:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    explicit AccountIdIndex(std::size_t expected) {
        std::size_t capacity = 1024;
        while (capacity < expected * 2) {
            capacity *= 2;
        }
        // Probes go all over the table (32 MB for a million IDs): in huge pages where the
        // system allows, each probe's address translation is not another miss (a third of the
        // stitching's time in a virtual machine).
        slots_.reserve(capacity);
        adviseHugePages(slots_.data(), capacity * sizeof(Slot));
        slots_.assign(capacity, Slot{});
        ids_.reserve(expected);
    }

    /// Starts loading the slot where a probe for `hash` begins: the stitching looks a few rows
    /// ahead, so that the table (tens of megabytes, one cache miss a probe) is read while the
    /// rows before are decided.
    void prefetch(std::size_t hash) const {
        __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
    }

    /// Index of the account with this ID (whose hash is `hash`), or kNone.
    [[nodiscard]] std::size_t find(std::string_view id, std::size_t hash) const {
        return slots_[probe(id, hash)].index;
    }

    /// Index of the account with this ID if there is one; otherwise adds the ID as the next
    /// account's and returns kNone. `id` must stay where it is while the index is used.
    std::size_t findOrAddNext(const std::string& id, std::size_t hash) {
        std::size_t slot = probe(id, hash);
        if (slots_[slot].index != kNone) {
            return slots_[slot].index;
        }
        if ((ids_.size() + 1) * 2 > slots_.size()) {
            rebuild(slots_.size() * 2);
            slot = probe(id, hash);
        }
        slots_[slot] = {hash, ids_.size()};
        ids_.push_back(&id);
        return kNone;
    }

private:
    struct Slot {
        std::size_t hash = 0;
        std::size_t index = kNone;
    };

    /// The slot holding the ID, or the empty slot where it would go.
    [[nodiscard]] std::size_t probe(std::string_view id, std::size_t hash) const {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
            const Slot& s = slots_[slot];
            if (s.index == kNone || (s.hash == hash && *ids_[s.index] == id)) {
                return slot;
            }
        }
    }

    void rebuild(std::size_t capacity) {
        std::vector<Slot> old(capacity, Slot{});
        old.swap(slots_);
        const std::size_t mask = slots_.size() - 1;
        for (const Slot& s : old) {
            if (s.index != kNone) {
                std::size_t slot = s.hash & mask;
                while (slots_[slot].index != kNone) {
                    slot = (slot + 1) & mask;
                }
                slots_[slot] = s;
            }
        }
    }

    std::vector<Slot> slots_;  // power of two, at most half full
    std::vector<const std::string*> ids_;
};

/// How a row's location is found, decided once per file.
struct LocatingRules {
    const PostalGazetteer* gazetteer = nullptr;
    std::string defaultCountry;  ///< ISO alpha-2; empty = none
};

/// How an accepted row was located, and what its postal code did.
struct AcceptedRow {
    std::int64_t row = 0;   ///< data row, counted within its chunk
    std::int64_t line = 0;  ///< line the row starts on, counted within its chunk
    std::string_view raw;   ///< the row's text
    std::size_t idHash = 0;
    LocationSource located = LocationSource::None;
    bool postcodeZeroPadded = false;
    bool postcodeNotFound = false;
};

/// A row that failed a check of its own; the check across rows (duplicate IDs) comes later.
struct PendingReject {
    std::int64_t row = 0;
    std::int64_t line = 0;
    std::string_view raw;
    RowProblems problems;
    std::string id;  ///< the row's account ID when its shape was fine and it has one
    std::size_t idHash = 0;
};

/// What parsing one run of consecutive rows gives: rows are parsed in chunks on several
/// threads, then stitched in order (stitchChunks), which is where duplicate IDs are found.
/// The accounts themselves go into one vector shared by the chunks (the slots): row r of the
/// chunk into slot firstSlot + r - 1, so that they need not move again when the chunks are put
/// together. A chunk has a slot for every record that can start in it (one more than its line
/// breaks); a rejected row leaves its slot to be filled or cut off when the rows are stitched.
struct ChunkRows {
    std::size_t firstSlot = 0;
    std::size_t slotCount = 0;
    std::vector<AcceptedRow> accepted;  // per account
    std::vector<PendingReject> rejects;
    std::int64_t rows = 0;
    /// Where the first record after the chunk's end starts (npos = none: the text ended), and
    /// its line counted within the chunk. The next chunk is valid only if it starts there.
    std::size_t nextRecordStart = std::string_view::npos;
    std::int64_t nextRecordLine = 0;
};

class AccountRowParser {
public:
    AccountRowParser(const AccountColumnMapping& mapping,
                     const std::array<DecimalMark, kAccountFieldCount>& marks,
                     LocatingRules locating)
        : mapping_(mapping), marks_(marks), locating_(std::move(locating)) {}

    /// Validates and converts one record (row `row` of its chunk); on success puts the account
    /// into `slot` and notes it in out.accepted, else adds it to out.rejects. Thread safe: it
    /// only reads the parser.
    void parse(const CsvRecord& record, std::int64_t row, ChunkRows& out, Account& slot) const {
        RowProblems problems;
        checkShape(record, problems);
        if (!problems.empty()) {
            // The values cannot be trusted to be in their columns.
            reject(record, row, std::move(problems), {}, out);
            return;
        }
        // Filled in place: every field this reader sets is set (a slot may hold a row of an
        // earlier pass over its chunk), and a rejected row's slot is left to be overwritten.
        Account& account = slot;
        readId(record, account, problems);
        bool zeroZero = false;
        const std::optional<Point> location = readCoordinates(record, problems, zeroZero);
        readAmounts(record, account, problems);
        std::optional<PostalGazetteer::Match> byPostcode;
        bool postcodeNotFound = false;
        const std::string_view postalCode = trimSpaces(value(record, AccountField::PostalCode));
        if (!location && problems.empty() && !postalCode.empty()) {
            byPostcode = locateByPostcode(record, postalCode);
            postcodeNotFound = !byPostcode && locating_.gazetteer != nullptr;
        }
        if (zeroZero && !byPostcode) {
            problems.add(header(AccountField::Longitude),
                         "the location is (0, 0), which CRMs write for addresses they could not "
                         "geocode; enter the real coordinates, or clear both to import the "
                         "account without a location");
        }
        if (!problems.empty()) {
            reject(record, row, std::move(problems), account.id, out);
            return;
        }
        AcceptedRow accepted;
        accepted.row = row;
        accepted.line = record.line();
        accepted.raw = record.raw();
        accepted.idHash = std::hash<std::string_view>{}(account.id);
        account.name.assign(trimSpaces(value(record, AccountField::Name)));
        account.postalCode.assign(postalCode);
        account.segment.assign(trimSpaces(value(record, AccountField::Segment)));
        account.owner.assign(trimSpaces(value(record, AccountField::Owner)));
        account.requiredSkill.assign(trimSpaces(value(record, AccountField::RequiredSkill)));
        if (location) {
            account.location = *location;
            account.locationSource = LocationSource::Coordinates;
        } else if (byPostcode) {
            account.location = byPostcode->location;
            account.locationSource = LocationSource::PostalCode;
            accepted.postcodeZeroPadded = byPostcode->zeroPadded;
        } else {
            account.location = Point{0.0, 0.0};
            account.locationSource = LocationSource::None;
            accepted.postcodeNotFound = postcodeNotFound;
        }
        accepted.located = account.locationSource;
        account.custom.clear();
        std::size_t customBytes = 0;
        for (const std::size_t column : mapping_.customColumns) {
            customBytes += mapping_.headers[column].size() + record[column].size();
        }
        account.custom.reserve(customBytes, mapping_.customColumns.size());
        for (const std::size_t column : mapping_.customColumns) {
            account.custom.add(mapping_.headers[column], record[column]);
        }
        out.accepted.push_back(accepted);
    }

    /// The duplicate-ID problem of a row whose ID an earlier imported row (`firstRow`) has.
    void addDuplicate(RowProblems& problems, std::string_view id, std::int64_t firstRow) const {
        problems.add(header(AccountField::Id),
                     "the account ID " + quoteValue(id) + " is already used by row " +
                         std::to_string(firstRow) +
                         "; IDs must be unique — merge the two rows or give one a new ID");
    }

private:
    [[nodiscard]] const std::string& header(AccountField field) const {
        static const std::string kNone;
        const auto column = mapping_.column(field);
        return column ? mapping_.headers[*column] : kNone;
    }

    [[nodiscard]] std::string_view value(const CsvRecord& record, AccountField field) const {
        const auto column = mapping_.column(field);
        return column ? record[*column] : std::string_view{};
    }

    /// The trimmed value, empty for blanks such as N/A.
    [[nodiscard]] std::string_view numberText(const CsvRecord& record, AccountField field) const {
        const std::string_view text = trimSpaces(value(record, field));
        return isBlankValue(text) ? std::string_view{} : text;
    }

    [[nodiscard]] DecimalMark mark(AccountField field) const {
        return marks_[static_cast<std::size_t>(field)];
    }

    void checkShape(const CsvRecord& record, RowProblems& problems) const {
        if (!record.problem().empty()) {
            const std::size_t field = record.problemField();
            problems.add(field < mapping_.headers.size() ? mapping_.headers[field] : std::string{},
                         "broken quoting: " + record.problem());
            return;
        }
        const std::size_t expected = mapping_.headers.size();
        bool extraValues = false;
        for (std::size_t i = expected; i < record.size(); ++i) {
            extraValues = extraValues || !trimSpaces(record[i]).empty();
        }
        if (record.size() < expected || extraValues) {
            problems.add({}, "the row has " + std::to_string(record.size()) +
                                 " fields but the header has " + std::to_string(expected) +
                                 (record.size() < expected
                                      ? "; a value is probably missing or the row was cut"
                                      : "; a value probably contains the delimiter without "
                                        "quotes around it") +
                                 " — fix the row so its values line up with the header");
        }
    }

    /// The ID; whether an earlier row has it already is checked when the chunks are stitched.
    void readId(const CsvRecord& record, Account& account, RowProblems& problems) const {
        const std::string_view id = trimSpaces(value(record, AccountField::Id));
        account.id.assign(id);
        if (id.empty()) {
            problems.add(header(AccountField::Id),
                         "the account ID is empty; every account needs the CRM's ID — fill it "
                         "in or remove the row");
            return;
        }
    }

    std::optional<Point> readCoordinates(const CsvRecord& record, RowProblems& problems,
                                         bool& zeroZero) const {
        const std::string_view lonText = numberText(record, AccountField::Longitude);
        const std::string_view latText = numberText(record, AccountField::Latitude);
        const std::string& lonColumn = header(AccountField::Longitude);
        const std::string& latColumn = header(AccountField::Latitude);
        if (lonText.empty() && latText.empty()) {
            return std::nullopt;  // located by postal code, or imported without a location
        }
        if (lonText.empty() || latText.empty()) {
            const bool lonMissing = lonText.empty();
            problems.add(lonMissing ? lonColumn : latColumn,
                         std::string(lonMissing ? "the longitude" : "the latitude") +
                             " is empty but the " + (lonMissing ? "latitude" : "longitude") +
                             " is given; fill in both, or clear both to import the account "
                             "without a location");
            return std::nullopt;
        }
        const auto lon = parseNumber(lonText, mark(AccountField::Longitude));
        const auto lat = parseNumber(latText, mark(AccountField::Latitude));
        if (!lon) {
            problems.add(lonColumn,
                         notANumber("longitude", lonText, mark(AccountField::Longitude)));
        }
        if (!lat) {
            problems.add(latColumn, notANumber("latitude", latText, mark(AccountField::Latitude)));
        }
        if (!lon || !lat) {
            return std::nullopt;
        }
        const bool looksSwapped =
            std::abs(*lat) > 90.0 && std::abs(*lat) <= 180.0 && std::abs(*lon) <= 90.0;
        const std::string swapHint =
            looksSwapped ? " — longitude and latitude look swapped; check which column is which"
                         : "";
        bool inRange = true;
        if (std::abs(*lon) > 180.0) {
            problems.add(lonColumn, "longitude " + quoteValue(lonText) +
                                        " is outside -180…180; enter degrees of longitude "
                                        "(WGS 84)");
            inRange = false;
        }
        if (std::abs(*lat) > 90.0) {
            problems.add(latColumn, "latitude " + quoteValue(latText) +
                                        " is outside -90…90; enter degrees of latitude (WGS 84)" +
                                        swapHint);
            inRange = false;
        }
        if (!inRange) {
            return std::nullopt;
        }
        if (*lon == 0.0 && *lat == 0.0) {
            zeroZero = true;  // rejected unless the postal code locates the row
            return std::nullopt;
        }
        return Point{*lon, *lat};
    }

    [[nodiscard]] std::optional<PostalGazetteer::Match> locateByPostcode(
        const CsvRecord& record, std::string_view postalCode) const {
        if (locating_.gazetteer == nullptr) {
            return std::nullopt;
        }
        std::string country = locating_.defaultCountry;
        const std::string_view countryText = trimSpaces(value(record, AccountField::Country));
        if (!countryText.empty()) {
            const auto code = countryCode(countryText);
            if (!code) {
                return std::nullopt;
            }
            country = *code;
        }
        if (country.empty()) {
            return std::nullopt;
        }
        return locating_.gazetteer->find(country, postalCode);
    }

    void readAmounts(const CsvRecord& record, Account& account, RowProblems& problems) const {
        struct Amount {
            AccountField field;
            double* target;
            bool mayBeNegative;
        };
        double visits = 0.0;
        double minutes = 0.0;
        const Amount amounts[] = {{AccountField::Potential, &account.potential, false},
                                  {AccountField::Workload, &account.workload, false},
                                  {AccountField::Sales, &account.sales, true},
                                  {AccountField::VisitsPerYear, &visits, false},
                                  {AccountField::MinutesPerVisit, &minutes, false}};
        bool workloadGiven = false;
        for (const Amount& amount : amounts) {
            const std::string_view text = numberText(record, amount.field);
            if (text.empty()) {
                *amount.target = 0.0;
                continue;
            }
            const auto number = parseNumber(text, mark(amount.field));
            const std::string_view label = accountFieldLabel(amount.field);
            if (!number) {
                problems.add(header(amount.field), notANumber(label, text, mark(amount.field)));
            } else if (*number < 0.0 && !amount.mayBeNegative) {
                problems.add(header(amount.field),
                             std::string(label) + " " + quoteValue(text) +
                                 " is negative; enter 0 or a positive amount");
            } else {
                *amount.target = *number;
                workloadGiven = workloadGiven || amount.field == AccountField::Workload;
            }
        }
        if (!workloadGiven) {
            account.workload = visits * minutes / 60.0;  // hours per year
        }
    }

    static void reject(const CsvRecord& record, std::int64_t row, RowProblems problems,
                       std::string id, ChunkRows& out) {
        PendingReject rejected;
        rejected.row = row;
        rejected.line = record.line();
        rejected.raw = record.raw();
        rejected.problems = std::move(problems);
        rejected.idHash = id.empty() ? 0 : std::hash<std::string_view>{}(id);
        rejected.id = std::move(id);
        out.rejects.push_back(std::move(rejected));
    }

    const AccountColumnMapping& mapping_;
    std::array<DecimalMark, kAccountFieldCount> marks_;
    LocatingRules locating_;
};

/// What the chunks have parsed so far, for the progress bar.
struct ParseProgress {
    std::atomic<std::size_t> done{0};  ///< bytes of the chunks finished
};

/// Parses the records of text[begin, end) — begin a record boundary — with `reader` (which is
/// at begin) into the chunk's slots of `slots`, and notes where the first record at or after
/// `end` starts. False if the chunk has fewer slots than records (which cannot be: see
/// maxRecords). Progress is reported (when `progress` is given) as progress->done plus what
/// this chunk has parsed, out of the whole text.
bool parseChunk(CsvReader& reader, std::size_t end, std::string_view text,
                const AccountRowParser& parser, ChunkRows& out, std::vector<Account>& slots,
                Feedback* feedback, const ParseProgress* progress) {
    out.accepted.reserve(out.slotCount);
    const std::size_t begin = reader.position();
    CsvRecord record;
    std::int64_t row = 0;
    while (reader.next(record)) {
        const auto start = static_cast<std::size_t>(record.raw().data() - text.data());
        if (start >= end) {
            out.nextRecordStart = start;
            out.nextRecordLine = record.line();
            break;
        }
        if (static_cast<std::size_t>(row) == out.slotCount) {
            return false;
        }
        ++row;
        parser.parse(record, row, out, slots[out.firstSlot + static_cast<std::size_t>(row) - 1]);
        if (static_cast<std::size_t>(row) % kRowsPerFeedbackCheck == 0) {
            if (feedback != nullptr && feedback->isCanceled()) {
                break;
            }
            if (progress != nullptr && feedback != nullptr) {
                feedback->setProgress(
                    static_cast<double>(progress->done + reader.position() - begin) /
                    static_cast<double>(std::max<std::size_t>(1, text.size())));
            }
        }
    }
    out.rows = row;
    return true;
}

/// At least as many as the records that can start in `text`: one more than its line breaks
/// (LF, CRLF or CR; a quoted line break only makes a record span lines, and empty lines are
/// no record).
std::size_t maxRecords(std::string_view text) {
    const auto lineFeeds = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    if (text.find('\r') == std::string_view::npos) {
        return lineFeeds + 1;
    }
    std::size_t loneReturns = 0;  // CR not followed by LF
    for (std::size_t i = text.find('\r'); i != std::string_view::npos; i = text.find('\r', i + 1)) {
        loneReturns += i + 1 == text.size() || text[i + 1] != '\n' ? 1 : 0;
    }
    return lineFeeds + loneReturns + 1;
}

/// Runs work(chunk, thread) for chunks 0 … chunks - 1 on `threads` threads (the first is this
/// one), each thread taking the next chunk not taken yet.
template <typename Work>
void forEachChunk(std::size_t chunks, std::size_t threads, const Work& work) {
    std::atomic<std::size_t> next{0};
    auto take = [&](std::size_t thread) {
        for (std::size_t chunk = next++; chunk < chunks; chunk = next++) {
            work(chunk, thread);
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t thread = 1; thread < threads; ++thread) {
        pool.emplace_back(take, thread);
    }
    take(0);
    for (std::thread& thread : pool) {
        thread.join();
    }
}

/// Puts the chunks' rows together in order into `result`: rejects get their final row and
/// line numbers, and a row whose ID an earlier imported row has is rejected as a duplicate
/// (the first row wins), exactly as reading the rows one by one would. The accounts move down
/// over the slots of rejected rows (not at all when no row was rejected), and the slots left
/// over are cut off.
void stitchChunks(std::vector<ChunkRows>& chunks, std::vector<Account>& slots,
                  const std::vector<std::int64_t>& lineShift, const AccountRowParser& parser,
                  const std::string& source, std::int64_t lineOffset, AccountImportResult& result) {
    constexpr std::size_t kPrefetchRows = 8;
    std::size_t expected = 0;
    for (const ChunkRows& chunk : chunks) {
        expected += chunk.accepted.size();
    }
    AccountIdIndex index(expected);
    std::vector<std::int64_t> importedRows;  // per imported account, its row
    importedRows.reserve(expected);
    auto addReject = [&](RowProblems problems, std::int64_t row, std::int64_t line,
                         std::string_view raw) {
        ImportReject rejected;
        rejected.source = source;
        rejected.row = row;
        rejected.column = problems.column();
        rejected.reason = problems.reason();
        if (line != row + lineOffset) {
            rejected.reason += " (the row starts on line " + std::to_string(line) + " of the file)";
        }
        rejected.rawLine = std::string(raw);
        result.rejects.push_back(std::move(rejected));
    };
    std::size_t kept = 0;  // slots[0, kept) hold the accounts imported so far, in order
    std::int64_t rowsBefore = 0;
    for (std::size_t c = 0; c < chunks.size(); ++c) {
        ChunkRows& chunk = chunks[c];
        std::size_t a = 0;
        std::size_t r = 0;
        while (a < chunk.accepted.size() || r < chunk.rejects.size()) {
            const bool takeAccount =
                r == chunk.rejects.size() ||
                (a < chunk.accepted.size() && chunk.accepted[a].row < chunk.rejects[r].row);
            if (takeAccount) {
                if (a + kPrefetchRows < chunk.accepted.size()) {
                    index.prefetch(chunk.accepted[a + kPrefetchRows].idHash);
                }
                const AcceptedRow& row = chunk.accepted[a];
                ++a;
                const std::int64_t globalRow = rowsBefore + row.row;
                // Into its place first: the index keeps the address of the ID. A duplicate
                // left there is overwritten by the next account or cut off.
                const std::size_t slot = chunk.firstSlot + static_cast<std::size_t>(row.row) - 1;
                if (slot != kept) {
                    slots[kept] = std::move(slots[slot]);
                }
                const Account& account = slots[kept];
                if (const std::size_t first = index.findOrAddNext(account.id, row.idHash);
                    first != AccountIdIndex::kNone) {
                    ++result.duplicates;
                    RowProblems problems;
                    parser.addDuplicate(problems, account.id, importedRows[first]);
                    addReject(std::move(problems), globalRow, row.line + lineShift[c], row.raw);
                    continue;
                }
                switch (row.located) {
                    case LocationSource::Coordinates:
                        ++result.locatedByCoordinates;
                        break;
                    case LocationSource::PostalCode:
                        ++result.locatedByPostcode;
                        result.postcodesZeroPadded += row.postcodeZeroPadded ? 1 : 0;
                        break;
                    case LocationSource::None:
                        ++result.unlocated;
                        result.postcodesNotFound += row.postcodeNotFound ? 1 : 0;
                        break;
                }
                importedRows.push_back(globalRow);
                ++kept;
            } else {
                PendingReject& pending = chunk.rejects[r];
                ++r;
                RowProblems problems;
                if (!pending.id.empty()) {
                    if (const std::size_t first = index.find(pending.id, pending.idHash);
                        first != AccountIdIndex::kNone) {
                        ++result.duplicates;
                        parser.addDuplicate(problems, pending.id, importedRows[first]);
                    }
                }
                if (problems.empty()) {
                    problems = std::move(pending.problems);
                } else {
                    problems.add(pending.problems.column(), pending.problems.reason());
                }
                addReject(std::move(problems), rowsBefore + pending.row,
                          pending.line + lineShift[c], pending.raw);
            }
        }
        rowsBefore += chunk.rows;
    }
    result.rowsRead = static_cast<std::size_t>(rowsBefore);
    slots.resize(kept);
    if (kept < slots.capacity() / 2) {
        slots.shrink_to_fit();  // mostly rejects, or rows of many lines
    }
    result.accounts = std::move(slots);
}

std::vector<std::string> recordFields(const CsvRecord& record) {
    std::vector<std::string> fields;
    fields.reserve(record.size());
    for (std::size_t i = 0; i < record.size(); ++i) {
        fields.emplace_back(record[i]);
    }
    return fields;
}

/// How many of the fields name a known column (an alias, or a header the user chose).
std::size_t knownColumnCount(const CsvRecord& record, const std::vector<FieldChoice>& choices) {
    std::size_t known = 0;
    for (std::size_t i = 0; i < record.size(); ++i) {
        const std::string name = normalizeColumnName(record[i]);
        if (name.empty()) {
            continue;
        }
        bool found = false;
        for (std::size_t f = 0; f < kAccountFieldCount && !found; ++f) {
            for (const std::string_view alias : accountFieldAliases(static_cast<AccountField>(f))) {
                if (alias == name) {
                    found = true;
                    break;
                }
            }
        }
        for (const FieldChoice& choice : choices) {
            found = found || normalizeColumnName(choice.header) == name;
        }
        known += found ? 1 : 0;
    }
    return known;
}

constexpr std::size_t kHeaderSearchRows = 10;
constexpr std::size_t kSampleRows = 20000;

/// Swapped lat/lon columns: decides from a sample of the coordinates whether to swap them.
void decideSwap(std::span<const Point> lonLat, const AccountImportOptions& options,
                AccountImportResult& result) {
    // Rows only valid one way round: |lat| > 90 but a valid longitude with |lon| a valid
    // latitude (only valid swapped), and the reverse (only valid as they are).
    std::size_t onlySwapped = 0;
    std::size_t onlyAsIs = 0;
    for (const Point& p : lonLat) {
        const double lon = std::abs(p.x());
        const double lat = std::abs(p.y());
        onlySwapped += lat > 90.0 && lat <= 180.0 && lon <= 90.0 ? 1 : 0;
        onlyAsIs += lon > 90.0 && lon <= 180.0 && lat <= 90.0 ? 1 : 0;
    }
    const std::size_t n = lonLat.size();
    std::string evidence;
    if (n > 0 && onlySwapped * 2 > n && onlyAsIs * 100 <= n) {
        evidence = std::to_string(onlySwapped) + " of " + std::to_string(n) +
                   " sampled rows have a latitude beyond ±90 that is a valid longitude, and "
                   "swapped, every row is in range";
    } else if (n > 0 && options.countInAreas) {
        std::vector<Point> swapped;
        swapped.reserve(n);
        for (const Point& p : lonLat) {
            swapped.emplace_back(p.y(), p.x());
        }
        const std::size_t asIs = options.countInAreas(lonLat);
        const std::size_t whenSwapped = options.countInAreas(swapped);
        if (whenSwapped * 2 > n && whenSwapped > 2 * asIs) {
            evidence = "with the columns swapped, " + std::to_string(whenSwapped) + " of " +
                       std::to_string(n) + " sampled rows fall inside the project's areas, " +
                       "against " + std::to_string(asIs) + " as they are";
        }
    }
    switch (options.swapLatLon) {
        case SwapLatLon::Yes:
            result.latLonSwapped = true;
            result.swapNote = "The latitude and longitude columns were swapped as asked.";
            break;
        case SwapLatLon::No:
            if (!evidence.empty()) {
                result.swapNote = "The latitude and longitude columns look swapped (" + evidence +
                                  ") but were kept as they are, as asked.";
            }
            break;
        case SwapLatLon::Auto:
            if (!evidence.empty()) {
                result.latLonSwapped = true;
                result.swapNote = "The latitude and longitude columns look swapped (" + evidence +
                                  "), so they were swapped; import with swapping off "
                                  "(--swap-lat-lon no) to keep them as they are.";
            }
            break;
    }
}

Result<AccountImportResult> parseUtf8(std::string_view text, const std::string& sourceName,
                                      const AccountImportOptions& options, TextEncoding encoding,
                                      Feedback* feedback) {
    AccountImportResult result;
    result.encoding = encoding;
    result.delimiter = options.delimiter ? *options.delimiter : sniffCsvDelimiter(text);
    const CsvDialect dialect{result.delimiter, '"'};

    const HeaderGuess header = detectHeaderRow(text, result.delimiter, options.fieldChoices);
    const std::size_t recordsSeen = header.recordsSeen;
    const std::size_t firstRecordSize = header.firstRecordSize;
    std::size_t bestKnown = header.knownColumns;
    std::size_t headerIndex = header.index;
    CsvReader reader(text, dialect);
    CsvRecord record;
    if (recordsSeen == 0) {
        return fail(ErrorCode::BadData,
                    "the file is empty; expected a header row naming the columns (account_id, "
                    "name, longitude, latitude, …) and one row per account",
                    sourceName);
    }
    if (options.headerRow) {
        // The user's choice wins over the detection.
        if (*options.headerRow >= recordsSeen) {
            return fail(ErrorCode::BadData,
                        "the header row was set to row " + std::to_string(*options.headerRow + 1) +
                            " but the file has only " + std::to_string(recordsSeen) +
                            " row(s); choose another header row",
                        sourceName);
        }
        headerIndex = *options.headerRow;
        bestKnown = std::max<std::size_t>(bestKnown, 1);
    }
    std::vector<std::string> headers;
    if (bestKnown == 0) {
        // No header: possible when the user mapped "column N" names.
        const bool byNumber =
            !options.fieldChoices.empty() &&
            std::all_of(
                options.fieldChoices.begin(), options.fieldChoices.end(), [](const FieldChoice& c) {
                    return c.header.empty() || normalizeColumnName(c.header).starts_with("column");
                });
        if (!byNumber) {
            reader.next(record);
            return fail(ErrorCode::BadData,
                        "no header row found: none of the first rows names a known column "
                        "(account ID, latitude, longitude, postal code, …). The first row is: " +
                            quoteValue(record.raw()) +
                            ". Add a header row, or map the columns by number (\"id\": \"column "
                            "1\", …) in a mapping file",
                        sourceName);
        }
        result.hasHeader = false;
        for (std::size_t i = 0; i < firstRecordSize; ++i) {
            headers.push_back("column " + std::to_string(i + 1));
        }
    } else {
        for (std::size_t i = 0; i <= headerIndex; ++i) {
            reader.next(record);
        }
        if (!record.problem().empty()) {
            Error error;
            error.code = ErrorCode::BadData;
            error.file = sourceName;
            error.row = 0;
            error.message = "the header row has broken quoting: " + record.problem();
            return fail(std::move(error));
        }
        result.linesBeforeHeader = headerIndex;
        result.headerLine = std::string(record.raw());
        headers = recordFields(record);
        if (headerIndex > 0) {
            result.notes.push_back("The header is on row " + std::to_string(headerIndex + 1) +
                                   " of the file; the " + std::to_string(headerIndex) +
                                   " row(s) above it were skipped as a title.");
        }
    }
    // Data row N is on line N + dataLineOffset when every row is one line.
    const std::int64_t dataLineOffset = result.hasHeader ? record.line() : 0;
    const std::size_t dataStart = reader.position();
    const std::size_t recordsBeforeData = result.hasHeader ? headerIndex + 1 : 0;

    auto mapped = applyFieldChoices(mapAccountColumns(headers), options.fieldChoices, sourceName);
    if (!mapped) {
        return fail(mapped.error());
    }
    AccountColumnMapping& mapping = *mapped;
    // Our own rejects export's error column is not data.
    result.isRejectsFile = std::erase_if(mapping.customColumns, [&mapping](std::size_t c) {
                               return normalizeColumnName(mapping.headers[c]) ==
                                      normalizeColumnName(kImportErrorColumn);
                           }) > 0;
    if (result.isRejectsFile) {
        result.notes.push_back(
            "This is a rejects file (it has an import_error column): it is "
            "merged as a partial list, so no account is flagged removed.");
    }
    std::string missing;
    if (!mapping.column(AccountField::Id)) {
        missing = "no account ID column (named e.g. " + expectedNames(AccountField::Id) + ")";
    }
    const bool hasCoordinates =
        mapping.column(AccountField::Longitude) && mapping.column(AccountField::Latitude);
    if (!hasCoordinates && !mapping.column(AccountField::PostalCode)) {
        missing += std::string(missing.empty() ? "" : "; ") +
                   "no latitude and longitude columns (named e.g. " +
                   expectedNames(AccountField::Latitude) + " / " +
                   expectedNames(AccountField::Longitude) + ") and no postal code column (" +
                   expectedNames(AccountField::PostalCode) + ") to locate the accounts";
    } else if (!hasCoordinates && (mapping.column(AccountField::Longitude) ||
                                   mapping.column(AccountField::Latitude))) {
        missing += std::string(missing.empty() ? "" : "; ") + "a " +
                   (mapping.column(AccountField::Latitude) ? "latitude" : "longitude") +
                   " column but no " +
                   (mapping.column(AccountField::Latitude) ? "longitude" : "latitude") + " column";
    }
    if (!missing.empty()) {
        return fail(ErrorCode::BadData,
                    missing + ". Columns found: " + listColumns(mapping.headers) +
                        ". Rename the columns in the file's header row or map them in the "
                        "import (mapping file).",
                    sourceName);
    }

    // Decimal marks per numeric column: given, or voted over a sample of the rows.
    std::array<DecimalMarkVote, kAccountFieldCount> votes{};
    std::vector<std::pair<std::string, std::string>> coordinateSample;  // lon, lat text
    {
        CsvReader sampler(text.substr(dataStart), dialect);
        for (std::size_t i = 0; i < kSampleRows && sampler.next(record); ++i) {
            for (std::size_t f = 0; f < kAccountFieldCount; ++f) {
                const auto column = mapping.columnOfField[f];
                if (column && isNumericField(static_cast<AccountField>(f)) &&
                    *column < record.size()) {
                    votes[f].add(trimSpaces(record[*column]));
                }
            }
            if (hasCoordinates && record.size() > *mapping.column(AccountField::Longitude) &&
                record.size() > *mapping.column(AccountField::Latitude)) {
                coordinateSample.emplace_back(record[*mapping.column(AccountField::Longitude)],
                                              record[*mapping.column(AccountField::Latitude)]);
            }
        }
    }
    // A column whose values say nothing ("13,405" is either) goes with the file's majority,
    // and without one, with the delimiter: semicolons usually mean decimal commas.
    std::size_t filePointVotes = 0;
    std::size_t fileCommaVotes = 0;
    for (std::size_t f = 0; f < kAccountFieldCount; ++f) {
        if (mapping.columnOfField[f] && isNumericField(static_cast<AccountField>(f))) {
            filePointVotes += votes[f].pointVotes();
            fileCommaVotes += votes[f].commaVotes();
        }
    }
    const DecimalMark fileMark =
        fileCommaVotes > filePointVotes ? DecimalMark::Comma
        : filePointVotes > fileCommaVotes
            ? DecimalMark::Point
            : (result.delimiter == ';' ? DecimalMark::Comma : DecimalMark::Point);
    std::array<DecimalMark, kAccountFieldCount> marks{};
    for (std::size_t f = 0; f < kAccountFieldCount; ++f) {
        const bool undecided = votes[f].pointVotes() == votes[f].commaVotes();
        marks[f] = options.fieldDecimalMark[f] ? *options.fieldDecimalMark[f]
                   : options.decimalMark       ? *options.decimalMark
                   : undecided                 ? fileMark
                                               : votes[f].result();
        if (mapping.columnOfField[f] && isNumericField(static_cast<AccountField>(f))) {
            result.decimalMarks[f] = marks[f];
            if (!options.fieldDecimalMark[f] && !options.decimalMark && votes[f].pointVotes() > 0 &&
                votes[f].commaVotes() > 0) {
                result.notes.push_back(
                    "Column \"" + mapping.headers[*mapping.columnOfField[f]] +
                    "\" mixes decimal points (" + std::to_string(votes[f].pointVotes()) +
                    " values) and decimal commas (" + std::to_string(votes[f].commaVotes()) +
                    "); it is read with a decimal " + std::string(decimalMarkName(marks[f])) +
                    " and the other values are rejected.");
            }
        }
    }

    if (hasCoordinates) {
        std::vector<Point> sample;
        sample.reserve(coordinateSample.size());
        const auto lonMark = marks[static_cast<std::size_t>(AccountField::Longitude)];
        const auto latMark = marks[static_cast<std::size_t>(AccountField::Latitude)];
        for (const auto& [lonText, latText] : coordinateSample) {
            const auto lon = parseNumber(lonText, lonMark);
            const auto lat = parseNumber(latText, latMark);
            if (lon && lat && (*lon != 0.0 || *lat != 0.0)) {
                sample.emplace_back(*lon, *lat);
            }
        }
        decideSwap(sample, options, result);
        if (result.latLonSwapped) {
            auto& columns = mapping.columnOfField;
            std::swap(columns[static_cast<std::size_t>(AccountField::Longitude)],
                      columns[static_cast<std::size_t>(AccountField::Latitude)]);
            std::swap(marks[static_cast<std::size_t>(AccountField::Longitude)],
                      marks[static_cast<std::size_t>(AccountField::Latitude)]);
            std::swap(result.decimalMarks[static_cast<std::size_t>(AccountField::Longitude)],
                      result.decimalMarks[static_cast<std::size_t>(AccountField::Latitude)]);
        }
    }

    LocatingRules locating;
    locating.gazetteer = options.gazetteer;
    if (options.gazetteer != nullptr && mapping.column(AccountField::PostalCode)) {
        locating.defaultCountry = options.defaultCountry;
        const auto countries = options.gazetteer->countries();
        if (locating.defaultCountry.empty() && countries.size() == 1) {
            locating.defaultCountry = countries.front();
        }
    }
    result.workloadFromVisits = !mapping.column(AccountField::Workload) &&
                                mapping.column(AccountField::VisitsPerYear) &&
                                mapping.column(AccountField::MinutesPerVisit);
    if (result.workloadFromVisits) {
        result.notes.push_back(
            "The workload is visits per year × minutes per visit / 60 (hours "
            "per year).");
    }
    result.mapping = mapping;

    // The rows are parsed in chunks on several threads (a million rows take seconds on one),
    // each chunk starting at a line start; then stitched in order. A chunk is kept only if
    // the one before it ends exactly where it starts (no quoted line break spans the seam);
    // otherwise the rows from the chunk before on are parsed again in one piece.
    const AccountRowParser parser(result.mapping, marks, locating);
    std::vector<std::size_t> starts{dataStart};
    const std::size_t threads =
        options.threads > 0 ? options.threads
                            : std::max(1U, std::min(8U, std::thread::hardware_concurrency()));
    {
        const std::size_t dataBytes = text.size() - dataStart;
        const std::size_t chunks =
            threads == 1
                ? 1
                : std::max<std::size_t>(1, std::min<std::size_t>(threads * kChunksPerThread,
                                                                 dataBytes / kMinChunkBytes));
        for (std::size_t k = 1; k < chunks; ++k) {
            std::size_t at = text.find('\n', dataStart + k * dataBytes / chunks);
            if (at == std::string_view::npos) {
                break;
            }
            while (at < text.size() && (text[at] == '\n' || text[at] == '\r')) {
                ++at;
            }
            if (at < text.size() && at > starts.back()) {
                starts.push_back(at);
            }
        }
    }
    auto readerAt = [&](std::size_t chunk) {
        if (chunk > 0) {
            return CsvReader(text, dialect, starts[chunk], 1);
        }
        CsvReader first(text, dialect);
        CsvRecord skipped;
        for (std::size_t i = 0; i < recordsBeforeData; ++i) {
            first.next(skipped);
        }
        return first;
    };
    auto chunkEnd = [&](std::size_t chunk) {
        return chunk + 1 < starts.size() ? starts[chunk + 1] : text.size();
    };
    const std::size_t workers = std::min(threads, starts.size());
    std::vector<ChunkRows> chunks(starts.size());
    forEachChunk(chunks.size(), workers, [&](std::size_t chunk, std::size_t /*thread*/) {
        chunks[chunk].slotCount =
            maxRecords(text.substr(starts[chunk], chunkEnd(chunk) - starts[chunk]));
    });
    std::size_t slotTotal = 0;
    for (ChunkRows& chunk : chunks) {
        chunk.firstSlot = slotTotal;
        slotTotal += chunk.slotCount;
    }
    // A million accounts are ≈ 270 MB: mapped by all threads at once, then filled with empty
    // accounts (at memory speed, once mapped), then each chunk's rows are parsed into its own
    // part.
    std::vector<Account> slots;
    slots.reserve(slotTotal);
    if (workers > 1) {
        forEachChunk(chunks.size(), workers, [&](std::size_t chunk, std::size_t /*thread*/) {
            mapForWriting(reinterpret_cast<std::byte*>(slots.data()) +
                              chunks[chunk].firstSlot * sizeof(Account),
                          chunks[chunk].slotCount * sizeof(Account));
        });
    }
    slots.resize(slotTotal);
    std::atomic<bool> enoughSlots = true;
    ParseProgress progress;
    progress.done = dataStart;
    forEachChunk(chunks.size(), workers, [&](std::size_t chunk, std::size_t thread) {
        if (feedback != nullptr && feedback->isCanceled()) {
            return;
        }
        CsvReader chunkReader = readerAt(chunk);
        if (!parseChunk(chunkReader, chunkEnd(chunk), text, parser, chunks[chunk], slots, feedback,
                        thread == 0 ? &progress : nullptr)) {
            enoughSlots = false;
        }
        progress.done += chunkEnd(chunk) - starts[chunk];
    });
    if (feedback != nullptr && feedback->isCanceled()) {
        return fail(ErrorCode::Canceled, "the account import was canceled", sourceName);
    }
    std::vector<std::int64_t> lineShift(starts.size(), 0);
    for (std::size_t chunk = 1; chunk < starts.size() && enoughSlots; ++chunk) {
        const ChunkRows& before = chunks[chunk - 1];
        if (before.nextRecordStart != starts[chunk]) {
            // A record spans the seam: parse from the chunk before to the end in one piece,
            // into the slots of the chunks from there on.
            chunks.resize(chunk);
            const std::size_t firstSlot = chunks.back().firstSlot;
            chunks.back() = ChunkRows{};
            chunks.back().firstSlot = firstSlot;
            chunks.back().slotCount = slotTotal - firstSlot;
            CsvReader rest = readerAt(chunk - 1);
            ParseProgress restProgress;
            restProgress.done = starts[chunk - 1];
            enoughSlots = parseChunk(rest, text.size(), text, parser, chunks.back(), slots,
                                     feedback, &restProgress);
            if (feedback != nullptr && feedback->isCanceled()) {
                return fail(ErrorCode::Canceled, "the account import was canceled", sourceName);
            }
            lineShift.resize(chunk);
            break;
        }
        lineShift[chunk] = before.nextRecordLine + lineShift[chunk - 1] - 1;
    }
    if (!enoughSlots) {
        return fail(ErrorCode::Internal,
                    "the file has more rows than line breaks; this is a bug in the program, "
                    "please report it with the file",
                    sourceName);
    }
    stitchChunks(chunks, slots, lineShift, parser, sourceName, dataLineOffset, result);
    if (result.postcodesZeroPadded > 0) {
        result.notes.push_back(std::to_string(result.postcodesZeroPadded) +
                               " postal code(s) had lost their leading zeros (e.g. in Excel) and "
                               "were located after restoring them.");
    }
    if (result.postcodesNotFound > 0) {
        result.notes.push_back(std::to_string(result.postcodesNotFound) +
                               " account(s) have a postal code that is not in the postal-code "
                               "table (or a country without a table); they are not located.");
    }
    if (feedback != nullptr) {
        if (feedback->isCanceled()) {
            return fail(ErrorCode::Canceled, "the account import was canceled", sourceName);
        }
        feedback->setProgress(1.0);
    }
    return result;
}

}  // namespace

Result<AccountImportResult> parseAccounts(std::string_view bytes, const std::string& sourceName,
                                          const AccountImportOptions& options, Feedback* feedback) {
    const TextEncoding encoding = options.encoding ? *options.encoding : detectEncoding(bytes);
    const std::optional<std::string> converted = convertToUtf8(bytes, encoding);
    auto result = parseUtf8(converted ? std::string_view(*converted) : bytes, sourceName, options,
                            encoding, feedback);
    if (result && !options.encoding && encoding != TextEncoding::Utf8) {
        result->notes.insert(result->notes.begin(),
                             "The file is not UTF-8; it was read as " +
                                 std::string(encodingName(encoding)) +
                                 " (choose another encoding if accented letters look wrong).");
    }
    return result;
}

Result<AccountImportResult> readAccountsFile(const std::string& path,
                                             const AccountImportOptions& options,
                                             Feedback* feedback) {
    const std::string name = std::filesystem::path(path).filename().string();
    Result<AccountImportResult> result;
    if (isSpreadsheetFile(path)) {
        auto sheet = readSpreadsheetAsCsv(path, options.sheet);
        if (!sheet) {
            return fail(sheet.error());
        }
        AccountImportOptions csvOptions = options;
        csvOptions.encoding = TextEncoding::Utf8;
        csvOptions.delimiter = ',';
        result = parseAccounts(sheet->csv, name, csvOptions, feedback);
        if (result) {
            result->notes.insert(result->notes.begin(),
                                 "Read sheet \"" + sheet->sheetName + "\" of " +
                                     std::to_string(sheet->sheetNames.size()) + " sheet(s).");
        }
    } else {
        auto content = MappedFile::open(path);
        if (!content) {
            return fail(content.error());
        }
        result = parseAccounts(content->bytes(), name, options, feedback);
        if (result && content->changed()) {
            return fail(ErrorCode::FileUnreadable,
                        "the file changed while it was being read (another program is writing "
                        "it?); wait until it is complete, then import it again",
                        path);
        }
    }
    if (!result) {
        Error error = result.error();
        error.file = path;
        return fail(std::move(error));
    }
    return result;
}

Result<AccountImportResult> readAccountsCsv(const std::string& path, Feedback* feedback) {
    return readAccountsFile(path, AccountImportOptions{}, feedback);
}

Result<AccountImportResult> parseAccountsCsv(std::string_view text, const std::string& sourceName,
                                             Feedback* feedback) {
    return parseAccounts(text, sourceName, AccountImportOptions{}, feedback);
}

HeaderGuess detectHeaderRow(std::string_view utf8, char delimiter,
                            const std::vector<FieldChoice>& choices) {
    HeaderGuess guess;
    CsvReader reader(utf8, CsvDialect{delimiter, '"'});
    CsvRecord record;
    for (; guess.recordsSeen < kHeaderSearchRows && reader.next(record); ++guess.recordsSeen) {
        if (guess.recordsSeen == 0) {
            guess.firstRecordSize = record.size();
        }
        const std::size_t known = knownColumnCount(record, choices);
        if (known > guess.knownColumns) {
            guess.knownColumns = known;
            guess.index = guess.recordsSeen;
        }
    }
    return guess;
}

bool isSpreadsheetFile(const std::string& path) {
    std::string extension = std::filesystem::path(path).extension().string();
    for (char& c : extension) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return extension == ".xlsx" || extension == ".xls" || extension == ".ods";
}

}  // namespace tessera::io
