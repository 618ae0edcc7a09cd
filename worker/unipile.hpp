// Unipile's LinkedIn endpoints over libcurl, one blocking call per activity.
//
// Endpoints (Unipile API v1, developer.unipile.com, API reference "Posts"):
//   like    POST {base}/api/v1/posts/reaction          JSON {account_id, post_id, reaction_type}
//           -> 201 {"object": "ReactionAdded"}          (PostsController_addPostReaction)
//   comment POST {base}/api/v1/posts/{post_id}/comments JSON {account_id, text}, text <= 1250 chars
//           -> 201 {"object": "CommentSent"}            (PostsController_sendComment)
//   repost  POST {base}/api/v1/posts  multipart/form-data {account_id, text: "", repost: <post id>}
//           ("Create a post": repost = "the id of an existing LinkedIn post to publish as repost;
//            for a simple repost without commentary, text should be an empty string")
//   key check GET {base}/api/v1/accounts?limit=1        (AccountsController_listAccounts)
// Every request carries the X-API-KEY header. LinkedIn actions take the post's
// social_id (guide "Posts and Comments", developer.unipile.com/docs/posts-and-comments).
#pragma once

#include "config.hpp"

#include <string>

namespace worker {

// What came back from one HTTP exchange.
struct HttpAnswer {
    long status = 0;         // HTTP status; 0 when no answer arrived
    int curl_code = 0;       // CURLE_OK (0) or the transport error
    std::string curl_error;  // libcurl's words for it
    bool request_sent = false;  // the request reached the wire (an error after that is ambiguous)
    bool timed_out = false;
    std::string body;
    long long ms = 0;
};

class UnipileClient {
public:
    explicit UnipileClient(const Config &config);

    HttpAnswer react(const std::string &account_id, const std::string &post_urn) const;
    HttpAnswer comment(const std::string &account_id, const std::string &post_urn, const std::string &text) const;
    HttpAnswer repost(const std::string &account_id, const std::string &post_urn) const;
    HttpAnswer list_accounts() const;  // a harmless call to check the base URL and the key

private:
    std::string base_;
    std::string key_header_;
    std::string reaction_;
    long timeout_ms_;
    long connect_timeout_ms_;
};

// Call once at start, before any thread uses libcurl.
void http_global_init();

}  // namespace worker
