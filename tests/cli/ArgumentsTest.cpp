// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "Arguments.h"

using tessera::cli::Arguments;

TEST(Arguments, PositionalsOptionsAndFlags) {
    auto args = Arguments::parse({"p.tessera", "--file", "a.csv", "--json", "--size=10x20"},
                                 {"file", "size"}, {"json"});
    ASSERT_TRUE(args) << args.error().message;
    EXPECT_EQ(args->positionals(), std::vector<std::string>{"p.tessera"});
    EXPECT_EQ(args->valueOr("file", ""), "a.csv");
    EXPECT_EQ(args->valueOr("size", ""), "10x20");
    EXPECT_TRUE(args->has("json"));
    EXPECT_FALSE(args->has("other"));
}

TEST(Arguments, UnknownOptionIsAnErrorNamingTheKnownOnes) {
    auto args = Arguments::parse({"--fiel", "x"}, {"file"}, {});
    ASSERT_FALSE(args);
    EXPECT_NE(args.error().message.find("--fiel"), std::string::npos);
    EXPECT_NE(args.error().message.find("--file"), std::string::npos);
}

TEST(Arguments, MissingValueAndBadNumbersAreErrors) {
    EXPECT_FALSE(Arguments::parse({"--file"}, {"file"}, {}));
    auto args = Arguments::parse({"--territories", "4x", "--tolerance", "0.02"},
                                 {"territories", "tolerance"}, {});
    ASSERT_TRUE(args);
    EXPECT_FALSE(args->integer("territories", 1));
    ASSERT_TRUE(args->number("tolerance", 0.05));
    EXPECT_DOUBLE_EQ(*args->number("tolerance", 0.05), 0.02);
    EXPECT_DOUBLE_EQ(*args->number("absent", 0.05), 0.05);
    EXPECT_FALSE(args->required("absent"));
}

TEST(Arguments, FlagWithValueIsAnError) {
    EXPECT_FALSE(Arguments::parse({"--json=yes"}, {}, {"json"}));
}
