// SPDX-License-Identifier: Apache-2.0
// Writes screenshots of the four pages of the account import wizard (not a test). Build
// target import_wizard_screenshots; run under Xvfb with a customer list, an output folder, a
// name prefix and optionally a project to import into:
//   xvfb-run -a -s "-screen 0 1600x1000x24" build/dev/bin/import_wizard_screenshots
//       data/sample/accounts.csv /tmp/shots sample build/release/sample/sample.tessera
// writes sample-1-file.png, sample-2-columns.png, sample-3-locating.png, sample-4-summary.png
// (and sample-0-reading.png / sample-4-importing.png when the file is big enough to catch those).

#include <QApplication>
#include <QDir>
#include <QTest>

#include <cstdio>

#include "GuiWait.h"
#include "app/Document.h"
#include "app/dialogs/ImportWizard.h"

using namespace tessera;
using namespace tessera::app;

int main(int argc, char** argv) {
    QApplication application(argc, argv);
    if (argc < 4) {
        std::fprintf(stderr, "usage: import_wizard_screenshots FILE OUTDIR PREFIX [PROJECT]\n");
        return 2;
    }
    Document document;
    if (argc > 4) {
        if (auto opened = document.open(QString::fromLocal8Bit(argv[4])); !opened) {
            std::fprintf(stderr, "%s\n", opened.error().toString().c_str());
            return 1;
        }
    }
    auto created = ImportWizard::create(&document, QString::fromLocal8Bit(argv[1]));
    if (!created) {
        std::fprintf(stderr, "%s\n", created.error().toString().c_str());
        return 1;
    }
    ImportWizard* wizard = *created;
    const QDir dir(QString::fromLocal8Bit(argv[2]));
    const QString prefix = QString::fromLocal8Bit(argv[3]);
    wizard->show();
    bool ok = true;
    if (wizard->isAnalyzing()) {  // the first page while the sample is still being parsed
        QTest::qWait(50);
        const QString path = dir.filePath(prefix + QStringLiteral("-0-reading.png"));
        ok = wizard->grab().save(path) && ok;
        std::printf("%s (%s)\n", path.toLocal8Bit().constData(),
                    wizard->isAnalyzing() ? "still reading" : "already read");
    }
    const char* names[] = {"1-file", "2-columns", "3-locating", "4-summary"};
    for (int page = 0; page < 4; ++page) {
        ok = test::waitUntil([wizard] { return !wizard->isAnalyzing(); }, 600000) && ok;
        if (page == ImportWizard::ImportPageId) {
            if (wizard->isImportRunning()) {  // the import page while the worker runs
                QTest::qWait(400);
                const QString path = dir.filePath(prefix + QStringLiteral("-4-importing.png"));
                ok = wizard->grab().save(path) && ok;
                std::printf("%s (%s)\n", path.toLocal8Bit().constData(),
                            wizard->isImportRunning() ? "still importing" : "already done");
            }
            ok = test::waitUntil([wizard] { return !wizard->isImportRunning(); }, 600000) && ok;
        }
        QTest::qWait(300);
        const QString path = dir.filePath(prefix + QLatin1Char('-') + QLatin1String(names[page]) +
                                          QStringLiteral(".png"));
        ok = wizard->grab().save(path) && ok;
        std::printf("%s\n", path.toLocal8Bit().constData());
        if (page < 3) {
            wizard->next();
        }
    }
    delete wizard;
    return ok ? 0 : 1;
}
