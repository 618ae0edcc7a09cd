#include "linkedin_post.hpp"

#include "text.hpp"

#include <cctype>
#include <regex>

namespace worker {

namespace {

std::string decode_colons(std::string url)
{
    for (std::size_t at = 0; (at = url.find('%', at)) != std::string::npos;) {
        if (at + 2 < url.size() && url[at + 1] == '3' && (url[at + 2] == 'A' || url[at + 2] == 'a')) {
            url.replace(at, 3, ":");
        }
        ++at;
    }
    return url;
}

bool all_digits(const std::string &s)
{
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (!std::isdigit(c)) return false;
    return true;
}

bool on_linkedin(const std::string &url)
{
    static const std::regex host(R"(^https?://([a-z0-9-]+\.)*linkedin\.com(/|$))", std::regex::icase);
    return std::regex_search(url, host);
}

}  // namespace

std::optional<std::string> post_urn_from_url(const std::string &raw)
{
    const std::string url = decode_colons(raw);
    if (!on_linkedin(url)) return std::nullopt;
    static const std::regex urn(R"(urn:li:(activity|ugcPost|share):([0-9]{6,30}))");
    static const std::regex slug(R"([-/](activity|ugcPost|share)-([0-9]{6,30})(-|/|$|\?))");
    std::smatch m;
    if (std::regex_search(url, m, urn) || std::regex_search(url, m, slug))
        return "urn:li:" + m[1].str() + ":" + m[2].str();
    return std::nullopt;
}

std::optional<std::string> repost_url_from_answer(const std::string &body)
{
    for (const char *key : {"share_url", "url"}) {
        auto v = json_string_field(body, key);
        if (v && on_linkedin(*v)) return v;
    }
    for (const char *key : {"post_id", "social_id", "id"}) {
        auto v = json_string_field(body, key);
        if (!v) continue;
        if (all_digits(*v)) return "https://www.linkedin.com/feed/update/urn:li:activity:" + *v + "/";
        static const std::regex whole_urn(R"(urn:li:(activity|ugcPost|share):[0-9]{6,30})");
        if (std::regex_match(*v, whole_urn)) return "https://www.linkedin.com/feed/update/" + *v + "/";
    }
    return std::nullopt;
}

}  // namespace worker
