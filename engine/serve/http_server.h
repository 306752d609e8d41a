// The decision service on a socket: HTTP/1.1 with keep-alive on Boost.Beast and Boost.Asio
// (header-only: nothing more is loaded by every `accord` command, docs/serve.md), served by
// worker threads with an event loop each; every request goes to the Api. Kept to this header
// and http_server.cpp, so the rest of the service knows nothing of the library.
#pragma once
#include <memory>
#include <string>

#include "serve/api.h"

namespace accord::internal {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8181;  // 0: any free port
  unsigned threads = 8;  // workers: requests decided at once (waiting connections hold none)
  std::string cors_origin;  // non-empty: answer CORS requests from this origin
};

// Keeps freed large buffers (request bodies, batch answers of a few MiB) in the process
// instead of returning them to the system after each request: otherwise every batch request
// pays for mapping and zeroing its pages afresh, which costs more than deciding it. Call once,
// before serving.
void keep_freed_memory_for_reuse();

class HttpServer {
 public:
  HttpServer(Api& api, HttpOptions options);
  ~HttpServer();
  // Binds the address; false (`error` set) when it cannot. port() then tells the port.
  bool bind(std::string& error);
  int port() const { return port_; }
  // Serves until stop(); requests in flight finish first, idle connections are closed.
  void run();
  // From any thread, before or during run().
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  HttpOptions options_;
  int port_ = 0;
};

}  // namespace accord::internal
