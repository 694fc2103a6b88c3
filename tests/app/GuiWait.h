// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDeadlineTimer>
#include <QTest>
#include <functional>

namespace tessera::test {

/// Processes events until `condition` holds; false if it never does within `limitMs` (a
/// generous limit, so a slow machine does not fail the test: it is not a timing assertion).
inline bool waitUntil(const std::function<bool()>& condition, int limitMs = 30000,
                      int stepMs = 10) {
    QDeadlineTimer deadline(limitMs);
    while (!condition()) {
        if (deadline.hasExpired()) {
            return false;
        }
        QTest::qWait(stepMs);
    }
    return true;
}

}  // namespace tessera::test
