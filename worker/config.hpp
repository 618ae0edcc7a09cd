// The worker's configuration, read from the environment (systemd's
// Environment= / EnvironmentFile=). Every problem names its variable.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace worker {

struct Config {
    std::string database_url;      // DATABASE_URL: libpq conninfo (URL or key=value)
    std::string listen_url;        // WORKER_LISTEN_URL (default DATABASE_URL); empty: poll only
    std::string unipile_base_url;  // UNIPILE_BASE_URL, normalized to end in /api/v1
    std::string unipile_api_key;   // UNIPILE_API_KEY
    std::string worker_name;       // WORKER_NAME: the lease owner; stable across restarts
    int concurrency = 8;           // WORKER_CONCURRENCY: parallel Unipile calls
    int batch = 10;                // WORKER_BATCH: activities per claim
    int max_waiting_per_client = 100;  // WORKER_MAX_WAITING_PER_CLIENT: outcomes of one client answered busy
                                       // before its new activities are set aside unattempted
    int max_waiting = 5000;            // WORKER_MAX_WAITING: all clients' busy outcomes, shared fairly
    bool exit_when_idle = false;   // WORKER_EXIT_WHEN_IDLE
    double lease_seconds = 60;     // WORKER_LEASE: lease asked for at claim and at every heartbeat
    double heartbeat_seconds = 15; // WORKER_HEARTBEAT (default lease / 4)
    double http_timeout_seconds = 30;     // WORKER_HTTP_TIMEOUT: a whole Unipile call
    double connect_timeout_seconds = 10;  // WORKER_HTTP_CONNECT_TIMEOUT
    double db_timeout_seconds = 15;       // WORKER_DB_TIMEOUT (default lease / 4, 1..30 s)
    double poll_seconds = 30;             // WORKER_POLL_INTERVAL: claim at least this often when idle
    std::string reaction = "like";        // WORKER_REACTION: the reaction a "like" activity sends
    std::vector<std::string> warnings;    // non-fatal remarks, logged at start
};

// The variable at fault and what is wrong with it.
struct ConfigError : std::runtime_error {
    ConfigError(const std::string &variable, const std::string &problem)
        : std::runtime_error(variable + ": " + problem) {}
};

using EnvLookup = std::function<const char *(const char *)>;

// Reads and checks the configuration; throws ConfigError. `names` are the
// environment's variable names, to warn about unknown WORKER_* ones (typos).
Config load_config(const EnvLookup &env, const std::vector<std::string> &names = {});

// The settings as one log line's fields (never the API key).
std::string describe(const Config &config);

}  // namespace worker
