// SPDX-License-Identifier: Apache-2.0
// The account import wizard driven as a user would: detection shown, overrides re-read the
// preview, the mapping is pre-filled and its problems counted, cancel changes nothing, Finish
// is one undo step, rejects are saved, a dropped file opens the wizard.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <QComboBox>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QMouseEvent>
#include <QProgressBar>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>
#include <QUndoStack>
#include <QUrl>

#include <algorithm>
#include <fstream>

#include <gdal_priv.h>
#include <string>
#include <vector>

#include "AppTestProject.h"
#include "GuiWait.h"
#include "app/Document.h"
#include "app/MainWindow.h"
#include "app/canvas/MapCanvas.h"
#include "app/dialogs/ImportWizard.h"

using namespace tessera;
using namespace tessera::app;
using ::testing::HasSubstr;

namespace {

constexpr int kGenerousWaitMs = 120000;  // not a timing assertion: only stops a hung import

QString fixture(const char* name) {
    return QStringLiteral(TESSERA_TEST_DATA_DIR "/") + QLatin1String(name);
}

const char* const kGermanExcel = "app/import/excel-de-cp1252-semicolon.csv";

/// Waits until the wizard's background re-read of the sample is done (the pages then show the
/// latest settings), as a user waits for "Reading…" to go away.
/// A customer list of `rows` located accounts (IDs `prefix`0, `prefix`1, …) with a potential.
void writeAccountsCsv(const QString& path, int rows, const std::string& prefix) {
    std::ofstream out(path.toStdString());
    out << "account_id,name,longitude,latitude,potential\n";
    for (int i = 0; i < rows; ++i) {
        out << prefix << i << ",Account " << i << "," << -100.0 + (i % 1000) * 0.01 << ","
            << 35.0 + (i % 700) * 0.01 << "," << i % 5000 << "\n";
    }
}

void settle(ImportWizard& wizard) {
    EXPECT_TRUE(test::waitUntil([&] { return !wizard.isAnalyzing(); }, kGenerousWaitMs))
        << "the wizard's analysis did not finish";
}

/// A wizard on a file with its first analysis done, or a failed test.
std::unique_ptr<ImportWizard> wizardOn(Document& document, const QString& path) {
    auto created = ImportWizard::create(&document, path);
    EXPECT_TRUE(created) << (created ? "" : created.error().toString());
    if (!created) {
        return nullptr;
    }
    (*created)->show();  // starts on the first page
    settle(**created);
    return std::unique_ptr<ImportWizard>(*created);
}

QComboBox* combo(QWidget& parent, const char* name) {
    auto* box = parent.findChild<QComboBox*>(QLatin1String(name));
    EXPECT_NE(box, nullptr) << name;
    return box;
}

/// Picks an item as the user would (activated is what the pages listen to) and waits for the
/// wizard to re-read the file with it.
void choose(QComboBox* box, int index) {
    box->setCurrentIndex(index);
    emit box->activated(index);
    if (auto* wizard = qobject_cast<ImportWizard*>(box->window())) {
        settle(*wizard);
    }
}

QTableWidget* table(QWidget& parent, const char* name) {
    auto* widget = parent.findChild<QTableWidget*>(QLatin1String(name));
    EXPECT_NE(widget, nullptr) << name;
    return widget;
}

std::string problemsOf(ImportWizard& wizard, int column) {
    return table(wizard, "mappingTable")->item(column, 4)->text().toStdString();
}

QComboBox* fieldCombo(ImportWizard& wizard, int column) {
    return qobject_cast<QComboBox*>(table(wizard, "mappingTable")->cellWidget(column, 2));
}

/// Goes to the import page and waits for the import to end; true when it succeeded.
bool runImport(ImportWizard& wizard) {
    settle(wizard);
    QSignalSpy finished(&wizard, &ImportWizard::importFinished);
    while (wizard.currentId() != ImportWizard::ImportPageId) {
        const int before = wizard.currentId();
        wizard.next();
        if (wizard.currentId() == before) {
            ADD_FAILURE() << "the wizard did not leave page " << before;
            return false;
        }
    }
    if (!test::waitUntil([&] { return !finished.isEmpty(); }, kGenerousWaitMs)) {
        ADD_FAILURE() << "the import did not finish";
        return false;
    }
    return finished.front().at(0).toBool();
}

std::string readAll(const QString& path) {
    std::ifstream in(path.toStdString(), std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST(ImportWizard, ShowsTheDetectedEncodingDelimiterHeaderRowAndDecimalComma) {
    Document document;
    auto wizard = wizardOn(document, fixture(kGermanExcel));
    ASSERT_TRUE(wizard);
    wizard->show();
    EXPECT_EQ(combo(*wizard, "encodingCombo")->currentText(), "Detected: Windows-1252");
    EXPECT_THAT(combo(*wizard, "delimiterCombo")->currentText().toStdString(),
                HasSubstr("Semicolon"));
    EXPECT_EQ(combo(*wizard, "headerRowCombo")->currentText(), "Detected: row 2");
    EXPECT_EQ(combo(*wizard, "decimalCombo")->currentText(), "Detected: decimal comma");
    EXPECT_FALSE(combo(*wizard, "sheetCombo")->isVisible());

    QTableWidget* preview = table(*wizard, "previewTable");
    ASSERT_EQ(preview->columnCount(), 7);
    EXPECT_EQ(preview->horizontalHeaderItem(3)->text(), "lat");
    ASSERT_EQ(preview->rowCount(), 10);
    EXPECT_EQ(preview->item(0, 1)->text(), QStringLiteral("Müller GmbH"));  // cp1252 → UTF-8
    // Numbers as read: decimal commas and thousands points understood; "abc" stands out.
    EXPECT_EQ(preview->item(0, 3)->text(), "48.1374");
    EXPECT_EQ(preview->item(0, 5)->text(), "12500.5");
    EXPECT_EQ(preview->item(0, 5)->toolTip(), "In the file: 12.500,50");
    EXPECT_THAT(preview->item(3, 5)->toolTip().toStdString(), HasSubstr("rejected"));
}

TEST(ImportWizard, AnOverrideReparsesThePreviewAtOnce) {
    Document document;
    auto wizard = wizardOn(document, fixture(kGermanExcel));
    ASSERT_TRUE(wizard);
    QComboBox* delimiter = combo(*wizard, "delimiterCombo");
    choose(delimiter, delimiter->findData(static_cast<int>(',')));
    EXPECT_EQ(wizard->preview().delimiter, ',');
    // Split at commas, the decimal commas make columns of their own and no header is known.
    EXPECT_FALSE(wizard->preview().hasHeader);
    EXPECT_FALSE(wizard->analysis());
    EXPECT_FALSE(wizard->button(QWizard::NextButton)->isEnabled() &&
                 wizard->currentPage()->isComplete() && wizard->analysis());
    choose(delimiter, 0);  // back to the detected one
    EXPECT_EQ(wizard->preview().delimiter, ';');
    EXPECT_TRUE(wizard->analysis());

    // Header row 1 (the title) → the title is the header: no known column.
    QComboBox* header = combo(*wizard, "headerRowCombo");
    choose(header, header->findData(0));
    EXPECT_EQ(wizard->preview().headerRow, 0u);
    EXPECT_EQ(table(*wizard, "previewTable")->horizontalHeaderItem(0)->text(),
              "Kunden-Export Dezember (Titelzeile)");
    choose(header, 0);
    EXPECT_EQ(wizard->preview().headerRow, 1u);

    // Decimal point forced: "48,1374" is no longer a number.
    QComboBox* decimal = combo(*wizard, "decimalCombo");
    choose(decimal, decimal->findData(static_cast<int>(io::DecimalMark::Point)));
    EXPECT_THAT(table(*wizard, "previewTable")->item(0, 3)->toolTip().toStdString(),
                HasSubstr("decimal point"));

    // Latin-1 instead of the detected Windows-1252: still readable (same letters here).
    QComboBox* encoding = combo(*wizard, "encodingCombo");
    choose(encoding, encoding->findData(static_cast<int>(io::TextEncoding::Utf8)));
    EXPECT_EQ(wizard->sample().encoding, io::TextEncoding::Utf8);
    EXPECT_THAT(wizard->preview().rows[0][1], HasSubstr("\xEF\xBF\xBD"));  // U+FFFD: wrong
}

TEST(ImportWizard, SalesforceColumnsArePreMapped) {
    Document document;
    auto wizard = wizardOn(document, fixture("io/accounts/salesforce-api-names.csv"));
    ASSERT_TRUE(wizard);
    wizard->next();
    ASSERT_EQ(wizard->currentId(), ImportWizard::ColumnsPageId);
    const auto fieldAt = [&](int column) { return fieldCombo(*wizard, column)->currentText(); };
    EXPECT_EQ(fieldAt(0), "Account ID");                 // Id
    EXPECT_EQ(fieldAt(1), "Name");                       // Name
    EXPECT_EQ(fieldAt(2), "Street");                     // BillingStreet
    EXPECT_EQ(fieldAt(5), "Postal code");                // BillingPostalCode
    EXPECT_EQ(fieldAt(7), "Latitude");                   // BillingLatitude
    EXPECT_EQ(fieldAt(8), "Longitude");                  // BillingLongitude
    EXPECT_EQ(fieldAt(9), "Potential");                  // AnnualRevenue
    EXPECT_EQ(fieldAt(10), "Segment / industry");        // Industry
    EXPECT_EQ(fieldAt(11), "Keep as custom attribute");  // NumberOfEmployees
    EXPECT_EQ(fieldAt(12), "Owner / rep");               // OwnerId
    EXPECT_EQ(table(*wizard, "mappingTable")->item(7, 1)->text().left(7), "37.7897");
}

TEST(ImportWizard, CountsProblemsPerColumnAndRecountsWhenTheMappingChanges) {
    Document document;
    auto wizard = wizardOn(document, fixture(kGermanExcel));
    ASSERT_TRUE(wizard);
    wizard->next();
    ASSERT_EQ(wizard->currentId(), ImportWizard::ColumnsPageId);
    EXPECT_THAT(problemsOf(*wizard, 0), HasSubstr("1 ID is empty"));
    EXPECT_THAT(problemsOf(*wizard, 0), HasSubstr("1 ID is already used by an earlier row"));
    EXPECT_EQ(problemsOf(*wizard, 3), "1 latitude is outside -90…90");
    EXPECT_EQ(problemsOf(*wizard, 5), "1 value is not a number with a decimal comma");
    EXPECT_EQ(problemsOf(*wizard, 6), "none");
    EXPECT_EQ(problemsOf(*wizard, 2), "none");  // city: any text will do

    // The city column as the workload: ten values that are no numbers.
    QComboBox* city = fieldCombo(*wizard, 2);
    choose(city, city->findData(static_cast<int>(io::AccountField::Workload)));
    EXPECT_EQ(problemsOf(*wizard, 2), "10 values are not numbers with a decimal comma");
    EXPECT_EQ(fieldCombo(*wizard, 6)->currentText(), "Keep as custom attribute");  // moved
    EXPECT_EQ(problemsOf(*wizard, 6), "");
    // Potential kept as a custom attribute: its problem is gone.
    QComboBox* potential = fieldCombo(*wizard, 5);
    choose(potential, potential->findData(-1));
    EXPECT_EQ(problemsOf(*wizard, 5), "");
    // The workload column (now "city") read with a decimal point: still no numbers; the
    // latitude column read with a decimal point: "48,1374" is no number any more.
    auto* latMark = qobject_cast<QComboBox*>(table(*wizard, "mappingTable")->cellWidget(3, 3));
    ASSERT_NE(latMark, nullptr);
    EXPECT_EQ(latMark->currentText(), "Detected: comma");
    EXPECT_EQ(table(*wizard, "mappingTable")->cellWidget(1, 3), nullptr);  // name: no number
    choose(latMark, latMark->findData(static_cast<int>(io::DecimalMark::Point)));
    EXPECT_EQ(wizard->columnDecimalMark(3), io::DecimalMark::Point);
    EXPECT_EQ(problemsOf(*wizard, 3), "10 values are not numbers with a decimal point");
    EXPECT_EQ(problemsOf(*wizard, 4), "none");  // longitude keeps its comma
    latMark = qobject_cast<QComboBox*>(table(*wizard, "mappingTable")->cellWidget(3, 3));
    choose(latMark, 0);
    EXPECT_EQ(problemsOf(*wizard, 3), "1 latitude is outside -90…90");
    // No ID column: the page says so and cannot go on.
    QComboBox* id = fieldCombo(*wizard, 0);
    choose(id, id->findData(-1));
    EXPECT_FALSE(wizard->currentPage()->isComplete());
    EXPECT_THAT(wizard->findChild<QLabel*>("columnsStatus")->text().toStdString(),
                HasSubstr("no account ID column"));
    // The automatic mapping puts everything back.
    wizard->resetMapping();
    settle(*wizard);
    EXPECT_TRUE(wizard->currentPage()->isComplete());
    EXPECT_EQ(fieldCombo(*wizard, 6)->currentText(), "Workload (hours/year)");
}

TEST(ImportWizard, MappingsSaveAndLoadInTheCliFormat) {
    Document document;
    auto wizard = wizardOn(document, fixture("io/accounts/custom-headers.csv"));
    ASSERT_TRUE(wizard);
    EXPECT_FALSE(wizard->analysis());  // German headers: no ID column is known
    ASSERT_TRUE(wizard->loadMapping(fixture("io/accounts/custom-headers.mapping.json")));
    settle(*wizard);
    ASSERT_TRUE(wizard->analysis()) << wizard->analysis().error().toString();
    wizard->next();
    EXPECT_EQ(fieldCombo(*wizard, 0)->currentText(), "Account ID");
    EXPECT_EQ(fieldCombo(*wizard, 3)->currentText(), "Longitude");

    QTemporaryDir dir;
    const QString saved = dir.filePath(QStringLiteral("mapping.json"));
    ASSERT_TRUE(wizard->saveMapping(saved));
    const std::string json = readAll(saved);
    EXPECT_THAT(json, HasSubstr("\"id\": \"Kunde\""));
    EXPECT_THAT(json, HasSubstr("\"delimiter\": \"semicolon\""));
    EXPECT_THAT(json, HasSubstr("\"decimal_mark.potential\": \"point\""));
    // The CLI's reader takes it, and it maps the file the same way.
    auto reread = io::readMappingFile(saved.toStdString());
    ASSERT_TRUE(reread) << reread.error().toString();
    auto imported =
        io::readAccountsFile(fixture("io/accounts/custom-headers.csv").toStdString(), *reread);
    ASSERT_TRUE(imported) << imported.error().toString();
    EXPECT_EQ(imported->accounts.size(), imported->rowsRead);

    // A broken mapping file is refused with its reason; the wizard keeps its mapping.
    const QString broken = dir.filePath(QStringLiteral("broken.json"));
    QFile file(broken);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({ "idd": "Kunde" })");
    file.close();
    auto refused = wizard->loadMapping(broken);
    settle(*wizard);
    ASSERT_FALSE(refused);
    EXPECT_THAT(refused.error().message, HasSubstr("idd"));
    EXPECT_TRUE(wizard->analysis());
}

TEST(ImportWizard, FinishImportsAsOneUndoStepThatUndoesAndRedoesExactly) {
    Document document;
    document.resetProject(test::gridProject(3, 4, 2), QString());
    document.undoStack()->push(new QUndoCommand(QStringLiteral("earlier edit")));
    const Project before = document.project();

    auto wizard = wizardOn(document, fixture(kGermanExcel));
    ASSERT_TRUE(wizard);
    ASSERT_TRUE(runImport(*wizard));
    ASSERT_TRUE(wizard->hasImportResult());
    EXPECT_EQ(document.project(), before);  // nothing applied before Finish
    const std::string summary = wizard->summaryText().toStdString();
    EXPECT_THAT(summary, HasSubstr("6 imported + 4 rejected = 10 rows"));
    EXPECT_THAT(summary, HasSubstr("6 by coordinates, 0 by postal code"));
    EXPECT_THAT(summary, HasSubstr("6 new, 0 changed, 0 unchanged, 12 no longer in the list"));
    EXPECT_THAT(summary, HasSubstr("row 4, column potential"));
    EXPECT_TRUE(wizard->findChild<QWidget*>("saveRejectsButton")->isVisibleTo(wizard.get()));

    wizard->accept();
    EXPECT_EQ(document.undoStack()->count(), 2);
    EXPECT_EQ(document.undoStack()->undoText(),
              "Import 6 accounts from excel-de-cp1252-semicolon.csv");
    const Project after = document.project();
    ASSERT_EQ(after.accounts.size(), 18u);
    EXPECT_EQ(after.accounts[12].id, "K1");
    EXPECT_EQ(after.accounts[12].name, "Müller GmbH");
    EXPECT_DOUBLE_EQ(after.accounts[12].potential, 12500.5);
    EXPECT_TRUE(after.accounts[0].removed);  // not in the list: flagged, not deleted
    EXPECT_EQ(after.accountRejects.size(), 4u);
    EXPECT_EQ(after.accountArea.size(), 18u);
    EXPECT_EQ(after.alignment, before.alignment);

    document.undoStack()->undo();
    EXPECT_EQ(document.project(), before);
    document.undoStack()->redo();
    EXPECT_EQ(document.project(), after);
}

TEST(ImportWizard, ReplaceModeReplacesTheAccountsAndTheirOverrides) {
    Document document;
    Project project = test::gridProject(3, 4, 2);
    project.alignment.accountOverrides[1] = 0;
    document.resetProject(project, QString());
    const Project before = document.project();
    auto wizard = wizardOn(document, fixture(kGermanExcel));
    ASSERT_TRUE(wizard);
    wizard->next();
    wizard->next();
    ASSERT_EQ(wizard->currentId(), ImportWizard::LocatingPageId);
    wizard->findChild<QRadioButton*>("replaceRadio")->setChecked(true);
    EXPECT_EQ(wizard->mergeMode(), ImportWizard::MergeMode::Replace);
    ASSERT_TRUE(runImport(*wizard));
    wizard->accept();
    EXPECT_EQ(document.project().accounts.size(), 6u);
    EXPECT_TRUE(document.project().alignment.accountOverrides.empty());
    document.undoStack()->undo();
    EXPECT_EQ(document.project(), before);
}

TEST(ImportWizard, CancelLeavesTheDocumentExactlyAsItWas) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.csv"));
    writeAccountsCsv(path, 150000, "B");
    Document document;
    document.resetProject(test::gridProject(3, 4, 2), QString());
    const Project before = document.project();
    auto wizard = wizardOn(document, path);
    ASSERT_TRUE(wizard);
    wizard->next();
    wizard->next();
    QSignalSpy finished(wizard.get(), &ImportWizard::importFinished);
    wizard->next();  // Import: the worker starts
    ASSERT_EQ(wizard->currentId(), ImportWizard::ImportPageId);
    EXPECT_TRUE(wizard->isImportRunning());
    EXPECT_FALSE(wizard->currentPage()->isComplete());  // no Finish while it runs
    wizard->findChild<QPushButton*>("cancelImportButton")->click();
    ASSERT_TRUE(test::waitUntil([&] { return !finished.isEmpty(); }, kGenerousWaitMs));
    EXPECT_FALSE(finished.front().at(0).toBool());
    EXPECT_FALSE(wizard->hasImportResult());
    EXPECT_THAT(wizard->summaryText().toStdString(), HasSubstr("canceled"));
    wizard->accept();  // Finish is disabled; even so, nothing may be applied
    EXPECT_EQ(document.project(), before);
    EXPECT_EQ(document.undoStack()->count(), 0);
}

TEST(ImportWizard, TheImportPageSaysWhatItIsDoingInOrder) {
    // Copying the project (no progress to report: a busy bar), reading the file, locating
    // the accounts, done — shown in that order, never going back.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("steps.csv"));
    writeAccountsCsv(path, 60000, "S");
    Document document;
    document.resetProject(test::gridProject(3, 4, 2), QString());
    auto wizard = wizardOn(document, path);
    ASSERT_TRUE(wizard);
    wizard->next();
    wizard->next();
    QSignalSpy finished(wizard.get(), &ImportWizard::importFinished);
    wizard->next();  // Import: the worker starts
    ASSERT_EQ(wizard->currentId(), ImportWizard::ImportPageId);
    auto* bar = wizard->findChild<QProgressBar*>("importProgress");
    ASSERT_NE(bar, nullptr);
    EXPECT_EQ(wizard->currentPage()->subTitle().toStdString(), "Preparing: copying the project…");
    EXPECT_EQ(bar->maximum(), 0);  // busy
    const std::vector<std::string> order = {"Preparing", "Reading", "Locating", "Done"};
    std::vector<std::string> seen;
    auto note = [&] {
        const std::string subtitle = wizard->currentPage()->subTitle().toStdString();
        for (const std::string& step : order) {
            if (subtitle.rfind(step, 0) == 0 && (seen.empty() || seen.back() != step)) {
                seen.push_back(step);
            }
        }
    };
    ASSERT_TRUE(test::waitUntil(
        [&] {
            note();
            return !finished.isEmpty();
        },
        kGenerousWaitMs));
    note();
    ASSERT_TRUE(finished.front().at(0).toBool());
    ASSERT_GE(seen.size(), 2U);
    EXPECT_EQ(seen.front(), "Preparing");
    EXPECT_EQ(seen.back(), "Done");
    for (std::size_t i = 1; i < seen.size(); ++i) {
        const auto before = std::find(order.begin(), order.end(), seen[i - 1]);
        const auto after = std::find(order.begin(), order.end(), seen[i]);
        EXPECT_LT(before, after) << seen[i - 1] << " then " << seen[i];
    }
}

TEST(ImportWizard, RejectsAreSavedAsACsvThatImportsAgain) {
    Document document;
    auto wizard = wizardOn(document, fixture(kGermanExcel));
    ASSERT_TRUE(wizard);
    ASSERT_TRUE(runImport(*wizard));
    EXPECT_EQ(wizard->rejectCount(), 4u);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("rejects.csv"));
    ASSERT_TRUE(wizard->saveRejects(path));
    const std::string csv = readAll(path);
    EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBF"));  // UTF-8 with BOM for Excel
    EXPECT_THAT(csv, HasSubstr("id;name;city;lat;lon;potential;workload;import_error"));
    EXPECT_THAT(csv, HasSubstr("K4;Zürcher Straße AG"));
    EXPECT_THAT(csv, HasSubstr("95,5"));
    // Fix nothing, import it again: the same rows are rejected, it is a partial list.
    auto again = io::readAccountsFile(path.toStdString(), {});
    ASSERT_TRUE(again) << again.error().toString();
    EXPECT_TRUE(again->isRejectsFile);
    EXPECT_EQ(again->rowsRead, 4u);
}

TEST(ImportWizard, SwappedColumnsAreShownWithAChoice) {
    Document document;
    auto wizard = wizardOn(document, fixture("io/accounts/swapped-lat-lon-columns.csv"));
    ASSERT_TRUE(wizard);
    wizard->next();
    wizard->next();
    ASSERT_EQ(wizard->currentId(), ImportWizard::LocatingPageId);
    EXPECT_THAT(wizard->findChild<QLabel*>("coordinatesText")->text().toStdString(),
                HasSubstr("look swapped"));
    auto* swap = wizard->findChild<QRadioButton*>("swapRadio");
    auto* keep = wizard->findChild<QRadioButton*>("keepRadio");
    EXPECT_TRUE(swap->isChecked());
    EXPECT_THAT(swap->text().toStdString(), HasSubstr("latitude from \"longitude\""));
    keep->setChecked(true);  // the user knows better: keep them, so they are rejected
    EXPECT_FALSE(wizard->swapLatLon());
    ASSERT_TRUE(runImport(*wizard));
    // Only the one row that is valid either way round is imported.
    EXPECT_THAT(wizard->summaryText().toStdString(), HasSubstr("1 imported + 4 rejected = 5 rows"));
}

TEST(ImportWizard, SpreadsheetSheetsCanBeChosen) {
    Document document;
    auto wizard = wizardOn(document, fixture("app/import/two-sheets.xlsx"));
    ASSERT_TRUE(wizard);
    QComboBox* sheets = combo(*wizard, "sheetCombo");
    EXPECT_TRUE(sheets->isVisible());
    ASSERT_EQ(sheets->count(), 2);
    EXPECT_EQ(sheets->currentText(), "Notes");  // the first sheet, not a customer list
    EXPECT_FALSE(combo(*wizard, "encodingCombo")->isEnabled());  // cells are text already
    EXPECT_FALSE(wizard->analysis());
    choose(sheets, 1);
    EXPECT_EQ(wizard->sample().sheetName, "Leads");
    EXPECT_EQ(sheets->currentText(), "Leads");
    EXPECT_EQ(wizard->preview().dataRows, 3u);
    ASSERT_TRUE(wizard->analysis()) << wizard->analysis().error().toString();
    ASSERT_TRUE(runImport(*wizard));
    EXPECT_THAT(wizard->summaryText().toStdString(), HasSubstr("3 imported + 0 rejected = 3 rows"));
    wizard->accept();
    ASSERT_EQ(document.project().accounts.size(), 3u);
    EXPECT_EQ(document.project().accounts[2].name, "Lead three");
}

TEST(ImportWizard, AnUnreadableFileIsAClearErrorAndChangesNothing) {
    Document document;
    auto missing = ImportWizard::create(&document, fixture("app/import/no-such-file.csv"));
    ASSERT_FALSE(missing);
    EXPECT_THAT(missing.error().message, HasSubstr("does not exist"));
    auto empty = ImportWizard::create(&document, fixture("io/accounts/empty.csv"));
    ASSERT_FALSE(empty);
    EXPECT_THAT(empty.error().message, HasSubstr("empty"));

    MainWindow window;
    const Project before = window.document()->project();
    window.importAccounts(fixture("app/import/no-such-file.csv"));  // read in the background
    ASSERT_TRUE(test::waitUntil(
        [&] { return window.findChild<QMessageBox*>("importErrorBox") != nullptr; }));
    EXPECT_EQ(window.findChild<ImportWizard*>(), nullptr);
    auto* box = window.findChild<QMessageBox*>("importErrorBox");
    ASSERT_NE(box, nullptr);
    EXPECT_THAT(box->text().toStdString(), HasSubstr("does not exist"));
    EXPECT_THAT(box->text().toStdString(), HasSubstr("Nothing was changed"));
    EXPECT_EQ(window.document()->project(), before);
    box->close();
}

TEST(ImportWizard, DroppingACustomerListOnTheWindowOpensTheWizard) {
    MainWindow window;
    window.show();
    const auto drag = [&](const QString& path) {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path)});
        QDragEnterEvent enter(QPoint(100, 100), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &enter);
        if (!enter.isAccepted()) {
            return false;
        }
        QDropEvent drop(QPointF(100, 100), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&window, &drop);
        return drop.isAccepted();
    };
    EXPECT_FALSE(drag(fixture("render/no-such-picture.png")));
    EXPECT_TRUE(drag(fixture(kGermanExcel)));
    ASSERT_TRUE(test::waitUntil([&] { return window.findChild<ImportWizard*>() != nullptr; }));
    auto* wizard = window.findChild<ImportWizard*>();
    EXPECT_EQ(wizard->filePath(), fixture(kGermanExcel));
    EXPECT_TRUE(wizard->isVisible());
    wizard->reject();
}

TEST(ImportWizard, ABigSpreadsheetIsReadBeforeTheWizardWithoutFreezingTheWindow) {
    // GDAL reads a spreadsheet whole: for a large one that takes seconds. It happens on a
    // worker: importAccounts returns at once, the window keeps handling events (a timer fires
    // meanwhile), a busy "Reading…" dialog appears when it takes a while, and Cancel there
    // gives up without a wizard.
    QTemporaryDir dir;
    const QString csv = dir.filePath(QStringLiteral("big.csv"));
    writeAccountsCsv(csv, 40000, "X");
    const QString xlsx = dir.filePath(QStringLiteral("big.xlsx"));
    {
        GDALAllRegister();
        GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("XLSX");
        ASSERT_NE(driver, nullptr);
        GDALDatasetUniquePtr source(GDALDataset::Open(csv.toUtf8().constData(), GDAL_OF_VECTOR));
        ASSERT_TRUE(source);
        GDALDatasetUniquePtr copy(driver->CreateCopy(xlsx.toUtf8().constData(), source.get(), FALSE,
                                                     nullptr, nullptr, nullptr));
        ASSERT_TRUE(copy);
    }
    for (const bool cancel : {false, true}) {
        MainWindow window;
        window.show();
        int ticks = 0;
        QTimer ticker;
        QObject::connect(&ticker, &QTimer::timeout, [&] { ++ticks; });
        ticker.start(20);
        QElapsedTimer clock;
        clock.start();
        window.importAccounts(xlsx);
        EXPECT_LT(clock.elapsed(), 200) << "importAccounts waited for the file";
        auto* reading = window.findChild<QProgressDialog*>("importReadingProgress");
        ASSERT_NE(reading, nullptr);
        if (cancel) {
            reading->cancel();  // before or after it showed: the same
            ASSERT_TRUE(test::waitUntil(
                [&] {
                    return window.findChild<QProgressDialog*>("importReadingProgress") == nullptr;
                },
                kGenerousWaitMs));
            EXPECT_EQ(window.findChild<ImportWizard*>(), nullptr);
            EXPECT_GT(ticks, 0);
            continue;
        }
        bool sawReading = false;
        ASSERT_TRUE(test::waitUntil(
            [&] {
                if (auto* dialog = window.findChild<QProgressDialog*>("importReadingProgress")) {
                    sawReading = sawReading || dialog->isVisible();
                }
                return window.findChild<ImportWizard*>() != nullptr;
            },
            kGenerousWaitMs));
        const qint64 waited = clock.elapsed();
        // The event loop ran while the file was read: about one tick per 20 ms.
        EXPECT_GT(ticks, static_cast<int>(waited / 20 / 4)) << waited << " ms";
        if (waited > 1000) {  // long enough for the dialog (it waits 0.4 s) to have shown
            EXPECT_TRUE(sawReading) << waited << " ms";
        }
        auto* wizard = window.findChild<ImportWizard*>();
        EXPECT_EQ(wizard->filePath(), xlsx);
        EXPECT_TRUE(wizard->isVisible());
        ASSERT_TRUE(test::waitUntil([&] { return !wizard->isAnalyzing(); }, kGenerousWaitMs));
        EXPECT_EQ(wizard->sample().sheetNames.size(), 1U);
        wizard->reject();
    }
}

TEST(ImportWizard, TheMapDrawsTheImportedAccountsAndUndoTakesThemAway) {
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("grid-accounts.csv"));
    {
        std::ofstream out(path.toStdString());
        out << "account_id,name,longitude,latitude\n";
        for (int i = 0; i < 30; ++i) {  // inside the 4 × 3 grid of 1° squares
            out << "G" << i << ",Grid " << i << "," << 0.1 + (i % 6) * 0.6 << ","
                << 0.1 + (i / 6) * 0.55 << "\n";
        }
    }
    MainWindow window;
    window.resize(1000, 700);
    window.show();
    window.document()->resetProject(test::gridProject(3, 4, 2), QString());
    MapCanvas* canvas = window.canvas();
    std::size_t drawn = 0;
    QObject::connect(canvas, &MapCanvas::renderFinished, canvas,
                     [&drawn](const render::RenderStats& stats) { drawn = stats.accountsDrawn; });
    ASSERT_TRUE(test::waitUntil([&] { return drawn == 12; }));  // the grid's own accounts

    auto created = ImportWizard::create(window.document(), path, &window);
    ASSERT_TRUE(created);
    std::unique_ptr<ImportWizard> wizard(*created);
    wizard->show();
    settle(*wizard);
    wizard->setMergeMode(ImportWizard::MergeMode::Replace);
    wizard->next();
    wizard->next();
    wizard->findChild<QRadioButton*>("replaceRadio")->setChecked(true);
    ASSERT_TRUE(runImport(*wizard));
    wizard->accept();
    EXPECT_TRUE(test::waitUntil([&] { return drawn == 30; }));
    window.document()->undoStack()->undo();
    EXPECT_TRUE(test::waitUntil([&] { return drawn == 12; }));
}

TEST(ImportWizard, ABigFileIsReadOffTheGuiThreadAndOtherWindowsWaitMeanwhile) {
    // 400,000 rows (≈ 25 MB): the wizard reads its first 8 MB for the preview and the checks.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.csv"));
    {
        std::ofstream out(path.toStdString());
        out << "account_id;name;longitude;latitude;potential\n";
        for (int i = 0; i < 400000; ++i) {
            out << "B" << i << ";Account " << i << ";" << -100 + i % 50 << "," << i % 97 << ";"
                << 35 + i % 7 << "," << i % 89 << ";" << i % 5000 << "\n";
        }
    }
    Document document;
    document.resetProject(test::gridProject(3, 4, 2), QString());
    auto created = ImportWizard::create(&document, path);
    ASSERT_TRUE(created) << created.error().toString();
    std::unique_ptr<ImportWizard> wizard(*created);
    wizard->show();
    // create() returned before the sample was parsed: the GUI thread is free meanwhile.
    EXPECT_TRUE(wizard->isAnalyzing());
    EXPECT_FALSE(wizard->currentPage()->isComplete());  // no Next until it is read
    settle(*wizard);
    EXPECT_TRUE(wizard->currentPage()->isComplete());
    EXPECT_FALSE(wizard->sample().complete);
    EXPECT_EQ(wizard->preview().delimiter, ';');
    ASSERT_TRUE(wizard->analysis()) << wizard->analysis().error().toString();
    EXPECT_EQ(
        wizard->analysis()->decimalMarks[static_cast<std::size_t>(io::AccountField::Latitude)],
        io::DecimalMark::Comma);

    // A changed setting returns at once; the page says it is reading, Next waits for it.
    QComboBox* delimiter = combo(*wizard, "delimiterCombo");
    delimiter->setCurrentIndex(delimiter->findData(static_cast<int>(',')));
    emit delimiter->activated(delimiter->currentIndex());
    EXPECT_TRUE(wizard->isAnalyzing());
    EXPECT_EQ(wizard->preview().delimiter, ';');  // the previous result until the new one is in
    EXPECT_FALSE(wizard->currentPage()->isComplete());
    EXPECT_THAT(wizard->findChild<QLabel*>("fileNotes")->text().toStdString(),
                HasSubstr("Reading the file"));
    // Meanwhile a click into another window does not get through (it could change the
    // document the worker reads); clicks into the wizard do.
    QPushButton other(QStringLiteral("Other window"));
    other.show();
    QSignalSpy clicked(&other, &QPushButton::clicked);
    const QPointF centre(other.width() / 2.0, other.height() / 2.0);
    QMouseEvent press(QEvent::MouseButtonPress, centre, other.mapToGlobal(centre), Qt::LeftButton,
                      Qt::LeftButton, Qt::NoModifier);
    QMouseEvent release(QEvent::MouseButtonRelease, centre, other.mapToGlobal(centre),
                        Qt::LeftButton, Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(&other, &press);
    QCoreApplication::sendEvent(&other, &release);
    EXPECT_TRUE(clicked.isEmpty());
    // A second change while the first runs: the newest wins.
    delimiter->setCurrentIndex(0);
    emit delimiter->activated(0);
    settle(*wizard);
    EXPECT_EQ(wizard->preview().delimiter, ';');
    EXPECT_TRUE(wizard->currentPage()->isComplete());
    EXPECT_THAT(wizard->findChild<QLabel*>("fileNotes")->text().toStdString(),
                ::testing::Not(HasSubstr("Reading the file")));
    QCoreApplication::sendEvent(&other, &press);
    QCoreApplication::sendEvent(&other, &release);
    EXPECT_EQ(clicked.size(), 1);  // input flows again
}
