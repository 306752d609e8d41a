#include "scenario/handout.h"

#include <sstream>

#include "report/report.h"
#include "report/summary.h"

namespace accord {

std::string handout_markdown(const Scenario& s, const std::vector<StepOutcome>& steps) {
  std::ostringstream out;
  out << "# " << s.title << "\n\n";
  out << "*Exercise `" << s.id << "` — " << steps.size() << " steps.*\n\n";
  if (!s.briefing.empty()) out << "## Briefing\n\n" << s.briefing << (s.briefing.back() == '\n' ? "" : "\n") << "\n";
  for (std::size_t k = 0; k < steps.size(); ++k) {
    const Step& step = s.steps[k];
    const StepOutcome& o = steps[k];
    const Engine& e = *o.engine;
    out << "## Step " << k + 1 << ": " << step.title << "\n\n";
    if (!step.changed.empty()) {
      out << "**What changes:**\n\n";
      for (const auto& c : step.changed) out << "- " << c << "\n";
      out << "\n";
    }
    out << "**Proposal:** " << describe_proposal(e, o.proposal) << " (as of " << format_date(o.proposal.date) << ")\n\n";
    out << "**Decision: " << headline_words(headline(e, o.answer)) << "**\n\n";
    for (const auto& sentence : summary(e, o.proposal, o.answer)) out << sentence << "\n";
    out << "\n";
    const Decision& d = o.decision();
    if (!o.answer.depends())
      for (const ClauseResult* rp : report_order(d)) {
        const ClauseResult& r = *rp;
        const Clause& c = e.rules().clauses[r.clause];
        out << "- *" << clause_status_name(r.status) << "* — **" << c.cite << "**";
        if (!c.title.empty()) out << ": " << c.title;
        if (r.status == ClauseStatus::SetAside)
          out << " (set aside by " << e.rules().clauses[static_cast<size_t>(r.set_aside_by)].cite << ")";
        else if (auto because = render_because(e, o.proposal, r.clause); !because.empty())
          out << ". " << because;
        out << "\n";
      }
    out << "\n";
    if (!step.debrief.empty()) out << "> **Debrief:** " << step.debrief << "\n\n";
    if (!step.questions.empty()) {
      out << "**Questions:**\n\n";
      for (std::size_t q = 0; q < step.questions.size(); ++q) out << q + 1 << ". " << step.questions[q] << "\n";
      out << "\n";
    }
  }
  if (!s.debrief.empty()) out << "## Debrief\n\n" << s.debrief << (s.debrief.back() == '\n' ? "" : "\n") << "\n";
  if (!s.questions.empty()) {
    out << "## Questions for discussion\n\n";
    for (std::size_t q = 0; q < s.questions.size(); ++q) out << q + 1 << ". " << s.questions[q] << "\n";
  }
  return out.str();
}

}  // namespace accord
