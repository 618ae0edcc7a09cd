// One libpq connection that survives the database: every statement has a
// deadline, a lost connection is reopened with backoff, and errors say
// whether reconnecting and repeating the statement is the cure.
//
// Statements are single, unnamed (PQsendQueryParams) and run in autocommit:
// each is its own transaction and leaves no session state, so PgBouncer in
// transaction mode serves them.
#pragma once

#include <libpq-fe.h>

#include <atomic>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace worker {

struct DbError : std::runtime_error {
    enum Kind {
        Connection,  // the connection is gone or unusable (08*, 57P*, 25006 read-only, timeout): reconnect, repeat
        Transient,   // 40001 / 40P01: repeat as is
        Statement,   // anything else: the statement itself failed
    };
    DbError(Kind k, std::string state, const std::string &message)
        : std::runtime_error(message), kind(k), sqlstate(std::move(state)) {}
    Kind kind;
    std::string sqlstate;
};

struct ResultDeleter {
    void operator()(PGresult *r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

using Params = std::vector<std::optional<std::string>>;

class PgConn {
public:
    // role: a word for the logs ("main", "heartbeat", "listen").
    PgConn(std::string conninfo, std::string application_name, std::string role, double timeout_seconds,
           double max_backoff_seconds);
    ~PgConn();
    PgConn(const PgConn &) = delete;
    PgConn &operator=(const PgConn &) = delete;

    bool connected() const;
    // One connection attempt; false (and logged) when it fails.
    bool try_connect();
    // Until connected, with exponential backoff (100 ms doubling to the maximum,
    // jittered). The backoff also covers connections that open but fail at
    // once (a pooler whose server is down): it resets only when a statement
    // succeeds. Returns false only if `give_up` becomes true meanwhile.
    bool connect_with_backoff(const std::atomic<bool> *give_up = nullptr);
    void disconnect();

    // Runs one statement with text parameters; returns its rows. Throws DbError.
    Result exec(const char *sql, const Params &params);

    PGconn *raw() { return conn_; }

private:
    std::string conninfo_, application_name_, role_;
    double timeout_seconds_, max_backoff_seconds_;
    PGconn *conn_ = nullptr;
    int failures_ = 0;     // consecutive failed connection attempts, for the log's sake
    double backoff_ = 0;   // wait before the next connection attempt; 0 after a statement succeeded
};

}  // namespace worker
