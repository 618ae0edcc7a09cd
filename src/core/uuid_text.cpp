#include "uuid_text.hpp"

namespace pod_amplify::core {

namespace {
int hex_value(char c) noexcept
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

std::optional<UuidBytes> parse_uuid(std::string_view text) noexcept
{
    UuidBytes out{};
    std::size_t pos = 0;
    const bool braces = !text.empty() && text[0] == '{';
    if (braces)
        ++pos;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (pos + 2 > text.size())
            return std::nullopt;
        const int hi = hex_value(text[pos]), lo = hex_value(text[pos + 1]);
        if (hi < 0 || lo < 0)
            return std::nullopt;
        out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
        pos += 2;
        if (pos < text.size() && text[pos] == '-' && i % 2 == 1 && i < out.size() - 1)
            ++pos;
    }
    if (braces) {
        if (pos >= text.size() || text[pos] != '}')
            return std::nullopt;
        ++pos;
    }
    if (pos != text.size())
        return std::nullopt;
    return out;
}

std::string format_uuid(const UuidBytes &bytes)
{
    static const char *hex = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out.push_back('-');
        out.push_back(hex[bytes[i] >> 4]);
        out.push_back(hex[bytes[i] & 0x0F]);
    }
    return out;
}

}  // namespace pod_amplify::core
