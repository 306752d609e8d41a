// `accord diff` output: text for a reviewer, Markdown for a pull-request comment, JSON.
#include <algorithm>

#include "analysis/rule_diff.h"
#include "report/json_writer.h"

namespace accord::internal {

// The renderers build lines by concatenating literals and strings; once GCC 12 inlines them
// into each other it reports a bogus -Wrestrict in char_traits::copy (GCC bug 105329), as in
// report/report.cpp.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

namespace {

// 3559753 -> "3,559,753".
std::string thousands(std::size_t n) {
  std::string s = std::to_string(n);
  // insert(pos, 1, ','), not insert(pos, ","): GCC 12's bogus -Wrestrict (GCC bug 105329).
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), 1, ',');
  return s;
}

std::string plural(std::size_t n, const char* one, const char* many) { return thousands(n) + " " + (n == 1 ? one : many); }

std::string replay(const std::string& cmd, const std::string& rules) {
  const std::string head = "accord check";
  return cmd.rfind(head, 0) == 0 ? head + rules + cmd.substr(head.size()) : cmd;
}

// "a member of CSTO; Germany (DEU); CSTO and 11 more": the classes a field's value took in a
// group (at most kShown, then how many more; class descriptions hold commas, so "; ").
constexpr std::size_t kShown = 4;
std::string classes_words(const std::vector<std::string>& classes) {
  std::string w;
  const std::size_t shown = classes.size() <= kShown + 1 ? classes.size() : kShown;
  for (std::size_t i = 0; i < shown; ++i) w += (i == 0 ? "" : "; ") + classes[i];
  if (shown < classes.size()) w += " and " + std::to_string(classes.size() - shown) + " more";
  return w;
}

std::string headline_change(const DiffGroup& g) {
  return g.old_headline == g.new_headline ? g.new_headline + " (unchanged)" : g.old_headline + " → " + g.new_headline;
}

std::string summary_line(const DiffReport& r) {
  const DiffResult& d = *r.result;
  return plural(d.groups.size(), "group", "groups") + " of proposals decided differently (" + thousands(d.changed) + " of " +
         plural(d.proposals, "representative proposal", "representative proposals") + " over " + plural(d.epochs, "date epoch", "date epochs") +
         ", " + plural(d.actions, "action", "actions") + "; in the vocabulary both sides share, named as in NEW)";
}

std::string flip_words(const ScenarioFlip& f) {
  if (f.pos.line == 0) return std::string("plays under ") + (f.old_holds ? "OLD" : "NEW") + " only: " + f.detail;
  auto side = [](bool holds) { return holds ? "holds" : "fails"; };
  return f.where + ": " + side(f.old_holds) + " under OLD, " + side(f.new_holds) + " under NEW" + (f.detail.empty() ? "" : ": " + f.detail);
}

std::string pos_words(const SourcePos& p) {
  return p.file + (p.line ? ":" + std::to_string(p.line) + ":" + std::to_string(p.col) : std::string());
}

// Markdown: a '*', '_' or '|' in a party or site name must not start emphasis or a cell.
std::string escape_cell(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|' || c == '*' || c == '_') out += '\\';
    out += c;
  }
  return out;
}

}  // namespace

bool DiffReport::empty() const {
  return result->groups.empty() && result->not_compared.empty() && flips.empty() && result->stopped == LintStop::none;
}

bool DiffReport::fails() const {
  for (std::size_t i = 0; i < result->groups.size(); ++i)
    if (i >= group_allowed.size() || !group_allowed[i]) return true;
  if (!result->not_compared.empty() && !vocabulary_allowed) return true;
  return !flips.empty();
}

std::string render_diff_text(const DiffReport& r) {
  const DiffResult& d = *r.result;
  if (r.empty()) return {};
  std::string out = "accord diff: OLD " + r.old_label + " (" + plural(d.old_clauses, "clause", "clauses") + ") → NEW " + r.new_label + " (" +
                    plural(d.new_clauses, "clause", "clauses") + ")\n" + summary_line(r) + "\n";
  if (d.stopped != LintStop::none) out += "INCOMPLETE: the enumeration stopped at its limit; groups below are those seen\n";
  for (std::size_t i = 0; i < d.groups.size(); ++i) {
    const DiffGroup& g = d.groups[i];
    const bool allowed = i < r.group_allowed.size() && r.group_allowed[i];
    out += "\n" + std::to_string(i + 1) + ". " + g.action + ", " + g.date_words() + (allowed ? " [allowed]" : "") + "\n";
    for (const auto& [name, classes] : g.fields) out += "   " + name + ": " + classes_words(classes) + "\n";
    out += "   " + headline_change(g) + (g.summary.empty() ? "" : ": " + g.summary) + "\n";
    for (const auto& c : g.changes) out += "   " + c + "\n";
    out += "   old: " + r.old_replay_note + replay(g.replay_old, r.old_rules) + "\n";
    out += "   new: " + replay(g.replay_new, r.new_rules) + "\n";
    out += "   allow: " + g.allow_entry() + "\n";
  }
  if (!d.not_compared.empty()) {
    out += "\nNot compared" + std::string(r.vocabulary_allowed ? " [allowed]" : "") + ":\n";
    for (const auto& n : d.not_compared) out += "  " + n + "\n";
  }
  if (!r.flips.empty()) {
    out += "\nScenario expectations that flip (" + plural(r.scenario_files, "file", "files") + ", " +
           plural(r.expectations, "expectation", "expectations") + "):\n";
    for (const auto& f : r.flips) out += "  " + pos_words(f.pos) + ": " + flip_words(f) + "\n";
  }
  return out;
}

std::string render_diff_markdown(const DiffReport& r) {
  const DiffResult& d = *r.result;
  if (r.empty()) return {};
  std::string out = "### accord diff: " + plural(d.groups.size(), "group", "groups") + " of decisions " + (d.groups.size() == 1 ? "changes" : "change");
  if (!r.flips.empty()) out += ", " + plural(r.flips.size(), "scenario expectation flips", "scenario expectations flip");
  out += "\n\nOLD `" + r.old_label + "` (" + plural(d.old_clauses, "clause", "clauses") + ") → NEW `" + r.new_label + "` (" +
         plural(d.new_clauses, "clause", "clauses") + "): " + summary_line(r) + ".\n";
  if (d.stopped != LintStop::none) out += "\n**Incomplete**: the enumeration stopped at its limit; the groups are those seen.\n";
  if (!d.groups.empty()) {
    out += "\n| # | action | dates | decision |\n|---|---|---|---|\n";
    for (std::size_t i = 0; i < d.groups.size(); ++i) {
      const DiffGroup& g = d.groups[i];
      const bool allowed = i < r.group_allowed.size() && r.group_allowed[i];
      out += "| " + std::to_string(i + 1) + " | " + g.action + " | " + g.date_words() + " | " + headline_change(g) +
             (allowed ? " (allowed)" : "") + " |\n";
    }
    for (std::size_t i = 0; i < d.groups.size(); ++i) {
      const DiffGroup& g = d.groups[i];
      out += "\n#### " + std::to_string(i + 1) + ". " + g.action + ", " + g.date_words() + "\n\n";
      out += "**" + headline_change(g) + "**" + (g.summary.empty() ? "" : ": " + escape_cell(g.summary)) + "\n\n";
      for (const auto& [name, classes] : g.fields) out += "- " + name + ": " + escape_cell(classes_words(classes)) + "\n";
      out += "\nWhat changes:\n\n";
      for (const auto& c : g.changes) out += "- " + escape_cell(c) + "\n";
      out += "\n```sh\n# OLD\n" + r.old_replay_note + replay(g.replay_old, r.old_rules) + "\n# NEW\n" + replay(g.replay_new, r.new_rules) +
             "\n```\n\nAllow-file entry: `" + g.allow_entry() + "`\n";
    }
  }
  if (!d.not_compared.empty()) {
    out += "\n#### Not compared\n\n";
    for (const auto& n : d.not_compared) out += "- " + escape_cell(n) + "\n";
  }
  if (!r.flips.empty()) {
    out += "\n#### Scenario expectations that flip\n\n";
    for (const auto& f : r.flips) out += "- `" + pos_words(f.pos) + "`: " + escape_cell(flip_words(f)) + "\n";
  }
  return out;
}

std::string render_diff_json(const DiffReport& r) {
  const DiffResult& d = *r.result;
  std::string out;
  JsonWriter w(out);
  auto strings = [&](const std::vector<std::string>& v) {
    w.begin_array();
    for (const auto& s : v) w.value(s);
    w.end_array();
  };
  auto side = [&](const DiffSideDecision& s) {
    w.begin_object();
    w.key("decision").value(s.verdict).key("headline").value(s.headline);
    w.key("vetoed_by"), strings(s.vetoed_by);
    w.key("pending"), strings(s.pending);
    w.key("prohibited_by"), strings(s.prohibited_by);
    w.key("obligations").begin_array();
    for (const auto& [id, parties] : s.obligations) {
      w.begin_object().key("clause").value(id).key("binds");
      strings(parties);
      w.end_object();
    }
    w.end_array();
    w.key("clauses").begin_array();
    for (const auto& [id, status] : s.clauses) w.begin_object().key("id").value(id).key("status").value(status).end_object();
    w.end_array();
    w.end_object();
  };
  w.begin_object();
  w.key("old").begin_object().key("rules").value(r.old_label).key("clauses").value(static_cast<std::int64_t>(d.old_clauses)).end_object();
  w.key("new").begin_object().key("rules").value(r.new_label).key("clauses").value(static_cast<std::int64_t>(d.new_clauses)).end_object();
  w.key("proposals").value(static_cast<std::int64_t>(d.proposals));
  w.key("changed").value(static_cast<std::int64_t>(d.changed));
  w.key("epochs").value(static_cast<std::int64_t>(d.epochs));
  w.key("complete").value(d.stopped == LintStop::none);
  w.key("groups").begin_array();
  for (std::size_t i = 0; i < d.groups.size(); ++i) {
    const DiffGroup& g = d.groups[i];
    w.begin_object();
    w.key("action").value(g.action);
    w.key("fields").begin_object();
    for (const auto& [name, classes] : g.fields) w.key(name), strings(classes);
    w.end_object();
    w.key("dates").begin_array();
    for (const auto& [from, to] : g.dates) {
      w.begin_object().key("from").value(format_date(from)).key("until");
      if (to == kDateMax) w.null();
      else w.value(format_date(to - 1));
      w.end_object();
    }
    w.end_array();
    w.key("old"), side(g.old_decision);
    w.key("new"), side(g.new_decision);
    w.key("summary").value(g.summary);
    w.key("changes"), strings(g.changes);
    w.key("clauses"), strings(g.clauses);
    w.key("replay").begin_object().key("old").value(r.old_replay_note + replay(g.replay_old, r.old_rules)).key("new").value(replay(g.replay_new, r.new_rules)).end_object();
    w.key("proposals").value(static_cast<std::int64_t>(g.proposals));
    w.key("allow").value(g.allow_entry());
    w.key("allowed").value(i < r.group_allowed.size() && r.group_allowed[i]);
    w.end_object();
  }
  w.end_array();
  w.key("not_compared"), strings(d.not_compared);
  w.key("scenarios").begin_object();
  w.key("run").value(r.scenarios_run);
  w.key("files").value(static_cast<std::int64_t>(r.scenario_files));
  w.key("expectations").value(static_cast<std::int64_t>(r.expectations));
  w.key("flips").begin_array();
  for (const auto& f : r.flips)
    w.begin_object().key("file").value(f.pos.file).key("line").value(static_cast<std::int64_t>(f.pos.line)).key("where").value(f.where)
        .key("old_holds").value(f.old_holds).key("new_holds").value(f.new_holds).key("detail").value(f.detail).end_object();
  w.end_array();
  w.end_object();
  w.key("fails").value(r.fails());
  w.end_object();
  w.finish();
  out += "\n";
  return out;
}

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

}  // namespace accord::internal
