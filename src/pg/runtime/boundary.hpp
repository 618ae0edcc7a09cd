// The C++ -> PostgreSQL boundary. Every fmgr entry point runs its body through
// cpp_entry(): a C++ exception never reaches PostgreSQL; it is copied into plain
// data inside the catch block and raised as a PostgreSQL ERROR (SQLSTATE, message,
// detail, hint kept) only after the catch block has been left.
//
// The other direction is handled by construction: bodies and the helpers they
// call hold only POD locals and palloc'd memory while they call PostgreSQL, so an
// ereport(ERROR) longjmp never skips a C++ destructor. Core (pure C++) calls that
// build std::strings run in their own frames, between PostgreSQL calls.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

#include <new>
#include <stdexcept>

#include "core/rule_error.hpp"

namespace pod_amplify::pg {

// Plain data of a failure, filled inside a catch block.
struct PendingError {
    int sqlerrcode;
    char message[1024];
    char detail[1024];
    char hint[512];
};

void capture_rule_error(PendingError &out, const core::RuleError &e) noexcept;
void capture_failure(PendingError &out, int sqlerrcode, const char *message) noexcept;
[[noreturn]] void raise_pending(const PendingError &pending);

template <typename Body>
Datum cpp_entry(FunctionCallInfo fcinfo, Body body)
{
    // A C++ exception thrown between PG_TRY and PG_END_TRY would leave these
    // pointing into a dead frame; they are put back before the error is raised.
    sigjmp_buf *const saved_exception_stack = PG_exception_stack;
    ErrorContextCallback *const saved_context_stack = error_context_stack;
    PendingError pending;
    try {
        return body(fcinfo);
    } catch (const core::RuleError &e) {
        capture_rule_error(pending, e);
    } catch (const std::bad_alloc &) {
        capture_failure(pending, ERRCODE_OUT_OF_MEMORY, "out of memory in pod_amplify");
    } catch (const std::exception &e) {
        capture_failure(pending, ERRCODE_INTERNAL_ERROR, e.what());
    } catch (...) {
        capture_failure(pending, ERRCODE_INTERNAL_ERROR, "unknown C++ exception in pod_amplify");
    }
    PG_exception_stack = saved_exception_stack;
    error_context_stack = saved_context_stack;
    raise_pending(pending);  // outside the catch blocks: the exception object is gone
}

}  // namespace pod_amplify::pg

// Defines the exported C symbol `name` whose body is `name##_body(fcinfo)`.
#define POD_AMPLIFY_FUNCTION(name)                                                       \
    static Datum name##_body(FunctionCallInfo fcinfo);                                   \
    extern "C" {                                                                         \
    PG_FUNCTION_INFO_V1(name);                                                           \
    Datum name(PG_FUNCTION_ARGS) { return pod_amplify::pg::cpp_entry(fcinfo, name##_body); } \
    }                                                                                    \
    static Datum name##_body(FunctionCallInfo fcinfo)
