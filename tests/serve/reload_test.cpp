// Hot reload: a valid change to the rules is live within 2 s; a broken one (bad YAML, a type
// error, an unknown word, an override cycle) keeps the old rules answering and shows its
// positioned error in /v1/status; SIGHUP reloads too; requests racing
// a reload are each answered whole on one set of rules.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
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
using nlohmann::json;
using Clock = std::chrono::steady_clock;

const std::string kManas = R"({"action":"basing","date":"2026-03-01","actor":"USA","host":"KGZ","site":"manas"})";
const fs::path kProtocol = "csto/csto-infrastructure-protocol-2011.yaml";

class Reload : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '-');  // parameterized names have a slash
    dir_ = fs::temp_directory_path() / ("accord-reload-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::copy(fs::path(ACCORD_REPO) / "rules", dir_, fs::copy_options::recursive);
    original_ = cmd::slurp(dir_ / kProtocol);
    ASSERT_NE(original_.find("rule: no_objection"), std::string::npos);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Rewrites a file as an editor does: a new file (outside the rules) renamed over the old.
  void rewrite(const fs::path& file, const std::string& text) const {
    const fs::path tmp = dir_.string() + ".edit";
    std::ofstream(tmp) << text;
    fs::rename(tmp, file);
  }
  void write_protocol(const std::string& text) const { rewrite(dir_ / kProtocol, text); }
  static std::string headline(httplib::Client& c) {
    const auto res = c.Post("/v1/decide", kManas, "application/json");
    if (!res) return "no answer";
    if (res->status != 200) return "HTTP " + std::to_string(res->status);
    return json::parse(res->body)["headline"];
  }
  static json status(httplib::Client& c) {
    const auto res = c.Get("/v1/status");
    return res ? json::parse(res->body) : json();
  }
  // Polls until `done` or `seconds` pass; the time it took.
  template <class F>
  static double wait_for(F done, double seconds) {
    const auto start = Clock::now();
    while (!done() && std::chrono::duration<double>(Clock::now() - start).count() < seconds)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return std::chrono::duration<double>(Clock::now() - start).count();
  }

  fs::path dir_;
  std::string original_;
};

TEST_F(Reload, AValidChangeIsLiveWithinTwoSeconds) {
  cmd::ServerProcess server({"--rules", dir_.string()});
  ASSERT_TRUE(server.ok()) << server.problem();
  httplib::Client c("127.0.0.1", server.port());
  ASSERT_EQ(headline(c), "needs_no_objection");
  const std::string hash = status(c)["rules"]["hash"];

  std::string changed = original_;
  changed.replace(changed.find("rule: no_objection"), 18, "rule: unanimous");
  write_protocol(changed);
  const double took = wait_for([&] { return headline(c) == "needs_consent"; }, 5);
  EXPECT_EQ(headline(c), "needs_consent");
  EXPECT_LT(took, 2.0);
  const json s = status(c);
  EXPECT_NE(s["rules"]["hash"], hash);
  EXPECT_EQ(s["reloads"], 1);
  EXPECT_TRUE(s["last_reload_error"].is_null());
}

// A breakage: the file changed, the text replaced, and the error the reload must report.
struct Breakage {
  const char* name;
  const char* file;  // under the rules directory
  const char* from;
  const char* to;
  int line, column;
  const char* message;
};

void PrintTo(const Breakage& b, std::ostream* os) { *os << b.name; }

class BrokenReload : public Reload, public ::testing::WithParamInterface<Breakage> {};

TEST_P(BrokenReload, KeepsTheOldRulesAndSaysWhere) {
  const Breakage& b = GetParam();
  cmd::ServerProcess server({"--rules", dir_.string()});
  ASSERT_TRUE(server.ok()) << server.problem();
  httplib::Client c("127.0.0.1", server.port());
  const std::string hash = status(c)["rules"]["hash"];

  const fs::path file = dir_ / b.file;
  const std::string good = cmd::slurp(file);
  std::string broken = good;
  const auto at = broken.find(b.from);
  ASSERT_NE(at, std::string::npos) << b.from;
  broken.replace(at, std::string(b.from).size(), b.to);
  rewrite(file, broken);
  wait_for([&] { return !status(c)["last_reload_error"].is_null(); }, 5);
  const json s = status(c);
  ASSERT_FALSE(s["last_reload_error"].is_null()) << s.dump();
  const json& e = s["last_reload_error"];
  EXPECT_EQ(e["file"], file.string());
  EXPECT_EQ(e["line"], b.line);
  EXPECT_EQ(e["column"], b.column);
  EXPECT_EQ(e["message"], b.message);
  EXPECT_EQ(e["text"].get<std::string>().rfind(file.string() + ":" + std::to_string(b.line) + ":" +
                                                   std::to_string(b.column) + ": error: " + b.message + "\n", 0), 0u)
      << e["text"];
  EXPECT_EQ(s["rules"]["hash"], hash);  // still the old rules
  EXPECT_EQ(s["reload_failures"], 1);
  // Decisions keep flowing, on the old rules.
  EXPECT_EQ(headline(c), "needs_no_objection");
  EXPECT_NE(server.stderr_text().find("rules reload failed; still serving the rules loaded at"), std::string::npos);
  const auto metrics = c.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("accord_rules_reload_failures_total 1\n"), std::string::npos);
  EXPECT_NE(metrics->body.find("accord_rules_last_reload_failed 1\n"), std::string::npos);

  // Fixed: reloaded within 2 s and the error is gone.
  rewrite(file, good);
  const double took = wait_for([&] { return status(c)["last_reload_error"].is_null(); }, 5);
  EXPECT_LT(took, 2.0);
  EXPECT_TRUE(status(c)["last_reload_error"].is_null());
  EXPECT_EQ(status(c)["reloads"], 2);
  EXPECT_EQ(status(c)["rules"]["hash"], hash);  // the same files as at the start
}

INSTANTIATE_TEST_SUITE_P(
    Reload, BrokenReload,
    ::testing::Values(
        Breakage{"bad_yaml", "csto/csto-infrastructure-protocol-2011.yaml", "    effect: consent", "    effect: [consent", 32, 12,
                 "YAML syntax error: expected ',' or ']' to continue or close the '[' at 31:13"},
        Breakage{"type_error", "csto/csto-infrastructure-protocol-2011.yaml", "member(\"CSTO\", host) and party_to",
                 "member(\"CSTO\", date) and party_to", 29, 26, "argument 2 of member() must be party, found date"},
        Breakage{"unknown_word", "csto/csto-infrastructure-protocol-2011.yaml", "rule: no_objection",
                 "rule: no_objections", 34, 13, "unknown consent rule 'no_objections'; did you mean 'no_objection'?"},
        Breakage{"override_cycle", "csto/csto-charter-2002.yaml", "  - id: csto-charter-2002/art_7__para_4\n",
                 "  - id: csto-charter-2002/art_7__para_4\n    overrides: [csto-infrastructure-protocol-2011/art_1]\n", 74, 5,
                 "override cycle: csto-charter-2002/art_7__para_4 -> csto-infrastructure-protocol-2011/art_1 -> "
                 "csto-charter-2002/art_7__para_4"}),
    [](const ::testing::TestParamInfo<Breakage>& i) { return std::string(i.param.name); });

TEST_F(Reload, FilesThatAreNotYamlDoNotReload) {
  cmd::ServerProcess server({"--rules", dir_.string()});
  ASSERT_TRUE(server.ok()) << server.problem();
  httplib::Client c("127.0.0.1", server.port());
  // What editors leave beside a file they edit: the loader never reads these.
  std::ofstream(dir_ / "csto" / ".csto-charter-2002.yaml.swp") << "swap";
  std::ofstream(dir_ / "csto" / "csto-charter-2002.yaml~") << "backup";
  std::this_thread::sleep_for(std::chrono::milliseconds(800));  // three polls: nothing happens
  EXPECT_EQ(status(c)["reloads"], 0);
}

TEST_F(Reload, SighupReloadsWhenNotWatching) {
  cmd::ServerProcess server({"--rules", dir_.string(), "--no-watch"});
  ASSERT_TRUE(server.ok()) << server.problem();
  httplib::Client c("127.0.0.1", server.port());
  std::string changed = original_;
  changed.replace(changed.find("rule: no_objection"), 18, "rule: unanimous");
  write_protocol(changed);
  std::this_thread::sleep_for(std::chrono::milliseconds(600));  // two polls' worth: nothing happens
  EXPECT_EQ(headline(c), "needs_no_objection");
  server.signal(SIGHUP);
  wait_for([&] { return headline(c) == "needs_consent"; }, 5);
  EXPECT_EQ(headline(c), "needs_consent");
  EXPECT_EQ(server.stop(), 0);
}

TEST_F(Reload, RequestsRacingReloadsAreAnsweredOnOneSetOfRules) {
  cmd::ServerProcess server({"--rules", dir_.string(), "--threads", "4"});
  ASSERT_TRUE(server.ok()) << server.problem();
  std::string changed = original_;
  changed.replace(changed.find("rule: no_objection"), 18, "rule: unanimous");
  // Clients decide while the rules flip back and forth; bounded in count and time.
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, wrong{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 3; ++t)
    clients.emplace_back([&] {
      httplib::Client c("127.0.0.1", server.port());
      for (int i = 0; i < 2000 && !stop; ++i) {
        const std::string h = headline(c);
        if (h != "needs_no_objection" && h != "needs_consent") ++wrong;
        ++answered;
      }
    });
  const auto start = Clock::now();
  for (int flip = 0; flip < 6 && Clock::now() - start < std::chrono::seconds(6); ++flip) {
    write_protocol(flip % 2 == 0 ? changed : original_);
    std::this_thread::sleep_for(std::chrono::milliseconds(600));
  }
  stop = true;
  for (auto& t : clients) t.join();
  EXPECT_GT(answered.load(), 0);
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(server.stop(), 0);
}

}  // namespace
}  // namespace accord::internal
