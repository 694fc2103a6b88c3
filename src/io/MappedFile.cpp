// SPDX-License-Identifier: Apache-2.0
#include "MappedFile.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "TextFile.h"

namespace tessera::io {

namespace {

// A read from a mapped page whose part of the file is gone (the file was cut short) raises
// SIGBUS. For the mappings registered here, the handler puts zero pages where the rest of the
// mapping was and notes it; the read then goes on with zeros. Everything the handler touches is
// a lock-free atomic or a system call, as a signal handler must.
struct BusGuard {
    std::atomic<std::uintptr_t> begin{0};  // 0 = free
    std::atomic<std::uintptr_t> end{0};
    std::atomic<bool> hit{false};
    std::atomic<bool> taken{false};
};

constexpr std::size_t kGuards = 32;
std::array<BusGuard, kGuards> guards;
struct sigaction previousBusAction {};
std::uintptr_t pageBytes = 4096;
std::once_flag handlerInstalled;

void onBusError(int signal, siginfo_t* info, void* context) {
    const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    for (BusGuard& guard : guards) {
        const std::uintptr_t begin = guard.begin.load();
        const std::uintptr_t end = guard.end.load();
        if (begin != 0 && address >= begin && address < end) {
            const std::uintptr_t page = address / pageBytes * pageBytes;
            void* zeros = ::mmap(reinterpret_cast<void*>(page), end - page, PROT_READ,
                                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
            if (zeros != MAP_FAILED) {
                guard.hit.store(true);
                return;  // the read is tried again and finds zeros
            }
        }
    }
    // Not one of ours: what would have happened without this handler.
    if ((previousBusAction.sa_flags & SA_SIGINFO) != 0 &&
        previousBusAction.sa_sigaction != nullptr) {
        previousBusAction.sa_sigaction(signal, info, context);
        return;
    }
    if (previousBusAction.sa_handler != SIG_DFL && previousBusAction.sa_handler != SIG_IGN &&
        previousBusAction.sa_handler != nullptr) {
        previousBusAction.sa_handler(signal);
        return;
    }
    struct sigaction fallback {};
    fallback.sa_handler = SIG_DFL;
    ::sigaction(SIGBUS, &fallback, nullptr);
    ::raise(signal);  // delivered as the handler returns: the program ends as it would have
}

void installHandler() {
    pageBytes = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    struct sigaction action {};
    action.sa_sigaction = onBusError;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGBUS, &action, &previousBusAction);
}

/// A free guard slot, or -1 when all are in use (the file is then read, not mapped).
int takeGuard() {
    for (std::size_t i = 0; i < kGuards; ++i) {
        bool expected = false;
        if (guards[i].taken.compare_exchange_strong(expected, true)) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

void releaseGuard(int slot) {
    BusGuard& guard = guards[static_cast<std::size_t>(slot)];
    guard.begin.store(0);
    guard.end.store(0);
    guard.hit.store(false);
    guard.taken.store(false);
}

}  // namespace

Result<MappedFile> MappedFile::open(const std::string& path) {
    MappedFile file;
    auto readInstead = [&]() -> Result<MappedFile> {
        auto content = readWholeFile(path);
        if (!content) {
            return fail(content.error());
        }
        file.copy_ = std::move(*content);
        return std::move(file);
    };
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return readInstead();  // its errors say why, as for any file read whole
    }
    struct stat status {};
    if (::fstat(fd, &status) != 0 || !S_ISREG(status.st_mode) || status.st_size <= 0) {
        ::close(fd);
        return readInstead();
    }
    std::call_once(handlerInstalled, installHandler);
    const int guard = takeGuard();
    if (guard < 0) {
        ::close(fd);
        return readInstead();
    }
    const auto size = static_cast<std::size_t>(status.st_size);
    // Populated now: the pages are in the page cache already when the file was read lately,
    // and one call maps them all.
    void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (mapped == MAP_FAILED) {
        ::close(fd);
        releaseGuard(guard);
        return readInstead();
    }
    file.fd_ = fd;  // kept to ask later whether this file (not a new one by its name) changed
    file.data_ = static_cast<const char*>(mapped);
    file.size_ = size;
    file.mappedBytes_ = (size + pageBytes - 1) / pageBytes * pageBytes;
    file.guard_ = guard;
    file.modifiedSeconds_ = static_cast<long long>(status.st_mtim.tv_sec);
    file.modifiedNanoseconds_ = status.st_mtim.tv_nsec;
    BusGuard& slot = guards[static_cast<std::size_t>(guard)];
    slot.end.store(reinterpret_cast<std::uintptr_t>(mapped) + file.mappedBytes_);
    slot.begin.store(reinterpret_cast<std::uintptr_t>(mapped));
    return file;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      mappedBytes_(std::exchange(other.mappedBytes_, 0)),
      guard_(std::exchange(other.guard_, -1)),
      fd_(std::exchange(other.fd_, -1)),
      copy_(std::move(other.copy_)),
      modifiedSeconds_(other.modifiedSeconds_),
      modifiedNanoseconds_(other.modifiedNanoseconds_) {}

MappedFile::~MappedFile() {
    if (guard_ >= 0) {
        // Unregistered first: a fault in the range is no longer this mapping's.
        releaseGuard(guard_);
    }
    if (data_ != nullptr) {
        ::munmap(const_cast<char*>(data_), mappedBytes_);
    }
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

bool MappedFile::changed() const {
    if (data_ == nullptr) {
        return false;  // a copy: what was read is what there was
    }
    if (guards[static_cast<std::size_t>(guard_)].hit.load()) {
        return true;
    }
    struct stat status {};
    if (::fstat(fd_, &status) != 0) {
        return true;
    }
    return static_cast<std::size_t>(status.st_size) != size_ ||
           static_cast<long long>(status.st_mtim.tv_sec) != modifiedSeconds_ ||
           status.st_mtim.tv_nsec != modifiedNanoseconds_;
}

}  // namespace tessera::io
