#include "rule_error.hpp"
#include "unipile_id.hpp"
#include "utf8_text.hpp"
#include "uuid_text.hpp"

#include <gtest/gtest.h>

using namespace pod_amplify::core;

TEST(Utf8, valid_and_invalid_sequences)
{
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("plain ascii"));
    EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
    EXPECT_FALSE(is_valid_utf8("\xC3"));              // cut in the middle
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Utf8, display_value_cuts_on_a_character_boundary)
{
    const std::string euros = std::string(100, 'x') + "\xE2\x82\xAC\xE2\x82\xAC";
    const std::string shown = display_value(euros, 101);
    EXPECT_EQ(shown, std::string(100, 'x') + "\xE2\x82\xAC...");
    EXPECT_TRUE(is_valid_utf8(shown));
}

TEST(Utf8, display_value_masks_control_and_invalid_bytes)
{
    EXPECT_EQ(display_value("a\nb\x01\xFF" "c"), "a?b??c");
    EXPECT_EQ(display_value("short"), "short");
}

TEST(UnipileId, accepts_tokens)
{
    EXPECT_NO_THROW(check_unipile_account_id("t5XY4yQzR9WVrln3pCvUyA"));
    EXPECT_NO_THROW(check_unipile_account_id("abc_12-XY"));
    EXPECT_NO_THROW(check_unipile_account_id(std::string(128, 'a')));
    EXPECT_NO_THROW(check_unipile_account_id("abcdef"));
}

TEST(UnipileId, refuses_bad_length_and_characters)
{
    for (const std::string &bad : {std::string(""), std::string("abcde"), std::string(129, 'a'), std::string("abc def"),
                                  std::string("abc/def"), std::string("abc\xC3\xA9" "def"), std::string("abc\0def", 7)}) {
        try {
            check_unipile_account_id(bad);
            ADD_FAILURE() << "accepted " << bad;
        } catch (const RuleError &e) {
            EXPECT_EQ(e.state(), SqlState::InvalidParameterValue);
            EXPECT_EQ(std::string(e.what()).rfind("invalid Unipile account id", 0), 0u);
        }
    }
}

TEST(UnipileId, huge_id_message_stays_short)
{
    try {
        check_unipile_account_id(std::string(1 << 20, 'a'));
        FAIL();
    } catch (const RuleError &e) {
        EXPECT_LT(std::string(e.what()).size(), 300u);
    }
}

TEST(Uuid, accepts_the_forms_uuid_in_accepts)
{
    const std::string canonical = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11";
    for (const char *form : {"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11",
                             "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}", "a0eebc999c0b4ef8bb6d6bb9bd380a11",
                             "a0ee-bc99-9c0b-4ef8-bb6d-6bb9-bd38-0a11", "{a0eebc99-9c0b4ef8-bb6d6bb9-bd380a11}"}) {
        const auto parsed = parse_uuid(form);
        ASSERT_TRUE(parsed.has_value()) << form;
        EXPECT_EQ(format_uuid(*parsed), canonical);
    }
}

TEST(Uuid, refuses_malformed)
{
    for (const char *bad : {"", "not-a-uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a111",
                            "{a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11}",
                            "-a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11-",
                            "a0eebc99--9c0b-4ef8-bb6d-6bb9bd380a11", " a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                            "g0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"})
        EXPECT_FALSE(parse_uuid(bad).has_value()) << bad;
}

TEST(SqlStates, codes_are_the_documented_ones)
{
    EXPECT_STREQ(sqlstate_code(SqlState::NullValueNotAllowed), "22004");
    EXPECT_STREQ(sqlstate_code(SqlState::InvalidParameterValue), "22023");
    EXPECT_STREQ(sqlstate_code(SqlState::CheckViolation), "23514");
    EXPECT_STREQ(sqlstate_code(SqlState::ObjectNotInPrerequisiteState), "55000");
    EXPECT_STREQ(sqlstate_code(SqlState::NoDataFound), "P0002");
    EXPECT_STREQ(sqlstate_code(SqlState::InsufficientPrivilege), "42501");
    EXPECT_STREQ(sqlstate_code(SqlState::InternalError), "XX000");
}
