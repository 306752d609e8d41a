// Test support, header-only (only *_test.cpp files are globbed into the test binary):
//
//  * TempDir      — a private temporary directory, removed afterwards (ctest runs tests in
//                   parallel processes, so every test gets its own).
//  * RulesFixture — a rules directory written from inline YAML: a small schema and facts
//                   (kSchema, kFacts) plus whatever packs a test adds; loads it, builds an Engine.
//  * propose()    — a Proposal from field/value pairs through ProposalBuilder (reports errors).
//  * ExprHarness  — checks and compiles single expressions against the fixture's tables, so
//                   checker/compiler/evaluator tests can work one expression at a time.
//
// The inline facts are independent of the shipped rules:
//   states KAZ, KGZ, RUS, USA; organizations CSTO and NATO;
//   CSTO: RUS from 2000-01-01; KAZ [2000-01-01, 2010-01-01) and from 2015-01-01;
//         KGZ from 2000-01-01, status frozen since 2020-06-01;
//   NATO: USA from 1949-08-24;
//   sites manas (KGZ, airbase), depot (KAZ, depot).
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "check/checker.h"
#include "compile/compiler.h"
#include "compile/engine.h"
#include "env/tables.h"
#include "core/date.h"
#include "core/diagnostics.h"
#include "core/source.h"
#include "decide/decide.h"
#include "eval/evaluator.h"
#include "load/proposal_builder.h"
#include "load/rules_loader.h"
#include "load/yaml_doc.h"

namespace accord::internal {
// Readable gtest output for the engine's enums.
inline void PrintTo(Verdict v, std::ostream* os) { *os << verdict_name(v); }
inline void PrintTo(ClauseStatus s, std::ostream* os) { *os << clause_status_name(s); }
}  // namespace accord::internal

namespace accord::internal::fx {

namespace fs = std::filesystem;

inline constexpr const char* kSchema = R"(fields:
  actor: { type: party, doc: "who acts" }
  host: { type: party }
  site: { type: site }
  org: { type: party }
  partners: { type: parties }
  request: { type: bool }
  troops: { type: int }
  start: { type: date }
  purpose: { type: string, values: [logistics, training] }
actions:
  basing:
    required: [actor, host]
    optional: [site, org, partners, request, troops, start, purpose]
  troop_deployment:
    required: [actor, host]
    optional: [site, org, partners, request, troops, start, purpose]
  alliance_accession:
    required: [actor, org]
  armed_attack:
    required: [actor, host]
)";

inline constexpr const char* kFacts = R"(states:
  KAZ: { name: Kazakhstan }
  KGZ: { name: Kyrgyzstan }
  RUS: { name: Russia }
  USA: { name: United States }
organizations:
  CSTO:
    name: Collective Security Treaty Organization
    members:
      RUS: [{ from: 2000-01-01 }]
      KAZ: [{ from: 2000-01-01, to: 2010-01-01 }, { from: 2015-01-01 }]
      KGZ: [{ from: 2000-01-01, status: frozen, since: 2020-06-01 }]
  NATO:
    name: North Atlantic Treaty Organization
    members:
      USA: [{ from: 1949-08-24 }]
sites:
  manas: { name: Manas air base, state: KGZ, kind: airbase }
  depot: { name: Depot 7, state: KAZ, kind: depot }
)";

// "2020-01-01" -> Date; fails the test on a bad literal.
inline Date D(std::string_view s) {
  auto d = parse_date(s);
  if (!d) {
    ADD_FAILURE() << "bad date literal in test: " << s;
    return 0;
  }
  return *d;
}

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "accord-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) ADD_FAILURE() << "mkdtemp failed";
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const fs::path& path() const { return path_; }
  std::string str() const { return path_.string(); }
  // Writes `text` to `rel` (parent directories created); returns the full path.
  std::string write(const std::string& rel, const std::string& text) const {
    const fs::path p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    return p.string();
  }

 private:
  fs::path path_;
};

// An instrument file: header plus `clauses` (YAML list items, indented by two spaces).
inline std::string pack_file(const std::string& instrument_id, const std::string& clauses,
                             const std::string& in_force = "1990-01-01") {
  return "instrument:\n  id: " + instrument_id + "\n  title: Test instrument " + instrument_id +
         "\n  signed: 1989-01-01\n  in_force: " + in_force + "\n  source: https://example.org/" +
         instrument_id + "\nclauses:\n" + clauses;
}

class RulesFixture {
 public:
  // With the default schema and facts; pass empty strings to leave either file out.
  explicit RulesFixture(const std::string& schema = kSchema, const std::string& facts = kFacts) {
    if (!schema.empty()) dir_.write("schema.yaml", schema);
    if (!facts.empty()) dir_.write("facts/facts.yaml", facts);
  }
  // Adds rules/<pack>/<file> with the given text; returns the file's path.
  std::string add(const std::string& pack, const std::string& file, const std::string& text) {
    return dir_.write(pack + "/" + file, text);
  }
  // Adds rules/<pack>/<instrument>.yaml from clause items.
  std::string add_instrument(const std::string& pack, const std::string& instrument_id,
                             const std::string& clauses, const std::string& in_force = "1990-01-01") {
    return add(pack, instrument_id + ".yaml", pack_file(instrument_id, clauses, in_force));
  }
  std::string write(const std::string& rel, const std::string& text) { return dir_.write(rel, text); }
  std::string dir() const { return dir_.str(); }

  std::optional<RuleSet> load(Diagnostics& d) const { return load_rules({dir()}, d); }
  std::unique_ptr<Engine> build(Diagnostics& d) const {
    auto rules = load(d);
    if (!rules) return nullptr;
    return Engine::build(std::move(*rules), d);
  }
  // Builds and expects no diagnostics at all. Throws (gtest reports it as a failure of the
  // test, and the temporary directory is still removed) when the rules do not build.
  std::unique_ptr<Engine> engine() const {
    Diagnostics d;
    auto e = build(d);
    EXPECT_TRUE(d.empty()) << d.str();
    if (!e) throw std::runtime_error("the test rules do not build:\n" + d.str());
    return e;
  }

 private:
  TempDir dir_;
};

using Pairs = std::vector<std::pair<std::string, std::string>>;

// A finished proposal. Fields: NAME=VALUE pairs ("partners" takes "A,B"); positions:
// PARTY=consent|object|abstain. Without a "date" field the proposal is dated `default_date`.
inline Proposal propose(const Tables& t, const Pairs& fields, const Pairs& positions = {},
                        Date default_date = 0) {
  ProposalBuilder b(t);
  Proposal p;
  b.reset(p);
  for (const auto& [name, value] : fields) {
    EXPECT_EQ(b.set_text(p, name, value).message, "") << "field " << name << "=" << value;
  }
  for (const auto& [party, pos] : positions)
    EXPECT_EQ(b.set_position(p, party, pos).message, "") << "position " << party << "=" << pos;
  EXPECT_EQ(b.finish(p, default_date).message, "");
  return p;
}
inline Proposal propose(const Engine& e, const Pairs& fields, const Pairs& positions = {}) {
  return propose(e.tables(), fields, positions);
}

inline Decision decide_on(const Engine& e, const Proposal& p, const DecideOptions& o = {}) {
  Decision d;
  decide(e, p, o, d);
  return d;
}

// Party codes of a set, in set (= code) order.
inline std::vector<std::string> names(const Tables& t, const Bits& s) {
  std::vector<std::string> out;
  s.for_each([&](unsigned id) { out.push_back(t.parties.name(static_cast<SymId>(id))); });
  return out;
}
using Names = std::vector<std::string>;

// The result of the applying clause `id`, or null when it did not apply.
inline const ClauseResult* result_of(const Engine& e, const Decision& d, std::string_view id) {
  for (const auto& r : d.clauses)
    if (e.rules().clauses[r.clause].id == id) return &r;
  return nullptr;
}
// Applying clause ids with their status, "id=status", in rule order.
inline std::vector<std::string> statuses(const Engine& e, const Decision& d) {
  std::vector<std::string> out;
  for (const auto& r : d.clauses)
    out.push_back(e.rules().clauses[r.clause].id + "=" + clause_status_name(r.status));
  return out;
}

// Checks and compiles single expressions against tables built from a rules directory.
class ExprHarness {
 public:
  explicit ExprHarness(const RulesFixture& fx) {
    Diagnostics d;
    auto rules = fx.load(d);
    EXPECT_TRUE(rules.has_value()) << d.str();
    if (rules) rules_ = std::move(*rules);
    EXPECT_TRUE(build_tables(rules_, tables_, d)) << d.str();
  }

  // Parses and checks `text`; the Typed tree stays valid as long as the harness.
  std::optional<Typed> check(std::string_view text, Want want, Diagnostics& d) {
    auto file = std::make_shared<const SourceFile>("<expr>", std::string(text));
    std::vector<std::uint32_t> offs(text.size() + 1);
    for (std::size_t i = 0; i < offs.size(); ++i) offs[i] = static_cast<std::uint32_t>(i);
    auto src = make_source_expr(file, std::string(text), std::move(offs), d);
    if (!src) return std::nullopt;
    exprs_.push_back(std::move(*src));
    intern_literals(exprs_.back(), tables_);
    Checker checker(tables_, d);
    return checker.check(exprs_.back(), want);
  }
  // The error message for `text` (empty when it checks).
  std::string error(std::string_view text, Want want = Want::Bool) {
    Diagnostics d;
    auto t = check(text, want, d);
    if (t) return "";
    return d.items().empty() ? "(no diagnostic)" : d.items().front().message;
  }
  // Checks and compiles; returns the root node, or kNoNode (with a test failure).
  std::uint32_t compile(std::string_view text, Want want = Want::Bool) {
    Diagnostics d;
    auto t = check(text, want, d);
    EXPECT_TRUE(t.has_value()) << text << ": " << d.str();
    if (!t) return kNoNode;
    Compiler c(program_, tables_);
    return c.emit(*t);
  }
  bool eval(std::uint32_t node, const Proposal& p) const {
    if (!valid(node)) return false;
    Evaluator ev(program_, tables_, p);
    return ev.boolean(node);
  }
  std::int64_t eval_scalar(std::uint32_t node, const Proposal& p) const {
    if (!valid(node)) return 0;
    Evaluator ev(program_, tables_, p);
    return ev.scalar(node);
  }
  std::vector<std::string> eval_set(std::uint32_t node, const Proposal& p) const {
    if (!valid(node)) return {};
    Evaluator ev(program_, tables_, p);
    Bits s;
    ev.set(node, s);
    return names(tables_, s);
  }
  Proposal propose(const Pairs& fields, const Pairs& positions = {}) const {
    return fx::propose(tables_, fields, positions);
  }

  bool valid(std::uint32_t node) const {
    if (node < program_.nodes.size()) return true;
    ADD_FAILURE() << "evaluating an expression that did not compile";
    return false;
  }
  Tables& tables() { return tables_; }
  const RuleSet& rules() const { return rules_; }
  Program& program() { return program_; }
  SymId party(std::string_view code) const { return tables_.parties.find(code).value_or(kNone); }
  SymId str(std::string_view s) const { return tables_.strings.find(s).value_or(kNone); }

 private:
  RuleSet rules_;
  Tables tables_;
  Program program_;
  std::deque<SourceExpr> exprs_;
};

// The shipped rules (rules/ of the repository), loaded and built once per test binary.
inline const Engine& shipped_engine() {
  static const std::unique_ptr<Engine> engine = [] {
    Diagnostics d;
    auto rules = load_rules({std::string(ACCORD_REPO) + "/rules"}, d);
    std::unique_ptr<Engine> e;
    if (rules) e = Engine::build(std::move(*rules), d);
    if (!e) throw std::runtime_error("the shipped rules do not build:\n" + d.str());
    return e;
  }();
  return *engine;
}

// The outcome of loading a fixture's rules: whether they loaded, every diagnostic formatted,
// and the diagnostics one by one (message, position).
struct Loaded {
  bool ok;
  std::string all;
  std::vector<Diagnostic> items;
};

inline Loaded load(const RulesFixture& fx) {
  Diagnostics d;
  auto r = fx.load(d);
  return {r.has_value(), d.str(), d.items()};
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace accord::internal::fx
