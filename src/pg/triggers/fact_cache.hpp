// Facts the activity trigger looked up, kept for the rest of the transaction
// (1.2) or of the statement (1.1) while nothing they depend on changes.
//
// Each look-up locks the rows it reads FOR KEY SHARE, so no other transaction
// can change a member's pod, a post's client or author, a pod's client or a
// user's client under them until this one ends (the change waits, then sees
// this transaction's rows). This transaction's own changes of those facts go
// through the triggers of triggers/dependent_rules.cpp, which call
// fact_cache_invalidate(); so does a rolled-back subtransaction, and a new
// transaction starts empty. So a bulk INSERT of 100,000 activities over a few
// thousand members and posts looks each up once.
#pragma once

#include "pg/runtime/spi.hpp"

namespace pod_amplify::pg {

struct MemberFacts { Fact pod_id, client_id, user_id; };
struct PostFacts { Fact client_id, author_id; bool has_scheduled_rows; };

// Drops the cache when it no longer applies; call first in every trigger call.
// Per transaction (1.2, whose look-ups lock and whose triggers invalidate), or
// per statement (1.1: read-only look-ups, no triggers on the tables they read).
enum class CacheScope { Statement, Transaction };
void statement_cache_begin(CacheScope scope);
// Drops it now: a fact it may hold changed.
void fact_cache_invalidate();
// Registers the subtransaction callback that drops it on rollback (_PG_init).
void define_fact_cache();

bool cached_member(const pg_uuid_t &id, MemberFacts *out);
bool cached_post(const pg_uuid_t &id, PostFacts *out);
bool cached_client_of_pod(const pg_uuid_t &id, Fact *out);
bool cached_client_of_user(const pg_uuid_t &id, Fact *out);

void remember_member(const pg_uuid_t &id, const MemberFacts &facts);
void remember_post(const pg_uuid_t &id, const PostFacts &facts);
void remember_client_of_pod(const pg_uuid_t &id, const Fact &client);
void remember_client_of_user(const pg_uuid_t &id, const Fact &client);

}  // namespace pod_amplify::pg
