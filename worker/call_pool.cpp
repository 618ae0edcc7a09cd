#include "call_pool.hpp"

#include "outcome.hpp"

#include <unistd.h>

namespace worker {

CallPool::CallPool(const Config &config, const UnipileClient &client, int wake_fd)
    : config_(config), client_(client), wake_fd_(wake_fd)
{
}

CallPool::~CallPool()
{
    stop();
}

void CallPool::start()
{
    for (int i = 0; i < config_.concurrency; ++i) threads_.emplace_back([this] { run(); });
}

void CallPool::submit(Claimed activity)
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        queue_.push_back(std::move(activity));
    }
    work_.notify_one();
}

std::vector<Finished> CallPool::take_finished()
{
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<Finished> out;
    out.swap(finished_);
    return out;
}

std::size_t CallPool::waiting() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return queue_.size();
}

void CallPool::stop()
{
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    work_.notify_all();
    for (auto &t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

void CallPool::run()
{
    for (;;) {
        Claimed activity;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            work_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            activity = std::move(queue_.front());
            queue_.pop_front();
        }
        Finished done = attempt(activity);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            finished_.push_back(std::move(done));
        }
        const char byte = 1;
        [[maybe_unused]] ssize_t n = ::write(wake_fd_, &byte, 1);  // non-blocking pipe: a full pipe already wakes
    }
}

Finished CallPool::attempt(const Claimed &a) const
{
    Finished f{a, {}, 0};
    std::string urn;
    if (auto refused = cannot_attempt(a, &urn)) {
        f.verdict = *refused;
        return f;
    }
    HttpAnswer answer = a.action == "like"      ? client_.react(*a.account_id, urn)
                        : a.action == "comment" ? client_.comment(*a.account_id, urn, *a.comment_text)
                                                : client_.repost(*a.account_id, urn);
    f.ms = answer.ms;
    f.verdict = classify(answer, a.action);
    return f;
}

}  // namespace worker
