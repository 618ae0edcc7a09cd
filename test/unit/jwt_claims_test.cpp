// current_user_id()'s claim reader: a uuid or nothing, whatever the JSON.
#include "jwt_claims.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace pod_amplify::core;

namespace {
const char *const kId = "a1000000-0000-4000-8000-000000000000";
std::string claims_with_sub(const std::string &sub) { return "{\"role\": \"authenticated\", \"sub\": " + sub + "}"; }
std::string text_of(const std::optional<UuidBytes> &u) { return u ? format_uuid(*u) : "none"; }
}  // namespace

TEST(SubClaim, a_uuid_sub_is_read)
{
    EXPECT_EQ(text_of(sub_claim(claims_with_sub(std::string("\"") + kId + "\""))), kId);
    EXPECT_EQ(text_of(sub_claim(std::string("{\"sub\":\"{A1000000-0000-4000-8000-000000000000}\"}"))), kId);
    EXPECT_EQ(text_of(sub_claim(" \r\n\t{ \"sub\" : \"a1000000000040008000000000000000\" } \n")), kId);
}

TEST(SubClaim, escaped_keys_and_values_are_unescaped)
{
    EXPECT_EQ(text_of(sub_claim(std::string("{\"\\u0073ub\": \"") + kId + "\"}")), kId);
    EXPECT_EQ(text_of(sub_claim("{\"sub\": \"a1000000-0000-4000-8000-00000000000\\u0030\"}")), kId);
}

TEST(SubClaim, the_last_sub_wins_like_json_processing_functions)
{
    EXPECT_EQ(text_of(sub_claim(std::string("{\"sub\": \"x\", \"sub\": \"") + kId + "\"}")), kId);
    EXPECT_EQ(text_of(sub_claim(std::string("{\"sub\": \"") + kId + "\", \"sub\": 5}")), "none");
}

TEST(SubClaim, nested_or_non_string_subs_do_not_count)
{
    EXPECT_EQ(text_of(sub_claim(std::string("{\"app\": {\"sub\": \"") + kId + "\"}}")), "none");
    EXPECT_EQ(text_of(sub_claim(std::string("[{\"sub\": \"") + kId + "\"}]")), "none");
    EXPECT_EQ(text_of(sub_claim(claims_with_sub("12345"))), "none");
    EXPECT_EQ(text_of(sub_claim(claims_with_sub("null"))), "none");
    EXPECT_EQ(text_of(sub_claim(claims_with_sub("[\"a\"]"))), "none");
    EXPECT_EQ(text_of(sub_claim(claims_with_sub("{\"id\": 1}"))), "none");
    EXPECT_EQ(text_of(sub_claim(claims_with_sub("\"not-a-uuid\""))), "none");
    EXPECT_EQ(text_of(sub_claim(claims_with_sub("\"" + std::string(100000, 'a') + "\""))), "none");
}

TEST(SubClaim, invalid_json_gives_nothing)
{
    const std::string id = std::string("\"") + kId + "\"";
    for (const std::string &bad : std::vector<std::string>{std::string(""), std::string("{"), std::string("}"), "{\"sub\": " + id,
                                  "{\"sub\": " + id + ",}", "{\"sub\" " + id + "}", "{sub: " + id + "}",
                                  "{\"sub\": " + id + "} x", "{\"sub\": " + id + ", \"a\": [1,]}",
                                  "{\"sub\": " + id + ", \"a\": 01}", "{\"sub\": " + id + ", \"a\": tru}",
                                  "{\"sub\": " + id + ", \"a\": \"\\x\"}", "{\"sub\": " + id + ", \"a\": \"\\ud800\"}",
                                  "{\"sub\": " + id + ", \"a\": \"tab\there\"}", "{\"sub\": " + id + ", \"a\": 1.}",
                                  "{\"sub\": " + id + ", \"a\": -}", "{\"sub\": " + id + ", \"a\": 1e}",
                                  std::string("{\"sub\": \"a1000000-0000-4000-8000-00000000000"), "null", "\"x\""})
        EXPECT_EQ(text_of(sub_claim(bad)), "none") << bad;
}

TEST(SubClaim, valid_json_of_every_kind_around_the_sub_is_accepted)
{
    const std::string json = std::string("{\"a\": [1, -2.5e+3, true, false, null, {}, [], {\"b\": [[]]}], \"sub\": \"") +
                             kId + "\", \"c\": \"\\\"\\\\\\/\\b\\f\\n\\r\\t\\ud83d\\ude00\", \"d\": 0.5E-2}";
    EXPECT_EQ(text_of(sub_claim(json)), kId);
}

TEST(SubClaim, absurd_depth_and_size_never_overflow_the_stack)
{
    const std::string id = std::string("\"") + kId + "\"";
    const int depth = 1000000;
    const std::string deep = "{\"sub\": " + id + ", \"x\": " + std::string(depth, '[') + std::string(depth, ']') + "}";
    EXPECT_EQ(text_of(sub_claim(deep)), kId);
    const std::string unbalanced = "{\"sub\": " + id + ", \"x\": " + std::string(depth, '[') + "}";
    EXPECT_EQ(text_of(sub_claim(unbalanced)), "none");
    std::string objects = "{\"sub\": " + id + ", \"x\": ";
    for (int i = 0; i < 200000; ++i) objects += "{\"k\":";
    objects += "1" + std::string(200000, '}') + "}";
    EXPECT_EQ(text_of(sub_claim(objects)), kId);
    const std::string huge = "{\"pad\": \"" + std::string(20 * 1024 * 1024, 'p') + "\", \"sub\": " + id + "}";
    EXPECT_EQ(text_of(sub_claim(huge)), kId);
}
