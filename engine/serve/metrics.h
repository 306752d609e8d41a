// Counters of the decision service in the Prometheus text format (GET /metrics): requests by
// route and status, request latency as a histogram, decisions by verdict, rule reloads and
// reload failures, and which rules are live. Lock-free on the request path.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace accord::internal {

struct RulesStatus;

class Metrics {
 public:
  // Routes are counted by their pattern ("/v1/clauses/{id}"), never by the raw path, so a
  // client cannot grow the series without bound. `Route` indexes kRoutes.
  enum Route : std::size_t {
    kDecide, kDecideBatch, kWhatif, kClauses, kClause, kVocab, kScenarios, kScenario, kHandout,
    kRooms, kRoom, kRoomPosition, kRoomAdvance, kRoomReveal, kRoomBack,
    kStatus, kHealthz, kReadyz, kMetrics, kStatic, kOther
  };
  static constexpr std::array<std::string_view, kOther + 1> kRoutes{
      "/v1/decide", "/v1/decide/batch", "/v1/whatif", "/v1/clauses", "/v1/clauses/{id}", "/v1/vocab",
      "/v1/scenarios", "/v1/scenarios/{name}", "/v1/scenarios/{name}/handout.md",
      "/v1/rooms", "/v1/rooms/{code}", "/v1/rooms/{code}/position", "/v1/rooms/{code}/advance",
      "/v1/rooms/{code}/reveal", "/v1/rooms/{code}/back",
      "/v1/status", "/healthz", "/readyz", "/metrics", "static", "other"};
  static constexpr std::array<std::string_view, 6> kVerdicts{"permitted", "needs_consent", "vetoed",
                                                             "prohibited", "depends", "other"};
  static constexpr std::array<double, 12> kBuckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                   0.01,   0.025,   0.05,   0.1,   0.5,    1.0};

  void request(Route route, int status, double seconds);  // status: the HTTP status sent
  // `verdict`: the "decision" value of a decision's JSON.
  void decision(std::string_view verdict);
  // Every "decision" of JSON lines (a batch's output).
  void decisions_in(std::string_view json_lines);
  std::string render(const RulesStatus& rules) const;

 private:
  static std::size_t status_class(int status);  // 2xx..5xx -> 0..3
  std::array<std::array<std::atomic<std::uint64_t>, 4>, kRoutes.size()> requests_{};
  std::array<std::atomic<std::uint64_t>, kBuckets.size() + 1> latency_{};  // the last: +Inf
  std::atomic<std::uint64_t> latency_count_{0};
  std::atomic<std::uint64_t> latency_micros_{0};
  std::array<std::atomic<std::uint64_t>, kVerdicts.size()> decisions_{};
};

}  // namespace accord::internal
