#include "load/proposal_loader.h"

#include <algorithm>

#include "load/yaml_doc.h"

namespace accord::internal {

bool apply_proposal_fields(const SourceRef& f, const yaml::Node& node, const ProposalBuilder& b,
                           Proposal& p, Diagnostics& d, std::initializer_list<const char*> extra,
                           std::initializer_list<const char*> reported) {
  auto entries = as_entries(f, node, "the proposal", d);
  if (!entries) return false;
  bool ok = true;
  // An unknown key: suggest among the proposal fields and the caller's own keys.
  auto unknown_key = [&](const MapEntry& e) {
    std::vector<std::string> names = b.field_names();
    names.insert(names.end(), extra.begin(), extra.end());
    const char* what = extra.size() ? "unknown key '" : "unknown proposal field '";
    d.error_at(*f, e.key_loc.offset, with_suggestion(what + e.key + "'", e.key, names));
    ok = false;
  };
  auto report = [&](const yaml::Node& at, const std::string& err) {
    if (err.empty()) return;
    d.error_at(*f, loc_of(f, at).offset, err);
    ok = false;
  };
  for (const auto& e : *entries) {
    // Past the cap on diagnostics the proposal is bad anyway: stop checking (a line of 10,000
    // unknown parties costs no more than its first hundred).
    if (d.saturated(f->path())) return d.stopped(f->path()), false;
    auto among = [&](std::initializer_list<const char*> keys) {
      return std::find_if(keys.begin(), keys.end(), [&](const char* k) { return e.key == k; }) != keys.end();
    };
    if (among(extra) || among(reported)) continue;
    if (e.key == "positions") {
      auto pos = as_entries(f, e.value, "positions", d);
      if (!pos) { ok = false; continue; }
      for (const auto& pe : *pos) {
        if (d.saturated(f->path())) return d.stopped(f->path()), false;
        if (!pe.value.IsScalar()) {
          d.error_at(*f, loc_of(f, pe.value).offset, "a position must be consent, object or abstain");
          ok = false;
          continue;
        }
        // Point at the party when it is unknown, at the position otherwise.
        if (const FieldError err = b.set_position(p, pe.key, pe.value.Scalar())) {
          const bool party_bad = err.kind == FieldProblem::UnknownParty;
          d.error_at(*f, party_bad ? pe.key_loc.offset : loc_of(f, pe.value).offset, err.message);
          ok = false;
        }
      }
      continue;
    }
    if (e.value.IsNull()) {
      const FieldError err = b.unset(p, e.key);
      if (err.kind == FieldProblem::UnknownField) unknown_key(e);
      else if (err) d.error_at(*f, e.key_loc.offset, err.message), ok = false;
      continue;
    }
    if (b.is_set_field(e.key)) {
      b.clear_set(p, e.key);
      b.mark_present(p, e.key);  // [] is a given, empty list
      if (!e.value.IsSequence()) {
        report(e.value, "field '" + e.key + "' takes a list of parties, e.g. [RUS, KAZ]");
        continue;
      }
      for (const auto& item : e.value) {
        if (d.saturated(f->path())) return d.stopped(f->path()), false;
        if (!item.IsScalar()) { report(item, "expected a party code"); continue; }
        report(item, b.add_to_set(p, e.key, item.Scalar()).message);
      }
      continue;
    }
    if (!e.value.IsScalar()) {
      if (b.set(p, e.key, "").kind == FieldProblem::UnknownField) {
        unknown_key(e);
      } else {
        report(e.value, "field '" + e.key + "' takes a single value");
      }
      continue;
    }
    const FieldError err = b.set(p, e.key, e.value.Scalar());
    if (err.kind == FieldProblem::UnknownField) {
      unknown_key(e);
    } else if (err) {
      d.error_at(*f, loc_of(f, e.value).offset, err.message);
      ok = false;
    }
  }
  return ok;
}

bool finish_proposal(const SourceRef& f, const yaml::Node& node, const ProposalBuilder& b,
                     Date default_date, Proposal& p, Diagnostics& d) {
  const FieldError err = b.finish(p, default_date);
  if (!err) return true;
  // At the action's value when there is one. (Positions, not nodes: assigning a yaml::Node
  // writes into the node it refers to, which would overwrite the map being iterated.)
  Loc at = loc_of(f, node);
  if (node.IsMap())
    for (const auto& kv : node)
      if (kv.first.IsScalar() && kv.first.Scalar() == "action") at = loc_of(f, kv.second);
  d.error_at(*f, at.offset, err.message);
  return false;
}

bool load_proposal_file(const SourceRef& f, const ProposalBuilder& b, Date default_date,
                        Proposal& p, Diagnostics& d) {
  auto root = parse_yaml(f, d);
  if (!root) return false;
  b.reset(p);
  if (!apply_proposal_fields(f, *root, b, p, d)) return false;
  return finish_proposal(f, *root, b, default_date, p, d);
}

}  // namespace accord::internal
