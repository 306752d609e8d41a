#include "serve/http_server.h"

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <optional>
#include <random>
#include <string_view>
#include <thread>
#include <unordered_set>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace accord::internal {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using error_code = beast::error_code;
using Clock = std::chrono::steady_clock;

// How long a keep-alive connection may wait for its next request before it is closed.
constexpr auto kIdleTimeout = std::chrono::seconds(5);
// From a request's first byte, how long the rest may take to arrive; and how long an answer
// may take to be sent. A body is at most 1 MiB (kMaxRequestBody): 35 KB/s is enough.
constexpr auto kTransferTimeout = std::chrono::seconds(30);
// After refusing a request (413, 400) the connection is closed, but what the client is still
// sending is read and dropped for up to this long first: closing with unread data would reset
// the connection, and the client might lose the answer before reading it.
constexpr auto kDrainTimeout = std::chrono::seconds(2);
constexpr std::size_t kDrainMax = 64u << 20;
// When the server stops, a connection that has not sent its first request yet (a client that
// connected just before) has this long to send it; it is answered, then closed.
constexpr auto kStopGrace = std::chrono::seconds(1);
constexpr std::uint32_t kHeaderLimit = 64 << 10;  // request line and header fields
constexpr std::size_t kTargetLimit = 8192;        // the request target (414 beyond)
// Reads: the first of a request up to 4 KiB (a proposal and its headers fit), then up to 64 KiB
// at a time; a connection waiting for its next request keeps no larger buffer.
constexpr std::size_t kFirstRead = 4 << 10;
constexpr std::size_t kReadChunk = 64 << 10;
// How often each worker looks for connections whose time ran out (only while it has some):
// the timeouts above are this much late at most, and no request pays for a timer.
constexpr auto kSweepInterval = std::chrono::milliseconds(250);

// Request ids: the client's X-Request-Id when it sends one, else a per-process prefix and a
// counter (unique within the log, cheap).
std::string request_id(std::string_view given) {
  static const std::string prefix = fmt::format("{:08x}", std::random_device{}());
  static std::atomic<std::uint64_t> next{1};
  if (!given.empty() && given.size() <= 128 && given.find_first_of("\r\n") == std::string_view::npos) return std::string(given);
  return fmt::format("{}-{}", prefix, next.fetch_add(1, std::memory_order_relaxed));
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `count` hex digits of `s` from `at`, or -1.
int hex_at(std::string_view s, std::size_t at, std::size_t count) {
  if (at + count > s.size()) return -1;
  int v = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    const int d = hex_value(s[i]);
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

// The request path, percent-decoded ('+' stays '+'; %uXXXX is a UTF-16 code unit, as
// browsers' escape() writes it), as the routes match it.
std::string decode_path(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out += s[i];
    } else if (const int u = i + 1 < s.size() && s[i + 1] == 'u' ? hex_at(s, i + 2, 4) : -1; u >= 0) {
      if (u < 0x80) {
        out += static_cast<char>(u);
      } else if (u < 0x800) {
        out += static_cast<char>(0xC0 | (u >> 6));
        out += static_cast<char>(0x80 | (u & 0x3F));
      } else if (u < 0xD800 || u >= 0xE000) {  // a lone surrogate is dropped
        out += static_cast<char>(0xE0 | (u >> 12));
        out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (u & 0x3F));
      }
      i += 5;
    } else if (const int b = hex_at(s, i + 1, 2); b >= 0) {
      out += static_cast<char>(b);
      i += 2;
    } else {
      out += '%';
    }
  }
  return out;
}

}  // namespace

void keep_freed_memory_for_reuse() {
  // Allocations up to 64 MiB come from the heap (not a fresh mmap each), and up to 256 MiB
  // of free heap is kept rather than trimmed. The bound on what is kept is the peak of the
  // requests served at once: a body is at most 1 MiB, its answer a few MiB.
  mallopt(M_MMAP_THRESHOLD, 64 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

namespace {

class Session;
struct Server;

// A thread of the server: its own io_context (one thread runs it, so a connection's steps
// never run at once and no strand or lock is needed), the connections handed to it, and a
// sweeper that closes those whose time ran out.
struct Worker {
  explicit Worker(Server& s) : server(s), io(1), sweeper(io) {}
  ~Worker() { destroying = true; }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void run();
  void add(Session* s);
  void remove(Session* s);
  void arm_sweeper();
  void sweep();
  void stop();

  Server& server;
  // Declared before the io_context: connections still queued in it when it is destroyed
  // unregister themselves.
  std::unordered_set<Session*> sessions;
  bool sweeping = false;
  bool stopped = false;     // stop() ran: the sweeper ends with the last connection
  bool destroying = false;  // the io_context is destroying what is queued in it
  net::io_context io;
  net::steady_timer sweeper;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> keep_running;  // until stop()
};

// `threads` workers; the first also accepts connections and hands them out in turn.
struct Server {
  Server(Api& a, const HttpOptions& o) : api(a), cors(o.cors_origin), workers(make_workers(*this, o.threads)) {}
  static std::vector<std::unique_ptr<Worker>> make_workers(Server& s, unsigned n) {
    std::vector<std::unique_ptr<Worker>> out;
    for (unsigned i = 0; i < std::max(1u, n); ++i) out.push_back(std::make_unique<Worker>(s));
    return out;
  }

  void accept();
  void hand_over(Worker& w, tcp::socket socket);
  void finish_accepting();
  void stop();

  Api& api;
  const std::string cors;
  std::atomic<bool> stopping{false};
  std::vector<std::unique_ptr<Worker>> workers;
  tcp::acceptor acceptor{workers.front()->io};
  net::steady_timer retry{workers.front()->io};  // after a failed accept (out of file descriptors)
  std::size_t next = 0;                          // the worker the next connection goes to
};

// A response that only states a status, with a JSON error body.
struct Refusal {
  int status;
  std::string message;
};

// One connection: reads a request, has the Api answer it, writes the answer; again while
// the connection is kept alive. Runs on its worker's thread only.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Worker& worker, tcp::socket&& socket) : worker_(worker), server_(worker.server), socket_(std::move(socket)) {}
  ~Session() { worker_.remove(this); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() {
    worker_.add(this);
    next_request();
  }
  // The server stops: an idle keep-alive connection is closed now, one with a request in
  // flight once it is answered, a new one after its first request or kStopGrace.
  void stop() {
    if (state_ == State::idle) idle_at_stop();
  }
  // The sweeper: closes the connection if the time for what it waits for ran out.
  void expire(Clock::time_point now) {
    if (state_ != State::handling && state_ != State::closed && now >= deadline_) close();
  }

 private:
  // idle: waiting for a request's first byte (kIdleTimeout); reading: the rest of it
  // (kTransferTimeout from its first byte); handling: the Api answers; writing: the answer
  // (kTransferTimeout); draining: after a refusal (kDrainTimeout).
  enum class State { idle, reading, handling, writing, draining, closed };

  void next_request() {
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(kMaxRequestBody);
    if (buffer_.size() > 0) {  // the client sent it behind the last one
      state_ = State::reading;
      deadline_ = Clock::now() + kTransferTimeout;
      return parse();
    }
    if (buffer_.capacity() > 4 * kFirstRead) buffer_.shrink_to_fit();
    state_ = State::idle;
    deadline_ = Clock::now() + kIdleTimeout;
    if (server_.stopping.load()) idle_at_stop();
    if (state_ == State::idle) read();
  }

  void idle_at_stop() {
    if (served_ > 0) return close();
    deadline_ = std::min(deadline_, Clock::now() + kStopGrace);
  }

  void read() {
    const std::size_t size = state_ == State::idle ? kFirstRead : kReadChunk;
    socket_.async_read_some(buffer_.prepare(size), [self = shared_from_this()](error_code ec, std::size_t n) {
      self->on_read(ec, n);
    });
  }

  void on_read(error_code ec, std::size_t n) {
    if (ec) return close();  // the client left, the time ran out, or the server stopped
    buffer_.commit(n);
    if (state_ == State::idle) {  // the first bytes of a request: it has this long to arrive
      state_ = State::reading;
      deadline_ = Clock::now() + kTransferTimeout;
    }
    parse();
  }

  // Parses what has arrived; answers once the request is complete, else reads on.
  void parse() {
    auto& p = *parser_;
    while (buffer_.size() > 0 && !p.is_done()) {
      const bool had_header = p.is_header_done();
      error_code ec;
      const std::size_t used = p.put(buffer_.data(), ec);
      buffer_.consume(used);
      if (ec == http::error::need_more) break;
      if (ec) return refuse(refusal(ec));
      if (!had_header && p.is_header_done()) {
        if (p.get().target().size() > kTargetLimit) return refuse({414, "HTTP 414"});
        p.eager(true);
        // A client that asked whether to send its body: yes (its size is within the limit,
        // or the parser would have stopped).
        if (!p.is_done() && buffer_.size() == 0 &&
            beast::iequals(p.get()[http::field::expect], "100-continue")) {
          static const std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
          net::async_write(socket_, net::buffer(kContinue.data(), kContinue.size()),
                           [self = shared_from_this()](error_code e, std::size_t) {
                             if (e) return self->close();
                             self->read();
                           });
          return;
        }
      }
      if (used == 0) break;
    }
    if (p.is_done()) return answer();
    read();
  }

  Refusal refusal(error_code ec) const {
    if (ec == http::error::body_limit) {
      const auto length = parser_->get()[http::field::content_length];
      return {413, length.empty() ? fmt::format("the request body is over the limit of {} bytes", kMaxRequestBody)
                                  : fmt::format("the request body is {} bytes, over the limit of {} bytes",
                                                std::string_view(length.data(), length.size()), kMaxRequestBody)};
    }
    if (ec == http::error::header_limit) return {431, "HTTP 431"};
    return {400, "HTTP 400"};
  }

  void answer() {
    state_ = State::handling;
    http::request<http::string_body> req = parser_->release();
    std::string_view target(req.target().data(), req.target().size());
    target = target.substr(0, target.find('#'));
    ApiRequest r;
    r.method = std::string(req.method_string());
    r.path = decode_path(target.substr(0, target.find('?')));
    r.query = parse_query(target);
    r.body = std::move(req.body());
    const auto auth = req[http::field::authorization];
    r.authorization.assign(auth.data(), auth.size());
    const auto id = req["X-Request-Id"];
    r.request_id = request_id(std::string_view(id.data(), id.size()));
    ApiResponse out;
    if (r.method == "OPTIONS" && !server_.cors.empty()) {
      out = {204, "", "", {{"Access-Control-Allow-Methods", "GET, POST"},
                           {"Access-Control-Allow-Headers", "Content-Type, Authorization, X-Request-Id"},
                           {"Access-Control-Max-Age", "600"}}};
    } else {
      try {
        out = server_.api.handle(r);
      } catch (const std::exception& e) {
        spdlog::error("{} {}: {} ({})", r.method, r.path, e.what(), r.request_id);
        out = {500, "application/json", Api::error_json("HTTP 500"), {}};
      }
    }
    spdlog::debug("{} {} -> {} ({})", r.method, r.path, out.status, r.request_id);
    const bool keep_alive = req.keep_alive() && !server_.stopping.load();
    write(std::move(out), r.request_id, keep_alive, req.method() == http::verb::head);
  }

  // Answers `refused` and closes the connection (what follows in it cannot be trusted).
  void refuse(Refusal refused) {
    const auto id = parser_->get()["X-Request-Id"];
    const std::string rid = request_id(std::string_view(id.data(), id.size()));
    spdlog::debug("refused a request: {} ({})", refused.message, rid);
    refused_ = true;
    write({refused.status, "application/json", Api::error_json(refused.message), {}}, rid, false, false);
  }

  void write(ApiResponse out, const std::string& id, bool keep_alive, bool head) {
    res_ = {};
    res_.version(11);
    res_.result(static_cast<unsigned>(out.status));
    for (auto& [k, v] : out.headers)
      if (k.find_first_of("\r\n") == std::string::npos && v.find_first_of("\r\n") == std::string::npos) res_.insert(k, v);
    res_.insert("X-Request-Id", id);
    if (!server_.cors.empty()) res_.insert(http::field::access_control_allow_origin, server_.cors);
    // An answer without a content type has no body (the CORS preflight's 204).
    if (!out.content_type.empty()) {
      res_.insert(http::field::content_type, out.content_type);
      res_.body() = std::move(out.body);
    }
    if (out.status != 204 && out.status != 304 && out.status >= 200) res_.content_length(res_.body().size());
    if (head) res_.body().clear();  // HEAD: the headers of the GET, Content-Length included
    res_.keep_alive(keep_alive);
    if (keep_alive) res_.insert("Keep-Alive", "timeout=5");
    keep_alive_ = keep_alive;
    state_ = State::writing;
    deadline_ = Clock::now() + kTransferTimeout;
    http::async_write(socket_, res_, [self = shared_from_this()](error_code ec, std::size_t) { self->on_write(ec); });
  }

  void on_write(error_code ec) {
    if (ec) return close();
    ++served_;
    res_ = {};  // the body, which may be a few MiB
    if (refused_) return drain();
    if (!keep_alive_ || server_.stopping.load()) return close();
    next_request();
  }

  // Sends FIN, then reads and drops what the client still sends, for a while, before closing.
  void drain() {
    state_ = State::draining;
    deadline_ = Clock::now() + kDrainTimeout;
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    drain_some();
  }

  void drain_some() {
    buffer_.clear();
    socket_.async_read_some(buffer_.prepare(kReadChunk), [self = shared_from_this()](error_code ec, std::size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kDrainMax) return self->close();
      self->drain_some();
    });
  }

  void close() {
    if (state_ == State::closed) return;
    state_ = State::closed;
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    socket_.close(ignored);  // what is pending completes with operation_aborted
  }

  Worker& worker_;
  Server& server_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> res_;
  State state_ = State::idle;
  Clock::time_point deadline_ = Clock::now() + kIdleTimeout;
  bool keep_alive_ = false;
  bool refused_ = false;
  std::size_t served_ = 0;  // requests answered
  std::size_t drained_ = 0;
};

void Worker::run() {
  while (true) {
    try {
      io.run();
      return;
    } catch (const std::exception& e) {
      spdlog::error("HTTP server: {}", e.what());
    }
  }
}

void Worker::add(Session* s) {
  sessions.insert(s);
  arm_sweeper();
}

void Worker::remove(Session* s) {
  sessions.erase(s);
  if (sessions.empty() && stopped && !destroying) sweeper.cancel();
}

void Worker::arm_sweeper() {
  if (sweeping) return;
  sweeping = true;
  sweeper.expires_after(kSweepInterval);
  sweeper.async_wait([this](error_code ec) {
    sweeping = false;
    if (!ec) sweep();
  });
}

void Worker::sweep() {
  const auto now = Clock::now();
  const std::vector<Session*> all(sessions.begin(), sessions.end());  // close() frees nothing at once
  for (Session* s : all) s->expire(now);
  if (!sessions.empty()) arm_sweeper();  // an idle server has no timer running
}

void Worker::stop() {
  stopped = true;
  keep_running.reset();  // run() returns once the connections have finished
  const std::vector<Session*> all(sessions.begin(), sessions.end());
  for (Session* s : all) s->stop();
  if (sessions.empty()) sweeper.cancel();
}

void Server::accept() {
  if (stopping.load()) return finish_accepting();
  Worker& w = *workers[next];
  next = (next + 1) % workers.size();
  acceptor.async_accept(w.io, [this, &w](error_code ec, tcp::socket socket) {
    if (!ec) hand_over(w, std::move(socket));
    if (stopping.load()) return finish_accepting();
    if (!ec) return accept();
    // Out of file descriptors, most likely: try again shortly rather than spin.
    spdlog::warn("cannot accept a connection: {}", ec.message());
    retry.expires_after(std::chrono::milliseconds(100));
    retry.async_wait([this](error_code) { accept(); });
  });
}

void Server::hand_over(Worker& w, tcp::socket socket) {
  error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  net::post(w.io, [&w, socket = std::move(socket)]() mutable { std::make_shared<Session>(w, std::move(socket))->start(); });
}

// On the first worker, with no accept pending: takes the connections the system completed
// before stop() (a client that connected may be about to send its request), closes the
// listening socket, then stops every worker (after the connections handed to it).
void Server::finish_accepting() {
  if (!acceptor.is_open()) return;
  error_code ec;
  acceptor.non_blocking(true, ec);
  while (!ec) {
    Worker& w = *workers[next];
    tcp::socket socket(w.io);
    acceptor.accept(socket, ec);
    if (!ec) {
      next = (next + 1) % workers.size();
      hand_over(w, std::move(socket));
    }
  }
  acceptor.close(ec);
  for (auto& w : workers) net::post(w->io, [w = w.get()] { w->stop(); });
}

void Server::stop() {
  if (stopping.exchange(true)) return;
  // The pending accept (or the wait before retrying one) ends, and its handler finishes.
  net::post(workers.front()->io, [this] {
    error_code ignored;
    acceptor.cancel(ignored);
    retry.cancel();
  });
}

}  // namespace

struct HttpServer::Impl : Server {
  using Server::Server;
};

HttpServer::HttpServer(Api& api, HttpOptions options)
    : impl_(std::make_unique<Impl>(api, options)), options_(std::move(options)) {}

HttpServer::~HttpServer() = default;

bool HttpServer::bind(std::string& error) {
  auto& acceptor = impl_->acceptor;
  std::vector<tcp::endpoint> endpoints;
  error_code ec;
  const auto address = net::ip::make_address(options_.host, ec);
  if (!ec) {
    endpoints.emplace_back(address, static_cast<unsigned short>(options_.port));
  } else {  // a name, e.g. localhost
    tcp::resolver resolver(impl_->workers.front()->io);
    for (const auto& entry : resolver.resolve(options_.host, std::to_string(options_.port), tcp::resolver::passive, ec))
      endpoints.push_back(entry.endpoint());
  }
  for (const auto& endpoint : endpoints) {
    // SO_REUSEADDR (restart while old connections linger) but not SO_REUSEPORT, with which a
    // second server on the same port would start and silently share its requests.
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec && endpoint.address().is_v6()) acceptor.set_option(net::ip::v6_only(false), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (!ec) {
      port_ = acceptor.local_endpoint(ec).port();
      if (!ec) return true;
    }
    error_code ignored;
    acceptor.close(ignored);
  }
  error = fmt::format("cannot listen on {}:{}: {}", options_.host, options_.port,
                      options_.port ? "the address is in use or not available" : "no free port");
  return false;
}

void HttpServer::run() {
  Server& s = *impl_;
  if (!s.acceptor.is_open()) return;
  for (auto& w : s.workers) w->keep_running.emplace(w->io.get_executor());
  // After stop() (even one before run()), accept() takes the connections already made and
  // stops the workers; each returns once its connections have finished.
  net::post(s.workers.front()->io, [&s] { s.accept(); });
  std::vector<std::thread> pool;
  for (std::size_t i = 1; i < s.workers.size(); ++i) pool.emplace_back([w = s.workers[i].get()] { w->run(); });
  s.workers.front()->run();
  for (auto& t : pool) t.join();
}

void HttpServer::stop() { impl_->stop(); }

}  // namespace accord::internal
