// SPDX-License-Identifier: Apache-2.0
#include "CsvReader.h"

#include <array>

namespace tessera::io {

namespace {
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
}

std::string_view CsvRecord::field(std::size_t index) const {
    if (index >= fieldEnds_.size()) {
        return {};
    }
    const std::size_t begin = index == 0 ? 0 : fieldEnds_[index - 1];
    return std::string_view(text_).substr(begin, fieldEnds_[index] - begin);
}

void CsvRecord::clear() {
    text_.clear();
    fieldEnds_.clear();
    raw_ = {};
    line_ = 0;
    problem_.clear();
    problemField_ = 0;
}

CsvReader::CsvReader(std::string_view text, CsvDialect dialect) : text_(text), dialect_(dialect) {
    if (text_.starts_with(kUtf8Bom)) {
        pos_ = kUtf8Bom.size();
    }
}

bool CsvReader::next(CsvRecord& record) {
    record.clear();
    const std::size_t n = text_.size();
    // Skip empty lines: they are no record.
    while (pos_ < n && (text_[pos_] == '\n' || text_[pos_] == '\r')) {
        if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') {
            ++pos_;
        }
        ++pos_;
        ++line_;
    }
    if (pos_ >= n) {
        return false;
    }
    const std::size_t start = pos_;
    record.line_ = line_;
    const char delimiter = dialect_.delimiter;
    const char quote = dialect_.quote;
    auto reportProblem = [&record](std::string message) {
        if (record.problem_.empty()) {
            record.problem_ = std::move(message);
            record.problemField_ = record.fieldEnds_.size();
        }
    };

    std::size_t recordEnd = n;  // end of the record's raw text (before its line terminator)
    bool endOfRecord = false;
    while (!endOfRecord) {
        if (pos_ < n && text_[pos_] == quote) {
            // Quoted field.
            ++pos_;
            bool closed = false;
            while (pos_ < n) {
                const char c = text_[pos_];
                if (c == quote) {
                    if (pos_ + 1 < n && text_[pos_ + 1] == quote) {
                        record.text_.push_back(quote);
                        pos_ += 2;
                        continue;
                    }
                    ++pos_;
                    closed = true;
                    break;
                }
                if (c == '\n' || (c == '\r' && !(pos_ + 1 < n && text_[pos_ + 1] == '\n'))) {
                    ++line_;
                }
                // Copy the run up to the next quote or line break in one go.
                std::size_t runEnd = pos_ + 1;
                while (runEnd < n && text_[runEnd] != quote && text_[runEnd] != '\n' &&
                       text_[runEnd] != '\r') {
                    ++runEnd;
                }
                record.text_.append(text_.substr(pos_, runEnd - pos_));
                pos_ = runEnd;
            }
            if (!closed) {
                reportProblem(
                    "a quote opened in this field is never closed, so the rest of the "
                    "file was read as this one value; close the quote or remove it");
            } else if (pos_ < n && text_[pos_] != delimiter && text_[pos_] != '\n' &&
                       text_[pos_] != '\r') {
                reportProblem(
                    "text follows the closing quote of this field; quote the whole "
                    "value and double the quotes inside it (\"\")");
                // Keep the text after the quote as data, up to the end of the field.
                std::size_t runEnd = pos_;
                while (runEnd < n && text_[runEnd] != delimiter && text_[runEnd] != '\n' &&
                       text_[runEnd] != '\r') {
                    ++runEnd;
                }
                record.text_.append(text_.substr(pos_, runEnd - pos_));
                pos_ = runEnd;
            }
        } else {
            std::size_t runEnd = pos_;
            while (runEnd < n && text_[runEnd] != delimiter && text_[runEnd] != '\n' &&
                   text_[runEnd] != '\r') {
                ++runEnd;
            }
            record.text_.append(text_.substr(pos_, runEnd - pos_));
            pos_ = runEnd;
        }
        record.fieldEnds_.push_back(record.text_.size());

        if (pos_ >= n) {
            recordEnd = n;
            endOfRecord = true;
        } else if (text_[pos_] == delimiter) {
            ++pos_;
            if (pos_ >= n) {
                // A delimiter at the very end: one more, empty field.
                record.fieldEnds_.push_back(record.text_.size());
                recordEnd = n;
                endOfRecord = true;
            }
        } else {  // '\r' or '\n'
            recordEnd = pos_;
            if (text_[pos_] == '\r' && pos_ + 1 < n && text_[pos_ + 1] == '\n') {
                ++pos_;
            }
            ++pos_;
            ++line_;
            endOfRecord = true;
        }
    }
    record.raw_ = text_.substr(start, recordEnd - start);
    return true;
}

char sniffCsvDelimiter(std::string_view text) {
    constexpr std::array<char, 4> kCandidates = {',', ';', '\t', '|'};
    std::array<std::size_t, kCandidates.size()> counts{};
    if (text.starts_with(kUtf8Bom)) {
        text.remove_prefix(kUtf8Bom.size());
    }
    bool inQuotes = false;
    for (const char c : text) {
        if (c == '"') {
            inQuotes = !inQuotes;
        } else if (!inQuotes) {
            if (c == '\n' || c == '\r') {
                break;
            }
            for (std::size_t i = 0; i < kCandidates.size(); ++i) {
                if (c == kCandidates[i]) {
                    ++counts[i];
                }
            }
        }
    }
    std::size_t best = 0;
    for (std::size_t i = 1; i < kCandidates.size(); ++i) {
        if (counts[i] > counts[best]) {
            best = i;
        }
    }
    return kCandidates[best];
}

void appendCsvField(std::string& out, std::string_view field, char delimiter) {
    const bool needsQuotes =
        field.find_first_of(std::string{delimiter, '"', '\r', '\n'}) != std::string_view::npos ||
        (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (!needsQuotes) {
        out.append(field);
        return;
    }
    out.push_back('"');
    for (const char c : field) {
        if (c == '"') {
            out.push_back('"');
        }
        out.push_back(c);
    }
    out.push_back('"');
}

}  // namespace tessera::io
