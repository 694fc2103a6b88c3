// SPDX-License-Identifier: Apache-2.0
// A customer list is mapped into memory, not copied. Another program may cut the file short or
// write over it while it is read: that must give a clear error, never end the program.
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/Feedback.h"
#include "io/AccountCsvReader.h"
#include "io/MappedFile.h"

namespace tessera::io {
namespace {

namespace fs = std::filesystem;

class MappedFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        directory_ = fs::temp_directory_path() /
                     ("tessera-mapped-" + std::to_string(::getpid()) + "-" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(directory_);
    }
    void TearDown() override { fs::remove_all(directory_); }

    std::string write(const std::string& name, const std::string& content) {
        const std::string path = (directory_ / name).string();
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

    fs::path directory_;
};

std::size_t pageSize() {
    return static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

TEST_F(MappedFileTest, GivesTheFileBytes) {
    const std::string content = "account_id,name\nA1,Müller\n" + std::string(100000, 'x');
    const std::string path = write("list.csv", content);
    auto file = MappedFile::open(path);
    ASSERT_TRUE(file.has_value()) << file.error().toString();
    EXPECT_EQ(file->bytes(), content);
    EXPECT_FALSE(file->changed());
    MappedFile moved = std::move(*file);
    EXPECT_EQ(moved.bytes(), content);
}

TEST_F(MappedFileTest, AnEmptyFileHasNoBytes) {
    auto file = MappedFile::open(write("empty.csv", ""));
    ASSERT_TRUE(file.has_value());
    EXPECT_TRUE(file->bytes().empty());
    EXPECT_FALSE(file->changed());
}

TEST_F(MappedFileTest, AMissingFileOrAFolderIsAClearError) {
    auto missing = MappedFile::open((directory_ / "nope.csv").string());
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::FileNotFound);
    EXPECT_NE(missing.error().file.find("nope.csv"), std::string::npos);
    auto folder = MappedFile::open(directory_.string());
    ASSERT_FALSE(folder.has_value());
    EXPECT_EQ(folder.error().code, ErrorCode::FileUnreadable);
    EXPECT_NE(folder.error().message.find("folder"), std::string::npos);
}

TEST_F(MappedFileTest, AFileCutShortReadsAsZerosAndIsChanged) {
    const std::size_t page = pageSize();
    const std::string path = write("list.csv", std::string(4 * page, 'x'));
    auto file = MappedFile::open(path);
    ASSERT_TRUE(file.has_value());
    ASSERT_EQ(::truncate(path.c_str(), static_cast<off_t>(page)), 0);
    const std::string_view bytes = file->bytes();
    EXPECT_EQ(bytes[10], 'x');              // the part still there
    EXPECT_EQ(bytes[3 * page + 10], '\0');  // a SIGBUS without the guard
    EXPECT_EQ(bytes[2 * page], '\0');
    EXPECT_TRUE(file->changed());
}

TEST_F(MappedFileTest, AFileWrittenOverInPlaceIsChanged) {
    const std::string path = write("list.csv", "A1,one\n");
    auto file = MappedFile::open(path);
    ASSERT_TRUE(file.has_value());
    EXPECT_FALSE(file->changed());
    { std::ofstream(path, std::ios::binary | std::ios::in) << "B2,two\n"; }
    // The same size; a modification time surely different from the first.
    const timespec later[2] = {{0, UTIME_OMIT}, {1000000000, 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), later, 0), 0);
    EXPECT_TRUE(file->changed());
}

TEST_F(MappedFileTest, AFileReplacedByRenamingIsNotChangedAndKeepsItsBytes) {
    const std::string path = write("list.csv", "A1,one\n");
    auto file = MappedFile::open(path);
    ASSERT_TRUE(file.has_value());
    fs::rename(write("new.csv", "B2,two,three\n"), path);
    EXPECT_EQ(file->bytes(), "A1,one\n");
    EXPECT_FALSE(file->changed());
}

TEST_F(MappedFileTest, ABusErrorElsewhereStillEndsTheProgram) {
    const std::size_t page = pageSize();
    const std::string path = write("other.bin", std::string(4 * page, 'x'));
    // A guarded mapping exists (the handler is installed), but this fault is not in it.
    auto guarded = MappedFile::open(write("list.csv", "A1,one\n"));
    ASSERT_TRUE(guarded.has_value());
    EXPECT_EXIT(
        {
            const int fd = ::open(path.c_str(), O_RDONLY);
            void* mapped = ::mmap(nullptr, 4 * page, PROT_READ, MAP_PRIVATE, fd, 0);
            (void)::truncate(path.c_str(), 0);
            const volatile char* bytes = static_cast<const char*>(mapped);
            std::_Exit(bytes[2 * page] == 'x' ? 3 : 4);
        },
        // Killed by SIGBUS, or (under AddressSanitizer, whose handler comes before ours) ended
        // by its report: anything but carrying on to _Exit.
        [](int status) {
            return (WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS) ||
                   (WIFEXITED(status) && WEXITSTATUS(status) != 3 && WEXITSTATUS(status) != 4);
        },
        "");
}

TEST_F(MappedFileTest, AListCutShortWhileItIsImportedIsAClearErrorNotACrash) {
    std::string csv = "account_id,name,longitude,latitude\n";
    for (int i = 0; i < 60000; ++i) {
        csv += "A" + std::to_string(i) + ",Account " + std::to_string(i) + ",-90.5,35.25\n";
    }
    const std::string path = write("list.csv", csv);
    Feedback feedback;
    bool cut = false;
    feedback.setProgressCallback([&](double) {
        if (!cut) {
            cut = true;
            (void)::truncate(path.c_str(), static_cast<off_t>(csv.size() / 3));
        }
    });
    AccountImportOptions options;
    options.threads = 1;
    auto result = readAccountsFile(path, options, &feedback);
    ASSERT_TRUE(cut);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::FileUnreadable);
    EXPECT_NE(result.error().message.find("changed while it was being read"), std::string::npos)
        << result.error().message;
    EXPECT_EQ(result.error().file, path);
}

}  // namespace
}  // namespace tessera::io
