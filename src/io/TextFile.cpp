// SPDX-License-Identifier: Apache-2.0
#include "TextFile.h"

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <system_error>

namespace tessera::io {

namespace fs = std::filesystem;

Result<std::string> readWholeFile(const std::string& path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        return fail(ErrorCode::FileNotFound,
                    "the file does not exist; check the path and the file name", path);
    }
    if (fs::is_directory(status)) {
        return fail(ErrorCode::FileUnreadable, "this is a folder, not a file; choose a file", path);
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return fail(ErrorCode::FileUnreadable,
                    std::string("the file cannot be opened: ") + std::strerror(errno) +
                        "; check that you may read it and that no other program locks it",
                    path);
    }
    std::string content;
    const auto size = fs::file_size(path, ec);
    if (!ec) {
        content.resize(static_cast<std::size_t>(size));
        in.read(content.data(), static_cast<std::streamsize>(content.size()));
        content.resize(static_cast<std::size_t>(in.gcount()));
    }
    // Whatever the size said (special files, a file still growing), read to the end.
    if (in.good() || ec) {
        in.clear();
        char buffer[1 << 16];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            content.append(buffer, static_cast<std::size_t>(in.gcount()));
        }
    }
    if (in.bad()) {
        return fail(ErrorCode::FileUnreadable,
                    "reading the file failed part way (disk or network error); try again", path);
    }
    return content;
}

std::string temporarySiblingPath(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    std::random_device random;
    const auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
    return path + ".tmp-" + std::to_string(random() ^ static_cast<unsigned>(ticks)) + "-" +
           std::to_string(counter.fetch_add(1));
}

Result<void> writeFileAtomically(const std::string& path, std::string_view content) {
    const std::string temporary = temporarySiblingPath(path);
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) {
            return fail(ErrorCode::FileUnwritable,
                        std::string("cannot create a file in this folder: ") +
                            std::strerror(errno) + "; choose a folder you may write to",
                        path);
        }
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        out.flush();
        if (!out) {
            out.close();
            std::error_code ignored;
            fs::remove(temporary, ignored);
            return fail(ErrorCode::FileUnwritable,
                        "writing the file failed (is the disk full?); the previous file, if "
                        "any, is unchanged",
                        path);
        }
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec) {
        const std::string reason = ec.message();
        fs::remove(temporary, ec);
        return fail(ErrorCode::FileUnwritable,
                    "cannot replace the file: " + reason +
                        "; close programs that have it open and try again",
                    path);
    }
    return {};
}

}  // namespace tessera::io
