#include "worker_loop.hpp"

#include "call_pool.hpp"
#include "engine.hpp"
#include "heartbeat.hpp"
#include "held.hpp"
#include "listener.hpp"
#include "log.hpp"
#include "pg_conn.hpp"
#include "unipile.hpp"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <thread>

namespace worker {

namespace {

using Clock = std::chrono::steady_clock;

// How far ahead WORKER_EXIT_WHEN_IDLE looks: "nothing pending or due within a minute".
const double kIdleHorizonSeconds = 60;
// A report refused by the database for a reason other than the connection is
// tried this often before it is given up (logged; the leases then lapse).
const int kReportTries = 5;
// An outcome the engine answered "busy" (another transaction holds the row or
// its member: nothing recorded, the lease stands) stays held and is reported
// again after this long, for as long as the worker runs: given up, it would be
// handed back by the next claim (its lease is still ours, the heartbeat renews
// it) and done on LinkedIn a second time. Only a stopping worker gives it up,
// after this many tries (logged; the lease then lapses) -- at once for a
// success the engine keeps waiting in the database (1.2): no claim hands that
// activity back, and the engine records it once the row is free.
const double kBusyRetrySeconds = 1;
const int kBusyTriesWhenStopping = 30;
const char *const kSuccessWaits = "the success waits";
// The engine's largest claim (p_limit). A claim after a lost answer asks for
// this worker's own live leases back first, so the held ones count against it.
const std::size_t kMaxClaimLimit = 1000;
// The most activities held at once: the engine's largest report (ids).
const std::size_t kMaxHeld = 10000;

bool is_busy(const ReportRow &row)
{
    return !row.accepted && row.reason.rfind("busy", 0) == 0;
}

bool success_waits(const ReportRow &row)
{
    return is_busy(row) && row.reason.find(kSuccessWaits) != std::string::npos;
}

Clock::time_point after(double seconds)
{
    return Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

double seconds_until(Clock::time_point t)
{
    return std::chrono::duration<double>(t - Clock::now()).count();
}

void sleep_seconds(double s)
{
    std::this_thread::sleep_for(std::chrono::duration<double>(s));
}

class Loop {
public:
    Loop(const Config &config, const std::atomic<bool> &stop, int wake_read, int wake_write)
        : config_(config),
          stop_(stop),
          wake_read_(wake_read),
          client_(config),
          db_(config.database_url, "pod_amplify_worker:" + config.worker_name, "main", config.db_timeout_seconds,
              std::min(5.0, config.heartbeat_seconds)),
          listener_(config),
          pool_(config, client_, wake_write),
          heartbeat_(config, held_)
    {
    }

    int run()
    {
        if (!db_.connect_with_backoff(&stop_)) {
            log_info(kv("event", "stopped") + " " + kv("reason", "signal before the first connection"));
            return 0;
        }
        listener_.ensure();
        heartbeat_.start();
        pool_.start();
        Clock::time_point next_claim = Clock::now();
        bool stop_logged = false;
        for (;;) {
            // After a report, claim again soon: retries of ours fall due, and
            // with nothing held an idle worker may be done.
            // When there is room, the report carries the next claim (one
            // transaction); `fused` then says it was made and `fresh` its yield.
            int fresh = 0;
            bool fused = false;
            if (report_finished(&fused, &fresh)) next_claim = std::min(next_claim, Clock::now());
            const bool stopping = stop_.load();
            if (stopping && !stop_logged) {
                log_info(kv("event", "stopping") + " " + kv("held", static_cast<long long>(held_.size())));
                stop_logged = true;
            }
            if (stopping && held_.size() == 0) break;

            if (!stopping && (fused || (room_to_claim(held_.size(), busy_.size()) && Clock::now() >= next_claim))) {
                const bool ok = fused || claim_some(&fresh);
                if (!ok) {
                    next_claim = after(std::min(config_.poll_seconds, 5.0));
                } else if (fresh < config_.batch) {
                    // The backlog is drained: wait for news, the next due time or the poll.
                    Lookahead ahead;
                    if (!look(&ahead)) {
                        next_claim = after(std::min(config_.poll_seconds, 5.0));
                    } else {
                        if (config_.exit_when_idle && held_.size() == 0 && !ahead.pending_soon) {
                            log_info(kv("event", "idle_exit") +
                                     " " + kv("reason", "nothing pending or due within a minute"));
                            break;
                        }
                        double wait = config_.poll_seconds;
                        if (ahead.next_free_due) wait = std::min(wait, std::max(*ahead.next_free_due, 0.2));
                        next_claim = after(wait);
                    }
                }
            }
            wait_for_news(stopping, &next_claim);
        }
        heartbeat_.stop();
        pool_.stop();
        log_info(kv("event", "stopped"));
        return 0;
    }

private:
    // Room for a claim: fewer activities in flight than call slots. Outcomes
    // answered busy only wait for their report and take no slot: a tenant
    // holding its members' rows open must not stop this worker from doing
    // everyone else's work (and start_claimed() caps what one client may keep
    // waiting). Bounded by the engine's largest report.
    bool room_to_claim(std::size_t held, std::size_t waiting) const
    {
        const std::size_t in_flight = held - std::min(held, waiting);
        return in_flight < static_cast<std::size_t>(config_.concurrency) &&
               held + static_cast<std::size_t>(config_.batch) <= kMaxHeld;
    }

    // The claim's p_limit. After a lost answer (hand_back_) the engine returns
    // this worker's own live leases first, so the held ones count; a lost claim's
    // activities beyond the engine's largest claim are never started and their
    // leases lapse (an attempt counted, nothing done twice).
    int claim_limit(std::size_t held) const
    {
        const std::size_t batch = static_cast<std::size_t>(config_.batch);
        return static_cast<int>(hand_back_ ? std::min(held + batch, kMaxClaimLimit) : batch);
    }

    // One claim; new activities go to the pool. False when the database refused.
    bool claim_some(int *fresh)
    {
        for (;;) {
            if (!db_.connected() && !db_.connect_with_backoff(&stop_)) return false;
            try {
                Cycle cycle = report_and_claim(db_, config_.worker_name, {}, claim_limit(held_.size()),
                                               config_.lease_seconds, hand_back_);
                hand_back_ = false;
                *fresh = start_claimed(cycle.claimed);
                return true;
            } catch (const DbError &e) {
                log_warn(kv("event", "claim_failed") + " " + kv("sqlstate", e.sqlstate) + " " + kv("error", e.what()));
                if (e.kind == DbError::Statement) return false;
                // Connection lost (maybe after the claim committed): reconnect and
                // claim again, asking for this worker's live leases back.
                hand_back_ = true;
                if (e.kind == DbError::Transient) sleep_seconds(0.05);
            }
        }
    }

    bool look(Lookahead *out)
    {
        for (int tries = 0; tries < 3; ++tries) {
            if (!db_.connected() && !db_.connect_with_backoff(&stop_)) return false;
            try {
                *out = look_ahead(db_, kIdleHorizonSeconds);
                return true;
            } catch (const DbError &e) {
                log_warn(kv("event", "lookahead_failed") + " " + kv("sqlstate", e.sqlstate) + " " + kv("error", e.what()));
                if (e.kind == DbError::Statement) return false;
            }
        }
        return false;
    }

    // Reports every finished attempt in one call, its own transaction. With
    // room for more (and not stopping) the call is report_and_claim: the next
    // claim rides in the same transaction (*fused, *fresh). A connection lost
    // before the answer (the COMMIT may or may not have happened) means:
    // reconnect and repeat the same call. A refusal of the fused call falls back
    // to the report alone (the claim is then made on its own).
    bool report_finished(bool *fused, int *fresh)
    {
        std::vector<Finished> finished = pool_.take_finished();
        std::size_t rebusy = 0;  // outcomes answered busy before, reported again: most stay held
        if (!busy_.empty() && Clock::now() >= busy_due_) {
            rebusy = busy_.size();
            finished.insert(finished.end(), busy_.begin(), busy_.end());
            busy_.clear();
        }
        if (finished.empty()) return false;
        std::vector<ReportItem> items;
        for (const Finished &f : finished) items.push_back({f.activity.id, f.verdict.outcome, f.verdict.detail});
        // Room for the claim counts the re-reported busy outcomes as still held
        // (and waiting): counted as finished, they let the worker claim past
        // kMaxHeld and then send more ids than one report takes.
        const std::size_t still_held = held_.size() - std::min(held_.size(), finished.size() - rebusy);
        bool with_claim = !stop_.load() && room_to_claim(still_held, busy_.size() + rebusy);
        std::vector<ReportRow> rows;
        std::vector<Claimed> claimed;
        for (bool done = false; !done;) {
            if (!db_.connected()) db_.connect_with_backoff();
            try {
                if (with_claim) {
                    Cycle cycle = report_and_claim(db_, config_.worker_name, items, claim_limit(still_held),
                                                   config_.lease_seconds, hand_back_);
                    hand_back_ = false;
                    rows = std::move(cycle.reports);
                    claimed = std::move(cycle.claimed);
                } else {
                    rows = report(db_, config_.worker_name, items);
                }
                done = true;
            } catch (const DbError &e) {
                log_warn(kv("event", "report_failed") + " " + kv("activities", static_cast<long long>(items.size())) +
                         " " + kv("sqlstate", e.sqlstate) + " " + kv("error", e.what()) + " " +
                         kv("next", e.kind == DbError::Statement ? "retry" : "reconnect and repeat"));
                if (e.kind == DbError::Statement && with_claim) {
                    with_claim = false;  // keep the report apart from whatever the claim met
                    continue;
                }
                if (e.kind != DbError::Statement && with_claim) hand_back_ = true;  // the claim may have committed
                if (e.kind == DbError::Statement) {
                    // One item the database refuses must not sink the others
                    // (abandoned, their leases would lapse and their actions be
                    // done again): each is reported on its own.
                    rows = report_each(items);
                    done = true;
                    continue;
                }
                if (e.kind != DbError::Connection) sleep_seconds(0.05);
            }
        }
        std::map<std::string, const ReportRow *> by_id;
        for (const ReportRow &r : rows) by_id[r.id] = &r;
        for (const Finished &f : finished) {
            const auto it = by_id.find(f.activity.id);
            const ReportRow *row = it == by_id.end() ? nullptr : it->second;
            std::string line = kv("event", "outcome") + " " + kv("id", f.activity.id) + " " + kv("action", f.activity.action) +
                               " " + kv("attempt", f.activity.attempt) + " " + kv("outcome", outcome_word(f.verdict.outcome)) +
                               " " + kv("ms", f.ms) + " " + kv("reason", f.verdict.detail.value_or("")) + " " +
                               kv("report", row ? row->reason : "no answer") + " " + kv("status", row ? row->status : "");
            if (row && success_waits(*row) && stop_.load()) {
                log_info(kv("event", "success_left_waiting") + " " + kv("id", f.activity.id));
                busy_tries_.erase(f.activity.id);
                forget(f.activity.id);
                continue;
            }
            if (row && is_busy(*row) && (!stop_.load() || ++busy_tries_[f.activity.id] < kBusyTriesWhenStopping)) {
                log_info(kv("event", "report_busy") + " " + kv("id", f.activity.id) + " " + kv("reason", row->reason));
                busy_.push_back(f);  // still held: the heartbeat keeps its lease
                continue;
            }
            if (row && row->accepted) log_info(line);
            else if (row) log_warn(line);
            else log_error(kv("event", "report_abandoned") + " " + kv("id", f.activity.id) + " " +
                           kv("outcome", outcome_word(f.verdict.outcome)));
            busy_tries_.erase(f.activity.id);
            forget(f.activity.id);
        }
        if (!busy_.empty()) busy_due_ = after(kBusyRetrySeconds);
        if (with_claim) {
            *fused = true;
            *fresh = start_claimed(claimed);
        }
        return true;
    }

    // Reports items one at a time, after the database refused them together.
    // An item refused on its own is tried again without what the worker added
    // (a success without its URL, a failure with a plain error), then up to
    // kReportTries times; an item still refused is left out of the answer
    // (logged as abandoned: its lease lapses).
    std::vector<ReportRow> report_each(const std::vector<ReportItem> &items)
    {
        std::vector<ReportRow> rows;
        for (const ReportItem &item : items) {
            ReportItem sent = item;
            for (int refusals = 0; refusals < kReportTries;) {
                if (!db_.connected()) db_.connect_with_backoff();
                try {
                    for (ReportRow &r : report(db_, config_.worker_name, {sent})) rows.push_back(std::move(r));
                    break;
                } catch (const DbError &e) {
                    if (e.kind != DbError::Statement) {
                        if (e.kind != DbError::Connection) sleep_seconds(0.05);
                        continue;  // lost connection: repeat (a repeated report is harmless)
                    }
                    ++refusals;
                    log_warn(kv("event", "report_refused") + " " + kv("id", item.id) + " " +
                             kv("outcome", outcome_word(item.outcome)) + " " + kv("sqlstate", e.sqlstate) + " " +
                             kv("error", e.what()));
                    if (item.outcome == Outcome::Success) sent.detail.reset();
                    else sent.detail = std::string("the worker's error text was refused by the database (SQLSTATE ") +
                                       e.sqlstate + ")";
                    if (refusals > 1) sleep_seconds(0.2 * refusals);
                }
            }
        }
        return rows;
    }

    // After a lost answer the engine returns this worker's own live leases
    // first (the held ones, renewed), then new ones: only the new are started.
    // A client with max_waiting_per_client outcomes answered busy (its rows
    // held open by another transaction; fewer, a fair share of max_waiting,
    // when many clients have some waiting: so many tenants holding rows at
    // once cannot fill kMaxHeld either) gets no new attempt: its new
    // activities are set aside unattempted, their leases left to lapse (an
    // attempt counted, retried later), so that its locks cost it alone and not
    // this worker's memory or everyone else's turn. Returns how many new ones
    // came (started or set aside).
    int start_claimed(std::vector<Claimed> &claimed)
    {
        std::map<std::string, std::size_t> waiting;
        for (const Finished &f : busy_) ++waiting[f.activity.client];
        // Once all clients together have max_waiting outcomes waiting, no client
        // that has any gets a new attempt; before that, each its fair share.
        const bool full = busy_.size() >= static_cast<std::size_t>(config_.max_waiting);
        const std::size_t cap =
            full || waiting.empty()
                ? 0
                : std::min(static_cast<std::size_t>(config_.max_waiting_per_client),
                           std::max<std::size_t>(1, static_cast<std::size_t>(config_.max_waiting) / waiting.size()));
        std::map<std::string, long long> set_aside;
        int fresh = 0;
        for (Claimed &c : claimed) {
            if (held_.contains(c.id)) continue;
            ++fresh;
            const auto w = waiting.find(c.client);
            if (w != waiting.end() && w->second >= cap) {
                ++set_aside[c.client];
                continue;
            }
            held_.add(c.id);
            pool_.submit(std::move(c));
        }
        for (const auto &[client, n] : set_aside)
            log_warn(kv("event", "set_aside") + " " + kv("client", client) + " " + kv("activities", n) + " " +
                     kv("reason", "outcomes of this client wait on rows another transaction holds: not attempted, "
                                  "their leases left to lapse"));
        return fresh;
    }

    void forget(const std::string &id)
    {
        held_.remove(id);
    }

    // Sleeps until a call finishes, a notification arrives, a signal comes, the
    // next claim is due, or the listener should reconnect.
    void wait_for_news(bool stopping, Clock::time_point *next_claim)
    {
        double timeout = config_.poll_seconds;
        if (stopping) timeout = 1;
        else if (room_to_claim(held_.size(), busy_.size())) timeout = std::max(0.0, seconds_until(*next_claim));
        if (!busy_.empty()) timeout = std::min(timeout, std::max(0.0, seconds_until(busy_due_)));
        timeout = std::min(timeout, listener_.retry_in());
        pollfd fds[2] = {{wake_read_, POLLIN, 0}, {-1, POLLIN, 0}};
        int nfds = 1;
        const int listen_fd = listener_.socket();
        if (listen_fd >= 0) {
            fds[1].fd = listen_fd;
            nfds = 2;
        }
        if (timeout > 0) ::poll(fds, nfds, static_cast<int>(std::ceil(timeout * 1000)));
        if (fds[0].revents) {
            char buf[256];
            while (::read(wake_read_, buf, sizeof buf) > 0) {
            }
        }
        if (nfds == 2 && fds[1].revents && listener_.drain()) *next_claim = Clock::now();
        listener_.ensure();
    }

    const Config &config_;
    const std::atomic<bool> &stop_;
    int wake_read_;
    UnipileClient client_;
    Held held_;
    PgConn db_;
    Listener listener_;
    CallPool pool_;
    Heartbeat heartbeat_;
    std::vector<Finished> busy_;                // answered "busy": reported again at busy_due_
    Clock::time_point busy_due_ = Clock::now();
    std::map<std::string, int> busy_tries_;
    bool hand_back_ = true;  // the next claim asks for this worker's live leases back (first, or an answer lost)
};

}  // namespace

int run_worker(const Config &config, const std::atomic<bool> &stop_requested, int wake_read_fd, int wake_write_fd)
{
    Loop loop(config, stop_requested, wake_read_fd, wake_write_fd);
    return loop.run();
}

}  // namespace worker
