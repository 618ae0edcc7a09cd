// LinkedIn profile URLs: parsed with Boost.URL (userinfo, ports, percent-encoding
// and odd schemes handled by a real RFC 3986 parser), then LinkedIn's own rules.
#pragma once

#include <string>
#include <string_view>

namespace pod_amplify::core {

// Longest input looked at; anything longer is refused before parsing.
inline constexpr std::size_t kMaxLinkedInUrlBytes = 2048;

struct LinkedInProfile {
    std::string slug;        // decoded, ASCII letters lower-cased
    std::string normalized;  // https://www.linkedin.com/in/<slug, percent-encoded>
};

// Accepts http(s) URLs (scheme optional) on linkedin.com, www., m. or a two-letter
// country subdomain, with path /in/<slug>[/]; query and fragment are dropped.
// The slug is 3 to 100 characters: letters (any script), digits and '-'.
// Throws RuleError 22023 naming the rule and the value otherwise.
LinkedInProfile parse_linkedin_profile_url(std::string_view raw);

}  // namespace pod_amplify::core
