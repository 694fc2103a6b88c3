// SPDX-License-Identifier: Apache-2.0
// Writes docs/images/polygon-edit.png: a polygon drawn onto a territory with the Draw Polygon
// tool, picked with the Edit Polygon tool, a corner hovered (not a test). Build target
// polygon_edit_screenshot; run under Xvfb:
//   xvfb-run -a -s "-screen 0 1600x1000x24" build/dev/bin/polygon_edit_screenshot
//   build/release/sample/sample.tessera docs/images/polygon-edit.png

#include <QAction>
#include <QApplication>
#include <QTest>

#include <cmath>
#include <cstdio>
#include <numbers>

#include "GuiWait.h"
#include "app/Document.h"
#include "app/MainWindow.h"
#include "app/MapActions.h"
#include "app/canvas/MapCanvas.h"
#include "app/tools/EditPolygonTool.h"
#include "app/tools/PolygonTool.h"

using namespace tessera;
using namespace tessera::app;

namespace {

bool settle(MapCanvas* canvas) {
    QTest::qWait(150);
    const bool done = test::waitUntil([canvas] { return !canvas->isRenderPending(); }, 60000, 20);
    QTest::qWait(150);
    return done;
}

}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    if (argc != 3) {
        std::fprintf(stderr, "usage: polygon_edit_screenshot PROJECT.tessera OUT.png\n");
        return 2;
    }
    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    if (auto opened = window.openProject(QString::fromLocal8Bit(argv[1])); !opened) {
        std::fprintf(stderr, "cannot open %s: %s\n", argv[1], opened.error().toString().c_str());
        return 1;
    }
    MapCanvas* canvas = window.canvas();
    if (!test::waitUntil([canvas] { return canvas->hasRendered(); }, 60000, 20)) {
        std::fprintf(stderr, "the map never rendered\n");
        return 1;
    }
    canvas->zoomToTerritory(0);
    settle(canvas);
    // An irregular hexagon around the middle of the view, drawn onto territory 0.
    Document* document = window.document();
    MapActions* actions = window.mapActions();
    actions->polygonTool()->action()->trigger();
    document->setActiveTerritory(0);
    const QPointF centre = canvas->rect().center();
    const double radius = 0.3 * std::min(canvas->width(), canvas->height());
    const double stretch[] = {1.0, 0.8, 1.15, 0.9, 1.05, 0.75};
    QPoint last;
    for (int i = 0; i < 6; ++i) {
        const double angle = 2.0 * std::numbers::pi * i / 6.0 + 0.35;
        last = (centre + QPointF(std::cos(angle), std::sin(angle)) * radius * stretch[i] +
                QPointF(radius * 0.4, 0.0))
                   .toPoint();
        QTest::mouseClick(canvas, Qt::LeftButton, {}, last);
    }
    QTest::mouseDClick(canvas, Qt::LeftButton, {}, last);
    settle(canvas);
    if (document->project().drawnPolygons.empty()) {
        std::fprintf(stderr, "no polygon was drawn\n");
        return 1;
    }
    // Pick it and point at its second corner.
    actions->editPolygonTool()->action()->trigger();
    QTest::mouseClick(canvas, Qt::LeftButton, {}, (centre + QPointF(radius * 0.4, 0.0)).toPoint());
    const QPoint corner =
        canvas->viewport().lonLatToScreen(document->project().drawnPolygons[0].ring[1]).toPoint();
    QTest::mouseMove(canvas, corner);
    settle(canvas);
    const bool ok = window.grab().save(QString::fromLocal8Bit(argv[2]), "PNG");
    std::fprintf(stderr, "%s %s\n", ok ? "wrote" : "could not write", argv[2]);
    return ok && actions->editPolygonTool()->pickedPolygon() == 0 ? 0 : 1;
}
