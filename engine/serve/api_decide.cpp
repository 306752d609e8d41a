// POST /v1/decide, /v1/decide/batch and /v1/whatif: the proposal is read by the same
// JsonProposalReader as `accord check --batch`, decided by decide_answer and rendered by
// render_json, so the service and the command agree byte for byte.
#include <sstream>

#include <nlohmann/json.hpp>

#include "analysis/whatif.h"
#include "batch/batch.h"
#include "load/json_proposal.h"
#include "report/json_writer.h"
#include "report/report.h"
#include "serve/api.h"

namespace accord::internal {

namespace {

// The query parameters the decision endpoints take.
struct Query {
  bool explain = false;
  std::vector<std::string> readings;  // CLAUSE_ID=NAME
  std::optional<Date> as_of, from, to;
};

ApiResponse bad_request(std::string_view message) { return {400, "application/json", Api::error_json(message), {}}; }

// Reads the query parameters; on a problem returns the 400 response.
std::optional<ApiResponse> read_query(const ApiRequest& r, std::initializer_list<std::string_view> allowed, Query& q) {
  for (const auto& [key, value] : r.query) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      const std::vector<std::string> names(allowed.begin(), allowed.end());
      return bad_request(with_suggestion("unknown query parameter '" + key + "'", key, names));
    }
    if (key == "explain") {
      if (value != "1" && value != "0" && value != "true" && value != "false" && !value.empty())
        return bad_request("explain=" + value + ": expected 1 or 0");
      q.explain = value != "0" && value != "false";
    } else if (key == "reading") {
      q.readings.push_back(value);
    } else {
      const auto d = parse_date(value);
      if (!d) return bad_request(key + "=" + value + ": not a date: expected YYYY-MM-DD");
      (key == "as_of" ? q.as_of : key == "from" ? q.from : q.to) = d;
    }
  }
  if (q.from && q.to && *q.to <= *q.from) return bad_request("to must be after from");
  return std::nullopt;
}

std::optional<ApiResponse> readings(const Engine& e, const Query& q, DecideOptions& opts) {
  opts.readings.assign(e.clauses().size(), -1);
  for (const auto& spec : q.readings)
    if (const std::string problem = resolve_reading(e, spec, opts); !problem.empty())
      return bad_request("reading=" + spec + ": " + problem);
  return std::nullopt;
}

// A reader per thread, rebuilt when the rules change (it holds the rules' tables).
JsonProposalReader& reader_for(const RulesSnapshot& rules) {
  thread_local std::shared_ptr<const Engine> engine;
  thread_local std::unique_ptr<JsonProposalReader> reader;
  if (engine != rules.engine) {
    reader.reset();
    engine = rules.engine;
    reader = std::make_unique<JsonProposalReader>(engine->tables());
  }
  return *reader;
}

// Reads the body as one proposal; on a problem returns the 400 response.
std::optional<ApiResponse> read_body(const std::string& body, const RulesSnapshot& rules, const Query& q, Proposal& p) {
  JsonProposalReader& reader = reader_for(rules);
  const Date today = today_utc();
  thread_local std::string padded;
  padded.assign(body);
  padded.append(JsonProposalReader::padding(), '\0');
  if (!reader.read(padded.data(), body.size(), today, p)) {
    Diagnostics d;
    reader.explain(std::make_shared<const SourceFile>("request", body), today, d);
    return Api::diagnostics_error(400, d);
  }
  if (q.as_of) p.date = *q.as_of, p.scalars[kDateSlot] = *q.as_of;
  return std::nullopt;
}

}  // namespace

void log_decision(DecisionLog* log, const ApiRequest& r, const RulesSnapshot& rules, std::string_view endpoint,
                  const Proposal& p, std::string_view decision_json) {
  if (!log) return;
  std::string line;
  {
    JsonWriter w(line);
    w.begin_object().key("time").value(utc_now_text()).key("request_id").value(r.request_id);
    w.key("endpoint").value(endpoint).key("rules_hash").value(rules.hash);
    w.key("proposal");
    write_proposal(w, rules.engine->tables(), p);
    w.key("decision").raw(decision_json).end_object();
  }
  log->write(line);
}

ApiResponse Api::decide(const ApiRequest& r, const RulesSnapshot& rules) {
  Query q;
  DecideOptions opts;
  if (auto bad = read_query(r, {"explain", "reading", "as_of"}, q)) return *bad;
  if (auto bad = readings(*rules.engine, q, opts)) return *bad;
  Proposal p;
  if (auto bad = read_body(r.body, rules, q, p)) return *bad;
  Answer a;
  if (std::string e = decide_answer(*rules.engine, p, opts, a); !e.empty()) return bad_request(e);
  ApiResponse res;
  render_json(*rules.engine, p, a, q.explain, res.body);
  metrics_.decisions_in(res.body);
  log_decision(log_, r, rules, "decide", p, res.body);
  res.body += '\n';
  return res;
}

ApiResponse Api::whatif(const ApiRequest& r, const RulesSnapshot& rules) {
  Query q;
  DecideOptions opts;
  if (auto bad = read_query(r, {"reading", "as_of", "from", "to"}, q)) return *bad;
  if (auto bad = readings(*rules.engine, q, opts)) return *bad;
  Proposal p;
  if (auto bad = read_body(r.body, rules, q, p)) return *bad;
  WhatIf w;
  WhatIfRange range{q.from, q.to};
  if (std::string e = what_if(*rules.engine, p, opts, range, w); !e.empty()) return bad_request(e);
  ApiResponse res;
  render_whatif_json(*rules.engine, p, w, res.body);
  res.body += '\n';
  return res;
}

ApiResponse Api::decide_batch(const ApiRequest& r, const RulesSnapshot& rules) {
  Query q;
  DecideOptions opts;
  if (auto bad = read_query(r, {"explain", "reading", "as_of"}, q)) return *bad;
  if (auto bad = readings(*rules.engine, q, opts)) return *bad;
  // A JSON array is turned into JSON lines, one element per line; "line" in an error is then
  // the element's number.
  std::string lines;
  const std::size_t first = r.body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && r.body[first] == '[') {
    try {
      const auto array = nlohmann::json::parse(r.body);
      for (const auto& item : array) lines += item.dump() + '\n';
    } catch (const nlohmann::json::exception&) {
      Diagnostics d;
      check_json_syntax(std::make_shared<const SourceFile>("request", r.body), d);
      return Api::diagnostics_error(400, d);
    }
  }
  const std::string& input = lines.empty() && (first == std::string::npos || r.body[first] != '[') ? r.body : lines;
  BatchOptions o;
  o.decide = opts;
  o.explain = q.explain;
  o.as_of = q.as_of;
  MemorySource src(input);
  ApiResponse res{200, "application/x-ndjson", {}, {}};
  StringOut out(res.body);
  std::ostringstream err;
  run_batch(*rules.engine, o, src, "request", out, err);
  metrics_.decisions_in(res.body);
  if (log_) {
    // run_batch answers every line that is not blank with one line, in order.
    JsonProposalReader& reader = reader_for(rules);
    const Date today = today_utc();
    std::string padded;
    std::size_t in = 0, outp = 0;
    while (in < input.size() && outp < res.body.size()) {
      std::size_t in_end = input.find('\n', in), out_end = res.body.find('\n', outp);
      if (in_end == std::string::npos) in_end = input.size();
      std::string_view line(input.data() + in, in_end - in);
      in = in_end + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);  // as LineReader reads it
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      const std::string_view decision(res.body.data() + outp, out_end - outp);
      outp = out_end + 1;
      Proposal p;
      padded.assign(line);
      padded.append(JsonProposalReader::padding(), '\0');
      if (decision.rfind("{\"line\":", 0) == 0 || !reader.read(padded.data(), line.size(), today, p)) continue;
      if (q.as_of) p.date = *q.as_of, p.scalars[kDateSlot] = *q.as_of;
      log_decision(log_, r, rules, "decide/batch", p, decision);
    }
  }
  return res;
}

}  // namespace accord::internal
