// Unit tests of the worker's pure parts: outcome mapping, post URLs, the
// configuration, and the text helpers that carry untrusted answers.
#include "activity.hpp"
#include "config.hpp"
#include "linkedin_post.hpp"
#include "outcome.hpp"
#include "text.hpp"

#include <gtest/gtest.h>

#include <curl/curl.h>

#include <map>
#include <random>
#include <regex>

using namespace worker;

namespace {

HttpAnswer status(long s, const std::string &body = "")
{
    HttpAnswer a;
    a.status = s;
    a.request_sent = true;
    a.body = body;
    return a;
}

HttpAnswer transport(int code, bool sent, bool timed_out = false)
{
    HttpAnswer a;
    a.curl_code = code;
    a.curl_error = "some transport error";
    a.request_sent = sent;
    a.timed_out = timed_out;
    return a;
}

Claimed activity(const std::string &action)
{
    Claimed c;
    c.id = "0b6f5cc4-0000-4000-8000-000000000001";
    c.action = action;
    c.account_id = "acc_123456";
    c.post_url = "https://www.linkedin.com/feed/update/urn:li:activity:7123456789012345678/";
    if (action == "comment") c.comment_text = "Nice";
    return c;
}

struct Env {
    std::map<std::string, std::string> vars = {{"DATABASE_URL", "postgresql://w@db/app"},
                                               {"UNIPILE_BASE_URL", "https://api8.unipile.com:13851"},
                                               {"UNIPILE_API_KEY", "k"},
                                               {"WORKER_NAME", "w1"}};
    Config load() const
    {
        return load_config([this](const char *n) -> const char * {
            auto it = vars.find(n);
            return it == vars.end() ? nullptr : it->second.c_str();
        });
    }
};

std::string config_error(const Env &env)
{
    try {
        env.load();
    } catch (const ConfigError &e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST(Outcome, TwoHundredsAreSuccessesWithTheRepostUrl)
{
    Verdict v = classify(status(201, R"({"object": "PostCreated", "post_id": "7200000000000000001"})"), "repost");
    EXPECT_EQ(v.outcome, Outcome::Success);
    EXPECT_EQ(v.detail.value_or(""), "https://www.linkedin.com/feed/update/urn:li:activity:7200000000000000001/");
    v = classify(status(201, R"({"object": "ReactionAdded"})"), "like");
    EXPECT_EQ(v.outcome, Outcome::Success);
    EXPECT_FALSE(v.detail);
    v = classify(status(200, "not json"), "repost");  // the action happened; no URL to store
    EXPECT_EQ(v.outcome, Outcome::Success);
    EXPECT_FALSE(v.detail);
}

TEST(Outcome, RateLimitsServerErrorsAndTimeoutsRetry)
{
    for (long s : {429L, 500L, 502L, 503L, 504L, 408L}) EXPECT_EQ(classify(status(s, "{}"), "like").outcome, Outcome::Retry) << s;
    EXPECT_EQ(classify(transport(CURLE_OPERATION_TIMEDOUT, true, true), "like").outcome, Outcome::Retry);
    EXPECT_EQ(classify(transport(CURLE_COULDNT_CONNECT, false), "like").outcome, Outcome::Retry);
    EXPECT_EQ(classify(transport(CURLE_GOT_NOTHING, true), "like").outcome, Outcome::Retry);
}

TEST(Outcome, TransportErrorsSayWhetherTheRequestWentOut)
{
    EXPECT_NE(classify(transport(CURLE_GOT_NOTHING, true), "like").detail->find("may have happened"), std::string::npos);
    EXPECT_NE(classify(transport(CURLE_COULDNT_CONNECT, false), "like").detail->find("before the request was sent"),
              std::string::npos);
    EXPECT_EQ(classify(transport(CURLE_OPERATION_TIMEDOUT, true, true), "like").detail->rfind("timeout", 0), 0u);
}

TEST(Outcome, OtherClientErrorsAreFatalWithStatusAndTruncatedBody)
{
    const std::string body = R"({"status": 403, "type": "errors/account_restricted"})" + std::string(1000, 'x') + "\n\x01";
    Verdict v = classify(status(403, body), "comment");
    EXPECT_EQ(v.outcome, Outcome::Fatal);
    ASSERT_TRUE(v.detail);
    EXPECT_EQ(v.detail->rfind("HTTP 403: {\"status\": 403", 0), 0u);
    EXPECT_LE(v.detail->size(), std::string("HTTP 403: ").size() + kMaxErrorBody + 3);
    for (long s : {400L, 401L, 404L, 409L, 422L, 301L}) EXPECT_EQ(classify(status(s), "like").outcome, Outcome::Fatal) << s;
    EXPECT_EQ(*classify(status(404, ""), "like").detail, "HTTP 404: (empty body)");
}

TEST(Outcome, WhatCannotBeAttemptedIsFatalWithTheReason)
{
    std::string urn;
    EXPECT_FALSE(cannot_attempt(activity("repost"), &urn));
    EXPECT_EQ(urn, "urn:li:activity:7123456789012345678");

    Claimed a = activity("like");
    a.account_id.reset();
    auto v = cannot_attempt(a, &urn);
    ASSERT_TRUE(v);
    EXPECT_EQ(v->outcome, Outcome::Fatal);
    EXPECT_EQ(*v->detail, "cannot attempt: the member has no Unipile account id");
    // A linked account's id is a tenant's text: only the engine's shape is sent.
    for (const char *bad : {" unipileAnn01\t", "a\"b", "abc", "unipile/../x", "unipile id", "unipile\xC3\xA9id"}) {
        a.account_id = bad;
        v = cannot_attempt(a, &urn);
        ASSERT_TRUE(v) << bad;
        EXPECT_EQ(*v->detail, "cannot attempt: the member's Unipile account id is malformed (6-128 letters, digits, - or _)");
    }
    a.account_id = std::string(129, 'a');
    EXPECT_TRUE(cannot_attempt(a, &urn));
    a.account_id = "t5XY4yQzR9WVrln3pCvU-_";
    EXPECT_FALSE(cannot_attempt(a, &urn));

    a = activity("like");
    a.post_url.reset();
    EXPECT_EQ(*cannot_attempt(a, &urn)->detail, "cannot attempt: the post has no LinkedIn URL");
    a.post_url = "https://www.linkedin.com/in/someone/";
    EXPECT_NE(cannot_attempt(a, &urn)->detail->find("no post id"), std::string::npos);
    a.post_url = "https://evil.example/feed/update/urn:li:activity:7123456789012345678/";
    EXPECT_TRUE(cannot_attempt(a, &urn));

    a = activity("comment");
    a.comment_text.reset();
    EXPECT_EQ(*cannot_attempt(a, &urn)->detail, "cannot attempt: a comment without text");
    a.comment_text = std::string(1251, 'a');
    EXPECT_TRUE(cannot_attempt(a, &urn));
    a.comment_text = std::string(625, 'a') + std::string(625, 'a');
    EXPECT_FALSE(cannot_attempt(a, &urn));
    std::string accented;
    for (int i = 0; i < 1250; ++i) accented += "\xC3\xA9";  // 1250 characters, 2500 bytes
    a.comment_text = accented;
    EXPECT_FALSE(cannot_attempt(a, &urn));

    a = activity("share");
    EXPECT_NE(cannot_attempt(a, &urn)->detail->find("unknown action"), std::string::npos);
}

TEST(LinkedInPost, UrnsFromTheUrlForms)
{
    EXPECT_EQ(post_urn_from_url("https://www.linkedin.com/feed/update/urn:li:activity:7123456789012345678/").value_or(""),
              "urn:li:activity:7123456789012345678");
    EXPECT_EQ(post_urn_from_url("https://www.linkedin.com/feed/update/urn%3Ali%3AugcPost%3A7336013677930006817").value_or(""),
              "urn:li:ugcPost:7336013677930006817");
    EXPECT_EQ(post_urn_from_url("https://www.linkedin.com/posts/unipile_nocode-automation-activity-7332661864792854528-hcGT")
                  .value_or(""),
              "urn:li:activity:7332661864792854528");
    EXPECT_EQ(post_urn_from_url("https://linkedin.com/posts/xxx-share-7336013677930006817-6jfq?utm=1").value_or(""),
              "urn:li:share:7336013677930006817");
    EXPECT_FALSE(post_urn_from_url("https://www.linkedin.com/in/jane-doe/"));
    EXPECT_FALSE(post_urn_from_url("https://www.linkedin.com.evil.io/feed/update/urn:li:activity:7123456789012345678/"));
    EXPECT_FALSE(post_urn_from_url("urn:li:activity:7123456789012345678"));
}

// A tenant writes the URL: any size, any text, never a crash and never a number cut short.
TEST(LinkedInPost, HostileUrlsAreRefusedInLinearTime)
{
    const std::string host = "https://www.linkedin.com/feed/update/";
    EXPECT_FALSE(post_urn_from_url("https://" + std::string(40000, 'a')));                // crashed the regex
    EXPECT_FALSE(post_urn_from_url("https://" + std::string(100000, 'a') + ".linkedin.com/"));
    EXPECT_FALSE(post_urn_from_url(host + "urn:li:activity:7123456789012345678/" + std::string(9000, 'x')));
    std::string colons;
    for (int i = 0; i < 300000; i++) colons += "%3A";
    EXPECT_FALSE(post_urn_from_url(host + colons));
    EXPECT_EQ(post_urn_from_url(host + "urn:li:activity:7123456789012345678/?x=" + std::string(7000, 'y')).value_or(""),
              "urn:li:activity:7123456789012345678");
    EXPECT_FALSE(post_urn_from_url(host + "urn:li:activity:" + std::string(76, '7') + "/"));  // not cut to 30 digits
    EXPECT_FALSE(post_urn_from_url(host + "urn:li:activity:12345/"));
    EXPECT_EQ(post_urn_from_url(host + "urn:li:share:" + std::string(31, '1') + "/urn:li:share:1234567/").value_or(""),
              "urn:li:share:1234567");
    EXPECT_FALSE(post_urn_from_url("https://www.linkedin.com/posts/x-activity-" + std::string(31, '1') + "-ab"));
    EXPECT_FALSE(post_urn_from_url("https://www.linkedin.com/posts/x-activity-1234567x"));
    EXPECT_FALSE(post_urn_from_url("https://a..linkedin.com/feed/update/urn:li:activity:7123456789012345678/"));
    EXPECT_FALSE(post_urn_from_url("https://.linkedin.com/feed/update/urn:li:activity:7123456789012345678/"));
    EXPECT_FALSE(post_urn_from_url("https://www.linkedin.com:443/feed/update/urn:li:activity:7123456789012345678/"));
    EXPECT_FALSE(post_urn_from_url("https://user@www.linkedin.com/feed/update/urn:li:activity:7123456789012345678/"));
    EXPECT_EQ(post_urn_from_url("HTTPS://WWW.LinkedIn.COM/feed/update/urn:li:activity:7123456789012345678").value_or(""),
              "urn:li:activity:7123456789012345678");
    EXPECT_FALSE(post_urn_from_url("https://www.linkedin.com/feed/update/urn:li:Activity:7123456789012345678/"));
}

// The hand-written scan against the std::regex it replaced, on short random
// URLs made of the grammar's pieces (short: that regex is safe there). They
// differ only where the scan is stricter by design: a digit run over 30.
TEST(LinkedInPost, TheScanAgreesWithTheFormerRegex)
{
    const std::regex host(R"(^https?://([a-z0-9-]+\.)*linkedin\.com(/|$))", std::regex::icase);
    const std::regex urn(R"(urn:li:(activity|ugcPost|share):([0-9]{6,30}))");
    const std::regex slug(R"([-/](activity|ugcPost|share)-([0-9]{6,30})(-|/|$|\?))");
    auto former = [&](std::string url) -> std::string {
        for (std::size_t at = 0; (at = url.find('%', at)) != std::string::npos; ++at)
            if (at + 2 < url.size() && url[at + 1] == '3' && (url[at + 2] == 'A' || url[at + 2] == 'a')) url.replace(at, 3, ":");
        if (!std::regex_search(url, host)) return "";
        std::smatch m;
        if (std::regex_search(url, m, urn) || std::regex_search(url, m, slug)) return "urn:li:" + m[1].str() + ":" + m[2].str();
        return "";
    };
    const std::vector<std::string> schemes = {"https://", "https://", "https://", "http://", "HTTPS://", "ftp://", ""};
    const std::vector<std::string> hosts = {"www.linkedin.com", "www.linkedin.com", "www.linkedin.com", "linkedin.com",
                                            "linkedin.com", "LinkedIn.COM", "a-1.b.linkedin.com",
                                            "evil.com", "linkedin.com.evil.io", "a..linkedin.com", "www.linkedin.com:443",
                                            "x@linkedin.com", ".linkedin.com"};
    const std::vector<std::string> pieces = {"/feed/update/", "/posts/", "urn:li:", "urn%3Ali%3A", "activity", ":", "-", "/",
                                             "?x=1", "#", "x", "%3A", "urn:li:activity:", "urn:li:share:", "urn:li:Activity:",
                                             "urn%3Ali%3AugcPost%3A", "urn%3ali%3ashare%3a", "-activity-", "/share-",
                                             "-ugcPost-", "activity-", "-Share-"};
    std::mt19937 rng(20261128);
    int agreed = 0, stricter = 0, found = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string url = schemes[rng() % schemes.size()] + hosts[rng() % hosts.size()] + (rng() % 5 ? "/" : "");
        const int n = static_cast<int>(rng() % 8);
        for (int k = 0; k < n; ++k) {
            if (rng() % 3 == 0) url += std::string(4 + rng() % 30, static_cast<char>('0' + rng() % 10));  // 4..33 digits
            else url += pieces[rng() % pieces.size()];
        }
        const std::string want = former(url), got = post_urn_from_url(url).value_or("");
        if (want == got) {
            ++agreed;
            found += !got.empty();
            continue;
        }
        // Only a longer number the regex cut to 30 digits (or read past) may differ.
        std::string decoded = url;
        for (std::size_t at; (at = decoded.find("%3")) != std::string::npos;) decoded.replace(at, 3, ":");
        bool long_run = false;
        for (std::size_t at = 0, run = 0; at < decoded.size(); ++at)
            long_run |= (run = std::isdigit(static_cast<unsigned char>(decoded[at])) ? run + 1 : 0) > 30;
        EXPECT_TRUE(long_run) << url << " former=" << want << " now=" << got;
        ++stricter;
    }
    EXPECT_GT(agreed, 19000);
    EXPECT_GT(found, 500);  // enough of them name a post
    std::cout << "# " << agreed << " agreed (" << found << " naming a post), " << stricter << " stricter (digit runs over 30)\n";
}

TEST(LinkedInPost, RepostUrlFromTheAnswer)
{
    EXPECT_EQ(repost_url_from_answer(R"({"object":"PostCreated","post_id":"urn:li:share:7336013677930006817"})").value_or(""),
              "https://www.linkedin.com/feed/update/urn:li:share:7336013677930006817/");
    EXPECT_EQ(repost_url_from_answer(R"({"share_url": "https://www.linkedin.com/posts/x-activity-1-a", "post_id": "9"})")
                  .value_or(""),
              "https://www.linkedin.com/posts/x-activity-1-a");
    EXPECT_FALSE(repost_url_from_answer(R"({"object":"PostCreated","post_id":"../../x"})"));
    EXPECT_FALSE(repost_url_from_answer(R"({"share_url": "https://evil.io/x"})"));
    // Text the database cannot store (a lone surrogate, a NUL, a control
    // character) is not taken as the URL: the post id is used instead.
    EXPECT_EQ(repost_url_from_answer(R"({"share_url": "https://www.linkedin.com/feed/update/\ud800/", "post_id": "7"})")
                  .value_or(""), "https://www.linkedin.com/feed/update/urn:li:activity:7/");
    EXPECT_EQ(repost_url_from_answer(R"({"url": "https://www.linkedin.com/feed/update/a\u0000b/", "post_id": "8"})")
                  .value_or(""), "https://www.linkedin.com/feed/update/urn:li:activity:8/");
    EXPECT_FALSE(repost_url_from_answer(R"({"share_url": "https://www.linkedin.com/feed/update/\u0007x/"})"));
    EXPECT_FALSE(repost_url_from_answer(""));
    EXPECT_FALSE(repost_url_from_answer(R"({"post_id":"urn:li:share:7336013677930006817x"})"));
    EXPECT_FALSE(repost_url_from_answer("{\"post_id\":\"" + std::string(40, '1') + "\"}"));
    EXPECT_FALSE(repost_url_from_answer("{\"share_url\":\"https://" + std::string(40000, 'a') + "\"}"));
}

TEST(Text, JsonStringsBothWays)
{
    EXPECT_EQ(json_quote("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
    EXPECT_EQ(json_string_field(R"({"a": 1, "post_id" : "x\"y\u00e9"})", "post_id").value_or(""), "x\"y\xC3\xA9");
    EXPECT_FALSE(json_string_field(R"({"post_id": 7})", "post_id"));
    EXPECT_EQ(json_string_field(R"({"note": "post_id", "post_id": "z"})", "post_id").value_or(""), "z");
}

TEST(Text, ArrayLiteralsSurviveAnyText)
{
    EXPECT_EQ(pg_array_literal({std::string("a,b"), std::nullopt, std::string("{\"q\"}\\")}),
              "{\"a,b\",NULL,\"{\\\"q\\\"}\\\\\"}");
    EXPECT_EQ(pg_array_literal({}), "{}");
    EXPECT_EQ(pg_array_literal({std::string("NULL")}), "{\"NULL\"}");
}

TEST(Text, CleanAndTruncate)
{
    EXPECT_EQ(clean_text("a\nb\r\tc\x7f\x01"), "a b  c");
    EXPECT_EQ(clean_text("ok \xC3\xA9 \xFF \xC0\xAF \xED\xA0\x80"), "ok \xC3\xA9 \xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    // U+0085, U+2028, U+2029 break lines in some viewers; C1 controls and bidi overrides forge text.
    EXPECT_EQ(clean_text("a\xC2\x85" "b\xE2\x80\xA8" "c\xE2\x80\xA9" "d"), "a b c d");
    EXPECT_EQ(clean_text("x\xC2\x9B" "31my\xE2\x80\xAE" "gnp.exe\xE2\x81\xA6" "z"), "x31mygnp.exez");
    EXPECT_EQ(truncate_utf8("\xC3\xA9\xC3\xA9", 3), "\xC3\xA9\xE2\x80\xA6");
    EXPECT_EQ(truncate_utf8("abc", 3), "abc");
    EXPECT_EQ(encode_path_segment("urn:li:activity:1/ x"), "urn:li:activity:1%2F%20x");
}

TEST(Config, DefaultsAndNormalization)
{
    Env env;
    Config c = env.load();
    EXPECT_EQ(c.unipile_base_url, "https://api8.unipile.com:13851/api/v1");
    EXPECT_EQ(c.concurrency, 8);
    EXPECT_EQ(c.batch, 10);
    EXPECT_EQ(c.max_waiting_per_client, 100);
    EXPECT_EQ(c.max_waiting, 5000);
    EXPECT_FALSE(c.exit_when_idle);
    EXPECT_DOUBLE_EQ(c.lease_seconds, 60);
    EXPECT_DOUBLE_EQ(c.heartbeat_seconds, 15);
    EXPECT_DOUBLE_EQ(c.db_timeout_seconds, 15);
    EXPECT_EQ(c.listen_url, c.database_url);
    env.vars["UNIPILE_BASE_URL"] = "https://api8.unipile.com:13851/api/v1/";
    env.vars["WORKER_LISTEN_URL"] = "off";
    env.vars["WORKER_EXIT_WHEN_IDLE"] = "1";
    env.vars["WORKER_LEASE"] = "8";
    c = env.load();
    EXPECT_EQ(c.unipile_base_url, "https://api8.unipile.com:13851/api/v1");
    EXPECT_TRUE(c.listen_url.empty());
    EXPECT_TRUE(c.exit_when_idle);
    EXPECT_DOUBLE_EQ(c.heartbeat_seconds, 2);
    EXPECT_DOUBLE_EQ(c.db_timeout_seconds, 2);
}

TEST(Config, ErrorsNameTheVariable)
{
    Env env;
    env.vars.erase("WORKER_NAME");
    EXPECT_EQ(config_error(env), "WORKER_NAME: is not set (required)");
    env = Env();
    env.vars["UNIPILE_API_KEY"] = "a b";
    EXPECT_EQ(config_error(env).rfind("UNIPILE_API_KEY: ", 0), 0u);
    env = Env();
    env.vars["WORKER_BATCH"] = "10x";
    EXPECT_EQ(config_error(env).rfind("WORKER_BATCH: ", 0), 0u);
    env = Env();
    env.vars["WORKER_MAX_WAITING_PER_CLIENT"] = "0";
    EXPECT_EQ(config_error(env).rfind("WORKER_MAX_WAITING_PER_CLIENT: ", 0), 0u);
    env = Env();
    env.vars["WORKER_MAX_WAITING_PER_CLIENT"] = "1001";
    EXPECT_EQ(config_error(env).rfind("WORKER_MAX_WAITING_PER_CLIENT: ", 0), 0u);
    env = Env();
    env.vars["WORKER_MAX_WAITING"] = "5001";
    EXPECT_EQ(config_error(env).rfind("WORKER_MAX_WAITING: ", 0), 0u);
    env = Env();
    env.vars["WORKER_HTTP_CONNECT_TIMEOUT"] = "20";
    env.vars["WORKER_HTTP_TIMEOUT"] = "10";
    EXPECT_EQ(config_error(env).rfind("WORKER_HTTP_CONNECT_TIMEOUT: ", 0), 0u);
    env = Env();
    env.vars["UNIPILE_BASE_URL"] = "https:///api";
    EXPECT_EQ(config_error(env).rfind("UNIPILE_BASE_URL: ", 0), 0u);
}

TEST(Config, UnknownWorkerVariablesAreWarnings)
{
    Env env;
    Config c = load_config([&](const char *n) -> const char * {
        auto it = env.vars.find(n);
        return it == env.vars.end() ? nullptr : it->second.c_str();
    }, {"WORKER_CONCURENCY", "PATH", "WORKER_BATCH"});
    ASSERT_EQ(c.warnings.size(), 1u);
    EXPECT_NE(c.warnings[0].find("WORKER_CONCURENCY"), std::string::npos);
}
