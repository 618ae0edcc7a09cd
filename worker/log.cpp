#include "log.hpp"

#include "text.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace worker {

namespace {
std::mutex log_mutex;
std::string worker_field;
}  // namespace

std::string kv(const std::string &key, const std::string &value)
{
    const std::string clean = clean_text(value);
    bool quote = clean.empty();
    for (char c : clean)
        if (c == ' ' || c == '"' || c == '=' || c == '\\') quote = true;
    if (!quote) return key + "=" + clean;
    std::string out = key + "=\"";
    for (char c : clean) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string kv(const std::string &key, long long value)
{
    return key + "=" + std::to_string(value);
}

void set_log_worker(const std::string &name)
{
    std::lock_guard<std::mutex> lock(log_mutex);
    worker_field = kv("worker", name);
}

void log_line(const char *level, const std::string &fields)
{
    using namespace std::chrono;
    const auto now = system_clock::now();
    const std::time_t secs = system_clock::to_time_t(now);
    const long ms = static_cast<long>(duration_cast<milliseconds>(now.time_since_epoch()).count() % 1000);
    std::tm tm{};
    gmtime_r(&secs, &tm);
    char ts[96];
    std::snprintf(ts, sizeof ts, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                  tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
    std::lock_guard<std::mutex> lock(log_mutex);
    std::string line = std::string("ts=") + ts + " level=" + level;
    if (!worker_field.empty()) line += " " + worker_field;
    line += " " + fields + "\n";
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
}

}  // namespace worker
