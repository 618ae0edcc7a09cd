#include "pg/triggers/fact_cache.hpp"

extern "C" {
#include "postgres.h"
#include "storage/proc.h"
#include "access/xact.h"
}

#include <cstring>
#include <unordered_map>

namespace pod_amplify::pg {

namespace {

struct UuidKey {
    pg_uuid_t id;
    bool operator==(const UuidKey &o) const { return std::memcmp(id.data, o.id.data, UUID_LEN) == 0; }
};
struct UuidHash {
    std::size_t operator()(const UuidKey &k) const noexcept
    {
        std::size_t h;
        std::memcpy(&h, k.id.data, sizeof h);  // uuids are random enough
        return h;
    }
};
template <typename V>
using UuidMap = std::unordered_map<UuidKey, V, UuidHash>;

// Statics that PostgreSQL never frees; cleared when the transaction changes or
// a fact may have changed.
LocalTransactionId cached_lxid = InvalidLocalTransactionId;
CommandId cached_cid = InvalidCommandId;  // per-statement scope only
bool cache_valid = false;
UuidMap<MemberFacts> members;
UuidMap<PostFacts> posts;
UuidMap<Fact> pod_clients;
UuidMap<Fact> user_clients;
constexpr std::size_t kMaxEntries = 200000;  // a bound on memory for huge statements

template <typename V>
bool find(const UuidMap<V> &map, const pg_uuid_t &id, V *out)
{
    const auto it = map.find(UuidKey{id});
    if (it == map.end())
        return false;
    *out = it->second;
    return true;
}

template <typename V>
void remember(UuidMap<V> &map, const pg_uuid_t &id, const V &value)
{
    if (map.size() >= kMaxEntries)
        map.clear();
    map[UuidKey{id}] = value;
}

void clear_all()
{
    members.clear();
    posts.clear();
    pod_clients.clear();
    user_clients.clear();
}

void on_subtransaction(SubXactEvent event, SubTransactionId, SubTransactionId, void *)
{
    if (event == SUBXACT_EVENT_ABORT_SUB)
        cache_valid = false;  // facts changed in the subtransaction are undone
}

}  // namespace

void statement_cache_begin(CacheScope scope)
{
    const LocalTransactionId lxid = MyProc->lxid;
    const CommandId cid = scope == CacheScope::Statement ? GetCurrentCommandId(false) : InvalidCommandId;
    if (lxid == cached_lxid && cid == cached_cid && cache_valid)
        return;
    cached_lxid = lxid;
    cached_cid = cid;
    cache_valid = true;
    clear_all();
}

void fact_cache_invalidate()
{
    cache_valid = false;
}

void define_fact_cache()
{
    RegisterSubXactCallback(on_subtransaction, nullptr);
}

bool cached_member(const pg_uuid_t &id, MemberFacts *out) { return find(members, id, out); }
bool cached_post(const pg_uuid_t &id, PostFacts *out) { return find(posts, id, out); }
bool cached_client_of_pod(const pg_uuid_t &id, Fact *out) { return find(pod_clients, id, out); }
bool cached_client_of_user(const pg_uuid_t &id, Fact *out) { return find(user_clients, id, out); }

void remember_member(const pg_uuid_t &id, const MemberFacts &facts) { remember(members, id, facts); }
void remember_post(const pg_uuid_t &id, const PostFacts &facts) { remember(posts, id, facts); }
void remember_client_of_pod(const pg_uuid_t &id, const Fact &client) { remember(pod_clients, id, client); }
void remember_client_of_user(const pg_uuid_t &id, const Fact &client) { remember(user_clients, id, client); }

}  // namespace pod_amplify::pg
