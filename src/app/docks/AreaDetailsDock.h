// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDockWidget>

class QLabel;
class QTreeWidget;

namespace tessera::app {

class Document;

/// What the selected area is: code, name, territory, what its accounts add up to, and its
/// attributes from the imported layer.
class AreaDetailsDock : public QDockWidget {
    Q_OBJECT

public:
    explicit AreaDetailsDock(Document* document, QWidget* parent = nullptr);

    [[nodiscard]] QTreeWidget* view() const { return view_; }

private:
    void refresh();

    Document* document_;
    QLabel* hint_;
    QTreeWidget* view_;
};

}  // namespace tessera::app
