#include "text.hpp"

#include <cstdio>

namespace worker {

std::string json_quote(const std::string &value)
{
    std::string out = "\"";
    for (unsigned char c : value) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + "\"";
}

namespace {

void append_utf8(std::string &out, unsigned cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Parses a JSON string starting at json[i] == '"'; returns the position after it.
std::optional<std::size_t> parse_json_string(const std::string &json, std::size_t i, std::string *out)
{
    if (i >= json.size() || json[i] != '"') return std::nullopt;
    for (++i; i < json.size(); ++i) {
        char c = json[i];
        if (c == '"') return i + 1;
        if (c != '\\') {
            *out += c;
            continue;
        }
        if (++i >= json.size()) return std::nullopt;
        switch (json[i]) {
        case 'n': *out += '\n'; break;
        case 't': *out += '\t'; break;
        case 'r': *out += '\r'; break;
        case 'b': *out += '\b'; break;
        case 'f': *out += '\f'; break;
        case 'u': {
            if (i + 4 >= json.size()) return std::nullopt;
            unsigned cp = 0;
            for (int k = 1; k <= 4; ++k) {
                int h = hex_value(json[i + k]);
                if (h < 0) return std::nullopt;
                cp = cp * 16 + static_cast<unsigned>(h);
            }
            i += 4;
            append_utf8(*out, cp);
            break;
        }
        default: *out += json[i];
        }
    }
    return std::nullopt;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

std::optional<std::string> json_string_field(const std::string &json, const std::string &key)
{
    const std::string quoted = json_quote(key);
    for (std::size_t at = json.find(quoted); at != std::string::npos; at = json.find(quoted, at + 1)) {
        std::size_t i = at + quoted.size();
        while (i < json.size() && is_space(json[i])) ++i;
        if (i >= json.size() || json[i] != ':') continue;  // a value that happens to equal the key
        ++i;
        while (i < json.size() && is_space(json[i])) ++i;
        std::string value;
        if (parse_json_string(json, i, &value)) return value;
        return std::nullopt;
    }
    return std::nullopt;
}

std::string pg_array_literal(const std::vector<std::optional<std::string>> &elements)
{
    std::string out = "{";
    for (std::size_t i = 0; i < elements.size(); ++i) {
        if (i) out += ',';
        if (!elements[i]) {
            out += "NULL";
            continue;
        }
        out += '"';
        for (char c : *elements[i]) {
            if (c == '"' || c == '\\') out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

std::string clean_text(const std::string &raw)
{
    std::string out;
    out.reserve(raw.size());
    const auto *s = reinterpret_cast<const unsigned char *>(raw.data());
    const std::size_t n = raw.size();
    for (std::size_t i = 0; i < n;) {
        unsigned char c = s[i];
        if (c < 0x80) {
            if (c == '\n' || c == '\r' || c == '\t') out += ' ';
            else if (c >= 0x20 && c != 0x7F) out += static_cast<char>(c);
            ++i;
            continue;
        }
        std::size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
        bool ok = len != 0 && i + len <= n;
        unsigned cp = ok ? (c & (0x7F >> len)) : 0;
        for (std::size_t k = 1; ok && k < len; ++k) {
            ok = (s[i + k] & 0xC0) == 0x80;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        // overlong forms, surrogates and out-of-range code points are invalid too
        ok = ok && !(len == 2 && cp < 0x80) && !(len == 3 && cp < 0x800) && !(len == 4 && cp < 0x10000) &&
             !(cp >= 0xD800 && cp <= 0xDFFF) && cp <= 0x10FFFF;
        if (ok && (cp == 0x85 || cp == 0x2028 || cp == 0x2029)) {
            out += ' ';  // NEL and the Unicode line and paragraph separators: one log line stays one
            i += len;
        } else if (ok && ((cp >= 0x80 && cp < 0xA0) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))) {
            i += len;  // C1 controls and bidirectional overrides: dropped, as ASCII controls are
        } else if (ok) {
            out.append(raw, i, len);
            i += len;
        } else {
            out += "\xEF\xBF\xBD";
            ++i;
        }
    }
    return out;
}

std::string truncate_utf8(const std::string &text, std::size_t max_bytes)
{
    if (text.size() <= max_bytes) return text;
    std::size_t len = max_bytes;
    while (len > 0 && (static_cast<unsigned char>(text[len]) & 0xC0) == 0x80) --len;
    return text.substr(0, len) + "\xE2\x80\xA6";
}

std::string encode_path_segment(const std::string &segment)
{
    static const char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : segment) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~' || c == ':') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::size_t utf8_length(const std::string &text)
{
    std::size_t n = 0;
    for (unsigned char c : text)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

}  // namespace worker
