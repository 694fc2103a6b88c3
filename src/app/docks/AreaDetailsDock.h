// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDockWidget>

#include <cstddef>

class QLabel;
class QTreeWidget;

namespace tessera::app {

class Document;

/// What the selected area is (code, name, territory, what its accounts add up to, and its
/// attributes from the imported layer) or, when the identify tool picked an account, what the
/// account is (ID, name, how it was located, area, territory, measures, imported columns).
class AreaDetailsDock : public QDockWidget {
    Q_OBJECT

public:
    explicit AreaDetailsDock(Document* document, QWidget* parent = nullptr);

    [[nodiscard]] QTreeWidget* view() const { return view_; }

private:
    void refresh();
    void showAccount(std::size_t index);

    Document* document_;
    QLabel* hint_;
    QTreeWidget* view_;
};

}  // namespace tessera::app
