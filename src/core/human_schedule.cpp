#include "human_schedule.hpp"

#include "rule_error.hpp"
#include "schedule_plan.hpp"  // SplitMix64, kMicrosPerSecond, kMicrosPerDay: shared with the 1.1 planner
#include "utf8_text.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <numeric>
#include <sstream>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace pod_amplify::core {

namespace {

constexpr std::int64_t kMinuteUs = 60 * kMicrosPerSecond;

std::int64_t floor_div(std::int64_t a, std::int64_t b) noexcept  // b > 0
{
    const std::int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) noexcept  // b > 0
{
    const std::int64_t q = a / b;
    return (a % b != 0 && a > 0) ? q + 1 : q;
}

[[noreturn]] void refuse(const HumanCandidate &c, const std::string &why, const std::string &hint = {})
{
    throw RuleError(SqlState::InvalidParameterValue,
                    "cannot plan member \"" + display_value(c.member_id) + "\": " + why, {}, hint);
}

[[noreturn]] void refuse_beyond_horizon(const HumanCandidate &c, const char *what)
{
    refuse(c, std::string(what) + " lies beyond the planning horizon (730 days after not_before)",
           "Its working hours are too few for its delays, gap and daily caps.");
}

// Seconds in [0, 730 days] as microseconds; a value within a nanosecond of a
// whole microsecond is taken as that, anything else rounds the safe way.
std::int64_t checked_us(const HumanCandidate &c, const char *name, double seconds, bool round_up)
{
    constexpr double kMaxSeconds = static_cast<double>(kPlanningHorizonUs / kMicrosPerSecond);
    if (!(seconds >= 0 && seconds <= kMaxSeconds)) {  // also refuses NaN
        std::ostringstream value;
        value << seconds;
        refuse(c, std::string(name) + " must be between 0 and 730 days, got " + value.str());
    }
    const double us = seconds * 1e6, nearest = std::round(us);
    if (std::fabs(us - nearest) < 1e-3)
        return static_cast<std::int64_t>(nearest);
    return static_cast<std::int64_t>(round_up ? std::ceil(us) : std::floor(us));
}

// add_working_time(from, w) for many w: the working stretches after `from`,
// listed once per calendar and shared by every candidate using it.
class WorkClock {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    struct Piece {
        std::int64_t work_from, utc_from, length;  // working time [work_from, +length) is UTC [utc_from, +length)
    };

    WorkClock(const WorkingCalendar &calendar, std::int64_t from, std::int64_t limit)
        : calendar_(calendar), next_(from), limit_(limit) {}

    const WorkingCalendar &calendar() const { return calendar_; }
    const Piece &piece(std::size_t i) const { return pieces_[i]; }

    // The piece holding working time `work` (>= 0), or npos if it starts beyond the limit.
    std::size_t piece_of(std::int64_t work)
    {
        while (built_ <= work && !exhausted_)
            extend();
        if (built_ <= work)
            return npos;
        const auto it = std::upper_bound(pieces_.begin(), pieces_.end(), work,
                                         [](std::int64_t w, const Piece &p) { return w < p.work_from; });
        return static_cast<std::size_t>(it - pieces_.begin()) - 1;
    }

    // add_working_time(from, work), or kNoInstant beyond the limit.
    std::int64_t at(std::int64_t work)
    {
        const std::size_t i = piece_of(work);
        return i == npos ? kNoInstant : pieces_[i].utc_from + (work - pieces_[i].work_from);
    }

private:
    void extend()
    {
        const WorkingSpan s = calendar_.working_span_from(next_);
        if (s.from == kNoInstant || s.from > limit_) {
            exhausted_ = true;
            return;
        }
        if (!pieces_.empty() && pieces_.back().utc_from + pieces_.back().length == s.from)
            pieces_.back().length += s.to - s.from;  // touching windows (all day, across a transition) are one stretch
        else
            pieces_.push_back({built_, s.from, s.to - s.from});
        built_ += s.to - s.from;
        next_ = s.to;
        exhausted_ = next_ > limit_;  // and never ask the calendar beyond it
    }

    WorkingCalendar calendar_;
    std::vector<Piece> pieces_;
    std::int64_t built_ = 0;  // working time covered by pieces_
    std::int64_t next_;       // where the next piece is looked for
    std::int64_t limit_;
    bool exhausted_ = false;
};

// One account's rules and its times that can matter for the horizon.
struct Account {
    std::int64_t gap_us = 0;
    int member_cap = 0, action_cap = 0;  // 0: none
    std::vector<std::int64_t> all;       // sorted: busy and planned times
    std::vector<std::int64_t> same;      // sorted: those of the planned action
};

// The end of the gap around a time too close to t, or t.
std::int64_t past_gap(const std::vector<std::int64_t> &times, std::int64_t t, std::int64_t gap)
{
    if (gap == 0)
        return t;
    const auto near = std::upper_bound(times.begin(), times.end(), t - gap);
    if (near == times.end() || *near >= t + gap)
        return t;
    return *(std::lower_bound(near, times.end(), t + gap) - 1) + gap;
}

// t is forbidden while some 24-hour window holding t already holds `cap` other
// times: cap consecutive times O[j..j+cap-1] with max(O[j+cap-1], t) - min(O[j], t)
// under a day. Each such run forbids (O[j+cap-1] - day, O[j] + day); returns the
// latest end among the runs forbidding t, or t.
std::int64_t past_crowded_day(const std::vector<std::int64_t> &times, std::int64_t t, int cap)
{
    const auto n = static_cast<std::ptrdiff_t>(times.size());
    if (cap <= 0 || n < cap)
        return t;
    const std::ptrdiff_t lo = std::upper_bound(times.begin(), times.end(), t - kMicrosPerDay) - times.begin();
    const std::ptrdiff_t hi = std::lower_bound(times.begin(), times.end(), t + kMicrosPerDay) - times.begin();
    std::int64_t end = t;
    for (std::ptrdiff_t j = lo; j + cap <= hi; ++j) {
        const std::int64_t first = times[j], last = times[j + cap - 1];
        if (std::max(last, t) - std::min(first, t) < kMicrosPerDay)
            end = std::max(end, first + kMicrosPerDay);
    }
    return end;
}

// The earliest working instant >= t (t working) that keeps the account's gap and caps.
std::int64_t settle(std::int64_t t, const Account &account, const WorkingCalendar &calendar,
                    std::int64_t horizon_end, const HumanCandidate &c)
{
    for (;;) {
        const std::int64_t later = std::max({past_gap(account.all, t, account.gap_us),
                                             past_crowded_day(account.all, t, account.member_cap),
                                             past_crowded_day(account.same, t, account.action_cap)});
        if (later == t)
            return t;
        if (later > horizon_end)
            refuse_beyond_horizon(c, "the first time its account_min_gap and daily caps allow");
        t = calendar.next_working_instant(later);
        if (t > horizon_end)
            refuse_beyond_horizon(c, "the first working time its account_min_gap and daily caps allow");
    }
}

// Minutes first..last (counted from not_before) whose first instant is in the
// candidate's window; the last one's feasible instants end at last_end (inclusive).
struct SlotRange {
    std::int64_t first, last, last_end;
};

std::uint64_t slot_count(const std::vector<SlotRange> &ranges)
{
    std::uint64_t n = 0;
    for (const auto &r : ranges)
        n += static_cast<std::uint64_t>(r.last - r.first + 1);
    return n;
}

std::int64_t nth_slot(const std::vector<SlotRange> &ranges, std::uint64_t n)
{
    for (const auto &r : ranges) {
        const auto width = static_cast<std::uint64_t>(r.last - r.first + 1);
        if (n < width)
            return r.first + static_cast<std::int64_t>(n);
        n -= width;
    }
    return ranges.back().last;  // n out of range: not reached
}

// A least-used slot, at random among equals (as plan_schedule picks minutes).
std::int64_t pick_slot(const std::vector<SlotRange> &ranges, std::uint64_t total,
                       const std::unordered_map<std::int64_t, int> &used, SplitMix64 &rng)
{
    for (int tries = 0; tries < 16; ++tries) {  // cheap when the window is roomy
        const std::int64_t k = nth_slot(ranges, rng.below(total));
        if (used.find(k) == used.end())
            return k;
    }
    auto uses = [&](std::int64_t k) {
        const auto it = used.find(k);
        return it == used.end() ? 0 : it->second;
    };
    int least = -1;
    std::uint64_t ties = 0;
    for (const auto &r : ranges)
        for (std::int64_t k = r.first; k <= r.last; ++k) {
            const int u = uses(k);
            if (least < 0 || u < least) {
                least = u;
                ties = 1;
            } else if (u == least) {
                ++ties;
            }
        }
    std::uint64_t skip = rng.below(ties);
    for (const auto &r : ranges)
        for (std::int64_t k = r.first; k <= r.last; ++k)
            if (uses(k) == least && skip-- == 0)
                return k;
    return ranges.front().first;  // not reached
}

struct Prepared {
    std::int64_t lo_us, hi_us;  // working-time window
    std::int64_t a, b;          // its first and last instants
    std::size_t clock, account;
};

using CalendarKey = std::tuple<const ZoneRules *, int, int, int>;

}  // namespace

std::vector<std::int64_t> plan_human_schedule(const std::vector<HumanCandidate> &candidates,
                                              std::int64_t not_before_us, std::uint64_t seed)
{
    if (not_before_us < -kCalendarLimitUs || not_before_us > kCalendarLimitUs - kPlanningHorizonUs)
        throw RuleError(SqlState::InvalidParameterValue,
                        "not_before " + std::to_string(not_before_us) + " is outside the planner's range");
    const std::int64_t nb = not_before_us;
    const std::int64_t horizon_end = nb + kPlanningHorizonUs;
    const std::size_t n = candidates.size();

    // Check every candidate first; share one clock per calendar, one account per user.
    std::vector<Prepared> prep(n);
    std::vector<WorkClock> clocks;
    std::map<CalendarKey, std::size_t> clock_of;
    std::vector<Account> accounts;
    std::unordered_map<std::string_view, std::size_t> account_of;
    for (std::size_t i = 0; i < n; ++i) {
        const HumanCandidate &c = candidates[i];
        Prepared &p = prep[i];
        p.lo_us = checked_us(c, "min_delay_s", c.min_delay_s, true);
        p.hi_us = std::max(p.lo_us, checked_us(c, "max_delay_s", c.max_delay_s, false));
        if (c.min_delay_s > c.max_delay_s)
            refuse(c, "min_delay_s exceeds max_delay_s");
        const std::int64_t gap_us = checked_us(c, "account_min_gap_s", c.account_min_gap_s, true);
        if (c.member_daily_cap < 0 || c.action_daily_cap < 0)
            refuse(c, "daily caps must not be negative (0: no cap)");

        const CalendarKey key{c.calendar.zone, c.calendar.hours.start_min, c.calendar.hours.end_min,
                              c.calendar.days.mask};
        auto [clock, fresh] = clock_of.try_emplace(key, clocks.size());
        if (fresh) {
            try {
                check_calendar(c.calendar);
            } catch (const RuleError &e) {
                throw RuleError(e.state(), "cannot plan member \"" + display_value(c.member_id) + "\": " + e.what(),
                                e.detail(), e.hint());
            }
            clocks.emplace_back(c.calendar, nb, horizon_end);
        }
        p.clock = clock->second;
        p.a = clocks[p.clock].at(p.lo_us);
        p.b = clocks[p.clock].at(p.hi_us);
        if (p.b > horizon_end)
            refuse_beyond_horizon(c, "the end of its delay window in working time");

        auto [account, added] = account_of.try_emplace(std::string_view(c.user_id), accounts.size());
        if (added)
            accounts.emplace_back();
        p.account = account->second;
        Account &acc = accounts[p.account];  // the strictest settings among the user's candidates
        acc.gap_us = std::max(acc.gap_us, gap_us);
        auto stricter = [](int have, int cap) { return cap == 0 ? have : have == 0 ? cap : std::min(have, cap); };
        acc.member_cap = stricter(acc.member_cap, c.member_daily_cap);
        acc.action_cap = stricter(acc.action_cap, c.action_daily_cap);
    }

    // Busy times per account: only those that can meet a time in the horizon
    // (closer than a day or the gap), merged as multisets across candidates.
    {
        std::vector<std::size_t> by_account(n);
        std::iota(by_account.begin(), by_account.end(), 0);
        std::stable_sort(by_account.begin(), by_account.end(),
                         [&](std::size_t x, std::size_t y) { return prep[x].account < prep[y].account; });
        std::vector<std::pair<std::int64_t, bool>> merged, mine, both;
        for (std::size_t g = 0; g < n;) {
            const std::size_t acc_index = prep[by_account[g]].account;
            Account &acc = accounts[acc_index];
            const std::int64_t reach = std::max(kMicrosPerDay, acc.gap_us);
            const std::int64_t low = nb - reach, high = horizon_end + reach;
            merged.clear();
            for (bool first = true; g < n && prep[by_account[g]].account == acc_index; ++g, first = false) {
                mine.clear();
                for (const BusyTime &b : candidates[by_account[g]].busy)
                    if (b.utc_us >= low && b.utc_us <= high)
                        mine.emplace_back(b.utc_us, b.same_action);
                std::sort(mine.begin(), mine.end());
                if (first) {
                    merged.swap(mine);
                } else {
                    both.clear();
                    std::set_union(merged.begin(), merged.end(), mine.begin(), mine.end(), std::back_inserter(both));
                    merged.swap(both);
                }
            }
            acc.all.reserve(merged.size() + 1);
            for (const auto &[t, same] : merged) {  // merged is sorted by time
                acc.all.push_back(t);
                if (same)
                    acc.same.push_back(t);
            }
        }
    }

    // The 1.1 order: by member id, then a seeded shuffle.
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        const int cmp = candidates[x].member_id.compare(candidates[y].member_id);
        return cmp != 0 ? cmp < 0 : x < y;
    });
    SplitMix64 rng{seed};
    for (std::size_t i = order.size(); i > 1; --i)  // Fisher-Yates
        std::swap(order[i - 1], order[rng.below(i)]);

    std::unordered_map<std::int64_t, int> used;  // minutes since not_before -> activities in it
    used.reserve(n);
    std::vector<SlotRange> ranges;
    std::vector<std::int64_t> times(n);
    for (const std::size_t idx : order) {
        const HumanCandidate &c = candidates[idx];
        const Prepared &p = prep[idx];
        WorkClock &clock = clocks[p.clock];

        ranges.clear();
        const std::size_t first_piece = clock.piece_of(p.lo_us), last_piece = clock.piece_of(p.hi_us);
        for (std::size_t i = first_piece; i <= last_piece; ++i) {
            const WorkClock::Piece &piece = clock.piece(i);
            const std::int64_t from = std::max(piece.utc_from, p.a);
            const std::int64_t to = std::min(piece.utc_from + piece.length - 1, p.b);
            if (from > to)
                continue;
            const SlotRange r{ceil_div(from - nb, kMinuteUs), floor_div(to - nb, kMinuteUs), to};
            if (r.first <= r.last)
                ranges.push_back(r);
        }

        std::int64_t t;
        const std::uint64_t total = slot_count(ranges);
        if (total > 0) {
            const std::int64_t k = pick_slot(ranges, total, used, rng);
            const std::int64_t second = static_cast<std::int64_t>(rng.below(60)) * kMicrosPerSecond;
            const std::int64_t slot_start = nb + k * kMinuteUs;
            const auto range = std::find_if(ranges.begin(), ranges.end(), [&](const SlotRange &r) { return k <= r.last; });
            const std::int64_t feasible_end = k == range->last ? range->last_end : slot_start + kMinuteUs - 1;
            // a random second, cut to whole seconds where the window ends inside the minute
            t = slot_start + std::min(second, floor_div(feasible_end - slot_start, kMicrosPerSecond) * kMicrosPerSecond);
        } else {
            // The window holds no minute's first instant: stay in the minute holding its start.
            const std::int64_t k = floor_div(p.a - nb, kMinuteUs);
            const std::int64_t second = static_cast<std::int64_t>(rng.below(60)) * kMicrosPerSecond;
            const WorkClock::Piece &piece = clock.piece(first_piece);
            const std::int64_t feasible_end = std::min(p.b, piece.utc_from + piece.length - 1);
            t = std::clamp(nb + k * kMinuteUs + second, p.a, feasible_end);
        }

        Account &acc = accounts[p.account];
        t = settle(t, acc, clock.calendar(), horizon_end, c);
        times[idx] = t;
        ++used[floor_div(t - nb, kMinuteUs)];
        acc.all.insert(std::upper_bound(acc.all.begin(), acc.all.end(), t), t);
        acc.same.insert(std::upper_bound(acc.same.begin(), acc.same.end(), t), t);
    }
    return times;
}

}  // namespace pod_amplify::core
