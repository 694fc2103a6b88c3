// SPDX-License-Identifier: Apache-2.0
// A QApplication for the whole test program (GoogleTest's main is used), with QSettings and
// QStandardPaths in test mode so tests never touch the user's settings.

#include <gtest/gtest.h>

#include <QApplication>
#include <QStandardPaths>

#include <memory>

namespace {

class QtApplicationEnvironment : public ::testing::Environment {
public:
    void SetUp() override {
        QStandardPaths::setTestModeEnabled(true);
        QApplication::setOrganizationName(QStringLiteral("TesseraTests"));
        QApplication::setApplicationName(QStringLiteral("app_tests"));
        application_ = std::make_unique<QApplication>(argc_, argv_);
    }
    void TearDown() override { application_.reset(); }

private:
    int argc_ = 1;
    char name_[16] = "app_tests";
    char* argv_[2] = {name_, nullptr};
    std::unique_ptr<QApplication> application_;
};

[[maybe_unused]] ::testing::Environment* const kEnvironment =
    ::testing::AddGlobalTestEnvironment(new QtApplicationEnvironment);

}  // namespace
