// SPDX-License-Identifier: Apache-2.0
#include "MapActions.h"

#include <QAction>
#include <QActionGroup>
#include <QColorDialog>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLineEdit>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QSignalBlocker>
#include <QToolBar>
#include <QUndoView>
#include <QUrl>

#include "app/Document.h"
#include "app/canvas/MapCanvas.h"
#include "app/canvas/MbtilesBasemap.h"
#include "app/commands/ReassignAreasCommand.h"
#include "app/commands/SetAreasLockedCommand.h"
#include "app/commands/TerritoryEdits.h"
#include "app/dialogs/TileBasemapDialog.h"
#include "app/tools/BrushTool.h"
#include "app/tools/EditPolygonTool.h"
#include "app/tools/PolygonTool.h"
#include "app/tools/SelectTool.h"
#include "app/tools/ToolManager.h"

namespace tessera::app {

namespace {
/// Fill choices of the View → Colour Areas By menu.
enum FillChoice : int { Territory = 0, Potential, Accounts, Workload, Sales };
/// Where the chosen MBTiles file is remembered.
const char* const kMbtilesPathKey = "map/mbtiles/path";
}  // namespace

MapActions::MapActions(Document* document, MapCanvas* canvas, ToolManager* tools, QObject* parent)
    : QObject(parent),
      document_(document),
      canvas_(canvas),
      tools_(tools),
      selectTool_(new SelectTool(document)),
      brushTool_(new BrushTool(document)),
      polygonTool_(new PolygonTool(document)),
      editPolygonTool_(new EditPolygonTool(document)),
      assignSelection_(new QAction(tr("&Assign Selection to Active Territory"), this)),
      lock_(
          new QAction(QIcon(QStringLiteral(":/icons/lock.svg")), tr("&Lock Selected Areas"), this)),
      unlock_(new QAction(tr("&Unlock Selected Areas"), this)),
      clearSelection_(new QAction(tr("Clear Selectio&n"), this)),
      zoomToSelection_(new QAction(tr("Zoom to &Selection"), this)),
      zoomToTerritory_(new QAction(tr("Zoom to Active &Territory"), this)),
      clusterAccounts_(new QAction(tr("&Cluster Accounts When Zoomed Out"), this)),
      showAccounts_(new QAction(tr("Show &Accounts"), this)),
      basemap_(new QAction(tr("Show State &Outlines (Offline Basemap)"), this)),
      fillGroup_(new QActionGroup(this)),
      tileBasemap_(new QAction(tr("Online &Tile Basemap"), this)),
      tileSettings_(new QAction(tr("Tile Basemap &Settings…"), this)),
      mbtiles_(new QAction(tr("&MBTiles File…"), this)),
      clearMbtiles_(new QAction(tr("&No MBTiles Basemap"), this)) {
    assignSelection_->setObjectName(QStringLiteral("actionAssignSelection"));
    assignSelection_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    assignSelection_->setStatusTip(tr("Move the selected areas to the active territory"));
    connect(assignSelection_, &QAction::triggered, this, &MapActions::assignSelection);

    lock_->setObjectName(QStringLiteral("actionLockAreas"));
    lock_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    lock_->setStatusTip(tr("Locked areas keep their territory when painting and balancing"));
    connect(lock_, &QAction::triggered, this, [this] { setSelectionLocked(true); });
    unlock_->setObjectName(QStringLiteral("actionUnlockAreas"));
    unlock_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    connect(unlock_, &QAction::triggered, this, [this] { setSelectionLocked(false); });

    clearSelection_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    connect(clearSelection_, &QAction::triggered, this,
            [this] { document_->setSelectedAreas({}); });
    zoomToSelection_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    connect(zoomToSelection_, &QAction::triggered, this, [this] {
        if (!canvas_->zoomToSelection()) {
            emit statusMessage(tr("Nothing selected: select areas first (Select tool, S)"));
        }
    });
    zoomToTerritory_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    connect(zoomToTerritory_, &QAction::triggered, this, [this] {
        if (!canvas_->zoomToTerritory(document_->activeTerritory())) {
            emit statusMessage(tr("The active territory has no areas (or none is active)"));
        }
    });

    const auto optionToggle = [this](QAction* action, bool on, auto setter) {
        action->setCheckable(true);
        action->setChecked(on);
        connect(action, &QAction::toggled, this, [this, setter](bool checked) {
            render::RenderOptions options = canvas_->renderOptions();
            setter(options, checked);
            canvas_->setRenderOptions(options);
        });
    };
    const render::RenderOptions defaults;
    optionToggle(clusterAccounts_, defaults.clusterAbove > 0,
                 [](render::RenderOptions& o, bool on) {
                     o.clusterAbove = on ? render::RenderOptions().clusterAbove : 0;
                 });
    optionToggle(showAccounts_, defaults.accounts,
                 [](render::RenderOptions& o, bool on) { o.accounts = on; });
    optionToggle(basemap_, defaults.basemap,
                 [](render::RenderOptions& o, bool on) { o.basemap = on; });

    fillGroup_->setExclusive(true);
    const std::pair<int, QString> fills[] = {{Territory, tr("&Territory")},
                                             {Potential, tr("&Potential (choropleth)")},
                                             {Accounts, tr("&Accounts (choropleth)")},
                                             {Workload, tr("&Workload (choropleth)")},
                                             {Sales, tr("&Sales (choropleth)")}};
    for (const auto& [choice, text] : fills) {
        QAction* action = fillGroup_->addAction(text);
        action->setCheckable(true);
        action->setChecked(choice == Territory);
        action->setData(choice);
        action->setObjectName(QStringLiteral("actionFill%1").arg(choice));
    }
    connect(fillGroup_, &QActionGroup::triggered, this,
            [this](QAction* action) { setFill(action->data().toInt()); });

    // The online tile basemap: off until the user turns it on; the choice and the URL are
    // remembered.
    const TileBasemapSettings tileSettings = TileBasemapSettings::load();
    tileSettings.applyTo(*canvas_->tileLayer());
    tileBasemap_->setObjectName(QStringLiteral("actionTileBasemap"));
    tileBasemap_->setCheckable(true);
    tileBasemap_->setChecked(canvas_->tileLayer()->isEnabled());
    tileBasemap_->setStatusTip(
        tr("Draw online map tiles (OpenStreetMap unless changed in the settings) under the areas"));
    connect(tileBasemap_, &QAction::toggled, this, &MapActions::setTileBasemapEnabled);
    tileSettings_->setObjectName(QStringLiteral("actionTileSettings"));
    tileSettings_->setStatusTip(tr("The tile server's URL and the attribution shown on the map"));
    connect(tileSettings_, &QAction::triggered, this, &MapActions::editTileSettings);
    connect(canvas_->tileLayer(), &TileLayer::tileFailed, this, &MapActions::statusMessage);

    // The offline MBTiles basemap: a local raster .mbtiles file, remembered like the tiles.
    mbtiles_->setObjectName(QStringLiteral("actionMbtilesBasemap"));
    mbtiles_->setCheckable(true);
    mbtiles_->setStatusTip(
        tr("Draw a local raster MBTiles file (offline map tiles) under the "
           "areas"));
    connect(mbtiles_, &QAction::triggered, this, [this] {
        // The check mark follows the basemap, not the click.
        mbtiles_->setChecked(canvas_->rasterBasemap() != nullptr);
        chooseMbtilesFile();
    });
    clearMbtiles_->setObjectName(QStringLiteral("actionClearMbtilesBasemap"));
    connect(clearMbtiles_, &QAction::triggered, this, &MapActions::clearMbtilesBasemap);
    if (const QString stored = QSettings().value(QLatin1String(kMbtilesPathKey)).toString();
        !stored.isEmpty() && !canvas_->tileLayer()->isEnabled()) {
        if (auto opened = render::MbtilesBasemap::open(stored.toStdString())) {
            canvas_->setRasterBasemap(std::move(*opened));
        } else {
            // Said once the window is up; the setting stays so the file can come back.
            const QString why = QString::fromStdString(opened.error().toString());
            QMetaObject::invokeMethod(
                this,
                [this, why] { emit statusMessage(tr("MBTiles basemap not shown: %1").arg(why)); },
                Qt::QueuedConnection);
        }
    }
    mbtiles_->setChecked(canvas_->rasterBasemap() != nullptr);
    clearMbtiles_->setEnabled(canvas_->rasterBasemap() != nullptr);

    connect(document_, &Document::selectionChanged, this, &MapActions::updateEnabled);
    connect(document_, &Document::activeTerritoryChanged, this, &MapActions::updateEnabled);
    connect(document_, &Document::changed, this, &MapActions::updateEnabled);
    updateEnabled();
}

void MapActions::registerTools() {
    tools_->registerTool(selectTool_);
    tools_->registerTool(brushTool_);
    tools_->registerTool(polygonTool_);
    tools_->registerTool(editPolygonTool_);
}

void MapActions::install(QMainWindow* window, QMenu* editMenu, QToolBar* toolBar) {
    if (editMenu != nullptr) {
        editMenu->addSeparator();
        editMenu->addAction(clearSelection_);
        editMenu->addAction(assignSelection_);
        editMenu->addAction(lock_);
        editMenu->addAction(unlock_);
    }
    QMenu* map = new QMenu(tr("&Map"), window);
    territoryMenu_ = map->addMenu(tr("&Territories"));
    territoryMenu_->addAction(tr("&New Territory…"), this, &MapActions::newTerritory);
    territoryMenu_->addAction(tr("New Territory from &Selection (Split)…"), this,
                              &MapActions::splitSelection);
    territoryMenu_->addAction(tr("&Rename Active Territory…"), this, &MapActions::renameTerritory);
    territoryMenu_->addAction(tr("Re&colour Active Territory…"), this,
                              &MapActions::recolourTerritory);
    territoryMenu_->addAction(tr("&Merge Active Territory Into…"), this,
                              &MapActions::mergeTerritory);
    territoryMenu_->addAction(tr("&Delete Active Territory"), this, &MapActions::deleteTerritory);
    map->addSeparator();
    map->addAction(zoomToSelection_);
    map->addAction(zoomToTerritory_);
    map->addSeparator();
    QMenu* fill = map->addMenu(tr("Colour Areas &By"));
    fill->addActions(fillGroup_->actions());
    map->addAction(showAccounts_);
    map->addAction(clusterAccounts_);
    map->addAction(basemap_);
    // Before the Tools menu, so the order reads File Edit View Map Tools …
    const QList<QAction*> menus = window->menuBar()->actions();
    if (menus.size() > 2 && menus[2]->menu() != nullptr) {
        QMenu* view = menus[2]->menu();
        view->addSeparator();
        QMenu* basemap = view->addMenu(tr("&Basemap"));
        basemap->setObjectName(QStringLiteral("menuBasemap"));
        basemap->addAction(tileBasemap_);
        basemap->addAction(tileSettings_);
        basemap->addSeparator();
        basemap->addAction(mbtiles_);
        basemap->addAction(clearMbtiles_);
    }
    window->menuBar()->insertMenu(menus.size() > 3 ? menus[3] : nullptr, map);

    undoDock_ = new QDockWidget(tr("Undo History"), window);
    undoDock_->setObjectName(QStringLiteral("undoHistoryDock"));
    auto* view = new QUndoView(document_->undoStack());
    view->setEmptyLabel(tr("<opened project>"));
    undoDock_->setWidget(view);
    window->addDockWidget(Qt::RightDockWidgetArea, undoDock_);
    undoDock_->hide();
    map->addSeparator();
    map->addAction(undoDock_->toggleViewAction());

    if (toolBar != nullptr) {
        toolBar->addAction(lock_);
    }
}

void MapActions::setTileBasemapEnabled(bool enabled) {
    if (enabled && canvas_->rasterBasemap()) {
        clearMbtilesBasemap();  // one basemap at a time
    }
    TileBasemapSettings settings = TileBasemapSettings::load();
    settings.enabled = enabled;
    settings.save();
    TileLayer* layer = canvas_->tileLayer();
    layer->retryFailed();
    settings.applyTo(*layer);
    if (enabled && !layer->isEnabled()) {
        emit statusMessage(
            tr("The tile URL can't be used: %1 Fix it in View → Basemap → Tile Basemap "
               "Settings.")
                .arg(TileLayer::validateUrlTemplate(settings.urlTemplate)));
        const QSignalBlocker blocker(tileBasemap_);
        tileBasemap_->setChecked(false);
        return;
    }
    if (enabled) {
        emit statusMessage(
            tr("Loading map tiles from %1").arg(QUrl(layer->urlOf({0, 0, 0})).host()));
    }
    canvas_->update();
}

QString MapActions::loadMbtilesBasemap(const QString& path) {
    auto opened = render::MbtilesBasemap::open(path.toStdString());
    if (!opened) {
        const QString why = QString::fromStdString(opened.error().toString());
        emit statusMessage(tr("MBTiles basemap not shown: %1").arg(why));
        return why;
    }
    const QString description = (*opened)->description();
    if (tileBasemap_->isChecked()) {
        tileBasemap_->setChecked(false);  // one basemap at a time
    }
    canvas_->setRasterBasemap(std::move(*opened));
    QSettings().setValue(QLatin1String(kMbtilesPathKey), QFileInfo(path).absoluteFilePath());
    mbtiles_->setChecked(true);
    clearMbtiles_->setEnabled(true);
    emit statusMessage(tr("Basemap: %1").arg(description));
    return {};
}

void MapActions::clearMbtilesBasemap() {
    QSettings().remove(QLatin1String(kMbtilesPathKey));
    canvas_->setRasterBasemap(nullptr);
    mbtiles_->setChecked(false);
    clearMbtiles_->setEnabled(false);
}

void MapActions::chooseMbtilesFile() {
    const QString current = QSettings().value(QLatin1String(kMbtilesPathKey)).toString();
    const QString path = QFileDialog::getOpenFileName(
        dialogParent(), tr("Choose an MBTiles Basemap"),
        current.isEmpty() ? QString() : QFileInfo(current).absolutePath(),
        tr("MBTiles files (*.mbtiles);;All files (*)"));
    if (path.isEmpty()) {
        return;
    }
    if (const QString why = loadMbtilesBasemap(path); !why.isEmpty()) {
        QMessageBox::warning(dialogParent(), tr("MBTiles Basemap"),
                             tr("This file can't be shown as a basemap.\n\n%1").arg(why));
    }
}

void MapActions::editTileSettings() {
    TileBasemapDialog dialog(TileBasemapSettings::load(), dialogParent());
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    const TileBasemapSettings settings = dialog.settings();
    settings.save();
    canvas_->tileLayer()->retryFailed();
    settings.applyTo(*canvas_->tileLayer());
    canvas_->update();
}

void MapActions::updateEnabled() {
    const bool hasSelection = !document_->selectedAreas().empty();
    assignSelection_->setEnabled(hasSelection);
    lock_->setEnabled(hasSelection);
    unlock_->setEnabled(hasSelection);
    zoomToSelection_->setEnabled(hasSelection);
    clearSelection_->setEnabled(hasSelection);
}

void MapActions::assignSelectionTo(int territory) {
    if (territory < 0 ||
        static_cast<std::size_t>(territory) >= document_->project().territories.size()) {
        return;
    }
    document_->setActiveTerritory(territory);
    assignSelection();
}

void MapActions::assignSelection() {
    const TerritoryIndex territory = document_->activeTerritory();
    if (territory == kNoTerritory) {
        emit statusMessage(tr("Choose a territory in the Territories list first"));
        return;
    }
    std::vector<AreaIndex> areas;
    std::size_t locked = 0;
    for (const AreaIndex a : document_->selectedAreas()) {
        if (document_->project().areas[a].locked) {
            ++locked;
        } else {
            areas.push_back(a);
        }
    }
    auto command = std::make_unique<ReassignAreasCommand>(document_, areas, territory);
    if (!command->isEffective()) {
        emit statusMessage(locked > 0 ? tr("The selected areas are locked")
                                      : tr("The selected areas are already in %1")
                                            .arg(document_->territoryName(territory)));
        return;
    }
    emit statusMessage(locked > 0
                           ? tr("%1 (%n locked area(s) skipped)", nullptr, static_cast<int>(locked))
                                 .arg(command->text())
                           : command->text());
    document_->undoStack()->push(command.release());
}

void MapActions::setSelectionLocked(bool locked) {
    auto command =
        std::make_unique<SetAreasLockedCommand>(document_, document_->selectedAreas(), locked);
    if (!command->isEffective()) {
        emit statusMessage(locked ? tr("The selected areas are locked already")
                                  : tr("None of the selected areas is locked"));
        return;
    }
    emit statusMessage(command->text());
    document_->undoStack()->push(command.release());
}

void MapActions::setFill(int choice) {
    render::RenderOptions options = canvas_->renderOptions();
    options.fill = choice == Territory ? render::AreaFill::Territory : render::AreaFill::Metric;
    switch (choice) {
        case Potential:
            options.metric = render::AreaMetric::Potential;
            break;
        case Accounts:
            options.metric = render::AreaMetric::Accounts;
            break;
        case Workload:
            options.metric = render::AreaMetric::Workload;
            break;
        case Sales:
            options.metric = render::AreaMetric::Sales;
            break;
        default:
            break;
    }
    canvas_->setRenderOptions(options);
}

}  // namespace tessera::app

namespace tessera::app {

QWidget* MapActions::dialogParent() const {
    return canvas_->window();
}

bool MapActions::pushEdit(QUndoCommand* command, const QString& whyNot) {
    if (command == nullptr) {
        emit statusMessage(whyNot);
        return false;
    }
    emit statusMessage(command->text());
    document_->undoStack()->push(command);
    return true;
}

void MapActions::newTerritory() {
    bool ok = false;
    const QString name = QInputDialog::getText(
        dialogParent(), tr("New Territory"), tr("Name:"), QLineEdit::Normal,
        tr("Territory %1").arg(document_->project().territories.size() + 1), &ok);
    if (ok) {
        pushEdit(territory_edits::create(document_, name), tr("A territory needs a name"));
    }
}

void MapActions::splitSelection() {
    if (document_->selectedAreas().empty()) {
        emit statusMessage(tr("Select the areas of the new territory first (Select tool, S)"));
        return;
    }
    bool ok = false;
    const QString name = QInputDialog::getText(
        dialogParent(), tr("New Territory from Selection"), tr("Name:"), QLineEdit::Normal,
        tr("Territory %1").arg(document_->project().territories.size() + 1), &ok);
    if (ok) {
        pushEdit(territory_edits::splitOff(document_, document_->selectedAreas(), name),
                 tr("Give it a name; locked areas cannot move"));
    }
}

void MapActions::renameTerritory() {
    const TerritoryIndex t = document_->activeTerritory();
    if (t == kNoTerritory) {
        emit statusMessage(tr("Choose a territory in the Territories list first"));
        return;
    }
    bool ok = false;
    const QString name = QInputDialog::getText(dialogParent(), tr("Rename Territory"), tr("Name:"),
                                               QLineEdit::Normal, document_->territoryName(t), &ok);
    if (ok) {
        pushEdit(territory_edits::rename(document_, t, name), tr("The name did not change"));
    }
}

void MapActions::recolourTerritory() {
    const TerritoryIndex t = document_->activeTerritory();
    if (t == kNoTerritory) {
        emit statusMessage(tr("Choose a territory in the Territories list first"));
        return;
    }
    const std::uint32_t old = document_->project().territories[static_cast<std::size_t>(t)].color;
    const QColor colour = QColorDialog::getColor(
        QColor::fromRgb((old >> 16) & 0xFFU, (old >> 8) & 0xFFU, old & 0xFFU), dialogParent(),
        tr("Territory Colour"));
    if (colour.isValid()) {
        pushEdit(territory_edits::recolour(document_, t, colour.rgb() & 0xFFFFFFU),
                 tr("The colour did not change"));
    }
}

void MapActions::deleteTerritory() {
    const TerritoryIndex t = document_->activeTerritory();
    pushEdit(territory_edits::remove(document_, t),
             tr("Choose a territory in the Territories list first"));
}

void MapActions::mergeTerritory() {
    const TerritoryIndex from = document_->activeTerritory();
    const auto& territories = document_->project().territories;
    if (from == kNoTerritory || territories.size() < 2) {
        emit statusMessage(tr("Choose the territory to merge in the Territories list first"));
        return;
    }
    QStringList names;
    std::vector<TerritoryIndex> indices;
    for (std::size_t t = 0; t < territories.size(); ++t) {
        if (static_cast<TerritoryIndex>(t) != from) {
            names << QString::fromStdString(territories[t].name);
            indices.push_back(static_cast<TerritoryIndex>(t));
        }
    }
    bool ok = false;
    const QString choice = QInputDialog::getItem(
        dialogParent(), tr("Merge Territory"),
        tr("Merge %1 into:").arg(document_->territoryName(from)), names, 0, false, &ok);
    const auto index = names.indexOf(choice);
    if (ok && index >= 0) {
        pushEdit(territory_edits::merge(document_, from, indices[static_cast<std::size_t>(index)]),
                 tr("Pick another territory"));
    }
}

}  // namespace tessera::app
