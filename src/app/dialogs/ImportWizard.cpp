// SPDX-License-Identifier: Apache-2.0
#include "ImportWizard.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QWindow>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>

#include "app/Document.h"
#include "app/Logging.h"
#include "app/commands/ImportAccountsCommand.h"
#include "core/AreaLocator.h"
#include "core/Feedback.h"
#include "io/AccountMerge.h"
#include "io/PostalGazetteer.h"
#include "io/RejectsExport.h"

namespace tessera::app {

namespace {

constexpr std::size_t kPreviewRows = 50;
constexpr int kSampleValues = 3;
constexpr int kProgressSteps = 1000;
constexpr int kProgressPollMs = 100;
constexpr double kReadShare = 0.85;  // of the progress bar; the rest is locating in areas
constexpr std::size_t kRejectsShown = 8;

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QString count(std::size_t n) {
    return QLocale().toString(static_cast<qulonglong>(n));
}

QString errorText(const Error& error) {
    return qs(error.toString());
}

/// The fields in the order the mapping combo lists them (the order).
constexpr io::AccountField kFieldOrder[] = {
    io::AccountField::Id,
    io::AccountField::Name,
    io::AccountField::Street,
    io::AccountField::City,
    io::AccountField::State,
    io::AccountField::PostalCode,
    io::AccountField::Country,
    io::AccountField::Latitude,
    io::AccountField::Longitude,
    io::AccountField::Segment,
    io::AccountField::Potential,
    io::AccountField::Workload,
    io::AccountField::VisitsPerYear,
    io::AccountField::MinutesPerVisit,
    io::AccountField::Sales,
    io::AccountField::RequiredSkill,
    io::AccountField::Owner,
};

QString fieldTitle(io::AccountField field) {
    switch (field) {
        case io::AccountField::Id:
            return QObject::tr("Account ID");
        case io::AccountField::Name:
            return QObject::tr("Name");
        case io::AccountField::Street:
            return QObject::tr("Street");
        case io::AccountField::City:
            return QObject::tr("City");
        case io::AccountField::State:
            return QObject::tr("State / region");
        case io::AccountField::PostalCode:
            return QObject::tr("Postal code");
        case io::AccountField::Country:
            return QObject::tr("Country");
        case io::AccountField::Latitude:
            return QObject::tr("Latitude");
        case io::AccountField::Longitude:
            return QObject::tr("Longitude");
        case io::AccountField::Segment:
            return QObject::tr("Segment / industry");
        case io::AccountField::Potential:
            return QObject::tr("Potential");
        case io::AccountField::Workload:
            return QObject::tr("Workload (hours/year)");
        case io::AccountField::VisitsPerYear:
            return QObject::tr("Visits per year");
        case io::AccountField::MinutesPerVisit:
            return QObject::tr("Minutes per visit");
        case io::AccountField::Sales:
            return QObject::tr("Sales");
        case io::AccountField::RequiredSkill:
            return QObject::tr("Required skill");
        case io::AccountField::Owner:
            return QObject::tr("Owner / rep");
        case io::AccountField::Count:
            break;
    }
    return {};
}

QString delimiterTitle(char delimiter) {
    switch (delimiter) {
        case ',':
            return QObject::tr("Comma ( , )");
        case ';':
            return QObject::tr("Semicolon ( ; )");
        case '\t':
            return QObject::tr("Tab");
        case '|':
            return QObject::tr("Pipe ( | )");
        default:
            return QString(QLatin1Char(delimiter));
    }
}

QString markTitle(io::DecimalMark mark) {
    return mark == io::DecimalMark::Comma ? QObject::tr("Decimal comma (1.234,5)")
                                          : QObject::tr("Decimal point (1,234.5)");
}

std::optional<io::AccountField> fieldOfColumn(const io::AccountColumnMapping& mapping,
                                              std::size_t column) {
    for (std::size_t f = 0; f < io::kAccountFieldCount; ++f) {
        if (mapping.columnOfField[f] == column) {
            return static_cast<io::AccountField>(f);
        }
    }
    return std::nullopt;
}

QLabel* wrappingLabel(const QString& text = {}) {
    auto* label = new QLabel(text);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    return label;
}

/// Blocks a widget's signals while the page sets it from the wizard's state.
template <typename Widget, typename Set>
void setQuietly(Widget* widget, Set&& set) {
    const QSignalBlocker blocker(widget);
    set(widget);
}

// ----------------------------------------------------------------------------------------
// Page 1: the file as it will be read.

class FilePage : public QWizardPage {
public:
    explicit FilePage(ImportWizard* wizard) : wizard_(wizard) {
        setTitle(tr("File"));
        setSubTitle(
            tr("Check that the columns below look right; change a setting if they do "
               "not."));
        fileLabel_ = wrappingLabel();
        encoding_ = combo("encodingCombo");
        delimiter_ = combo("delimiterCombo");
        headerRow_ = combo("headerRowCombo");
        decimal_ = combo("decimalCombo");
        sheet_ = combo("sheetCombo");
        sheetLabel_ = new QLabel(tr("&Sheet:"));
        sheetLabel_->setBuddy(sheet_);
        notes_ = wrappingLabel();
        notes_->setObjectName(QStringLiteral("fileNotes"));
        table_ = new QTableWidget;
        table_->setObjectName(QStringLiteral("previewTable"));
        table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table_->setAlternatingRowColors(true);
        table_->horizontalHeader()->setDefaultSectionSize(130);
        table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);

        auto* form = new QFormLayout;
        form->addRow(tr("&Encoding:"), encoding_);
        form->addRow(tr("&Delimiter:"), delimiter_);
        form->addRow(tr("&Header row:"), headerRow_);
        form->addRow(tr("Decimal &mark:"), decimal_);
        form->addRow(sheetLabel_, sheet_);
        auto* top = new QHBoxLayout;
        top->addLayout(form, 0);
        top->addWidget(notes_, 1);
        auto* layout = new QVBoxLayout(this);
        layout->addWidget(fileLabel_);
        layout->addLayout(top);
        layout->addWidget(table_, 1);

        connect(encoding_, &QComboBox::activated, this, [this] {
            const int value = encoding_->currentData().toInt();
            wizard_->setEncoding(value < 0 ? std::nullopt
                                           : std::optional(static_cast<io::TextEncoding>(value)));
        });
        connect(delimiter_, &QComboBox::activated, this, [this] {
            const int value = delimiter_->currentData().toInt();
            wizard_->setDelimiter(value < 0 ? std::nullopt
                                            : std::optional(static_cast<char>(value)));
        });
        connect(headerRow_, &QComboBox::activated, this, [this] {
            const int value = headerRow_->currentData().toInt();
            wizard_->setHeaderRow(value < 0 ? std::nullopt
                                            : std::optional(static_cast<std::size_t>(value)));
        });
        connect(decimal_, &QComboBox::activated, this, [this] {
            const int value = decimal_->currentData().toInt();
            wizard_->setDecimalMark(value < 0 ? std::nullopt
                                              : std::optional(static_cast<io::DecimalMark>(value)));
        });
        connect(sheet_, &QComboBox::activated, this,
                [this] { wizard_->setSheet(sheet_->currentText()); });
        connect(wizard_, &ImportWizard::stateChanged, this, &FilePage::refresh);
        refresh();
    }

    bool isComplete() const override {
        return !wizard_->isAnalyzing() && wizard_->sampleError().isEmpty() &&
               !wizard_->preview().headers.empty();
    }

private:
    QComboBox* combo(const char* name) {
        auto* box = new QComboBox;
        box->setObjectName(QLatin1String(name));
        box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        return box;
    }

    void refresh() {
        const io::AccountFileSample& sample = wizard_->sample();
        const io::AccountFilePreview& preview = wizard_->preview();
        const io::AccountImportOptions& options = wizard_->options();
        const QFileInfo info(wizard_->filePath());
        fileLabel_->setText(
            tr("<b>%1</b> — %2. %3")
                .arg(info.fileName().toHtmlEscaped(), QLocale().formattedDataSize(info.size()),
                     preview.headers.empty() && wizard_->isAnalyzing() ? tr("Reading…")
                     : sample.complete
                         ? tr("%1 data rows.").arg(count(preview.dataRows))
                         : tr("The preview and the checks read its first %1 (%2 rows); the "
                              "import reads all of it.")
                               .arg(QLocale().formattedDataSize(
                                        static_cast<qint64>(sample.text.size())),
                                    count(preview.dataRows))));

        setQuietly(encoding_, [&](QComboBox* box) {
            box->clear();
            box->addItem(
                tr("Detected: %1").arg(qs(std::string(io::encodingName(sample.detectedEncoding)))),
                -1);
            for (const auto e :
                 {io::TextEncoding::Utf8, io::TextEncoding::Utf16LE, io::TextEncoding::Utf16BE,
                  io::TextEncoding::Windows1252, io::TextEncoding::Latin1}) {
                box->addItem(qs(std::string(io::encodingName(e))), static_cast<int>(e));
            }
            box->setCurrentIndex(
                options.encoding ? box->findData(static_cast<int>(*options.encoding)) : 0);
            box->setEnabled(!sample.isSpreadsheet);
        });
        setQuietly(delimiter_, [&](QComboBox* box) {
            box->clear();
            box->addItem(tr("Detected: %1").arg(delimiterTitle(preview.detectedDelimiter)), -1);
            for (const char d : {',', ';', '\t', '|'}) {
                box->addItem(delimiterTitle(d), static_cast<int>(d));
            }
            box->setCurrentIndex(
                options.delimiter ? box->findData(static_cast<int>(*options.delimiter)) : 0);
            box->setEnabled(!sample.isSpreadsheet);
        });
        setQuietly(headerRow_, [&](QComboBox* box) {
            box->clear();
            box->addItem(preview.hasHeader || options.headerRow
                             ? tr("Detected: row %1").arg(preview.detectedHeaderRow + 1)
                             : tr("Detected: none (columns numbered)"),
                         -1);
            for (int row = 0; row < 10; ++row) {
                box->addItem(tr("Row %1").arg(row + 1), row);
            }
            box->setCurrentIndex(
                options.headerRow ? box->findData(static_cast<int>(*options.headerRow)) : 0);
        });
        setQuietly(decimal_, [&](QComboBox* box) {
            box->clear();
            box->addItem(tr("Detected: %1").arg(detectedMarks()), -1);
            box->addItem(markTitle(io::DecimalMark::Point),
                         static_cast<int>(io::DecimalMark::Point));
            box->addItem(markTitle(io::DecimalMark::Comma),
                         static_cast<int>(io::DecimalMark::Comma));
            box->setCurrentIndex(
                options.decimalMark ? box->findData(static_cast<int>(*options.decimalMark)) : 0);
        });
        setQuietly(sheet_, [&](QComboBox* box) {
            box->clear();
            for (const std::string& name : sample.sheetNames) {
                box->addItem(qs(name));
            }
            box->setCurrentText(qs(sample.sheetName));
        });
        sheet_->setVisible(sample.isSpreadsheet);
        sheetLabel_->setVisible(sample.isSpreadsheet);

        QStringList notes;
        if (wizard_->isAnalyzing()) {
            notes << tr("<b>Reading the file with these settings…</b>");
        }
        if (!wizard_->sampleError().isEmpty()) {
            notes << QStringLiteral("<span style='color:#b00020'>%1</span>")
                         .arg(wizard_->sampleError().toHtmlEscaped());
        }
        if (!preview.hasHeader) {
            notes << tr(
                "No row names a known column (account ID, latitude, postal code…): the "
                "columns are numbered. Pick the header row if there is one, or map the "
                "numbered columns on the next page.");
        } else if (preview.headerRow > 0) {
            notes << (preview.headerRow == 1
                          ? tr("The row above the header is skipped as a title.")
                          : tr("The %1 rows above the header are skipped as a title.")
                                .arg(preview.headerRow));
        }
        if (sample.isSpreadsheet) {
            notes << tr("Sheet \"%1\" of %n sheet(s); cells are read as text.", nullptr,
                        static_cast<int>(sample.sheetNames.size()))
                         .arg(qs(sample.sheetName).toHtmlEscaped());
        }
        if (sample.encoding != io::TextEncoding::Utf8 && !sample.isSpreadsheet) {
            notes << tr("Not UTF-8: read as %1. If accented letters look wrong below, choose "
                        "another encoding.")
                         .arg(qs(std::string(io::encodingName(sample.encoding))));
        }
        notes_->setText(notes.join(QStringLiteral("<br>")));
        fillTable(preview);
        emit completeChanged();
    }

    QString detectedMarks() const {
        const auto& analysis = wizard_->analysis();
        if (!analysis) {
            return tr("per column");
        }
        bool point = false;
        bool comma = false;
        for (const auto& mark : analysis->decimalMarks) {
            point = point || mark == io::DecimalMark::Point;
            comma = comma || mark == io::DecimalMark::Comma;
        }
        if (point && comma) {
            return tr("per column (points and commas)");
        }
        return comma ? tr("decimal comma") : tr("decimal point");
    }

    /// The preview; numeric columns show the numbers as read (the file's text in the tooltip),
    /// values that are no number in red.
    void fillTable(const io::AccountFilePreview& preview) {
        const auto& analysis = wizard_->analysis();
        table_->clear();
        table_->setColumnCount(static_cast<int>(preview.headers.size()));
        table_->setRowCount(static_cast<int>(preview.rows.size()));
        QStringList headers;
        std::vector<std::optional<io::AccountField>> numericField(preview.headers.size());
        for (std::size_t c = 0; c < preview.headers.size(); ++c) {
            headers << qs(preview.headers[c]);
            if (analysis && c < analysis->mapping.headers.size()) {
                const auto field = fieldOfColumn(analysis->mapping, c);
                if (field && io::isNumericField(*field)) {
                    numericField[c] = field;
                }
            }
        }
        table_->setHorizontalHeaderLabels(headers);
        for (std::size_t r = 0; r < preview.rows.size(); ++r) {
            const auto& row = preview.rows[r];
            for (std::size_t c = 0; c < row.size() && c < preview.headers.size(); ++c) {
                const QString text = qs(row[c]);
                auto* item = new QTableWidgetItem(text);
                if (numericField[c]) {
                    const std::string_view value = io::trimSpaces(row[c]);
                    const auto mark =
                        analysis->decimalMarks[static_cast<std::size_t>(*numericField[c])].value_or(
                            io::DecimalMark::Point);
                    if (!value.empty() && !io::isBlankValue(value)) {
                        if (const auto number = io::parseNumber(value, mark)) {
                            item->setText(QString::number(*number, 'g', 12));
                            item->setToolTip(tr("In the file: %1").arg(text));
                            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
                            const double limit =
                                *numericField[c] == io::AccountField::Latitude    ? 90.0
                                : *numericField[c] == io::AccountField::Longitude ? 180.0
                                                                                  : -1.0;
                            if (limit > 0.0 && std::abs(*number) > limit) {
                                item->setForeground(QColor(0xb0, 0x00, 0x20));
                                item->setToolTip(tr("In the file: %1 — outside -%2…%2: this row "
                                                    "will be rejected")
                                                     .arg(text)
                                                     .arg(limit));
                            }
                        } else {
                            item->setForeground(QColor(0xb0, 0x00, 0x20));
                            item->setToolTip(tr("Not a number with a %1: this row will be "
                                                "rejected")
                                                 .arg(mark == io::DecimalMark::Comma
                                                          ? tr("decimal comma")
                                                          : tr("decimal point")));
                        }
                    }
                }
                table_->setItem(static_cast<int>(r), static_cast<int>(c), item);
            }
        }
    }

    ImportWizard* wizard_;
    QLabel* fileLabel_;
    QComboBox* encoding_;
    QComboBox* delimiter_;
    QComboBox* headerRow_;
    QComboBox* decimal_;
    QComboBox* sheet_;
    QLabel* sheetLabel_;
    QLabel* notes_;
    QTableWidget* table_;
};

// ----------------------------------------------------------------------------------------
// Page 2: which column feeds which field, and what is wrong with each.

class ColumnsPage : public QWizardPage {
public:
    explicit ColumnsPage(ImportWizard* wizard) : wizard_(wizard) {
        setTitle(tr("Columns"));
        setSubTitle(
            tr("Choose what each column of the file is. Columns that feed no field are "
               "kept with each account as custom attributes."));
        status_ = wrappingLabel();
        status_->setObjectName(QStringLiteral("columnsStatus"));
        table_ = new QTableWidget(0, 5);
        table_->setObjectName(QStringLiteral("mappingTable"));
        table_->setHorizontalHeaderLabels({tr("Column"), tr("Sample values"), tr("Tessera field"),
                                           tr("Decimal mark"), tr("Problems")});
        table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
        table_->setSelectionMode(QAbstractItemView::NoSelection);
        table_->verticalHeader()->hide();
        table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
        table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Interactive);
        table_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
        table_->horizontalHeader()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
        table_->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
        table_->setColumnWidth(1, 300);
        table_->setWordWrap(false);
        table_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);

        auto* load = new QPushButton(tr("&Load Mapping…"));
        load->setObjectName(QStringLiteral("loadMappingButton"));
        auto* save = new QPushButton(tr("&Save Mapping…"));
        save->setObjectName(QStringLiteral("saveMappingButton"));
        auto* automatic = new QPushButton(tr("&Automatic Mapping"));
        automatic->setToolTip(
            tr("Map the columns by their names again (Salesforce, HubSpot, "
               "Dynamics and plain names)"));
        auto* buttons = new QHBoxLayout;
        buttons->addWidget(load);
        buttons->addWidget(save);
        buttons->addWidget(automatic);
        buttons->addStretch();

        auto* layout = new QVBoxLayout(this);
        layout->addWidget(table_, 1);
        layout->addWidget(status_);
        layout->addLayout(buttons);

        connect(load, &QPushButton::clicked, this, [this] {
            const QString path = QFileDialog::getOpenFileName(
                this, tr("Load Mapping"), QString(), tr("Mappings (*.json);;All files (*)"));
            if (path.isEmpty()) {
                return;
            }
            if (auto loaded = wizard_->loadMapping(path); !loaded) {
                QMessageBox::warning(
                    this, tr("Load Mapping"),
                    tr("Could not load %1.\n\n%2").arg(path, errorText(loaded.error())));
            }
        });
        connect(save, &QPushButton::clicked, this, [this] {
            QString path = QFileDialog::getSaveFileName(this, tr("Save Mapping"), QString(),
                                                        tr("Mappings (*.json);;All files (*)"));
            if (path.isEmpty()) {
                return;
            }
            if (QFileInfo(path).suffix().isEmpty()) {
                path += QStringLiteral(".json");
            }
            if (auto saved = wizard_->saveMapping(path); !saved) {
                QMessageBox::warning(
                    this, tr("Save Mapping"),
                    tr("Could not save %1.\n\n%2").arg(path, errorText(saved.error())));
            }
        });
        connect(automatic, &QPushButton::clicked, wizard_, &ImportWizard::resetMapping);
        connect(wizard_, &ImportWizard::stateChanged, this, &ColumnsPage::refresh);
    }

    void initializePage() override { refresh(); }

    bool isComplete() const override {
        return !wizard_->isAnalyzing() && wizard_->analysis().has_value();
    }

private:
    void refresh() {
        const io::AccountFilePreview& preview = wizard_->preview();
        const auto& analysis = wizard_->analysis();
        const io::AccountColumnCheck& check = wizard_->columnCheck();
        table_->setRowCount(static_cast<int>(preview.headers.size()));
        for (std::size_t c = 0; c < preview.headers.size(); ++c) {
            const int row = static_cast<int>(c);
            auto* name = new QTableWidgetItem(qs(preview.headers[c]));
            table_->setItem(row, 0, name);
            QStringList samples;
            for (const auto& values : preview.rows) {
                if (c < values.size() && !io::trimSpaces(values[c]).empty() &&
                    samples.size() < kSampleValues) {
                    samples << qs(std::string(io::trimSpaces(values[c])));
                }
            }
            auto* sampleItem = new QTableWidgetItem(samples.join(QStringLiteral(" · ")));
            sampleItem->setToolTip(samples.join(QLatin1Char('\n')));
            table_->setItem(row, 1, sampleItem);

            auto* box = qobject_cast<QComboBox*>(table_->cellWidget(row, 2));
            if (box == nullptr) {
                box = new QComboBox;
                box->setObjectName(QStringLiteral("fieldCombo%1").arg(c));
                box->addItem(tr("Keep as custom attribute"), -1);
                for (const io::AccountField field : kFieldOrder) {
                    box->addItem(fieldTitle(field), static_cast<int>(field));
                }
                connect(box, &QComboBox::activated, this, [this, c, box] {
                    const int value = box->currentData().toInt();
                    wizard_->setColumnField(
                        c, value < 0 ? std::nullopt
                                     : std::optional(static_cast<io::AccountField>(value)));
                });
                table_->setCellWidget(row, 2, box);
            }
            std::optional<io::AccountField> field;
            if (analysis && c < analysis->mapping.headers.size()) {
                field = fieldOfColumn(analysis->mapping, c);
            } else {
                field = fieldOfColumn(io::mapAccountColumns(preview.headers),
                                      c);  // before a mapping error
                for (const io::FieldChoice& choice : wizard_->options().fieldChoices) {
                    if (io::normalizeColumnName(choice.header) ==
                        io::normalizeColumnName(preview.headers[c])) {
                        field = choice.field;
                    } else if (field == choice.field) {
                        field.reset();
                    }
                }
            }
            setQuietly(box, [&](QComboBox* b) {
                b->setCurrentIndex(b->findData(field ? static_cast<int>(*field) : -1));
            });

            // The decimal mark of a numeric column: as detected, or the user's.
            const bool numeric = analysis && field && io::isNumericField(*field);
            auto* markBox = qobject_cast<QComboBox*>(table_->cellWidget(row, 3));
            if (!numeric) {
                table_->removeCellWidget(row, 3);
                table_->setItem(row, 3, new QTableWidgetItem);
            } else {
                if (markBox == nullptr) {
                    markBox = new QComboBox;
                    markBox->setObjectName(QStringLiteral("markCombo%1").arg(c));
                    connect(markBox, &QComboBox::activated, this, [this, c, markBox] {
                        const int value = markBox->currentData().toInt();
                        wizard_->setColumnDecimalMark(
                            c, value < 0 ? std::nullopt
                                         : std::optional(static_cast<io::DecimalMark>(value)));
                    });
                    table_->setCellWidget(row, 3, markBox);
                }
                // The field the column had before a detected lat/lon swap: the options name
                // the fields by the file's columns.
                const auto mark = analysis->decimalMarks[static_cast<std::size_t>(*field)].value_or(
                    io::DecimalMark::Point);
                const auto chosen = wizard_->columnDecimalMark(c);
                setQuietly(markBox, [&](QComboBox* b) {
                    b->clear();
                    b->addItem(tr("Detected: %1")
                                   .arg(mark == io::DecimalMark::Comma ? tr("comma") : tr("point")),
                               -1);
                    b->addItem(tr("Point (1,234.5)"), static_cast<int>(io::DecimalMark::Point));
                    b->addItem(tr("Comma (1.234,5)"), static_cast<int>(io::DecimalMark::Comma));
                    b->setCurrentIndex(chosen ? b->findData(static_cast<int>(*chosen)) : 0);
                });
            }

            QString problems;
            if (analysis && c < check.problems.size()) {
                QStringList list;
                for (const std::string& p : check.problems[c]) {
                    list << qs(p);
                }
                problems = list.join(QStringLiteral("; "));
            }
            auto* problemItem = new QTableWidgetItem(
                problems.isEmpty() && analysis && field ? tr("none") : problems);
            if (!problems.isEmpty()) {
                problemItem->setForeground(QColor(0xb0, 0x00, 0x20));
            } else {
                problemItem->setForeground(palette().color(QPalette::PlaceholderText));
            }
            problemItem->setToolTip(problems);
            table_->setItem(row, 4, problemItem);
        }
        if (const QWidget* box = table_->cellWidget(0, 2)) {
            table_->verticalHeader()->setDefaultSectionSize(box->sizeHint().height() + 4);
        }

        QStringList status;
        if (wizard_->isAnalyzing()) {
            status << tr("<b>Reading the file with this mapping…</b>");
        }
        if (!analysis) {
            status << QStringLiteral("<span style='color:#b00020'>%1</span>")
                          .arg(qs(analysis.error().message).toHtmlEscaped());
        } else {
            const bool complete = wizard_->sample().complete;
            status << (complete ? tr("Checked all %1 rows of the file.").arg(count(check.rows))
                                : tr("Checked the first %1 rows of the file (the import checks "
                                     "every row).")
                                      .arg(count(check.rows)));
            if (check.brokenRows > 0) {
                status << QStringLiteral("<span style='color:#b00020'>%1</span>")
                              .arg(tr("%n row(s) have the wrong number of fields or broken "
                                      "quoting and will be rejected whole.",
                                      nullptr, static_cast<int>(check.brokenRows)));
            }
            if (analysis->workloadFromVisits) {
                status << tr("The workload is visits per year × minutes per visit / 60.");
            }
            if (!analysis->swapNote.empty()) {
                status << tr("Latitude and longitude look swapped; see the next page.");
            }
        }
        status_->setText(status.join(QStringLiteral("<br>")));
        emit completeChanged();
    }

    ImportWizard* wizard_;
    QLabel* status_;
    QTableWidget* table_;
};

// ----------------------------------------------------------------------------------------
// Page 3: how accounts are located and how they meet the project's.

class LocatingPage : public QWizardPage {
public:
    LocatingPage(ImportWizard* wizard, const Document* document)
        : wizard_(wizard), document_(document) {
        setTitle(tr("Locating"));
        setSubTitle(
            tr("How the accounts get their place on the map, and what happens to the "
               "accounts already in the project."));
        setCommitPage(true);
        setButtonText(QWizard::CommitButton, tr("&Import"));

        auto* coordinates = new QGroupBox(tr("Coordinates"));
        coordinatesText_ = wrappingLabel();
        coordinatesText_->setObjectName(QStringLiteral("coordinatesText"));
        swap_ = new QRadioButton;
        swap_->setObjectName(QStringLiteral("swapRadio"));
        keep_ = new QRadioButton;
        keep_->setObjectName(QStringLiteral("keepRadio"));
        auto* swapGroup = new QButtonGroup(this);
        swapGroup->addButton(swap_);
        swapGroup->addButton(keep_);
        auto* c = new QVBoxLayout(coordinates);
        c->addWidget(coordinatesText_);
        c->addWidget(swap_);
        c->addWidget(keep_);

        auto* postal = new QGroupBox(tr("Postal codes"));
        geocode_ = new QCheckBox;
        geocode_->setObjectName(QStringLiteral("geocodeCheck"));
        country_ = new QLineEdit;
        country_->setObjectName(QStringLiteral("countryEdit"));
        country_->setPlaceholderText(
            tr("from the country column, else the table's only "
               "country"));
        country_->setMinimumWidth(
            country_->fontMetrics().horizontalAdvance(country_->placeholderText()) + 24);
        countryStatus_ = new QLabel;
        auto* countryRow = new QHBoxLayout;
        countryRow->addWidget(new QLabel(tr("Default &country:")));
        countryRow->addWidget(country_);
        countryRow->addWidget(countryStatus_, 1);
        qobject_cast<QLabel*>(countryRow->itemAt(0)->widget())->setBuddy(country_);
        postalText_ = wrappingLabel();
        auto* p = new QVBoxLayout(postal);
        p->addWidget(geocode_);
        p->addLayout(countryRow);
        p->addWidget(postalText_);

        auto* merge = new QGroupBox(tr("Accounts already in the project"));
        mergeById_ = new QRadioButton;
        mergeById_->setObjectName(QStringLiteral("mergeByIdRadio"));
        partial_ = new QRadioButton;
        partial_->setObjectName(QStringLiteral("partialRadio"));
        replace_ = new QRadioButton;
        replace_->setObjectName(QStringLiteral("replaceRadio"));
        auto* m = new QVBoxLayout(merge);
        m->addWidget(mergeById_);
        m->addWidget(partial_);
        m->addWidget(replace_);

        auto* layout = new QVBoxLayout(this);
        layout->addWidget(coordinates);
        layout->addWidget(postal);
        layout->addWidget(merge);
        layout->addStretch();

        connect(swap_, &QRadioButton::toggled, this,
                [this](bool on) { wizard_->setSwapLatLon(on); });
        connect(geocode_, &QCheckBox::toggled, this, [this](bool on) {
            wizard_->setGeocoding(on);
            country_->setEnabled(on);
        });
        connect(country_, &QLineEdit::textEdited, this, [this](const QString& text) {
            const bool known = wizard_->setDefaultCountry(text);
            countryStatus_->setText(known ? QString()
                                          : tr("<span style='color:#b00020'>unknown country; "
                                               "use a code such as US or DE</span>"));
            emit completeChanged();
        });
        for (QRadioButton* button : {mergeById_, partial_, replace_}) {
            connect(button, &QRadioButton::toggled, this, [this] {
                wizard_->setMergeMode(replace_->isChecked()   ? ImportWizard::MergeMode::Replace
                                      : partial_->isChecked() ? ImportWizard::MergeMode::PartialList
                                                              : ImportWizard::MergeMode::MergeById);
            });
        }
    }

    void initializePage() override {
        const auto& analysis = wizard_->analysis();
        if (!analysis) {
            return;
        }
        const io::AccountColumnMapping& mapping = analysis->mapping;
        const auto lat = mapping.column(io::AccountField::Latitude);
        const auto lon = mapping.column(io::AccountField::Longitude);
        const bool hasCoordinates = lat && lon;
        // The analysis maps the columns as they will be read: swapped when the evidence says
        // so. Name them as they are in the file.
        const bool detected = analysis->latLonSwapped;
        const QString latColumn = hasCoordinates ? qs(mapping.headers[detected ? *lon : *lat]) : "";
        const QString lonColumn = hasCoordinates ? qs(mapping.headers[detected ? *lat : *lon]) : "";
        if (!hasCoordinates) {
            coordinatesText_->setText(
                tr("The file has no latitude/longitude columns: accounts "
                   "are located by their postal code."));
        } else if (detected) {
            coordinatesText_->setText(
                tr("<b>Latitude and longitude look swapped.</b> %1")
                    .arg(qs(analysis->swapNote.substr(0, analysis->swapNote.find(", so they")))
                             .toHtmlEscaped()));
        } else {
            coordinatesText_->setText(
                tr("Latitude from \"%1\", longitude from \"%2\"; they look "
                   "right (latitudes within ±90).")
                    .arg(latColumn.toHtmlEscaped(), lonColumn.toHtmlEscaped()));
        }
        swap_->setText(tr("Swap them: latitude from \"%1\", longitude from \"%2\"%3")
                           .arg(lonColumn, latColumn, detected ? tr(" (recommended)") : QString()));
        keep_->setText(tr("Keep them as they are: latitude from \"%1\", longitude from \"%2\"")
                           .arg(latColumn, lonColumn));
        swap_->setVisible(hasCoordinates);
        keep_->setVisible(hasCoordinates);
        (wizard_->swapLatLon() ? swap_ : keep_)->setChecked(true);

        const bool hasPostcode = mapping.column(io::AccountField::PostalCode).has_value();
        const std::string location = io::PostalGazetteer::defaultLocation();
        geocode_->setText(
            tr("Locate accounts without coordinates at the centre of their postal "
               "code"));
        geocode_->setEnabled(hasPostcode && !location.empty());
        geocode_->setChecked(hasPostcode && !location.empty() && wizard_->geocoding());
        wizard_->setGeocoding(geocode_->isChecked());
        country_->setEnabled(geocode_->isChecked());
        country_->setText(qs(wizard_->options().defaultCountry));
        if (!hasPostcode) {
            postalText_->setText(tr("The file has no postal code column."));
        } else if (location.empty()) {
            postalText_->setText(
                tr("No postal-code table was found (set TESSERA_GEOCODING_DIR); "
                   "accounts without coordinates stay unlocated."));
        } else {
            postalText_->setText(
                tr("Postal-code centroids from %1 (US ZIP codes from GeoNames, CC BY 4.0). "
                   "ZIP codes that lost their leading zero in Excel are recovered.")
                    .arg(qs(location).toHtmlEscaped()));
        }

        const std::size_t existing = document_->project().accounts.size();
        mergeById_->setText(tr("Merge by account ID with the %1 accounts in the project: new "
                               "ones are added, changed ones updated (locks and manual "
                               "territories kept), missing ones flagged removed — not deleted")
                                .arg(count(existing)));
        partial_->setText(
            tr("Merge as a partial list: add new and update changed accounts; "
               "flag nothing removed"));
        replace_->setText(tr("Replace all %1 accounts of the project with this list (manual "
                             "account territories are dropped)")
                              .arg(count(existing)));
        for (QRadioButton* button : {mergeById_, partial_, replace_}) {
            button->setEnabled(existing > 0);
        }
        if (existing == 0) {
            mergeById_->setText(tr("The project has no accounts yet: all are added"));
        }
        const ImportWizard::MergeMode mode =
            analysis->isRejectsFile ? ImportWizard::MergeMode::PartialList : wizard_->mergeMode();
        (mode == ImportWizard::MergeMode::Replace       ? replace_
         : mode == ImportWizard::MergeMode::PartialList ? partial_
                                                        : mergeById_)
            ->setChecked(true);
        if (analysis->isRejectsFile) {
            partial_->setText(partial_->text() + tr(" — this is a rejects file"));
        }
    }

    bool isComplete() const override {
        return countryStatus_->text().isEmpty() && !wizard_->isAnalyzing() &&
               wizard_->analysis().has_value();
    }

private:
    ImportWizard* wizard_;
    const Document* document_;
    QLabel* coordinatesText_;
    QRadioButton* swap_;
    QRadioButton* keep_;
    QCheckBox* geocode_;
    QLineEdit* country_;
    QLabel* countryStatus_;
    QLabel* postalText_;
    QRadioButton* mergeById_;
    QRadioButton* partial_;
    QRadioButton* replace_;
};

}  // namespace

// ----------------------------------------------------------------------------------------
// Page 4: the import, off the GUI thread, then its summary.

class ImportPage : public QWizardPage {
public:
    explicit ImportPage(ImportWizard* wizard) : wizard_(wizard) {
        setTitle(tr("Import"));
        setFinalPage(true);
        status_ = wrappingLabel();
        status_->setObjectName(QStringLiteral("importStatus"));
        progress_ = new QProgressBar;
        progress_->setObjectName(QStringLiteral("importProgress"));
        progress_->setRange(0, kProgressSteps);
        cancel_ = new QPushButton(tr("Cancel Import"));
        cancel_->setObjectName(QStringLiteral("cancelImportButton"));
        summary_ = wrappingLabel();
        summary_->setObjectName(QStringLiteral("summaryLabel"));
        summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
        saveRejects_ = new QPushButton(tr("Save Rejected Rows as CSV…"));
        saveRejects_->setObjectName(QStringLiteral("saveRejectsButton"));
        saveRejects_->setToolTip(
            tr("The rejected rows as they were, with an import_error column "
               "saying what is wrong: fix them and import the file again"));
        auto* progressRow = new QHBoxLayout;
        progressRow->addWidget(progress_, 1);
        progressRow->addWidget(cancel_);
        auto* rejectsRow = new QHBoxLayout;
        rejectsRow->addWidget(saveRejects_);
        rejectsRow->addStretch();
        auto* layout = new QVBoxLayout(this);
        layout->addWidget(status_);
        layout->addLayout(progressRow);
        layout->addWidget(summary_);
        layout->addLayout(rejectsRow);
        layout->addStretch();

        connect(cancel_, &QPushButton::clicked, wizard_, &ImportWizard::cancelImport);
        connect(saveRejects_, &QPushButton::clicked, this, [this] {
            QString path = QFileDialog::getSaveFileName(
                this, tr("Save Rejected Rows"),
                QFileInfo(wizard_->filePath()).completeBaseName() + QStringLiteral("-rejects.csv"),
                tr("CSV files (*.csv);;All files (*)"));
            if (path.isEmpty()) {
                return;
            }
            if (auto saved = wizard_->saveRejects(path); !saved) {
                QMessageBox::warning(
                    this, tr("Save Rejected Rows"),
                    tr("Could not save %1.\n\n%2").arg(path, errorText(saved.error())));
            } else {
                status_->setText(tr("Rejected rows saved to %1.").arg(path.toHtmlEscaped()));
            }
        });
        connect(wizard_, &ImportWizard::importFinished, this, [this] { showResult(); });
    }

    /// What the import is doing, for the subtitle and the bar.
    enum class Step { Copying, Reading, Locating };

    void initializePage() override {
        step_.reset();
        setProgress(Step::Copying, 0.0);
        status_->setText(
            tr("Importing: the window stays usable; Cancel leaves the project as it "
               "was."));
        progress_->show();
        cancel_->show();
        cancel_->setEnabled(true);
        summary_->clear();
        saveRejects_->hide();
        wizard_->startImport();
    }

    bool isComplete() const override { return wizard_->hasImportResult(); }

    void setProgress(Step step, double fraction) {
        if (step_ != step) {
            step_ = step;
            const QString file = QFileInfo(wizard_->filePath()).fileName();
            setSubTitle(step == Step::Copying   ? tr("Preparing: copying the project…")
                        : step == Step::Reading ? tr("Reading %1…").arg(file)
                                                : tr("Locating the accounts in the areas…"));
            // The copy reports no progress: the bar shows that work goes on.
            progress_->setRange(0, step == Step::Copying ? 0 : kProgressSteps);
        }
        if (step != Step::Copying) {
            progress_->setValue(static_cast<int>(fraction * kProgressSteps));
        }
    }

private:
    void showResult() {
        const bool ok = wizard_->hasImportResult();
        setSubTitle(ok ? tr("Done. Finish puts the accounts into the project (one step in Edit → "
                            "Undo).")
                       : tr("Nothing was imported; the project is unchanged."));
        status_->clear();
        progress_->setVisible(false);
        cancel_->hide();
        summary_->setText(wizard_->summaryText());
        saveRejects_->setVisible(ok && wizard_->rejectCount() > 0);
        emit completeChanged();
    }

    ImportWizard* wizard_;
    std::optional<Step> step_;
    QLabel* status_;
    QProgressBar* progress_;
    QPushButton* cancel_;
    QLabel* summary_;
    QPushButton* saveRejects_;
};

/// What the worker thread reads and writes; shared so it outlives an early-closed wizard.
struct ImportWizard::Job {
    std::string path;
    io::AccountImportOptions options;
    bool geocoding = true;
    MergeMode mode = MergeMode::MergeById;
    /// The document's project, read by the worker only to copy it (input to other windows is
    /// held back until `copied`); the worker then works on `project` alone.
    const Project* source = nullptr;
    std::atomic<bool> copied{false};
    Project project;
    quint64 revision = 0;
    Feedback readFeedback;
    Feedback assignFeedback;

    // Results.
    bool ok = false;
    Error error;
    io::AccountImportResult counts;  ///< without the accounts (they moved into `project`)
    std::size_t imported = 0;
    io::AccountMergeSummary merged;
    AccountAssignmentSummary assigned;
    std::vector<std::string> notes;

    void cancel() {
        readFeedback.cancel();
        assignFeedback.cancel();
    }
    [[nodiscard]] bool canceled() const { return readFeedback.isCanceled(); }

    void run() {
        // A million accounts take a second to copy: here, not on the GUI thread.
        project = *source;
        source = nullptr;
        copied.store(true, std::memory_order_release);
        if (canceled()) {
            return;
        }
        std::optional<io::PostalGazetteer> gazetteer;
        if (geocoding) {
            const std::string location = io::PostalGazetteer::defaultLocation();
            if (!location.empty()) {
                auto loaded = io::PostalGazetteer::load(location);
                if (loaded) {
                    gazetteer = std::move(*loaded);
                    options.gazetteer = &*gazetteer;
                } else {
                    notes.push_back("The postal-code table could not be read (" +
                                    loaded.error().toString() +
                                    "); accounts without coordinates are not located.");
                }
            }
        }
        if (canceled()) {
            return;
        }
        auto read = io::readAccountsFile(path, options, &readFeedback);
        options.gazetteer = nullptr;
        if (!read) {
            error = read.error();
            return;
        }
        imported = read->accounts.size();
        // The counts and notes without the accounts (copying a million accounts takes a second).
        std::vector<Account> accounts = std::move(read->accounts);
        counts = *read;
        read->accounts = std::move(accounts);
        if (mode == MergeMode::Replace) {
            project.accounts.clear();
            project.accountArea.clear();
            project.alignment.accountOverrides.clear();
        }
        merged = io::mergeImportedAccounts(project, std::move(*read), mode != MergeMode::MergeById);
        if (canceled()) {
            return;
        }
        assigned = assignAccountsToAreas(project, &assignFeedback);
        ok = !assignFeedback.isCanceled();
    }
};

/// What one background re-read of the sample computes; the wizard takes the result when it is
/// the newest request.
struct ImportWizard::AnalysisTask {
    std::string path;
    std::string sourceName;
    io::AccountImportOptions options;
    std::shared_ptr<const io::AccountFileSample> sample;
    bool reread = false;  ///< the encoding or sheet changed: read the sample again first
    std::optional<io::TextEncoding> oldEncoding;  ///< put back when the re-read fails
    std::string oldSheet;
    std::function<std::size_t(std::span<const Point>)> countInAreas;
    Feedback feedback;  ///< canceled when a newer request supersedes this one

    QString sampleError;  ///< why the re-read failed (the old sample and options are kept)
    io::AccountFilePreview preview;
    Result<io::AccountImportResult> analysis{fail(ErrorCode::BadData, "not read yet")};
    io::AccountColumnCheck check;

    void run() {
        if (reread) {
            auto read = io::readAccountFileSample(path, options);
            if (read) {
                sample = std::make_shared<const io::AccountFileSample>(std::move(*read));
            } else {
                sampleError = errorText(read.error());
                options.encoding = oldEncoding;
                options.sheet = oldSheet;
            }
        }
        if (feedback.isCanceled()) {
            return;
        }
        preview = io::previewAccountText(sample->text, options, kPreviewRows);
        io::AccountImportOptions analysisOptions = options;
        analysisOptions.encoding = io::TextEncoding::Utf8;  // the sample is UTF-8 already
        analysisOptions.swapLatLon = io::SwapLatLon::Auto;  // to show the evidence
        analysisOptions.countInAreas = countInAreas;
        if (sample->isSpreadsheet) {
            analysisOptions.delimiter = ',';
        }
        analysis = io::parseAccounts(sample->text, sourceName, analysisOptions, &feedback);
        if (analysis) {
            const std::size_t firstData =
                analysis->hasHeader ? analysis->linesBeforeHeader + 1 : std::size_t{0};
            check = io::checkAccountColumns(sample->text, analysis->delimiter, firstData,
                                            analysis->mapping, analysis->decimalMarks);
        }
    }
};

/// Holds back the user's input to every window but the wizard (and its popups) while a worker
/// reads the document. The wizard is window-modal over the main window already; this also
/// covers other top-level windows and their shortcuts, so no undo command can change the
/// project under the worker. Nested holds count.
class ImportWizard::InputHold : public QObject {
public:
    explicit InputHold(QWidget* allowed) : allowed_(allowed) {}
    ~InputHold() override {
        if (holds_ > 0) {
            qApp->removeEventFilter(this);
        }
    }
    InputHold(const InputHold&) = delete;
    InputHold& operator=(const InputHold&) = delete;

    void hold() {
        if (holds_++ == 0) {
            qApp->installEventFilter(this);
        }
    }
    void release() {
        if (holds_ > 0 && --holds_ == 0) {
            qApp->removeEventFilter(this);
        }
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        switch (event->type()) {
            case QEvent::MouseButtonPress:
            case QEvent::MouseButtonRelease:
            case QEvent::MouseButtonDblClick:
            case QEvent::KeyPress:
            case QEvent::KeyRelease:
            case QEvent::Shortcut:
            case QEvent::ShortcutOverride:
            case QEvent::Wheel:
            case QEvent::Drop:
            case QEvent::TouchBegin:
            case QEvent::TabletPress:
            case QEvent::ContextMenu:
                return !isInWizard(watched);
            default:
                return false;
        }
    }

private:
    [[nodiscard]] bool isInWizard(QObject* object) const {
        // Widgets by parentage (a combo box's popup is its own window with the combo as
        // parent); anything else — a QWindow, an action's shortcut — by its parents too.
        for (QObject* o = object; o != nullptr; o = o->parent()) {
            if (o == allowed_ || o == allowed_->windowHandle()) {
                return true;
            }
        }
        return false;
    }

    QWidget* allowed_;
    int holds_ = 0;
};

Result<ImportWizard*> ImportWizard::create(Document* document, const QString& path,
                                           QWidget* parent) {
    auto sample = readFirstSample(path);
    if (!sample) {
        return fail(sample.error());
    }
    return create(document, path, std::move(*sample), parent);
}

Result<std::shared_ptr<const io::AccountFileSample>> ImportWizard::readFirstSample(
    const QString& path) {
    auto sample = io::readAccountFileSample(path.toStdString(), io::AccountImportOptions{});
    if (!sample) {
        return fail(sample.error());
    }
    return std::make_shared<const io::AccountFileSample>(std::move(*sample));
}

ImportWizard* ImportWizard::create(Document* document, const QString& path,
                                   std::shared_ptr<const io::AccountFileSample> sample,
                                   QWidget* parent) {
    auto* wizard = new ImportWizard(document, path, parent);
    wizard->sample_ = std::move(sample);
    wizard->sampleEncoding_ = wizard->options_.encoding;
    wizard->sampleSheet_ = wizard->options_.sheet;
    wizard->reparse();
    return wizard;
}

ImportWizard::ImportWizard(Document* document, QString path, QWidget* parent)
    : QWizard(parent),
      document_(document),
      path_(std::move(path)),
      sample_(std::make_shared<const io::AccountFileSample>()),
      analysis_(fail(ErrorCode::BadData, "not read yet")),
      inputHold_(std::make_unique<InputHold>(this)) {
    setObjectName(QStringLiteral("importWizard"));
    setWindowTitle(tr("Import Accounts — %1").arg(QFileInfo(path_).fileName()));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnLastPage, true);
    setOption(QWizard::NoCancelButtonOnLastPage, false);
    resize(1280, 820);
    connect(&watcher_, &QFutureWatcherBase::finished, this, &ImportWizard::onImportFinished);
    connect(&analysisWatcher_, &QFutureWatcherBase::finished, this,
            &ImportWizard::onAnalysisFinished);
    progressTimer_.setInterval(kProgressPollMs);
    auto* importPage = new ImportPage(this);
    connect(&progressTimer_, &QTimer::timeout, this, [this, importPage] {
        if (job_) {
            if (jobCopying_ && job_->copied.load(std::memory_order_acquire)) {
                jobCopying_ = false;
                inputHold_->release();
            }
            const double read = job_->readFeedback.progress();
            const ImportPage::Step step = jobCopying_  ? ImportPage::Step::Copying
                                          : read < 1.0 ? ImportPage::Step::Reading
                                                       : ImportPage::Step::Locating;
            importPage->setProgress(
                step, kReadShare * read + (1.0 - kReadShare) * job_->assignFeedback.progress());
        }
    });
    setPage(FilePageId, new FilePage(this));
    setPage(ColumnsPageId, new ColumnsPage(this));
    setPage(LocatingPageId, new LocatingPage(this, document_));
    setPage(ImportPageId, importPage);
}

ImportWizard::~ImportWizard() {
    if (job_) {
        job_->cancel();
        watcher_.waitForFinished();
    }
    if (analysisTask_) {
        analysisTask_->feedback.cancel();
        analysisWatcher_.waitForFinished();
    }
}

void ImportWizard::reparse() {
    if (analysisTask_) {
        analysisTask_->feedback.cancel();  // superseded; its result is dropped
        analysisPending_ = true;
        return;
    }
    startAnalysis();
}

void ImportWizard::startAnalysis() {
    auto task = std::make_shared<AnalysisTask>();
    task->path = path_.toStdString();
    task->sourceName = QFileInfo(path_).fileName().toStdString();
    task->options = options_;
    task->sample = sample_;
    task->reread = options_.encoding != sampleEncoding_ || options_.sheet != sampleSheet_;
    task->oldEncoding = sampleEncoding_;
    task->oldSheet = sampleSheet_;
    if (!document_->project().areas.empty()) {
        // Read on the worker; the input hold keeps the document as it is meanwhile.
        task->countInAreas = [document = document_](std::span<const Point> points) {
            std::size_t inside = 0;
            for (const Point& point : points) {
                inside += document->areaAt(point) >= 0 ? 1 : 0;
            }
            return inside;
        };
    }
    analysisTask_ = task;
    inputHold_->hold();
    analysisWatcher_.setFuture(QtConcurrent::run([task] { task->run(); }));
    emit stateChanged();  // the pages say "Reading…"
}

void ImportWizard::onAnalysisFinished() {
    std::shared_ptr<AnalysisTask> task = std::move(analysisTask_);
    analysisTask_.reset();
    inputHold_->release();
    if (!task) {
        return;
    }
    if (task->reread && task->sampleError.isEmpty()) {
        sample_ = task->sample;  // kept even when superseded: the next request may not re-read
        sampleEncoding_ = task->options.encoding;
        sampleSheet_ = task->options.sheet;
        sampleError_.clear();
    }
    if (analysisPending_) {
        analysisPending_ = false;
        startAnalysis();
        return;
    }
    if (task->reread) {
        sampleError_ = task->sampleError;
        options_.encoding = task->options.encoding;  // put back when the re-read failed
        options_.sheet = task->options.sheet;
    }
    preview_ = std::move(task->preview);
    analysis_ = std::move(task->analysis);
    check_ = std::move(task->check);
    if (analysis_) {
        swap_ = analysis_->latLonSwapped;
    }
    if (swapFromMapping_) {
        swap_ = *swapFromMapping_;
        swapFromMapping_.reset();
    }
    emit stateChanged();
}

void ImportWizard::setEncoding(std::optional<io::TextEncoding> encoding) {
    options_.encoding = encoding;
    options_.fieldChoices.clear();
    reparse();
}

void ImportWizard::setDelimiter(std::optional<char> delimiter) {
    options_.delimiter = delimiter;
    options_.fieldChoices.clear();
    reparse();
}

void ImportWizard::setHeaderRow(std::optional<std::size_t> row) {
    options_.headerRow = row;
    options_.fieldChoices.clear();
    reparse();
}

void ImportWizard::setDecimalMark(std::optional<io::DecimalMark> mark) {
    options_.decimalMark = mark;
    options_.fieldDecimalMark = {};
    reparse();
}

void ImportWizard::setSheet(const QString& sheet) {
    options_.sheet = sheet.toStdString();
    options_.fieldChoices.clear();
    reparse();
}

void ImportWizard::setColumnField(std::size_t column, std::optional<io::AccountField> field) {
    if (column >= preview_.headers.size()) {
        return;
    }
    // The mapping now: the analysis's (or the automatic one when the analysis failed) with
    // the choices made so far; lat/lon as in the file (the analysis may have swapped them).
    io::AccountColumnMapping mapping;
    if (analysis_ && analysis_->mapping.headers.size() == preview_.headers.size()) {
        mapping = analysis_->mapping;
        if (analysis_->latLonSwapped) {
            auto& columns = mapping.columnOfField;
            std::swap(columns[static_cast<std::size_t>(io::AccountField::Longitude)],
                      columns[static_cast<std::size_t>(io::AccountField::Latitude)]);
        }
    } else {
        auto applied = io::applyFieldChoices(io::mapAccountColumns(preview_.headers),
                                             options_.fieldChoices, "");
        mapping = applied ? *applied : io::mapAccountColumns(preview_.headers);
    }
    for (auto& mapped : mapping.columnOfField) {
        if (mapped == column) {
            mapped.reset();
        }
    }
    if (field) {
        mapping.columnOfField[static_cast<std::size_t>(*field)] = column;
    }
    options_.fieldChoices.clear();
    for (std::size_t f = 0; f < io::kAccountFieldCount; ++f) {
        const auto c = mapping.columnOfField[f];
        options_.fieldChoices.push_back(
            {static_cast<io::AccountField>(f), c ? mapping.headers[*c] : std::string()});
    }
    reparse();
}

std::optional<io::AccountField> ImportWizard::fileFieldOfColumn(std::size_t column) const {
    if (!analysis_) {
        return std::nullopt;
    }
    auto field = fieldOfColumn(analysis_->mapping, column);
    if (field && analysis_->latLonSwapped) {  // the options name the file's columns
        if (*field == io::AccountField::Latitude) {
            field = io::AccountField::Longitude;
        } else if (*field == io::AccountField::Longitude) {
            field = io::AccountField::Latitude;
        }
    }
    return field;
}

std::optional<io::DecimalMark> ImportWizard::columnDecimalMark(std::size_t column) const {
    const auto field = fileFieldOfColumn(column);
    if (!field) {
        return std::nullopt;
    }
    const auto& own = options_.fieldDecimalMark[static_cast<std::size_t>(*field)];
    return own ? own : options_.decimalMark;
}

void ImportWizard::setColumnDecimalMark(std::size_t column, std::optional<io::DecimalMark> mark) {
    const auto field = fileFieldOfColumn(column);
    if (!field || !io::isNumericField(*field)) {
        return;
    }
    options_.fieldDecimalMark[static_cast<std::size_t>(*field)] = mark;
    reparse();
}

void ImportWizard::resetMapping() {
    options_.fieldChoices.clear();
    reparse();
}

void ImportWizard::setGeocoding(bool on) {
    geocoding_ = on;
}

bool ImportWizard::setDefaultCountry(const QString& country) {
    const QString trimmed = country.trimmed();
    if (trimmed.isEmpty()) {
        options_.defaultCountry.clear();
        return true;
    }
    const auto code = io::countryCode(trimmed.toStdString());
    if (!code) {
        return false;
    }
    options_.defaultCountry = *code;
    return true;
}

Result<void> ImportWizard::loadMapping(const QString& path) {
    auto loaded = io::readMappingFile(path.toStdString());
    if (!loaded) {
        return fail(loaded.error());
    }
    const std::string sheet = options_.sheet;
    options_ = std::move(*loaded);
    if (options_.sheet.empty()) {
        options_.sheet = sheet;
    }
    swapFromMapping_.reset();
    if (options_.swapLatLon != io::SwapLatLon::Auto) {
        swapFromMapping_ = options_.swapLatLon == io::SwapLatLon::Yes;
    }
    reparse();
    return {};
}

Result<void> ImportWizard::saveMapping(const QString& path) const {
    io::AccountImportOptions used = options_;
    used.fieldChoices.clear();
    if (analysis_) {
        io::AccountColumnMapping mapping = analysis_->mapping;
        if (analysis_->latLonSwapped) {  // the file's columns, with the swap saved as a flag
            std::swap(mapping.columnOfField[static_cast<std::size_t>(io::AccountField::Longitude)],
                      mapping.columnOfField[static_cast<std::size_t>(io::AccountField::Latitude)]);
        }
        for (std::size_t f = 0; f < io::kAccountFieldCount; ++f) {
            const auto column = mapping.columnOfField[f];
            used.fieldChoices.push_back({static_cast<io::AccountField>(f),
                                         column ? mapping.headers[*column] : std::string()});
        }
        used.delimiter = analysis_->delimiter;
        if (!used.decimalMark) {
            auto marks = analysis_->decimalMarks;
            if (analysis_->latLonSwapped) {
                std::swap(marks[static_cast<std::size_t>(io::AccountField::Longitude)],
                          marks[static_cast<std::size_t>(io::AccountField::Latitude)]);
            }
            used.fieldDecimalMark = marks;
        }
    }
    if (!sample_->isSpreadsheet) {
        used.encoding = sample_->encoding;
    } else {
        used.encoding.reset();
        used.delimiter.reset();
    }
    used.swapLatLon = swap_ ? io::SwapLatLon::Yes : io::SwapLatLon::No;
    return io::writeMappingFile(path.toStdString(), used);
}

bool ImportWizard::isImportRunning() const {
    return job_ != nullptr;
}

bool ImportWizard::hasImportResult() const {
    return finishedJob_ && finishedJob_->ok;
}

std::size_t ImportWizard::rejectCount() const {
    return hasImportResult() ? finishedJob_->project.accountRejects.size() : 0;
}

void ImportWizard::startImport() {
    if (job_) {
        return;
    }
    finishedJob_.reset();
    summary_.clear();
    auto job = std::make_shared<Job>();
    job->path = path_.toStdString();
    job->options = options_;
    job->options.swapLatLon = swap_ ? io::SwapLatLon::Yes : io::SwapLatLon::No;
    job->geocoding = geocoding_;
    job->mode = mergeMode_;
    job->source = &document_->project();
    job->revision = document_->revision();
    job_ = job;
    jobCopying_ = true;
    inputHold_->hold();  // until the worker has its copy of the project
    progressTimer_.start();
    qCInfo(lcApp) << "importing accounts from" << path_;
    watcher_.setFuture(QtConcurrent::run([job] { job->run(); }));
}

void ImportWizard::cancelImport() {
    if (job_) {
        job_->cancel();
    }
}

void ImportWizard::onImportFinished() {
    progressTimer_.stop();
    if (jobCopying_) {
        jobCopying_ = false;
        inputHold_->release();
    }
    std::shared_ptr<Job> job = std::move(job_);
    job_.reset();
    if (!job) {
        return;
    }
    const QString file = QFileInfo(path_).fileName().toHtmlEscaped();
    if (job->canceled()) {
        summary_ = tr("<p><b>Import canceled.</b> The project is exactly as it was.</p>");
        emit importFinished(false);
        return;
    }
    if (!job->ok) {
        summary_ = tr("<p><b>%1 could not be imported.</b></p><p>%2</p><p>The project is "
                      "unchanged.</p>")
                       .arg(file, errorText(job->error).toHtmlEscaped());
        emit importFinished(false);
        return;
    }
    finishedJob_ = job;
    const io::AccountImportResult& r = job->counts;
    const std::size_t rejected = job->project.accountRejects.size();
    QString text;
    text += tr("<p>Read <b>%1 rows</b> from %2 (%3, %4-separated).</p>")
                .arg(count(r.rowsRead), file, qs(std::string(io::encodingName(r.encoding))),
                     qs(io::delimiterName(r.delimiter)));
    text += tr("<p><b>%1 imported + %2 rejected = %3 rows</b>%4.</p>")
                .arg(count(job->imported), count(rejected), count(job->imported + rejected),
                     r.duplicates > 0
                         ? tr("; %1 of them for a duplicate account ID").arg(count(r.duplicates))
                         : QString());
    text += tr("<p>Located: %1 by coordinates, %2 by postal code, <b>%3 not located</b> (kept; "
               "they count in no territory until located).</p>")
                .arg(count(r.locatedByCoordinates), count(r.locatedByPostcode), count(r.unlocated));
    text +=
        tr("<p>Merged by account ID: %1 new, %2 changed, %3 unchanged, %4 no longer in the "
           "list (flagged removed, not deleted)%5.</p>")
            .arg(count(job->merged.added), count(job->merged.changed), count(job->merged.unchanged),
                 count(job->merged.removed),
                 job->merged.restored > 0 ? tr(", %1 back again").arg(count(job->merged.restored))
                                          : QString());
    if (!job->project.areas.empty()) {
        text += tr("<p>%1 accounts are in the project's areas, %2 outside every area.</p>")
                    .arg(count(job->assigned.inArea), count(job->assigned.outsideAllAreas));
    }
    QStringList notes;
    if (!r.swapNote.empty()) {
        notes << qs(r.swapNote).toHtmlEscaped();
    }
    for (const std::string& note : r.notes) {
        notes << qs(note).toHtmlEscaped();
    }
    for (const std::string& note : job->notes) {
        notes << qs(note).toHtmlEscaped();
    }
    if (!notes.isEmpty()) {
        text += QStringLiteral("<p>") + notes.join(QStringLiteral("<br>")) + QStringLiteral("</p>");
    }
    if (rejected > 0) {
        QStringList lines;
        for (std::size_t i = 0; i < rejected && i < kRejectsShown; ++i) {
            const ImportReject& reject = job->project.accountRejects[i];
            lines << tr("row %1%2: %3")
                         .arg(
                             count(static_cast<std::size_t>(std::max<std::int64_t>(0, reject.row))),
                             reject.column.empty() ? QString()
                                                   : tr(", column %1").arg(qs(reject.column)),
                             qs(reject.reason))
                         .toHtmlEscaped();
        }
        if (rejected > kRejectsShown) {
            lines << tr("… and %1 more").arg(count(rejected - kRejectsShown));
        }
        text += tr("<p><b>Rejected rows</b> (kept in the project; save them, fix them and "
                   "import the file again):<br>%1</p>")
                    .arg(lines.join(QStringLiteral("<br>")));
    }
    summary_ = text;
    qCInfo(lcApp) << "import read" << r.rowsRead << "rows:" << job->imported << "imported,"
                  << rejected << "rejected";
    emit importFinished(true);
}

QString ImportWizard::importedText() const {
    return tr("Import %1 accounts from %2")
        .arg(count(finishedJob_ ? finishedJob_->imported : 0), QFileInfo(path_).fileName());
}

Result<void> ImportWizard::saveRejects(const QString& path) const {
    if (!hasImportResult()) {
        return fail(ErrorCode::InvalidArgument, "there is no finished import to save rejects of");
    }
    return io::exportRejectsCsv(finishedJob_->project, path.toStdString());
}

void ImportWizard::accept() {
    if (!hasImportResult()) {
        return;
    }
    if (document_->revision() != finishedJob_->revision) {
        QMessageBox::warning(this, tr("Import Accounts"),
                             tr("The project changed while the file was imported, so the import "
                                "was not applied. Import the file again."));
        QWizard::reject();
        return;
    }
    Project& imported = finishedJob_->project;
    AccountData importedData{std::move(imported.accounts), std::move(imported.accountArea),
                             std::move(imported.accountRejects),
                             std::move(imported.accountRejectsHeader),
                             std::move(imported.alignment.accountOverrides)};
    const QString text = importedText();
    document_->undoStack()->push(
        new ImportAccountsCommand(document_, std::move(importedData), text));
    finishedJob_.reset();
    QWizard::accept();
}

void ImportWizard::reject() {
    if (job_) {
        job_->cancel();
        watcher_.waitForFinished();  // stops at the next row block; nothing is applied
    }
    QWizard::reject();
}

}  // namespace tessera::app
