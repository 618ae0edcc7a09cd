// Hand-written, linear scans: the URL is a tenant's text. (libstdc++'s
// std::regex recurses once per character on a repeated group: a 32 KB post URL
// overflowed the stack and crashed the worker, and the restarted worker, which
// takes its own leases back first, crashed on the same row again.)
#include "linkedin_post.hpp"

#include "text.hpp"

#include <cctype>
#include <cstring>

namespace worker {

namespace {

// Longer than any URL LinkedIn makes; refused before any scan.
const std::size_t kMaxUrlBytes = 8192;

std::string decode_colons(const std::string &url)
{
    std::string out;
    out.reserve(url.size());
    for (std::size_t i = 0; i < url.size(); i++) {
        if (url[i] == '%' && i + 2 < url.size() && url[i + 1] == '3' && (url[i + 2] == 'A' || url[i + 2] == 'a')) {
            out += ':';
            i += 2;
        } else {
            out += url[i];
        }
    }
    return out;
}

bool all_digits(const std::string &s)
{
    if (s.empty()) return false;
    for (unsigned char c : s)
        if (!std::isdigit(c)) return false;
    return true;
}

bool starts_with_nocase(const std::string &s, std::size_t at, const char *prefix)
{
    const std::size_t n = std::strlen(prefix);
    if (at + n > s.size()) return false;
    for (std::size_t i = 0; i < n; i++)
        if (std::tolower(static_cast<unsigned char>(s[at + i])) != prefix[i]) return false;
    return true;
}

// http(s)://, then a host of dot-separated [a-z0-9-] labels ending in
// linkedin.com (any case), then '/' or the end: no port, user or query there.
bool on_linkedin(const std::string &url)
{
    std::size_t at;
    if (starts_with_nocase(url, 0, "https://")) at = 8;
    else if (starts_with_nocase(url, 0, "http://")) at = 7;
    else return false;
    std::size_t end = url.find('/', at);
    if (end == std::string::npos) end = url.size();
    std::string host;
    for (std::size_t i = at; i < end; i++) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(url[i])));
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.')) return false;
        host += c;
    }
    const std::string domain = "linkedin.com";
    if (host == domain) return true;
    if (host.size() <= domain.size() + 1 || host.compare(host.size() - domain.size() - 1, std::string::npos, "." + domain) != 0)
        return false;
    // Every label before it is non-empty.
    const std::string labels = host.substr(0, host.size() - domain.size() - 1);
    return labels.front() != '.' && labels.back() != '.' && labels.find("..") == std::string::npos;
}

// The URN kinds a post URL names, spelt as LinkedIn does.
const char *const kKinds[] = {"activity", "ugcPost", "share"};

// The kind word at `at` followed by `sep`, then a run of 6-30 digits (the whole
// run: a longer number is not cut short); the URN, or "" when not there.
std::string kind_and_number(const std::string &s, std::size_t at, char sep, std::size_t *after)
{
    for (const char *kind : kKinds) {
        const std::size_t n = std::strlen(kind);
        if (s.compare(at, n, kind) != 0 || at + n >= s.size() || s[at + n] != sep) continue;
        std::size_t d = at + n + 1, e = d;
        while (e < s.size() && std::isdigit(static_cast<unsigned char>(s[e]))) e++;
        if (e - d < 6 || e - d > 30) return "";
        *after = e;
        return std::string("urn:li:") + kind + ":" + s.substr(d, e - d);
    }
    return "";
}

// "urn:li:<kind>:<digits>" anywhere.
std::string find_urn(const std::string &url)
{
    for (std::size_t at = 0; (at = url.find("urn:li:", at)) != std::string::npos; at++) {
        std::size_t after;
        std::string urn = kind_and_number(url, at + 7, ':', &after);
        if (!urn.empty()) return urn;
    }
    return "";
}

// A post slug: "-<kind>-<digits>" or "/<kind>-<digits>", then '-', '/', '?' or the end.
std::string find_slug(const std::string &url)
{
    for (std::size_t at = 0; at + 1 < url.size(); at++) {
        if (url[at] != '-' && url[at] != '/') continue;
        std::size_t after;
        std::string urn = kind_and_number(url, at + 1, '-', &after);
        if (!urn.empty() && (after == url.size() || url[after] == '-' || url[after] == '/' || url[after] == '?'))
            return urn;
    }
    return "";
}

// The whole of `s` is one URN.
bool is_urn(const std::string &s)
{
    if (s.compare(0, 7, "urn:li:") != 0) return false;
    std::size_t after;
    return !kind_and_number(s, 7, ':', &after).empty() && after == s.size();
}

}  // namespace

std::optional<std::string> post_urn_from_url(const std::string &raw)
{
    if (raw.size() > kMaxUrlBytes) return std::nullopt;
    const std::string url = decode_colons(raw);
    if (!on_linkedin(url)) return std::nullopt;
    std::string urn = find_urn(url);
    if (urn.empty()) urn = find_slug(url);
    if (urn.empty()) return std::nullopt;
    return urn;
}

std::optional<std::string> repost_url_from_answer(const std::string &body)
{
    // Only text the database can store as it is: valid UTF-8, no control
    // characters (a "\ud800" or "\u0000" escape made the whole report fail).
    for (const char *key : {"share_url", "url"}) {
        auto v = json_string_field(body, key);
        if (v && v->size() <= kMaxUrlBytes && on_linkedin(*v) && clean_text(*v) == *v) return v;
    }
    for (const char *key : {"post_id", "social_id", "id"}) {
        auto v = json_string_field(body, key);
        if (!v) continue;
        if (all_digits(*v) && v->size() <= 30) return "https://www.linkedin.com/feed/update/urn:li:activity:" + *v + "/";
        if (is_urn(*v)) return "https://www.linkedin.com/feed/update/" + *v + "/";
    }
    return std::nullopt;
}

}  // namespace worker
