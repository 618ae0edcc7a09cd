// One line per event on stderr, as logfmt (key=value): systemd's journal and
// a test's log file read the same lines, and grep/awk can pick fields.
#pragma once

#include <string>

namespace worker {

// key=value, the value quoted (and its quotes escaped) when it holds spaces,
// quotes or '=' or is empty.
std::string kv(const std::string &key, const std::string &value);
std::string kv(const std::string &key, long long value);

// "ts=<UTC time> level=<level> worker=<name> <fields>". Thread-safe: a line is
// written whole.
void log_line(const char *level, const std::string &fields);
void set_log_worker(const std::string &name);

inline void log_info(const std::string &fields) { log_line("info", fields); }
inline void log_warn(const std::string &fields) { log_line("warn", fields); }
inline void log_error(const std::string &fields) { log_line("error", fields); }

}  // namespace worker
