#include "serve/metrics.h"

#include <fmt/format.h>

#include "serve/rules_host.h"

namespace accord::internal {

std::size_t Metrics::status_class(int status) {
  return status < 300 ? 0 : status < 400 ? 1 : status < 500 ? 2 : 3;
}

void Metrics::request(Route route, int status, double seconds) {
  requests_[route][status_class(status)].fetch_add(1, std::memory_order_relaxed);
  std::size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  latency_[b].fetch_add(1, std::memory_order_relaxed);
  latency_count_.fetch_add(1, std::memory_order_relaxed);
  latency_micros_.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
}

void Metrics::decision(std::string_view verdict) {
  std::size_t v = 0;
  while (v + 1 < kVerdicts.size() && kVerdicts[v] != verdict) ++v;
  decisions_[v].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::decisions_in(std::string_view lines) {
  // The JSON is Accord's own (JsonWriter): the verdict is the string after "decision":".
  constexpr std::string_view key = "\"decision\":\"";
  for (std::size_t at = 0; (at = lines.find(key, at)) != std::string_view::npos;) {
    at += key.size();
    const std::size_t end = lines.find('"', at);
    if (end == std::string_view::npos) break;
    decision(lines.substr(at, end - at));
    at = lines.find('\n', end);  // one decision per line
    if (at == std::string_view::npos) break;
  }
}

std::string Metrics::render(const RulesStatus& rules) const {
  std::string out;
  auto it = std::back_inserter(out);
  fmt::format_to(it, "# HELP accord_http_requests_total HTTP requests by route and status class.\n"
                     "# TYPE accord_http_requests_total counter\n");
  static constexpr const char* kClasses[] = {"2xx", "3xx", "4xx", "5xx"};
  for (std::size_t r = 0; r < kRoutes.size(); ++r)
    for (std::size_t c = 0; c < 4; ++c)
      if (const auto n = requests_[r][c].load(std::memory_order_relaxed))
        fmt::format_to(it, "accord_http_requests_total{{route=\"{}\",code=\"{}\"}} {}\n", kRoutes[r], kClasses[c], n);
  fmt::format_to(it, "# HELP accord_http_request_duration_seconds Time from request read to response ready.\n"
                     "# TYPE accord_http_request_duration_seconds histogram\n");
  std::uint64_t cumulative = 0;
  for (std::size_t b = 0; b < kBuckets.size(); ++b) {
    cumulative += latency_[b].load(std::memory_order_relaxed);
    fmt::format_to(it, "accord_http_request_duration_seconds_bucket{{le=\"{}\"}} {}\n", kBuckets[b], cumulative);
  }
  cumulative += latency_[kBuckets.size()].load(std::memory_order_relaxed);
  fmt::format_to(it, "accord_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
  fmt::format_to(it, "accord_http_request_duration_seconds_sum {}\n",
                 static_cast<double>(latency_micros_.load(std::memory_order_relaxed)) / 1e6);
  fmt::format_to(it, "accord_http_request_duration_seconds_count {}\n", latency_count_.load(std::memory_order_relaxed));
  fmt::format_to(it, "# HELP accord_decisions_total Decisions answered, by verdict.\n"
                     "# TYPE accord_decisions_total counter\n");
  for (std::size_t v = 0; v < kVerdicts.size(); ++v)
    fmt::format_to(it, "accord_decisions_total{{verdict=\"{}\"}} {}\n", kVerdicts[v],
                   decisions_[v].load(std::memory_order_relaxed));
  fmt::format_to(it, "# HELP accord_rules_reloads_total Rule reloads attempted (file changes and SIGHUP).\n"
                     "# TYPE accord_rules_reloads_total counter\naccord_rules_reloads_total {}\n"
                     "# HELP accord_rules_reload_failures_total Reloads that kept the old rules: the new had errors.\n"
                     "# TYPE accord_rules_reload_failures_total counter\naccord_rules_reload_failures_total {}\n",
                 rules.reloads, rules.reload_failures);
  fmt::format_to(it, "# HELP accord_rules_info The rules being served (hash of their files), value 1.\n"
                     "# TYPE accord_rules_info gauge\naccord_rules_info{{hash=\"{}\",loaded_at=\"{}\"}} 1\n",
                 rules.current->hash, rules.current->loaded_at);
  fmt::format_to(it, "# HELP accord_rules_last_reload_failed 1 when the latest reload failed (old rules serving).\n"
                     "# TYPE accord_rules_last_reload_failed gauge\naccord_rules_last_reload_failed {}\n",
                 rules.last_error ? 1 : 0);
  return out;
}

}  // namespace accord::internal
