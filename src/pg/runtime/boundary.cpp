#include "pg/runtime/boundary.hpp"

#include <cstring>

namespace pod_amplify::pg {

namespace {

// Copies src into dst (size bytes), cut on a UTF-8 character boundary.
void copy_text(char *dst, std::size_t size, const char *src) noexcept
{
    std::size_t len = std::strlen(src);
    if (len >= size) {
        len = size - 1;
        while (len > 0 && (static_cast<unsigned char>(src[len]) & 0xC0) == 0x80)
            --len;  // src[len] is a continuation byte: back off to its lead byte
    }
    std::memcpy(dst, src, len);
    dst[len] = '\0';
}

int sqlstate_from_code(const char *code) noexcept
{
    return MAKE_SQLSTATE(code[0], code[1], code[2], code[3], code[4]);
}

}  // namespace

void capture_rule_error(PendingError &out, const core::RuleError &e) noexcept
{
    out.sqlerrcode = sqlstate_from_code(core::sqlstate_code(e.state()));
    copy_text(out.message, sizeof out.message, e.what());
    copy_text(out.detail, sizeof out.detail, e.detail().c_str());
    copy_text(out.hint, sizeof out.hint, e.hint().c_str());
}

void capture_failure(PendingError &out, int sqlerrcode, const char *message) noexcept
{
    out.sqlerrcode = sqlerrcode;
    copy_text(out.message, sizeof out.message, message ? message : "");
    out.detail[0] = '\0';
    out.hint[0] = '\0';
}

void raise_pending(const PendingError &p)
{
    ereport(ERROR,
            (errcode(p.sqlerrcode),
             errmsg_internal("%s", p.message),
             p.detail[0] ? errdetail_internal("%s", p.detail) : 0,
             p.hint[0] ? errhint("%s", p.hint) : 0));
    pg_unreachable();
}

}  // namespace pod_amplify::pg
