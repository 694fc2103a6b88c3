// SPDX-License-Identifier: Apache-2.0
#include "JsonText.h"

#include "core/JsonQuote.h"

#include <cstdint>

namespace tessera {

namespace {

void appendQuoted(std::string& out, std::string_view text) {
    appendJsonQuoted(out, text);
}

void appendUtf8(std::string& out, std::uint32_t codePoint) {
    if (codePoint < 0x80) {
        out += static_cast<char>(codePoint);
    } else if (codePoint < 0x800) {
        out += static_cast<char>(0xc0 | (codePoint >> 6));
        out += static_cast<char>(0x80 | (codePoint & 0x3f));
    } else if (codePoint < 0x10000) {
        out += static_cast<char>(0xe0 | (codePoint >> 12));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (codePoint & 0x3f));
    } else {
        out += static_cast<char>(0xf0 | (codePoint >> 18));
        out += static_cast<char>(0x80 | ((codePoint >> 12) & 0x3f));
        out += static_cast<char>(0x80 | ((codePoint >> 6) & 0x3f));
        out += static_cast<char>(0x80 | (codePoint & 0x3f));
    }
}

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    [[nodiscard]] const std::string& error() const { return error_; }

    void skipSpace() {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\n' ||
                                      text_[at_] == '\r' || text_[at_] == '\t')) {
            ++at_;
        }
    }

    bool expect(char c) {
        skipSpace();
        if (at_ < text_.size() && text_[at_] == c) {
            ++at_;
            return true;
        }
        return setError(std::string("expected '") + c + "'");
    }

    bool peek(char c) {
        skipSpace();
        return at_ < text_.size() && text_[at_] == c;
    }

    bool atEnd() {
        skipSpace();
        return at_ == text_.size();
    }

    bool string(std::string& out) {
        skipSpace();
        if (at_ >= text_.size() || text_[at_] != '"') {
            return setError("expected a string");
        }
        ++at_;
        out.clear();
        while (at_ < text_.size()) {
            const char c = text_[at_++];
            if (c == '"') {
                return true;
            }
            if (c != '\\') {
                out += c;
                continue;
            }
            if (at_ >= text_.size()) {
                break;
            }
            const char escape = text_[at_++];
            switch (escape) {
                case '"':
                case '\\':
                case '/':
                    out += escape;
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    std::uint32_t codePoint = 0;
                    if (!hex4(codePoint)) {
                        return false;
                    }
                    if (codePoint >= 0xd800 && codePoint < 0xdc00 &&
                        text_.substr(at_, 2) == "\\u") {
                        at_ += 2;
                        std::uint32_t low = 0;
                        if (!hex4(low)) {
                            return false;
                        }
                        if (low >= 0xdc00 && low < 0xe000) {
                            codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low - 0xdc00);
                        } else {
                            appendUtf8(out, codePoint);
                            codePoint = low;
                        }
                    }
                    appendUtf8(out, codePoint);
                    break;
                }
                default:
                    return setError(std::string("unknown escape \\") + escape);
            }
        }
        return setError("unterminated string");
    }

    /// A string, or a number/true/false/null as its text ("" for null).
    bool scalar(std::string& out) {
        skipSpace();
        if (at_ < text_.size() && text_[at_] == '"') {
            return string(out);
        }
        const std::size_t begin = at_;
        while (at_ < text_.size() && text_[at_] != ',' && text_[at_] != ']' && text_[at_] != '}' &&
               text_[at_] != ' ' && text_[at_] != '\n' && text_[at_] != '\r' &&
               text_[at_] != '\t') {
            if (text_[at_] == '[' || text_[at_] == '{' || text_[at_] == '"') {
                return setError("nested values are not expected here");
            }
            ++at_;
        }
        if (at_ == begin) {
            return setError("expected a value");
        }
        out.assign(text_.substr(begin, at_ - begin));
        if (out == "null") {
            out.clear();
        }
        return true;
    }

    bool setError(const std::string& message) {
        if (error_.empty()) {
            error_ = message + " at character " + std::to_string(at_ + 1);
        }
        return false;
    }

private:
    bool hex4(std::uint32_t& value) {
        if (at_ + 4 > text_.size()) {
            return setError("truncated \\u escape");
        }
        value = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[at_++];
            value <<= 4U;
            if (c >= '0' && c <= '9') {
                value |= static_cast<std::uint32_t>(c - '0');
            } else if (c >= 'a' && c <= 'f') {
                value |= static_cast<std::uint32_t>(c - 'a' + 10);
            } else if (c >= 'A' && c <= 'F') {
                value |= static_cast<std::uint32_t>(c - 'A' + 10);
            } else {
                return setError("invalid \\u escape");
            }
        }
        return true;
    }

    std::string_view text_;
    std::size_t at_ = 0;
    std::string error_;
};

tl::unexpected<Error> badJson(const Parser& parser) {
    return fail(ErrorCode::BadData, "invalid JSON: " + parser.error());
}

}  // namespace

std::string toJsonArray(const std::vector<std::string>& values) {
    std::string out = "[";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        appendQuoted(out, values[i]);
    }
    out += ']';
    return out;
}

std::string toJsonObject(const JsonMembers& members) {
    std::string out;
    writeJsonObject(members, out);
    return out;
}

namespace {

template <typename Members>
void writeMembers(const Members& members, std::string& out) {
    out.assign(1, '{');
    bool first = true;
    for (const auto& [name, value] : members) {
        if (!first) {
            out += ',';
        }
        first = false;
        appendQuoted(out, name);
        out += ':';
        appendQuoted(out, value);
    }
    out += '}';
}

}  // namespace

void writeJsonObject(const JsonMembers& members, std::string& out) {
    writeMembers(members, out);
}

void writeJsonObject(const CustomAttributes& members, std::string& out) {
    writeMembers(members, out);
}

Result<std::vector<std::string>> parseJsonArray(std::string_view text) {
    Parser parser(text);
    std::vector<std::string> values;
    if (!parser.expect('[')) {
        return badJson(parser);
    }
    if (!parser.peek(']')) {
        do {
            std::string value;
            if (!parser.scalar(value)) {
                return badJson(parser);
            }
            values.push_back(std::move(value));
        } while (parser.peek(',') && parser.expect(','));
    }
    if (!parser.expect(']') || (!parser.atEnd() && !parser.setError("text after the array"))) {
        return badJson(parser);
    }
    return values;
}

namespace {

/// Parses a flat object of scalars, handing each (name, value) to `add` in order.
template <typename Add>
Result<void> parseMembers(std::string_view text, Add add) {
    Parser parser(text);
    if (!parser.expect('{')) {
        return badJson(parser);
    }
    if (!parser.peek('}')) {
        std::string name;
        std::string value;
        do {
            name.clear();
            value.clear();
            if (!parser.string(name) || !parser.expect(':') || !parser.scalar(value)) {
                return badJson(parser);
            }
            add(name, value);
        } while (parser.peek(',') && parser.expect(','));
    }
    if (!parser.expect('}') || (!parser.atEnd() && !parser.setError("text after the object"))) {
        return badJson(parser);
    }
    return {};
}

}  // namespace

Result<JsonMembers> parseJsonObject(std::string_view text) {
    JsonMembers members;
    if (auto parsed = parseMembers(text,
                                   [&members](std::string& name, std::string& value) {
                                       members.emplace_back(std::move(name), std::move(value));
                                   });
        !parsed) {
        return fail(parsed.error());
    }
    return members;
}

Result<void> parseJsonObject(std::string_view text, CustomAttributes& out) {
    return parseMembers(
        text, [&out](const std::string& name, const std::string& value) { out.add(name, value); });
}

}  // namespace tessera
