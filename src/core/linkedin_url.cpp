#include "linkedin_url.hpp"

#include "rule_error.hpp"
#include "utf8_text.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace pod_amplify::core {

namespace {

[[noreturn]] void refuse(std::string_view raw, const std::string &why)
{
    throw RuleError(SqlState::InvalidParameterValue,
                    "invalid LinkedIn profile URL \"" + display_value(raw) + "\": " + why,
                    {},
                    "Expected https://www.linkedin.com/in/<profile>.");
}

std::string_view trim(std::string_view s)
{
    const char *ws = " \t\r\n";
    const auto first = s.find_first_not_of(ws);
    if (first == std::string_view::npos)
        return {};
    return s.substr(first, s.find_last_not_of(ws) - first + 1);
}

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string hex_code(char32_t cp)
{
    static const char *hex = "0123456789ABCDEF";
    std::string out;
    for (int shift = cp > 0xFFFF ? 20 : 12; shift >= 0; shift -= 4)
        out.push_back(hex[(cp >> shift) & 0xF]);
    return out;
}

bool host_is_linkedin(const std::string &host)
{
    static const std::string base = "linkedin.com";
    if (host == base)
        return true;
    if (host.size() <= base.size() + 1 || host.compare(host.size() - base.size(), base.size(), base) != 0 ||
        host[host.size() - base.size() - 1] != '.')
        return false;
    const std::string label = host.substr(0, host.size() - base.size() - 1);
    if (label == "www" || label == "m")
        return true;
    return label.size() == 2 && is_ascii_alpha(label[0]) && is_ascii_alpha(label[1]);
}

// Validates the decoded slug and returns it with ASCII letters lower-cased.
std::string checked_slug(std::string_view raw, const std::string &decoded)
{
    if (!is_valid_utf8(decoded))
        refuse(raw, "the profile name is not valid UTF-8");
    std::string slug;
    std::size_t chars = 0;
    for (std::size_t i = 0; i < decoded.size();) {
        const DecodedChar d = decode_utf8(decoded, i);
        const char c = decoded[i];
        ++chars;
        if (d.cp >= 0x80) {
            if (is_invisible_or_control(d.cp))
                refuse(raw, "the profile name holds an invisible, control or bidirectional character (U+" + hex_code(d.cp) + ")");
            slug.append(decoded, i, d.length);
        } else {
            if (!(is_ascii_alpha(c) || (c >= '0' && c <= '9') || c == '-'))
                refuse(raw, "the profile name may hold only letters, digits and '-'");
            slug.push_back(ascii_lower(c));
        }
        i += d.length;
    }
    if (chars < 3 || chars > 100)
        refuse(raw, "the profile name must be 3 to 100 characters long");
    return slug;
}

std::string percent_encoded(const std::string &slug)
{
    static const char *hex = "0123456789ABCDEF";
    std::string out;
    for (char c : slug) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(hex[u >> 4]);
            out.push_back(hex[u & 0x0F]);
        }
    }
    return out;
}

}  // namespace

LinkedInProfile parse_linkedin_profile_url(std::string_view raw)
{
    if (raw.size() > kMaxLinkedInUrlBytes)
        refuse(raw, "longer than " + std::to_string(kMaxLinkedInUrlBytes) + " bytes");
    const std::string_view text = trim(raw);
    if (text.empty())
        refuse(raw, "empty");

    // "linkedin.com/in/x" has no scheme; give it one. Anything that parses with a
    // scheme keeps it, so "javascript:..." is judged as what it is.
    std::string candidate(text);
    auto parsed = boost::urls::parse_uri(candidate);
    if (!parsed) {
        candidate = "https://" + candidate;
        parsed = boost::urls::parse_uri(candidate);
    }
    if (!parsed)
        refuse(raw, "not a URL");
    const boost::urls::url_view url = *parsed;

    const auto scheme = url.scheme_id();
    if (scheme != boost::urls::scheme::https && scheme != boost::urls::scheme::http)
        refuse(raw, "the scheme must be http or https");
    if (url.has_userinfo())
        refuse(raw, "user information before the host is not allowed");
    if (url.host_type() != boost::urls::host_type::name)
        refuse(raw, "the host must be linkedin.com");
    std::string host;
    for (char c : url.encoded_host())
        host.push_back(ascii_lower(c));
    if (!host_is_linkedin(host))
        refuse(raw, "the host must be linkedin.com");
    if (url.has_port()) {
        const auto port = url.port_number();
        const bool default_port = (scheme == boost::urls::scheme::https && port == 443) ||
                                  (scheme == boost::urls::scheme::http && port == 80);
        if (!default_port)
            refuse(raw, "a port other than the scheme's default is not allowed");
    }

    const auto segments = url.segments();
    auto it = segments.begin();
    const auto end = segments.end();
    if (it == end || *it != "in")
        refuse(raw, "the path must be /in/<profile>");
    ++it;
    if (it == end)
        refuse(raw, "the path must be /in/<profile>");
    const std::string decoded = *it;
    if (decoded.empty())
        refuse(raw, "the path must be /in/<profile>");
    ++it;
    if (it != end && !(*it).empty())
        refuse(raw, "the path must be /in/<profile>");
    if (it != end && ++it != end)
        refuse(raw, "the path must be /in/<profile>");

    LinkedInProfile profile;
    profile.slug = checked_slug(raw, decoded);
    profile.normalized = "https://www.linkedin.com/in/" + percent_encoded(profile.slug);
    return profile;
}

}  // namespace pod_amplify::core
