#include "pg_conn.hpp"

#include "log.hpp"
#include "text.hpp"

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <thread>

namespace worker {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t)
{
    return std::chrono::duration<double>(Clock::now() - t).count();
}

std::string one_line(const char *message)
{
    std::string m = clean_text(message ? message : "");
    while (!m.empty() && m.back() == ' ') m.pop_back();
    return m;
}

DbError::Kind kind_of(const std::string &state)
{
    if (state.empty()) return DbError::Connection;  // libpq's own errors: the connection broke
    // 08: connection exceptions (PgBouncer's too); 57P01-03: the server shuts
    // down or starts; 25006: a standby after a failover, where a new connection
    // (target_session_attrs=read-write) finds the primary.
    if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0 || state == "25006") return DbError::Connection;
    if (state == "40001" || state == "40P01") return DbError::Transient;
    return DbError::Statement;
}

}  // namespace

PgConn::PgConn(std::string conninfo, std::string application_name, std::string role, double timeout_seconds,
               double max_backoff_seconds)
    : conninfo_(std::move(conninfo)),
      application_name_(std::move(application_name)),
      role_(std::move(role)),
      timeout_seconds_(timeout_seconds),
      max_backoff_seconds_(max_backoff_seconds)
{
}

PgConn::~PgConn()
{
    disconnect();
}

bool PgConn::connected() const
{
    return conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK;
}

void PgConn::disconnect()
{
    if (conn_) PQfinish(conn_);
    conn_ = nullptr;
}

bool PgConn::try_connect()
{
    disconnect();
    // Defaults before dbname, so that DATABASE_URL's own settings win (libpq
    // expands dbname in place; later entries override earlier ones).
    const std::string timeout = std::to_string(std::max(2L, std::lround(timeout_seconds_)));
    const char *keys[] = {"connect_timeout", "application_name", "client_encoding", "keepalives",
                          "keepalives_idle", "keepalives_interval", "keepalives_count", "dbname", nullptr};
    const char *values[] = {timeout.c_str(), application_name_.c_str(), "UTF8", "1", "10", "5", "3",
                            conninfo_.c_str(), nullptr};
    conn_ = PQconnectdbParams(keys, values, 1);
    if (PQstatus(conn_) == CONNECTION_OK) {
        if (failures_ > 0) log_info(kv("event", "db_connected") + " " + kv("conn", role_) + " " + kv("after_failures", failures_));
        failures_ = 0;
        return true;
    }
    ++failures_;
    // The first failure and then every tenth: a long outage must not flood the journal.
    if (failures_ == 1 || failures_ % 10 == 0)
        log_warn(kv("event", "db_connect_failed") + " " + kv("conn", role_) + " " + kv("attempt", failures_) + " " +
                 kv("error", one_line(PQerrorMessage(conn_))));
    disconnect();
    return false;
}

bool PgConn::connect_with_backoff(const std::atomic<bool> *give_up)
{
    static thread_local std::mt19937 rng(std::random_device{}());
    for (;;) {
        if (give_up && give_up->load()) return false;
        if (backoff_ > 0) {
            std::uniform_real_distribution<double> jitter(0.75, 1.25);
            std::this_thread::sleep_for(std::chrono::duration<double>(backoff_ * jitter(rng)));
            if (give_up && give_up->load()) return false;
        }
        backoff_ = std::min(std::max(backoff_ * 2, 0.1), max_backoff_seconds_);
        if (try_connect()) return true;
    }
}

Result PgConn::exec(const char *sql, const Params &params)
{
    if (!connected()) throw DbError(DbError::Connection, "", "not connected");
    std::vector<const char *> values;
    for (const auto &p : params) values.push_back(p ? p->c_str() : nullptr);
    if (!PQsendQueryParams(conn_, sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0)) {
        std::string msg = one_line(PQerrorMessage(conn_));
        disconnect();
        throw DbError(DbError::Connection, "", msg);
    }
    // Read every result up to the end of the exchange (ReadyForQuery), each
    // wait bounded: a statement stuck behind a dead network or a hung pooler
    // would stall heartbeats and reports alike. The end matters: in the
    // extended protocol the implicit transaction commits at Sync, after the
    // rows and CommandComplete were sent. Rows followed by a lost connection
    // are an unknown outcome, not a success.
    const auto start = Clock::now();
    Result first, error;
    for (;;) {
        while (PQisBusy(conn_)) {
            const double left = timeout_seconds_ - seconds_since(start);
            if (left <= 0) {
                if (PGcancel *cancel = PQgetCancel(conn_)) {
                    char buf[256];
                    PQcancel(cancel, buf, sizeof buf);
                    PQfreeCancel(cancel);
                }
                disconnect();
                throw DbError(DbError::Connection, "", "no answer within " + std::to_string(timeout_seconds_) + " s");
            }
            pollfd pfd{PQsocket(conn_), POLLIN, 0};
            ::poll(&pfd, 1, static_cast<int>(std::ceil(std::min(left, 1.0) * 1000)));
            if (!PQconsumeInput(conn_)) {
                std::string msg = one_line(PQerrorMessage(conn_));
                disconnect();
                throw DbError(DbError::Connection, "", msg);
            }
        }
        PGresult *r = PQgetResult(conn_);
        if (r == nullptr) break;
        const ExecStatusType st = PQresultStatus(r);
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK && !error) error.reset(r);
        else if (!first) first.reset(r);
        else PQclear(r);
    }
    if (!error && first && PQstatus(conn_) == CONNECTION_OK) {
        backoff_ = 0;
        return first;
    }
    const char *state = error ? PQresultErrorField(error.get(), PG_DIAG_SQLSTATE) : nullptr;
    std::string msg = one_line(error ? PQresultErrorMessage(error.get()) : PQerrorMessage(conn_));
    DbError::Kind kind = kind_of(state ? state : "");
    if (PQstatus(conn_) != CONNECTION_OK) kind = DbError::Connection;
    if (kind == DbError::Connection) disconnect();  // a read-only server or a broken pooler link: start afresh
    throw DbError(kind, state ? state : "", msg.empty() ? "no result" : msg);
}

}  // namespace worker
