// What to report: whether a claimed activity can be attempted at all, and how
// Unipile's answer maps to an outcome (SPEC "The reference worker").
#pragma once

#include "activity.hpp"
#include "unipile.hpp"

#include <optional>
#include <string>

namespace worker {

// Unipile refuses longer comments (POST /api/v1/posts/{post_id}/comments, text maxLength 1250).
inline constexpr std::size_t kMaxCommentChars = 1250;
// How much of an answer body goes into the error we report.
inline constexpr std::size_t kMaxErrorBody = 300;

// A fatal verdict ("cannot attempt: ...") when the activity cannot even be
// tried — no Unipile account, no post URL or URN in it, a comment without text,
// an unknown action; nullopt when it can. On success, *post_urn is the post's URN.
std::optional<Verdict> cannot_attempt(const Claimed &activity, std::string *post_urn);

// 2xx: success (detail: the repost's URL when the answer gives one);
// 408, 429, 5xx and transport errors (timeouts, refused or dropped
// connections): retry; any other status: fatal, with the status and the
// (cleaned, truncated) body in the error.
Verdict classify(const HttpAnswer &answer, const std::string &action);

}  // namespace worker
