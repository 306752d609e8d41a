// `accord rules` end to end on the shipped packs: the listing groups every clause under its
// instrument (ids, cite, effect, window); `accord rules ID` shows one clause in full (text,
// source, condition, readings, overrides, notes); --format json parses with the documented
// keys; an unknown id is exit 1 with a suggestion. The expected clause ids are read from the
// YAML files themselves, so adding a clause does not break these tests.
#include <gtest/gtest.h>
#include "support/yaml_file.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/run_command.h"

namespace {

namespace fs = std::filesystem;
using accord::internal::cmd::Result;
using nlohmann::json;

struct Instrument {
  std::string id;
  std::vector<std::string> clauses;
};

// The shipped instruments and their clause ids, in load order (packs and files sorted).
std::vector<Instrument> shipped() {
  std::vector<Instrument> out;
  const fs::path root = fs::path(ACCORD_REPO) / "rules";
  std::vector<fs::path> packs;
  for (const auto& e : fs::directory_iterator(root))
    if (e.is_directory() && e.path().filename() != "facts") packs.push_back(e.path());
  std::sort(packs.begin(), packs.end());
  for (const auto& pack : packs) {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(pack))
      if (e.path().extension() == ".yaml") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      const accord::internal::yaml::Node doc = accord::test::load_yaml_file(f.string());
      Instrument inst{doc["instrument"]["id"].Scalar(), {}};
      for (const auto& c : doc["clauses"]) inst.clauses.push_back(c["id"].Scalar());
      out.push_back(std::move(inst));
    }
  }
  return out;
}

std::size_t clause_count(const std::vector<Instrument>& v) {
  std::size_t n = 0;
  for (const auto& i : v) n += i.clauses.size();
  return n;
}

Result rules(std::vector<std::string> args) {
  args.insert(args.begin(), {"rules", "--rules", "rules"});
  return accord::internal::cmd::accord(args);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(RulesCommand, ListsEveryClauseGroupedByInstrument) {
  const auto want = shipped();
  ASSERT_FALSE(want.empty());
  const Result r = rules({});
  ASSERT_EQ(r.problem, "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto lines = accord::internal::cmd::lines(r.out);
  // Rebuild the grouping from the output: "ID — TITLE (pack P, in force DATE)" headers, then
  // "  CLAUSE_ID" and "      CITE · EFFECT · WINDOW" per clause.
  std::vector<Instrument> got;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (l.empty() || has(l, " clauses in ")) continue;
    if (l[0] != ' ') {
      ASSERT_TRUE(has(l, " — ") && has(l, "(pack ") && has(l, ", in force ")) << l;
      got.push_back({l.substr(0, l.find(" — ")), {}});
      continue;
    }
    ASSERT_FALSE(got.empty()) << "clause before any instrument: " << l;
    ASSERT_EQ(l.rfind("  ", 0), 0u) << l;
    ASSERT_NE(l.substr(2, 1), " ") << "expected a clause id line: " << l;
    got.back().clauses.push_back(l.substr(2));
    // One "cite · effect · window" line, or one per dated version.
    ASSERT_LT(i + 1, lines.size());
    while (i + 1 < lines.size() && lines[i + 1].rfind("      ", 0) == 0) {
      const std::string& detail = lines[++i];
      EXPECT_EQ(std::count(detail.begin(), detail.end(), '\xb7'), 2) << detail;  // two U+00B7 (C2 B7)
      EXPECT_TRUE(has(detail, " · from ") || has(detail, " · always")) << detail;
    }
  }
  ASSERT_EQ(got.size(), want.size()) << r.out;
  for (std::size_t k = 0; k < want.size(); ++k) {
    EXPECT_EQ(got[k].id, want[k].id);
    EXPECT_EQ(got[k].clauses, want[k].clauses) << "instrument " << want[k].id;
  }
  EXPECT_TRUE(has(r.out, "\n" + std::to_string(clause_count(want)) + " clauses in " + std::to_string(want.size()) +
                             " instruments\n"))
      << r.out;
  // A known line, verbatim.
  EXPECT_TRUE(has(r.out, "  csto-infrastructure-protocol-2011/art_1\n"
                         "      Protocol (2011), Art. 1 · consent (no_objection) · from 2012-12-19\n"))
      << r.out;
  EXPECT_TRUE(has(r.out, "  csto-charter-2002/art_7__para_4\n"
                         "      CSTO Charter, Art. 7 (paragraph on forces of non-member states) · readings: 2 · from 2003-09-18\n"))
      << r.out;
  // A clause with dated versions: one line per version, each with its own cite and window.
  EXPECT_TRUE(has(r.out, "  cst-1992/art_4\n"
                         "      Collective Security Treaty (1992), Art. 4 (1992 text) · obligation · from 1994-04-20 until 2012-12-19\n"
                         "      Collective Security Treaty (1992), Art. 4 (as amended 2010) · obligation · from 2012-12-19\n"))
      << r.out;
}

TEST(RulesCommand, ShowsEveryVersionOfAClause) {
  const Result r = rules({"cst-1992/art_4"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "cst-1992/art_4\n  Collective Security Treaty (1992), Art. 4 (1992 text) — ")) << r.out;
  EXPECT_TRUE(has(r.out, "\n  version:    1992 text\n  in force:   from 1994-04-20 until 2012-12-19\n")) << r.out;
  EXPECT_TRUE(has(r.out, "\n  version:    as amended by the 2010 protocol\n  in force:   from 2012-12-19\n")) << r.out;
  EXPECT_TRUE(has(r.out, "and request == true\n")) << "the amended version's own condition: " << r.out;
  const Result j = rules({"cst-1992/art_4", "--format", "json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  const json c = json::parse(j.out);
  EXPECT_EQ(c["id"], "cst-1992/art_4");
  ASSERT_EQ(c["versions"].size(), 2u);
  EXPECT_EQ(c["versions"][0]["version"], "1992 text");
  EXPECT_EQ(c["versions"][0]["effective"]["to"], "2012-12-19");
  EXPECT_EQ(c["versions"][1]["effective"]["from"], "2012-12-19");
}

TEST(RulesCommand, ShowsOneClauseInFull) {
  const Result r = rules({"csto-charter-2002/art_7__para_4"});
  ASSERT_EQ(r.problem, "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string& o = r.out;
  EXPECT_EQ(o.rfind("csto-charter-2002/art_7__para_4\n"
                    "  CSTO Charter, Art. 7 (paragraph on forces of non-member states) — Stationing forces or military "
                    "infrastructure of non-member states needs urgent consultations (\"согласование\") with the other members\n"
                    "  instrument: Charter of the Collective Security Treaty Organization (csto-charter-2002)\n"
                    "  in force:   from 2003-09-18\n"
                    "  defined at: rules/csto/csto-charter-2002.yaml:",
                    0),
            0u)
      << o;
  EXPECT_TRUE(has(o, "\n  text:\n    [translation] \"The decision on stationing groupings of troops")) << o;
  EXPECT_TRUE(has(o, "\n  source: https://en.odkb-csto.org/documents/documents/ustav_organizatsii")) << o;
  EXPECT_TRUE(has(o, "\n  when:\n    action in {\"basing\", \"troop_deployment\", \"military_infrastructure\"} and "
                     "member(\"CSTO\", host) and not member(\"CSTO\", actor)\n"))
      << o;
  EXPECT_TRUE(has(o, "\n  reading consultation (default): consent (consult) from members(\"CSTO\") - {host}\n"
                     "  reading agreement: consent (unanimous) from members(\"CSTO\") - {host}\n"))
      << o;
  EXPECT_TRUE(has(o, "\n  because: {actor} is not a CSTO member;")) << o;
  EXPECT_TRUE(has(o, "\n  notes:\n    CONTESTED READING: \"согласование\" reads either as coordination")) << o;
}

TEST(RulesCommand, ShowsEffectAndOverrides) {
  const Result r = rules({"csto-infrastructure-protocol-2011/art_1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(has(r.out, "\n  effect: consent (no_objection) from parties_to(\"csto-infrastructure-protocol-2011\") & "
                         "members(\"CSTO\") - {host}\n"
                         "  overrides: csto-charter-2002/art_7__para_4\n"))
      << r.out;
  const Result p = rules({"cst-1992/art_1__para_2"});
  ASSERT_EQ(p.exit_code, 0) << p.err;
  EXPECT_TRUE(has(p.out, "\n  reading directed_against (default): prohibit\n  reading not_directed_against: note\n")) << p.out;
}

TEST(RulesCommand, InstrumentIdShowsAllItsClauses) {
  const auto want = shipped();
  const Result r = rules({"cst-1992"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  for (const auto& inst : want) {
    if (inst.id != "cst-1992") continue;
    for (const auto& id : inst.clauses) EXPECT_TRUE(has(r.out, id + "\n  ")) << id;
  }
}

TEST(RulesCommand, JsonListHasTheDocumentedKeys) {
  const auto want = shipped();
  const Result r = rules({"--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json list;
  ASSERT_NO_THROW(list = json::parse(r.out)) << r.out;
  ASSERT_TRUE(list.is_array());
  ASSERT_EQ(list.size(), clause_count(want));
  std::size_t k = 0;
  for (const auto& inst : want)
    for (const auto& id : inst.clauses) {
      const json& entry = list[k++];
      EXPECT_EQ(entry.value("id", ""), id);
      EXPECT_EQ(entry.value("instrument", ""), inst.id);
      // A clause with dated versions lists them, each with the same keys as a plain clause.
      const json& c = entry.contains("versions") ? entry["versions"][0] : entry;
      if (entry.contains("versions")) {
        EXPECT_GE(entry["versions"].size(), 2u) << id;
        for (const auto& v : entry["versions"]) EXPECT_TRUE(v.contains("version") && v.contains("cite")) << id;
      }
      for (const char* key : {"cite", "title"}) EXPECT_TRUE(c.contains(key) && c[key].is_string()) << id << " " << key;
      ASSERT_TRUE(c.contains("effective") && c["effective"].is_object()) << id;
      EXPECT_TRUE(c["effective"].contains("from")) << id;
      ASSERT_TRUE(c.contains("readings") && c["readings"].is_array() && !c["readings"].empty()) << id;
      int defaults = 0;
      for (const auto& rd : c["readings"]) {
        EXPECT_TRUE(rd.contains("name") && rd.contains("default") && rd.contains("effect")) << rd.dump();
        defaults += rd.value("default", false) ? 1 : 0;
        if (rd.value("effect", "") == "consent") { EXPECT_TRUE(rd.contains("rule") && rd.contains("from")) << rd.dump(); }
      }
      EXPECT_EQ(defaults, 1) << id;
      EXPECT_FALSE(c.contains("text")) << "the list is a summary: " << id;
    }
}

TEST(RulesCommand, JsonShowHasTheFullClause) {
  const Result r = rules({"csto-charter-2002/art_7__para_4", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  json c;
  ASSERT_NO_THROW(c = json::parse(r.out)) << r.out;
  ASSERT_TRUE(c.is_object());
  for (const char* key : {"id", "instrument", "cite", "title", "effective", "readings", "text", "source", "when",
                          "notes", "overrides", "because", "tags", "file", "line"})
    EXPECT_TRUE(c.contains(key)) << key;
  EXPECT_EQ(c.value("id", ""), "csto-charter-2002/art_7__para_4");
  EXPECT_EQ(c["effective"].value("from", ""), "2003-09-18");
  ASSERT_EQ(c["readings"].size(), 2u);
  EXPECT_EQ(c["readings"][0].value("name", ""), "consultation");
  EXPECT_EQ(c["readings"][0].value("default", false), true);
  EXPECT_EQ(c["readings"][0].value("rule", ""), "consult");
  EXPECT_EQ(c["readings"][1].value("name", ""), "agreement");
  EXPECT_EQ(c["readings"][1].value("rule", ""), "unanimous");
  EXPECT_EQ(c.value("file", ""), "rules/csto/csto-charter-2002.yaml");
  EXPECT_GT(c.value("line", 0), 0);
  EXPECT_TRUE(has(c.value("when", ""), "member(\"CSTO\", host)"));
  EXPECT_TRUE(has(c.value("notes", ""), "CONTESTED READING"));
}

TEST(RulesCommand, JsonShowOfAnInstrumentIsOneObjectPerLine) {
  const auto want = shipped();
  const Result r = rules({"cst-1992", "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::vector<std::string> ids;
  for (const auto& line : accord::internal::cmd::lines(r.out)) {
    json c;
    ASSERT_NO_THROW(c = json::parse(line)) << line;
    ids.push_back(c.value("id", ""));
  }
  for (const auto& inst : want)
    if (inst.id == "cst-1992") { EXPECT_EQ(ids, inst.clauses); }
}

TEST(RulesCommand, UnknownIdSuggestsTheNearest) {
  const Result r = rules({"csto-charter-2002/art_7__para4"});
  ASSERT_EQ(r.problem, "");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "accord: error: no clause or instrument 'csto-charter-2002/art_7__para4'; "
            "did you mean 'csto-charter-2002/art_7__para_4'?\n");
  const Result far = rules({"no-such-treaty"});
  EXPECT_EQ(far.exit_code, 1);
  EXPECT_EQ(far.err, "accord: error: no clause or instrument 'no-such-treaty'\n");
}

}  // namespace
