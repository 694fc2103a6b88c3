// SPDX-License-Identifier: Apache-2.0
// Writes the screenshots of docs/images from a project, driving the window the way a person
// does (not a test). Build target doc_screenshots; run under Xvfb with a project and the
// output folder: xvfb-run -a -s "-screen 0 1600x1000x24" build/dev/bin/doc_screenshots
// build/release/sample/sample.tessera docs/images

#include <QAction>
#include <QApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QTest>

#include <cstdio>
#include <functional>

#include "GuiWait.h"
#include "app/Document.h"
#include "app/MainWindow.h"
#include "app/MapActions.h"
#include "app/canvas/MapCanvas.h"
#include "app/tools/BrushTool.h"

using namespace tessera;
using namespace tessera::app;

namespace {

bool waitUntil(const std::function<bool()>& condition) {
    return test::waitUntil(condition, 60000, 20);
}

bool settle(MapCanvas* canvas) {
    QTest::qWait(150);
    const bool done = waitUntil([canvas] { return !canvas->isRenderPending(); });
    QTest::qWait(150);
    return done;
}

bool save(QWidget* widget, const QDir& dir, const char* name) {
    const QString path = dir.filePath(QString::fromLatin1(name));
    const bool ok = widget->grab().save(path, "PNG");
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "could not write", qPrintable(path));
    return ok;
}

}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: doc_screenshots PROJECT.tessera OUT_DIR\n");
        return 2;
    }
    const QDir out(QString::fromLocal8Bit(argv[2]));
    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    if (auto opened = window.openProject(QString::fromLocal8Bit(argv[1])); !opened) {
        std::fprintf(stderr, "cannot open %s: %s\n", argv[1], opened.error().toString().c_str());
        return 1;
    }
    MapCanvas* canvas = window.canvas();
    if (!waitUntil([canvas] { return canvas->hasRendered(); }) || !settle(canvas)) {
        std::fprintf(stderr, "the map never rendered\n");
        return 1;
    }
    bool ok = save(&window, out, "main-window.png");
    // Accounts clustered (national view), then unclustered (zoomed in on one region).
    ok = save(canvas, out, "accounts-clustered.png") && ok;
    const Document* document = window.document();
    const Project& project = document->project();
    // Zoom on the account-densest spot: the centre of the first territory's areas.
    canvas->zoomToTerritory(0);
    settle(canvas);
    for (int i = 0; i < 8 && canvas->renderedImage().isNull() == false; ++i) {
        const auto stats = canvas->viewport().visibleMercatorRect();
        std::size_t inView = 0;
        for (const Account& account : project.accounts) {
            inView += stats.contains(canvas->viewport().lonLatToMercator(account.location)) ? 1 : 0;
        }
        if (inView <= 2000) {
            break;
        }
        canvas->zoomIn();
        settle(canvas);
    }
    ok = save(canvas, out, "accounts-unclustered.png") && ok;

    // A brush stroke in progress: from the middle of territory 0 outwards, painting the
    // neighbouring areas onto it.
    canvas->zoomToTerritory(0);
    canvas->zoomOut();
    settle(canvas);
    const QRect r = canvas->rect();
    const QPoint start = r.center();
    const std::int32_t startArea = canvas->areaAt(start);
    window.document()->setActiveTerritory(
        startArea >= 0 ? window.document()->territoryOfArea(startArea) : 0);
    MapActions* actions = window.mapActions();
    actions->brushTool()->action()->trigger();
    QTest::mousePress(canvas, Qt::LeftButton, {}, start);
    QPoint last = start;
    for (int step = 1; step <= 60; ++step) {
        last = start + QPoint(-step * r.width() / 150, (step % 12 - 6) * 4);
        QTest::mouseMove(canvas, last);
    }
    settle(canvas);
    ok = save(&window, out, "brush-stroke.png") && ok;
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, last);
    window.document()->undoStack()->undo();

    // The choropleth of potential with its legend, national view.
    canvas->zoomToAll();
    render::RenderOptions options = canvas->renderOptions();
    options.accounts = false;  // the colours read better without the clusters on top
    canvas->setRenderOptions(options);
    for (QAction* action : window.findChildren<QAction*>()) {
        if (action->objectName() == QStringLiteral("actionFill1")) {
            action->trigger();
        }
    }
    settle(canvas);
    ok = save(&window, out, "choropleth.png") && ok;
    return ok ? 0 : 1;
}
