// Fuzz target: one request to the decision service's API (Api::handle, everything but the
// socket) on the shipped rules and exercises. The input is "METHOD TARGET\nBODY" (the first
// line split at its first space; TARGET may carry a query). Beyond crashes it asserts what
// every client relies on: no 500 (an exception escaped a handler), every JSON answer parses
// (one document, or one per line for a batch), and an error answer stays small.
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "serve/api.h"
#include "support.h"

namespace {

[[noreturn]] void finding(const char* what, const accord::ApiResponse& res) {
  std::fprintf(stderr, "fuzz api: %s (status %d): %.2000s\n", what, res.status, res.body.c_str());
  std::abort();
}

std::string url_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i] == '+' ? ' ' : s[i];
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace accord;
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
  static Api api(*rules, metrics, nullptr, ApiOptions{{std::string(ACCORD_REPO) + "/scenarios"}, "", kMaxRequestBody});
  fuzz::Bounds bounds("api", size, 1000, 100);

  const std::string_view text = fuzz::text_of(data, size);
  const std::size_t eol = std::min(text.find('\n'), text.size());
  const std::string_view line = text.substr(0, eol);
  const std::size_t space = std::min(line.find(' '), line.size());
  ApiRequest r;
  r.method = std::string(line.substr(0, space));
  const std::string_view target = line.substr(std::min(space + 1, line.size()));
  const std::size_t q = std::min(target.find('?'), target.size());
  r.path = url_decode(target.substr(0, q));
  for (std::string_view rest = target.substr(std::min(q + 1, target.size())); !rest.empty();) {
    const std::string_view item = rest.substr(0, rest.find('&'));
    rest.remove_prefix(std::min(item.size() + 1, rest.size()));
    const std::size_t eq = item.find('=');
    r.query.emplace_back(url_decode(item.substr(0, eq)), eq == std::string_view::npos ? "" : url_decode(item.substr(eq + 1)));
  }
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
