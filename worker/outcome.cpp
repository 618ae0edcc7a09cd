#include "outcome.hpp"

#include "linkedin_post.hpp"
#include "text.hpp"

#include <cctype>

namespace worker {

namespace {

Verdict fatal(const std::string &why)
{
    return Verdict{Outcome::Fatal, "cannot attempt: " + why};
}

std::string body_excerpt(const std::string &body)
{
    const std::string clean = clean_text(body);
    return clean.empty() ? "(empty body)" : truncate_utf8(clean, kMaxErrorBody);
}

bool is_unipile_account_id(const std::string &id)
{
    if (id.size() < 6 || id.size() > 128) return false;
    for (unsigned char c : id)
        if (!std::isalnum(c) && c != '-' && c != '_') return false;
    return true;
}

}  // namespace

std::optional<Verdict> cannot_attempt(const Claimed &a, std::string *post_urn)
{
    if (a.action != "like" && a.action != "comment" && a.action != "repost")
        return fatal("unknown action \"" + clean_text(a.action) + "\"");
    if (!a.account_id || a.account_id->empty()) return fatal("the member has no Unipile account id");
    // The engine's rule (6-128 letters, digits, '-' or '_'): a linked account's
    // id is a tenant's text, sent as is otherwise (" id\t" is not "id").
    if (!is_unipile_account_id(*a.account_id))
        return fatal("the member's Unipile account id is malformed (6-128 letters, digits, - or _)");
    if (!a.post_url || a.post_url->empty()) return fatal("the post has no LinkedIn URL");
    auto urn = post_urn_from_url(*a.post_url);
    if (!urn)
        return fatal("no post id (urn:li:activity|ugcPost|share) in the post's URL \"" +
                     truncate_utf8(clean_text(*a.post_url), 200) + "\"");
    if (a.action == "comment") {
        if (!a.comment_text || a.comment_text->empty()) return fatal("a comment without text");
        if (utf8_length(*a.comment_text) > kMaxCommentChars)
            return fatal("comment text longer than Unipile's " + std::to_string(kMaxCommentChars) + " characters");
    }
    *post_urn = *urn;
    return std::nullopt;
}

Verdict classify(const HttpAnswer &a, const std::string &action)
{
    if (a.curl_code != 0) {
        // No answer. Before the request went out nothing can have happened; after
        // it, the action may or may not have been performed: both are retried
        // (SPEC: timeouts and network errors retry), the error says which.
        std::string what = a.timed_out ? "timeout" : "network error";
        std::string when = a.request_sent ? "after the request was sent, no answer (the action may have happened)"
                                          : "before the request was sent";
        return Verdict{Outcome::Retry, what + " " + when + ": " + clean_text(a.curl_error)};
    }
    const std::string status = "HTTP " + std::to_string(a.status);
    if (a.status >= 200 && a.status < 300) {
        Verdict v{Outcome::Success, std::nullopt};
        if (action == "repost") v.detail = repost_url_from_answer(a.body);
        return v;
    }
    if (a.status == 429 || a.status == 408 || a.status >= 500)
        return Verdict{Outcome::Retry, status + ": " + body_excerpt(a.body)};
    return Verdict{Outcome::Fatal, status + ": " + body_excerpt(a.body)};
}

}  // namespace worker
