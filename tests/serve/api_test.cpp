// The decision service's API against a real `accord serve` on a free loopback port: every
// endpoint answers what the matching command prints, byte for byte, and every error path
// answers its status with the message asserted verbatim.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/run_command.h"
#include "support/server_process.h"

namespace accord::internal {
namespace {

namespace fs = std::filesystem;
using cmd::ServerProcess;
using nlohmann::json;

const std::string kManas = R"({"id":"us-airbase-manas-2026","title":"US air base at Manas, Kyrgyzstan, 2026","date":"2026-03-01","action":"basing","actor":"USA","host":"KGZ","site":"manas"})";

class Api : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new ServerProcess({"--rules", "rules", "--scenarios", "scenarios"});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override { ASSERT_TRUE(server_->ok()) << server_->problem(); }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(20, 0);
    return c;
  }
  httplib::Result post(const std::string& path, const std::string& body) {
    return client().Post(path.c_str(), body, "application/json");
  }
  httplib::Result get(const std::string& path) { return client().Get(path.c_str()); }
  static std::string check_json(std::vector<std::string> args) {
    args.insert(args.begin(), {"check", "--rules", "rules", "--format", "json"});
    const auto r = cmd::accord(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  static ServerProcess* server_;
};
ServerProcess* Api::server_ = nullptr;

TEST_F(Api, DecideAnswersByteForByteWhatCheckPrints) {
  const auto res = post("/v1/decide", kManas);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(res->body, check_json({"scenarios/proposals/us-airbase-manas-2026.yaml"}));
}

TEST_F(Api, PartiesByNameAndPositionsDecideAsCodes) {
  const auto res = post("/v1/decide",
                        R"({"action":"basing","date":"2026-03-01","actor":"United States","host":"kyrgyzstan",)"
                        R"("site":"manas","positions":{"Russia":"object"}})");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, check_json({"--action", "basing", "--date", "2026-03-01", "--actor", "USA", "--host", "KGZ",
                                   "--site", "manas", "--position", "RUS=object"})
                           // the flags' proposal is called what-if; a body without an id has none
                           .replace(13, 7, ""));
  EXPECT_EQ(json::parse(res->body)["vetoed_by"], json::array({"RUS"}));
}

TEST_F(Api, ExplainReadingAndAsOfAreTheCommandsOptions) {
  const auto res = post("/v1/decide?explain=1&as_of=2005-06-01&reading=csto-charter-2002/art_7__para_4=agreement", kManas);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, check_json({"scenarios/proposals/us-airbase-manas-2026.yaml", "--explain", "--as-of", "2005-06-01",
                                   "--reading", "csto-charter-2002/art_7__para_4=agreement"}));
}

TEST_F(Api, BadProposalIsA400PositionedInTheBody) {
  const auto res = post("/v1/decide", "{\n  \"action\": \"basing\",\n  \"actor\": \"USA\",\n  \"host\": \"Kyrgystan\"\n}");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  const json e = json::parse(res->body)["error"];
  EXPECT_EQ(e["message"], "unknown party 'Kyrgystan'; did you mean 'KGZ' (Kyrgyzstan)?");
  EXPECT_EQ(e["line"], 4);
  EXPECT_EQ(e["column"], 11);
  EXPECT_EQ(e["text"],
            "request:4:11: error: unknown party 'Kyrgystan'; did you mean 'KGZ' (Kyrgyzstan)?\n"
            "  \"host\": \"Kyrgystan\"\n"
            "          ^\n");
  EXPECT_EQ(json::parse(res->body)["errors"].size(), 1u);
}

TEST_F(Api, MalformedJsonIsA400AtItsByte) {
  const auto res = post("/v1/decide", R"({"action": "basing", "actor": })");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  const json e = json::parse(res->body)["error"];
  EXPECT_EQ(e["message"], "malformed JSON: syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal");
  EXPECT_EQ(e["line"], 1);
  EXPECT_EQ(e["column"], 31);
}

TEST_F(Api, EveryErrorInTheBodyIsListed) {
  const auto res = post("/v1/decide", R"({"action":"basing","actor":"Atlantis","host":"Lemuria","positions":{"RUS":"maybe"}})");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  const json body = json::parse(res->body);
  std::vector<std::string> messages;
  for (const auto& e : body["errors"]) messages.push_back(e["message"]);
  EXPECT_EQ(messages, (std::vector<std::string>{
                          "unknown party 'Atlantis'",
                          "unknown party 'Lemuria'",
                          "unknown position 'maybe' for RUS (positions are consent, object, abstain; none clears one)"}));
}

TEST_F(Api, BadQueryParametersAre400s) {
  const std::pair<std::string, std::string> cases[] = {
      {"/v1/decide?explian=1", "unknown query parameter 'explian'; did you mean 'explain'?"},
      {"/v1/decide?explain=yes", "explain=yes: expected 1 or 0"},
      {"/v1/decide?reading=x", "reading=x: expected CLAUSE_ID=READING"},
      {"/v1/decide?reading=csto-charter-2002/art_7__para_4=agreemen",
       "reading=csto-charter-2002/art_7__para_4=agreemen: clause 'csto-charter-2002/art_7__para_4' has no reading "
       "'agreemen'; did you mean 'agreement'?"},
      {"/v1/decide?as_of=2026-13-01", "as_of=2026-13-01: not a date: expected YYYY-MM-DD"},
      {"/v1/whatif?from=2020-01-01&to=2010-01-01", "to must be after from"},
      {"/v1/decide/batch?from=2020-01-01", "unknown query parameter 'from'"},
  };
  for (const auto& [path, message] : cases) {
    const auto res = post(path, kManas);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 400) << path;
    EXPECT_EQ(res->body, "{\"error\":{\"message\":" + json(message).dump() + "}}\n") << path;
  }
}

TEST_F(Api, BatchAnswersWhatCheckBatchPrints) {
  const std::string lines =
      kManas + "\n\n" + R"({"action":"basin","actor":"USA","host":"KGZ"})" + "\n" +
      R"({"action":"armed_attack","actor":"AZE","host":"ARM","date":"2020-09-27"})" + "\n";
  const fs::path file = fs::temp_directory_path() / "accord-api-batch.jsonl";
  std::ofstream(file) << lines;
  const auto cli = cmd::accord({"check", "--rules", "rules", "--batch", file.string()});
  EXPECT_EQ(cli.exit_code, 1);  // one line is bad
  const auto res = post("/v1/decide/batch", lines);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/x-ndjson");
  EXPECT_EQ(res->body, cli.out);
  // A JSON array: one element per line, "line" is the element's number.
  const auto array = post("/v1/decide/batch", "[" + kManas + ",\n" + R"({"action":"basin","actor":"USA","host":"KGZ"})" + "]");
  ASSERT_TRUE(array);
  EXPECT_EQ(array->status, 200);
  const auto out = cmd::lines(array->body);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0] + "\n", check_json({"scenarios/proposals/us-airbase-manas-2026.yaml"}));
  EXPECT_EQ(json::parse(out[1])["line"], 2);
  fs::remove(file);
}

TEST_F(Api, BodiesLabelledAsFormsAreReadAsJson) {
  // `curl -d` labels JSON as a form; a batch over 8 KiB must not be refused as a big form.
  std::string lines;
  for (int i = 0; i < 100; ++i) lines += kManas + "\n";
  ASSERT_GT(lines.size(), 8192u);
  const auto res = client().Post("/v1/decide/batch", lines, "application/x-www-form-urlencoded");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(cmd::lines(res->body).size(), 100u);
}

TEST_F(Api, MalformedBatchArrayIsA400) {
  const auto res = post("/v1/decide/batch", R"([{"action":"basing"},)");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  const json e = json::parse(res->body)["error"];
  EXPECT_EQ(e["message"], "malformed JSON: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal");
  EXPECT_EQ(e["column"], 22);
}

TEST_F(Api, WhatifAnswersWhatTheCommandPrints) {
  const auto res = post("/v1/whatif?from=1994-01-01", kManas);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  const auto cli = cmd::accord({"whatif", "--rules", "rules", "--format", "json", "--from", "1994-01-01",
                                "scenarios/proposals/us-airbase-manas-2026.yaml"});
  EXPECT_EQ(res->body, cli.out);
}

TEST_F(Api, ClausesWithTheirTextAndSource) {
  const auto all = get("/v1/clauses");
  ASSERT_TRUE(all);
  EXPECT_EQ(all->status, 200);
  const json j = json::parse(all->body);
  EXPECT_EQ(j["clauses"].size(), 27u);  // a clause with dated versions is one entry
  EXPECT_EQ(j["instruments"].size(), 7u);
  int art4 = 0;  // the 1992 Treaty's Art. 4: two dated versions, listed once
  for (const auto& c : j["clauses"]) {
    if (c["id"] != "cst-1992/art_4") continue;
    ++art4;
    EXPECT_EQ(c["versions"].size(), 2u) << c.dump();
  }
  EXPECT_EQ(art4, 1);
  const auto one = get("/v1/clauses/csto-infrastructure-protocol-2011/art_1");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);
  const auto cli = cmd::accord({"rules", "--rules", "rules", "--format", "json", "csto-infrastructure-protocol-2011/art_1"});
  EXPECT_EQ(one->body, cli.out);
  EXPECT_EQ(json::parse(one->body)["effective"]["from"], "2012-12-19");
  const auto missing = get("/v1/clauses/csto-infrastructure-protocol-2011/art_2");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body,
            "{\"error\":{\"message\":\"no clause 'csto-infrastructure-protocol-2011/art_2'; did you mean "
            "'csto-infrastructure-protocol-2011/art_1'?\"}}\n");
}

TEST_F(Api, VocabIsTheCommandsJson) {
  const auto res = get("/v1/vocab?as_of=2026-03-01");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, cmd::accord({"vocab", "--rules", "rules", "--format", "json", "--as-of", "2026-03-01"}).out);
  const auto bad = get("/v1/vocab?as_of=soon");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(bad->body, "{\"error\":{\"message\":\"as_of=soon: not a date: expected YYYY-MM-DD\"}}\n");
}

TEST_F(Api, ScenariosWithTheDecisionOfEachStep) {
  const auto list = get("/v1/scenarios");
  ASSERT_TRUE(list);
  const json listed = json::parse(list->body);
  std::vector<std::string> names;
  for (const auto& s : listed["scenarios"]) names.push_back(s["name"]);
  EXPECT_EQ(names.size(), 15u);
  EXPECT_NE(std::find(names.begin(), names.end(), "manas-2001-2014"), names.end());

  const auto one = get("/v1/scenarios/manas-2001-2014");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 200);
  const json s = json::parse(one->body);
  EXPECT_EQ(s["title"], "The Manas air base, 2001–2014");
  ASSERT_EQ(s["steps"].size(), 13u);
  // Every step carries its decision, as accord run decides it.
  for (const auto& step : s["steps"]) EXPECT_TRUE(step["decision"].contains("headline")) << step["title"];
  EXPECT_EQ(s["steps"][0]["decision"]["decision"], "permitted");

  const auto handout = get("/v1/scenarios/manas-2001-2014/handout.md");
  ASSERT_TRUE(handout);
  EXPECT_EQ(handout->status, 200);
  EXPECT_EQ(handout->get_header_value("Content-Type"), "text/markdown; charset=utf-8");
  EXPECT_EQ(handout->body, cmd::accord({"run", "--rules", "rules", "--format", "markdown", "scenarios/manas-2001-2014.yaml"}).out);

  const auto missing = get("/v1/scenarios/manas-2001");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, "{\"error\":{\"message\":\"no exercise 'manas-2001'; did you mean 'manas-2001-2014'? (exercises are "
                          "named as GET /v1/scenarios lists them)\"}}\n");
}

// Exercises with decision points: ?choose= picks the path, as `accord run --choose` does; the
// trainee handout is the one `accord run --handout trainee` writes.
TEST_F(Api, ScenarioPathsAndTraineeHandouts) {
  const auto first = get("/v1/scenarios/armenia-path-out");
  const auto frozen = get("/v1/scenarios/armenia-path-out?choose=stay-frozen");
  ASSERT_TRUE(first && frozen);
  ASSERT_EQ(frozen->status, 200) << frozen->body;
  const json a = json::parse(first->body), b = json::parse(frozen->body);
  EXPECT_EQ(a["steps"][4]["branch"]["chosen"], "give-notice");
  EXPECT_EQ(b["steps"][4]["branch"]["chosen"], "stay-frozen");
  EXPECT_EQ(b["steps"][4]["branch"]["options"].size(), 2u);
  const std::string run = cmd::accord({"run", "--rules", "rules", "--no-pause", "--choose", "stay-frozen", "scenarios/armenia-path-out.yaml"}).out;
  for (const auto& step : b["steps"]) EXPECT_NE(run.find(step["title"].get<std::string>()), std::string::npos) << step["title"];
  EXPECT_NE(a["steps"][5]["title"], b["steps"][5]["title"]);

  const auto bad = get("/v1/scenarios/armenia-path-out?choose=stay-frozn");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  EXPECT_EQ(bad->body, "{\"error\":{\"message\":\"decision point 1 (\\\"Yerevan decides: give notice under CST Art. 11 now, "
                       "or stay frozen\\\") has no option 'stay-frozn'; did you mean 'stay-frozen'? (choose 1 or give-notice, "
                       "2 or stay-frozen)\"}}\n");

  const auto trainee = get("/v1/scenarios/armenia-path-out/handout.md?kind=trainee&choose=stay-frozen");
  ASSERT_TRUE(trainee);
  EXPECT_EQ(trainee->status, 200);
  EXPECT_EQ(trainee->body, cmd::accord({"run", "--rules", "rules", "--format", "markdown", "--handout", "trainee", "--choose",
                                        "stay-frozen", "scenarios/armenia-path-out.yaml"}).out);
  const auto kind = get("/v1/scenarios/armenia-path-out/handout.md?kind=student");
  ASSERT_TRUE(kind);
  EXPECT_EQ(kind->status, 400);
  EXPECT_EQ(kind->body, "{\"error\":{\"message\":\"kind=student: a handout is for the trainee or the instructor\"}}\n");
}

TEST_F(Api, UnknownRouteWrongMethodAndTooLargeBody) {
  const auto none = get("/v1/decisions");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 404);
  EXPECT_EQ(none->body, "{\"error\":{\"message\":\"no such endpoint: /v1/decisions (the API is listed in docs/serve.md)\"}}\n");

  const auto wrong = get("/v1/decide");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(wrong->get_header_value("Allow"), "POST");
  EXPECT_EQ(wrong->body, "{\"error\":{\"message\":\"method GET is not allowed on /v1/decide; use POST\"}}\n");
  const auto wrong2 = client().Delete("/v1/clauses");
  ASSERT_TRUE(wrong2);
  EXPECT_EQ(wrong2->status, 405);
  EXPECT_EQ(wrong2->get_header_value("Allow"), "GET");

  const auto big = post("/v1/decide/batch", std::string((1 << 20) + 1, ' '));
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(big->body, "{\"error\":{\"message\":\"the request body is 1048577 bytes, over the limit of 1048576 bytes\"}}\n");
}

TEST_F(Api, HealthReadinessStatusAndMetrics) {
  const auto health = get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok\n");
  const auto ready = get("/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->body, "ready\n");

  const auto status = get("/v1/status");
  ASSERT_TRUE(status);
  const json s = json::parse(status->body);
  EXPECT_EQ(s["rules"]["dirs"], json::array({"rules"}));
  EXPECT_EQ(s["rules"]["clauses"], 27);
  EXPECT_EQ(s["rules"]["hash"].get<std::string>().size(), 16u);
  EXPECT_TRUE(s["last_reload_error"].is_null());

  ASSERT_TRUE(post("/v1/decide", R"({"action":"basing","actor":"USA","host":"KGZ","positions":{"RUS":"object"}})"));
  const auto metrics = get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& m = metrics->body;
  EXPECT_NE(m.find("# TYPE accord_decisions_total counter\n"), std::string::npos);
  EXPECT_EQ(m.find("accord_decisions_total{verdict=\"vetoed\"} 0\n"), std::string::npos) << m;
  EXPECT_NE(m.find("accord_http_requests_total{route=\"/v1/decide\",code=\"2xx\"}"), std::string::npos);
  EXPECT_NE(m.find("# TYPE accord_http_request_duration_seconds histogram\n"), std::string::npos);
  EXPECT_NE(m.find("accord_http_request_duration_seconds_bucket{le=\"+Inf\"}"), std::string::npos);
  EXPECT_NE(m.find("accord_rules_reloads_total 0\n"), std::string::npos);
  EXPECT_NE(m.find("accord_rules_info{hash=\"" + s["rules"]["hash"].get<std::string>() + "\""), std::string::npos);
}

TEST_F(Api, TheWorkbenchIsServedFromTheBinary) {
  const auto page = get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find("<html"), std::string::npos);
  EXPECT_EQ(page->get_header_value("Content-Security-Policy"), "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'");
  const auto post_page = post("/", "");
  ASSERT_TRUE(post_page);
  EXPECT_EQ(post_page->status, 405);
}

TEST(ApiAccess, ATokenGuardsTheApiButNotHealth) {
  const fs::path token = fs::temp_directory_path() / "accord-api-token";
  std::ofstream(token) << "s3cret\n";
  ServerProcess server({"--rules", "rules", "--token-file", token.string()});
  ASSERT_TRUE(server.ok()) << server.problem();
  httplib::Client c("127.0.0.1", server.port());
  const auto none = c.Post("/v1/decide", kManas, "application/json");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->get_header_value("WWW-Authenticate"), "Bearer");
  EXPECT_EQ(none->body, "{\"error\":{\"message\":\"this server needs an access token: send Authorization: Bearer TOKEN\"}}\n");
  const auto wrong = c.Post("/v1/decide", {{"Authorization", "Bearer s3cre"}}, kManas, "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(wrong->body, "{\"error\":{\"message\":\"the access token is not valid\"}}\n");
  const auto right = c.Post("/v1/decide", {{"Authorization", "Bearer s3cret"}}, kManas, "application/json");
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 200);
  const auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 401);
  const auto health = c.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(server.stop(), 0);
  fs::remove(token);
}

TEST(ApiAccess, NoCorsUnlessAsked) {
  ServerProcess plain({"--rules", "rules"});
  ASSERT_TRUE(plain.ok()) << plain.problem();
  const auto a = httplib::Client("127.0.0.1", plain.port()).Get("/v1/status");
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->has_header("Access-Control-Allow-Origin"));
  ServerProcess cors({"--rules", "rules", "--cors-origin", "https://analysis.example"});
  ASSERT_TRUE(cors.ok()) << cors.problem();
  httplib::Client c("127.0.0.1", cors.port());
  const auto b = c.Get("/v1/status");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->get_header_value("Access-Control-Allow-Origin"), "https://analysis.example");
  const auto pre = c.Options("/v1/decide");
  ASSERT_TRUE(pre);
  EXPECT_EQ(pre->status, 204);
  EXPECT_EQ(pre->get_header_value("Access-Control-Allow-Methods"), "GET, POST");
}

TEST(ApiScenarios, ABrokenExerciseFileIsA500SayingWhere) {
  const fs::path dir = fs::temp_directory_path() / ("accord-api-scenarios-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  fs::copy_file(fs::path(ACCORD_REPO) / "scenarios/manas-2001-2014.yaml", dir / "manas.yaml");
  std::ofstream(dir / "broken.yaml") << "scenario: broken\ntitle: Broken\nbase:\n  action: basing\n  actor: USA\n  host: Atlantis\n"
                                       "steps:\n  - title: One\n    date: 2026-03-01\n";
  ServerProcess server({"--rules", "rules", "--scenarios", dir.string()});
  ASSERT_TRUE(server.ok()) << server.problem();
  httplib::Client c("127.0.0.1", server.port());
  const auto list = c.Get("/v1/scenarios");
  ASSERT_TRUE(list);
  const json listed = json::parse(list->body)["scenarios"];
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[1]["name"], "manas");
  const auto broken = c.Get("/v1/scenarios/broken");
  ASSERT_TRUE(broken);
  EXPECT_EQ(broken->status, 500);
  const json e = json::parse(broken->body)["error"];
  EXPECT_EQ(e["file"], (dir / "broken.yaml").string());
  EXPECT_EQ(e["line"], 6);
  EXPECT_EQ(e["message"], "unknown party 'Atlantis'");
  const auto good = c.Get("/v1/scenarios/manas");
  ASSERT_TRUE(good);
  EXPECT_EQ(good->status, 200);
  fs::remove_all(dir);
}

TEST(ServeCommand, SigtermLetsTheRequestInFlightFinish) {
  ServerProcess server({"--rules", "rules"});
  ASSERT_TRUE(server.ok()) << server.problem();
  // A batch of about 1 MiB takes the server tens of milliseconds; SIGTERM arrives during it.
  std::string lines;
  while (lines.size() + kManas.size() + 1 < (1u << 20)) lines += kManas + "\n";
  const std::size_t count = lines.size() / (kManas.size() + 1);
  int status = 0;
  std::string body, error;
  std::atomic<bool> connecting{false};
  std::thread client([&] {
    httplib::Client c("127.0.0.1", server.port());
    c.set_read_timeout(30, 0);
    c.set_socket_options([&](int) { connecting = true; });  // called just before connect()
    if (auto res = c.Post("/v1/decide/batch", lines, "application/x-ndjson")) status = res->status, body = res->body;
    else error = httplib::to_string(res.error());
  });
  // Not before the client connects (on a loaded machine its thread may start late): a
  // connection made after SIGTERM is refused.
  for (int i = 0; i < 10000 && !connecting; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  server.signal(SIGTERM);
  client.join();
  EXPECT_EQ(status, 200) << "the request in flight was cut off (" << error << "); the server said:\n" << server.stderr_text();
  EXPECT_EQ(cmd::lines(body).size(), count);
  EXPECT_EQ(server.stop(), 0);
  EXPECT_NE(server.stderr_text().find("SIGTERM: finishing the requests in flight, then exiting"), std::string::npos);
}

TEST(ServeCommand, UsageAndStartupErrors) {
  auto r = cmd::accord({"serve", "--rules", "rules", "--addr", "localhost"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "accord: error: --addr localhost: expected HOST:PORT, e.g. 127.0.0.1:8181 (port 0: any free port)\n");
  r = cmd::accord({"serve", "--rules", "tests/data/no-such-rules"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("accord: error: the rules have errors; the server did not start\n"), std::string::npos) << r.err;
  r = cmd::accord({"serve", "--rules", "rules", "--token-file", "/nonexistent/token"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "accord: error: --token-file /nonexistent/token: cannot read it, or its first line is empty\n");
  // A readable file whose first line is empty must not start a server without a token.
  const fs::path empty = fs::temp_directory_path() / "accord-empty-token";
  std::ofstream(empty) << "\nsecret-on-line-2\n";
  r = cmd::accord({"serve", "--rules", "rules", "--token-file", empty.string()}, 10);
  EXPECT_EQ(r.exit_code, 2) << r.problem;
  EXPECT_EQ(r.err, "accord: error: --token-file " + empty.string() + ": cannot read it, or its first line is empty\n");
  fs::remove(empty);
  // A port already taken.
  ServerProcess first({"--rules", "rules"});
  ASSERT_TRUE(first.ok()) << first.problem();
  const std::string addr = "127.0.0.1:" + std::to_string(first.port());
  r = cmd::accord({"serve", "--rules", "rules", "--addr", addr});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "accord: error: --addr " + addr + ": cannot listen on " + addr +
                       ": the address is in use or not available\n");
}

}  // namespace
}  // namespace accord::internal
