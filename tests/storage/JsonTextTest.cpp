// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "core/JsonQuote.h"
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

// Values are scanned eight bytes at a time for what must be escaped: every special byte at
// every position of a word, at the edges and in the tail, is found; UTF-8 bytes are not special.
TEST(JsonText, EverySpecialByteIsEscapedWhereverItIs) {
    const std::string specials = std::string("\"\\\n\r\t\x01\x1f", 7) + std::string(1, '\0');
    for (std::size_t length = 1; length <= 20; ++length) {
        for (std::size_t at = 0; at < length; ++at) {
            for (const char special : specials) {
                std::string value(length, 'a');
                value[at] = special;
                EXPECT_EQ(findJsonEscape(value, 0), at) << length << " " << at;
                std::string quoted;
                appendJsonQuoted(quoted, value);
                auto parsed = parseJsonArray("[" + quoted + "]");
                ASSERT_TRUE(parsed) << quoted;
                EXPECT_EQ(parsed->front(), value);
            }
        }
        const std::string plain(length, ' ');
        EXPECT_EQ(findJsonEscape(plain, 0), length);
    }
    const std::string utf8 = "Zürich ✓ 東京 Ünïcode \x7f";
    EXPECT_EQ(findJsonEscape(utf8, 0), utf8.size());
    std::string quoted;
    appendJsonQuoted(quoted, utf8);
    EXPECT_EQ(quoted, "\"" + utf8 + "\"");
}
