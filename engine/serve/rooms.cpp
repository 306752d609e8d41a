#include "serve/rooms.h"
#include "report/report.h"

#include <algorithm>
#include <random>

namespace accord::internal {

bool same_secret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  return diff == 0;
}

const char* stance_name(Stance s) {
  switch (s) {
    case Stance::Consent: return "consent";
    case Stance::Object: return "object";
    case Stance::Abstain: return "abstain";
    case Stance::None: break;
  }
  return "none";
}

std::optional<Stance> parse_stance(std::string_view s) {
  for (Stance x : {Stance::None, Stance::Consent, Stance::Object, Stance::Abstain})
    if (s == stance_name(x)) return x;
  return std::nullopt;
}

std::string room_gone(std::string_view code) { return "room " + std::string(code) + " has expired or does not exist"; }

std::string new_room_code() {
  static constexpr char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";  // 32: no 0/O, 1/I
  std::random_device rd;
  std::string code(6, ' ');
  for (char& c : code) c = kAlphabet[rd() & 31];
  return code;
}

std::string new_room_token() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device rd;
  std::string token;
  for (int word = 0; word < 4; ++word)
    for (std::uint32_t v = rd(), k = 0; k < 8; ++k, v >>= 4) token += kHex[v & 15];
  return token;
}

Seat seat_of(const Room& room, std::string_view token) {
  Seat seat;
  if (token.empty()) return seat;
  // Every token is compared, whichever matches.
  if (same_secret(token, room.facilitator_token)) seat.kind = Seat::Facilitator;
  for (std::size_t k = 0; k < room.team_tokens.size(); ++k)
    if (same_secret(token, room.team_tokens[k])) seat = {Seat::Team, k};
  return seat;
}

namespace {

SymId party_id(const Tables& t, std::string_view code) { return t.parties.find(code).value_or(kNone); }

std::string join_ids(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
  return out;
}

// Plays the path of the choices so far up to the current step.
RoomError replay(Room& r) {
  const Scenario& s = r.exercise->scenario;
  Path full;
  if (std::string e = choose_path(s, r.choices, full); !e.empty()) return {500, e};
  if (r.step >= full.steps.size()) return {500, "the path has no step " + std::to_string(r.step + 1)};
  Path upto = full;
  upto.steps.resize(r.step + 1);
  Diagnostics d;
  auto played = run_path(s, upto, r.exercise->rules->engine, d);
  if (!played || played->size() != upto.steps.size())
    return {500, "the exercise cannot be played: " + (d.items().empty() ? std::string("unknown error") : d.items().front().message)};
  r.path = std::move(full);
  r.outcome = std::move(played->back());
  ++r.version;
  return {};
}

// A step that sets a party's position wins over the stance set in the room before it.
void drop_overridden(Room& r) {
  const yaml::Node& changes = r.path.steps[r.step]->changes;
  if (!changes.IsDefined() || !changes.IsMap()) return;
  const yaml::Node positions = changes["positions"];  // an invalid node when there is none
  if (!positions.IsDefined() || !positions.IsMap()) return;
  const Tables& t = r.outcome.engine->tables();
  for (const auto& kv : positions) {
    SymId id = kNone;
    if (!resolve_party(t, kv.first.Scalar(), id).empty()) continue;
    const std::string& code = t.parties.name(id);
    r.stances.erase(std::remove_if(r.stances.begin(), r.stances.end(), [&](const auto& x) { return x.first == code; }),
                    r.stances.end());
  }
}

// Whether two steps put the same proposal (every field but the date) to the parties: a
// stance given on one is a stance on the other. By names, as the steps' engines may differ.
bool same_subject(const StepOutcome& a, const StepOutcome& b) {
  const Tables& ta = a.engine->tables();
  const Tables& tb = b.engine->tables();
  if (ta.fields.size() != tb.fields.size()) return false;
  for (std::size_t fi = 0; fi < ta.fields.size(); ++fi) {
    if (ta.fields[fi].name == "date") continue;
    const bool in_a = a.proposal.present >> fi & 1, in_b = b.proposal.present >> fi & 1;
    if (in_a != in_b || (in_a && field_words(ta, a.proposal, fi) != field_words(tb, b.proposal, fi))) return false;
  }
  return true;
}

// Moves to `step` on the path of `choices`; on a failure the room is left as it was.
RoomError move_to(Room& r, std::vector<std::string> choices, std::size_t step) {
  std::vector<std::string> old_choices = r.choices;
  const std::size_t old_step = r.step;
  r.choices = std::move(choices);
  r.step = step;
  if (RoomError e = replay(r)) {
    r.choices = std::move(old_choices);
    r.step = old_step;
    replay(r);
    return e;
  }
  r.revealed = false;
  return {};
}

}  // namespace

Stance stance_in(const Tables& t, const Proposal& p, std::string_view party) {
  const SymId id = party_id(t, party);
  if (id == kNone) return Stance::None;
  return p.consented.test(id) ? Stance::Consent : p.objected.test(id) ? Stance::Object : p.abstained.test(id) ? Stance::Abstain : Stance::None;
}

bool set_in_room(const Room& room, std::string_view party) {
  return std::any_of(room.stances.begin(), room.stances.end(), [&](const auto& x) { return x.first == party; });
}

RoomError set_stance(Room& r, Seat who, std::string_view party, Stance stance) {
  const Tables& t = r.outcome.engine->tables();
  SymId id = kNone;
  if (std::string e = resolve_party(t, party, id); !e.empty()) return {400, e};
  if (t.is_org[id]) return {400, party_label(t, id) + " is an organization; only states take positions"};
  const std::string& code = t.parties.name(id);
  if (who.kind != Seat::Facilitator) {
    const Role& role = r.exercise->scenario.roles[who.team];
    const auto& mine = r.exercise->plays[who.team];
    if (std::find(mine.begin(), mine.end(), code) == mine.end()) {
      std::vector<std::string> labels;
      for (const auto& c : mine) labels.push_back(party_label(t, party_id(t, c)));
      std::string plays;
      for (std::size_t k = 0; k < labels.size(); ++k)
        plays += (k == 0 ? "" : k + 1 == labels.size() ? " and " : ", ") + labels[k];
      return {403, "the team '" + role.team + "' plays " + plays + ", not " + party_label(t, id)};
    }
  }
  auto it = std::find_if(r.stances.begin(), r.stances.end(), [&](const auto& x) { return x.first == code; });
  if (it == r.stances.end()) r.stances.emplace_back(code, stance);
  else it->second = stance;
  ++r.version;
  return {};
}

RoomError advance_step(Room& r, std::string_view choose) {
  const Step& current = *r.path.steps[r.step];
  const std::string n = std::to_string(r.step + 1);
  std::vector<std::string> choices = r.choices;
  if (current.branch) {
    std::vector<std::string> ids;
    for (const Option& o : current.branch->options) ids.push_back(o.id);
    if (choose.empty())
      return {400, "step " + n + " ends with a decision point (" + current.branch->prompt + "): send 'choose' with one of its options: " + join_ids(ids)};
    if (std::find(ids.begin(), ids.end(), choose) == ids.end())
      return {400, "step " + n + " has no option '" + std::string(choose) + "'; its options are " + join_ids(ids)};
    choices.emplace_back(choose);
  } else if (!choose.empty()) {
    return {400, "step " + n + " has no decision point: advance without 'choose'"};
  }
  Path next;
  if (std::string e = choose_path(r.exercise->scenario, choices, next); !e.empty()) return {500, e};
  if (r.step + 1 >= next.steps.size()) return {409, "step " + n + " is the last step of the exercise: there is no step to advance to"};
  const StepOutcome before = r.outcome;
  if (RoomError e = move_to(r, std::move(choices), r.step + 1)) return e;
  // Stances were given on a proposal: one about another action, actor, host, site... starts
  // with the stances the exercise gives it, not those of the last one.
  if (!same_subject(before, r.outcome)) r.stances.clear();
  drop_overridden(r);
  return {};
}

RoomError step_back(Room& r) {
  if (r.step == 0) return {409, "step 1 is the first step of the exercise: there is no step before it"};
  const std::size_t step = r.step - 1;
  // The decision points before that step keep their choices; its own is made again.
  const auto passed = std::count_if(r.path.steps.begin(), r.path.steps.begin() + static_cast<long>(step),
                                    [](const Step* s) { return s->branch.has_value(); });
  std::vector<std::string> choices(r.choices.begin(), r.choices.begin() + std::min<long>(passed, static_cast<long>(r.choices.size())));
  return move_to(r, std::move(choices), step);
}

void reveal_step(Room& r) {
  if (!r.revealed) ++r.version;
  r.revealed = true;
}

RoomError decide_room(const Room& r, RoomDecision& out) {
  const Engine& e = *r.outcome.engine;
  const Tables& t = e.tables();
  out.proposal = r.outcome.proposal;
  Proposal& p = out.proposal;
  for (const auto& [code, stance] : r.stances) {
    const SymId id = party_id(t, code);
    if (id == kNone) continue;  // the rules of every step know the same parties
    p.consented.reset(id);
    p.objected.reset(id);
    p.abstained.reset(id);
    if (stance == Stance::Consent) p.consented.set(id);
    if (stance == Stance::Object) p.objected.set(id);
    if (stance == Stance::Abstain) p.abstained.set(id);
  }
  if (std::string err = decide_answer(e, p, r.outcome.options, out.answer); !err.empty()) return {500, err};
  return {};
}

// ---------------------------------------------------------------- the store

RoomStore::RoomStore(RoomOptions options) : options_(std::move(options)) {}

RoomClock::time_point RoomStore::now() const { return options_.clock ? options_.clock() : RoomClock::now(); }

void RoomStore::drop_expired(RoomClock::time_point now) {
  rooms_.erase(std::remove_if(rooms_.begin(), rooms_.end(), [&](const auto& r) { return now - r->touched >= options_.ttl; }),
               rooms_.end());
}

std::size_t RoomStore::size() {
  std::lock_guard<std::mutex> lock(mu_);
  drop_expired(now());
  return rooms_.size();
}

RoomError RoomStore::open(std::shared_ptr<const RoomExercise> exercise, OpenedRoom& out) {
  auto room = std::make_unique<Room>();
  room->exercise = std::move(exercise);
  room->facilitator_token = new_room_token();
  for (std::size_t k = 0; k < room->exercise->scenario.roles.size(); ++k) room->team_tokens.push_back(new_room_token());
  if (RoomError e = replay(*room)) return e;  // outside the lock: the room is not shared yet
  std::lock_guard<std::mutex> lock(mu_);
  const auto t = now();
  drop_expired(t);
  if (options_.max_rooms == 0) return {503, "this server keeps no live rooms (accord serve --max-rooms 0)"};
  if (rooms_.size() >= options_.max_rooms)
    return {503, "this server already has " + std::to_string(rooms_.size()) +
                     " live rooms, the most it keeps (accord serve --max-rooms); close one (DELETE /v1/rooms/CODE) or wait for one to expire"};
  // 32^6 codes for at most a few hundred rooms: a clash is rare, two in a row rarer still.
  for (int attempt = 0; attempt < 100 && room->code.empty(); ++attempt) {
    std::string code = new_room_code();
    if (std::none_of(rooms_.begin(), rooms_.end(), [&](const auto& r) { return r->code == code; })) room->code = std::move(code);
  }
  if (room->code.empty()) return {503, "no free room code was found; try again"};
  room->touched = t;
  out = {room->code, room->facilitator_token, room->team_tokens};
  rooms_.push_back(std::move(room));
  return {};
}

namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return out;
}

}  // namespace

RoomError RoomStore::with_room(std::string_view code_text, std::string_view token,
                               const std::function<RoomError(Room&, Seat)>& f) {
  const std::string code = upper(code_text);
  std::lock_guard<std::mutex> lock(mu_);
  const auto t = now();
  drop_expired(t);
  auto it = std::find_if(rooms_.begin(), rooms_.end(), [&](const auto& r) { return r->code == code; });
  if (it == rooms_.end()) return {404, room_gone(code)};
  Room& room = **it;
  const Seat seat = seat_of(room, token);
  if (seat.kind == Seat::None)
    return {403, token.empty() ? "room " + code + " needs its token: open it with the link the facilitator gave you"
                               : "this token does not open room " + code};
  room.touched = t;
  return f(room, seat);
}

RoomError RoomStore::close(std::string_view code, std::string_view token) {
  bool closing = false;
  RoomError e = with_room(code, token, [&](Room&, Seat who) -> RoomError {
    if (who.kind != Seat::Facilitator) return {403, "only the facilitator can close the room"};
    closing = true;
    return {};
  });
  if (!closing) return e;
  std::lock_guard<std::mutex> lock(mu_);
  const std::string c = upper(code);
  rooms_.erase(std::remove_if(rooms_.begin(), rooms_.end(), [&](const auto& r) { return r->code == c; }), rooms_.end());
  return {};
}

}  // namespace accord::internal
