// SPDX-License-Identifier: Apache-2.0
#include "MainWindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressDialog>
#include <QPushButton>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "app/BalanceRunner.h"
#include "app/Document.h"
#include "app/MapActions.h"
#include "app/RecentFiles.h"
#include "app/canvas/MapCanvas.h"
#include "app/dialogs/BalanceDialog.h"
#include "app/dialogs/BalanceProposalDialog.h"
#include "app/dialogs/ImportWizard.h"
#include "app/docks/AreaDetailsDock.h"
#include "app/docks/TerritoryDock.h"
#include "app/tools/AssignTool.h"
#include "app/tools/IdentifyTool.h"
#include "app/tools/ToolManager.h"

namespace tessera::app {

namespace {
const QString kFileFilter = QObject::tr("Tessera projects (*.tessera);;All files (*)");
constexpr int kStatusMessageMs = 6000;
/// A customer list read in less time opens its wizard without a "Reading…" dialog first.
constexpr int kImportReadingDialogDelayMs = 400;

/// The local customer list among dropped URLs (CSV/TSV/text or a spreadsheet), or "".
QString droppedCustomerList(const QMimeData* mime) {
    if (mime == nullptr || !mime->hasUrls()) {
        return {};
    }
    static const QStringList kSuffixes = {QStringLiteral("csv"), QStringLiteral("tsv"),
                                          QStringLiteral("txt"), QStringLiteral("xlsx"),
                                          QStringLiteral("xls"), QStringLiteral("ods")};
    for (const QUrl& url : mime->urls()) {
        if (url.isLocalFile() &&
            kSuffixes.contains(QFileInfo(url.toLocalFile()).suffix().toLower())) {
            return url.toLocalFile();
        }
    }
    return {};
}
}  // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      document_(new Document(this)),
      canvas_(new MapCanvas(document_)),
      pages_(new QStackedWidget),
      territoryDock_(new TerritoryDock(document_, this)),
      areaDetailsDock_(new AreaDetailsDock(document_, this)),
      toolManager_(new ToolManager(canvas_, this)),
      identifyTool_(new IdentifyTool(document_)),
      assignTool_(new AssignTool(document_)),
      recentFiles_(new RecentFiles(this)),
      balanceRunner_(new BalanceRunner(document_, this, this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/tessera.svg")));
    setAcceptDrops(true);

    // The central widget: a hint while there is nothing to show, else the map.
    auto* hint = new QWidget;
    hint->setObjectName(QStringLiteral("emptyHint"));
    auto* hintLayout = new QVBoxLayout(hint);
    auto* hintLabel = new QLabel(
        tr("<h2>No map yet</h2>"
           "<p>Open a Tessera project (File → Open) to see its territories on the map.</p>"
           "<p>Import a customer list with File → Import Accounts… (or drop the file "
           "here).</p>"
           "<p>Areas come from the command line:<br>"
           "<code>tessera-cli import-areas P --file counties.json</code></p>"));
    hintLabel->setAlignment(Qt::AlignCenter);
    hintLabel->setTextFormat(Qt::RichText);
    hintLabel->setWordWrap(true);
    auto* openButton = new QPushButton(tr("Open Project…"));
    hintLayout->addStretch();
    hintLayout->addWidget(hintLabel);
    hintLayout->addWidget(openButton, 0, Qt::AlignHCenter);
    hintLayout->addStretch();
    connect(openButton, &QPushButton::clicked, this, &MainWindow::openFromDialog);
    pages_->addWidget(hint);
    pages_->addWidget(canvas_);
    setCentralWidget(pages_);

    addDockWidget(Qt::RightDockWidgetArea, territoryDock_);
    addDockWidget(Qt::RightDockWidgetArea, areaDetailsDock_);
    resizeDocks({territoryDock_}, {600}, Qt::Horizontal);
    resizeDocks({territoryDock_, areaDetailsDock_}, {700, 220}, Qt::Vertical);

    toolManager_->registerTool(identifyTool_);
    toolManager_->registerTool(assignTool_);
    mapActions_ = new MapActions(document_, canvas_, toolManager_, this);
    mapActions_->registerTools();
    identifyTool_->action()->setShortcuts({QKeySequence(Qt::Key_I), QKeySequence(Qt::Key_Escape)});
    for (AbstractTool* tool : toolManager_->tools()) {
        connect(tool, &AbstractTool::statusMessage, this, [this](const QString& message) {
            statusBar()->showMessage(message, kStatusMessageMs);
        });
    }

    createActions();
    createMenus();
    createToolBar();
    createStatusBar();
    mapActions_->install(this, menuBar()->actions().value(1)->menu(),
                         findChild<QToolBar*>(QStringLiteral("mainToolBar")));
    connect(mapActions_, &MapActions::statusMessage, this, [this](const QString& message) {
        statusBar()->showMessage(message, kStatusMessageMs);
    });

    connect(document_, &Document::changed, this, [this] {
        updateCentralPage();
        updateActions();
    });
    connect(document_, &Document::filePathChanged, this, &MainWindow::updateTitle);
    connect(document_, &Document::modifiedChanged, this, &MainWindow::updateTitle);
    connect(recentFiles_, &RecentFiles::changed, this, &MainWindow::updateRecentFilesMenu);
    connect(territoryDock_, &TerritoryDock::territoryPicked, this, [this](int territory) {
        toolManager_->setActiveTool(assignTool_);
        statusBar()->showMessage(tr("Click areas on the map to move them to %1 (Esc to stop)")
                                     .arg(document_->territoryName(territory)),
                                 kStatusMessageMs);
    });
    connect(territoryDock_, &TerritoryDock::assignSelectionRequested, mapActions_,
            &MapActions::assignSelectionTo);
    balanceRunner_->setReviewProposals(true);
    connect(balanceRunner_, &BalanceRunner::proposalReady, this, &MainWindow::reviewProposal);
    connect(balanceRunner_, &BalanceRunner::finished, this,
            [this](bool applied, const QString& message) {
                statusBar()->showMessage(message.section(QLatin1Char('\n'), 0, 0), 0);
                // The proposal dialog showed the details of an applied run; a discard is the
                // user's own choice. Anything else (failure, cancel, a plan changed meanwhile)
                // gets a message box that does not block the window.
                if (!applied && !balanceRunner_->wasDiscarded()) {
                    auto* box = new QMessageBox(QMessageBox::Warning, tr("Balance Territories"),
                                                message, QMessageBox::Ok, this);
                    box->setAttribute(Qt::WA_DeleteOnClose);
                    box->open();
                }
                updateActions();
            });

    updateTitle();
    updateRecentFilesMenu();
    updateCentralPage();
    updateActions();
    resize(1440, 900);
}

MainWindow::~MainWindow() {
    // The children go after this destructor; their last signals must not reach it.
    document_->disconnect(this);
    balanceRunner_->disconnect(this);
}

void MainWindow::createActions() {
    QStyle* style = this->style();
    newAction_ = new QAction(style->standardIcon(QStyle::SP_FileIcon), tr("&New"), this);
    newAction_->setShortcut(QKeySequence::New);
    connect(newAction_, &QAction::triggered, this, &MainWindow::newProject);

    openAction_ = new QAction(style->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open…"), this);
    openAction_->setShortcut(QKeySequence::Open);
    openAction_->setStatusTip(tr("Open a Tessera project file"));
    connect(openAction_, &QAction::triggered, this, &MainWindow::openFromDialog);

    saveAction_ = new QAction(style->standardIcon(QStyle::SP_DialogSaveButton), tr("&Save"), this);
    saveAction_->setShortcut(QKeySequence::Save);
    connect(saveAction_, &QAction::triggered, this, &MainWindow::save);

    saveAsAction_ = new QAction(tr("Save &As…"), this);
    saveAsAction_->setShortcut(QKeySequence::SaveAs);
    connect(saveAsAction_, &QAction::triggered, this, &MainWindow::saveAs);

    quitAction_ = new QAction(tr("&Quit"), this);
    quitAction_->setShortcut(QKeySequence::Quit);
    connect(quitAction_, &QAction::triggered, this, &QWidget::close);

    undoAction_ = document_->undoStack()->createUndoAction(this, tr("&Undo"));
    undoAction_->setObjectName(QStringLiteral("actionUndo"));
    undoAction_->setShortcut(QKeySequence::Undo);
    undoAction_->setIcon(QIcon(QStringLiteral(":/icons/undo.svg")));
    redoAction_ = document_->undoStack()->createRedoAction(this, tr("&Redo"));
    redoAction_->setObjectName(QStringLiteral("actionRedo"));
    redoAction_->setShortcut(QKeySequence::Redo);
    redoAction_->setIcon(QIcon(QStringLiteral(":/icons/redo.svg")));

    zoomToAllAction_ =
        new QAction(QIcon(QStringLiteral(":/icons/zoom-all.svg")), tr("Zoom to &All"), this);
    zoomToAllAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(zoomToAllAction_, &QAction::triggered, canvas_, &MapCanvas::zoomToAll);
    zoomInAction_ = new QAction(tr("Zoom &In"), this);
    zoomInAction_->setShortcut(QKeySequence::ZoomIn);
    connect(zoomInAction_, &QAction::triggered, canvas_, &MapCanvas::zoomIn);
    zoomOutAction_ = new QAction(tr("Zoom &Out"), this);
    zoomOutAction_->setShortcut(QKeySequence::ZoomOut);
    connect(zoomOutAction_, &QAction::triggered, canvas_, &MapCanvas::zoomOut);

    balanceAction_ =
        new QAction(QIcon(QStringLiteral(":/icons/balance.svg")), tr("&Balance…"), this);
    balanceAction_->setObjectName(QStringLiteral("actionBalance"));
    balanceAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    balanceAction_->setStatusTip(
        tr("Split the areas into contiguous territories of balanced workload"));
    connect(balanceAction_, &QAction::triggered, this, &MainWindow::balance);

    importAccountsAction_ = new QAction(tr("Import &Accounts…"), this);
    importAccountsAction_->setObjectName(QStringLiteral("actionImportAccounts"));
    importAccountsAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    importAccountsAction_->setStatusTip(
        tr("Import a customer list (CSV, Excel, LibreOffice) into the project"));
    connect(importAccountsAction_, &QAction::triggered, this,
            &MainWindow::importAccountsFromDialog);

    aboutAction_ = new QAction(tr("&About Tessera"), this);
    connect(aboutAction_, &QAction::triggered, this, &MainWindow::about);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(newAction_);
    file->addAction(openAction_);
    recentMenu_ = file->addMenu(tr("Open &Recent"));
    file->addSeparator();
    file->addAction(importAccountsAction_);
    file->addSeparator();
    file->addAction(saveAction_);
    file->addAction(saveAsAction_);
    file->addSeparator();
    file->addAction(quitAction_);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(undoAction_);
    edit->addAction(redoAction_);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(zoomToAllAction_);
    view->addAction(zoomInAction_);
    view->addAction(zoomOutAction_);
    view->addSeparator();
    view->addAction(territoryDock_->toggleViewAction());
    view->addAction(areaDetailsDock_->toggleViewAction());

    QMenu* tools = menuBar()->addMenu(tr("&Tools"));
    tools->addActions(toolManager_->actionGroup()->actions());

    QMenu* plan = menuBar()->addMenu(tr("&Plan"));
    plan->addAction(balanceAction_);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(aboutAction_);
}

void MainWindow::createToolBar() {
    QToolBar* bar = addToolBar(tr("Main"));
    bar->setObjectName(QStringLiteral("mainToolBar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(openAction_);
    bar->addAction(saveAction_);
    bar->addSeparator();
    bar->addAction(undoAction_);
    bar->addAction(redoAction_);
    bar->addSeparator();
    bar->addActions(toolManager_->actionGroup()->actions());
    bar->addSeparator();
    bar->addAction(zoomToAllAction_);
    bar->addAction(balanceAction_);
}

void MainWindow::createStatusBar() {
    cursorLabel_ = new QLabel;
    cursorLabel_->setObjectName(QStringLiteral("cursorLabel"));
    cursorLabel_->setMinimumWidth(cursorLabel_->fontMetrics().horizontalAdvance(
        QStringLiteral("lon −179.00000, lat −89.00000")));
    renderLabel_ = new QLabel;
    renderLabel_->setObjectName(QStringLiteral("renderLabel"));
    statusBar()->addPermanentWidget(renderLabel_);
    statusBar()->addPermanentWidget(cursorLabel_);
    connect(canvas_, &MapCanvas::cursorMoved, this, [this](double lon, double lat) {
        const QLocale locale;
        cursorLabel_->setText(
            tr("lon %1, lat %2").arg(locale.toString(lon, 'f', 5), locale.toString(lat, 'f', 5)));
    });
    connect(canvas_, &MapCanvas::cursorLeft, cursorLabel_, &QLabel::clear);
    connect(canvas_, &MapCanvas::renderFinished, this, [this](const render::RenderStats& stats) {
        const QLocale locale;
        renderLabel_->setText(
            tr("%1 areas, %2 accounts drawn in %3 ms")
                .arg(locale.toString(static_cast<qulonglong>(stats.areasDrawn)),
                     locale.toString(static_cast<qulonglong>(stats.accountsDrawn)),
                     locale.toString(stats.milliseconds, 'f', 0)));
    });
}

void MainWindow::updateTitle() {
    setWindowTitle(tr("%1[*] — Tessera").arg(document_->displayName()));
    setWindowModified(document_->isModified());
}

void MainWindow::updateRecentFilesMenu() {
    recentMenu_->clear();
    const QStringList files = recentFiles_->files();
    for (int i = 0; i < files.size(); ++i) {
        const QString& path = files[i];
        QAction* action = recentMenu_->addAction(
            QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] {
            if (!QFileInfo::exists(path)) {
                QMessageBox::warning(this, tr("Open Recent"),
                                     tr("%1 no longer exists; it was removed from the list of "
                                        "recent files.")
                                         .arg(path));
                recentFiles_->remove(path);
                return;
            }
            if (maybeSave()) {
                openProjectInteractively(path);
            }
        });
    }
    if (!files.isEmpty()) {
        recentMenu_->addSeparator();
        recentMenu_->addAction(tr("&Clear List"), recentFiles_, &RecentFiles::clear);
    }
    recentMenu_->setEnabled(!files.isEmpty());
}

void MainWindow::updateCentralPage() {
    const Project& project = document_->project();
    const bool hasMap = !project.areas.empty() || !project.accounts.empty();
    pages_->setCurrentIndex(hasMap ? 1 : 0);
}

void MainWindow::updateActions() {
    balanceAction_->setEnabled(!document_->project().areas.empty() &&
                               !balanceRunner_->isRunning() &&
                               balanceRunner_->proposal() == nullptr);
}

Result<void> MainWindow::openProject(const QString& path) {
    Result<void> opened = document_->open(path);
    if (opened) {
        recentFiles_->add(path);
        statusBar()->showMessage(tr("Opened %1: %2 areas, %3 accounts, %4 territories")
                                     .arg(QFileInfo(path).fileName())
                                     .arg(document_->project().areas.size())
                                     .arg(document_->project().accounts.size())
                                     .arg(document_->project().territories.size()),
                                 kStatusMessageMs);
    }
    return opened;
}

bool MainWindow::openProjectInteractively(const QString& path) {
    QApplication::setOverrideCursor(Qt::WaitCursor);
    Result<void> opened = openProject(path);
    QApplication::restoreOverrideCursor();
    if (!opened) {
        QMessageBox::critical(this, tr("Open Project"),
                              tr("Could not open %1.\n\n%2")
                                  .arg(path, QString::fromStdString(opened.error().toString())));
        return false;
    }
    return true;
}

void MainWindow::newProject() {
    if (!maybeSave()) {
        return;
    }
    document_->resetProject(Project{}, QString());
}

void MainWindow::openFromDialog() {
    if (!maybeSave()) {
        return;
    }
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Project"), QString(), kFileFilter);
    if (!path.isEmpty()) {
        openProjectInteractively(path);
    }
}

bool MainWindow::save() {
    if (document_->filePath().isEmpty()) {
        return saveAs();
    }
    return saveTo(document_->filePath());
}

bool MainWindow::saveAs() {
    QString path = QFileDialog::getSaveFileName(this, tr("Save Project As"), document_->filePath(),
                                                kFileFilter);
    if (path.isEmpty()) {
        return false;
    }
    if (QFileInfo(path).suffix().isEmpty()) {
        path += QStringLiteral(".tessera");
    }
    return saveTo(path);
}

bool MainWindow::saveTo(const QString& path) {
    QApplication::setOverrideCursor(Qt::WaitCursor);
    Result<void> saved = document_->saveAs(path);
    QApplication::restoreOverrideCursor();
    if (!saved) {
        QMessageBox::critical(this, tr("Save Project"),
                              tr("Could not save %1.\n\n%2")
                                  .arg(path, QString::fromStdString(saved.error().toString())));
        return false;
    }
    recentFiles_->add(path);
    statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), kStatusMessageMs);
    return true;
}

bool MainWindow::maybeSave() {
    if (!document_->isModified()) {
        return true;
    }
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved Changes"),
        tr("%1 has changes that are not saved. Save them?").arg(document_->displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save) {
        return save();
    }
    return answer == QMessageBox::Discard;
}

void MainWindow::balance() {
    const Project& project = document_->project();
    if (project.areas.empty() || balanceRunner_->isRunning()) {
        return;
    }
    engine::BalanceOptions initial;
    initial.territoryCount = project.territories.empty()
                                 ? std::min<std::size_t>(10, project.areas.size())
                                 : project.territories.size();
    BalanceDialog dialog(project.areas.size(), initial, this);
    QStringList names;
    for (const Territory& territory : project.territories) {
        names << QString::fromStdString(territory.name);
    }
    dialog.setTerritoryNames(names);
    dialog.setAccountCount(project.accounts.size());
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    if (balanceRunner_->start(dialog.settings(), dialog.options())) {
        updateActions();
    }
}

void MainWindow::reviewProposal() {
    const engine::ProjectBalanceResult* proposal = balanceRunner_->proposal();
    if (proposal == nullptr) {
        return;
    }
    const Project& project = document_->project();
    canvas_->setHighlightedAreas(BalanceProposalDialog::changedAreas(project, *proposal));
    const QString summary = QString::fromStdString(proposal->result.report.message);
    auto* dialog = new BalanceProposalDialog(project, *proposal, summary, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setModal(false);
    connect(dialog, &QDialog::finished, this, [this](int result) {
        canvas_->setHighlightedAreas({});
        if (result == QDialog::Accepted) {
            balanceRunner_->applyProposal();
        } else {
            balanceRunner_->discardProposal();
        }
        updateActions();
    });
    dialog->show();
}

void MainWindow::about() {
    QMessageBox::about(this, tr("About Tessera"),
                       tr("<h3>Tessera %1</h3><p>Plan sales territories: areas and accounts on a "
                          "map, balanced workload, every edit undoable.</p><p>Apache License "
                          "2.0.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::importAccountsFromDialog() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import Accounts"), QString(),
        tr("Customer lists (*.csv *.tsv *.txt *.xlsx *.xls *.ods);;All files (*)"));
    if (!path.isEmpty()) {
        importAccounts(path);
    }
}

void MainWindow::importAccounts(const QString& path) {
    using SampleResult = Result<std::shared_ptr<const io::AccountFileSample>>;
    auto* progress = new QProgressDialog(tr("Reading %1…").arg(QFileInfo(path).fileName()),
                                         tr("Cancel"), 0, 0, this);
    progress->setObjectName(QStringLiteral("importReadingProgress"));
    progress->setWindowTitle(tr("Import Accounts"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    progress->setMinimumDuration(kImportReadingDialogDelayMs);
    // Shown only when the reading takes a while (it is deleted, and this timer with it, when
    // the reading ends first).
    QTimer::singleShot(kImportReadingDialogDelayMs, progress, [progress] {
        if (!progress->wasCanceled()) {
            progress->show();
        }
    });
    auto* watcher = new QFutureWatcher<SampleResult>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, progress, path] {
        const bool canceled = progress->wasCanceled();
        progress->deleteLater();
        watcher->deleteLater();
        if (canceled) {
            return;  // the user gave up waiting; nothing was opened or changed
        }
        SampleResult sample = watcher->result();
        if (!sample) {
            auto* box =
                new QMessageBox(QMessageBox::Critical, tr("Import Accounts"),
                                tr("Could not read %1.\n\n%2\n\nNothing was changed.")
                                    .arg(path, QString::fromStdString(sample.error().toString())),
                                QMessageBox::Ok, this);
            box->setObjectName(QStringLiteral("importErrorBox"));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
            return;
        }
        auto* wizard = ImportWizard::create(document_, path, std::move(*sample), this);
        wizard->setAttribute(Qt::WA_DeleteOnClose);
        wizard->setWindowModality(Qt::WindowModal);
        connect(wizard, &QDialog::accepted, this, [this] {
            statusBar()->showMessage(document_->undoStack()->undoText(), kStatusMessageMs);
        });
        wizard->show();
    });
    watcher->setFuture(QtConcurrent::run([path] { return ImportWizard::readFirstSample(path); }));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!droppedCustomerList(event->mimeData()).isEmpty()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QString path = droppedCustomerList(event->mimeData());
    if (path.isEmpty()) {
        return;
    }
    event->acceptProposedAction();
    // Not from inside the drop handler: the drag source waits until it returns.
    QMetaObject::invokeMethod(
        this, [this, path] { importAccounts(path); }, Qt::QueuedConnection);
}

void MainWindow::restoreSettings() {
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (balanceRunner_->isRunning()) {
        balanceRunner_->cancel();
    }
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    event->accept();
}

}  // namespace tessera::app
