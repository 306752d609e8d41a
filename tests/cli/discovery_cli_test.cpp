// What a newcomer meets first: parties by name everywhere a party is typed, `accord vocab`,
// an unknown action listing the valid ones, --help with examples and exit codes, and the
// rules directory read without --rules (./rules, else the installed rules, else an error;
// never a path of the build machine). Runs the real binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fixture.h"
#include "support/run_command.h"

namespace accord::internal {
namespace {

using cmd::Result;
using fx::contains;
using json = nlohmann::json;

Result accord(std::vector<std::string> args) { return cmd::accord(std::move(args)); }

TEST(PartiesByName, NamesDecideExactlyAsCodes) {
  const Result by_name = accord({"check", "--action", "basing", "--actor", "United States", "--host", "kyrgyzstan",
                                 "--date", "2026-03-01", "--position", "russia=Object", "--format", "json"});
  const Result by_code = accord({"check", "--action", "basing", "--actor", "USA", "--host", "KGZ", "--date",
                                 "2026-03-01", "--position", "RUS=object", "--format", "json"});
  ASSERT_EQ(by_name.exit_code, 0) << by_name.err;
  EXPECT_EQ(by_name.out, by_code.out);
  EXPECT_TRUE(contains(by_name.out, "\"vetoed_by\":[\"RUS\"]")) << "output stays canonical: " << by_name.out;
}

TEST(PartiesByName, InProposalFilesBatchLinesAndScenarios) {
  fx::TempDir dir;
  const std::string file = dir.write("p.yaml", "action: basing\nactor: US\nhost: Kyrgyz Republic\ndate: 2026-03-01\n"
                                               "positions: { Russian Federation: object }\n");
  const Result f = accord({"check", file, "--format", "json"});
  ASSERT_EQ(f.exit_code, 0) << f.err;
  EXPECT_TRUE(contains(f.out, "\"decision\":\"vetoed\",\"headline\":\"vetoed\"")) << f.out;

  const std::string batch = dir.write("b.jsonl", "{\"action\":\"basing\",\"actor\":\"united states\",\"host\":\"KG\","
                                                 "\"date\":\"2026-03-01\",\"positions\":{\"Russia\":\"object\"}}\n");
  const Result b = accord({"check", "--batch", batch});
  ASSERT_EQ(b.exit_code, 0) << b.err;
  EXPECT_TRUE(contains(b.out, "\"vetoed_by\":[\"RUS\"]")) << b.out;

  const std::string scenario = dir.write("s.yaml", R"(scenario: names
title: Parties by name
base: { action: basing, actor: United States, host: Kyrgyzstan }
steps:
  - title: Russia objects
    date: 2026-03-01
    positions: { Russia: object }
    expect: { decision: vetoed, vetoed_by: [Russia], pending: [Armenia, BLR, kaz, Tajikistan] }
  - title: Uzbekistan rejoins
    facts: [{ org: csto, party: Uzbekistan, joins: 2026-01-01 },
            { org: csto-infrastructure-protocol-2011, party: Uzbekistan, joins: 2026-01-01 }]
    expect: { vetoed_by: [RUS], pending: [ARM, BLR, KAZ, TJK, UZB] }
)");
  const Result s = accord({"test", scenario});
  EXPECT_EQ(s.exit_code, 0) << s.out << s.err;
  EXPECT_EQ(s.out, "2 passed, 0 failed\n");
}

TEST(PartiesByName, UnknownPartiesAndActionsSayWhatIsValid) {
  const Result kyr = accord({"check", "--action", "basing", "--actor", "KYR", "--host", "KGZ"});
  EXPECT_EQ(kyr.exit_code, 1);
  EXPECT_EQ(kyr.err, "accord: error: --actor KYR: unknown party 'KYR'; did you mean 'KGZ' (Kyrgyzstan) or 'KIR' (Kiribati)?\n");
  const Result attack = accord({"check", "--action", "attack", "--actor", "USA", "--host", "KGZ"});
  EXPECT_EQ(attack.exit_code, 1);
  EXPECT_EQ(attack.err,
            "accord: error: --action attack: unknown action 'attack'; did you mean 'armed_attack'? (actions: basing, "
            "troop_deployment, military_infrastructure, troop_transit, joint_exercise, collective_deployment, "
            "alliance_accession, arms_purchase, arms_retransfer, armed_attack, treaty_withdrawal, civilian_mission)\n");
  // Actions as people type them.
  const Result spaced = accord({"check", "--action", "Armed attack", "--actor", "Afghanistan", "--host", "Tajikistan",
                                "--date", "2026-03-01", "--request", "true"});
  EXPECT_EQ(spaced.exit_code, 0) << spaced.err;
  EXPECT_EQ(spaced.out.rfind("PROHIBITED  what-if, as of 2026-03-01\n", 0), 0u) << spaced.out;
}

TEST(FieldFlags, EveryFieldOfTheSchemaIsAnOption) {
  const Result org = accord({"check", "--action", "alliance_accession", "--actor", "Armenia", "--org", "NATO", "--date",
                             "2025-06-01", "--format", "json"});
  ASSERT_EQ(org.exit_code, 0) << org.err;
  EXPECT_TRUE(contains(org.out, "\"prohibited_by\":[\"cst-1992/art_1__para_2\",\"cst-1992/art_8__para_3\"]")) << org.out;
  const Result eq = accord({"check", "--action", "arms_retransfer", "--actor=KAZ", "--supplier=Russia", "--recipient",
                            "China", "--domestic_price=true", "--date", "2025-06-01", "--format", "json"});
  ASSERT_EQ(eq.exit_code, 0) << eq.err;
  EXPECT_TRUE(contains(eq.out, "\"decision\":\"prohibited\"")) << eq.out;
  const Result typo = accord({"check", "--action", "basing", "--actor", "USA", "--host", "KGZ", "--forma", "json"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_EQ(typo.err, "accord: error: unknown option '--forma'; did you mean '--format'? (the proposal fields are listed "
                      "by accord vocab fields)\n");
  // A site must be in the host state (schema: site is `within: host`).
  const Result elsewhere = accord({"check", "--action", "basing", "--actor", "USA", "--host", "Tajikistan", "--site", "manas",
                                   "--date", "2013-06-01"});
  EXPECT_EQ(elsewhere.exit_code, 1);
  EXPECT_EQ(elsewhere.err, "accord: error: the site 'manas' (Manas air base) is in Kyrgyzstan, not in Tajikistan (the host)\n");
  const Result bad_value = accord({"check", "--action", "basing", "--actor", "USA", "--host", "KGZ", "--site", "mnas"});
  EXPECT_EQ(bad_value.exit_code, 1);
  EXPECT_EQ(bad_value.err, "accord: error: --site mnas: unknown site 'mnas'; did you mean 'manas' (Manas air base)?\n");
}

TEST(Headlines, PositionsNobodyAsksForAreSaidNotToCount) {
  const Result r = accord({"check", "--action", "basing", "--actor", "USA", "--host", "KGZ", "--date", "2026-03-01",
                           "--position", "Kyrgyzstan=object", "--position", "China=object"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "\n  Not counted: the positions of China and Kyrgyzstan, whom no applying clause asks.\n")) << r.out;
}

TEST(Headlines, TheIssuesThreeExamples) {
  const Result attack = accord({"check", "--action", "armed_attack", "--actor", "AFG", "--host", "TJK", "--date", "2026-03-01",
                                 "--request", "true"});
  ASSERT_EQ(attack.exit_code, 0) << attack.err;
  EXPECT_EQ(attack.out.substr(0, attack.out.find("\n\n")),
            "PROHIBITED  what-if, as of 2026-03-01\n"
            "  Under UN Charter, Art. 2(4): prohibited — Members refrain from the threat or use of force against any state.\n"
            "  Collective Security Treaty (1992), Art. 2, para. 2 (as amended 2010) binds Armenia, Belarus, Kazakhstan, "
            "Kyrgyzstan, Russia and Tajikistan to start joint consultations at once to coordinate their positions, and "
            "develop and take measures to assist Tajikistan.\n"
            "  Collective Security Treaty (1992), Art. 4 (as amended 2010) binds Armenia, Belarus, Kazakhstan, Kyrgyzstan "
            "and Russia to give Tajikistan the necessary assistance, including military assistance.\n"
            "  Note — UN Charter, Art. 51: Tajikistan, attacked, has the inherent right of individual or collective "
            "self-defence, and other states may help it defend itself, until the Security Council has taken the measures "
            "necessary; measures taken must be reported to the Security Council at once.\n"
            "  Standing: Armenia's membership of CSTO is frozen (since 2024-02-22). A status does not end a membership: "
            "the party is still a member in law.\n"
            "  prohibited by: UN Charter, Art. 2(4)");
  // Without the request, the amended Art. 4 is not engaged, and the report says so.
  const Result no_request = accord({"check", "--action", "armed_attack", "--actor", "AFG", "--host", "TJK", "--date",
                                    "2026-03-01", "--request", "false"});
  EXPECT_TRUE(contains(no_request.out, "\n  Note — Collective Security Treaty (1992), Art. 4 (as amended 2010), without a request "
                                       "for assistance: Tajikistan has not asked the other parties for assistance"))
      << no_request.out;
  const Result manas = accord({"check", "scenarios/proposals/us-airbase-manas-2026.yaml"});
  EXPECT_EQ(manas.out.substr(0, manas.out.find("\n  waiting for")),
            "NEEDS NO OBJECTION  us-airbase-manas-2026, as of 2026-03-01\n"
            "  US air base at Manas, Kyrgyzstan, 2026\n"
            "  Under Protocol (2011), Art. 1: needs no objection from Armenia, Belarus, Kazakhstan, Russia and Tajikistan "
            "— each must be consulted and any one of them can block it by objecting; no one's consent is required.\n"
            "  Standing: Armenia's membership of CSTO is frozen (since 2024-02-22). A status does not end a membership: "
            "the party is still a member in law.");
  const Result y2005 = accord({"check", "scenarios/proposals/us-airbase-manas-2026.yaml", "--as-of", "2005-01-01"});
  EXPECT_EQ(y2005.out.substr(0, y2005.out.find("\n  waiting for")),
            "NEEDS CONSULTATION  us-airbase-manas-2026, as of 2005-01-01\n"
            "  US air base at Manas, Kyrgyzstan, 2026\n"
            "  Under CSTO Charter, Art. 7 (paragraph on forces of non-member states): needs consultation with Armenia, "
            "Belarus, Kazakhstan, Russia and Tajikistan — each must be consulted, but none of them can block it.\n"
            "  Read as 'agreement' (a contested reading), CSTO Charter, Art. 7 (paragraph on forces of non-member states) "
            "would need the consent of every one of Armenia, Belarus, Kazakhstan, Russia and Tajikistan — any one of "
            "them can block it by objecting. Under that reading a single objection would veto it, while read as "
            "'consultation' it would be permitted even if every one of them objected.");
}

TEST(Vocab, ListsActionsWithTheirFields) {
  const Result r = accord({"vocab", "actions"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "  armed_attack\n      an armed attack by the actor on the host (triggers collective-defence "
                              "obligations)\n      needs: actor, host; may give: site, request; the clauses look at: actor, host, request\n")) << r.out;
  // A field named only in present_since() is still one the clauses look at.
  EXPECT_TRUE(contains(r.out, "      needs: actor, host; may give: site, purpose; the clauses look at: actor, host, site\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "  arms_retransfer\n")) << r.out;
}

TEST(Vocab, PartiesOnADateWithTheirMemberships) {
  const Result r = accord({"vocab", "parties", "--as-of", "2010-01-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(contains(r.out, "Parties on 2010-01-01 (type a party by its code in any case, its alpha-2 code, name or alias):\n"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "  UZB  UZ  Uzbekistan — CSTO\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "  KGZ  KG  Kyrgyzstan — CSTO\n          also: Kyrgyz Republic; Kirghizia\n")) << r.out;
  const Result later = accord({"vocab", "parties", "--as-of", "2025-01-01"});
  EXPECT_TRUE(contains(later.out, "  UZB  UZ  Uzbekistan\n")) << later.out;
  EXPECT_TRUE(contains(later.out, "  ARM  AM  Armenia — CSTO (frozen), EAEU\n")) << later.out;
}

TEST(Vocab, OneItemByAnyName) {
  const Result r = accord({"vocab", "Kyrgyz Republic", "--as-of", "2026-01-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, r.out.find("\n  CSTO:")),
            "party KGZ — Kyrgyzstan\n  alpha-2: KG\n  also: Kyrgyz Republic; Kirghizia\n"
            "  on 2026-01-01: a member of CSTO and EAEU");
  const Result site = accord({"vocab", "Transit Center at Manas"});
  EXPECT_EQ(site.out.rfind("site manas — Manas air base\n  airbase in Kyrgyzstan (KGZ)\n", 0), 0u) << site.out;
  const Result action = accord({"vocab", "basing"});
  EXPECT_TRUE(contains(action.out, "  clauses that can apply to it:\n    CSTO Charter, Art. 7")) << action.out;
  const Result bad = accord({"vocab", "Kyrgystan"});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(bad.err, "accord: error: 'Kyrgystan' is not a topic (actions, fields, parties, organizations, sites) nor an "
                     "action, party, site or organization; did you mean 'KGZ' (Kyrgyzstan)?\n");
}

TEST(Vocab, JsonForPrograms) {
  const Result r = accord({"vocab", "--format", "json", "--as-of", "2026-01-01"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["as_of"], "2026-01-01");
  EXPECT_EQ(j["actions"].size(), 12u);
  EXPECT_EQ(j["parties"].size(), 193u);
  EXPECT_EQ(j["organizations"].size(), 4u);
  const json* kgz = nullptr;
  for (const auto& p : j["parties"]) if (p["code"] == "KGZ") kgz = &p;
  ASSERT_NE(kgz, nullptr);
  EXPECT_EQ((*kgz)["alpha2"], "KG");
  EXPECT_EQ((*kgz)["memberships"], json::parse(R"(["CSTO","EAEU"])"));
  const json* price = nullptr;
  for (const auto& f : j["fields"]) if (f["name"] == "domestic_price") price = &f;
  ASSERT_NE(price, nullptr) << "no field domestic_price";
  EXPECT_EQ((*price)["labels"]["true"], "the arms were supplied at the supplier's domestic price");
}

TEST(Help, ShowsExamplesAndExitCodes) {
  const Result r = accord({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(contains(r.out, "Examples:\n  accord check scenarios/proposals/us-airbase-manas-2026.yaml\n")) << r.out;
  EXPECT_TRUE(contains(r.out, "Exit codes: 0 the command did its job, whatever the decision; 1 bad input")) << r.out;
  for (const char* sub : {"whatif", "vocab"}) EXPECT_TRUE(contains(r.out, sub)) << sub;
}

// Without --rules: ./rules when it has a schema.yaml, else the installed rules next to the
// binary, else a clear error. A copy of the binary outside the source tree shows it.
TEST(RulesDirectory, DefaultIsTheWorkingDirectorysRulesThenTheInstalledOnesThenAnError) {
  namespace fs = std::filesystem;
  fx::TempDir dir;
  fs::create_directories(dir.path() / "bin");
  fs::copy_file(ACCORD_BIN, dir.path() / "bin" / "accord");
  const std::string bin = (dir.path() / "bin" / "accord").string();
  auto in = [&](const fs::path& cwd, std::vector<std::string> args) {
    std::vector<std::string> argv = {"sh", "-c", "cd '" + cwd.string() + "' && exec '" + bin + "' \"$@\"", "sh"};
    argv.insert(argv.end(), args.begin(), args.end());
    return cmd::run(argv);
  };
  const Result none = in(dir.path(), {"lint"});
  EXPECT_EQ(none.exit_code, 1);
  EXPECT_EQ(none.err, "accord: error: no rules directory: ./rules has no schema.yaml and there are no installed rules at " +
                          (dir.path() / "share" / "accord" / "rules").string() + "; give --rules DIR (or set ACCORD_RULES)\n");

  // ./rules, broken: the break is reported (no false green from some other rules directory).
  fs::create_directories(dir.path() / "work" / "rules");
  fs::copy(std::string(ACCORD_REPO) + "/rules", dir.path() / "work" / "rules", fs::copy_options::recursive);
  std::ofstream(dir.path() / "work" / "rules" / "nato" / "north-atlantic-treaty.yaml", std::ios::app) << "  - id: [\n";
  const Result broken = in(dir.path() / "work", {"lint"});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_TRUE(contains(broken.err, "rules/nato/north-atlantic-treaty.yaml:")) << broken.err;

  // The installed rules, found from the binary, from any directory; -v says which were read.
  fs::create_directories(dir.path() / "share" / "accord" / "rules");
  fs::copy(std::string(ACCORD_REPO) + "/rules", dir.path() / "share" / "accord" / "rules", fs::copy_options::recursive);
  const Result installed = in(dir.path(), {"-v", "check", "--action", "basing", "--actor", "USA", "--host", "KGZ"});
  EXPECT_EQ(installed.exit_code, 0) << installed.err;
  EXPECT_TRUE(contains(installed.err, "accord: info: rules from " + (dir.path() / "share" / "accord" / "rules").string() + "/\n"))
      << installed.err;
  const Result lint = in(dir.path(), {"lint"});
  EXPECT_TRUE(contains(lint.out, "lint: rules from " + (dir.path() / "share" / "accord" / "rules").string() + "/: 27 clauses"))
      << lint.out;
}

}  // namespace
}  // namespace accord::internal
