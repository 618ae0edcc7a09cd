#include "pg/engine/zone_rules.hpp"

extern "C" {
#include "pgtime.h"
}

#include <cstring>

namespace pod_amplify::pg {

namespace {

// PostgreSQL keeps microseconds since 2000-01-01; pg_time_t counts seconds since 1970.
constexpr int64 kEpochShiftS = static_cast<int64>(POSTGRES_EPOCH_JDATE - UNIX_EPOCH_JDATE) * SECS_PER_DAY;

pg_time_t to_unix(TimestampTz t) { return static_cast<pg_time_t>(t / USECS_PER_SEC + kEpochShiftS); }
TimestampTz from_unix(pg_time_t t) { return static_cast<TimestampTz>(t - kEpochShiftS) * USECS_PER_SEC; }

}  // namespace

int add_zone(ZoneSet *zones, const char **names, const char *name, TimestampTz from, TimestampTz to)
{
    pg_tz *tz = name ? pg_tzset(name) : nullptr;
    if (tz == nullptr)
        tz = pg_tzset("UTC");  // users.timezone and the setting are checked on write; a zone gone since is UTC
    const char *canonical = pg_get_timezone_name(tz);
    for (int z = 0; z < zones->count; z++)
        if (std::strcmp(names[z], canonical) == 0)
            return z;
    const int z = zones->count++;
    names[z] = pstrdup(canonical);
    int capacity = 8, count = 0;
    auto *at = static_cast<int64 *>(palloc(sizeof(int64) * capacity));
    auto *offset = static_cast<int32 *>(palloc(sizeof(int32) * capacity));
    pg_time_t t = to_unix(from);
    const pg_time_t end = to_unix(to);
    long before_gmtoff = 0, after_gmtoff = 0;
    int before_isdst = 0, after_isdst = 0;
    pg_time_t boundary = 0;
    int found = pg_next_dst_boundary(&t, &before_gmtoff, &before_isdst, &boundary, &after_gmtoff, &after_isdst, tz);
    zones->initial_offset[z] = static_cast<int32>(before_gmtoff);
    while (found == 1 && boundary <= end) {
        if (count == capacity) {
            capacity *= 2;
            at = static_cast<int64 *>(repalloc(at, sizeof(int64) * capacity));
            offset = static_cast<int32 *>(repalloc(offset, sizeof(int32) * capacity));
        }
        at[count] = from_unix(boundary);
        offset[count] = static_cast<int32>(after_gmtoff);
        count++;
        const pg_time_t next = boundary;
        found = pg_next_dst_boundary(&next, &before_gmtoff, &before_isdst, &boundary, &after_gmtoff, &after_isdst, tz);
        if (found == 1 && boundary <= next)
            break;  // no progress: stop rather than loop
    }
    zones->transition_at[z] = at;
    zones->offset_after[z] = offset;
    zones->ntransitions[z] = count;
    return z;
}

std::vector<core::ZoneRules> zone_rules_of(const ZoneSet &zones)
{
    std::vector<core::ZoneRules> rules(zones.count);
    for (int z = 0; z < zones.count; z++) {
        rules[z].initial_offset_s = zones.initial_offset[z];
        for (int k = 0; k < zones.ntransitions[z]; k++)
            if (rules[z].transitions.empty() || zones.transition_at[z][k] > rules[z].transitions.back().utc_us)
                rules[z].transitions.push_back({zones.transition_at[z][k], zones.offset_after[z][k]});
    }
    return rules;
}

}  // namespace pod_amplify::pg
