// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "core/JsonText.h"

using namespace tessera;

TEST(JsonText, ObjectsKeepOrderDuplicatesAndEveryByte) {
    const JsonMembers members = {{"Region", "Nord"},
                                 {"Notes", "line 1\nline 2\t\"quoted\" \\ back"},
                                 {"", ""},
                                 {"Region", "again"},
                                 {"控制", std::string("nul\0byte \x01\x1f", 12)}};
    const std::string text = toJsonObject(members);
    EXPECT_EQ(text.find('\n'), std::string::npos);
    auto parsed = parseJsonObject(text);
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, members);
}

TEST(JsonText, ArraysRoundTripAndAcceptOtherWriters) {
    const std::vector<std::string> values = {"a", "", "ü ✓", "x\"y"};
    auto parsed = parseJsonArray(toJsonArray(values));
    ASSERT_TRUE(parsed);
    EXPECT_EQ(*parsed, values);
    EXPECT_EQ(parseJsonArray("[]").value(), std::vector<std::string>{});
    // What SQLite's json functions or a person editing in another tool might write.
    auto other = parseJsonArray(" [ \"\\u00fc\\ud83d\\ude00\" , 12.5, true, null ] ");
    ASSERT_TRUE(other) << other.error().message;
    EXPECT_EQ(*other, (std::vector<std::string>{"ü😀", "12.5", "true", ""}));
}

TEST(JsonText, RejectsBrokenText) {
    for (const char* text : {"", "[", "[\"a\"", "[\"a\",]", "[\"a\"] x", "{\"a\":}", "{\"a\" 1}",
                             "{\"a\": [1]}", "[\"\\q\"]", "[\"\\u12\"]"}) {
        EXPECT_FALSE(parseJsonArray(text) && parseJsonObject(text)) << text;
        if (text[0] == '{') {
            EXPECT_FALSE(parseJsonObject(text)) << text;
        } else {
            EXPECT_FALSE(parseJsonArray(text)) << text;
        }
    }
}
