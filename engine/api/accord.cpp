// The public API (include/accord/accord.h) over the pipeline: each call is one or two calls
// into the stages, and internal types never leave this file.
#include <accord/accord.h>

#include <sstream>

#include "analysis/whatif.h"
#include "batch/batch.h"
#include "core/diagnostics.h"
#include "core/source.h"
#include "core/unreachable.h"
#include "load/proposal_builder.h"
#include "load/proposal_loader.h"
#include "load/rules_loader.h"
#include "load/yaml_doc.h"
#include "report/json_writer.h"
#include "report/report.h"

namespace accord {

namespace in = internal;

// ---- values ------------------------------------------------------------------------------

Status::Status(std::vector<Diagnostic> diagnostics, std::string formatted)
    : diagnostics_(std::move(diagnostics)), formatted_(std::move(formatted)) {}

bool Status::ok() const {
  for (const Diagnostic& d : diagnostics_)
    if (d.severity == Diagnostic::Severity::Error) return false;
  return true;
}

static Status status_of(const in::Diagnostics& d) {
  std::vector<Diagnostic> out;
  for (const in::Diagnostic& x : d.items()) {
    const auto severity = [&] {
      switch (x.severity) {
        case in::Severity::Error: return Diagnostic::Severity::Error;
        case in::Severity::Warning: return Diagnostic::Severity::Warning;
        case in::Severity::Info: return Diagnostic::Severity::Note;
      }
      in::unreachable("status_of: a severity outside Severity");
    }();
    out.push_back({severity, x.pos.file, x.pos.line, x.pos.col, x.message});
  }
  return Status(std::move(out), d.str());
}

// An error without a position ("field 'actor': unknown party 'USB'; ...").
static Status error(const std::string& message) {
  in::Diagnostics d;
  d.error({}, message);
  return status_of(d);
}

const char* verdict_name(Verdict v) { return in::verdict_name(static_cast<in::Verdict>(v)); }
static_assert(static_cast<int>(Verdict::Prohibited) == static_cast<int>(in::Verdict::Prohibited));

const char* version() { return ACCORD_VERSION; }

// ---- engine, proposal, decision ------------------------------------------------------------

struct Engine::Impl {
  std::unique_ptr<in::Engine> engine;
  Status load_status;
  const in::Tables& tables() const { return engine->tables(); }
};

struct Proposal::Impl {
  std::shared_ptr<const Engine::Impl> engine;
  in::Proposal p;
};

struct Decision::Impl {
  std::shared_ptr<const Proposal::Impl> proposal;
  in::Answer answer;
  const in::Engine& engine() const { return *proposal->engine->engine; }
};

Result<Engine> Engine::load(const std::vector<std::string>& rule_dirs) {
  std::vector<std::string> dirs = rule_dirs;
  if (dirs.empty()) {
    std::string why;
    auto dir = in::default_rules_dir(why);
    if (!dir) return error(why);
    dirs.push_back(*dir);
  }
  in::Diagnostics d;
  auto impl = std::make_shared<Impl>();
  if (auto rules = in::load_rules(dirs, d)) impl->engine = in::Engine::build(std::move(*rules), d);
  impl->load_status = status_of(d);
  if (!impl->engine) return impl->load_status;
  Engine e;
  e.impl_ = std::move(impl);
  return e;
}

const Status& Engine::load_status() const { return impl_->load_status; }

Result<Proposal> Engine::proposal(const std::vector<std::pair<std::string, std::string>>& fields,
                                  const std::vector<std::pair<std::string, std::string>>& positions) const {
  const in::ProposalBuilder b(impl_->tables());
  auto impl = std::make_shared<Proposal::Impl>();
  impl->engine = impl_;
  b.reset(impl->p);
  in::Diagnostics d;
  for (const auto& [name, value] : fields)
    if (const in::FieldError e = b.set_text(impl->p, name, value))
      d.error({}, e.kind == in::FieldProblem::UnknownField ? e.message : "field '" + name + "': " + e.message);
  for (const auto& [party, stance] : positions)
    if (const in::FieldError e = b.set_position(impl->p, party, stance)) d.error({}, "positions: " + e.message);
  if (!d.has_errors())
    if (const in::FieldError e = b.finish(impl->p, in::today_utc())) d.error({}, e.message);
  if (d.has_errors()) return status_of(d);
  Proposal p;
  p.impl_ = std::move(impl);
  return p;
}

Result<Proposal> Engine::parse_proposal(std::string_view text, std::string_view name) const {
  const in::ProposalBuilder b(impl_->tables());
  auto impl = std::make_shared<Proposal::Impl>();
  impl->engine = impl_;
  in::Diagnostics d;
  // JSON is YAML: one loader, positioned errors for both.
  const auto file = std::make_shared<const in::SourceFile>(std::string(name), std::string(text));
  if (!in::load_proposal_file(file, b, in::today_utc(), impl->p, d)) return status_of(d);
  Proposal p;
  p.impl_ = std::move(impl);
  return p;
}

Result<Proposal> Engine::read_proposal(const std::string& path) const {
  in::Diagnostics d;
  const auto file = in::SourceFile::read(path, d);
  if (!file) return status_of(d);
  return parse_proposal(file->text(), path);
}

// Readings named by clause id and reading name, resolved against the loaded clauses.
static Status resolve(const in::Engine& e, const DecideOptions& options, in::DecideOptions& out) {
  out.readings.assign(e.clauses().size(), -1);
  for (const auto& [clause, reading] : options.readings)
    if (std::string problem = in::resolve_reading(e, clause + "=" + reading, out); !problem.empty())
      return error("reading " + clause + "=" + reading + ": " + problem);
  return {};
}

Result<Decision> Engine::decide(const Proposal& proposal, const DecideOptions& options) const {
  if (!proposal.impl_ || proposal.impl_->engine != impl_)
    return error("the proposal was built by another engine: build it with this engine's proposal()");
  in::DecideOptions opts;
  if (Status s = resolve(*impl_->engine, options, opts); !s.ok()) return s;
  auto impl = std::make_shared<Decision::Impl>();
  impl->proposal = proposal.impl_;
  if (std::string e = in::decide_answer(*impl_->engine, proposal.impl_->p, opts, impl->answer); !e.empty())
    return error(e);
  Decision d;
  d.impl_ = std::move(impl);
  return d;
}

Result<std::string> Engine::what_if(const Proposal& proposal, bool json) const {
  if (!proposal.impl_ || proposal.impl_->engine != impl_)
    return error("the proposal was built by another engine: build it with this engine's proposal()");
  in::WhatIf w;
  const in::Engine& e = *impl_->engine;
  const in::Proposal& p = proposal.impl_->p;
  if (std::string problem = in::what_if(e, p, {}, {}, w); !problem.empty()) return error(problem);
  std::string out;
  if (json) in::render_whatif_json(e, p, w, out);
  else out = in::render_whatif_text(e, p, w, false);
  return out;
}

BatchResult Engine::decide_lines(std::string_view jsonl, std::string& out, unsigned threads,
                                 const DecideOptions& options) const {
  BatchResult r;
  in::BatchOptions o;
  o.threads = threads == 0 ? 1 : threads;
  if (Status s = resolve(*impl_->engine, options, o.decide); !s.ok()) {
    r.errors = 1;
    r.diagnostics = s.message();
    return r;
  }
  in::MemorySource src(jsonl);
  std::ostringstream decisions, errors;
  in::run_batch(*impl_->engine, o, src, "batch", decisions, errors);
  const std::string text = decisions.str();
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = text.find('\n', at);
    r.lines++;
    r.errors += text.compare(at, 8, "{\"line\":") == 0;
    at = end == std::string::npos ? text.size() : end + 1;
  }
  out += text;
  r.diagnostics = errors.str();
  return r;
}

std::vector<std::string> Engine::actions() const {
  std::vector<std::string> out;
  for (const auto& a : impl_->engine->rules().schema.actions) out.push_back(a.name);
  return out;
}

std::vector<std::string> Engine::fields(std::string_view action) const {
  const in::Tables& t = impl_->tables();
  std::uint64_t allowed = ~std::uint64_t{0};  // every field, when no action is named
  if (!action.empty()) {
    const auto id = t.strings.find(action);
    if (!id || !t.domains[in::kActionDomain].set.test(*id)) return {};
    allowed = t.action_allowed[*id];
  }
  std::vector<std::string> out;
  for (std::size_t fi = 0; fi < t.fields.size(); ++fi)
    if (allowed >> fi & 1) out.push_back(t.fields[fi].name);
  return out;
}

std::vector<std::string> Engine::parties() const {
  const in::Tables& t = impl_->tables();
  std::vector<std::string> out;
  for (std::size_t id = 1; id < t.parties.size(); ++id)  // not the instruments: no proposal names one
    if (!t.is_instrument[id]) out.push_back(t.parties.name(static_cast<in::SymId>(id)));
  return out;
}

std::size_t Engine::clause_count() const { return impl_->engine->rules().clause_count(); }

std::string Proposal::id() const { return impl_->p.id; }
std::string Proposal::action() const { return impl_->engine->tables().strings.name(impl_->p.action()); }
std::string Proposal::date() const { return in::format_date(impl_->p.date); }
std::string Proposal::describe() const { return in::describe_proposal(*impl_->engine->engine, impl_->p); }
std::string Proposal::to_json() const {
  std::string out;
  in::JsonWriter w(out);
  in::write_proposal(w, impl_->engine->tables(), impl_->p);
  w.finish();
  return out;
}

static std::vector<std::string> codes(const in::Tables& t, const in::Bits& set) {
  std::vector<std::string> out;
  set.for_each([&](unsigned id) { out.push_back(t.parties.name(static_cast<in::SymId>(id))); });
  return out;
}

Verdict Decision::verdict() const { return static_cast<Verdict>(impl_->answer.verdict()); }
bool Decision::depends() const { return impl_->answer.depends(); }
std::string Decision::as_of() const { return in::format_date(impl_->answer.decision().as_of); }
std::vector<std::string> Decision::pending() const { return codes(impl_->engine().tables(), impl_->answer.decision().pending); }
std::vector<std::string> Decision::vetoed_by() const { return codes(impl_->engine().tables(), impl_->answer.decision().vetoed_by); }

std::vector<std::string> Decision::prohibited_by() const {
  std::vector<std::string> out;
  for (std::uint32_t c : impl_->answer.decision().prohibited_by) out.push_back(impl_->engine().rules().clauses[c].id);
  return out;
}

std::vector<ClauseOutcome> Decision::clauses() const {
  const in::Engine& e = impl_->engine();
  const in::Tables& t = e.tables();
  std::vector<ClauseOutcome> out;
  for (const in::ClauseResult* r : in::report_order(impl_->answer.decision())) {
    const in::Clause& c = e.rules().clauses[r->clause];
    ClauseOutcome o;
    o.id = c.id;
    o.cite = c.cite;
    o.title = c.title;
    o.status = in::clause_status_name(r->status);
    if (c.readings.size() > 1) o.reading = c.readings[r->reading].name;
    o.because = in::render_because(e, impl_->proposal->p, r->clause);
    o.pending = codes(t, r->pending);
    o.vetoed_by = codes(t, r->blocking);
    o.binds = codes(t, r->binds);
    out.push_back(std::move(o));
  }
  return out;
}

std::string Decision::to_text(bool explain) const {
  return in::render_text(impl_->engine(), impl_->proposal->p, impl_->answer, {explain, false});
}

std::string Decision::to_json(bool explain) const {
  std::string out;
  in::render_json(impl_->engine(), impl_->proposal->p, impl_->answer, explain, out);
  return out;
}

}  // namespace accord
