// The HTTP layer of `accord serve` (engine/serve/http_server.cpp) in this process, spoken to
// over a raw socket: keep-alive and pipelining, HEAD, Expect: 100-continue, the body limit
// (also chunked), malformed requests, request ids, decoded paths, the idle timeout, stop()
// with idle, half-sent and new connections, under load and before run(), and a port already
// taken.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "serve/api.h"
#include "serve/http_server.h"

namespace accord::internal {
namespace {

using Clock = std::chrono::steady_clock;

const std::string kManas = R"({"action":"basing","date":"2026-03-01","actor":"USA","host":"KGZ","site":"manas"})";

// A connection to the server, and what it answers, read with a deadline.
class Client {
 public:
  explicit Client(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = fd_ >= 0 && ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Client() { ::close(fd_); }
  bool connected() const { return connected_; }
  void send(const std::string& bytes) {
    for (std::size_t sent = 0; sent < bytes.size();) {
      const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;
      sent += static_cast<std::size_t>(n);
    }
  }
  // Reads until `buf_` holds `n` bytes or the connection ends; false at the deadline or EOF.
  bool fill(std::size_t n, Clock::time_point deadline) {
    while (buf_.size() < n) {
      if (!more(deadline)) return false;
    }
    return true;
  }
  // One response: the head (status line and headers, without the blank line) and the body
  // (Content-Length bytes; none for 1xx, 204 and `head_only`). Empty head on timeout or EOF.
  struct Response {
    std::string head, body;
    int status = 0;
    std::string header(const std::string& name) const {
      const auto at = head.find("\r\n" + name + ": ");
      if (at == std::string::npos) return "";
      const auto start = at + name.size() + 4;
      return head.substr(start, head.find("\r\n", start) - start);
    }
  };
  Response read(bool head_only = false, int seconds = 10) {
    const auto deadline = Clock::now() + std::chrono::seconds(seconds);
    Response r;
    std::size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos)
      if (!more(deadline)) return r;
    r.head = buf_.substr(0, end);
    buf_.erase(0, end + 4);
    r.status = std::atoi(r.head.c_str() + 9);
    if (head_only || r.status < 200 || r.status == 204) return r;
    const std::size_t length = std::strtoul(r.header("Content-Length").c_str(), nullptr, 10);
    if (!fill(length, deadline)) return {};
    r.body = buf_.substr(0, length);
    buf_.erase(0, length);
    return r;
  }
  // Whether the server closed the connection within `seconds` (nothing more to read).
  bool closed_within(double seconds) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(static_cast<int>(seconds * 1000));
    while (Clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, 20) <= 0) continue;
      char c[4096];
      const ssize_t n = ::recv(fd_, c, sizeof c, 0);
      if (n <= 0) return true;
    }
    return false;
  }

 private:
  bool more(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    buf_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }
  int fd_ = -1;
  bool connected_ = false;
  std::string buf_;
};

std::string post(const std::string& path, const std::string& body, const std::string& extra = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n" + extra +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}
std::string get(const std::string& path, const std::string& method = "GET") {
  return method + " " + path + " HTTP/1.1\r\nHost: t\r\n\r\n";
}

// The shipped rules behind an Api, once for the suite; a server per test.
class HttpServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rules_ = new RulesHost({std::string(ACCORD_REPO) + "/rules"});
    Diagnostics d;
    loaded_ = rules_->load(d);
    metrics_ = new Metrics;
    api_ = new Api(*rules_, *metrics_, nullptr, ApiOptions{});
  }
  static void TearDownTestSuite() {
    delete api_;
    delete metrics_;
    delete rules_;
  }
  void SetUp() override { ASSERT_TRUE(loaded_); }
  void TearDown() override { stop(); }

  // Binds a free port and serves from a thread.
  void start(HttpOptions o = {"127.0.0.1", 0, 2, ""}) {
    server_ = std::make_unique<HttpServer>(*api_, o);
    std::string error;
    ASSERT_TRUE(server_->bind(error)) << error;
    thread_ = std::thread([this] { server_->run(); });
  }
  // Stops the server; the seconds run() took to return.
  double stop() {
    if (!server_) return 0;
    const auto t0 = Clock::now();
    server_->stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    return std::chrono::duration<double>(Clock::now() - t0).count();
  }
  int port() const { return server_->port(); }

  static RulesHost* rules_;
  static Metrics* metrics_;
  static Api* api_;
  static bool loaded_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
};
RulesHost* HttpServerTest::rules_ = nullptr;
Metrics* HttpServerTest::metrics_ = nullptr;
Api* HttpServerTest::api_ = nullptr;
bool HttpServerTest::loaded_ = false;

TEST_F(HttpServerTest, KeepAliveAndPipelinedRequestsOnOneConnection) {
  start();
  Client c(port());
  ASSERT_TRUE(c.connected());
  c.send(post("/v1/decide", kManas, "X-Request-Id: one\r\n"));
  const auto first = c.read();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.header("X-Request-Id"), "one");
  EXPECT_EQ(first.header("Content-Type"), "application/json");
  EXPECT_EQ(first.header("Content-Length"), std::to_string(first.body.size()));
  EXPECT_EQ(first.header("Connection"), "");  // kept alive
  ASSERT_FALSE(first.body.empty());
  // Three requests in one write: three answers, in order.
  c.send(post("/v1/decide", kManas) + get("/healthz") + post("/v1/decide", kManas));
  const auto a = c.read(), b = c.read(), d = c.read();
  EXPECT_EQ(a.status, 200);
  EXPECT_EQ(a.body, first.body);
  EXPECT_EQ(b.status, 200);
  EXPECT_EQ(b.body, "ok\n");
  EXPECT_EQ(d.body, first.body);
  // A generated id: 8 hex digits, a dash, a counter.
  EXPECT_EQ(a.header("X-Request-Id").find('-'), 8u) << a.header("X-Request-Id");
  EXPECT_NE(a.header("X-Request-Id"), b.header("X-Request-Id"));
}

TEST_F(HttpServerTest, ConnectionCloseAndHttp10CloseAfterTheAnswer) {
  start();
  Client c(port());
  c.send("GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
  const auto r = c.read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.header("Connection"), "close");
  EXPECT_TRUE(c.closed_within(2));
  Client old(port());
  old.send("GET /healthz HTTP/1.0\r\n\r\n");
  EXPECT_EQ(old.read().body, "ok\n");
  EXPECT_TRUE(old.closed_within(2));
}

TEST_F(HttpServerTest, HeadAnswersTheHeadersOfGet) {
  start();
  Client c(port());
  c.send(get("/healthz", "HEAD") + get("/healthz"));
  const auto head = c.read(true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("Content-Length"), "3");
  const auto next = c.read();  // the HEAD answer had no body: the next answer follows at once
  EXPECT_EQ(next.status, 200);
  EXPECT_EQ(next.body, "ok\n");
}

TEST_F(HttpServerTest, PathsArePercentDecodedQueriesPassedOn) {
  start();
  Client c(port());
  c.send(get("/v1/clauses/csto-infrastructure-protocol-2011%2Fart_1"));
  const auto one = c.read();
  EXPECT_EQ(one.status, 200) << one.body;
  EXPECT_NE(one.body.find("csto-infrastructure-protocol-2011/art_1"), std::string::npos);
  c.send(post("/v1/decide?explain=nonsense", kManas));
  EXPECT_EQ(c.read().status, 400);
}

TEST_F(HttpServerTest, BodyOverTheLimitIs413WhateverItsFraming) {
  start();
  const std::string big((1 << 20) + 1, ' ');
  {
    Client c(port());
    c.send(post("/v1/decide/batch", big));
    const auto r = c.read();
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.body, "{\"error\":{\"message\":\"the request body is 1048577 bytes, over the limit of 1048576 bytes\"}}\n");
    EXPECT_EQ(r.header("Connection"), "close");
    EXPECT_TRUE(c.closed_within(5));
  }
  {  // Chunked: refused once the chunks add up to more than the limit.
    Client c(port());
    c.send("POST /v1/decide/batch HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n");
    for (int i = 0; i < 20; ++i) c.send("10000\r\n" + std::string(0x10000, ' ') + "\r\n");
    c.send("0\r\n\r\n");
    const auto r = c.read();
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.body, "{\"error\":{\"message\":\"the request body is over the limit of 1048576 bytes\"}}\n");
  }
  {  // A chunked body within the limit is read.
    Client c(port());
    std::string hex(16, '\0');
    hex.resize(static_cast<std::size_t>(std::snprintf(hex.data(), hex.size(), "%zx", kManas.size())));
    c.send("POST /v1/decide HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + hex + "\r\n" + kManas + "\r\n0\r\n\r\n");
    EXPECT_EQ(c.read().status, 200);
  }
}

TEST_F(HttpServerTest, ExpectContinue) {
  start();
  Client c(port());
  c.send("POST /v1/decide HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: " + std::to_string(kManas.size()) +
         "\r\n\r\n");
  const auto go = c.read();
  EXPECT_EQ(go.status, 100);
  c.send(kManas);
  EXPECT_EQ(c.read().status, 200);
  // Too large: refused at once, without asking for the body.
  Client big(port());
  big.send("POST /v1/decide/batch HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 5000000\r\n\r\n");
  const auto no = big.read();
  EXPECT_EQ(no.status, 413);
  EXPECT_EQ(no.body, "{\"error\":{\"message\":\"the request body is 5000000 bytes, over the limit of 1048576 bytes\"}}\n");
}

TEST_F(HttpServerTest, MalformedRequestsAreAnsweredInJson) {
  start();
  for (const std::string bad : {"GARBAGE\r\n\r\n", "GET / HTTP/1.1\r\nHost t\r\n\r\n",
                                "POST /v1/decide HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n"}) {
    Client c(port());
    c.send(bad);
    const auto r = c.read();
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(r.body, "{\"error\":{\"message\":\"HTTP 400\"}}\n") << bad;
    EXPECT_TRUE(c.closed_within(5)) << bad;
  }
  Client c(port());
  c.send("GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: t\r\n\r\n");
  EXPECT_EQ(c.read().status, 414);
  // Any method reaches the API, which says which it allows.
  Client m(port());
  m.send(get("/v1/decide", "BREW"));
  const auto brew = m.read();
  EXPECT_EQ(brew.status, 405);
  EXPECT_EQ(brew.header("Allow"), "POST");
}

TEST_F(HttpServerTest, CorsPreflightAndOrigin) {
  start({"127.0.0.1", 0, 2, "https://analysis.example"});
  Client c(port());
  c.send(get("/v1/decide", "OPTIONS") + get("/healthz"));
  const auto pre = c.read();
  EXPECT_EQ(pre.status, 204);
  EXPECT_EQ(pre.header("Access-Control-Allow-Methods"), "GET, POST");
  EXPECT_EQ(pre.header("Access-Control-Allow-Headers"), "Content-Type, Authorization, X-Request-Id");
  EXPECT_EQ(pre.header("Access-Control-Max-Age"), "600");
  EXPECT_EQ(pre.header("Access-Control-Allow-Origin"), "https://analysis.example");
  const auto health = c.read();
  EXPECT_EQ(health.body, "ok\n");
  EXPECT_EQ(health.header("Access-Control-Allow-Origin"), "https://analysis.example");
}

TEST_F(HttpServerTest, AnIdleConnectionIsClosedAfterFiveSeconds) {
  start();
  Client c(port());
  c.send(get("/healthz"));
  EXPECT_EQ(c.read().status, 200);
  const auto t0 = Clock::now();
  EXPECT_TRUE(c.closed_within(8));
  const double waited = std::chrono::duration<double>(Clock::now() - t0).count();
  EXPECT_GT(waited, 4.5);
  EXPECT_LT(waited, 6.5);
}

TEST_F(HttpServerTest, StopFinishesRequestsInFlightClosesIdleConnectionsAndGivesNewOnesAMoment) {
  start();
  Client idle(port()), partial(port()), fresh(port()), silent(port());
  idle.send(get("/healthz"));
  EXPECT_EQ(idle.read().status, 200);
  const std::string request = post("/v1/decide", kManas);
  partial.send(request.substr(0, request.size() - 10));  // the rest after stop()
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // every connection accepted
  const auto t0 = Clock::now();
  double stop_seconds = 0;
  std::thread stopper([&] { stop_seconds = stop(); });
  // A keep-alive connection between requests: closed at once.
  EXPECT_TRUE(idle.closed_within(0.5));
  // A request half sent: finished and answered, then the connection is closed.
  partial.send(request.substr(request.size() - 10));
  const auto finished = partial.read();
  EXPECT_EQ(finished.status, 200);
  EXPECT_EQ(finished.header("Connection"), "close");
  EXPECT_TRUE(partial.closed_within(0.5));
  // A connection that had sent nothing yet may still send one request...
  fresh.send(get("/healthz"));
  const auto late = fresh.read();
  EXPECT_EQ(late.status, 200);
  EXPECT_EQ(late.header("Connection"), "close");
  // ... for a moment (1 s).
  EXPECT_TRUE(silent.closed_within(3));
  stopper.join();
  EXPECT_GT(stop_seconds, 0.5);
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - t0).count(), 2.5);
}

TEST_F(HttpServerTest, ClientsOnEveryWorkerWhileItStops) {
  start({"127.0.0.1", 0, 4, ""});
  Client probe(port());
  probe.send(post("/v1/decide", kManas));
  const std::string expected = probe.read().body;
  ASSERT_FALSE(expected.empty());
  std::atomic<int> answered{0}, wrong{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i)
    clients.emplace_back([&] {
      Client c(port());
      while (true) {
        c.send(post("/v1/decide", kManas));
        const auto r = c.read();
        if (r.head.empty()) break;  // closed by the stop, between requests
        if (r.status != 200 || r.body != expected) ++wrong;
        ++answered;
        if (r.header("Connection") == "close") break;
      }
    });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_LT(stop(), 2.5);
  for (auto& t : clients) t.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_GT(answered, 8);
}

TEST_F(HttpServerTest, StopBeforeRunAndPortInUse) {
  HttpServer early(*api_, {"127.0.0.1", 0, 2, ""});
  std::string error;
  ASSERT_TRUE(early.bind(error)) << error;
  early.stop();
  const auto t0 = Clock::now();
  early.run();  // returns at once
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - t0).count(), 1.0);

  start();
  HttpServer second(*api_, {"127.0.0.1", port(), 2, ""});
  EXPECT_FALSE(second.bind(error));
  EXPECT_EQ(error, "cannot listen on 127.0.0.1:" + std::to_string(port()) + ": the address is in use or not available");
}

}  // namespace
}  // namespace accord::internal
