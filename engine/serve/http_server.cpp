#include "serve/http_server.h"

#include <malloc.h>

#include <atomic>
#include <cstdint>
#include <random>

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

namespace accord::internal {

struct HttpServer::Impl {
  httplib::Server server;
};

namespace {

// Request ids: the client's X-Request-Id when it sends one, else a per-process prefix and a
// counter (unique within the log, cheap).
std::string request_id(const httplib::Request& req) {
  static const std::string prefix = fmt::format("{:08x}", std::random_device{}());
  static std::atomic<std::uint64_t> next{1};
  std::string id = req.get_header_value("X-Request-Id");
  if (!id.empty() && id.size() <= 128) return id;
  return fmt::format("{}-{}", prefix, next.fetch_add(1, std::memory_order_relaxed));
}

}  // namespace

void keep_freed_memory_for_reuse() {
  // Allocations up to 64 MiB come from the heap (not a fresh mmap each), and up to 256 MiB
  // of free heap is kept rather than trimmed. The bound on what is kept is the peak of the
  // requests served at once: a body is at most 1 MiB, its answer a few MiB.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

HttpServer::HttpServer(Api& api, HttpOptions options) : impl_(std::make_unique<Impl>()), options_(std::move(options)) {
  auto& s = impl_->server;
  const unsigned threads = options_.threads;
  s.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  s.set_keep_alive_max_count(100000);
  s.set_keep_alive_timeout(5);
  s.set_tcp_nodelay(true);
  // The library's default also sets SO_REUSEPORT, with which a second server on the same port
  // would start and silently share its requests: only SO_REUSEADDR (restart while old
  // connections linger).
  s.set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  s.set_payload_max_length(kMaxRequestBody);
  const std::string cors = options_.cors_origin;
  auto handler = [&api, cors](const httplib::Request& req, httplib::Response& res) {
    ApiRequest r;
    r.method = req.method;
    r.path = req.path;
    r.query = parse_query(req.target);
    r.body = req.body;
    r.authorization = req.get_header_value("Authorization");
    r.request_id = request_id(req);
    ApiResponse out;
    if (req.method == "OPTIONS" && !cors.empty()) {
      out = {204, "", "", {{"Access-Control-Allow-Methods", "GET, POST"},
                           {"Access-Control-Allow-Headers", "Content-Type, Authorization, X-Request-Id"},
                           {"Access-Control-Max-Age", "600"}}};
    } else {
      out = api.handle(r);
    }
    res.status = out.status;
    for (const auto& [k, v] : out.headers) res.set_header(k.c_str(), v);
    res.set_header("X-Request-Id", r.request_id);
    if (!cors.empty()) res.set_header("Access-Control-Allow-Origin", cors);
    if (!out.content_type.empty()) res.set_content(std::move(out.body), out.content_type.c_str());
    spdlog::debug("{} {} -> {} ({})", req.method, req.path, out.status, r.request_id);
  };
  // The API reads JSON whatever the label: `curl -d` labels its body a form
  // (application/x-www-form-urlencoded), which the library would parse as form fields and
  // refuse past 8 KiB. Forms are never used here, so the label is dropped before the body is
  // read (this hook runs before the library reads the body; the request is its own object).
  s.set_pre_routing_handler([](const httplib::Request& req, httplib::Response&) {
    if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) == 0)
      const_cast<httplib::Request&>(req).headers.erase("Content-Type");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  s.Get(".*", handler);
  s.Post(".*", handler);
  s.Put(".*", handler);
  s.Delete(".*", handler);
  s.Patch(".*", handler);
  s.Options(".*", handler);
  // What the library answers by itself (a body over its limit, a malformed request) gets a
  // JSON error too.
  s.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    const std::string message =
        res.status == 413 ? fmt::format("the request body is {} bytes, over the limit of {} bytes",
                                        req.get_header_value("Content-Length"), kMaxRequestBody)
                          : fmt::format("HTTP {}", res.status);
    res.set_content(Api::error_json(message), "application/json");
  });
}

HttpServer::~HttpServer() = default;

bool HttpServer::bind(std::string& error) {
  auto& s = impl_->server;
  if (options_.port == 0) {
    port_ = s.bind_to_any_port(options_.host.c_str());
    if (port_ > 0) return true;
  } else if (s.bind_to_port(options_.host.c_str(), options_.port)) {
    port_ = options_.port;
    return true;
  }
  error = fmt::format("cannot listen on {}:{}: {}", options_.host, options_.port,
                      options_.port ? "the address is in use or not available" : "no free port");
  return false;
}

void HttpServer::run() { impl_->server.listen_after_bind(); }

void HttpServer::stop() { impl_->server.stop(); }

}  // namespace accord::internal
