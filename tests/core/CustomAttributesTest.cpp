// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "core/CustomAttributes.h"

using namespace tessera;

namespace {

std::vector<std::pair<std::string, std::string>> items(const CustomAttributes& attributes) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, value] : attributes) {
        out.emplace_back(name, value);
    }
    return out;
}

}  // namespace

TEST(CustomAttributes, KeepOrderRepeatsAndEveryByte) {
    CustomAttributes attributes;
    EXPECT_TRUE(attributes.empty());
    EXPECT_EQ(attributes.size(), 0U);
    EXPECT_TRUE(attributes.begin() == attributes.end());
    const std::string nul("a\0b", 3);
    attributes.add("Region", "Nord");
    attributes.add("", "");
    attributes.add("Region", "again");
    attributes.add("控制", nul);
    EXPECT_FALSE(attributes.empty());
    ASSERT_EQ(attributes.size(), 4U);
    const std::vector<std::pair<std::string, std::string>> expected = {
        {"Region", "Nord"}, {"", ""}, {"Region", "again"}, {"控制", nul}};
    EXPECT_EQ(items(attributes), expected);
    EXPECT_EQ(attributes[2].second, "again");
    EXPECT_EQ(attributes[3].second, nul);
}

TEST(CustomAttributes, LongNamesAndValuesOfEveryLengthPrefixSize) {
    // Lengths take one byte below 128, two below 16,384, three above.
    CustomAttributes attributes;
    std::vector<std::pair<std::string, std::string>> expected;
    for (const std::size_t length : {0, 1, 127, 128, 129, 16383, 16384, 70000}) {
        std::string name(length % 300, 'n');
        std::string value(length, static_cast<char>('a' + length % 26));
        attributes.add(name, value);
        expected.emplace_back(name, value);
    }
    EXPECT_EQ(items(attributes), expected);
    EXPECT_EQ(attributes.size(), expected.size());
}

TEST(CustomAttributes, EqualWhenTheSamePairsInTheSameOrder) {
    const CustomAttributes a = {{"city", "Springfield"}, {"tier", "2"}};
    CustomAttributes b;
    b.reserve(20, 2);
    b.add("city", "Springfield");
    b.add("tier", "2");
    EXPECT_EQ(a, b);
    EXPECT_NE(a, (CustomAttributes{{"tier", "2"}, {"city", "Springfield"}}));
    EXPECT_NE(a, (CustomAttributes{{"city", "Springfield"}}));
    // "ab" + "c" is not "a" + "bc": the lengths are part of it.
    EXPECT_NE((CustomAttributes{{"ab", "c"}}), (CustomAttributes{{"a", "bc"}}));
    b.clear();
    EXPECT_TRUE(b.empty());
    EXPECT_EQ(b, CustomAttributes{});
}
