// SPDX-License-Identifier: Apache-2.0
// A save that fails, wherever it fails, leaves the previous file byte for byte as it was and
// no temporary file behind.

#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <string>

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "TestProjects.h"
#include "storage/ProjectFile.h"

using namespace tessera;
using namespace tessera::storage;
using tessera::test::largeProject;
using tessera::test::readBytes;
using tessera::test::richProject;
using tessera::test::ScratchFolder;

namespace {

bool canCreateFileIn(const std::filesystem::path& folder) {
    const std::string probe = (folder / "probe").string();
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) {
        return false;
    }
    ::close(fd);
    ::unlink(probe.c_str());
    return true;
}

/// Sets or clears the immutable attribute of a folder (what `chattr +i` does); root ignores
/// permission bits but not this.
bool setImmutable(const std::filesystem::path& folder, bool immutable) {
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        return false;
    }
    int flags = 0;
    bool ok = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (ok) {
        flags = immutable ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
        ok = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    ::close(fd);
    return ok;
}

/// A folder that cannot be written to while it lives: read-only permissions, and for root
/// the immutable attribute as well.
class ReadOnlyFolder {
public:
    explicit ReadOnlyFolder(const std::filesystem::path& folder) : folder_(folder) {
        std::filesystem::permissions(
            folder_, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
        if (canCreateFileIn(folder_)) {
            immutable_ = setImmutable(folder_, true);
        }
        readOnly_ = !canCreateFileIn(folder_);
    }
    ~ReadOnlyFolder() {
        if (immutable_) {
            setImmutable(folder_, false);
        }
        std::filesystem::permissions(folder_, std::filesystem::perms::owner_all);
    }
    ReadOnlyFolder(const ReadOnlyFolder&) = delete;
    ReadOnlyFolder& operator=(const ReadOnlyFolder&) = delete;

    [[nodiscard]] bool isReadOnly() const { return readOnly_; }

private:
    std::filesystem::path folder_;
    bool immutable_ = false;
    bool readOnly_ = false;
};

/// Lowers the file size limit of this process (a full disk, as far as a writer can tell)
/// while it lives; writes past it fail with EFBIG instead of raising SIGXFSZ.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes) {
        previousHandler_ = std::signal(SIGXFSZ, SIG_IGN);
        ::getrlimit(RLIMIT_FSIZE, &previous_);
        rlimit lowered = previous_;
        lowered.rlim_cur = bytes;
        active_ = ::setrlimit(RLIMIT_FSIZE, &lowered) == 0;
    }
    ~FileSizeLimit() {
        ::setrlimit(RLIMIT_FSIZE, &previous_);
        std::signal(SIGXFSZ, previousHandler_);
    }
    FileSizeLimit(const FileSizeLimit&) = delete;
    FileSizeLimit& operator=(const FileSizeLimit&) = delete;

    [[nodiscard]] bool active() const { return active_; }

private:
    rlimit previous_{};
    void (*previousHandler_)(int) = nullptr;
    bool active_ = false;
};

Project changedProject() {
    Project project = richProject();
    project.name = "changed";
    project.territories[0].name = "renamed";
    return project;
}

}  // namespace

TEST(AtomicSave, SuccessfulSaveLeavesOnlyTheTarget) {
    ScratchFolder folder("atomicok");
    const std::string path = folder.file("plan.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    ASSERT_TRUE(saveProject(changedProject(), path));  // over an existing file
    EXPECT_EQ(folder.files(), std::vector<std::string>{"plan.tessera"});
    auto loaded = loadProject(path);
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->name, "changed");
}

TEST(AtomicSave, ReplacingAFileKeepsItsPermissions) {
    ScratchFolder folder("atomicmode");
    const std::string path = folder.file("plan.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    ::chmod(path.c_str(), 0640);
    ASSERT_TRUE(saveProject(changedProject(), path));
    struct stat info {};
    ASSERT_EQ(::stat(path.c_str(), &info), 0);
    EXPECT_EQ(info.st_mode & 0777, 0640U);
}

TEST(AtomicSave, UnwritableFolderFailsAndTheExistingFileStaysByteIdentical) {
    ScratchFolder folder("atomicro");
    const std::string path = folder.file("plan.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    const std::string before = readBytes(path);
    {
        ReadOnlyFolder readOnly(folder.path());
        if (!readOnly.isReadOnly()) {
            GTEST_SKIP() << "cannot make a read-only folder here (neither permissions nor the "
                            "immutable attribute stop this user)";
        }
        auto saved = saveProject(changedProject(), path);
        ASSERT_FALSE(saved);
        EXPECT_EQ(saved.error().code, ErrorCode::FileUnwritable);
        EXPECT_EQ(saved.error().file, path);
        EXPECT_NE(saved.error().message.find("cannot create a file in the folder"),
                  std::string::npos)
            << saved.error().message;
    }
    EXPECT_EQ(readBytes(path), before);
    EXPECT_EQ(folder.files(), std::vector<std::string>{"plan.tessera"});
}

TEST(AtomicSave, MissingFolderFailsClearly) {
    ScratchFolder folder("atomicmissing");
    auto saved = saveProject(richProject(), folder.file("no/such/folder/plan.tessera"));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code, ErrorCode::FileUnwritable);
    EXPECT_NE(saved.error().message.find("does not exist"), std::string::npos)
        << saved.error().message;
}

TEST(AtomicSave, DiskFullMidSaveLeavesTheOldFileIntact) {
    ScratchFolder folder("atomicfull");
    const std::string path = folder.file("plan.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    const std::string before = readBytes(path);
    const Project big = largeProject(30, 30, 20000, 5);
    {
        FileSizeLimit limit(256 * 1024);  // the big project needs a few MB
        ASSERT_TRUE(limit.active());
        auto saved = saveProject(big, path);
        ASSERT_FALSE(saved);
        EXPECT_EQ(saved.error().code, ErrorCode::FileUnwritable) << saved.error().toString();
        EXPECT_NE(saved.error().message.find("the file on disk was not changed"), std::string::npos)
            << saved.error().message;
    }
    EXPECT_EQ(readBytes(path), before);
    EXPECT_EQ(folder.files(), std::vector<std::string>{"plan.tessera"});
}

TEST(AtomicSave, CancelMidSaveLeavesTheOldFileIntact) {
    ScratchFolder folder("atomiccancel");
    const std::string path = folder.file("plan.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    const std::string before = readBytes(path);
    const Project big = largeProject(30, 30, 20000, 5);
    // Cancel while the accounts are being written, and then once everything is written and
    // only the rename is left.
    for (double cancelAt : {0.5, 1.0}) {
        Feedback feedback;
        double reached = 0.0;
        feedback.setProgressCallback([&feedback, &reached, cancelAt](double fraction) {
            reached = fraction;
            if (fraction >= cancelAt) {
                feedback.cancel();
            }
        });
        auto saved = saveProject(big, path, &feedback);
        ASSERT_FALSE(saved) << "cancel at " << cancelAt;
        EXPECT_EQ(saved.error().code, ErrorCode::Canceled);
        EXPECT_GE(reached, cancelAt);
        EXPECT_EQ(readBytes(path), before);
        EXPECT_EQ(folder.files(), std::vector<std::string>{"plan.tessera"});
    }
    ASSERT_TRUE(saveProject(big, path));  // and the same project saves when left alone
    auto loaded = loadProject(path);
    ASSERT_TRUE(loaded) << loaded.error().toString();
    EXPECT_TRUE(*loaded == big);
}

TEST(AtomicSave, CanceledLoadSaysSo) {
    ScratchFolder folder("loadcancel");
    const std::string path = folder.file("plan.tessera");
    ASSERT_TRUE(saveProject(largeProject(10, 10, 20000, 3), path));
    Feedback feedback;
    feedback.cancel();
    auto loaded = loadProject(path, &feedback);
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, ErrorCode::Canceled);
}
