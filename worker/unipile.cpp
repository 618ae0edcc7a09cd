#include "unipile.hpp"

#include "text.hpp"

#include <curl/curl.h>

#include <chrono>
#include <memory>

namespace worker {

namespace {

const std::size_t kMaxBody = 64 * 1024;  // an answer body is kept up to this size

std::size_t collect(char *data, std::size_t size, std::size_t n, void *userdata)
{
    auto *body = static_cast<std::string *>(userdata);
    const std::size_t len = size * n;
    if (body->size() < kMaxBody) body->append(data, std::min(len, kMaxBody - body->size()));
    return len;
}

struct CurlDeleter {
    void operator()(CURL *c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
    void operator()(curl_slist *l) const { curl_slist_free_all(l); }
};
struct MimeDeleter {
    void operator()(curl_mime *m) const { curl_mime_free(m); }
};

// One exchange. Each call opens a fresh connection and never reuses it: libcurl
// silently re-sends a request whose reused connection died before an answer,
// which for these POSTs could perform a LinkedIn action twice.
HttpAnswer perform(const std::string &url, const std::string &key_header, const std::string *json_body,
                   const std::vector<std::pair<std::string, std::string>> *form, long timeout_ms,
                   long connect_timeout_ms)
{
    HttpAnswer a;
    std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
    if (!curl) {
        a.curl_code = CURLE_FAILED_INIT;
        a.curl_error = "curl_easy_init failed";
        return a;
    }
    CURL *c = curl.get();
    curl_slist *raw_headers = nullptr;
    raw_headers = curl_slist_append(raw_headers, key_header.c_str());
    raw_headers = curl_slist_append(raw_headers, "accept: application/json");
    raw_headers = curl_slist_append(raw_headers, "Expect:");  // no 100-continue round trip
    if (json_body) raw_headers = curl_slist_append(raw_headers, "content-type: application/json");
    std::unique_ptr<curl_slist, SlistDeleter> headers(raw_headers);
    std::unique_ptr<curl_mime, MimeDeleter> mime;
    char error[CURL_ERROR_SIZE] = "";

    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for timeouts
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, connect_timeout_ms);
    curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(c, CURLOPT_FORBID_REUSE, 1L);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect is a wrong UNIPILE_BASE_URL, not followed
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &a.body);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "pod_amplify_worker");
    if (json_body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, json_body->c_str());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(json_body->size()));
    } else if (form) {
        mime.reset(curl_mime_init(c));
        for (const auto &[name, value] : *form) {
            curl_mimepart *part = curl_mime_addpart(mime.get());
            curl_mime_name(part, name.c_str());
            curl_mime_data(part, value.c_str(), value.size());
        }
        curl_easy_setopt(c, CURLOPT_MIMEPOST, mime.get());
    }

    const auto start = std::chrono::steady_clock::now();
    const CURLcode rc = curl_easy_perform(c);
    a.ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    a.curl_code = rc;
    long request_size = 0;
    curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &request_size);
    a.request_sent = request_size > 0;
    if (rc == CURLE_OK) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
    } else {
        a.timed_out = rc == CURLE_OPERATION_TIMEDOUT;
        a.curl_error = error[0] ? error : curl_easy_strerror(rc);
    }
    return a;
}

}  // namespace

void http_global_init()
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

UnipileClient::UnipileClient(const Config &config)
    : base_(config.unipile_base_url),
      key_header_("X-API-KEY: " + config.unipile_api_key),
      reaction_(config.reaction),
      timeout_ms_(static_cast<long>(config.http_timeout_seconds * 1000)),
      connect_timeout_ms_(static_cast<long>(config.connect_timeout_seconds * 1000))
{
}

HttpAnswer UnipileClient::react(const std::string &account_id, const std::string &post_urn) const
{
    const std::string body = "{\"account_id\": " + json_quote(account_id) + ", \"post_id\": " + json_quote(post_urn) +
                             ", \"reaction_type\": " + json_quote(reaction_) + "}";
    return perform(base_ + "/posts/reaction", key_header_, &body, nullptr, timeout_ms_, connect_timeout_ms_);
}

HttpAnswer UnipileClient::comment(const std::string &account_id, const std::string &post_urn,
                                  const std::string &text) const
{
    const std::string body = "{\"account_id\": " + json_quote(account_id) + ", \"text\": " + json_quote(text) + "}";
    return perform(base_ + "/posts/" + encode_path_segment(post_urn) + "/comments", key_header_, &body, nullptr,
                   timeout_ms_, connect_timeout_ms_);
}

HttpAnswer UnipileClient::repost(const std::string &account_id, const std::string &post_urn) const
{
    const std::vector<std::pair<std::string, std::string>> form = {
        {"account_id", account_id}, {"text", ""}, {"repost", post_urn}};
    return perform(base_ + "/posts", key_header_, nullptr, &form, timeout_ms_, connect_timeout_ms_);
}

HttpAnswer UnipileClient::list_accounts() const
{
    return perform(base_ + "/accounts?limit=1", key_header_, nullptr, nullptr, timeout_ms_, connect_timeout_ms_);
}

}  // namespace worker
