// The live role-play rooms over HTTP (docs/serve.md#live-role-play-rooms): POST /v1/rooms
// opens one; GET /v1/rooms/{code}?token= is the screen of the token's holder (the
// facilitator's, or a team's, which never holds the decision, debrief or notes before the
// reveal); POST .../position, .../advance, .../reveal, .../back change it and answer the
// same screen; DELETE closes it. The rooms themselves are in rooms.cpp.
#include <nlohmann/json.hpp>

#include "load/json_proposal.h"
#include "report/json_writer.h"
#include "report/report.h"
#include "report/summary.h"
#include "scenario/handout.h"
#include "serve/api.h"

namespace accord::internal {

namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

ApiResponse refused(const RoomError& e) { return {e.status, "application/json", Api::error_json(e.message), {}}; }
ApiResponse bad_request(const std::string& message) { return refused({400, message}); }

std::string field(const Fields& f, std::string_view key) {
  for (const auto& [k, v] : f)
    if (k == key) return v;
  return {};
}

// The body: a JSON object of strings, its keys among `allowed`; on a problem, the 400.
std::optional<ApiResponse> read_fields(const std::string& body, const std::vector<std::string>& allowed, Fields& out) {
  const auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    Diagnostics d;
    check_json_syntax(std::make_shared<const SourceFile>("request", body), d);
    if (d.error_count() == 0) return bad_request("the body is not JSON");
    return Api::diagnostics_error(400, d);
  }
  if (!j.is_object()) return bad_request("the body must be a JSON object, e.g. {\"" + allowed.front() + "\": \"...\"}");
  for (const auto& [key, value] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      return bad_request(with_suggestion("unknown key '" + key + "'", key, allowed));
    if (!value.is_string()) return bad_request("'" + key + "' must be a string");
    out.emplace_back(key, value.get<std::string>());
  }
  return std::nullopt;
}

std::string link(const std::string& code, const std::string& token) { return "/room.html#room=" + code + "&token=" + token; }

void party(JsonWriter& w, const Tables& t, SymId id) {
  w.begin_object().key("code").value(t.parties.name(id)).key("name").value(party_word(t, id)).end_object();
}

void parties(JsonWriter& w, const Tables& t, const Bits& set) {
  w.begin_array();
  set.for_each([&](unsigned id) { party(w, t, static_cast<SymId>(id)); });
  w.end_array();
}

void strings(JsonWriter& w, const std::vector<std::string>& v) {
  w.begin_array();
  for (const auto& x : v) w.value(x);
  w.end_array();
}

// What every screen shows: whose seat it is, the room, the exercise, the current inject.
void common(JsonWriter& w, const char* seat, const Room& room, const RoomDecision& d, std::chrono::seconds ttl) {
  w.begin_object().key("seat").value(seat);
  const Scenario& s = room.exercise->scenario;
  const Step& step = *room.path.steps[room.step];
  const StepOutcome& o = room.outcome;
  w.key("code").value(room.code).key("exercise").value(room.exercise->name).key("title").value(s.title);
  w.key("briefing").value(s.briefing).key("version").value(static_cast<std::int64_t>(room.version));
  w.key("expires_in_s").value(static_cast<std::int64_t>(ttl.count())).key("revealed").value(room.revealed);
  w.key("step").begin_object();
  w.key("number").value(static_cast<std::int64_t>(room.step + 1)).key("of").value(static_cast<std::int64_t>(room.path.steps.size()));
  w.key("last").value(room.step + 1 == room.path.steps.size()).key("title").value(step.title);
  if (step.time >= 0) w.key("time").value(format_clock(step.time));
  if (!step.channel.empty()) w.key("channel").value(step.channel);
  w.key("changes");
  strings(w, o.changes);
  w.key("proposal").value(describe_proposal(*o.engine, d.proposal)).key("as_of").value(format_date(d.proposal.date));
  w.key("questions");
  strings(w, step.questions);
}

void states(JsonWriter& w, const Room& room, const RoomDecision& d, std::size_t team, bool by) {
  const Tables& t = room.outcome.engine->tables();
  w.begin_array();
  for (const auto& code : room.exercise->plays[team]) {
    const SymId id = t.parties.find(code).value_or(kNone);
    w.begin_object().key("code").value(code).key("name").value(id == kNone ? code : party_word(t, id));
    w.key("stance").value(stance_name(stance_in(t, d.proposal, code)));
    if (by) w.key("set_in_room").value(set_in_room(room, code));
    w.end_object();
  }
  w.end_array();
}

// Every party the screen names, with its name (the page shows names, not codes).
Bits mentioned(const Room& room, const RoomDecision& d) {
  const Tables& t = room.outcome.engine->tables();
  Bits b = named_parties(t, d.proposal) | d.proposal.consented | d.proposal.objected | d.proposal.abstained;
  for (std::size_t k = 0; k < d.answer.count; ++k) {
    const Decision& x = d.answer.cases[k].decision;
    b |= x.vetoed_by;
    b |= x.pending;
    for (const ClauseResult& c : x.clauses) b |= c.required | c.binds;
  }
  for (const auto& plays : room.exercise->plays)
    for (const auto& code : plays)
      if (auto id = t.parties.find(code)) b.set(*id);
  return b;
}

std::string facilitator_view(const Room& room, const RoomDecision& d, std::chrono::seconds ttl) {
  std::string out;
  JsonWriter w(out);
  common(w, "facilitator", room, d, ttl);
  const Engine& e = *room.outcome.engine;
  const Tables& t = e.tables();
  const Scenario& s = room.exercise->scenario;
  const Step& step = *room.path.steps[room.step];
  w.key("debrief").value(step.debrief).key("instructor_notes").value(step.instructor_notes);
  if (step.branch) {
    w.key("branch").begin_object().key("prompt").value(step.branch->prompt).key("options").begin_array();
    for (const Option& o : step.branch->options)
      w.begin_object().key("id").value(o.id).key("option").value(o.label).key("instructor_notes").value(o.instructor_notes).end_object();
    w.end_array().end_object();
  }
  w.end_object();  // step
  w.key("exercise_debrief").value(s.debrief);
  std::string decision;
  render_json(e, d.proposal, d.answer, false, decision);
  w.key("decision").raw(decision);
  // The tally: each consent clause that applies, who consented, objected, abstained, is awaited.
  w.key("tally").begin_array();
  if (!d.answer.depends())
    for (const ClauseResult& r : d.answer.decision().clauses) {
      const Clause& c = e.rules().clauses[r.clause];
      const Reading& reading = c.readings[r.reading];
      if (r.status == ClauseStatus::SetAside || reading.outcome.effect != Effect::Consent) continue;
      w.begin_object().key("clause").value(c.id).key("cite").value(c.cite);
      w.key("rule").value(consent_rule_name(reading.outcome.rule)).key("status").value(clause_status_name(r.status));
      for (auto [key, set] : {std::pair<const char*, const Bits*>{"required", &r.required}, {"consented", &r.consented},
                              {"objected", &r.objected}, {"abstained", &r.abstained}, {"pending", &r.pending}}) {
        w.key(key);
        parties(w, t, *set);
      }
      w.end_object();
    }
  w.end_array();
  w.key("positions").begin_array();
  (d.proposal.consented | d.proposal.objected | d.proposal.abstained).for_each([&](unsigned id) {
    const std::string& code = t.parties.name(static_cast<SymId>(id));
    w.begin_object().key("code").value(code).key("name").value(party_word(t, static_cast<SymId>(id)));
    w.key("stance").value(stance_name(stance_in(t, d.proposal, code))).key("set_in_room").value(set_in_room(room, code)).end_object();
  });
  w.end_array();
  w.key("teams").begin_array();
  for (std::size_t k = 0; k < s.roles.size(); ++k) {
    w.begin_object().key("team").value(s.roles[k].team).key("brief").value(s.roles[k].brief);
    w.key("link").value(link(room.code, room.team_tokens[k])).key("states");
    states(w, room, d, k, true);
    w.end_object();
  }
  w.end_array();
  w.key("parties");
  parties(w, t, mentioned(room, d));
  w.end_object();
  w.finish();
  out += '\n';
  return out;
}

// A team's screen: its brief and states, the inject; the decision and debrief only once revealed.
std::string team_view(const Room& room, const RoomDecision& d, std::size_t team, std::chrono::seconds ttl) {
  std::string out;
  JsonWriter w(out);
  common(w, "team", room, d, ttl);
  const Engine& e = *room.outcome.engine;
  const Scenario& s = room.exercise->scenario;
  const Step& step = *room.path.steps[room.step];
  w.end_object();  // step
  w.key("team").value(s.roles[team].team).key("brief").value(s.roles[team].brief).key("states");
  states(w, room, d, team, false);
  if (room.revealed) {
    const Headline h = headline(e, d.answer);
    w.key("decision").begin_object().key("decision").value(verdict_name(d.answer.verdict()));
    w.key("headline").value(headline_key(h)).key("words").value(headline_words(h)).key("summary").begin_string();
    const auto sentences = summary(e, d.proposal, d.answer);
    for (std::size_t k = 0; k < sentences.size(); ++k) w.string_part(k ? " " : "").string_part(sentences[k]);
    w.end_string();
    w.end_object();
    w.key("debrief").value(step.debrief);
    if (room.step + 1 == room.path.steps.size()) w.key("exercise_debrief").value(s.debrief);
  }
  w.end_object();
  w.finish();
  out += '\n';
  return out;
}

RoomError render(const Room& room, Seat seat, std::chrono::seconds ttl, std::string& body) {
  RoomDecision d;
  if (RoomError e = decide_room(room, d)) return e;
  body = seat.kind == Seat::Facilitator ? facilitator_view(room, d, ttl) : team_view(room, d, seat.team, ttl);
  return {};
}

}  // namespace

ApiResponse Api::open_room(const ApiRequest& r, std::shared_ptr<const RulesSnapshot> rules) {
  Fields f;
  if (auto bad = read_fields(r.body, {"scenario"}, f)) return *bad;
  const std::string name = field(f, "scenario");
  if (name.empty()) return bad_request("the body needs 'scenario': the name of an exercise, as GET /v1/scenarios lists them");
  std::string missing;
  const auto it = find_scenario_file(options_.scenario_dirs, name, missing);
  if (!it) return refused({404, missing});
  // Every path is played once here, so a room never meets an error in its file later.
  auto ex = std::make_shared<RoomExercise>();
  ex->name = it->first;
  ex->rules = std::move(rules);
  Diagnostics d;
  std::optional<Scenario> s;
  if (auto src = SourceFile::read(it->second.string(), d)) s = load_scenario(src, d);
  std::optional<std::vector<Path>> paths;
  if (s) paths = scenario_paths(*s, d);
  if (!paths || !play_paths(*s, *paths, ex->rules->engine, d)) return diagnostics_error(500, d);
  ex->scenario = std::move(*s);
  const Tables& t = ex->rules->engine->tables();
  for (const Role& role : ex->scenario.roles) {
    ex->plays.emplace_back();
    for (const auto& [who, loc] : role.plays) {
      SymId id = kNone;
      resolve_party(t, who, id);  // checked by play_paths
      ex->plays.back().push_back(t.parties.name(id));
    }
  }
  OpenedRoom room;
  if (RoomError e = rooms_.open(ex, room)) return refused(e);
  ApiResponse res{201, "application/json", "", {}};
  {
    JsonWriter w(res.body);
    w.begin_object().key("code").value(room.code);
    w.key("facilitator").begin_object().key("token").value(room.facilitator_token).key("link").value(link(room.code, room.facilitator_token)).end_object();
    w.key("teams").begin_array();
    for (std::size_t k = 0; k < ex->scenario.roles.size(); ++k) {
      w.begin_object().key("team").value(ex->scenario.roles[k].team).key("plays");
      strings(w, ex->plays[k]);
      w.key("token").value(room.team_tokens[k]).key("link").value(link(room.code, room.team_tokens[k])).end_object();
    }
    w.end_array().key("expires_in_s").value(static_cast<std::int64_t>(options_.room_ttl.count())).end_object();
  }
  res.body += '\n';
  return res;
}

ApiResponse Api::room(const ApiRequest& r, const std::string& code) {
  std::string token;
  for (const auto& [key, value] : r.query) {
    if (key != "token") return bad_request(with_suggestion("unknown query parameter '" + key + "'", key, {"token"}));
    token = value;
  }
  if (r.method == "DELETE") {
    if (RoomError e = rooms_.close(code, token)) return refused(e);
    std::string body;
    JsonWriter(body).begin_object().key("code").value(code).key("closed").value(true).end_object();
    return {200, "application/json", body + '\n', {}};
  }
  std::string body;
  if (RoomError e = rooms_.with_room(code, token, [&](Room& room, Seat seat) { return render(room, seat, options_.room_ttl, body); }))
    return refused(e);
  return {200, "application/json", std::move(body), {{"Cache-Control", "no-store"}}};
}

ApiResponse Api::room_action(const ApiRequest& r, const std::string& code, Metrics::Route action) {
  using M = Metrics;
  std::vector<std::string> keys{"token"};
  if (action == M::kRoomPosition) keys = {"token", "party", "stance"};
  if (action == M::kRoomAdvance) keys = {"token", "choose"};
  Fields f;
  if (auto bad = read_fields(r.body, keys, f)) return *bad;
  std::optional<Stance> stance;
  if (action == M::kRoomPosition) {
    if (field(f, "party").empty()) return bad_request("the body needs 'party': a state, by code or name");
    stance = parse_stance(field(f, "stance"));
    if (!stance)
      return bad_request(field(f, "stance").empty() ? "the body needs 'stance': consent, object, abstain or none"
                                                    : "unknown stance '" + field(f, "stance") + "': expected consent, object, abstain or none");
  }
  std::string body;
  const RoomError e = rooms_.with_room(code, field(f, "token"), [&](Room& room, Seat seat) -> RoomError {
    if (action != M::kRoomPosition && seat.kind != Seat::Facilitator)
      return {403, action == M::kRoomAdvance  ? "only the facilitator can advance the exercise"
                   : action == M::kRoomReveal ? "only the facilitator can reveal the decision"
                                              : "only the facilitator can go back a step"};
    RoomError done;
    if (action == M::kRoomPosition) done = set_stance(room, seat, field(f, "party"), *stance);
    else if (action == M::kRoomAdvance) done = advance_step(room, field(f, "choose"));
    else if (action == M::kRoomBack) done = step_back(room);
    else reveal_step(room);
    if (done) return done;
    return render(room, seat, options_.room_ttl, body);
  });
  if (e) return refused(e);
  return {200, "application/json", std::move(body), {{"Cache-Control", "no-store"}}};
}

}  // namespace accord::internal
