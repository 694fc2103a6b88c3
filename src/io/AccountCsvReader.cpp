// SPDX-License-Identifier: Apache-2.0
#include "AccountCsvReader.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <optional>

#include "AccountColumnMapping.h"
#include "CsvReader.h"
#include "NumberParsing.h"
#include "TextFile.h"

namespace tessera::io {

namespace {

constexpr std::size_t kRowsPerFeedbackCheck = 4096;

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

std::string listColumns(const std::vector<std::string>& headers) {
    std::string list;
    for (const std::string& header : headers) {
        if (!list.empty()) {
            list += ", ";
        }
        list += quoteValue(header);
    }
    return list;
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
std::string notANumber(std::string_view label, std::string_view text) {
    std::string message = std::string(label) + " " + quoteValue(text) + " is not a number";
    std::string withPoint(text);
    for (char& c : withPoint) {
        if (c == ',') {
            c = '.';
        }
    }
    if (text.find(',') != std::string_view::npos && parseDecimal(withPoint)) {
        message += "; it seems to use a decimal comma — write it with a decimal point (" +
                   std::string(trimSpaces(withPoint)) + ")";
    } else {
        message += "; write it as a plain number with a decimal point (e.g. 1234.5)";
    }
    return message;
}

/// Account ID → index of the imported account, as an open-addressing hash table over the
/// accounts vector (a node-based map costs a third of the whole import on a million rows).
class AccountIdIndex {
public:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);

    explicit AccountIdIndex(const std::vector<Account>& accounts) : accounts_(accounts) {
        slots_.assign(1024, kNone);
    }

    void reserve(std::size_t expected) {
        hashes_.reserve(expected);
        std::size_t capacity = slots_.size();
        while (capacity < expected * 2) {
            capacity *= 2;
        }
        if (capacity != slots_.size()) {
            rebuild(capacity);
        }
    }

    /// Index of the account with this ID, or kNone.
    [[nodiscard]] std::size_t find(std::string_view id) const {
        const std::size_t hash = std::hash<std::string_view>{}(id);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
            const std::size_t index = slots_[slot];
            if (index == kNone) {
                return kNone;
            }
            if (hashes_[index] == hash && accounts_[index].id == id) {
                return index;
            }
        }
    }

    /// Records that accounts_[hashes_.size()] (the next one) has this ID.
    void addNext(std::string_view id) {
        if ((hashes_.size() + 1) * 2 > slots_.size()) {
            rebuild(slots_.size() * 2);
        }
        hashes_.push_back(std::hash<std::string_view>{}(id));
        place(hashes_.size() - 1);
    }

private:
    void place(std::size_t index) {
        const std::size_t mask = slots_.size() - 1;
        std::size_t slot = hashes_[index] & mask;
        while (slots_[slot] != kNone) {
            slot = (slot + 1) & mask;
        }
        slots_[slot] = index;
    }

    void rebuild(std::size_t capacity) {
        slots_.assign(capacity, kNone);
        for (std::size_t i = 0; i < hashes_.size(); ++i) {
            place(i);
        }
    }

    const std::vector<Account>& accounts_;
    std::vector<std::size_t> slots_;   // power of two, at most half full
    std::vector<std::size_t> hashes_;  // per account
};

class AccountRowParser {
public:
    AccountRowParser(const AccountColumnMapping& mapping, std::string source,
                     AccountImportResult& result, std::size_t expectedRows)
        : mapping_(mapping), source_(std::move(source)), idIndex_(result.accounts) {
        idIndex_.reserve(expectedRows);
        importedRows_.reserve(expectedRows);
    }

    /// Validates and converts one record; on success appends to result.accounts, else to
    /// result.rejects.
    void parse(const CsvRecord& record, std::int64_t row, AccountImportResult& result) {
        RowProblems problems;
        checkShape(record, problems);
        if (!problems.empty()) {
            // The values cannot be trusted to be in their columns.
            reject(record, row, problems, result);
            return;
        }
        Account account;
        readId(record, account, problems, result);
        const std::optional<Point> location = readCoordinates(record, problems);
        readAmounts(record, account, problems);
        if (!problems.empty()) {
            reject(record, row, problems, result);
            return;
        }
        account.name = std::string(trimSpaces(value(record, AccountField::Name)));
        account.postalCode = std::string(trimSpaces(value(record, AccountField::PostalCode)));
        account.segment = std::string(trimSpaces(value(record, AccountField::Segment)));
        account.owner = std::string(trimSpaces(value(record, AccountField::Owner)));
        account.requiredSkill = std::string(trimSpaces(value(record, AccountField::RequiredSkill)));
        if (location) {
            account.location = *location;
            account.locationSource = LocationSource::Coordinates;
            ++result.locatedByCoordinates;
        } else {
            account.locationSource = LocationSource::None;
            ++result.unlocated;
        }
        account.custom.reserve(mapping_.customColumns.size());
        for (const std::size_t column : mapping_.customColumns) {
            account.custom.emplace_back(mapping_.headers[column], std::string(record[column]));
        }
        idIndex_.addNext(account.id);
        importedRows_.push_back(row);
        result.accounts.push_back(std::move(account));
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

    void readId(const CsvRecord& record, Account& account, RowProblems& problems,
                AccountImportResult& result) const {
        const std::string_view id = trimSpaces(value(record, AccountField::Id));
        if (id.empty()) {
            problems.add(header(AccountField::Id),
                         "the account ID is empty; every account needs the CRM's ID — fill it "
                         "in or remove the row");
            return;
        }
        account.id = std::string(id);
        if (const std::size_t first = idIndex_.find(id); first != AccountIdIndex::kNone) {
            ++result.duplicates;
            problems.add(header(AccountField::Id),
                         "the account ID " + quoteValue(id) + " is already used by row " +
                             std::to_string(importedRows_[first]) +
                             "; IDs must be unique — merge the two rows or give one a new ID");
        }
    }

    std::optional<Point> readCoordinates(const CsvRecord& record, RowProblems& problems) const {
        const std::string_view lonText = trimSpaces(value(record, AccountField::Longitude));
        const std::string_view latText = trimSpaces(value(record, AccountField::Latitude));
        const std::string& lonColumn = header(AccountField::Longitude);
        const std::string& latColumn = header(AccountField::Latitude);
        if (lonText.empty() && latText.empty()) {
            return std::nullopt;  // imported without a location
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
        const auto lon = parseDecimal(lonText);
        const auto lat = parseDecimal(latText);
        if (!lon) {
            problems.add(lonColumn, notANumber("longitude", lonText));
        }
        if (!lat) {
            problems.add(latColumn, notANumber("latitude", latText));
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
            problems.add(lonColumn,
                         "the location is (0, 0), which CRMs write for addresses they could not "
                         "geocode; enter the real coordinates, or clear both to import the "
                         "account without a location");
            return std::nullopt;
        }
        return Point{*lon, *lat};
    }

    void readAmounts(const CsvRecord& record, Account& account, RowProblems& problems) const {
        struct Amount {
            AccountField field;
            double* target;
            bool mayBeNegative;
        };
        const Amount amounts[] = {{AccountField::Potential, &account.potential, false},
                                  {AccountField::Workload, &account.workload, false},
                                  {AccountField::Sales, &account.sales, true}};
        for (const Amount& amount : amounts) {
            const std::string_view text = trimSpaces(value(record, amount.field));
            if (text.empty()) {
                *amount.target = 0.0;
                continue;
            }
            const std::string label(accountFieldLabel(amount.field));
            const auto number = parseDecimal(text);
            if (!number) {
                problems.add(header(amount.field), notANumber(label, text));
            } else if (*number < 0.0 && !amount.mayBeNegative) {
                problems.add(
                    header(amount.field),
                    label + " " + quoteValue(text) + " is negative; enter 0 or a positive amount");
            } else {
                *amount.target = *number;
            }
        }
    }

    void reject(const CsvRecord& record, std::int64_t row, const RowProblems& problems,
                AccountImportResult& result) const {
        ImportReject rejected;
        rejected.source = source_;
        rejected.row = row;
        rejected.column = problems.column();
        rejected.reason = problems.reason();
        if (record.line() != row + 1) {
            rejected.reason +=
                " (the row starts on line " + std::to_string(record.line()) + " of the file)";
        }
        rejected.rawLine = std::string(record.raw());
        result.rejects.push_back(std::move(rejected));
    }

    const AccountColumnMapping& mapping_;
    std::string source_;
    AccountIdIndex idIndex_;
    std::vector<std::int64_t> importedRows_;  // per imported account, its row
};

}  // namespace

Result<AccountImportResult> parseAccountsCsv(std::string_view text, const std::string& sourceName,
                                             Feedback* feedback) {
    CsvReader reader(text, CsvDialect{sniffCsvDelimiter(text), '"'});
    CsvRecord record;
    if (!reader.next(record)) {
        return fail(ErrorCode::BadData,
                    "the file is empty; expected a header row naming the columns (account_id, "
                    "name, longitude, latitude, …) and one row per account",
                    sourceName);
    }
    if (!record.problem().empty()) {
        Error error;
        error.code = ErrorCode::BadData;
        error.file = sourceName;
        error.row = 0;
        error.message = "the header row has broken quoting: " + record.problem();
        return fail(std::move(error));
    }
    std::vector<std::string> headers;
    headers.reserve(record.size());
    for (std::size_t i = 0; i < record.size(); ++i) {
        headers.emplace_back(record[i]);
    }
    const AccountColumnMapping mapping = mapAccountColumns(headers);
    std::string missing;
    for (const AccountField field :
         {AccountField::Id, AccountField::Longitude, AccountField::Latitude}) {
        if (!mapping.column(field)) {
            missing += std::string(missing.empty() ? "" : "; ") + "no " +
                       std::string(accountFieldLabel(field)) + " column (named e.g. " +
                       expectedNames(field) + ")";
        }
    }
    if (!missing.empty()) {
        return fail(ErrorCode::BadData,
                    missing + ". Columns found: " + listColumns(mapping.headers) +
                        ". Rename the columns in the file's header row.",
                    sourceName);
    }

    AccountImportResult result;
    // Lines are an upper bound of the rows (quoted line breaks make rows span several).
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    result.accounts.reserve(lines);
    AccountRowParser parser(mapping, sourceName, result, lines);
    std::int64_t row = 0;
    while (reader.next(record)) {
        ++row;
        parser.parse(record, row, result);
        if (static_cast<std::size_t>(row) % kRowsPerFeedbackCheck == 0 && feedback != nullptr) {
            if (feedback->isCanceled()) {
                return fail(ErrorCode::Canceled, "the account import was canceled", sourceName);
            }
            feedback->setProgress(static_cast<double>(reader.position()) /
                                  static_cast<double>(std::max<std::size_t>(1, reader.size())));
        }
    }
    result.rowsRead = static_cast<std::size_t>(row);
    if (feedback != nullptr) {
        if (feedback->isCanceled()) {
            return fail(ErrorCode::Canceled, "the account import was canceled", sourceName);
        }
        feedback->setProgress(1.0);
    }
    return result;
}

Result<AccountImportResult> readAccountsCsv(const std::string& path, Feedback* feedback) {
    auto content = readWholeFile(path);
    if (!content) {
        return fail(content.error());
    }
    auto result =
        parseAccountsCsv(*content, std::filesystem::path(path).filename().string(), feedback);
    if (!result) {
        Error error = result.error();
        error.file = path;
        return fail(std::move(error));
    }
    return result;
}

}  // namespace tessera::io
