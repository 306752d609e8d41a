// Live role-play rooms (docs/serve.md#live-role-play-rooms): a facilitator starts an exercise
// and gets a short room code; each team opens the room with its own token, reads its brief
// and sets the positions of the states it plays; the facilitator sees the decision and the
// tally, advances the injects, chooses at the decision points and reveals the debriefs.
//
// Rooms live in memory only, in a RoomStore: at most `max_rooms`, each dropped `ttl` after
// its last activity (lazily, on the next access). One mutex guards the store and every room
// in it; room operations are rare and short (a step is replayed only when the facilitator
// moves, a decision takes microseconds).
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scenario/scenario.h"
#include "serve/rules_host.h"

namespace accord::internal {

// Compares without an early exit, so the time taken does not tell how much of a secret
// matched (the server's token, the rooms' tokens).
bool same_secret(std::string_view a, std::string_view b);

using RoomClock = std::chrono::steady_clock;

// What a room plays: the exercise as loaded and the rules it was started on (a reload of the
// rules does not change a room under way). Immutable once made; the room's Path points into it.
struct RoomExercise {
  std::string name;  // the file name without .yaml, as in /v1/scenarios
  Scenario scenario;
  std::shared_ptr<const RulesSnapshot> rules;
  std::vector<std::vector<std::string>> plays;  // per role: the codes of its states, in file order
};

enum class Stance : std::uint8_t { None, Consent, Object, Abstain };
const char* stance_name(Stance s);  // "none", "consent", "object", "abstain"
std::optional<Stance> parse_stance(std::string_view s);

struct Room {
  std::string code, facilitator_token;
  std::vector<std::string> team_tokens;  // one per role of the exercise
  std::shared_ptr<const RoomExercise> exercise;
  std::vector<std::string> choices;  // the option ids taken at the decision points passed
  Path path;                         // those choices, then the first options
  std::size_t step = 0;              // the current step: path.steps[step]
  bool revealed = false;             // the current step's decision and debrief are shown to the teams
  // Stances set in the room (party code -> stance), over what the steps say; an inject that
  // names the party later wins (the stance is dropped when the facilitator reaches it).
  std::vector<std::pair<std::string, Stance>> stances;
  StepOutcome outcome;  // the current step as the exercise plays it (without the room's stances)
  RoomClock::time_point touched;
  std::uint64_t version = 0;  // changes whenever what a screen shows may change
};

// Who holds a token in a room.
struct Seat {
  enum Kind { None, Facilitator, Team } kind = None;
  std::size_t team = 0;  // the role's index, for a team
};
Seat seat_of(const Room& room, std::string_view token);

// A refusal: an HTTP status and the message; status 0 is success.
struct RoomError {
  int status = 0;
  std::string message;
  explicit operator bool() const { return status != 0; }
};

// The operations on a room; the caller holds the store's lock (RoomStore::with_room).
// `party` is a state as people write it (code, name or alias).
RoomError set_stance(Room& room, Seat who, std::string_view party, Stance stance);
// To the next step; at a decision point `choose` (an option id) is required, elsewhere refused.
RoomError advance_step(Room& room, std::string_view choose);
RoomError step_back(Room& room);
void reveal_step(Room& room);

// The decision at the current step: the step's proposal with the room's stances on top.
struct RoomDecision {
  Proposal proposal;
  Answer answer;
};
RoomError decide_room(const Room& room, RoomDecision& out);
// The stance of `party` (a code) in `p`.
Stance stance_in(const Tables& t, const Proposal& p, std::string_view party);
// Where the current stance of `party` comes from: the room (a team or the facilitator) or the exercise.
bool set_in_room(const Room& room, std::string_view party);

struct RoomOptions {
  std::size_t max_rooms = 64;
  std::chrono::seconds ttl = std::chrono::hours(4);  // after the last activity
  std::function<RoomClock::time_point()> clock;      // empty: steady_clock::now (tests set one)
};

// What opening a room hands out.
struct OpenedRoom {
  std::string code, facilitator_token;
  std::vector<std::string> team_tokens;
};

class RoomStore {
 public:
  explicit RoomStore(RoomOptions options);
  // Opens a room on `exercise` at its first step. 503 at the cap; 500 if the exercise cannot
  // be played (its file was checked when it was loaded, so only on a bug).
  RoomError open(std::shared_ptr<const RoomExercise> exercise, OpenedRoom& out);
  // Runs `f` on room `code` (any case) under the lock, for the holder of `token`; the room's
  // expiry starts again. 404 for a room that expired or never was, 403 for a token of no seat.
  RoomError with_room(std::string_view code, std::string_view token,
                      const std::function<RoomError(Room&, Seat)>& f);
  // Closes a room (the facilitator's token only).
  RoomError close(std::string_view code, std::string_view token);
  std::size_t size();
  const RoomOptions& options() const { return options_; }
  RoomClock::time_point now() const;

 private:
  void drop_expired(RoomClock::time_point now);  // holding mu_
  RoomOptions options_;
  std::mutex mu_;
  std::vector<std::unique_ptr<Room>> rooms_;  // few (the cap): a linear search is the fastest
};

// "the room K7M2QX has expired or does not exist"
std::string room_gone(std::string_view code);
// 6 characters of an alphabet without 0/O and 1/I; 32 hex digits (128 bits). Both from std::random_device.
std::string new_room_code();
std::string new_room_token();

}  // namespace accord::internal
