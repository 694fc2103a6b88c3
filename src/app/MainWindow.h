// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QMainWindow>

#include "core/Result.h"

class QAction;
class QLabel;
class QMenu;
class QStackedWidget;

namespace tessera::app {

class AreaDetailsDock;
class AssignTool;
class BalanceRunner;
class Document;
class IdentifyTool;
class MapActions;
class MapCanvas;
class RecentFiles;
class TerritoryDock;
class ToolManager;

/// The main window: puts the map canvas, the docks, the menus and the status bar together and
/// handles the file commands. The work is done by the document, the tools and the dialogs.
class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] Document* document() const { return document_; }
    [[nodiscard]] MapCanvas* canvas() const { return canvas_; }
    [[nodiscard]] TerritoryDock* territoryDock() const { return territoryDock_; }
    [[nodiscard]] AreaDetailsDock* areaDetailsDock() const { return areaDetailsDock_; }
    [[nodiscard]] ToolManager* toolManager() const { return toolManager_; }
    [[nodiscard]] AssignTool* assignTool() const { return assignTool_; }
    [[nodiscard]] IdentifyTool* identifyTool() const { return identifyTool_; }
    [[nodiscard]] MapActions* mapActions() const { return mapActions_; }

    /// Opens a project file without asking anything; the caller reports an error.
    [[nodiscard]] Result<void> openProject(const QString& path);
    /// Opens a project file, telling the user in a message box when it fails.
    bool openProjectInteractively(const QString& path);

    /// Opens the import wizard on a customer list (CSV/TSV/text, .xlsx, .ods); an unreadable
    /// file gets a message box saying why instead. The file's first part is read in the
    /// background first (a large spreadsheet takes seconds through GDAL), with a busy
    /// "Reading…" dialog when it takes a while: the window never freezes.
    void importAccounts(const QString& path);

    /// Window geometry and dock layout from the last session.
    void restoreSettings();

protected:
    void closeEvent(QCloseEvent* event) override;
    /// A customer list dropped on the window opens the import wizard.
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void updateTitle();
    void updateRecentFilesMenu();
    void updateCentralPage();
    void updateActions();

    void newProject();
    void openFromDialog();
    bool save();
    bool saveAs();
    bool saveTo(const QString& path);
    /// Asks whether to save unsaved changes; false when the user cancels.
    bool maybeSave();
    void balance();
    /// Shows the balancer's proposal with the changed areas marked; Apply or Discard.
    void reviewProposal();
    void about();
    void importAccountsFromDialog();

    Document* document_;
    MapCanvas* canvas_;
    QStackedWidget* pages_;
    TerritoryDock* territoryDock_;
    AreaDetailsDock* areaDetailsDock_;
    ToolManager* toolManager_;
    IdentifyTool* identifyTool_;
    AssignTool* assignTool_;
    RecentFiles* recentFiles_;
    MapActions* mapActions_ = nullptr;
    BalanceRunner* balanceRunner_;

    QAction* newAction_ = nullptr;
    QAction* openAction_ = nullptr;
    QAction* saveAction_ = nullptr;
    QAction* saveAsAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
    QAction* zoomToAllAction_ = nullptr;
    QAction* zoomInAction_ = nullptr;
    QAction* zoomOutAction_ = nullptr;
    QAction* balanceAction_ = nullptr;
    QAction* aboutAction_ = nullptr;
    QAction* importAccountsAction_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QLabel* cursorLabel_ = nullptr;
    QLabel* renderLabel_ = nullptr;
};

}  // namespace tessera::app
