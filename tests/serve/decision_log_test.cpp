// The decision log: one whole JSON line per decision, rotated by size, nothing lost when the
// server is stopped with SIGTERM.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "serve/decision_log.h"
#include "support/run_command.h"
#include "support/server_process.h"

namespace accord::internal {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path temp_dir(const std::string& name) {
  const fs::path d = fs::temp_directory_path() / ("accord-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

TEST(DecisionLog, RotatesBySizeAndKeepsTheNewest) {
  const fs::path dir = temp_dir("log-rotate");
  const std::string path = (dir / "decisions.jsonl").string();
  DecisionLog log;
  std::string error;
  ASSERT_TRUE(log.open(path, 100, 2, error)) << error;
  const std::string line(39, 'x');  // 40 bytes with its newline: two lines fit in 100
  for (int i = 0; i < 7; ++i) log.write(line.substr(0, 38) + std::to_string(i % 10));
  // 7 lines, 2 per file: the live file has the 7th; .1 the 5th and 6th; .2 the 3rd and 4th;
  // the first two were rotated out (keep 2).
  EXPECT_EQ(cmd::slurp(path), line.substr(0, 38) + "6\n");
  EXPECT_EQ(cmd::slurp(path + ".1"), line.substr(0, 38) + "4\n" + line.substr(0, 38) + "5\n");
  EXPECT_EQ(cmd::slurp(path + ".2"), line.substr(0, 38) + "2\n" + line.substr(0, 38) + "3\n");
  EXPECT_FALSE(fs::exists(path + ".3"));
  fs::remove_all(dir);
}

TEST(DecisionLog, CannotOpenSaysWhere) {
  DecisionLog log;
  std::string error;
  EXPECT_FALSE(log.open("/nonexistent/dir/decisions.jsonl", 100, 1, error));
  EXPECT_EQ(error, "/nonexistent/dir/decisions.jsonl: cannot open the decision log: No such file or directory");
}

TEST(DecisionLog, OneLinePerDecisionWithTheRulesAndNothingLostOnSigterm) {
  const fs::path dir = temp_dir("log-serve");
  const std::string path = (dir / "decisions.jsonl").string();
  cmd::ServerProcess server({"--rules", "rules", "--log", path});
  ASSERT_TRUE(server.ok()) << server.problem();
  httplib::Client c("127.0.0.1", server.port());
  const auto status = c.Get("/v1/status");
  ASSERT_TRUE(status);
  const std::string hash = json::parse(status->body)["rules"]["hash"];
  const std::string proposal = R"({"action":"basing","date":"2026-03-01","actor":"United States","host":"Kyrgyzstan","site":"manas","positions":{"Russia":"object"}})";
  constexpr int kDecisions = 50;
  for (int i = 0; i < kDecisions; ++i) {
    const auto res = c.Post("/v1/decide", {{"X-Request-Id", "req-" + std::to_string(i)}}, proposal, "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200);
  }
  // A batch logs each decision; a bad line is not a decision.
  const auto batch = c.Post("/v1/decide/batch", proposal + "\n{\"action\":\"basin\"}\n" + proposal + "\n", "application/x-ndjson");
  ASSERT_TRUE(batch);
  // A bad proposal is not logged either.
  ASSERT_TRUE(c.Post("/v1/decide", R"({"action":"basin"})", "application/json"));
  EXPECT_EQ(server.stop(), 0) << server.stderr_text();

  const auto lines = cmd::lines(cmd::slurp(path));
  ASSERT_EQ(lines.size(), kDecisions + 2u);
  const json first = json::parse(lines.front());
  EXPECT_EQ(first["request_id"], "req-0");
  EXPECT_EQ(first["endpoint"], "decide");
  EXPECT_EQ(first["rules_hash"], hash);
  EXPECT_EQ(first["time"].get<std::string>().size(), 20u);  // 2026-11-30T12:00:00Z
  // The proposal as read: codes, not the names it was sent with.
  EXPECT_EQ(first["proposal"], json::parse(R"({"action":"basing","date":"2026-03-01","actor":"USA","host":"KGZ","site":"manas","positions":{"RUS":"object"}})"));
  EXPECT_EQ(first["decision"]["decision"], "vetoed");
  EXPECT_EQ(first["decision"]["vetoed_by"], json::array({"RUS"}));
  EXPECT_EQ(json::parse(lines.back())["endpoint"], "decide/batch");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace accord::internal
