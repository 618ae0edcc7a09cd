// pod_amplify_worker: claims due pod_amplify activities, performs them on
// LinkedIn through Unipile, and reports each outcome (worker/README.md).
//
// Exit codes: 0 stopped by SIGTERM/SIGINT or idle (WORKER_EXIT_WHEN_IDLE=1);
// 78 (EX_CONFIG) bad configuration or a Unipile key/URL that Unipile rejects;
// 1 anything unexpected.
#include "config.hpp"
#include "log.hpp"
#include "unipile.hpp"
#include "worker_loop.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

extern char **environ;

namespace {

const int kExitConfig = 78;

std::atomic<bool> stop_requested{false};
int wake_pipe[2] = {-1, -1};

void on_signal(int)
{
    stop_requested = true;
    const char byte = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_pipe[1], &byte, 1);  // async-signal-safe
}

void install_signals()
{
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
    signal(SIGPIPE, SIG_IGN);  // a peer closing a socket is an error to handle, not a reason to die
}

std::vector<std::string> environment_names()
{
    std::vector<std::string> names;
    for (char **e = environ; e && *e; ++e) {
        std::string entry(*e);
        names.push_back(entry.substr(0, entry.find('=')));
    }
    return names;
}

// One harmless call before claiming anything: a wrong key or base URL would
// otherwise turn every claimed activity into a fatal failure.
bool unipile_accepts_us(const worker::Config &config)
{
    using worker::kv;
    const worker::HttpAnswer a = worker::UnipileClient(config).list_accounts();
    if (a.curl_code != 0 || a.status >= 500 || a.status == 429) {
        worker::log_warn(kv("event", "unipile_check_inconclusive") + " " +
                         kv("error", a.curl_code ? a.curl_error : "HTTP " + std::to_string(a.status)) + " " +
                         kv("next", "start anyway; calls retry while Unipile is unreachable"));
        return true;
    }
    if (a.status >= 200 && a.status < 300) return true;
    const std::string what = a.status == 401 || a.status == 403
                                 ? "UNIPILE_API_KEY: rejected by Unipile (HTTP " + std::to_string(a.status) +
                                       " to GET /api/v1/accounts)"
                                 : "UNIPILE_BASE_URL: " + config.unipile_base_url + "/accounts answered HTTP " +
                                       std::to_string(a.status) + " (not Unipile's API?)";
    std::fprintf(stderr, "pod_amplify_worker: %s\n", what.c_str());
    return false;
}

}  // namespace

int main()
{
    worker::Config config;
    try {
        config = worker::load_config([](const char *name) { return std::getenv(name); }, environment_names());
    } catch (const worker::ConfigError &e) {
        std::fprintf(stderr, "pod_amplify_worker: %s\n", e.what());
        return kExitConfig;
    }
    worker::set_log_worker(config.worker_name);
    if (::pipe2(wake_pipe, O_NONBLOCK | O_CLOEXEC) != 0) {
        std::perror("pod_amplify_worker: pipe2");
        return 1;
    }
    install_signals();
    worker::http_global_init();
    if (!unipile_accepts_us(config)) return kExitConfig;
    worker::log_info(worker::kv("event", "start") + " " + worker::describe(config));
    for (const std::string &w : config.warnings)
        worker::log_warn(worker::kv("event", "config_warning") + " " + worker::kv("warning", w));
    try {
        return worker::run_worker(config, stop_requested, wake_pipe[0], wake_pipe[1]);
    } catch (const std::exception &e) {
        worker::log_error(worker::kv("event", "fatal") + " " + worker::kv("error", e.what()));
        return 1;
    }
}
