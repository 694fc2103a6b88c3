// SPDX-License-Identifier: Apache-2.0
#include "SpreadsheetReader.h"

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "CsvReader.h"
#include "GdalSupport.h"

namespace tessera::io {

namespace {

/// Sets a GDAL configuration option on this thread for its lifetime, then restores it.
class ThreadConfigOption {
public:
    ThreadConfigOption(const char* key, const char* value) : key_(key) {
        if (const char* old = CPLGetThreadLocalConfigOption(key, nullptr)) {
            old_ = old;
            hadOld_ = true;
        }
        CPLSetThreadLocalConfigOption(key, value);
    }
    ~ThreadConfigOption() { CPLSetThreadLocalConfigOption(key_, hadOld_ ? old_.c_str() : nullptr); }
    ThreadConfigOption(const ThreadConfigOption&) = delete;
    ThreadConfigOption& operator=(const ThreadConfigOption&) = delete;

private:
    const char* key_;
    std::string old_;
    bool hadOld_ = false;
};

}  // namespace

Result<SpreadsheetAsCsv> readSpreadsheetAsCsv(const std::string& path, const std::string& sheet) {
    ensureGdalDriversRegistered();
    GdalErrorCollector errors;
    // Every row is data and every cell text: the account reader finds the header and reads the
    // numbers itself. GDAL 3.6 takes these as configuration options (thread-local here, so an
    // import on a worker thread does not affect other GDAL users).
    ThreadConfigOption options[] = {
        {"OGR_XLSX_HEADERS", "DISABLE"}, {"OGR_XLSX_FIELD_TYPES", "STRING"},
        {"OGR_ODS_HEADERS", "DISABLE"},  {"OGR_ODS_FIELD_TYPES", "STRING"},
        {"OGR_XLS_HEADERS", "DISABLE"},  {"OGR_XLS_FIELD_TYPES", "STRING"}};
    (void)options;
    GdalDatasetPtr dataset = openVectorDataset(path);
    if (!dataset) {
        return fail(gdalError(ErrorCode::FileUnreadable,
                              "cannot open the spreadsheet (is it an .xlsx/.xls/.ods file, not "
                              "password-protected, and complete?)",
                              path, errors));
    }
    SpreadsheetAsCsv out;
    OGRLayer* chosen = nullptr;
    for (int i = 0; i < dataset->GetLayerCount(); ++i) {
        OGRLayer* layer = dataset->GetLayer(i);
        out.sheetNames.emplace_back(layer->GetName());
        if (chosen == nullptr && (sheet.empty() || sheet == layer->GetName())) {
            chosen = layer;
        }
    }
    if (chosen == nullptr) {
        std::string list;
        for (const std::string& name : out.sheetNames) {
            list += (list.empty() ? "\"" : ", \"") + name + "\"";
        }
        return fail(ErrorCode::NotFound,
                    out.sheetNames.empty()
                        ? std::string("the spreadsheet has no sheets with data")
                        : "the spreadsheet has no sheet \"" + sheet + "\"; its sheets are " + list,
                    path);
    }
    out.sheetName = chosen->GetName();
    const int fields = chosen->GetLayerDefn()->GetFieldCount();
    chosen->ResetReading();
    for (auto& feature : *chosen) {
        // Trailing empty cells are left off, like a CSV export does.
        int last = fields - 1;
        while (last >= 0 && (!feature->IsFieldSetAndNotNull(last) ||
                             feature->GetFieldAsString(last)[0] == '\0')) {
            --last;
        }
        for (int f = 0; f <= last; ++f) {
            if (f > 0) {
                out.csv.push_back(',');
            }
            if (feature->IsFieldSetAndNotNull(f)) {
                appendCsvField(out.csv, feature->GetFieldAsString(f));
            }
        }
        out.csv += "\r\n";
    }
    return out;
}

}  // namespace tessera::io
