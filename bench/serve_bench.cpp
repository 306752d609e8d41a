// The decision service under load (docs/performance.md, "The decision service"): an
// `accord serve` server (the real Api and HttpServer, in this process, on a free loopback port,
// 8 connection threads) answering the generated proposals.
//
//  * BM_Serve_Decide/clients:N — N client threads, each with one keep-alive connection, send
//    single POST /v1/decide requests (20,000 in all, one proposal each, round-robin over the
//    generated proposals). Reports decisions/s (wall: the server and its clients share this
//    machine's cores, as a load generator on the same host would) and the p50/p99 latency a
//    client sees (request sent to answer read).
//  * BM_Serve_InProcess — the same requests given to Api::handle directly, no socket: what the
//    HTTP layer costs is the difference.
//  * BM_Serve_Batch — the 100,000 proposals as JSON lines, in bodies under the 1 MiB limit, to
//    POST /v1/decide/batch from one client; compared with `accord check --batch` (batch_bench).
//
// Before timing, the setup checks that the server's answers equal decide_answer() +
// render_json() in-process, byte for byte, for the first 2,000 proposals.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <chrono>
#include <memory>
#include <thread>

#include "common.h"
#include "decide/cases.h"
#include "load/json_proposal.h"
#include "report/report.h"
#include "serve/api.h"
#include "serve/http_server.h"

namespace accord::internal::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kRequests = 20'000;

// A minimal HTTP/1.1 keep-alive client: one connection, one request at a time, the response
// read by its Content-Length. Kept small so the client costs little of the machine the server
// shares (a general client library spends more per request than the server does).
class Connection {
 public:
  explicit Connection(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) fail("cannot connect to the server");
    int yes = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &yes, sizeof yes);
  }
  ~Connection() { ::close(fd_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Sends POST `path` with `body`; returns the status and puts the response body in `out`.
  int post(const std::string& path, const std::string& body, std::string& out) {
    request_.clear();
    request_ += "POST " + path + " HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\nContent-Length: ";
    request_ += std::to_string(body.size()) + "\r\n\r\n";
    request_ += body;
    for (std::size_t sent = 0; sent < request_.size();) {
      const ssize_t n = ::send(fd_, request_.data() + sent, request_.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) fail("the server closed the connection");
      sent += static_cast<std::size_t>(n);
    }
    std::size_t head_end;
    while ((head_end = buf_.find("\r\n\r\n")) == std::string::npos) read_more();
    const int status = std::atoi(buf_.c_str() + 9);  // "HTTP/1.1 200 OK"
    const auto cl = buf_.find("Content-Length: ");
    if (cl == std::string::npos || cl > head_end) fail("a response without Content-Length");
    const std::size_t length = std::strtoul(buf_.c_str() + cl + 16, nullptr, 10);
    while (buf_.size() < head_end + 4 + length) read_more();
    out.assign(buf_, head_end + 4, length);
    buf_.erase(0, head_end + 4 + length);
    return status;
  }

 private:
  void read_more() {
    char chunk[65536];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) fail("the server closed the connection");
    buf_.append(chunk, static_cast<std::size_t>(n));
  }
  int fd_ = -1;
  std::string request_, buf_;
};

struct ServeFixture {
  std::unique_ptr<RulesHost> rules;
  std::unique_ptr<Metrics> metrics;
  std::unique_ptr<Api> api;
  std::unique_ptr<HttpServer> server;
  std::thread thread;
  int port = 0;
  std::vector<std::string> bodies;  // one proposal per body (the generated JSON lines)
  std::vector<std::string> batches;  // the same proposals as JSON lines, bodies under 1 MiB

  ServeFixture() {
    rules = std::make_unique<RulesHost>(std::vector<std::string>{kShippedRules});
    Diagnostics d;
    if (!rules->load(d)) fail("the shipped rules do not load:\n" + d.str());
    metrics = std::make_unique<Metrics>();
    keep_freed_memory_for_reuse();  // as accord serve does
    api = std::make_unique<Api>(*rules, *metrics, nullptr, ApiOptions{});
    server = std::make_unique<HttpServer>(*api, HttpOptions{"127.0.0.1", 0, 8, ""});
    std::string error;
    if (!server->bind(error)) fail(error);
    port = server->port();
    thread = std::thread([this] { server->run(); });
    for (const auto& g : generated()) bodies.push_back(to_json(g));
    std::string batch;
    for (const auto& b : bodies) {
      if (batch.size() + b.size() + 1 > kMaxRequestBody) batches.push_back(std::move(batch)), batch.clear();
      batch += b + '\n';
    }
    batches.push_back(std::move(batch));
    check();
  }
  ~ServeFixture() {
    server->stop();
    thread.join();
  }

  // The server's answers are the in-process decisions, byte for byte.
  void check() const {
    const Engine& e = *rules->current()->engine;
    JsonProposalReader reader(e.tables());
    Connection c(port);
    std::string got;
    for (std::size_t i = 0; i < 2000; ++i) {
      std::string padded = bodies[i] + std::string(JsonProposalReader::padding(), '\0');
      Proposal p;
      Answer a;
      if (!reader.read(padded.data(), bodies[i].size(), today_utc(), p) || !decide_answer(e, p, {}, a).empty())
        fail("a generated proposal does not decide: " + bodies[i]);
      std::string want;
      render_json(e, p, a, false, want);
      want += '\n';
      if (c.post("/v1/decide", bodies[i], got) != 200 || got != want)
        fail("the server's answer differs from the in-process decision for " + bodies[i] + ":\n" + got +
             "\nexpected:\n" + want);
    }
  }
};

ServeFixture& fixture() {
  static ServeFixture f;
  return f;
}

double percentile(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  const auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

void BM_Serve_Decide(benchmark::State& st) {
  ServeFixture& f = fixture();
  const auto clients = static_cast<std::size_t>(st.range(0));
  for (auto _ : st) {
    std::vector<std::vector<double>> latencies(clients);
    std::vector<std::thread> threads;
    std::atomic<int> errors{0};
    const auto start = Clock::now();
    for (std::size_t t = 0; t < clients; ++t)
      threads.emplace_back([&, t] {
        Connection c(f.port);
        std::string got;
        auto& lat = latencies[t];
        lat.reserve(kRequests / clients + 1);
        for (std::size_t i = t; i < kRequests; i += clients) {
          const auto t0 = Clock::now();
          const int status = c.post("/v1/decide", f.bodies[i % f.bodies.size()], got);
          lat.push_back(std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
          if (status != 200) ++errors;
        }
      });
    for (auto& t : threads) t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    st.SetIterationTime(seconds);
    if (errors) fail("the server failed " + std::to_string(errors.load()) + " requests");
    std::vector<double> all;
    for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
    const double p50 = percentile(all, 0.50), p99 = percentile(all, 0.99);
    const std::string key = "serve.decide.clients" + std::to_string(clients);
    record(key + ".per_s", static_cast<double>(kRequests) / seconds);
    record(key + ".p50_us", p50);
    record(key + ".p99_us", p99);
    st.counters["decisions_per_s"] = static_cast<double>(kRequests) / seconds;
    st.counters["p50_us"] = p50;
    st.counters["p99_us"] = p99;
  }
}

void BM_Serve_InProcess(benchmark::State& st) {
  ServeFixture& f = fixture();
  ApiRequest r;
  r.method = "POST";
  r.path = "/v1/decide";
  Stopwatch sw;
  for (auto _ : st) {
    sw.start();
    for (std::size_t i = 0; i < kRequests; ++i) {
      r.body = f.bodies[i % f.bodies.size()];
      const ApiResponse res = f.api->handle(r);
      if (res.status != 200) fail("Api::handle failed: " + res.body);
      benchmark::DoNotOptimize(res.body.data());
    }
    sw.stop();
  }
  const double per_s = static_cast<double>(kRequests) * static_cast<double>(st.iterations()) / (sw.cpu_ns() / 1e9);
  record("serve.inprocess.per_s", per_s);
  st.counters["decisions_per_cpu_s"] = per_s;
}

void BM_Serve_Batch(benchmark::State& st) {
  ServeFixture& f = fixture();
  Connection c(f.port);
  std::string got;
  for (auto _ : st) {
    const auto start = Clock::now();
    std::size_t lines = 0;
    for (const auto& body : f.batches) {
      if (c.post("/v1/decide/batch", body, got) != 200) fail("the batch endpoint failed: " + got);
      lines += static_cast<std::size_t>(std::count(got.begin(), got.end(), '\n'));
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    st.SetIterationTime(seconds);
    if (lines != f.bodies.size()) fail("the batch endpoint answered " + std::to_string(lines) + " lines");
    record("serve.batch.per_s", static_cast<double>(lines) / seconds);
    st.counters["decisions_per_s"] = static_cast<double>(lines) / seconds;
    st.counters["requests"] = static_cast<double>(f.batches.size());
  }
}

BENCHMARK(BM_Serve_Decide)->ArgName("clients")->Arg(1)->Arg(4)->UseManualTime()->Iterations(1)->Repetitions(3)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Serve_InProcess)->Iterations(1)->Repetitions(3)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Serve_Batch)->UseManualTime()->Iterations(1)->Repetitions(3)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace accord::internal::bench
