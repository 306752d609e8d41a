// accord serve: the decision service and the workbench (docs/serve.md). Loads the rules,
// watches them for changes, and serves until SIGTERM or SIGINT (SIGHUP reloads).
#include <csignal>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <pthread.h>
#include <thread>

#include <spdlog/spdlog.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "serve/api.h"
#include "serve/http_server.h"

namespace accord::internal {

namespace {

// "127.0.0.1:8181", "[::1]:8181", ":8181" (loopback), "0.0.0.0:80".
bool parse_addr(const std::string& addr, std::string& host, int& port) {
  const auto colon = addr.rfind(':');
  if (colon == std::string::npos) return false;
  host = addr.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "127.0.0.1";
  const std::string p = addr.substr(colon + 1);
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
  port = std::stoi(p);
  return port <= 65535;
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

}  // namespace

int cmd_serve(const ServeOptions& o, std::ostream& out, std::ostream& err) {
  HttpOptions http;
  if (!parse_addr(o.addr, http.host, http.port)) {
    err << "accord: error: --addr " << o.addr << ": expected HOST:PORT, e.g. 127.0.0.1:8181 (port 0: any free port)\n";
    return kExitUsage;
  }
  http.threads = o.threads;
  http.cors_origin = o.cors_origin;
  ApiOptions api_options;
  if (!o.token_file.empty()) {
    std::ifstream in(o.token_file);
    std::getline(in, api_options.token);
    while (!api_options.token.empty() && std::isspace(static_cast<unsigned char>(api_options.token.back())))
      api_options.token.pop_back();
    if (api_options.token.empty()) {  // unreadable, or an empty first line: never serve unguarded
      err << "accord: error: --token-file " << o.token_file << ": cannot read it, or its first line is empty\n";
      return kExitUsage;
    }
  }
  const auto found = rules_dirs(o.rules, err);
  if (!found) return kExitInput;
  const std::vector<std::string>& dirs = *found;
  api_options.scenario_dirs = o.scenario_dirs;
  api_options.max_rooms = o.max_rooms;
  api_options.room_ttl = std::chrono::minutes(o.room_ttl_minutes);
  if (o.scenario_dirs.empty()) {
    std::error_code ec;
    if (std::filesystem::is_directory("scenarios", ec)) api_options.scenario_dirs.push_back("scenarios");
  }

  // The signals are taken by a thread of their own (sigwait): every thread started from here
  // on inherits the blocked mask, so none is interrupted.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  RulesHost rules(dirs);
  {
    Diagnostics d;
    const bool ok = rules.load(d);
    print_diagnostics(d, err);
    if (!ok) {
      err << "accord: error: the rules have errors; the server did not start\n";
      return kExitInput;
    }
  }
  DecisionLog log;
  if (!o.log.empty()) {
    std::string e;
    if (!log.open(o.log, o.log_max_mb << 20, o.log_keep, e)) {
      err << "accord: error: " << e << "\n";
      return kExitInput;
    }
  }
  Metrics metrics;
  keep_freed_memory_for_reuse();
  Api api(rules, metrics, log.is_open() ? &log : nullptr, api_options);
  HttpServer server(api, http);
  std::string bind_error;
  if (!server.bind(bind_error)) {
    err << "accord: error: --addr " << o.addr << ": " << bind_error << "\n";
    return kExitInput;
  }
  if (spdlog::get_level() == spdlog::level::warn) spdlog::set_level(spdlog::level::info);  // a server says what it does
  if (!is_loopback(http.host) && api_options.token.empty())
    spdlog::warn("listening on {} without --token-file: anyone who can reach it can use the API", http.host);
  if (o.watch) rules.watch(std::chrono::milliseconds(250));

  std::thread signal_thread([&] {
    while (true) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        spdlog::info("SIGHUP: reloading the rules");
        rules.reload();
        continue;
      }
      if (sig != SIGUSR1) spdlog::info("{}: finishing the requests in flight, then exiting", sig == SIGTERM ? "SIGTERM" : "SIGINT");
      server.stop();
      return;
    }
  });
  const std::string host = http.host.find(':') != std::string::npos ? "[" + http.host + "]" : http.host;
  out << "listening on http://" << host << ":" << server.port() << "/" << std::endl;
  spdlog::info("rules from {}: {} clauses, hash {}", rules_dirs_text(dirs), rules.current()->engine->rules().clauses.size(),
               rules.current()->hash);
  server.run();
  pthread_kill(signal_thread.native_handle(), SIGUSR1);  // if the server stopped by itself
  signal_thread.join();
  rules.stop();
  spdlog::info("stopped");
  return kExitOk;
}

}  // namespace accord::internal
