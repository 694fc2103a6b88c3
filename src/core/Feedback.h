// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <functional>
#include <string>

namespace tessera {

/// Progress and cancel for long operations, shared between the worker and whoever watches it
/// (a progress bar on the GUI thread, a CLI printing percentages). Thread safe.
class Feedback {
public:
    Feedback() = default;
    Feedback(const Feedback&) = delete;
    Feedback& operator=(const Feedback&) = delete;

    /// Called by the worker; `fraction` in [0, 1]. Also invokes the progress callback.
    void setProgress(double fraction);
    [[nodiscard]] double progress() const { return progress_.load(std::memory_order_relaxed); }

    /// Called by the watcher. The worker checks isCanceled() and stops at the next safe point
    /// without changing its input.
    void cancel() { canceled_.store(true, std::memory_order_relaxed); }
    [[nodiscard]] bool isCanceled() const { return canceled_.load(std::memory_order_relaxed); }

    /// Optional; called from the worker thread, so it must be thread safe itself.
    void setProgressCallback(std::function<void(double)> callback) {
        callback_ = std::move(callback);
    }

private:
    std::atomic<double> progress_{0.0};
    std::atomic<bool> canceled_{false};
    std::function<void(double)> callback_;
};

/// Maps progress of a sub-step onto a range of its parent: [begin, end] of the parent's scale.
class SubFeedback {
public:
    SubFeedback(Feedback* parent, double begin, double end)
        : parent_(parent), begin_(begin), end_(end) {}
    void setProgress(double fraction) const {
        if (parent_ != nullptr) {
            parent_->setProgress(begin_ + (end_ - begin_) * fraction);
        }
    }
    [[nodiscard]] bool isCanceled() const { return parent_ != nullptr && parent_->isCanceled(); }

private:
    Feedback* parent_;
    double begin_;
    double end_;
};

}  // namespace tessera
