#include "linkedin_url.hpp"
#include "rule_error.hpp"

#include <gtest/gtest.h>

#include <string>

using namespace pod_amplify::core;

namespace {

std::string normalized(const std::string &raw) { return parse_linkedin_profile_url(raw).normalized; }

// Asserts raw is refused with 22023 and a message naming the given reason.
void expect_refused(const std::string &raw, const std::string &reason)
{
    try {
        parse_linkedin_profile_url(raw);
        ADD_FAILURE() << "accepted: " << raw.substr(0, 100);
    } catch (const RuleError &e) {
        EXPECT_EQ(e.state(), SqlState::InvalidParameterValue);
        EXPECT_NE(std::string(e.what()).find(reason), std::string::npos) << e.what();
        EXPECT_EQ(std::string(e.what()).rfind("invalid LinkedIn profile URL", 0), 0u) << e.what();
    }
}

}  // namespace

TEST(LinkedInUrl, canonical_url_is_kept)
{
    EXPECT_EQ(normalized("https://www.linkedin.com/in/jane-doe"), "https://www.linkedin.com/in/jane-doe");
}

TEST(LinkedInUrl, variants_normalise_to_one_form)
{
    for (const char *raw : {"http://linkedin.com/in/Jane-Doe/", "linkedin.com/in/jane-doe", "  www.linkedin.com/in/jane-doe?trk=x#top ",
                            "HTTPS://WWW.LINKEDIN.COM/in/JANE-DOE", "https://uk.linkedin.com/in/jane-doe",
                            "https://m.linkedin.com/in/jane-doe", "https://www.linkedin.com:443/in/jane-doe"})
        EXPECT_EQ(normalized(raw), "https://www.linkedin.com/in/jane-doe") << raw;
}

TEST(LinkedInUrl, slug_is_parsed_out)
{
    EXPECT_EQ(parse_linkedin_profile_url("https://www.linkedin.com/in/Bob-42/").slug, "bob-42");
}

TEST(LinkedInUrl, percent_encoded_multibyte_slug_is_kept_encoded)
{
    EXPECT_EQ(normalized("https://www.linkedin.com/in/%C3%A9ric-dupont"), "https://www.linkedin.com/in/%C3%A9ric-dupont");
    EXPECT_EQ(parse_linkedin_profile_url("https://www.linkedin.com/in/%C3%A9ric-dupont").slug, "\xC3\xA9ric-dupont");
}

TEST(LinkedInUrl, raw_multibyte_utf8_slug_is_refused_by_the_uri_grammar)
{
    expect_refused("https://www.linkedin.com/in/\xC3\xA9ric", "not a URL");
}

TEST(LinkedInUrl, look_alike_hosts_are_refused)
{
    expect_refused("https://linkedin.com.evil.io/in/jane-doe", "host must be linkedin.com");
    expect_refused("https://evil-linkedin.com/in/jane-doe", "host must be linkedin.com");
    expect_refused("https://www.linkedin.co/in/jane-doe", "host must be linkedin.com");
    expect_refused("https://a.b.linkedin.com/in/jane-doe", "host must be linkedin.com");
    expect_refused("https://xyz.linkedin.com/in/jane-doe", "host must be linkedin.com");
    expect_refused("https://127.0.0.1/in/jane-doe", "host must be linkedin.com");
    expect_refused("https://[::1]/in/jane-doe", "host must be linkedin.com");
}

TEST(LinkedInUrl, userinfo_trick_is_refused)
{
    expect_refused("https://www.linkedin.com@evil.io/in/x", "user information");
    expect_refused("https://user:pw@www.linkedin.com/in/jane-doe", "user information");
}

TEST(LinkedInUrl, other_schemes_are_refused)
{
    expect_refused("javascript:alert(1)//www.linkedin.com/in/jane-doe", "scheme must be http or https");
    expect_refused("ftp://www.linkedin.com/in/jane-doe", "scheme must be http or https");
    expect_refused("data:text/html,hi", "scheme must be http or https");
}

TEST(LinkedInUrl, unusual_port_is_refused)
{
    expect_refused("https://www.linkedin.com:8443/in/jane-doe", "port");
    expect_refused("http://www.linkedin.com:443/in/jane-doe", "port");
}

TEST(LinkedInUrl, paths_other_than_in_slug_are_refused)
{
    expect_refused("https://www.linkedin.com/", "path must be /in/<profile>");
    expect_refused("https://www.linkedin.com/in/", "path must be /in/<profile>");
    expect_refused("https://www.linkedin.com/company/acme", "path must be /in/<profile>");
    expect_refused("https://www.linkedin.com/in/jane-doe/details", "path must be /in/<profile>");
    expect_refused("https://www.linkedin.com/in/jane-doe//", "path must be /in/<profile>");
}

TEST(LinkedInUrl, slug_characters_and_length_are_checked)
{
    expect_refused("https://www.linkedin.com/in/ab", "3 to 100 characters");
    expect_refused("https://www.linkedin.com/in/" + std::string(101, 'a'), "3 to 100 characters");
    EXPECT_NO_THROW(parse_linkedin_profile_url("https://www.linkedin.com/in/" + std::string(100, 'a')));
    expect_refused("https://www.linkedin.com/in/jane.doe", "only letters, digits and '-'");
    expect_refused("https://www.linkedin.com/in/jane%2Fdoe", "only letters, digits and '-'");
    expect_refused("https://www.linkedin.com/in/jane%00doe", "only letters, digits and '-'");
    expect_refused("https://www.linkedin.com/in/%FF%FEabc", "not valid UTF-8");
}

TEST(LinkedInUrl, empty_and_blank_are_refused)
{
    expect_refused("", "empty");
    expect_refused("   \t", "empty");
}

TEST(LinkedInUrl, one_megabyte_is_refused_before_parsing_and_message_stays_short)
{
    const std::string huge = "https://www.linkedin.com/in/" + std::string(1 << 20, 'a');
    try {
        parse_linkedin_profile_url(huge);
        FAIL();
    } catch (const RuleError &e) {
        EXPECT_NE(std::string(e.what()).find("longer than 2048 bytes"), std::string::npos);
        EXPECT_LT(std::string(e.what()).size(), 300u);
    }
}

TEST(LinkedInUrl, binary_junk_is_refused_without_crashing)
{
    std::string junk;
    for (int i = 1; i < 256; ++i)
        junk.push_back(static_cast<char>((i * 37) % 255 + 1));
    expect_refused(junk, "");
    expect_refused("https://www.linkedin.com/in/\x01\x02\x03", "");
}

TEST(LinkedInUrl, invisible_control_and_bidi_characters_in_the_slug_are_refused)
{
    // zero-width space, soft hyphen, right-to-left override, LRI, BOM, word joiner,
    // a tag character, variation selector 16, no-break space, C1 control, Hangul filler
    for (const char *encoded : {"%E2%80%8B", "%C2%AD", "%E2%80%AE", "%E2%81%A6", "%EF%BB%BF", "%E2%81%A0",
                                "%F3%A0%80%81", "%EF%B8%8F", "%C2%A0", "%C2%85", "%E3%85%A4", "%E2%80%8F"}) {
        const std::string url = std::string("https://www.linkedin.com/in/ann") + encoded + "-archer";
        try {
            parse_linkedin_profile_url(url);
            ADD_FAILURE() << "accepted " << url;
        } catch (const RuleError &e) {
            EXPECT_EQ(e.state(), SqlState::InvalidParameterValue);
            EXPECT_NE(std::string(e.what()).find("invisible, control or bidirectional character (U+"), std::string::npos)
                << e.what();
        }
    }
    // letters of other scripts stay welcome
    EXPECT_EQ(parse_linkedin_profile_url("https://www.linkedin.com/in/%E7%8E%8B%E5%B0%8F%E6%98%8E").slug,
              "\xE7\x8E\x8B\xE5\xB0\x8F\xE6\x98\x8E");
    EXPECT_EQ(parse_linkedin_profile_url("https://www.linkedin.com/in/%D0%B8%D0%B2%D0%B0%D0%BD-p").slug,
              "\xD0\xB8\xD0\xB2\xD0\xB0\xD0\xBD-p");
}
