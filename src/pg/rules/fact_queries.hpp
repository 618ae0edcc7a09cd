// The facts every data rule reads, looked up for a set of rows, and the rules
// (core/rules.hpp) applied to them. One query per kind of row, narrowed to the
// rows a change touches: the triggers on the tables a rule reads (a post whose
// author changes, a user who moves, ...) check only the dependent rows; the
// audit pod_amplify.rule_violations() walks them all with a cursor.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

namespace pod_amplify::pg {

enum class FactScope {
    All,      // every row (the audit)
    Post,     // activities of post $1 / the post $1
    Member,   // activities of member $1
    User,     // members of user $1
    Account,  // members linked to LinkedIn account $1
    Author,   // posts written by user $1
    Pod,      // members and activities of pod $1
};

// A broken rule, as plain data (palloc'd).
struct FoundViolation {
    const char *rule;     // core::rule_key()
    const char *table;    // pod_members, pod_activities, posts
    pg_uuid_t row_id;
    const char *message;
    int sqlerrcode;
};

struct ViolationList {
    FoundViolation *items;
    int count, capacity;
    int64 rows_with_violations;
};
ViolationList new_violation_list();

// Appends the violations of the rows in scope (SPI connected; runs as the
// caller: the triggers switch to the tables' owner first). Stops collecting
// after `limit` violations but still counts the rows (limit 0 = no limit).
void collect_member_violations(FactScope scope, const pg_uuid_t *id, ViolationList *out, int limit);
void collect_activity_violations(FactScope scope, const pg_uuid_t *id, ViolationList *out, int limit);
void collect_post_violations(FactScope scope, const pg_uuid_t *id, ViolationList *out, int limit);

// Raises the first violation as the trigger's error, saying how many rows in
// all the change would break and naming the change.
[[noreturn]] void raise_first_violation(const ViolationList &found, const char *change);

}  // namespace pod_amplify::pg
