#include "heartbeat.hpp"

#include "engine.hpp"
#include "log.hpp"
#include "pg_conn.hpp"

#include <chrono>
#include <set>

namespace worker {

Heartbeat::Heartbeat(const Config &config, const Held &held) : config_(config), held_(held) {}

Heartbeat::~Heartbeat()
{
    stop();
}

void Heartbeat::start()
{
    thread_ = std::thread([this] { run(); });
}

void Heartbeat::stop()
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Heartbeat::run()
{
    PgConn db(config_.database_url, "pod_amplify_worker:" + config_.worker_name + ":heartbeat", "heartbeat",
              config_.db_timeout_seconds, config_.heartbeat_seconds);
    std::set<std::string> reported_lost;  // log a lost lease once, not at every beat
    int failures = 0;                      // consecutive failed beats
    const auto period = std::chrono::duration<double>(config_.heartbeat_seconds);
    auto next = std::chrono::steady_clock::now() + period;
    while (!stopping_) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait_until(lock, next, [this] { return stopping_.load(); });
        }
        if (stopping_) break;
        next = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
        const std::vector<std::string> ids = held_.snapshot();
        if (ids.empty()) continue;
        // Connecting is part of the beat: a beat that cannot reach the database
        // is tried again at the next one (never in a tight loop).
        try {
            if (!db.connected() && !db.try_connect()) throw DbError(DbError::Connection, "", "cannot connect");
            for (const std::string &id : extend(db, config_.worker_name, ids, config_.lease_seconds)) {
                // Reported meanwhile (a race with the main loop), or the lease
                // lapsed: a success is still recorded when reported; a failure is not.
                if (held_.contains(id) && reported_lost.insert(id).second)
                    log_warn(kv("event", "lease_not_extended") + " " + kv("id", id));
            }
            if (failures > 0)
                log_info(kv("event", "heartbeat_resumed") + " " + kv("after_failures", failures));
            failures = 0;
        } catch (const DbError &e) {
            ++failures;
            if (failures == 1 || failures % 10 == 0)
                log_warn(kv("event", "heartbeat_failed") + " " + kv("failures", failures) + " " +
                         kv("sqlstate", e.sqlstate) + " " + kv("error", e.what()));
            // The first failure of a run is tried again at once (a new connection
            // usually cures it); later ones wait for the next beat.
            if (failures == 1 && e.kind == DbError::Connection)
                next = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
        }
    }
}

}  // namespace worker
