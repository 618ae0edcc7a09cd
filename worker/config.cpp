#include "config.hpp"

#include "log.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <set>

namespace worker {

namespace {

std::string get(const EnvLookup &env, const char *name)
{
    const char *v = env(name);
    return v ? v : "";
}

std::string required(const EnvLookup &env, const char *name)
{
    std::string v = get(env, name);
    if (v.empty()) throw ConfigError(name, "is not set (required)");
    return v;
}

bool has_control(const std::string &v)
{
    return std::any_of(v.begin(), v.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}

int integer(const EnvLookup &env, const char *name, int fallback, int lo, int hi)
{
    const std::string v = get(env, name);
    if (v.empty()) return fallback;
    errno = 0;
    char *end = nullptr;
    const long n = std::strtol(v.c_str(), &end, 10);
    if (errno != 0 || end == v.c_str() || *end != '\0' || n < lo || n > hi)
        throw ConfigError(name, "must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                                    ", not \"" + v + "\"");
    return static_cast<int>(n);
}

std::string seconds_text(double s)
{
    std::string t = std::to_string(s);
    t.erase(t.find_last_not_of('0') + 1);
    if (!t.empty() && t.back() == '.') t.pop_back();
    return t;
}

// Seconds, as a plain number ("90", "2.5"); nullopt-like NaN when unset.
double seconds(const EnvLookup &env, const char *name, double fallback, double lo, double hi)
{
    const std::string v = get(env, name);
    if (v.empty()) return fallback;
    errno = 0;
    char *end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (errno != 0 || end == v.c_str() || *end != '\0' || !std::isfinite(d) || d < lo || d > hi)
        throw ConfigError(name, "must be a number of seconds from " + seconds_text(lo) + " to " + seconds_text(hi) +
                                    ", not \"" + v + "\"");
    return d;
}

bool flag(const EnvLookup &env, const char *name)
{
    std::string v = get(env, name);
    std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
    if (v.empty() || v == "0" || v == "false" || v == "no" || v == "off") return false;
    if (v == "1" || v == "true" || v == "yes" || v == "on") return true;
    throw ConfigError(name, "must be 1 or 0, not \"" + get(env, name) + "\"");
}

std::string base_url(const EnvLookup &env)
{
    std::string v = required(env, "UNIPILE_BASE_URL");
    if (has_control(v) || v.find(' ') != std::string::npos)
        throw ConfigError("UNIPILE_BASE_URL", "must not contain spaces or control characters");
    if (v.rfind("https://", 0) != 0 && v.rfind("http://", 0) != 0)
        throw ConfigError("UNIPILE_BASE_URL", "must start with https:// (your Unipile DSN, e.g. https://api8.unipile.com:13851), not \"" + v + "\"");
    if (v.find_first_of("?#") != std::string::npos)
        throw ConfigError("UNIPILE_BASE_URL", "must not carry a query or fragment");
    while (!v.empty() && v.back() == '/') v.pop_back();
    const std::string suffix = "/api/v1";
    if (v.size() < suffix.size() || v.compare(v.size() - suffix.size(), suffix.size(), suffix) != 0) v += suffix;
    const std::size_t host_start = v.find("://") + 3;
    if (host_start >= v.size() || v[host_start] == '/')
        throw ConfigError("UNIPILE_BASE_URL", "has no host");
    return v;
}

const std::set<std::string> kKnown = {
    "WORKER_NAME", "WORKER_CONCURRENCY", "WORKER_BATCH", "WORKER_EXIT_WHEN_IDLE", "WORKER_LEASE",
    "WORKER_HEARTBEAT", "WORKER_HTTP_TIMEOUT", "WORKER_HTTP_CONNECT_TIMEOUT", "WORKER_DB_TIMEOUT",
    "WORKER_POLL_INTERVAL", "WORKER_LISTEN_URL", "WORKER_REACTION", "WORKER_MAX_WAITING_PER_CLIENT",
    "WORKER_MAX_WAITING"};

}  // namespace

Config load_config(const EnvLookup &env, const std::vector<std::string> &names)
{
    Config c;
    c.database_url = required(env, "DATABASE_URL");
    if (has_control(c.database_url)) throw ConfigError("DATABASE_URL", "must not contain control characters");
    c.unipile_base_url = base_url(env);
    c.unipile_api_key = required(env, "UNIPILE_API_KEY");
    if (has_control(c.unipile_api_key) || c.unipile_api_key.find(' ') != std::string::npos)
        throw ConfigError("UNIPILE_API_KEY", "must not contain spaces or control characters");

    // The engine takes 1 to 200 bytes; the name is the lease owner, so it must
    // stay the same across restarts for a restarted worker to get its leases back.
    c.worker_name = required(env, "WORKER_NAME");
    if (c.worker_name.size() > 200) throw ConfigError("WORKER_NAME", "must be at most 200 bytes");
    if (has_control(c.worker_name)) throw ConfigError("WORKER_NAME", "must not contain control characters");

    c.concurrency = integer(env, "WORKER_CONCURRENCY", 8, 1, 256);
    c.batch = integer(env, "WORKER_BATCH", 10, 1, 300);  // after a lost answer a claim asks for held + batch <= 1000
    c.max_waiting_per_client = integer(env, "WORKER_MAX_WAITING_PER_CLIENT", 100, 1, 1000);
    c.max_waiting = integer(env, "WORKER_MAX_WAITING", 5000, 1, 5000);
    c.exit_when_idle = flag(env, "WORKER_EXIT_WHEN_IDLE");

    c.lease_seconds = seconds(env, "WORKER_LEASE", 60, 2, 86400);
    c.heartbeat_seconds = seconds(env, "WORKER_HEARTBEAT", c.lease_seconds / 4, 0.1, 86400);
    if (c.heartbeat_seconds > c.lease_seconds / 2)
        throw ConfigError("WORKER_HEARTBEAT", "must be at most half of WORKER_LEASE (" + seconds_text(c.lease_seconds) +
                                                  " s), so that one lost heartbeat does not lose the lease");
    c.db_timeout_seconds = seconds(env, "WORKER_DB_TIMEOUT", std::clamp(c.lease_seconds / 4, 1.0, 30.0), 0.5, 600);
    if (c.heartbeat_seconds + c.db_timeout_seconds >= c.lease_seconds)
        c.warnings.push_back("WORKER_HEARTBEAT + WORKER_DB_TIMEOUT >= WORKER_LEASE: a slow database can let a lease lapse");

    c.http_timeout_seconds = seconds(env, "WORKER_HTTP_TIMEOUT", 30, 1, 3600);
    c.connect_timeout_seconds =
        seconds(env, "WORKER_HTTP_CONNECT_TIMEOUT", std::min(10.0, c.http_timeout_seconds), 0.1, 3600);
    if (c.connect_timeout_seconds > c.http_timeout_seconds)
        throw ConfigError("WORKER_HTTP_CONNECT_TIMEOUT", "must not exceed WORKER_HTTP_TIMEOUT");
    c.poll_seconds = seconds(env, "WORKER_POLL_INTERVAL", 30, 0.1, 3600);

    const char *listen = env("WORKER_LISTEN_URL");
    if (listen == nullptr || *listen == '\0') c.listen_url = c.database_url;
    else if (std::string(listen) == "off") c.listen_url.clear();
    else c.listen_url = listen;
    if (has_control(c.listen_url)) throw ConfigError("WORKER_LISTEN_URL", "must not contain control characters");

    // Unipile's reaction types (POST /api/v1/posts/reaction, reaction_type).
    static const std::set<std::string> reactions = {"like", "celebrate", "support", "love", "insightful", "funny"};
    const std::string reaction = get(env, "WORKER_REACTION");
    if (!reaction.empty()) {
        if (!reactions.count(reaction))
            throw ConfigError("WORKER_REACTION", "must be one of like, celebrate, support, love, insightful, funny, not \"" +
                                                     reaction + "\"");
        c.reaction = reaction;
    }

    for (const std::string &name : names)
        if (name.rfind("WORKER_", 0) == 0 && !kKnown.count(name))
            c.warnings.push_back("unknown variable " + name + " ignored (a typo?)");
    return c;
}

std::string describe(const Config &c)
{
    return kv("unipile", c.unipile_base_url) + " " + kv("concurrency", c.concurrency) + " " + kv("batch", c.batch) +
           " " + kv("max_waiting_per_client", c.max_waiting_per_client) + " " + kv("max_waiting", c.max_waiting) +
           " " + kv("lease_s", seconds_text(c.lease_seconds)) + " " + kv("heartbeat_s", seconds_text(c.heartbeat_seconds)) +
           " " + kv("http_timeout_s", seconds_text(c.http_timeout_seconds)) + " " +
           kv("db_timeout_s", seconds_text(c.db_timeout_seconds)) + " " + kv("poll_s", seconds_text(c.poll_seconds)) +
           " " + kv("listen", c.listen_url.empty() ? "off" : c.listen_url == c.database_url ? "DATABASE_URL" : "WORKER_LISTEN_URL") +
           " " + kv("exit_when_idle", c.exit_when_idle ? 1 : 0);
}

}  // namespace worker
