// Fuzz target: one expression of the rule language, parsed, checked against the shipped
// vocabulary and facts, compiled, and evaluated on a handful of proposals (when it checks as a
// condition or as a set of parties). Diagnostics are formatted, as `accord` prints them.
#include <memory>
#include <vector>

#include "check/checker.h"
#include "compile/compiler.h"
#include "eval/evaluator.h"
#include "load/proposal_builder.h"
#include "load/yaml_doc.h"
#include "support.h"

namespace {

using namespace accord::internal;

std::vector<Proposal> sample_proposals(const Tables& t) {
  const char* const kFields[][8] = {
      {"action", "basing", "actor", "USA", "host", "KGZ", "date", "2026-03-01"},
      {"action", "basing", "actor", "RUS", "host", "TJK", "date", "2005-01-01"},
      {"action", "armed_attack", "actor", "AFG", "host", "TJK", "date", "2025-06-01"},
      {"action", "alliance_accession", "actor", "ARM", "org", "NATO", "date", "1994-04-20"},
  };
  const ProposalBuilder b(t);
  std::vector<Proposal> out;
  for (const auto& f : kFields) {
    Proposal p;
    b.reset(p);
    for (int i = 0; i < 8; i += 2) b.set_text(p, f[i], f[i + 1]);
    b.set_position(p, "RUS", "object");
    b.set_position(p, "KAZ", "consent");
    if (!b.finish(p, 0)) out.push_back(p);
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::shared_ptr<const Engine> engine = fuzz::shipped_engine();
  static const std::vector<Proposal> proposals = sample_proposals(engine->tables());
  const std::string text(fuzz::text_of(data, size));
  fuzz::Bounds bounds("expression", size, 500, 50);

  auto file = std::make_shared<const SourceFile>("expr", text);
  std::vector<std::uint32_t> offs(text.size() + 1);
  for (std::size_t i = 0; i < offs.size(); ++i) offs[i] = static_cast<std::uint32_t>(i);
  Diagnostics d;
  std::size_t out = 0;
  if (auto src = make_source_expr(file, text, std::move(offs), d)) {
    for (const Want want : {Want::Bool, Want::PartySet}) {
      Tables tables = engine->tables();  // new strings get ids: a private copy
      intern_literals(*src, tables);
      Checker checker(tables, d);
      const auto typed = checker.check(*src, want);
      if (!typed) continue;
      Program program;
      Compiler compiler(program, tables);
      const std::uint32_t root = compiler.emit(*typed);
      for (const Proposal& p : proposals) {
        Evaluator ev(program, tables, p);
        if (want == Want::Bool) {
          out += ev.boolean(root);
        } else {
          Bits s;
          ev.set(root, s);
          out += s.count();
        }
      }
    }
  }
  const std::string shown = d.str();
  bounds.check_output(shown.size() + out);
  return 0;
}
