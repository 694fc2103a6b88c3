// SPDX-License-Identifier: Apache-2.0
#include "CsvReader.h"

#include <algorithm>
#include <array>
#include <vector>

namespace tessera::io {

namespace {
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
}

void CsvRecord::clear() {
    buffer_.clear();
    count_ = 0;
    raw_ = {};
    line_ = 0;
    problem_.clear();
    problemField_ = 0;
}

CsvReader::CsvReader(std::string_view text, CsvDialect dialect) : text_(text), dialect_(dialect) {
    fieldEnds_[static_cast<unsigned char>(dialect_.delimiter)] = true;
    fieldEnds_['\n'] = true;
    fieldEnds_['\r'] = true;
    if (text_.starts_with(kUtf8Bom)) {
        pos_ = kUtf8Bom.size();
    }
}

CsvReader::CsvReader(std::string_view text, CsvDialect dialect, std::size_t start,
                     std::int64_t line)
    : text_(text), dialect_(dialect), pos_(std::min(start, text.size())), line_(line) {
    fieldEnds_[static_cast<unsigned char>(dialect_.delimiter)] = true;
    fieldEnds_['\n'] = true;
    fieldEnds_['\r'] = true;
}

bool CsvReader::next(CsvRecord& record) {
    record.clear();
    const std::size_t n = text_.size();
    const char* const data = text_.data();
    // Skip empty lines: they are no record.
    while (pos_ < n && (data[pos_] == '\n' || data[pos_] == '\r')) {
        if (data[pos_] == '\r' && pos_ + 1 < n && data[pos_ + 1] == '\n') {
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
    auto reportProblem = [&record](const char* message) {
        if (record.problem_.empty()) {
            record.problem_ = message;
            record.problemField_ = record.count_;
        }
    };
    auto endOfField = [&](std::size_t i) {
        return i >= n || data[i] == delimiter || data[i] == '\n' || data[i] == '\r';
    };
    const auto& ends = fieldEnds_;

    std::size_t recordEnd = n;  // end of the record's raw text (before its line terminator)
    bool endOfRecord = false;
    while (!endOfRecord) {
        if (pos_ < n && data[pos_] == quote) {
            // Quoted field: a view into the text unless it has doubled quotes (or text after
            // the closing quote), then its unescaped content goes into the record's buffer.
            ++pos_;
            const std::size_t contentBegin = pos_;
            std::size_t runBegin = pos_;  // start of the part not yet copied to the buffer
            bool buffered = false;
            std::size_t bufferBegin = 0;
            auto startBuffer = [&] {
                if (!buffered) {
                    buffered = true;
                    bufferBegin = record.buffer_.size();
                }
            };
            bool closed = false;
            std::size_t contentEnd = n;
            while (pos_ < n) {
                const char c = data[pos_];
                if (c == quote) {
                    if (pos_ + 1 < n && data[pos_ + 1] == quote) {
                        startBuffer();
                        record.buffer_.append(data + runBegin, pos_ + 1 - runBegin);
                        pos_ += 2;
                        runBegin = pos_;
                        continue;
                    }
                    contentEnd = pos_;
                    ++pos_;
                    closed = true;
                    break;
                }
                if (c == '\n' || (c == '\r' && !(pos_ + 1 < n && data[pos_ + 1] == '\n'))) {
                    ++line_;
                }
                ++pos_;
            }
            if (!closed) {
                reportProblem(
                    "a quote opened in this field is never closed, so the rest of the file was "
                    "read as this one value; close the quote or remove it");
            } else if (!endOfField(pos_)) {
                reportProblem(
                    "text follows the closing quote of this field; quote the whole value and "
                    "double the quotes inside it (\"\")");
                startBuffer();
            }
            if (buffered) {
                record.buffer_.append(data + runBegin, contentEnd - runBegin);
                // Keep any text after the closing quote as data, up to the end of the field.
                const std::size_t trailingBegin = pos_;
                while (!endOfField(pos_)) {
                    ++pos_;
                }
                record.buffer_.append(data + trailingBegin, pos_ - trailingBegin);
                record.addField({nullptr, bufferBegin, record.buffer_.size() - bufferBegin});
            } else {
                record.addField({data + contentBegin, 0, contentEnd - contentBegin});
            }
        } else {
            const std::size_t fieldBegin = pos_;
            while (pos_ < n && !ends[static_cast<unsigned char>(data[pos_])]) {
                ++pos_;
            }
            record.addField({data + fieldBegin, 0, pos_ - fieldBegin});
        }

        if (pos_ >= n) {
            recordEnd = n;
            endOfRecord = true;
        } else if (data[pos_] == delimiter) {
            ++pos_;
            if (pos_ >= n) {
                // A delimiter at the very end: one more, empty field.
                record.addField({data + n, 0, 0});
                recordEnd = n;
                endOfRecord = true;
            }
        } else {  // '\r' or '\n'
            recordEnd = pos_;
            if (data[pos_] == '\r' && pos_ + 1 < n && data[pos_ + 1] == '\n') {
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
    // Counts each candidate per line over the first lines (outside quotes); the delimiter is
    // the one that occurs the same number of times (> 0) on the most lines, so a title line
    // above the header or a comma inside a value does not decide.
    constexpr std::array<char, 4> kCandidates = {',', ';', '\t', '|'};
    constexpr std::size_t kLines = 20;
    if (text.starts_with(kUtf8Bom)) {
        text.remove_prefix(kUtf8Bom.size());
    }
    std::vector<std::array<std::size_t, kCandidates.size()>> lines(1);
    bool inQuotes = false;
    for (std::size_t i = 0; i < text.size() && lines.size() <= kLines; ++i) {
        const char c = text[i];
        if (c == '"') {
            inQuotes = !inQuotes;
        } else if (!inQuotes) {
            if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
                    ++i;
                }
                lines.emplace_back();
                continue;
            }
            for (std::size_t k = 0; k < kCandidates.size(); ++k) {
                if (c == kCandidates[k]) {
                    ++lines.back()[k];
                }
            }
        }
    }
    std::size_t best = 0;
    std::size_t bestLines = 0;
    std::size_t bestCount = 0;
    for (std::size_t k = 0; k < kCandidates.size(); ++k) {
        // The most frequent non-zero count of this candidate per line, and on how many lines.
        std::vector<std::size_t> counts;
        for (const auto& line : lines) {
            if (line[k] > 0) {
                counts.push_back(line[k]);
            }
        }
        std::sort(counts.begin(), counts.end());
        std::size_t modeLines = 0;
        std::size_t mode = 0;
        for (std::size_t i = 0; i < counts.size();) {
            std::size_t j = i;
            while (j < counts.size() && counts[j] == counts[i]) {
                ++j;
            }
            if (j - i > modeLines || (j - i == modeLines && counts[i] > mode)) {
                modeLines = j - i;
                mode = counts[i];
            }
            i = j;
        }
        const bool inHeader = lines.front()[k] > 0;
        const bool bestInHeader = lines.front()[best] > 0;
        if (modeLines > bestLines ||
            (modeLines == bestLines && (inHeader != bestInHeader ? inHeader : mode > bestCount))) {
            best = k;
            bestLines = modeLines;
            bestCount = mode;
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
