// Fuzz target: one request to the decision service's API (Api::handle, everything but the
// socket) on the shipped rules and exercises. The input is "METHOD TARGET\nBODY" (the first
// line split at its first space; TARGET may carry a query, parsed by the server's
// parse_query). Beyond crashes it asserts what every client relies on: no 500 (an exception
// escaped a handler), every JSON answer parses (one document, or one per line for a batch),
// and an error answer stays small.
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "serve/api.h"
#include "support.h"

namespace {

[[noreturn]] void finding(const char* what, const accord::internal::ApiResponse& res) {
  std::fprintf(stderr, "fuzz api: %s (status %d): %.2000s\n", what, res.status, res.body.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace accord::internal;
  static RulesHost* rules = [] {
    auto* host = new RulesHost({std::string(ACCORD_REPO) + "/rules"});
    Diagnostics d;
    if (!host->load(d)) {
      std::fprintf(stderr, "fuzz api: the shipped rules do not load:\n%s", d.str().c_str());
      std::abort();
    }
    return host;
  }();
  static Metrics metrics;
  static Api api(*rules, metrics, nullptr, [] {
    ApiOptions o;
    o.scenario_dirs = {std::string(ACCORD_REPO) + "/scenarios"};
    return o;
  }());
  fuzz::Bounds bounds("api", size, 1000, 100);

  const std::string_view text = fuzz::text_of(data, size);
  const std::size_t eol = std::min(text.find('\n'), text.size());
  const std::string_view line = text.substr(0, eol);
  const std::size_t space = std::min(line.find(' '), line.size());
  ApiRequest r;
  r.method = std::string(line.substr(0, space));
  const std::string_view target = line.substr(std::min(space + 1, line.size()));
  r.path = std::string(target.substr(0, target.find('?')));  // the server's path, any bytes
  r.query = parse_query(target);  // as the server parses it
  r.body = std::string(text.substr(std::min(eol + 1, text.size())));
  r.request_id = "fuzz";

  const ApiResponse res = api.handle(r);
  if (res.status >= 500) finding("a server error", res);
  if (res.status >= 400) bounds.check_output(res.body.size());
  try {
    if (res.content_type == "application/json") {
      [[maybe_unused]] auto j = nlohmann::json::parse(res.body);
    } else if (res.content_type == "application/x-ndjson") {
      for (std::size_t at = 0; at < res.body.size();) {
        const std::size_t end = res.body.find('\n', at);
        [[maybe_unused]] auto j = nlohmann::json::parse(res.body.substr(at, end - at));
        at = end == std::string::npos ? res.body.size() : end + 1;
      }
    }
  } catch (const nlohmann::json::exception& e) {
    finding(e.what(), res);
  }
  return 0;
}
