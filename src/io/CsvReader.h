// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::io {

/// How fields are separated and quoted. RFC 4180 is `,` and `"`.
struct CsvDialect {
    char delimiter = ',';
    char quote = '"';
};

/// One record (row) of a CSV text. Fields are views into the text (or, for quoted fields with
/// doubled quotes, into the record's own buffer): valid until the next call to
/// CsvReader::next() with this record, and as long as the text lives.
class CsvRecord {
public:
    [[nodiscard]] std::size_t size() const { return count_; }
    [[nodiscard]] bool empty() const { return count_ == 0; }
    /// The field's text; empty for an index past the last field.
    [[nodiscard]] std::string_view field(std::size_t index) const {
        if (index >= count_) {
            return {};
        }
        const FieldSpan& span = fields_[index];
        return span.data != nullptr ? std::string_view(span.data, span.size)
                                    : std::string_view(buffer_).substr(span.begin, span.size);
    }
    [[nodiscard]] std::string_view operator[](std::size_t index) const { return field(index); }

    /// The record exactly as it is in the text (without its line terminator; quoted newlines
    /// included).
    [[nodiscard]] std::string_view raw() const { return raw_; }
    /// 1-based line of the text where the record starts.
    [[nodiscard]] std::int64_t line() const { return line_; }
    /// Quoting problems found while reading this record ("" = none). The fields are still
    /// filled as well as possible.
    [[nodiscard]] const std::string& problem() const { return problem_; }
    /// Index of the field the problem is in (valid when problem() is not empty).
    [[nodiscard]] std::size_t problemField() const { return problemField_; }

private:
    friend class CsvReader;
    void clear();

    struct FieldSpan {
        const char* data;  // into the text; nullptr = `begin` is an offset into buffer_
        std::size_t begin;
        std::size_t size;
    };

    /// Appends a field. The spans are kept between records (only count_ goes back to 0), so
    /// this is a store, not a vector's push_back, for all but the first records.
    void addField(FieldSpan span) {
        if (count_ == fields_.size()) {
            fields_.resize(2 * count_ + 16);
        }
        fields_[count_++] = span;
    }

    std::string buffer_;             // unescaped contents of fields that differ from their text
    std::vector<FieldSpan> fields_;  // [0, count_) are this record's
    std::size_t count_ = 0;
    std::string_view raw_;
    std::int64_t line_ = 0;
    std::string problem_;
    std::size_t problemField_ = 0;
};

/// Splits CSV text into records (RFC 4180): fields separated by the delimiter, optionally
/// quoted; inside quotes, the delimiter and line breaks are data and a doubled quote is one
/// quote. Records end with LF, CRLF or CR. A UTF-8 byte order mark at the start is skipped.
/// Lines that are entirely empty are skipped (they are no record). Lenient where a reader can
/// be without losing data: a quote inside an unquoted field is kept as data; text after a
/// closing quote is kept and reported as a problem; an unterminated quote ends at the end of
/// the text and is reported.
///
/// The reader does not own the text; it must outlive the reader and its records.
class CsvReader {
public:
    explicit CsvReader(std::string_view text, CsvDialect dialect = {});
    /// Reads from byte `start` of `text` (a record boundary), counting lines from `line`; no
    /// byte order mark is skipped there.
    CsvReader(std::string_view text, CsvDialect dialect, std::size_t start, std::int64_t line);

    /// Reads the next record into `record`. Returns false at the end of the text.
    bool next(CsvRecord& record);

    /// Bytes of the text consumed so far (for progress).
    [[nodiscard]] std::size_t position() const { return pos_; }
    [[nodiscard]] std::size_t size() const { return text_.size(); }
    [[nodiscard]] const CsvDialect& dialect() const { return dialect_; }

private:
    std::string_view text_;
    CsvDialect dialect_;
    std::array<bool, 256> fieldEnds_{};  // bytes that end an unquoted field
    std::size_t pos_ = 0;
    std::int64_t line_ = 1;
};

/// Guesses the delimiter from the first 20 lines of `text`: of `,` `;` TAB and `|` (outside
/// quotes), the one that occurs the same number of times on the most lines (then the one
/// in the first line, then the one occurring more often per line); `,` when none occurs.
[[nodiscard]] char sniffCsvDelimiter(std::string_view text);

/// Quotes a field for writing when it needs it (it contains the delimiter, a quote, CR or LF,
/// or starts or ends with a space), doubling quotes inside.
void appendCsvField(std::string& out, std::string_view field, char delimiter = ',');

}  // namespace tessera::io
