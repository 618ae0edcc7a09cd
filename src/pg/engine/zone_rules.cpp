#include "pg/engine/zone_rules.hpp"

#include "core/engine_settings.hpp"

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

namespace {

// One zone's offsets over [from, to], palloc'd. False when an offset is one the
// calendar cannot take (a POSIX string such as 'XXX-25' that PostgreSQL accepts).
bool read_offsets(pg_tz *tz, TimestampTz from, TimestampTz to, int32 *initial, int64 **at_out, int32 **offset_out,
                  int *count_out)
{
    int capacity = 8, count = 0;
    auto *at = static_cast<int64 *>(palloc(sizeof(int64) * capacity));
    auto *offset = static_cast<int32 *>(palloc(sizeof(int32) * capacity));
    pg_time_t t = to_unix(from);
    const pg_time_t end = to_unix(to);
    long before_gmtoff = 0, after_gmtoff = 0;
    int before_isdst = 0, after_isdst = 0;
    pg_time_t boundary = 0;
    int found = pg_next_dst_boundary(&t, &before_gmtoff, &before_isdst, &boundary, &after_gmtoff, &after_isdst, tz);
    bool usable = before_gmtoff >= -core::kMaxZoneOffsetS && before_gmtoff <= core::kMaxZoneOffsetS;
    *initial = usable ? static_cast<int32>(before_gmtoff) : 0;
    while (found == 1 && boundary <= end) {
        if (count == capacity) {
            capacity *= 2;
            at = static_cast<int64 *>(repalloc(at, sizeof(int64) * capacity));
            offset = static_cast<int32 *>(repalloc(offset, sizeof(int32) * capacity));
        }
        usable = usable && after_gmtoff >= -core::kMaxZoneOffsetS && after_gmtoff <= core::kMaxZoneOffsetS;
        at[count] = from_unix(boundary);
        offset[count] = usable ? static_cast<int32>(after_gmtoff) : 0;
        count++;
        const pg_time_t next = boundary;
        found = pg_next_dst_boundary(&next, &before_gmtoff, &before_isdst, &boundary, &after_gmtoff, &after_isdst, tz);
        if (found == 1 && boundary <= next)
            break;  // no progress: stop rather than loop
    }
    *at_out = at;
    *offset_out = offset;
    *count_out = count;
    return usable;
}

}  // namespace

int add_zone(ZoneSet *zones, const char **names, const char *name, TimestampTz from, TimestampTz to)
{
    pg_tz *tz = name ? pg_tzset(name) : nullptr;
    if (tz == nullptr)
        tz = pg_tzset("UTC");  // users.timezone and the setting are checked on write; a zone gone since is UTC
    int32 initial;
    int64 *at;
    int32 *offset;
    int count;
    // A zone written before its offsets were checked (zone_problem) plans as
    // UTC: one member's zone must not fail the planning of a whole post.
    if (!read_offsets(tz, from, to, &initial, &at, &offset, &count)) {
        tz = pg_tzset("UTC");
        (void) read_offsets(tz, from, to, &initial, &at, &offset, &count);
    }
    const char *canonical = pg_get_timezone_name(tz);
    for (int z = 0; z < zones->count; z++)
        if (std::strcmp(names[z], canonical) == 0)
            return z;
    const int z = zones->count++;
    names[z] = pstrdup(canonical);
    zones->initial_offset[z] = initial;
    zones->transition_at[z] = at;
    zones->offset_after[z] = offset;
    zones->ntransitions[z] = count;
    return z;
}

const char *zone_problem(const char *name)
{
    pg_tz *tz = std::strlen(name) <= core::kMaxTimeZoneName ? pg_tzset(name) : nullptr;
    if (tz == nullptr)
        return kUnknownZone;
    int32 initial;
    int64 *at;
    int32 *offset;
    int count;
    const TimestampTz now = GetCurrentTimestamp();  // also outside a transaction (a GUC check hook)
    if (!read_offsets(tz, now - 3 * USECS_PER_DAY, now + 740 * USECS_PER_DAY, &initial, &at, &offset, &count))
        return "UTC offset beyond 24 hours";
    return nullptr;
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
