// The activities this worker holds a lease on and has not reported yet. The
// main loop adds and removes; the heartbeat thread reads a snapshot.
#pragma once

#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace worker {

class Held {
public:
    bool add(const std::string &id);  // false when already held
    void remove(const std::string &id);
    bool contains(const std::string &id) const;
    std::size_t size() const;
    std::vector<std::string> snapshot() const;

private:
    mutable std::mutex mutex_;
    std::set<std::string> ids_;
};

}  // namespace worker
