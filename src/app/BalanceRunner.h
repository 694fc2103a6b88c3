// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

#include "core/Result.h"
#include "engine/Balancer.h"
#include "engine/ProjectBalancing.h"

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
    /// Starts a run with everything the balance dialog offers (mode, measures, locks…).
    bool start(const engine::ProjectBalanceSettings& settings,
               const engine::BalanceOptions& options);
    /// With review on, a finished run emits proposalReady() and waits for applyProposal() or
    /// discardProposal() instead of applying at once.
    void setReviewProposals(bool review) { reviewProposals_ = review; }
    /// The proposal waiting for a decision, or null.
    [[nodiscard]] const engine::ProjectBalanceResult* proposal() const {
        return proposal_ ? proposal_.get() : nullptr;
    }
    /// Applies the waiting proposal as one undo step (unless the plan changed meanwhile);
    /// finished() follows.
    void applyProposal();
    /// Drops the waiting proposal; nothing changes; finished() follows.
    void discardProposal();
    /// Whether the last run ended with its proposal discarded by the user.
    [[nodiscard]] bool wasDiscarded() const { return discarded_; }
    [[nodiscard]] bool isRunning() const;
    /// Asks a running balancer to stop; finished() follows.
    void cancel();

signals:
    /// The run is over. `applied` tells whether the plan changed; `message` says what was
    /// reached (or why nothing changed), in words for the user.
    void finished(bool applied, const QString& message);
    /// A proposal is ready for review (see setReviewProposals).
    void proposalReady();

private:
    struct Job;
    void onFinished();

    Document* document_;
    QPointer<QWidget> dialogParent_;
    std::shared_ptr<Job> job_;
    QFutureWatcher<Result<engine::ProjectBalanceResult>> watcher_;
    bool reviewProposals_ = false;
    bool discarded_ = false;
    std::unique_ptr<engine::ProjectBalanceResult> proposal_;
    quint64 proposalRevision_ = 0;
    QString proposalMessage_;
    void apply(const engine::ProjectBalanceResult& result, const QString& message);
    QProgressDialog* progress_ = nullptr;
    QTimer progressTimer_;
};

}  // namespace tessera::app
