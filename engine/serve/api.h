// The decision service's HTTP API (docs/serve.md), without the transport: a request (method,
// path, query, body) in, a response (status, content type, body) out. http_server.cpp puts it
// on a socket; tests and the benchmark can also call it directly. Every decision is made by
// the same code as `accord check` (JsonProposalReader, decide_answer, render_json), so the
// service answers byte for byte what the command prints.
#pragma once
#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "serve/decision_log.h"
#include "serve/metrics.h"
#include "serve/rooms.h"
#include "serve/rules_host.h"

namespace accord::internal {

struct ApiRequest {
  std::string method, path;
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::string body;
  std::string authorization;  // the Authorization header, if any
  std::string request_id;     // for the decision log
};

// The query of a request target ("/v1/decide?explain=1&reading=a%2Fb=c"), decoded, in order.
// Only the request line's query: an HTTP library may also put a form-encoded body's fields
// in its parameters, and `curl -d` labels JSON as a form.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view target);

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Largest request body accepted (413 beyond): a proposal is a few hundred bytes, a batch of
// a few thousand proposals fits.
inline constexpr std::size_t kMaxRequestBody = 1 << 20;

struct ApiOptions {
  std::vector<std::string> scenario_dirs;  // exercises served under /v1/scenarios
  std::string token;                       // non-empty: /v1/ and /metrics need "Bearer TOKEN"
  std::size_t max_body = kMaxRequestBody;
  // Live role-play rooms (rooms.h): at most this many at once (503 beyond), each dropped this
  // long after its last request; the rooms' clock (empty: steady_clock; tests set their own).
  std::size_t max_rooms = 64;
  std::chrono::seconds room_ttl = std::chrono::hours(4);
  std::function<std::chrono::steady_clock::time_point()> room_clock;
};

// The exercise files of `dirs`, by name (the file name without .yaml or .yml).
std::vector<std::pair<std::string, std::filesystem::path>> scenario_files(const std::vector<std::string>& dirs);
// The exercise `name` names: a file name as above or, failing that, a file's `scenario:` id.
// Empty, with `error` set (a suggestion among the names), when there is none.
std::optional<std::pair<std::string, std::filesystem::path>> find_scenario_file(const std::vector<std::string>& dirs,
                                                                                const std::string& name, std::string& error);

// A file of the workbench, compiled into the binary (web_assets.cpp, generated).
struct WebAsset {
  std::string_view path, content_type, bytes;
};
const std::vector<WebAsset>& web_assets();

class Api {
 public:
  Api(RulesHost& rules, Metrics& metrics, DecisionLog* log, ApiOptions options);
  ApiResponse handle(const ApiRequest& r);
  // A JSON error body: {"error":{"message":...}}.
  static std::string error_json(std::string_view message);
  // `status` with every error of `d`: {"error": the first, "errors": all}, each with its
  // message, line, column and text (as the CLI prints it, with the source line and a caret).
  static ApiResponse diagnostics_error(int status, const Diagnostics& d);

 private:
  struct Route;
  ApiResponse route(const ApiRequest& r, Metrics::Route& route_id);
  ApiResponse decide(const ApiRequest& r, const RulesSnapshot& rules);
  ApiResponse decide_batch(const ApiRequest& r, const RulesSnapshot& rules);
  ApiResponse whatif(const ApiRequest& r, const RulesSnapshot& rules);
  ApiResponse clauses(const RulesSnapshot& rules);
  ApiResponse clause(const RulesSnapshot& rules, const std::string& id);
  ApiResponse vocab(const ApiRequest& r, const RulesSnapshot& rules);
  ApiResponse scenarios(const RulesSnapshot& rules);
  ApiResponse scenario(const ApiRequest& r, const RulesSnapshot& rules, const std::string& name, bool handout);
  ApiResponse status();
  // The rooms (api_rooms.cpp).
  ApiResponse open_room(const ApiRequest& r, std::shared_ptr<const RulesSnapshot> rules);
  ApiResponse room(const ApiRequest& r, const std::string& code);
  ApiResponse room_action(const ApiRequest& r, const std::string& code, Metrics::Route action);
  RulesHost& rules_;
  Metrics& metrics_;
  DecisionLog* log_;
  ApiOptions options_;
  RoomStore rooms_;
};

}  // namespace accord::internal
