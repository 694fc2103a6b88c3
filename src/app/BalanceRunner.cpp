// SPDX-License-Identifier: Apache-2.0
#include "BalanceRunner.h"

#include <QLocale>
#include <QProgressDialog>
#include <QtConcurrent/QtConcurrentRun>

#include "app/Document.h"
#include "app/Logging.h"
#include "app/commands/ApplyBalanceCommand.h"
#include "core/Feedback.h"
#include "engine/ProjectBalancing.h"

namespace tessera::app {

namespace {
constexpr int kProgressSteps = 1000;
constexpr int kProgressPollMs = 100;
}  // namespace

/// What the worker thread reads and writes; shared so it outlives an early-destroyed runner.
struct BalanceRunner::Job {
    Project project;  ///< a copy: the worker never reads the live document
    engine::ProjectBalanceSettings settings;
    engine::BalanceOptions options;
    Feedback feedback;
    quint64 revision = 0;
};

BalanceRunner::BalanceRunner(Document* document, QWidget* dialogParent, QObject* parent)
    : QObject(parent), document_(document), dialogParent_(dialogParent) {
    connect(&watcher_, &QFutureWatcherBase::finished, this, &BalanceRunner::onFinished);
    progressTimer_.setInterval(kProgressPollMs);
    connect(&progressTimer_, &QTimer::timeout, this, [this] {
        if (progress_ != nullptr && job_) {
            progress_->setValue(static_cast<int>(job_->feedback.progress() * kProgressSteps));
        }
    });
}

BalanceRunner::~BalanceRunner() {
    if (job_) {
        job_->feedback.cancel();
        watcher_.waitForFinished();
    }
}

bool BalanceRunner::isRunning() const {
    return job_ != nullptr;
}

void BalanceRunner::cancel() {
    if (job_) {
        job_->feedback.cancel();
    }
}

bool BalanceRunner::start(const engine::BalanceOptions& options) {
    engine::ProjectBalanceSettings settings;
    settings.mode = engine::ProjectMode::FromScratch;
    settings.territoryCount = options.territoryCount;
    settings.tolerances = {options.tolerance};
    return start(settings, options);
}

bool BalanceRunner::start(const engine::ProjectBalanceSettings& settings,
                          const engine::BalanceOptions& options) {
    if (job_ || proposal_ || document_->project().areas.empty()) {
        return false;
    }
    discarded_ = false;
    auto job = std::make_shared<Job>();
    job->project = document_->project();
    job->settings = settings;
    job->options = options;
    job->revision = document_->revision();
    job_ = job;

    const std::size_t shown = settings.mode == engine::ProjectMode::FromScratch
                                  ? settings.territoryCount
                                  : document_->project().territories.size();
    progress_ = new QProgressDialog(tr("Balancing %1 areas (%2 territories now)…")
                                        .arg(document_->project().areas.size())
                                        .arg(shown),
                                    tr("Cancel"), 0, kProgressSteps, dialogParent_);
    progress_->setObjectName(QStringLiteral("balanceProgress"));
    progress_->setWindowTitle(tr("Balance Territories"));
    progress_->setWindowModality(Qt::WindowModal);
    progress_->setAutoClose(false);
    progress_->setAutoReset(false);
    progress_->setMinimumDuration(0);
    progress_->setValue(0);
    connect(progress_, &QProgressDialog::canceled, this, &BalanceRunner::cancel);
    progressTimer_.start();

    qCInfo(lcApp) << "balancing" << document_->project().areas.size() << "areas"
                  << (settings.units == engine::BalanceUnits::Accounts ? "by account" : "");
    watcher_.setFuture(QtConcurrent::run([job] {
        return engine::balanceProject(job->project, job->settings, job->options, &job->feedback);
    }));
    return true;
}

void BalanceRunner::onFinished() {
    progressTimer_.stop();
    if (progress_ != nullptr) {
        progress_->close();
        progress_->deleteLater();
        progress_ = nullptr;
    }
    std::shared_ptr<Job> job = std::move(job_);
    job_.reset();
    if (!job) {
        return;
    }
    Result<engine::ProjectBalanceResult> result = watcher_.result();
    if (!result) {
        const bool canceled =
            result.error().code == ErrorCode::Canceled || job->feedback.isCanceled();
        emit finished(false, canceled
                                 ? tr("Balancing canceled; the plan is unchanged.")
                                 : tr("Balancing failed: %1")
                                       .arg(QString::fromStdString(result.error().toString())));
        return;
    }
    if (document_->revision() != job->revision) {
        emit finished(false, tr("The plan changed while the balancer ran, so its result was not "
                                "applied. Run it again."));
        return;
    }
    const engine::BalanceReport& report = result->result.report;
    const std::size_t count = result->territoryCount;
    const QLocale locale;
    QString message =
        report.toleranceMet
            ? tr("Balanced into %1 territories: every measure within its band (largest "
                 "workload deviation %3 %, band ±%2 %).")
            : tr("Balanced into %1 territories, but not within the tolerance: the largest "
                 "workload deviation is %3 % (band ±%2 %).");
    message = message.arg(count)
                  .arg(locale.toString(job->options.tolerance * 100.0, 'f', 1))
                  .arg(locale.toString(report.maxDeviation * 100.0, 'f', 1));
    if (!report.contiguous && !job->settings.nonGeographic) {
        message += QLatin1Char(' ') + tr("Some territories are not contiguous.");
    }
    if (!report.message.empty()) {
        message += QLatin1Char('\n') + QString::fromStdString(report.message);
    }
    for (const std::string& note : result->notes) {
        message += QLatin1Char('\n') + QString::fromStdString(note);
    }
    qCInfo(lcApp) << "balanced in" << report.seconds << "s; max deviation" << report.maxDeviation;
    if (reviewProposals_) {
        proposal_ = std::make_unique<engine::ProjectBalanceResult>(std::move(*result));
        proposalRevision_ = job->revision;
        proposalMessage_ = message;
        emit proposalReady();
        return;
    }
    apply(*result, message);
}

void BalanceRunner::apply(const engine::ProjectBalanceResult& result, const QString& message) {
    Project next = engine::applyProjectBalance(document_->project(), result);
    document_->undoStack()->push(new ApplyBalanceCommand(
        document_, std::move(next.territories), std::move(next.alignment),
        result.units == engine::BalanceUnits::Accounts
            ? tr("Balance accounts into %1 territories").arg(result.territoryCount)
            : tr("Balance into %1 territories").arg(result.territoryCount)));
    emit finished(true, message);
}

void BalanceRunner::applyProposal() {
    if (!proposal_) {
        return;
    }
    const std::unique_ptr<engine::ProjectBalanceResult> proposal = std::move(proposal_);
    if (document_->revision() != proposalRevision_) {
        emit finished(false, tr("The plan changed after the proposal was made, so it was not "
                                "applied. Run the balancer again."));
        return;
    }
    apply(*proposal, proposalMessage_);
}

void BalanceRunner::discardProposal() {
    if (!proposal_) {
        return;
    }
    proposal_.reset();
    discarded_ = true;
    emit finished(false, tr("Proposal discarded; the plan is unchanged."));
}

}  // namespace tessera::app
