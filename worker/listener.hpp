// LISTEN pod_amplify_activities on a connection of its own, so that the worker
// claims as soon as work is scheduled instead of at the next poll. LISTEN is
// session state: through PgBouncer in transaction mode it must go to the
// database directly (WORKER_LISTEN_URL), or be turned off (polling only).
#pragma once

#include "config.hpp"
#include "pg_conn.hpp"

#include <chrono>

namespace worker {

class Listener {
public:
    explicit Listener(const Config &config);
    bool enabled() const { return enabled_; }
    // The socket to poll, -1 when not connected.
    int socket();
    // Connects and LISTENs when not connected and a retry is due (backoff).
    void ensure();
    // Reads what arrived; true when a notification came. A broken connection
    // is dropped (ensure() reopens it).
    bool drain();
    // Seconds until ensure() will try again (for the main loop's poll timeout).
    double retry_in() const;

private:
    bool enabled_;
    PgConn conn_;
    std::chrono::steady_clock::time_point next_try_;
    double backoff_ = 0.1;
    double max_backoff_;
};

}  // namespace worker
