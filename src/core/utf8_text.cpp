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

DecodedChar decode_utf8(std::string_view text, std::size_t i) noexcept
{
    const std::size_t len = sequence_length(text, i);
    if (len == 0)
        return {0, 0};
    const auto byte = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(text[i + k])); };
    switch (len) {
    case 1: return {byte(0), 1};
    case 2: return {((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F), 2};
    case 3: return {((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F), 3};
    default:
        return {((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F), 4};
    }
}

bool is_invisible_or_control(char32_t cp) noexcept
{
    struct Range { char32_t first, last; };
    static constexpr Range kRanges[] = {
        {0x0000, 0x001F}, {0x007F, 0x009F},    // C0, DEL, C1 controls
        {0x00A0, 0x00A0}, {0x00AD, 0x00AD},    // no-break space, soft hyphen
        {0x034F, 0x034F},                      // combining grapheme joiner
        {0x061C, 0x061C},                      // Arabic letter mark (bidi)
        {0x0600, 0x0605}, {0x06DD, 0x06DD}, {0x070F, 0x070F}, {0x0890, 0x0891}, {0x08E2, 0x08E2},
        {0x115F, 0x1160}, {0x1680, 0x1680},    // Hangul fillers, Ogham space
        {0x17B4, 0x17B5}, {0x180B, 0x180F},    // Khmer invisible vowels, Mongolian selectors
        {0x2000, 0x200F},                      // spaces, zero-width (ZWSP, ZWNJ, ZWJ), LRM, RLM
        {0x2028, 0x202F},                      // separators, LRE RLE PDF LRO RLO, narrow space
        {0x205F, 0x206F},                      // math space, word joiner, invisible operators, LRI..PDI, deprecated
        {0x2800, 0x2800},                      // braille blank
        {0x3000, 0x3000}, {0x3164, 0x3164},    // ideographic space, Hangul filler
        {0xD800, 0xDFFF},                      // surrogates (never valid UTF-8 anyway)
        {0xE000, 0xF8FF},                      // private use
        {0xFDD0, 0xFDEF},                      // noncharacters
        {0xFE00, 0xFE0F},                      // variation selectors
        {0xFEFF, 0xFEFF}, {0xFFA0, 0xFFA0},    // BOM / zero-width no-break space, halfwidth filler
        {0xFFF0, 0xFFFF},                      // specials (interlinear annotations, replacement...)
        {0x110BD, 0x110BD}, {0x110CD, 0x110CD}, {0x13430, 0x1343F},
        {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A},  // shorthand and musical format controls
        {0xE0000, 0xE0FFF},                    // tags, variation selectors supplement
        {0xF0000, 0x10FFFF},                   // supplementary private use
    };
    for (const auto &r : kRanges)
        if (cp >= r.first && cp <= r.last)
            return true;
    return (cp & 0xFFFE) == 0xFFFE;  // U+xFFFE / U+xFFFF noncharacters of every plane
}

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
