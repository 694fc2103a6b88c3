// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

#include "core/Result.h"
#include "engine/Balancer.h"

class QProgressDialog;
class QWidget;

namespace tessera::app {

class Document;

/// Runs the balancer on the document's project off the GUI thread, with a progress dialog
/// whose Cancel stops it, and applies the result on the GUI thread as one undo command.
class BalanceRunner : public QObject {
    Q_OBJECT

public:
    /// `dialogParent` parents the progress dialog (may be null).
    BalanceRunner(Document* document, QWidget* dialogParent, QObject* parent = nullptr);
    ~BalanceRunner() override;

    /// Starts a run; false (and nothing started) when one is running already or the project
    /// has no areas.
    bool start(const engine::BalanceOptions& options);
    [[nodiscard]] bool isRunning() const;
    /// Asks a running balancer to stop; finished() follows.
    void cancel();

signals:
    /// The run is over. `applied` tells whether the plan changed; `message` says what was
    /// reached (or why nothing changed), in words for the user.
    void finished(bool applied, const QString& message);

private:
    struct Job;
    void onFinished();

    Document* document_;
    QPointer<QWidget> dialogParent_;
    std::shared_ptr<Job> job_;
    QFutureWatcher<Result<engine::BalanceResult>> watcher_;
    QProgressDialog* progress_ = nullptr;
    QTimer progressTimer_;
};

}  // namespace tessera::app
