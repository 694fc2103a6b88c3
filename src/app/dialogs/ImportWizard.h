// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFutureWatcher>
#include <QTimer>
#include <QWizard>

#include <memory>
#include <optional>
#include <string>

#include "core/Result.h"
#include "io/AccountCsvReader.h"
#include "io/AccountImportOptions.h"
#include "io/AccountImportPreview.h"

namespace tessera::app {

class Document;

/// File → Import Accounts…: reads a customer list (CSV/TSV/text in any usual encoding, .xlsx,
/// .ods) into the document's project in four pages:
///
/// 1. File: the detected encoding, delimiter, header row and decimal mark (each with an
///    override) and the sheet of a spreadsheet; a preview of the first rows as the import
///    will read them, re-read at once when a setting changes.
/// 2. Columns: each column of the file with sample values, the Tessera field it feeds
///    (pre-filled by the automatic CRM mapping) and its problems counted over the file (or its
///    first megabytes); mappings load from and save to the JSON files of `tessera-cli
///    import-accounts --mapping`.
/// 3. Locating: swapped latitude/longitude (shown with the evidence, swap or keep), postal-code
///    centroids and the default country, merge by ID / partial list / replace.
/// 4. Import: runs off the GUI thread with a progress bar and Cancel (cancel changes nothing),
///    then the summary with a button to save the rejected rows as CSV. Finish applies the
///    import as one undo command.
///
/// The parsing behind the preview and the problem counts (a changed setting re-reads up to
/// 8 MB) runs on a worker thread too: a setter returns at once, isAnalyzing() is true and the
/// pages say "Reading…" until the result arrives (a newer change supersedes a running one).
/// While a worker reads the document (the swap check's area lookups, the import's copy of the
/// project), input to every window but the wizard is held back, so no edit can reach it.
class ImportWizard : public QWizard {
    Q_OBJECT

public:
    enum PageId { FilePageId, ColumnsPageId, LocatingPageId, ImportPageId };

    /// How the imported accounts meet the project's.
    enum class MergeMode {
        MergeById,    ///< new added, changed updated, missing flagged removed
        PartialList,  ///< new added, changed updated, nothing flagged removed
        Replace,      ///< the project's accounts (and account overrides) replaced
    };

    /// A wizard for `path`, or the error that makes the file unreadable (missing, empty, not a
    /// spreadsheet GDAL can open…) — nothing is shown then. Reads the file's first part on
    /// the calling thread (see readFirstSample to do that elsewhere).
    [[nodiscard]] static Result<ImportWizard*> create(Document* document, const QString& path,
                                                      QWidget* parent = nullptr);
    /// The part of `path` the wizard starts from (a spreadsheet is read whole through GDAL,
    /// seconds for a large one): safe on any thread.
    [[nodiscard]] static Result<std::shared_ptr<const io::AccountFileSample>> readFirstSample(
        const QString& path);
    /// A wizard for `path` from the sample readFirstSample gave.
    [[nodiscard]] static ImportWizard* create(Document* document, const QString& path,
                                              std::shared_ptr<const io::AccountFileSample> sample,
                                              QWidget* parent = nullptr);
    ~ImportWizard() override;

    // The state the pages show, for the pages and for tests.
    [[nodiscard]] const QString& filePath() const { return path_; }
    [[nodiscard]] const io::AccountImportOptions& options() const { return options_; }
    [[nodiscard]] const io::AccountFileSample& sample() const { return *sample_; }
    [[nodiscard]] const io::AccountFilePreview& preview() const { return preview_; }
    /// The import of the sample with the current settings (its mapping, decimal marks, swap
    /// evidence and notes), or why it cannot be imported.
    [[nodiscard]] const Result<io::AccountImportResult>& analysis() const { return analysis_; }
    [[nodiscard]] const io::AccountColumnCheck& columnCheck() const { return check_; }
    /// Why the last change of a reading setting failed ("" = it worked).
    [[nodiscard]] const QString& sampleError() const { return sampleError_; }
    /// A worker is reading the sample with the latest settings; preview(), analysis() and
    /// columnCheck() still show the previous settings' result until it is done.
    [[nodiscard]] bool isAnalyzing() const { return analysisTask_ != nullptr; }

    // Changes made by the pages (each re-reads what depends on it).
    void setEncoding(std::optional<io::TextEncoding> encoding);
    void setDelimiter(std::optional<char> delimiter);
    void setHeaderRow(std::optional<std::size_t> row);
    void setDecimalMark(std::optional<io::DecimalMark> mark);
    void setSheet(const QString& sheet);
    /// Maps column `column` to `field` (none = keep as a custom attribute); the column that fed
    /// that field before becomes a custom attribute.
    void setColumnField(std::size_t column, std::optional<io::AccountField> field);
    /// The decimal mark chosen for a numeric column (nothing = detected).
    [[nodiscard]] std::optional<io::DecimalMark> columnDecimalMark(std::size_t column) const;
    /// Sets (or, with nothing, un-sets) a numeric column's decimal mark.
    void setColumnDecimalMark(std::size_t column, std::optional<io::DecimalMark> mark);
    /// Back to the automatic mapping of the column names.
    void resetMapping();
    void setSwapLatLon(bool swap) { swap_ = swap; }
    [[nodiscard]] bool swapLatLon() const { return swap_; }
    void setGeocoding(bool on);
    [[nodiscard]] bool geocoding() const { return geocoding_; }
    /// ISO code or name; false (nothing changed) when unknown. Empty = none.
    bool setDefaultCountry(const QString& country);
    void setMergeMode(MergeMode mode) { mergeMode_ = mode; }
    [[nodiscard]] MergeMode mergeMode() const { return mergeMode_; }

    /// Reads a mapping file (errors returned at once) and re-reads the sample with it in the
    /// background; a sample that cannot be read with its encoding/sheet shows in sampleError().
    [[nodiscard]] Result<void> loadMapping(const QString& path);
    /// The mapping as the import will use it (fields, encoding, delimiter, marks, swap).
    [[nodiscard]] Result<void> saveMapping(const QString& path) const;

    // The import (page 4).
    [[nodiscard]] bool isImportRunning() const;
    /// The import finished and can be applied with Finish.
    [[nodiscard]] bool hasImportResult() const;
    /// Asks a running import to stop; nothing is applied.
    void cancelImport();
    /// The summary of a finished import (or why it failed / was canceled), as rich text.
    [[nodiscard]] QString summaryText() const { return summary_; }
    /// Writes the import's rejected rows as CSV (original header + import_error column).
    [[nodiscard]] Result<void> saveRejects(const QString& path) const;
    [[nodiscard]] std::size_t rejectCount() const;

    void accept() override;
    void reject() override;

signals:
    /// The sample, the mapping or an option changed: pages refresh.
    void stateChanged();
    /// The import of page 4 ended (succeeded, failed or canceled).
    void importFinished(bool succeeded);

private:
    ImportWizard(Document* document, QString path, QWidget* parent);
    friend class ImportPage;

    /// The field a column feeds, as named by the file (before a detected lat/lon swap).
    [[nodiscard]] std::optional<io::AccountField> fileFieldOfColumn(std::size_t column) const;
    /// Re-reads (in the background) what depends on the options: the sample when its encoding
    /// or sheet changed, the preview, the analysis and the column check.
    void reparse();
    void startAnalysis();
    void onAnalysisFinished();
    void startImport();
    void onImportFinished();
    [[nodiscard]] QString importedText() const;

    struct Job;
    struct AnalysisTask;
    class InputHold;

    Document* document_;
    QString path_;
    io::AccountImportOptions options_;
    std::shared_ptr<const io::AccountFileSample> sample_;
    std::optional<io::TextEncoding> sampleEncoding_;  ///< the options sample_ was read with
    std::string sampleSheet_;
    io::AccountFilePreview preview_;
    Result<io::AccountImportResult> analysis_;
    io::AccountColumnCheck check_;
    QString sampleError_;
    bool geocoding_ = true;
    bool swap_ = false;  ///< swap the lat/lon columns (preset to what the evidence says)
    MergeMode mergeMode_ = MergeMode::MergeById;

    std::shared_ptr<AnalysisTask> analysisTask_;
    bool analysisPending_ = false;         ///< settings changed while analysisTask_ ran
    std::optional<bool> swapFromMapping_;  ///< a loaded mapping's swap, once its analysis is in
    QFutureWatcher<void> analysisWatcher_;
    std::unique_ptr<InputHold> inputHold_;
    bool jobCopying_ = false;  ///< the import worker is still copying the document's project

    std::shared_ptr<Job> job_;
    std::shared_ptr<Job> finishedJob_;
    QFutureWatcher<void> watcher_;
    QTimer progressTimer_;
    QString summary_;
};

}  // namespace tessera::app
