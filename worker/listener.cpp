#include "listener.hpp"

#include "log.hpp"

#include <algorithm>

namespace worker {

Listener::Listener(const Config &config)
    : enabled_(!config.listen_url.empty()),
      conn_(config.listen_url, "pod_amplify_worker:" + config.worker_name + ":listen", "listen",
            config.db_timeout_seconds, 5),
      next_try_(std::chrono::steady_clock::now()),
      max_backoff_(std::max(1.0, std::min(config.poll_seconds, 10.0)))
{
}

int Listener::socket()
{
    return conn_.connected() ? PQsocket(conn_.raw()) : -1;
}

void Listener::ensure()
{
    if (!enabled_ || conn_.connected() || std::chrono::steady_clock::now() < next_try_) return;
    if (conn_.try_connect()) {
        try {
            conn_.exec("LISTEN pod_amplify_activities", {});
            backoff_ = 0.1;
            return;
        } catch (const DbError &e) {
            log_warn(kv("event", "listen_failed") + " " + kv("error", e.what()));
            conn_.disconnect();
        }
    }
    next_try_ = std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                       std::chrono::duration<double>(backoff_));
    backoff_ = std::min(backoff_ * 2, max_backoff_);
}

bool Listener::drain()
{
    if (!conn_.connected()) return false;
    if (!PQconsumeInput(conn_.raw()) || PQstatus(conn_.raw()) != CONNECTION_OK) {
        log_warn(kv("event", "listen_connection_lost"));
        conn_.disconnect();
        return true;  // something may have been missed: claim now
    }
    bool any = false;
    while (PGnotify *n = PQnotifies(conn_.raw())) {
        any = true;
        PQfreemem(n);
    }
    return any;
}

double Listener::retry_in() const
{
    if (!enabled_ || conn_.connected()) return 1e9;
    return std::max(0.0, std::chrono::duration<double>(next_try_ - std::chrono::steady_clock::now()).count());
}

}  // namespace worker
