// (a) The engine against hand-written C++ for the same rule, over the same 100,000 proposals.
//
// The rule: csto-infrastructure-protocol-2011/art_1 (consent, no_objection, from
// members("CSTO") - {host}, when action in {basing, troop_deployment, military_infrastructure}
// and member("CSTO", host) and not member("CSTO", actor); effective from 2012-12-19). The engine
// loads it alone from build/bench/basing-only (the schema and facts of rules/, copied there by
// bench/CMakeLists.txt, and bench/data/basing-only/csto/: the clause
// copied without its `overrides:` line, whose target is not loaded). The hand-written version
// is a plain function with the CSTO membership intervals of facts/organizations.yaml written
// out as day numbers. Both read the same Proposal objects (party and action ids are the
// engine's interned ids) and produce the decision word, the pending set and the vetoed_by set.
// The setup checks that they agree on every proposal and aborts the run if they do not.
//
// Also here (informational, no baseline): the full shipped rule set's decide() over the same
// proposals, decide() + render_json(), the batch command's per-line parse + build, and the
// batch pipeline itself in-process (run_batch), so that the end-to-end batch time
// (batch_bench.cpp) can be split into its parts.
#include <benchmark/benchmark.h>
#include <simdjson.h>

#include <array>
#include <cstdio>
#include <sstream>
#include <streambuf>

#include "common.h"
#include "batch/batch.h"
#include "core/date.h"
#include "decide/decide.h"
#include "load/json_proposal.h"
#include "report/report.h"

namespace accord::internal::bench {
namespace {

// ---------------------------------------------------------------------------------------------
// The hand-written rule.

struct HandResult {
  bool applies = false;  // the clause applies (for the check against the engine's clause list)
  Verdict verdict = Verdict::Permitted;
  Bits pending, vetoed_by;
};

struct HandRule {
  struct Interval {
    SymId party;
    Date from, to;  // [from, to)
  };
  std::int64_t basing, troop_deployment, military_infrastructure;  // action string ids
  std::uint16_t actor_slot, host_slot;
  Date in_force;
  std::array<Interval, 10> csto;
};

// CSTO membership as in rules/facts/organizations.yaml (and the fixture's copy of it).
struct Membership {
  const char* party;
  int from_y, from_m, from_d, to_y, to_m, to_d;  // to_y == 0: open
};
constexpr Membership kCsto[] = {
    {"ARM", 1994, 4, 20, 0, 0, 0},         {"BLR", 1994, 4, 20, 0, 0, 0},
    {"KAZ", 1994, 4, 20, 0, 0, 0},         {"KGZ", 1994, 4, 20, 0, 0, 0},
    {"RUS", 1994, 4, 20, 0, 0, 0},         {"TJK", 1994, 4, 20, 0, 0, 0},
    {"AZE", 1994, 4, 20, 1999, 4, 20},     {"GEO", 1994, 4, 20, 1999, 4, 20},
    {"UZB", 1994, 4, 20, 1999, 4, 20},     {"UZB", 2006, 8, 16, 2012, 12, 19},
};

// Resolves names to the engine's ids once, so that both sides read identical inputs.
HandRule make_hand_rule(const Tables& t) {
  auto str = [&](const char* s) -> std::int64_t {
    auto id = t.strings.find(s);
    if (!id) fail(std::string("no string id for ") + s);
    return *id;
  };
  auto slot = [&](const char* name) {
    const Field* f = t.field(name);
    if (!f) fail(std::string("no field ") + name);
    return f->slot;
  };
  HandRule r{};
  r.basing = str("basing");
  r.troop_deployment = str("troop_deployment");
  r.military_infrastructure = str("military_infrastructure");
  r.actor_slot = slot("actor");
  r.host_slot = slot("host");
  r.in_force = date_from_ymd(2012, 12, 19);
  static_assert(std::size(kCsto) == std::tuple_size_v<decltype(r.csto)>);
  for (std::size_t i = 0; i < std::size(kCsto); ++i) {
    const Membership& m = kCsto[i];
    auto id = t.parties.find(m.party);
    if (!id) fail(std::string("no party ") + m.party);
    r.csto[i] = {*id, date_from_ymd(m.from_y, static_cast<unsigned>(m.from_m), static_cast<unsigned>(m.from_d)),
                 m.to_y ? date_from_ymd(m.to_y, static_cast<unsigned>(m.to_m), static_cast<unsigned>(m.to_d)) : kDateMax};
  }
  return r;
}

// The 2011 Protocol, Art. 1, by hand. noinline so that it costs a call, as decide() does.
[[gnu::noinline]] void hand_decide(const HandRule& r, const Proposal& p, HandResult& out) {
  out.applies = false;
  out.verdict = Verdict::Permitted;
  out.pending.clear();
  out.vetoed_by.clear();
  const Date date = p.date;
  if (date < r.in_force) return;
  const std::int64_t action = p.scalars[kActionSlot];
  if (action != r.basing && action != r.troop_deployment && action != r.military_infrastructure) return;
  Bits members;
  for (const auto& iv : r.csto)
    if (iv.from <= date && date < iv.to) members.set(iv.party);
  const auto host = static_cast<unsigned>(p.scalars[r.host_slot]);
  const auto actor = static_cast<unsigned>(p.scalars[r.actor_slot]);
  if (!members.test(host) || members.test(actor)) return;
  out.applies = true;
  members.reset(host);  // members("CSTO") - {host}
  out.vetoed_by = members & p.objected;
  out.pending = members - p.consented - p.objected - p.abstained;
  out.verdict = !out.vetoed_by.empty() ? Verdict::Vetoed
                : !out.pending.empty() ? Verdict::NeedsConsent
                                       : Verdict::Permitted;
}

// ---------------------------------------------------------------------------------------------
// Fixtures, built once.

struct BasingFixture {
  std::unique_ptr<Engine> engine;
  HandRule hand;
  std::vector<Proposal> all;         // the 100,000 proposals
  std::vector<Proposal> applicable;  // the subset the clause applies to
};

std::string bits_str(const Tables& t, const Bits& b) {
  std::string out = "[";  // (not "[" + s + "]": GCC 12 gives a false -Wrestrict on that)
  out += party_list(t, b, ",");
  out += ']';
  return out;
}

const BasingFixture& basing_fixture() {
  static const BasingFixture f = [] {
    BasingFixture f;
    f.engine = load_engine(kBasingOnlyRules);
    if (f.engine->clauses().size() != 1) fail("the basing-only fixture must hold exactly one clause");
    f.hand = make_hand_rule(f.engine->tables());
    const auto& gs = generated();
    f.all = build_all(*f.engine, gs);
    // Verify: the engine and the hand-written rule agree on every proposal.
    const Tables& t = f.engine->tables();
    Decision d;
    HandResult h;
    std::size_t verdicts[4] = {};
    for (std::size_t i = 0; i < f.all.size(); ++i) {
      const Proposal& p = f.all[i];
      decide(*f.engine, p, {}, d);
      hand_decide(f.hand, p, h);
      const bool applies = !d.clauses.empty();
      if (d.verdict != h.verdict || !(d.pending == h.pending) || !(d.vetoed_by == h.vetoed_by) ||
          d.clauses.size() > 1 || applies != h.applies) {
        fail("engine and hand-written rule disagree on proposal " + std::to_string(i) + "\n  " +
             to_json(gs[i]) + "\n  engine: " + verdict_name(d.verdict) + " pending=" + bits_str(t, d.pending) +
             " vetoed_by=" + bits_str(t, d.vetoed_by) + " clauses=" + std::to_string(d.clauses.size()) +
             "\n  hand:   " + verdict_name(h.verdict) + " applies=" + (h.applies ? "yes" : "no") +
             " pending=" + bits_str(t, h.pending) + " vetoed_by=" + bits_str(t, h.vetoed_by));
      }
      ++verdicts[static_cast<int>(d.verdict)];
      if (applies) f.applicable.push_back(p);
    }
    std::fprintf(stderr,
                 "decide: engine and hand-written rule agree on all %zu proposals "
                 "(clause applies to %zu: %zu needs_consent, %zu vetoed, %zu permitted overall)\n",
                 f.all.size(), f.applicable.size(), verdicts[1], verdicts[2], verdicts[0]);
    if (verdicts[1] == 0 || verdicts[2] == 0 || f.applicable.size() == verdicts[1] + verdicts[2])
      fail("the generated proposals do not cover needs_consent, vetoed and satisfied outcomes");
    return f;
  }();
  return f;
}

struct ShippedFixture {
  std::unique_ptr<Engine> engine;
  std::vector<Proposal> all;
  std::vector<std::string> lines;  // the same proposals as JSONL lines (no newline)
};

const ShippedFixture& shipped_fixture() {
  static const ShippedFixture f = [] {
    ShippedFixture f;
    f.engine = load_engine(kShippedRules);
    f.all = build_all(*f.engine, generated());
    for (const auto& g : generated()) f.lines.push_back(to_json(g));
    return f;
  }();
  return f;
}

const std::vector<Proposal>& basing_set(std::int64_t which) {
  return which == 0 ? basing_fixture().all : basing_fixture().applicable;
}
const char* set_name(std::int64_t which) { return which == 0 ? "all" : "applicable"; }

// ---------------------------------------------------------------------------------------------
// (a) engine vs hand-written.

void BM_Basing_Engine(benchmark::State& st) {
  const BasingFixture& f = basing_fixture();
  const auto& ps = basing_set(st.range(0));
  const Engine& e = *f.engine;
  const DecideOptions opts;
  Decision d;
  Stopwatch sw;
  for (auto _ : st) {
    sw.start();
    for (const Proposal& p : ps) {
      decide(e, p, opts, d);
      benchmark::DoNotOptimize(d.verdict);
    }
    sw.stop();
  }
  finish(st, std::string("basing.engine.") + set_name(st.range(0)), sw, ps.size());
}

void BM_Basing_Hand(benchmark::State& st) {
  const BasingFixture& f = basing_fixture();
  const auto& ps = basing_set(st.range(0));
  const HandRule& r = f.hand;
  HandResult h;
  Stopwatch sw;
  for (auto _ : st) {
    sw.start();
    for (const Proposal& p : ps) {
      hand_decide(r, p, h);
      benchmark::DoNotOptimize(h.verdict);
    }
    sw.stop();
  }
  finish(st, std::string("basing.hand.") + set_name(st.range(0)), sw, ps.size());
}

// ---------------------------------------------------------------------------------------------
// The batch pipeline's parts, in-process, over the same proposals with the shipped rules.

void BM_Shipped_Decide(benchmark::State& st) {
  const ShippedFixture& f = shipped_fixture();
  const DecideOptions opts;
  Decision d;
  Stopwatch sw;
  for (auto _ : st) {
    sw.start();
    for (const Proposal& p : f.all) {
      decide(*f.engine, p, opts, d);
      benchmark::DoNotOptimize(d.verdict);
    }
    sw.stop();
  }
  finish(st, "shipped.decide", sw, f.all.size());
}

void BM_Shipped_DecideRenderJson(benchmark::State& st) {
  const ShippedFixture& f = shipped_fixture();
  const DecideOptions opts;
  Decision d;
  std::string out;
  Stopwatch sw;
  std::size_t bytes = 0;
  for (auto _ : st) {
    sw.start();
    for (const Proposal& p : f.all) {
      decide(*f.engine, p, opts, d);
      out.clear();
      render_json(*f.engine, p, d, false, out);
      out += '\n';
      bytes += out.size();
      benchmark::DoNotOptimize(out.data());
    }
    sw.stop();
  }
  finish(st, "shipped.decide_render", sw, f.all.size());
  st.counters["out_bytes_per_decision"] = static_cast<double>(bytes) / static_cast<double>(st.iterations() * f.all.size());
}

// Padded copies of the lines, as the batch reader holds them.
const std::vector<std::string>& padded_lines() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> out;
    for (const auto& l : shipped_fixture().lines) out.push_back(l + std::string(simdjson::SIMDJSON_PADDING, '\0'));
    return out;
  }();
  return v;
}

// The parser's share of ParseBuild: simdjson On-Demand, as JsonProposalReader uses it, walking
// every key and string value of each line (and of its positions) without building anything.
std::size_t walk_line(simdjson::ondemand::parser& parser, const std::string& padded) {
  using namespace simdjson;
  std::size_t bytes = 0;
  ondemand::document doc;
  ondemand::object obj;
  if (parser.iterate(padded.data(), padded.size() - SIMDJSON_PADDING, padded.size()).get(doc) || doc.get_object().get(obj))
    fail("simdjson rejects a generated line");
  for (auto entry : obj) {
    ondemand::field f;
    std::string_view key, text;
    if (std::move(entry).get(f) || f.unescaped_key().get(key)) fail("simdjson rejects a generated key");
    bytes += key.size();
    ondemand::value v = f.value();
    ondemand::object positions;
    if (key == "positions" && !v.get_object().get(positions)) {
      for (auto stance : positions) {
        ondemand::field g;
        if (std::move(stance).get(g) || g.unescaped_key().get(key) || g.value().get_string().get(text))
          fail("simdjson rejects a generated position");
        bytes += key.size() + text.size();
      }
    } else if (!v.get_string().get(text)) {
      bytes += text.size();
    }
  }
  return bytes;
}

void BM_Batch_ParseOnly(benchmark::State& st) {
  const auto& lines = padded_lines();
  const std::size_t n = shipped_fixture().lines.size();
  simdjson::ondemand::parser parser;
  Stopwatch sw;
  for (auto _ : st) {
    sw.start();
    for (std::size_t i = 0; i < n; ++i) benchmark::DoNotOptimize(walk_line(parser, lines[i]));
    sw.stop();
  }
  finish(st, "batch_parts.simdjson_parse", sw, n);
}

void BM_Batch_ParseBuild(benchmark::State& st) {
  const ShippedFixture& f = shipped_fixture();
  const auto& lines = padded_lines();
  const std::size_t n = f.lines.size();
  JsonProposalReader reader(f.engine->tables());  // the batch command's reader
  Proposal p;
  Stopwatch sw;
  for (auto _ : st) {
    sw.start();
    for (std::size_t i = 0; i < n; ++i) {
      if (!reader.read(lines[i].data(), lines[i].size() - simdjson::SIMDJSON_PADDING, 0, p))
        fail("a generated line fails the batch fast path: " + f.lines[i]);
      benchmark::DoNotOptimize(p.date);
    }
    sw.stop();
  }
  finish(st, "batch_parts.parse_build", sw, n);
}

// Discards what it is given, counting the bytes.
class CountingBuf : public std::streambuf {
 public:
  std::size_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override { return bytes += static_cast<std::size_t>(n), n; }
  int overflow(int c) override { return ++bytes, c; }
};

// The batch pipeline in-process (batch/batch.h, what `accord check --batch` runs): the lines
// from memory, the decisions to a counting stream, one thread. No process, file or pipe.
void BM_Batch_InProcess(benchmark::State& st) {
  const ShippedFixture& f = shipped_fixture();
  std::string input;
  for (const auto& l : f.lines) input += l + '\n';
  const BatchOptions options;
  Stopwatch sw;
  for (auto _ : st) {
    MemorySource src(input);
    CountingBuf buf;
    std::ostream out(&buf);
    std::ostringstream err;
    sw.start();
    const BatchStatus status = run_batch(*f.engine, options, src, "bench", out, err);
    sw.stop();
    if (status != BatchStatus::Ok) fail("the batch pipeline failed on the generated lines:\n" + err.str());
    benchmark::DoNotOptimize(buf.bytes);
  }
  finish(st, "batch_parts.run_batch_in_process", sw, f.lines.size());
}

constexpr int kReps = 3;

BENCHMARK(BM_Basing_Engine)->Arg(0)->Arg(1)->ArgName("applicable_only")->Repetitions(kReps)
    ->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->MinTime(0.3);
BENCHMARK(BM_Basing_Hand)->Arg(0)->Arg(1)->ArgName("applicable_only")->Repetitions(kReps)
    ->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->MinTime(0.3);
BENCHMARK(BM_Shipped_Decide)->Repetitions(kReps)->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->MinTime(0.3);
BENCHMARK(BM_Shipped_DecideRenderJson)->Repetitions(kReps)->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->MinTime(0.3);
BENCHMARK(BM_Batch_ParseOnly)->Repetitions(kReps)->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->MinTime(0.3);
BENCHMARK(BM_Batch_ParseBuild)->Repetitions(kReps)->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->MinTime(0.3);
BENCHMARK(BM_Batch_InProcess)->Repetitions(kReps)->ReportAggregatesOnly(true)->Unit(benchmark::kMillisecond)->MinTime(0.3);

}  // namespace
}  // namespace accord::internal::bench
