// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>
#include <QStringList>

namespace tessera::app {

/// The most recently opened or saved project files, newest first, kept in QSettings.
class RecentFiles : public QObject {
    Q_OBJECT

public:
    static constexpr int kMaxCount = 8;

    explicit RecentFiles(QObject* parent = nullptr);

    [[nodiscard]] QStringList files() const;
    /// Puts `path` first (absolute), dropping the oldest beyond kMaxCount.
    void add(const QString& path);
    void remove(const QString& path);
    void clear();

signals:
    void changed();

private:
    void store(const QStringList& files);
};

}  // namespace tessera::app
