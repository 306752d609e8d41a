// Routing, access, errors and the service's own endpoints (status, health, metrics, the
// workbench's files). The decision endpoints are in api_decide.cpp, the browsing ones in
// api_browse.cpp.
#include "serve/api.h"

#include <chrono>

#include "core/diagnostics.h"
#include "report/json_writer.h"

namespace accord::internal {

namespace {

ApiResponse text(int status, std::string body, std::string type = "text/plain; charset=utf-8") {
  return {status, std::move(type), std::move(body), {}};
}

int hex_value(char c) {
  return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> parse_query(std::string_view target) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto q = target.find('?');
  if (q == std::string::npos) return out;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const std::string_view item = rest.substr(0, rest.find('&'));
    rest.remove_prefix(std::min(item.size() + 1, rest.size()));
    if (item.empty()) continue;
    const auto eq = item.find('=');
    out.emplace_back(url_decode(item.substr(0, eq)), eq == std::string_view::npos ? "" : url_decode(item.substr(eq + 1)));
  }
  return out;
}

// A route: method and pattern; `{x}` matches one path segment, a trailing `{id+}` the rest of
// the path (clause ids contain '/').
struct Api::Route {
  std::string_view method, pattern;
  Metrics::Route id;
};

std::string Api::error_json(std::string_view message) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("error").begin_object().key("message").value(message).end_object().end_object();
  w.finish();
  out += '\n';
  return out;
}

ApiResponse Api::diagnostics_error(int status, const Diagnostics& d) {
  std::string out;
  {
    JsonWriter w(out);
    auto item = [&](const Diagnostic& x) {
      w.begin_object().key("message").value(x.message);
      if (!x.pos.file.empty() && x.pos.file != "request") w.key("file").value(x.pos.file);
      w.key("line").value(static_cast<std::int64_t>(x.pos.line)).key("column").value(static_cast<std::int64_t>(x.pos.col));
      w.key("text").value(format_diagnostic(x)).end_object();
    };
    std::vector<const Diagnostic*> errors;
    for (const auto& x : d.items())
      if (x.severity == Severity::Error) errors.push_back(&x);
    w.begin_object().key("error");
    if (errors.empty()) w.begin_object().key("message").value("unknown error").end_object();
    else item(*errors.front());
    w.key("errors").begin_array();
    for (const Diagnostic* x : errors) item(*x);
    w.end_array().end_object();
  }
  out += '\n';
  return {status, "application/json", std::move(out), {}};
}

Api::Api(RulesHost& rules, Metrics& metrics, DecisionLog* log, ApiOptions options)
    : rules_(rules), metrics_(metrics), log_(log), options_(std::move(options)),
      rooms_(RoomOptions{options_.max_rooms, options_.room_ttl, options_.room_clock}) {}

ApiResponse Api::handle(const ApiRequest& r) {
  const auto start = std::chrono::steady_clock::now();
  Metrics::Route route_id = Metrics::kOther;
  ApiResponse res;
  try {
    res = route(r, route_id);
  } catch (const std::exception& e) {
    // No request may take the server down; the message says what failed.
    res = {500, "application/json", error_json(std::string("internal error: ") + e.what()), {}};
  }
  metrics_.request(route_id, res.status, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return res;
}

namespace {

// Matches `path` against `pattern`; fills `params` with the `{...}` segments.
bool match(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
  params.clear();
  while (!pattern.empty()) {
    if (pattern.substr(0, 1) == "{") {
      const std::size_t close = pattern.find('}');
      const bool rest = pattern.substr(0, close).back() == '+';
      const std::size_t end = rest ? path.size() : std::min(path.find('/'), path.size());
      if (end == 0) return false;
      params.emplace_back(path.substr(0, end));
      path.remove_prefix(end);
      pattern.remove_prefix(close + 1);
      continue;
    }
    const std::size_t lit = std::min(pattern.find('{'), pattern.size());
    if (path.substr(0, lit) != pattern.substr(0, lit)) return false;
    path.remove_prefix(lit);
    pattern.remove_prefix(lit);
  }
  return path.empty();
}

}  // namespace

ApiResponse Api::route(const ApiRequest& r, Metrics::Route& route_id) {
  using M = Metrics;
  static constexpr Route kRoutes[] = {
      {"POST", "/v1/decide", M::kDecide},      {"POST", "/v1/decide/batch", M::kDecideBatch},
      {"POST", "/v1/whatif", M::kWhatif},      {"GET", "/v1/clauses", M::kClauses},
      {"GET", "/v1/clauses/{id+}", M::kClause}, {"GET", "/v1/vocab", M::kVocab},
      {"GET", "/v1/scenarios", M::kScenarios}, {"GET", "/v1/scenarios/{name}/handout.md", M::kHandout},
      {"GET", "/v1/scenarios/{name}", M::kScenario}, {"POST", "/v1/rooms", M::kRooms},
      {"GET", "/v1/rooms/{code}", M::kRoom},   {"DELETE", "/v1/rooms/{code}", M::kRoom},
      {"POST", "/v1/rooms/{code}/position", M::kRoomPosition}, {"POST", "/v1/rooms/{code}/advance", M::kRoomAdvance},
      {"POST", "/v1/rooms/{code}/reveal", M::kRoomReveal}, {"POST", "/v1/rooms/{code}/back", M::kRoomBack},
      {"GET", "/v1/status", M::kStatus},
      {"GET", "/healthz", M::kHealthz},        {"GET", "/readyz", M::kReadyz},
      {"GET", "/metrics", M::kMetrics},
  };
  const std::string method = r.method == "HEAD" ? "GET" : r.method;
  std::vector<std::string> params;
  const Route* found = nullptr;
  std::string allowed;
  for (const Route& route : kRoutes) {
    if (!match(route.pattern, r.path, params)) continue;
    if (route.method == method) {
      found = &route;
      break;
    }
    if (allowed.find(route.method) == std::string::npos) allowed += (allowed.empty() ? "" : ", ") + std::string(route.method);
  }
  if (!found) {
    // The workbench: / and its files.
    // A path that does not start with '/' names no file (an HTTP server never passes one;
    // a program calling the Api directly may).
    const std::string_view file = r.path == "/"                         ? std::string_view("index.html")
                                  : r.path.size() > 1 && r.path[0] == '/' ? std::string_view(r.path).substr(1)
                                                                          : std::string_view();
    for (const WebAsset& a : web_assets()) {
      if (file.empty() || a.path != file) continue;
      route_id = M::kStatic;
      if (method != "GET") {
        ApiResponse res{405, "application/json", error_json("method " + r.method + " is not allowed on " + r.path + "; use GET"), {{"Allow", "GET"}}};
        return res;
      }
      // The page loads nothing but its own files: a policy that says so blocks injected
      // scripts and any request elsewhere.
      return {200, std::string(a.content_type), std::string(a.bytes),
              {{"Cache-Control", "no-cache"},
               {"Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'"},
               {"X-Content-Type-Options", "nosniff"}}};
    }
    if (!allowed.empty())
      return {405, "application/json", error_json("method " + r.method + " is not allowed on " + r.path + "; use " + allowed),
              {{"Allow", allowed}}};
    return {404, "application/json", error_json("no such endpoint: " + r.path + " (the API is listed in docs/serve.md)"), {}};
  }
  route_id = found->id;
  if (route_id == M::kHealthz) return text(200, "ok\n");
  if (route_id == M::kReadyz) return rules_.current() ? text(200, "ready\n") : text(503, "no rules loaded\n");
  // A room's own routes take the room's tokens instead (a team's phone has no server token);
  // starting a room needs the server's.
  const bool room_route = route_id >= M::kRoom && route_id <= M::kRoomBack;
  if (!room_route && !options_.token.empty() && !same_secret(r.authorization, "Bearer " + options_.token))
    return {401, "application/json",
            error_json(r.authorization.empty() ? "this server needs an access token: send Authorization: Bearer TOKEN"
                                               : "the access token is not valid"),
            {{"WWW-Authenticate", "Bearer"}}};
  if (r.body.size() > options_.max_body)
    return {413, "application/json",
            error_json("the request body is " + std::to_string(r.body.size()) + " bytes, over the limit of " +
                       std::to_string(options_.max_body) + " bytes"),
            {}};
  if (route_id == M::kMetrics) return text(200, metrics_.render(rules_.status()), "text/plain; version=0.0.4; charset=utf-8");
  if (route_id == M::kStatus) return status();
  const auto snapshot = rules_.current();  // the whole request is answered on these rules
  const RulesSnapshot& rules = *snapshot;
  switch (route_id) {
    case M::kDecide: return decide(r, rules);
    case M::kDecideBatch: return decide_batch(r, rules);
    case M::kWhatif: return whatif(r, rules);
    case M::kClauses: return clauses(rules);
    case M::kClause: return clause(rules, params[0]);
    case M::kVocab: return vocab(r, rules);
    case M::kScenarios: return scenarios(rules);
    case M::kScenario: return scenario(r, rules, params[0], false);
    case M::kHandout: return scenario(r, rules, params[0], true);
    case M::kRooms: return open_room(r, snapshot);
    case M::kRoom: return room(r, params[0]);
    case M::kRoomPosition:
    case M::kRoomAdvance:
    case M::kRoomReveal:
    case M::kRoomBack: return room_action(r, params[0], route_id);
    default: break;  // answered above
  }
  return {500, "application/json", error_json("route without a handler: " + std::string(found->pattern)), {}};
}

ApiResponse Api::status() {
  const RulesStatus s = rules_.status();
  std::string out;
  {
    JsonWriter w(out);
    w.begin_object().key("rules").begin_object().key("dirs").begin_array();
    for (const auto& d : s.dirs) w.value(d);
    w.end_array();
    w.key("hash").value(s.current->hash).key("loaded_at").value(s.current->loaded_at);
    w.key("clauses").value(static_cast<std::int64_t>(s.current->engine->rules().clause_count()));
    w.key("instruments").value(static_cast<std::int64_t>(s.current->engine->rules().instruments.size()));
    w.end_object();
    w.key("reloads").value(static_cast<std::int64_t>(s.reloads));
    w.key("reload_failures").value(static_cast<std::int64_t>(s.reload_failures));
    w.key("last_reload_error");
    if (!s.last_error) {
      w.null();
    } else {
      const ReloadError& e = *s.last_error;
      w.begin_object().key("message").value(e.message).key("file").value(e.file);
      w.key("line").value(static_cast<std::int64_t>(e.line)).key("column").value(static_cast<std::int64_t>(e.column));
      w.key("text").value(e.text).key("at").value(e.at).end_object();
    }
    w.end_object();
  }
  out += '\n';
  return {200, "application/json", std::move(out), {}};
}

}  // namespace accord::internal
