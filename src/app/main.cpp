// SPDX-License-Identifier: Apache-2.0
// The `tessera` GUI: opens the project given on the command line, or an empty window.

#include <QApplication>
#include <QCommandLineParser>
#include <QDeadlineTimer>
#include <QFileInfo>
#include <QTimer>

#include <cstdio>

#include "app/MainWindow.h"
#include "app/canvas/MapCanvas.h"

namespace {

/// Saves a picture of the window once the map has been rendered, then quits.
void captureWhenRendered(tessera::app::MainWindow& window, const QString& path) {
    auto capture = [&window, path] {
        // Let the window finish laying out and painting what the render produced.
        QTimer::singleShot(250, &window, [&window, path] {
            // With the online tile basemap on, wait (up to 15 s) for the tiles in flight.
            QDeadlineTimer deadline(15000);
            while (window.canvas()->tileLayer()->pendingRequestCount() > 0 &&
                   !deadline.hasExpired()) {
                QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
            }
            QCoreApplication::processEvents();
            const bool saved = window.grab().save(path, "PNG");
            if (!saved) {
                std::fprintf(stderr, "tessera: could not write the screenshot to %s\n",
                             qPrintable(path));
            }
            QApplication::exit(saved ? 0 : 1);
        });
    };
    tessera::app::MapCanvas* canvas = window.canvas();
    if (canvas->hasRendered() || !canvas->isVisible()) {
        capture();
        return;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = QObject::connect(canvas, &tessera::app::MapCanvas::renderFinished, &window,
                                   [connection, capture] {
                                       QObject::disconnect(*connection);
                                       capture();
                                   });
}

}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Tessera"));
    QApplication::setOrganizationName(QStringLiteral("Tessera"));
    QApplication::setApplicationVersion(QStringLiteral(TESSERA_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "Plan sales territories on a map."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("project"),
                                 QApplication::translate("main", "Project file to open."),
                                 QStringLiteral("[project.tessera]"));
    const QCommandLineOption screenshotOption(
        QStringLiteral("screenshot"),
        QApplication::translate("main",
                                "Write a PNG of the window once the map is drawn, then "
                                "exit."),
        QStringLiteral("file.png"));
    const QCommandLineOption sizeOption(
        QStringLiteral("size"),
        QApplication::translate("main", "Window size for --screenshot (default 1600x1000)."),
        QStringLiteral("WxH"), QStringLiteral("1600x1000"));
    parser.addOption(screenshotOption);
    parser.addOption(sizeOption);
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        std::fprintf(stderr, "tessera: give at most one project file (got %lld)\n",
                     static_cast<long long>(positional.size()));
        return 2;
    }
    const bool screenshot = parser.isSet(screenshotOption);
    QSize windowSize;
    if (screenshot) {
        const QStringList parts = parser.value(sizeOption).split(QLatin1Char('x'));
        bool okWidth = false;
        bool okHeight = false;
        if (parts.size() == 2) {
            windowSize = QSize(parts[0].toInt(&okWidth), parts[1].toInt(&okHeight));
        }
        if (!okWidth || !okHeight || windowSize.width() < 200 || windowSize.height() < 150) {
            std::fprintf(stderr,
                         "tessera: --size wants WIDTHxHEIGHT of at least 200x150, like "
                         "1600x1000 (got \"%s\")\n",
                         qPrintable(parser.value(sizeOption)));
            return 2;
        }
    }

    tessera::app::MainWindow window;
    if (screenshot) {
        window.resize(windowSize);
    } else {
        window.restoreSettings();
    }
    window.show();

    if (!positional.isEmpty()) {
        const QString path = positional.front();
        if (screenshot) {
            // No dialogs in a script: say what is wrong and stop.
            const tessera::Result<void> opened = window.openProject(path);
            if (!opened) {
                std::fprintf(stderr, "tessera: could not open %s: %s\n", qPrintable(path),
                             opened.error().toString().c_str());
                return 1;
            }
        } else {
            window.openProjectInteractively(path);
        }
    }
    if (screenshot) {
        captureWhenRendered(window, parser.value(screenshotOption));
    }
    return QApplication::exec();
}
