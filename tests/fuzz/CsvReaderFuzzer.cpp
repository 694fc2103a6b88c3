// SPDX-License-Identifier: Apache-2.0
// Feeds arbitrary bytes to the CSV tokenizer and the account reader. Besides crashes and
// sanitizer reports, it checks invariants: every record's raw text lies inside the input and
// the reader always advances; fields written with appendCsvField read back the same; the
// account reader accounts for every row (imported + rejected == rows read); every encoding
// conversion yields valid UTF-8; number parsing yields finite numbers only.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "io/AccountCsvReader.h"
#include "io/CsvReader.h"
#include "io/NumberParsing.h"
#include "io/TextEncoding.h"

namespace {

void check(bool condition) {
    if (!condition) {
        std::abort();
    }
}

std::vector<std::vector<std::string>> tokenize(std::string_view text, tessera::io::CsvDialect d,
                                               bool checkRaw) {
    tessera::io::CsvReader reader(text, d);
    tessera::io::CsvRecord record;
    std::vector<std::vector<std::string>> records;
    std::size_t lastPosition = reader.position();
    std::int64_t lastLine = 0;
    while (reader.next(record)) {
        check(reader.position() > lastPosition);
        check(record.line() > lastLine);
        lastPosition = reader.position();
        lastLine = record.line();
        check(record.size() >= 1);
        if (checkRaw) {
            const char* begin = record.raw().data();
            check(begin >= text.data() && begin + record.raw().size() <= text.data() + text.size());
        }
        auto& fields = records.emplace_back();
        for (std::size_t i = 0; i < record.size(); ++i) {
            fields.emplace_back(record[i]);
        }
        if (!record.problem().empty()) {
            fields.emplace_back("\x01problem");  // marks records that need not round-trip
        }
    }
    check(reader.position() == text.size());
    return records;
}

void checkRoundTrip(const std::vector<std::vector<std::string>>& records) {
    std::string written;
    std::vector<std::vector<std::string>> expected;
    for (const auto& fields : records) {
        if (!fields.empty() && fields.back() == "\x01problem") {
            continue;
        }
        if (fields.size() == 1 && fields[0].empty()) {
            continue;  // a record of one empty field is an empty line: no record
        }
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i > 0) {
                written.push_back(',');
            }
            tessera::io::appendCsvField(written, fields[i]);
        }
        written += "\r\n";
        expected.push_back(fields);
    }
    if (std::string_view(written).starts_with("\xEF\xBB\xBF")) {
        return;  // would be taken for a byte order mark
    }
    check(tokenize(written, {}, false) == expected);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    checkRoundTrip(tokenize(text, {}, true));
    tokenize(text, {';', '"'}, true);
    (void)tessera::io::sniffCsvDelimiter(text);

    auto result = tessera::io::parseAccountsCsv(text, "fuzz.csv");
    if (result) {
        check(result->accounts.size() + result->rejects.size() == result->rowsRead);
        check(result->locatedByCoordinates + result->locatedByPostcode + result->unlocated ==
              result->accounts.size());
        for (const auto& account : result->accounts) {
            check(!account.id.empty());
        }
    }
    // Every encoding conversion gives valid UTF-8; number parsing never crashes and finds
    // finite numbers only.
    for (const auto encoding :
         {tessera::io::TextEncoding::Utf8, tessera::io::TextEncoding::Utf16LE,
          tessera::io::TextEncoding::Utf16BE, tessera::io::TextEncoding::Windows1252}) {
        const auto converted = tessera::io::convertToUtf8(text, encoding);
        check(tessera::io::isValidUtf8(converted ? std::string_view(*converted) : text));
    }
    for (const auto mark : {tessera::io::DecimalMark::Point, tessera::io::DecimalMark::Comma}) {
        if (const auto number = tessera::io::parseNumber(text.substr(0, 64), mark)) {
            check(std::isfinite(*number));
        }
    }
    return 0;
}
