// Fuzz target: a proposal file (YAML, or JSON, which YAML reads) against the shipped rules:
// loaded with positions, decided (case by case when a field it leaves out matters), reported
// as text with --explain and colour and as JSON, and put through what-if analysis.
#include "analysis/whatif.h"
#include "decide/cases.h"
#include "load/proposal_builder.h"
#include "load/proposal_loader.h"
#include "report/report.h"
#include "support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace accord::internal;
  static const std::shared_ptr<const Engine> engine = fuzz::shipped_engine();
  static const ProposalBuilder builder(engine->tables());
  fuzz::Bounds bounds("proposal", size, 500, 50);
  auto file = std::make_shared<const SourceFile>("proposal.yaml", std::string(fuzz::text_of(data, size)));
  Diagnostics d;
  Proposal p;
  std::size_t out = 0;
  if (load_proposal_file(file, builder, 20'000, p, d)) {
    Answer a;
    if (decide_answer(*engine, p, {}, a).empty()) {
      std::string json;
      render_json(*engine, p, a, true, json);
      out += json.size() + render_text(*engine, p, a, {true, true}).size();
      WhatIf w;
      if (what_if(*engine, p, {}, {}, w).empty()) {
        std::string wj;
        render_whatif_json(*engine, p, w, wj);
        out += wj.size() + render_whatif_text(*engine, p, w, false).size();
      }
    }
  }
  bounds.check_output(d.str().size() + out);
  return 0;
}
