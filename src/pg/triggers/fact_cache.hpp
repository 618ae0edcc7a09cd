// Facts the activity trigger looked up, kept for the rest of one statement.
//
// Look-ups run read-only against the statement's snapshot, so within one
// statement (one local transaction id and command id) a member's pod, a post's
// client and author, a pod's client and a user's client cannot change from the
// trigger's point of view: a bulk INSERT of 100,000 activities over a few
// thousand members and posts looks each up once. Any write in between (a new
// command id) or a new transaction starts an empty cache.
#pragma once

#include "pg/runtime/spi.hpp"

namespace pod_amplify::pg {

struct MemberFacts { Fact pod_id, client_id, user_id; };
struct PostFacts { Fact client_id, author_id; bool has_scheduled_rows; };

// Drops the cache when the statement changed; call first in every trigger call.
void statement_cache_begin();

bool cached_member(const pg_uuid_t &id, MemberFacts *out);
bool cached_post(const pg_uuid_t &id, PostFacts *out);
bool cached_client_of_pod(const pg_uuid_t &id, Fact *out);
bool cached_client_of_user(const pg_uuid_t &id, Fact *out);

void remember_member(const pg_uuid_t &id, const MemberFacts &facts);
void remember_post(const pg_uuid_t &id, const PostFacts &facts);
void remember_client_of_pod(const pg_uuid_t &id, const Fact &client);
void remember_client_of_user(const pg_uuid_t &id, const Fact &client);

}  // namespace pod_amplify::pg
