// The heartbeat: a thread with its own database connection that extends the
// lease of every held activity (in flight or waiting for its report) every
// WORKER_HEARTBEAT seconds with one extend_leases call.
//
// Why a lease never lapses while a call is in flight: each beat renews every
// held lease to now + WORKER_LEASE; beats come every WORKER_HEARTBEAT <=
// WORKER_LEASE / 2 (default / 4), each bounded by WORKER_DB_TIMEOUT. So a
// lease lapses only if the database is unreachable for about WORKER_LEASE -
// WORKER_HEARTBEAT in a row, however long the Unipile call
// (WORKER_HTTP_TIMEOUT) takes.
#pragma once

#include "config.hpp"
#include "held.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace worker {

class Heartbeat {
public:
    Heartbeat(const Config &config, const Held &held);
    ~Heartbeat();
    void start();
    void stop();  // joins the thread

private:
    void run();

    const Config &config_;
    const Held &held_;
    std::atomic<bool> stopping_{false};
    std::mutex mutex_;
    std::condition_variable wake_;
    std::thread thread_;
};

}  // namespace worker
