#include "utf8_text.hpp"

namespace pod_amplify::core {

namespace {

// Length of the well-formed sequence starting at text[i], or 0 when it is not one.
std::size_t sequence_length(std::string_view text, std::size_t i) noexcept
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80)
        return 1;
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        len = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        len = 3;
        if (lead == 0xE0) lo = 0xA0;   // overlong
        if (lead == 0xED) hi = 0x9F;   // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        len = 4;
        if (lead == 0xF0) lo = 0x90;   // overlong
        if (lead == 0xF4) hi = 0x8F;   // above U+10FFFF
    } else {
        return 0;
    }
    if (i + len > text.size())
        return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi)
        return 0;
    for (std::size_t k = 2; k < len; ++k)
        if ((byte(i + k) & 0xC0) != 0x80)
            return 0;
    return len;
}

}  // namespace

bool is_valid_utf8(std::string_view text) noexcept
{
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t len = sequence_length(text, i);
        if (len == 0)
            return false;
        i += len;
    }
    return true;
}

std::string display_value(std::string_view text, std::size_t max_chars)
{
    std::string out;
    std::size_t chars = 0, i = 0;
    while (i < text.size() && chars < max_chars) {
        const std::size_t len = sequence_length(text, i);
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (len == 0 || (len == 1 && (c < 0x20 || c == 0x7F))) {
            out.push_back('?');
            i += 1;
        } else {
            out.append(text.substr(i, len));
            i += len;
        }
        ++chars;
    }
    if (i < text.size())
        out.append("...");
    return out;
}

}  // namespace pod_amplify::core
