#include "jwt_claims.hpp"

#include <string>
#include <vector>

namespace pod_amplify::core {

namespace {

// A single pass over the text. Nesting is kept in an explicit stack (one byte
// a level), so depth costs heap, not the server's stack.
class Scanner {
public:
    explicit Scanner(std::string_view text) : text_(text) {}

    std::optional<UuidBytes> run()
    {
        skip_space();
        if (!at('{'))
            return std::nullopt;  // claims are an object
        if (!value(true))
            return std::nullopt;
        skip_space();
        if (pos_ != text_.size())
            return std::nullopt;  // trailing garbage: not JSON
        return sub_;
    }

private:
    bool at(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

    void skip_space()
    {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
            ++pos_;
    }

    bool literal(std::string_view word)
    {
        if (text_.substr(pos_, word.size()) != word)
            return false;
        pos_ += word.size();
        return true;
    }

    static int hex(char c)
    {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    bool hex4(unsigned *out)
    {
        if (text_.size() - pos_ < 4)
            return false;
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hex(text_[pos_ + i]);
            if (h < 0)
                return false;
            v = v * 16 + static_cast<unsigned>(h);
        }
        pos_ += 4;
        *out = v;
        return true;
    }

    static void append_utf8(std::string &out, unsigned cp)
    {
        if (cp < 0x80) {
            out.push_back(static_cast<char>(cp));
        } else if (cp < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
    }

    // A string at pos_ ('"'); its decoded text goes to *out when out is given
    // and it is short enough to matter (keys and uuids are short).
    bool string(std::string *out)
    {
        constexpr std::size_t kKeep = 64;
        ++pos_;  // the opening quote
        bool keep = out != nullptr;
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c == '"') {
                ++pos_;
                return true;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                return false;  // control characters must be escaped
            if (keep && out->size() > kKeep)
                keep = false, out->assign("\x01too long");
            if (c != '\\') {
                if (keep) out->push_back(c);
                ++pos_;
                continue;
            }
            ++pos_;
            if (pos_ >= text_.size())
                return false;
            const char e = text_[pos_++];
            unsigned cp = 0;
            switch (e) {
            case '"': cp = '"'; break;
            case '\\': cp = '\\'; break;
            case '/': cp = '/'; break;
            case 'b': cp = '\b'; break;
            case 'f': cp = '\f'; break;
            case 'n': cp = '\n'; break;
            case 'r': cp = '\r'; break;
            case 't': cp = '\t'; break;
            case 'u': {
                if (!hex4(&cp))
                    return false;
                if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair
                    unsigned low;
                    if (!literal("\\u") || !hex4(&low) || low < 0xDC00 || low > 0xDFFF)
                        return false;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return false;  // a lone low surrogate
                }
                break;
            }
            default: return false;
            }
            if (keep) append_utf8(*out, cp);
        }
        return false;  // unterminated
    }

    bool number()
    {
        const std::size_t start = pos_;
        if (at('-')) ++pos_;
        if (at('0')) {
            ++pos_;
        } else {
            if (!(pos_ < text_.size() && text_[pos_] >= '1' && text_[pos_] <= '9'))
                return false;
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
        }
        if (at('.')) {
            ++pos_;
            const std::size_t digits = pos_;
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
            if (pos_ == digits) return false;
        }
        if (at('e') || at('E')) {
            ++pos_;
            if (at('+') || at('-')) ++pos_;
            const std::size_t digits = pos_;
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
            if (pos_ == digits) return false;
        }
        return pos_ > start;
    }

    // One value at pos_, containers included, iteratively. `top` is set for the
    // outermost object, whose "sub" member is the one that counts.
    bool value(bool top)
    {
        std::vector<char> stack;  // '{' or '['
        bool expect_key_or_close = false;
        bool pending_sub = false;  // the value about to be read is top-level "sub"
        for (;;) {
            skip_space();
            if (pos_ >= text_.size())
                return false;
            // A value.
            const char c = text_[pos_];
            bool scalar_done = false;
            if (c == '{' || c == '[') {
                if (pending_sub) sub_.reset();  // a container is not a uuid
                pending_sub = false;
                stack.push_back(c);
                ++pos_;
                skip_space();
                if (at(c == '{' ? '}' : ']')) {
                    ++pos_;
                    stack.pop_back();
                    scalar_done = true;
                } else if (c == '{') {
                    expect_key_or_close = true;
                }
            } else if (c == '"') {
                std::string text;
                if (!string(pending_sub ? &text : nullptr))
                    return false;
                if (pending_sub)
                    sub_ = parse_uuid(text);
                pending_sub = false;
                scalar_done = true;
            } else {
                if (pending_sub) sub_.reset();
                pending_sub = false;
                if (!(literal("true") || literal("false") || literal("null") || number()))
                    return false;
                scalar_done = true;
            }
            // After a value (or inside a freshly opened object): keys, commas, closes.
            for (;;) {
                if (expect_key_or_close) {
                    expect_key_or_close = false;
                    skip_space();
                    if (!at('"'))
                        return false;
                    std::string key;
                    const bool is_top_member = top && stack.size() == 1;
                    if (!string(is_top_member ? &key : nullptr))
                        return false;
                    skip_space();
                    if (!at(':'))
                        return false;
                    ++pos_;
                    pending_sub = is_top_member && key == "sub";
                    break;  // read the member's value
                }
                if (!scalar_done)
                    break;  // a freshly opened array: read its first value
                if (stack.empty())
                    return true;
                skip_space();
                if (pos_ >= text_.size())
                    return false;
                const char d = text_[pos_];
                if (d == ',') {
                    ++pos_;
                    if (stack.back() == '{')
                        expect_key_or_close = true;
                    else
                        break;  // the next array element
                } else if (d == (stack.back() == '{' ? '}' : ']')) {
                    ++pos_;
                    stack.pop_back();
                } else {
                    return false;
                }
            }
        }
    }

    std::string_view text_;
    std::size_t pos_ = 0;
    std::optional<UuidBytes> sub_;
};

}  // namespace

std::optional<UuidBytes> sub_claim(std::string_view json) noexcept
{
    try {
        return Scanner(json).run();
    } catch (...) {  // std::bad_alloc on absurd nesting: no identity, not an error
        return std::nullopt;
    }
}

}  // namespace pod_amplify::core
