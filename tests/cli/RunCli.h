// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace tessera::test {

/// What one run of tessera-cli gave back.
struct RunResult {
    int exitCode = -1;  ///< -1 when it crashed or timed out
    QString out;
    QString err;
};

/// Runs the tessera-cli built with the tests (TESSERA_CLI) as a user would, waiting up to five
/// minutes.
inline RunResult runCli(const QStringList& args) {
    QProcess process;
    process.start(QStringLiteral(TESSERA_CLI), args);
    RunResult result;
    if (!process.waitForFinished(300000)) {
        process.kill();
        result.err = "timed out";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

}  // namespace tessera::test
