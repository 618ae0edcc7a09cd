// WORKER_CONCURRENCY threads that each take a claimed activity, call Unipile
// for it and hand back the verdict. Finished attempts queue up for the main
// loop, which is woken through a pipe it polls together with its LISTEN socket.
#pragma once

#include "activity.hpp"
#include "config.hpp"
#include "unipile.hpp"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace worker {

class CallPool {
public:
    CallPool(const Config &config, const UnipileClient &client, int wake_fd);
    ~CallPool();
    void start();
    void submit(Claimed activity);
    std::vector<Finished> take_finished();
    std::size_t waiting() const;  // submitted, not started yet
    void stop();                  // lets running calls end, joins; queued ones stay queued

private:
    void run();
    Finished attempt(const Claimed &activity) const;

    const Config &config_;
    const UnipileClient &client_;
    int wake_fd_;
    mutable std::mutex mutex_;
    std::condition_variable work_;
    std::deque<Claimed> queue_;
    std::vector<Finished> finished_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

}  // namespace worker
