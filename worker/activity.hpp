// What the worker knows about one claimed activity, and what became of it.
#pragma once

#include <optional>
#include <string>

namespace worker {

enum class Outcome { Success, Retry, Fatal };

inline const char *outcome_word(Outcome o)
{
    return o == Outcome::Success ? "success" : o == Outcome::Retry ? "retry" : "fatal";
}

// One row of the claim: the activity and what calling Unipile needs.
struct Claimed {
    std::string id;
    std::string client;                       // the tenant: client_id (a legacy row: "pod:" and its pod)
    std::string action;                       // like, comment, repost (COALESCE(action, engagement_type))
    std::optional<std::string> comment_text;  // the text a comment posts
    int attempt = 1;
    std::optional<std::string> account_id;    // the member's Unipile account id
    std::optional<std::string> post_url;      // the post's LinkedIn URL
};

// The outcome to report, and the detail that goes with it (repost URL for a
// success, the error for a failure).
struct Verdict {
    Outcome outcome = Outcome::Retry;
    std::optional<std::string> detail;
};

// A finished attempt waiting for its report.
struct Finished {
    Claimed activity;
    Verdict verdict;
    long long ms = 0;  // time spent on the Unipile call
};

}  // namespace worker
