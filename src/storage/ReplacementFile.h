// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "core/Result.h"

namespace tessera::storage {

/// A new file written beside a target and then renamed over it, so that the target is either
/// the old file or the complete new one, never half-written. The temporary file
/// (`<target>.tmp-XXXXXX`, in the target's folder so that the rename stays on one file system)
/// is removed again unless commit() succeeded.
class ReplacementFile {
public:
    /// Creates the empty temporary file. Fails with a clear message when the folder does not
    /// exist or is not writable.
    [[nodiscard]] static Result<ReplacementFile> create(const std::string& target);

    ReplacementFile(ReplacementFile&& other) noexcept;
    ReplacementFile& operator=(ReplacementFile&& other) = delete;
    ReplacementFile(const ReplacementFile&) = delete;
    ReplacementFile& operator=(const ReplacementFile&) = delete;
    ~ReplacementFile();

    [[nodiscard]] const std::string& path() const { return temporaryPath_; }
    [[nodiscard]] const std::string& target() const { return target_; }

    /// Flushes the temporary file to disk, gives it the target's permissions (or the usual ones
    /// for a new file), renames it over the target and flushes the folder. The temporary file
    /// must be closed by whoever wrote it.
    [[nodiscard]] Result<void> commit();

private:
    ReplacementFile(std::string target, std::string temporaryPath)
        : target_(std::move(target)), temporaryPath_(std::move(temporaryPath)) {}

    std::string target_;
    std::string temporaryPath_;
    bool committed_ = false;
};

/// While it lives, a thread flushes the file to disk (fdatasync) each time it has grown by a
/// few megabytes, so that the fsync before the rename finds little left to do. On a disk with
/// a write cache (a virtual machine's disk above all) that fsync costs in proportion to what
/// was written since the last one, whether or not the kernel had started writing it: saving a
/// 230 MB project otherwise spent 0.2–0.3 s there, at the end, with nothing else to do.
/// Never a substitute for the fsync itself.
class BackgroundWriteback {
public:
    explicit BackgroundWriteback(const std::string& path);
    ~BackgroundWriteback();
    BackgroundWriteback(const BackgroundWriteback&) = delete;
    BackgroundWriteback& operator=(const BackgroundWriteback&) = delete;

private:
    int fd_ = -1;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace tessera::storage
