// SPDX-License-Identifier: Apache-2.0
#include "io/TextEncoding.h"

#include <gtest/gtest.h>

namespace tessera::io {
namespace {

TEST(TextEncoding, ValidUtf8NeedsNoConversion) {
    const std::string text = "M\xC3\xBCller,Caf\xC3\xA9";
    EXPECT_EQ(detectEncoding(text), TextEncoding::Utf8);
    EXPECT_FALSE(convertToUtf8(text, TextEncoding::Utf8));
}

TEST(TextEncoding, Utf8ByteOrderMarkIsRemoved) {
    EXPECT_EQ(convertToUtf8("\xEF\xBB\xBFid", TextEncoding::Utf8), "id");
}

TEST(TextEncoding, Utf16ByteOrderMarksAreDetectedAndConverted) {
    const std::string le("\xFF\xFEM\0\xFC\0", 6);
    EXPECT_EQ(detectEncoding(le), TextEncoding::Utf16LE);
    EXPECT_EQ(convertToUtf8(le, TextEncoding::Utf16LE), "M\xC3\xBC");
    const std::string be("\xFE\xFF\0M\0\xFC", 6);
    EXPECT_EQ(detectEncoding(be), TextEncoding::Utf16BE);
    EXPECT_EQ(convertToUtf8(be, TextEncoding::Utf16BE), "M\xC3\xBC");
}

TEST(TextEncoding, Utf16WithoutByteOrderMarkIsRecognisedByItsZeroBytes) {
    const std::string le("i\0d\0,\0n\0", 8);
    EXPECT_EQ(detectEncoding(le), TextEncoding::Utf16LE);
}

TEST(TextEncoding, SurrogatePairsBecomeOneCharacter) {
    const std::string le("\x3D\xD8\x00\xDE", 4);  // U+1F600
    EXPECT_EQ(convertToUtf8(le, TextEncoding::Utf16LE), "\xF0\x9F\x98\x80");
}

TEST(TextEncoding, InvalidUtf8IsWindows1252WithEuroAndCurlyQuotes) {
    const std::string text = "Caf\xE9 \x80 \x93";
    EXPECT_FALSE(isValidUtf8(text));
    EXPECT_EQ(detectEncoding(text), TextEncoding::Windows1252);
    EXPECT_EQ(convertToUtf8(text, TextEncoding::Windows1252),
              "Caf\xC3\xA9 \xE2\x82\xAC \xE2\x80\x9C");  // € and a left double quote
    EXPECT_EQ(convertToUtf8(text, TextEncoding::Latin1), "Caf\xC3\xA9 \xC2\x80 \xC2\x93");
}

TEST(TextEncoding, OverlongAndSurrogateSequencesAreNotUtf8) {
    EXPECT_FALSE(isValidUtf8("\xC0\xAF"));
    EXPECT_FALSE(isValidUtf8("\xED\xA0\x80"));
    EXPECT_FALSE(isValidUtf8("\xF4\x90\x80\x80"));
    EXPECT_TRUE(isValidUtf8("\xF0\x9F\x98\x80 plain ascii text longer than eight bytes"));
}

TEST(TextEncoding, NamesAsUsersWriteThem) {
    EXPECT_EQ(parseEncodingName("UTF-8"), TextEncoding::Utf8);
    EXPECT_EQ(parseEncodingName("utf16le"), TextEncoding::Utf16LE);
    EXPECT_EQ(parseEncodingName("CP1252"), TextEncoding::Windows1252);
    EXPECT_EQ(parseEncodingName("windows-1252"), TextEncoding::Windows1252);
    EXPECT_EQ(parseEncodingName("ISO-8859-1"), TextEncoding::Latin1);
    EXPECT_FALSE(parseEncodingName("ebcdic"));
}

}  // namespace
}  // namespace tessera::io
