// SPDX-License-Identifier: Apache-2.0
#include "RecentFiles.h"

#include <QFileInfo>
#include <QSettings>

namespace tessera::app {

namespace {
const char* const kSettingsKey = "recentFiles";
}

RecentFiles::RecentFiles(QObject* parent) : QObject(parent) {}

QStringList RecentFiles::files() const {
    QStringList files = QSettings().value(QLatin1String(kSettingsKey)).toStringList();
    files.removeAll(QString());
    while (files.size() > kMaxCount) {
        files.removeLast();
    }
    return files;
}

void RecentFiles::add(const QString& path) {
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(absolute);
    list.prepend(absolute);
    while (list.size() > kMaxCount) {
        list.removeLast();
    }
    store(list);
}

void RecentFiles::remove(const QString& path) {
    QStringList list = files();
    if (list.removeAll(path) + list.removeAll(QFileInfo(path).absoluteFilePath()) > 0) {
        store(list);
    }
}

void RecentFiles::clear() {
    store({});
}

void RecentFiles::store(const QStringList& files) {
    QSettings().setValue(QLatin1String(kSettingsKey), files);
    emit changed();
}

}  // namespace tessera::app
