// SPDX-License-Identifier: Apache-2.0
#include "ReplacementFile.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <utility>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tessera::storage {

namespace {

std::string folderOf(const std::string& path) {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    return parent.empty() ? std::string(".") : parent.string();
}

tl::unexpected<Error> systemError(const std::string& what, int error, const std::string& path) {
    return fail(ErrorCode::FileUnwritable, what + ": " + std::strerror(error) + ".", path);
}

/// fsync on a path; folders are opened read-only, which is what fsync on a folder needs.
bool syncPath(const std::string& path, bool folder, int& error) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (folder ? O_DIRECTORY : 0));
    if (fd < 0) {
        error = errno;
        return false;
    }
    const bool ok = ::fsync(fd) == 0;
    error = errno;
    ::close(fd);
    return ok;
}

}  // namespace

Result<ReplacementFile> ReplacementFile::create(const std::string& target) {
    if (target.empty()) {
        return fail(ErrorCode::InvalidArgument, "no file name given to save to");
    }
    const std::string folder = folderOf(target);
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec)) {
        return fail(ErrorCode::FileUnwritable,
                    "cannot save: the folder " + folder + " does not exist. Choose another folder.",
                    target);
    }
    if (std::filesystem::is_directory(target, ec)) {
        return fail(ErrorCode::FileUnwritable,
                    "cannot save: " + target + " is a folder. Choose a file name.", target);
    }
    // Like mkstemp, but created with 0666 so that the umask applies as for any new file.
    static constexpr char kLetters[] =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::random_device entropy;
    std::uniform_int_distribution<std::size_t> pick(0, sizeof(kLetters) - 2);
    for (int attempt = 0; attempt < 100; ++attempt) {
        std::string candidate = target + ".tmp-";
        for (int i = 0; i < 6; ++i) {
            candidate += kLetters[pick(entropy)];
        }
        const int fd = ::open(candidate.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0) {
            ::close(fd);
            return ReplacementFile(target, std::move(candidate));
        }
        if (errno != EEXIST) {
            const int error = errno;
            return systemError("cannot save: cannot create a file in the folder " + folder +
                                   " (save somewhere you may write to)",
                               error, target);
        }
    }
    return fail(ErrorCode::FileUnwritable,
                "cannot save: could not find a free temporary file name beside the file", target);
}

ReplacementFile::ReplacementFile(ReplacementFile&& other) noexcept
    : target_(std::move(other.target_)),
      temporaryPath_(std::exchange(other.temporaryPath_, std::string())),
      committed_(other.committed_) {}

ReplacementFile::~ReplacementFile() {
    if (!committed_ && !temporaryPath_.empty()) {
        std::remove(temporaryPath_.c_str());
        // SQLite's side files, should a journal or WAL have been left behind.
        std::remove((temporaryPath_ + "-journal").c_str());
        std::remove((temporaryPath_ + "-wal").c_str());
        std::remove((temporaryPath_ + "-shm").c_str());
    }
}

Result<void> ReplacementFile::commit() {
    int error = 0;
    if (!syncPath(temporaryPath_, false, error)) {
        return systemError("cannot save: writing the file to disk failed", error, target_);
    }
    // Keep the permissions of the file being replaced (a new file has 0666 less the umask).
    struct stat existing {};
    if (::stat(target_.c_str(), &existing) == 0) {
        ::chmod(temporaryPath_.c_str(), existing.st_mode & 07777);
    }
    if (::rename(temporaryPath_.c_str(), target_.c_str()) != 0) {
        error = errno;
        return systemError("cannot save: replacing the file failed", error, target_);
    }
    committed_ = true;
    // The rename is durable once the folder is synced; a failure here leaves a complete file.
    (void)syncPath(folderOf(target_), true, error);
    return {};
}

BackgroundWriteback::BackgroundWriteback(const std::string& path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
        return;  // only an optimisation: the fsync in commit() still makes the file durable
    }
    thread_ = std::thread([this] {
        constexpr auto kPoll = std::chrono::milliseconds(5);
        constexpr off_t kBytesPerSync = off_t{8} << 20;
        off_t synced = 0;
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, kPoll, [this] { return stop_; })) {
            lock.unlock();
            struct stat status {};
            if (::fstat(fd_, &status) == 0 && status.st_size - synced >= kBytesPerSync) {
                synced = status.st_size;
                (void)::fdatasync(fd_);
            }
            lock.lock();
        }
    });
}

BackgroundWriteback::~BackgroundWriteback() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

}  // namespace tessera::storage
