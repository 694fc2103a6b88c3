// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>

class QAction;
class QActionGroup;
class QDockWidget;
class QMainWindow;
class QMenu;
class QToolBar;
class QUndoCommand;
class QWidget;

namespace tessera::app {

class Document;
class MapCanvas;
class ToolManager;
class SelectTool;
class BrushTool;
class PolygonTool;
class EditPolygonTool;

/// The map's editing and display actions, kept out of the main window: the select and brush
/// tools, assign / lock / unlock the selection, zoom to selection / territory, fill by
/// territory or by a metric (choropleth), account clustering, basemap, and the Undo History
/// dock. install() adds them to a window's menus and toolbar.
class MapActions : public QObject {
    Q_OBJECT

public:
    MapActions(Document* document, MapCanvas* canvas, ToolManager* tools, QObject* parent);

    /// Registers the select and brush tools with the tool manager (before menus are built).
    void registerTools();
    /// Adds a Map menu, the toolbar actions and the Undo History dock to `window`.
    void install(QMainWindow* window, QMenu* editMenu, QToolBar* toolBar);

    [[nodiscard]] SelectTool* selectTool() const { return selectTool_; }
    [[nodiscard]] BrushTool* brushTool() const { return brushTool_; }
    [[nodiscard]] PolygonTool* polygonTool() const { return polygonTool_; }
    [[nodiscard]] EditPolygonTool* editPolygonTool() const { return editPolygonTool_; }
    /// Pushes a territory edit; shows why when `command` is null. True when pushed.
    bool pushEdit(QUndoCommand* command, const QString& whyNot);
    [[nodiscard]] QAction* assignSelectionAction() const { return assignSelection_; }
    [[nodiscard]] QAction* lockAction() const { return lock_; }
    [[nodiscard]] QAction* unlockAction() const { return unlock_; }
    [[nodiscard]] QDockWidget* undoHistoryDock() const { return undoDock_; }
    /// View → Basemap → Online Tile Basemap (checkable, remembered in QSettings).
    [[nodiscard]] QAction* tileBasemapAction() const { return tileBasemap_; }
    [[nodiscard]] QAction* tileSettingsAction() const { return tileSettings_; }
    /// View → Basemap → MBTiles File… / No MBTiles Basemap.
    [[nodiscard]] QAction* mbtilesAction() const { return mbtiles_; }
    [[nodiscard]] QAction* clearMbtilesAction() const { return clearMbtiles_; }
    /// Shows the local raster MBTiles file `path` under the areas (turning the online tiles
    /// off) and remembers it in QSettings ("map/mbtiles/path"). Returns why it can't be used
    /// (empty on success); the basemap is then unchanged.
    QString loadMbtilesBasemap(const QString& path);
    /// Removes the MBTiles basemap and forgets it.
    void clearMbtilesBasemap();
    /// Makes `territory` the active one and moves the selected areas to it (one undo step;
    /// locked areas stay): the territory dock's "Assign Selection to This Territory".
    void assignSelectionTo(int territory);

signals:
    void statusMessage(const QString& message);

private:
    void assignSelection();
    void setSelectionLocked(bool locked);
    void updateEnabled();
    void setFill(int choice);
    void newTerritory();
    void splitSelection();
    void renameTerritory();
    void recolourTerritory();
    void deleteTerritory();
    void mergeTerritory();
    QWidget* dialogParent() const;
    void setTileBasemapEnabled(bool enabled);
    void editTileSettings();
    void chooseMbtilesFile();

    Document* document_;
    MapCanvas* canvas_;
    ToolManager* tools_;
    SelectTool* selectTool_;
    BrushTool* brushTool_;
    PolygonTool* polygonTool_;
    EditPolygonTool* editPolygonTool_;
    QMenu* territoryMenu_ = nullptr;
    QAction* assignSelection_;
    QAction* lock_;
    QAction* unlock_;
    QAction* clearSelection_;
    QAction* zoomToSelection_;
    QAction* zoomToTerritory_;
    QAction* clusterAccounts_;
    QAction* showAccounts_;
    QAction* basemap_;
    QActionGroup* fillGroup_;
    QAction* tileBasemap_;
    QAction* tileSettings_;
    QAction* mbtiles_;
    QAction* clearMbtiles_;
    QDockWidget* undoDock_ = nullptr;
};

}  // namespace tessera::app
