#include "scenario/handout.h"

#include <algorithm>
#include <map>
#include <memory>

#include "analysis/whatif.h"
#include "report/markup.h"
#include "report/report.h"
#include "report/summary.h"

namespace accord::internal {

namespace {

// The handout's building blocks, written once as Markdown and once as HTML. Text given to
// them is plain text (escaped by the HTML writer).
class Writer {
 public:
  virtual ~Writer() = default;
  virtual void title(const std::string& text, const std::string& subtitle) = 0;
  virtual void heading(int level, const std::string& text) = 0;
  virtual void para(const std::string& text) = 0;
  virtual void labeled(const std::string& label, const std::string& text) = 0;
  virtual void list(const std::vector<std::string>& items, bool numbered) = 0;
  virtual void quote(const std::string& text) = 0;
  virtual void decision(const std::string& words) = 0;
  virtual void answer_space() = 0;
  virtual void options(const std::vector<std::string>& labels) = 0;
  virtual void begin_step() = 0;
  virtual void end_step() = 0;
  virtual std::string finish() = 0;
};

std::string trimmed(const std::string& s) {
  const auto end = s.find_last_not_of(" \n");
  return end == std::string::npos ? "" : s.substr(0, end + 1);
}

class MarkdownWriter : public Writer {
 public:
  void title(const std::string& text, const std::string& subtitle) override {
    out_ += "# " + text + "\n\n*" + subtitle + "*\n\n";
  }
  void heading(int level, const std::string& text) override { out_ += std::string(static_cast<size_t>(level), '#') + " " + text + "\n\n"; }
  void para(const std::string& text) override { out_ += trimmed(text) + "\n\n"; }
  void labeled(const std::string& label, const std::string& text) override {
    out_ += "**" + label + ":**" + (trimmed(text).empty() ? "" : " " + trimmed(text)) + "\n\n";
  }
  void list(const std::vector<std::string>& items, bool numbered) override {
    for (std::size_t k = 0; k < items.size(); ++k) out_ += (numbered ? std::to_string(k + 1) + ". " : "- ") + items[k] + "\n";
    out_ += "\n";
  }
  void quote(const std::string& text) override {
    std::string q = "> ";
    for (char c : trimmed(text)) q += c == '\n' ? std::string("\n> ") : std::string(1, c);
    out_ += q + "\n\n";
  }
  void decision(const std::string& words) override { out_ += "**Decision: " + words + "**\n\n"; }
  void answer_space() override { out_ += "*Your answer:*\n\n. . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . .\n\n. . . . . . . . . . . . . . . . . . . . . . . . . . . . . . . .\n\n"; }
  void options(const std::vector<std::string>& labels) override {
    for (const auto& l : labels) out_ += "- [ ] " + l + "\n";
    out_ += "\n";
  }
  void begin_step() override {}
  void end_step() override {}
  std::string finish() override { return std::move(out_); }

 private:
  std::string out_;
};

// Paragraphs of a text block (blank lines separate them), escaped.
std::string html_paragraphs(const std::string& text) {
  std::string out, para;
  auto flush = [&] {
    if (!trimmed(para).empty()) out += "<p>" + markup_escape(trimmed(para)) + "</p>\n";
    para.clear();
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto end = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, end - start);
    if (trimmed(line).empty()) flush();
    else para += (para.empty() ? "" : " ") + line;
    start = end + 1;
  }
  flush();
  return out;
}

class HtmlWriter : public Writer {
 public:
  explicit HtmlWriter(Paper paper) : paper_(paper) {}
  void title(const std::string& text, const std::string& subtitle) override {
    title_ = text;
    body_ += "<header><h1>" + markup_escape(text) + "</h1>\n<p class=\"meta\">" + markup_escape(subtitle) + "</p></header>\n";
  }
  void heading(int level, const std::string& text) override {
    const std::string h = "h" + std::to_string(level);
    body_ += "<" + h + ">" + markup_escape(text) + "</" + h + ">\n";
  }
  void para(const std::string& text) override { body_ += html_paragraphs(text); }
  void labeled(const std::string& label, const std::string& text) override {
    body_ += "<p><strong>" + markup_escape(label) + ":</strong>" + (trimmed(text).empty() ? "" : " " + markup_escape(trimmed(text))) + "</p>\n";
  }
  void list(const std::vector<std::string>& items, bool numbered) override {
    body_ += numbered ? "<ol>\n" : "<ul>\n";
    for (const auto& i : items) body_ += "<li>" + markup_escape(i) + "</li>\n";
    body_ += numbered ? "</ol>\n" : "</ul>\n";
  }
  void quote(const std::string& text) override { body_ += "<blockquote>" + html_paragraphs(text) + "</blockquote>\n"; }
  void decision(const std::string& words) override {
    body_ += "<p class=\"decision\">Decision: " + markup_escape(words) + "</p>\n";
  }
  void answer_space() override { body_ += "<div class=\"answer\" aria-label=\"space for your answer\"></div>\n"; }
  void options(const std::vector<std::string>& labels) override {
    body_ += "<ul class=\"options\">\n";
    for (const auto& l : labels) body_ += "<li>" + markup_escape(l) + "</li>\n";
    body_ += "</ul>\n";
  }
  void begin_step() override { body_ += "<section class=\"step\">\n"; }
  void end_step() override { body_ += "</section>\n"; }
  std::string finish() override {
    const char* size = paper_ == Paper::Letter ? "letter" : "A4";
    return std::string("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>") + markup_escape(title_) +
           "</title>\n<style>\n@page { size: " + size + "; margin: 18mm 16mm 20mm; }\n" + kStyle + "</style>\n</head>\n<body>\n" +
           body_ + "</body>\n</html>\n";
  }

 private:
  static constexpr const char* kStyle =
      "body { font: 11pt/1.45 Georgia, 'DejaVu Serif', serif; color: #111; max-width: 46em; margin: 2em auto; padding: 0 1em; }\n"
      "h1 { font-size: 20pt; margin-bottom: .2em; } h2 { font-size: 14pt; margin-top: 1.4em; } h3 { font-size: 12pt; }\n"
      "h1, h2, h3, .decision { font-family: 'DejaVu Sans', Arial, sans-serif; }\n"
      ".meta { color: #555; margin-top: 0; }\n"
      "blockquote { border-left: 3px solid #999; margin: .5em 0; padding: 0 0 0 .9em; color: #333; }\n"
      ".decision { display: inline-block; border: 2px solid #111; padding: .2em .7em; font-weight: bold; }\n"
      ".answer { height: 7em; border: 1px solid #999; border-radius: 3px; margin: .4em 0 1.2em;\n"
      "  background: repeating-linear-gradient(transparent 0 1.7em, #ddd 1.7em calc(1.7em + 1px)); }\n"
      "ul.options { list-style: none; padding-left: .5em; } ul.options li::before { content: '\\2610  '; font-size: 13pt; }\n"
      "section.step { border-top: 1px solid #ccc; margin-top: 2em; }\n"
      "@media print {\n"
      "  body { margin: 0; max-width: none; padding: 0; }\n"
      "  section.step { break-before: page; border-top: none; margin-top: 0; }\n"
      "  h1, h2, h3 { break-after: avoid; } blockquote, .answer, li { break-inside: avoid; }\n"
      "}\n";
  Paper paper_;
  std::string title_, body_;
};

std::string people_words(const char* status) {
  std::string s = status;
  for (char& c : s)
    if (c == '_') c = ' ';
  return s;
}

std::string proposal_words(const StepOutcome& o) {
  return describe_proposal(*o.engine, o.proposal) + " (as of " + format_date(o.proposal.date) + ")";
}

// What the class sees of a step: its heading, time and channel, what changes, the proposal
// (left out when empty: it differs between the paths through the step).
void inject(Writer& w, const Step& step, const std::vector<std::string>& changes, const std::string& proposal,
            const std::string& number) {
  w.heading(2, "Step " + number + ": " + step.title);
  std::string when;
  if (step.time >= 0) when = "Exercise clock " + format_clock(step.time);
  if (!step.channel.empty()) when += (when.empty() ? "Arrives by " : " · arrives by ") + step.channel;
  if (!when.empty()) w.para(when);
  if (!changes.empty()) {
    w.labeled("What changes", "");
    w.list(changes, false);
  }
  if (!proposal.empty()) w.labeled("Proposal", proposal);
}

void decision_point(Writer& w, const Branch& b, bool trainee) {
  w.labeled("Decision point", b.prompt);
  std::vector<std::string> labels;
  for (const Option& opt : b.options) labels.push_back(trainee ? opt.label : opt.label + " (option " + opt.id + ")");
  if (trainee) w.options(labels);
  else w.list(labels, true);
}

// A clause as the instructor reads it, and whether it reads the same as in the step before.
struct ClauseLine {
  std::string signature;  // status, because and tally: equal means "unchanged"
  std::size_t since = 0;  // the step where it first read so
};

// `quoted`: the clause texts (id and version) already quoted on this path, with their step.
void clause_detail(Writer& w, const Engine& e, const Proposal& p, const ClauseResult& r, std::size_t number,
                   std::map<std::string, std::size_t>& quoted) {
  const Tables& t = e.tables();
  const Clause& c = e.rules().clauses[r.clause];
  std::string head = c.cite + (c.title.empty() ? "" : ": " + c.title) +
                     " — " + people_words(clause_status_name(r.status));
  if (r.status == ClauseStatus::SetAside) head += " by " + e.rules().clauses[static_cast<size_t>(r.set_aside_by)].cite;
  w.heading(3, head);
  if (r.status != ClauseStatus::SetAside) {
    if (auto because = render_because(e, p, r.clause); !because.empty()) w.para(because);
    if (!c.text.empty()) {
      const auto [at, first] = quoted.emplace(c.id + "|" + c.version, number);
      if (first) w.quote(c.text);
      else w.para("(Text quoted in step " + std::to_string(at->second) + ".)");
    }
    if (!r.required.empty()) {
      std::vector<std::string> tally;
      auto add = [&](const char* label, const Bits& b) {
        tally.push_back(std::string(label) + ": " + (b.empty() ? "none" : party_labels(t, b)));
      };
      add("Consented", r.consented);
      add("Objected", r.objected);
      add("Abstained", r.abstained);
      add("Still awaited", r.pending);
      w.list(tally, false);
    }
  }
}

std::string signature(const Engine& e, const Proposal& p, const ClauseResult& r) {
  const Tables& t = e.tables();
  return std::string(clause_status_name(r.status)) + "|" + render_because(e, p, r.clause) + "|" + party_list(t, r.consented) + "|" +
         party_list(t, r.objected) + "|" + party_list(t, r.abstained) + "|" + party_list(t, r.pending) + "|" +
         std::to_string(r.set_aside_by) + "|" + e.rules().clauses[r.clause].version;
}

// The applying clauses of a step, each with the step since which it reads the same.
std::map<std::string, ClauseLine> clause_lines(const StepOutcome& o, std::size_t number, const std::map<std::string, ClauseLine>& last) {
  std::map<std::string, ClauseLine> now;
  if (o.answer.depends()) return now;
  for (const ClauseResult* r : report_order(o.decision())) {
    const std::string& id = o.engine->rules().clauses[r->clause].id;
    ClauseLine line{signature(*o.engine, o.proposal, *r), number};
    if (auto it = last.find(id); it != last.end() && it->second.signature == line.signature) line.since = it->second.since;
    now[id] = line;
  }
  return now;
}

// The instructor's part of a step: the decision and why, what would change it, the debrief.
void answer(Writer& w, const Step& step, const StepOutcome& o, std::size_t number, std::map<std::string, ClauseLine>& last,
            std::map<std::string, std::size_t>& quoted) {
  const Engine& e = *o.engine;
  w.decision(headline_words(headline(e, o.answer)));
  w.list(summary(e, o.proposal, o.answer), false);
  auto now = clause_lines(o, number, last);
  std::vector<std::string> unchanged;
  if (!o.answer.depends())
    for (const ClauseResult* r : report_order(o.decision())) {
      const Clause& c = e.rules().clauses[r->clause];
      if (now[c.id].since == number) clause_detail(w, e, o.proposal, *r, number, quoted);
      else unchanged.push_back(c.cite + " (" + people_words(clause_status_name(r->status)) + ", since step " + std::to_string(now[c.id].since) + ")");
    }
  if (!unchanged.empty()) w.labeled("Unchanged", join_words(unchanged));
  last = std::move(now);
  if (!o.answer.depends()) {
    WhatIf what;
    // Only the positions part is printed: a timeline of one day, not of every date since 1945.
    if (what_if(e, o.proposal, o.options, {o.proposal.date, o.proposal.date + 1}, what).empty()) {
      w.labeled("What would change the outcome", "");
      w.list(position_changes(e, what), false);
    }
  }
  if (!step.debrief.empty()) w.labeled("Debrief", step.debrief);
  if (!step.instructor_notes.empty()) w.labeled("Instructor notes", step.instructor_notes);
}

// `label`: a bold line before them (none under a heading of their own).
void questions(Writer& w, const std::vector<std::string>& qs, bool trainee, const char* label) {
  if (qs.empty()) return;
  if (label) w.labeled(label, "");
  if (!trainee) return w.list(qs, true);
  for (std::size_t k = 0; k < qs.size(); ++k) {
    w.para(std::to_string(k + 1) + ". " + qs[k]);
    w.answer_space();
  }
}

// The steps path by path; a step already written (the same steps before it) is not written
// again, and a path's first new step says which option led to it.
void each_path(Writer& w, const std::vector<PlayedPath>& paths, bool trainee) {
  std::vector<std::vector<const Step*>> written;
  for (const PlayedPath& pp : paths) {
    std::map<std::string, ClauseLine> last;
    std::map<std::string, std::size_t> quoted;
    std::size_t branches = 0;
    for (std::size_t k = 0; k < pp.outcomes.size(); ++k) {
      const Step& step = *pp.path.steps[k];
      const StepOutcome& so = pp.outcomes[k];
      std::vector<const Step*> prefix(pp.path.steps.begin(), pp.path.steps.begin() + static_cast<long>(k) + 1);
      const bool after_branch = k > 0 && pp.path.steps[k - 1]->branch;
      if (after_branch) ++branches;
      const bool seen = std::find(written.begin(), written.end(), prefix) != written.end();
      if (seen) {  // written on an earlier path: only follow its clauses and quotes
        last = clause_lines(so, k + 1, last);
        if (!so.answer.depends())
          for (const ClauseResult* r : report_order(so.decision())) {
            const Clause& c = so.engine->rules().clauses[r->clause];
            if (r->status != ClauseStatus::SetAside && !c.text.empty()) quoted.emplace(c.id + "|" + c.version, k + 1);
          }
        continue;
      }
      written.push_back(prefix);
      w.begin_step();
      if (after_branch && paths.size() > 1) {
        const Option& chosen = *pp.path.choices[branches - 1];
        std::string path;
        for (std::size_t b = 0; b < branches; ++b) path += (b ? "/" : "") + pp.path.choices[b]->id;
        w.para("If the class chose “" + chosen.label + "” (path " + path + ")");
        if (!trainee && !chosen.instructor_notes.empty()) w.labeled("Instructor notes", chosen.instructor_notes);
      }
      inject(w, step, so.changes, proposal_words(so), std::to_string(k + 1));
      if (!trainee) answer(w, step, so, k + 1, last, quoted);
      questions(w, step.questions, trainee, "Questions");
      if (step.branch) decision_point(w, *step.branch, trainee);
      w.end_step();
    }
  }
}

// A trainee handout of every path: each step once, in the order of the file, each option's
// steps under "If the class chooses ...", then the steps that follow whichever it chose.
// No outcome is shown, so a step after the paths meet reads the same on all of them (its
// proposal is left out when the paths give it different ones).
struct TraineeTree {
  Writer& w;
  // Each step's outcomes on the paths through it, with its number on each path.
  std::map<const Step*, std::vector<std::pair<const StepOutcome*, std::size_t>>> outcomes;
  std::vector<std::string> lead;  // "If the class chooses ...": said at the top of the next step

  void write(const std::vector<Step>& steps) {
    for (std::size_t i = 0; i < steps.size(); ++i) {
      const Step& step = steps[i];
      const auto& os = outcomes[&step];
      if (os.empty()) continue;  // not on a path played
      // Its number as on each path ("Step 4 or 5"), what changes on every path, and the
      // proposal when the paths agree on it.
      std::vector<std::size_t> numbers;
      for (const auto& [o, n] : os)
        if (std::find(numbers.begin(), numbers.end(), n) == numbers.end()) numbers.push_back(n);
      std::sort(numbers.begin(), numbers.end());
      std::vector<std::string> number_words, changes = os.front().first->changes;
      for (std::size_t n : numbers) number_words.push_back(std::to_string(n));
      std::string proposal = proposal_words(*os.front().first);
      bool same_changes = true;
      for (const auto& on : os) {
        const std::vector<std::string>& its = on.first->changes;  // clang before 16 cannot capture a structured binding
        if (proposal_words(*on.first) != proposal) proposal.clear();
        if (its != os.front().first->changes) same_changes = false;
        changes.erase(std::remove_if(changes.begin(), changes.end(),
                                     [&](const std::string& c) { return std::find(its.begin(), its.end(), c) == its.end(); }),
                      changes.end());
      }
      if (!same_changes) changes.push_back("more, depending on the option chosen before");
      w.begin_step();
      for (const auto& l : lead) w.para(l);
      lead.clear();
      std::string number;
      for (std::size_t k = 0; k < number_words.size(); ++k) number += (k ? k + 1 == number_words.size() ? " or " : ", " : "") + number_words[k];
      inject(w, step, changes, proposal, number);
      questions(w, step.questions, true, "Questions");
      if (step.branch) decision_point(w, *step.branch, true);
      w.end_step();
      if (!step.branch) continue;
      for (const Option& o : step.branch->options) {
        lead.push_back("If the class chooses “" + o.label + "”" + (o.steps.empty() ? ": nothing changes." : ":"));
        write(o.steps);
      }
      if (i + 1 < steps.size()) lead.push_back("Whichever option the class chose:");
    }
  }
};

}  // namespace

std::optional<std::vector<PlayedPath>> play_paths(const Scenario& s, const std::vector<Path>& paths,
                                                  std::shared_ptr<const Engine> engine, Diagnostics& d) {
  std::vector<PlayedPath> out;
  bool ok = true;
  for (const Path& p : paths) {
    auto outcomes = run_path(s, p, engine, d);
    if (!outcomes) ok = false;
    else out.push_back({p, std::move(*outcomes)});
  }
  if (!ok) return std::nullopt;
  return out;
}

const PlayedPath& played_path(const std::vector<PlayedPath>& played, const Path& p) {
  return *std::find_if(played.begin(), played.end(), [&](const PlayedPath& x) { return x.path.steps == p.steps; });
}

std::string render_handout(const Scenario& s, const std::vector<PlayedPath>& paths, const HandoutOptions& o) {
  const bool trainee = o.kind == HandoutKind::Trainee;
  std::unique_ptr<Writer> w;
  if (o.format == HandoutFormat::Html) w = std::make_unique<HtmlWriter>(o.paper);
  else w = std::make_unique<MarkdownWriter>();
  const Engine& e = *paths.front().outcomes.front().engine;

  std::string subtitle = std::string(trainee ? "Trainee handout" : "Instructor handout") + " · exercise " + s.id;
  if (!s.audience.empty()) subtitle += " · for " + s.audience;
  if (s.duration > 0) subtitle += " · " + format_duration(s.duration);
  if (paths.size() > 1) subtitle += " · " + std::to_string(paths.size()) + " paths through its decision points";
  w->title(s.title, subtitle);
  if (!s.objectives.empty()) {
    w->heading(2, "Objectives");
    w->list(s.objectives, false);
  }
  if (!s.roles.empty()) {
    w->heading(2, "Roles");
    const auto parties = role_parties(e, s);
    for (std::size_t r = 0; r < s.roles.size(); ++r) {
      w->heading(3, s.roles[r].team + " — plays " + party_words(e.tables(), parties[r]));
      if (!s.roles[r].brief.empty()) w->para(s.roles[r].brief);
    }
  }
  if (!s.briefing.empty()) {
    w->heading(2, "Briefing");
    w->para(s.briefing);
  }
  if (!trainee && !s.instructor_notes.empty()) w->labeled("Instructor notes", s.instructor_notes);

  if (trainee && paths.size() > 1) {
    TraineeTree tree{*w, {}, {}};
    for (const PlayedPath& pp : paths)
      for (std::size_t k = 0; k < pp.outcomes.size(); ++k) tree.outcomes[pp.path.steps[k]].emplace_back(&pp.outcomes[k], k + 1);
    tree.write(s.steps);
    for (const auto& l : tree.lead) w->para(l);
  } else {
    each_path(*w, paths, trainee);
  }
  if ((!trainee && !s.debrief.empty()) || !s.questions.empty()) {
    w->begin_step();
    if (!trainee && !s.debrief.empty()) {
      w->heading(2, "Debrief");
      w->para(s.debrief);
    }
    if (!s.questions.empty()) {
      w->heading(2, "Questions for discussion");
      questions(*w, s.questions, trainee, nullptr);
    }
    w->end_step();
  }
  return w->finish();
}

}  // namespace accord::internal
