// Fuzz target: one instrument file loaded onto the shipped schema and facts, validated,
// checked and compiled; when it builds, a few proposals are decided and reported (text with
// --explain, JSON) and a short lint runs over it.
#include <sstream>

#include "analysis/lint.h"
#include "decide/cases.h"
#include "load/proposal_builder.h"
#include "load/rules_loader.h"
#include "report/report.h"
#include "support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace accord::internal;
  fuzz::Bounds bounds("pack", size, 1000, 100);
  auto file = std::make_shared<const SourceFile>("pack/instrument.yaml", std::string(fuzz::text_of(data, size)));
  RuleSet rules = fuzz::shipped_base();
  Diagnostics d;
  std::size_t out = 0;
  if (load_pack_file(file, "pack", rules, d) && validate_rules(rules, d)) {
    if (auto engine = Engine::build(std::move(rules), d)) {
      const ProposalBuilder b(engine->tables());
      const char* const kProposals[][8] = {
          {"action", "basing", "actor", "USA", "host", "KGZ", "date", "2026-03-01"},
          {"action", "armed_attack", "actor", "AFG", "host", "TJK", "date", "2025-06-01"},
          {"action", "alliance_accession", "actor", "ARM", "org", "NATO", "date", "2000-01-01"},
      };
      for (const auto& f : kProposals) {
        Proposal p;
        b.reset(p);
        for (int i = 0; i < 8; i += 2) b.set_text(p, f[i], f[i + 1]);
        b.set_position(p, "RUS", "object");
        if (b.finish(p, 0)) continue;
        Answer a;
        if (!decide_answer(*engine, p, {}, a).empty()) continue;
        std::string json;
        render_json(*engine, p, a, true, json);
        out += json.size() + render_text(*engine, p, a, {true, false}).size();
      }
      LintLimits limits;
      limits.max_proposals = 256;
      Diagnostics findings;
      lint(*engine, 20'000, findings, limits);
      out += findings.str().size();
    }
  }
  bounds.check_output(d.str().size() + out);
  return 0;
}
