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
    AreaGraph bridgedGraph;
    engine::BalanceProblem problem;
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
    if (job_ || document_->project().areas.empty()) {
        return false;
    }
    auto job = std::make_shared<Job>();
    job->problem = engine::problemFromProject(document_->project(), job->bridgedGraph);
    job->options = options;
    job->revision = document_->revision();
    job_ = job;

    progress_ = new QProgressDialog(tr("Balancing %1 areas into %2 territories…")
                                        .arg(document_->project().areas.size())
                                        .arg(options.territoryCount),
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

    qCInfo(lcApp) << "balancing" << document_->project().areas.size() << "areas into"
                  << options.territoryCount << "territories";
    watcher_.setFuture(QtConcurrent::run(
        [job] { return engine::balance(job->problem, job->options, &job->feedback); }));
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
    Result<engine::BalanceResult> result = watcher_.result();
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
    const engine::BalanceReport& report = result->report;
    const std::size_t count = job->options.territoryCount;
    Project next = engine::applyBalanceResult(document_->project(), *result, count);
    document_->undoStack()->push(
        new ApplyBalanceCommand(document_, std::move(next.territories), std::move(next.alignment),
                                tr("Balance into %1 territories").arg(count)));

    const QLocale locale;
    QString message =
        report.toleranceMet
            ? tr("Balanced into %1 territories: every workload within %2 % of the target "
                 "(largest deviation %3 %).")
            : tr("Balanced into %1 territories, but not within the %2 % tolerance: the largest "
                 "deviation is %3 %.");
    message = message.arg(count)
                  .arg(locale.toString(job->options.tolerance * 100.0, 'f', 1))
                  .arg(locale.toString(report.maxDeviation * 100.0, 'f', 1));
    if (!report.contiguous) {
        message += QLatin1Char(' ') + tr("Some territories are not contiguous.");
    }
    if (!report.message.empty()) {
        message += QLatin1Char('\n') + QString::fromStdString(report.message);
    }
    qCInfo(lcApp) << "balanced in" << report.seconds << "s; max deviation" << report.maxDeviation;
    emit finished(true, message);
}

}  // namespace tessera::app
