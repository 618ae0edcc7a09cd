// From the post's LinkedIn URL to the id Unipile acts on, and from Unipile's
// answer to a repost back to a LinkedIn URL.
#pragma once

#include <optional>
#include <string>

namespace worker {

// The post's URN (urn:li:activity:N, urn:li:ugcPost:N or urn:li:share:N) found
// in its URL: /feed/update/urn:li:activity:N/ or /posts/<slug>-activity-N-xxxx,
// percent-encoded colons allowed. Unipile's "Posts and Comments" guide:
// LinkedIn actions take the post's social_id, which for these URLs is that URN.
std::optional<std::string> post_urn_from_url(const std::string &url);

// The repost's own LinkedIn URL from Unipile's answer to POST /api/v1/posts:
// a share_url/url field on linkedin.com when present, else one made from the
// post_id (a URN or the numeric activity id); nullopt when there is neither.
std::optional<std::string> repost_url_from_answer(const std::string &body);

}  // namespace worker
