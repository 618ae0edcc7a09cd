#include "held.hpp"

namespace worker {

bool Held::add(const std::string &id)
{
    std::lock_guard<std::mutex> lock(mutex_);
    return ids_.insert(id).second;
}

void Held::remove(const std::string &id)
{
    std::lock_guard<std::mutex> lock(mutex_);
    ids_.erase(id);
}

bool Held::contains(const std::string &id) const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return ids_.count(id) != 0;
}

std::size_t Held::size() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return ids_.size();
}

std::vector<std::string> Held::snapshot() const
{
    std::lock_guard<std::mutex> lock(mutex_);
    return {ids_.begin(), ids_.end()};
}

}  // namespace worker
