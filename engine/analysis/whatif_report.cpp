// Text and JSON for `accord whatif` (the analysis is in whatif.cpp).
#include "analysis/whatif.h"
#include "report/json_writer.h"
#include "report/report.h"

namespace accord::internal {

namespace {

// How a position reads: its JSON word, after one party ("objects"), after several ("object").
struct PositionWords {
  const char* word;
  const char* one;
  const char* many;
};
const PositionWords& words(Position p) {
  static const PositionWords kWords[] = {{"none", "states no position", "state no position"},
                                         {"consent", "consents", "consent"},
                                         {"object", "objects", "object"},
                                         {"abstain", "abstains", "abstain"}};
  return kWords[static_cast<int>(p)];
}

std::string span(const Segment& s) {
  std::string out = format_date(s.from) + " → ";
  return s.to == kDateMax ? out + "          " : out + format_date(s.to);
}

std::string cites(const Engine& e, const std::vector<std::uint32_t>& clauses) {
  std::string out;
  for (auto c : clauses) out += (out.empty() ? "" : "; ") + e.rules().clauses[c].cite;
  return out;
}

}  // namespace

std::vector<std::string> position_changes(const Engine& e, const WhatIf& w) {
  const Tables& t = e.tables();
  std::vector<std::string> out;
  if (w.swings.empty()) out.push_back("No single party's change of position changes the decision.");
  // Parties that flip the decision the same way are listed together.
  std::vector<bool> done(w.swings.size(), false);
  for (std::size_t i = 0; i < w.swings.size(); ++i) {
    if (done[i]) continue;
    std::vector<std::string> who;
    for (std::size_t j = i; j < w.swings.size(); ++j)
      if (!done[j] && w.swings[j].to == w.swings[i].to && w.swings[j].outcome.headline == w.swings[i].outcome.headline &&
          w.swings[j].outcome.verdict == w.swings[i].outcome.verdict) {
        done[j] = true;
        who.push_back(party_label(t, w.swings[j].party));
      }
    std::string list;
    for (std::size_t k = 0; k < who.size(); ++k) list += (k ? ", " : "") + who[k];
    out.push_back(std::string(who.size() == 1 ? "" : "any one of ") + list + " " + words(w.swings[i].to).one + " → " +
                  headline_words(w.swings[i].outcome.headline));
  }
  for (const auto& [pos, outcome] : w.all_pending)
    out.push_back("if all of " + party_words(t, w.awaited) + " " + words(pos).many + " → " + headline_words(outcome.headline));
  for (const Coalition& c : w.coalitions) {
    const std::string among = party_words(t, c.among);
    const std::string& cite = e.rules().clauses[c.clause].cite;
    if (c.carry) out.push_back(cite + ": any " + std::to_string(c.carry) + " of " + among + " consenting carry it → " +
                               headline_words(c.carried.headline));
    if (c.block) out.push_back(cite + ": any " + std::to_string(c.block) + " of " + among + " objecting block it → " +
                               headline_words(c.blocked.headline));
  }
  return out;
}

std::string render_whatif_text(const Engine& e, const Proposal& p, const WhatIf& w, bool color) {
  auto bold = [&](const std::string& s) { return color ? "\033[1m" + s + "\033[0m" : s; };
  std::string out = render_text(e, p, w.now, {false, color});

  out += '\n' + bold("What would change the outcome") + " (each line decided again with one change)\n";  // '\n': GCC bug 105329
  out += "\nPositions:\n";
  for (const auto& line : position_changes(e, w)) out += "  " + line + "\n";

  out += "\nOver time (the same proposal on other dates, positions as stated):\n";
  for (std::size_t i = 0; i < w.timeline.size(); ++i) {
    const Segment& s = w.timeline[i];
    if (i > 0) {
      std::string ev;
      for (const auto& x : w.boundaries[i - 1].events) ev += (ev.empty() ? "" : "; ") + x;
      out += "      " + format_date(w.boundaries[i - 1].date) + ": " + (ev.empty() ? "the decision changes" : ev) + "\n";
    }
    const bool now = s.from <= p.date && p.date < s.to;
    out += "  " + span(s) + "  " + headline_words(s.outcome.headline);
    if (!s.deciding.empty()) out += " — " + cites(e, s.deciding);
    if (now) out += "   ◀ " + format_date(p.date);
    out += "\n";
  }
  return out;
}

void render_whatif_json(const Engine& e, const Proposal& p, const WhatIf& w, std::string& out) {
  const Tables& t = e.tables();
  JsonWriter j(out);
  j.begin_object();
  j.key("proposal").value(p.id);
  j.key("as_of").value(format_date(p.date));
  j.key("now").begin_object();
  write_answer(j, e, p, w.now);
  j.end_object();
  auto outcome = [&](const WhatIfOutcome& o) {
    j.key("decision").value(verdict_name(o.verdict)).key("headline").value(headline_key(o.headline));
  };
  j.key("swing").begin_array();
  for (const Swing& s : w.swings) {
    j.begin_object().key("party").value(t.parties.name(s.party)).key("position").value(words(s.to).word);
    outcome(s.outcome);
    j.end_object();
  }
  j.end_array();
  j.key("all_awaited").begin_object().key("parties").begin_array();
  w.awaited.for_each([&](unsigned id) { j.value(t.parties.name(static_cast<SymId>(id))); });
  j.end_array().key("if").begin_array();
  for (const auto& [pos, o] : w.all_pending) {
    j.begin_object().key("position").value(words(pos).word);
    outcome(o);
    j.end_object();
  }
  j.end_array().end_object();
  j.key("coalitions").begin_array();
  for (const Coalition& c : w.coalitions) {
    j.begin_object().key("clause").value(e.rules().clauses[c.clause].id).key("among").begin_array();
    c.among.for_each([&](unsigned id) { j.value(t.parties.name(static_cast<SymId>(id))); });
    j.end_array();
    j.key("carry").value(static_cast<std::int64_t>(c.carry)).key("carried").begin_object();
    outcome(c.carried);
    j.end_object().key("block").value(static_cast<std::int64_t>(c.block)).key("blocked").begin_object();
    outcome(c.blocked);
    j.end_object().end_object();
  }
  j.end_array();
  j.key("timeline").begin_array();
  for (std::size_t i = 0; i < w.timeline.size(); ++i) {
    const Segment& s = w.timeline[i];
    j.begin_object().key("from").value(format_date(s.from));
    j.key("to");
    if (s.to == kDateMax) j.null();
    else j.value(format_date(s.to));
    outcome(s.outcome);
    j.key("clauses").begin_array();
    for (auto c : s.deciding) j.value(e.rules().clauses[c].id);
    j.end_array();
    j.key("events").begin_array();
    if (i > 0)
      for (const auto& ev : w.boundaries[i - 1].events) j.value(ev);
    j.end_array();
    j.end_object();
  }
  j.end_array();
  j.end_object();
}

}  // namespace accord::internal
