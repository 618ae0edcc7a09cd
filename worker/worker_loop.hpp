// The main loop: claim while there is room, hand claims to the call pool,
// report what finished, wait for news (a finished call, a NOTIFY, the next due
// time, a signal). On stop: claim no more, finish and report what is held.
#pragma once

#include "config.hpp"

#include <atomic>

namespace worker {

// Runs until stopped (stop_requested set, wake_read_fd readable) or, with
// WORKER_EXIT_WHEN_IDLE, until nothing is left to do. Returns the exit code.
int run_worker(const Config &config, const std::atomic<bool> &stop_requested, int wake_read_fd, int wake_write_fd);

}  // namespace worker
