// Time zones for the planner: PostgreSQL's own tz database (the one SET
// TIME ZONE uses) read into core::ZoneRules, one per distinct zone of a call.
#pragma once

#include "pg/runtime/postgres_headers.hpp"

#include "core/working_hours.hpp"

#include <vector>

namespace pod_amplify::pg {

// The distinct zones of a call, their UTC offsets as plain data (palloc'd).
struct ZoneSet {
    int count;
    int32 *initial_offset;  // per zone
    int64 **transition_at;  // per zone: transition instants (PostgreSQL microseconds) ...
    int32 **offset_after;   // ... and the offset in force from each on
    int *ntransitions;
};

// The zones of the candidates (field `timezone`, a name PostgreSQL knows; an
// unknown one falls back to UTC), covering the planning horizon after
// not_before; sets each candidate's `zone` index.
template <typename CandidateT>
ZoneSet zones_of(CandidateT *candidates, int n, TimestampTz not_before);

// Pure C++: the core's view of a ZoneSet.
std::vector<core::ZoneRules> zone_rules_of(const ZoneSet &zones);

// One zone's offsets from `from` to `to` (PostgreSQL microseconds), appended to
// the set; returns its index. Zones are found by name (case as PostgreSQL spells it).
// Zones the planner cannot use (offsets beyond core::kMaxZoneOffsetS, which
// PostgreSQL accepts in POSIX strings such as 'XXX-25') are read as UTC.
int add_zone(ZoneSet *zones, const char **names, const char *name, TimestampTz from, TimestampTz to);

// Why a time zone name written to users.timezone or a default_timezone setting
// is unfit for planning ("unknown time zone", or an offset beyond 24 hours over
// the planning horizon from now), or nullptr. Never raises.
const char *zone_problem(const char *name);
inline constexpr const char *kUnknownZone = "unknown time zone";

template <typename CandidateT>
ZoneSet zones_of(CandidateT *candidates, int n, TimestampTz not_before)
{
    ZoneSet zones{0, nullptr, nullptr, nullptr, nullptr};
    const int capacity = n > 0 ? n : 1;
    zones.initial_offset = static_cast<int32 *>(palloc(sizeof(int32) * capacity));
    zones.transition_at = static_cast<int64 **>(palloc(sizeof(int64 *) * capacity));
    zones.offset_after = static_cast<int32 **>(palloc(sizeof(int32 *) * capacity));
    zones.ntransitions = static_cast<int *>(palloc(sizeof(int) * capacity));
    const char **names = static_cast<const char **>(palloc(sizeof(char *) * capacity));
    const TimestampTz from = not_before - 3 * USECS_PER_DAY;
    const TimestampTz to = not_before + 740 * USECS_PER_DAY;
    for (int i = 0; i < n; i++)
        candidates[i].zone = add_zone(&zones, names, candidates[i].timezone, from, to);
    return zones;
}

}  // namespace pod_amplify::pg
