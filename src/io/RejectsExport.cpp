// SPDX-License-Identifier: Apache-2.0
#include "RejectsExport.h"

#include "AccountCsvReader.h"
#include "CsvReader.h"
#include "TextFile.h"

namespace tessera::io {

std::string rejectsCsv(const Project& project) {
    std::string out = "\xEF\xBB\xBF";
    if (project.accountRejectsHeader.empty()) {
        out += "source,row,column,reason,raw_line\r\n";
        for (const ImportReject& reject : project.accountRejects) {
            appendCsvField(out, reject.source);
            out += ',' + std::to_string(reject.row) + ',';
            appendCsvField(out, reject.column);
            out += ',';
            appendCsvField(out, reject.reason);
            out += ',';
            appendCsvField(out, reject.rawLine);
            out += "\r\n";
        }
        return out;
    }
    const std::string& header = project.accountRejectsHeader;
    const char delimiter = sniffCsvDelimiter(header);
    // Rejects of a rejects file: their last field is the old error, replaced by the new one.
    const std::string errorSuffix = std::string(1, delimiter) + std::string(kImportErrorColumn);
    const bool hadErrorColumn = header.ends_with(errorSuffix);
    out += header;
    if (!hadErrorColumn) {
        out += errorSuffix;
    }
    out += "\r\n";
    const CsvDialect dialect{delimiter, '"'};
    CsvRecord headerRecord;
    CsvReader headerReader(header, dialect);
    headerReader.next(headerRecord);
    for (const ImportReject& reject : project.accountRejects) {
        CsvRecord record;
        CsvReader reader(reject.rawLine, dialect);
        if (hadErrorColumn && reader.next(record) && record.problem().empty() &&
            record.size() == headerRecord.size()) {
            for (std::size_t i = 0; i + 1 < record.size(); ++i) {
                appendCsvField(out, record[i], delimiter);
                out.push_back(delimiter);
            }
        } else {
            out += reject.rawLine;
            out.push_back(delimiter);
        }
        std::string error = "row " + std::to_string(reject.row);
        if (!reject.column.empty()) {
            error += ", column " + reject.column;
        }
        error += ": " + reject.reason;
        // Always quoted: a row with broken quoting then at least ends in a readable field.
        out.push_back('"');
        for (const char c : error) {
            if (c == '"') {
                out.push_back('"');
            }
            out.push_back(c);
        }
        out += "\"\r\n";
    }
    return out;
}

Result<void> exportRejectsCsv(const Project& project, const std::string& path) {
    return writeFileAtomically(path, rejectsCsv(project));
}

}  // namespace tessera::io
