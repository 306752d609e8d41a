// Live role-play rooms against the Api directly (no socket): opening a room, what each seat
// sees, who may set which state, the facilitator's moves through the exercise and its decision
// points, the cap, the expiry (on a clock of the test's own), and the refusals, each message
// asserted verbatim.
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "serve/api.h"

namespace accord::internal {
namespace {

using nlohmann::json;
using std::chrono::seconds;

class Rooms : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    host_ = new RulesHost({std::string(ACCORD_REPO) + "/rules"});
    Diagnostics d;
    ASSERT_TRUE(host_->load(d)) << d.str();
  }
  static void TearDownTestSuite() {
    delete host_;
    host_ = nullptr;
  }
  void SetUp() override { make_api({}); }

  // A fresh Api; `o` with the test data's exercises and the test's clock.
  void make_api(ApiOptions o) {
    if (o.scenario_dirs.empty()) o.scenario_dirs = {std::string(ACCORD_TEST_DATA) + "/rooms"};
    o.room_clock = [this] { return now_; };
    api_.reset();
    api_ = std::make_unique<Api>(*host_, metrics_, nullptr, std::move(o));
  }

  ApiResponse call(const std::string& method, const std::string& target, const std::string& body = "",
                   const std::string& auth = "") {
    ApiRequest r;
    r.method = method;
    r.path = target.substr(0, target.find('?'));
    r.query = parse_query(target);
    r.body = body;
    r.authorization = auth;
    return api_->handle(r);
  }
  static std::string message(const ApiResponse& res) { return json::parse(res.body)["error"]["message"]; }

  // Opens the exercise and returns the 201 body.
  json open(const std::string& scenario = "manas-2026-live") {
    const auto res = call("POST", "/v1/rooms", json{{"scenario", scenario}}.dump());
    EXPECT_EQ(res.status, 201) << res.body;
    return res.status == 201 ? json::parse(res.body) : json();
  }
  json view(const json& room, const std::string& token) {
    const auto res = call("GET", "/v1/rooms/" + room["code"].get<std::string>() + "?token=" + token);
    EXPECT_EQ(res.status, 200) << res.body;
    return json::parse(res.body);
  }
  ApiResponse post(const json& room, const std::string& action, json body) {
    return call("POST", "/v1/rooms/" + room["code"].get<std::string>() + "/" + action, body.dump());
  }
  static std::string facilitator(const json& room) { return room["facilitator"]["token"]; }
  static std::string team(const json& room, const std::string& name) {
    for (const auto& t : room["teams"])
      if (t["team"] == name) return t["token"];
    ADD_FAILURE() << "no team " << name;
    return "";
  }
  static std::vector<std::string> codes(const json& parties) {
    std::vector<std::string> out;
    for (const auto& p : parties) out.push_back(p["code"]);
    return out;
  }

  static RulesHost* host_;
  Metrics metrics_;
  RoomClock::time_point now_ = RoomClock::time_point(std::chrono::hours(1000));
  std::unique_ptr<Api> api_;
};
RulesHost* Rooms::host_ = nullptr;

TEST_F(Rooms, OpeningARoomHandsOutACodeAndATokenPerSeat) {
  const json room = open();
  const std::string code = room["code"];
  EXPECT_TRUE(std::regex_match(code, std::regex("[A-HJ-NP-Z2-9]{6}"))) << code;
  const std::regex hex128("[0-9a-f]{32}");
  EXPECT_TRUE(std::regex_match(facilitator(room), hex128));
  EXPECT_EQ(room["facilitator"]["link"], "/room.html#room=" + code + "&token=" + facilitator(room));
  ASSERT_EQ(room["teams"].size(), 2u);
  EXPECT_EQ(room["teams"][0]["team"], "Moscow");
  EXPECT_EQ(room["teams"][0]["plays"], json::array({"RUS"}));
  EXPECT_EQ(room["teams"][1]["team"], "Astana");
  EXPECT_EQ(room["teams"][1]["plays"], json::array({"KAZ"}));
  for (const auto& t : room["teams"]) {
    EXPECT_TRUE(std::regex_match(t["token"].get<std::string>(), hex128));
    EXPECT_EQ(t["link"], "/room.html#room=" + code + "&token=" + t["token"].get<std::string>());
    EXPECT_NE(t["token"], facilitator(room));
  }
  EXPECT_NE(room["teams"][0]["token"], room["teams"][1]["token"]);
  EXPECT_EQ(room["expires_in_s"], 4 * 3600);
  EXPECT_NE(open()["code"], code);  // a second room, another code
}

TEST_F(Rooms, TheFacilitatorSeesTheDecisionTallyAndTeams) {
  const json room = open();
  const json v = view(room, facilitator(room));
  EXPECT_EQ(v["seat"], "facilitator");
  EXPECT_EQ(v["title"], "A US air base at Manas, 2026 (live)");
  EXPECT_EQ(v["step"]["number"], 1);
  EXPECT_EQ(v["step"]["of"], 3);
  EXPECT_EQ(v["step"]["title"], "Bishkek receives Washington's request");
  EXPECT_EQ(v["step"]["time"], "0:00");
  EXPECT_EQ(v["step"]["channel"], "diplomatic note");
  EXPECT_EQ(v["step"]["proposal"], "basing — actor United States (USA); host Kyrgyzstan (KGZ); site Manas air base (manas)");
  EXPECT_EQ(v["step"]["debrief"], "Every other party to the Protocol must be consulted, and one objection is a veto.");
  EXPECT_EQ(v["step"]["instructor_notes"], "Let the teams speak before you reveal.");
  EXPECT_EQ(v["step"]["branch"]["prompt"], "Does Washington offer Moscow something?");
  EXPECT_EQ(v["step"]["branch"]["options"][1]["id"], "no-offer");
  EXPECT_EQ(v["decision"]["headline"], "needs_no_objection");
  EXPECT_EQ(v["decision"]["pending"], json::array({"ARM", "BLR", "KAZ", "RUS", "TJK"}));
  ASSERT_EQ(v["tally"].size(), 1u);
  EXPECT_EQ(v["tally"][0]["cite"], "Protocol (2011), Art. 1");
  EXPECT_EQ(v["tally"][0]["rule"], "no_objection");
  EXPECT_EQ(v["tally"][0]["pending"][3], json({{"code", "RUS"}, {"name", "Russia"}}));
  EXPECT_EQ(v["teams"][0]["states"], json::parse(R"([{"code":"RUS","name":"Russia","stance":"none","set_in_room":false}])"));
  EXPECT_EQ(v["teams"][1]["brief"], "You weigh your ties with Washington against Moscow's; an objection costs you both.");
  EXPECT_FALSE(v["revealed"]);
}

TEST_F(Rooms, ATeamSeesItsBriefAndTheInjectButNotTheDecision) {
  const json room = open();
  const auto res = call("GET", "/v1/rooms/" + room["code"].get<std::string>() + "?token=" + team(room, "Moscow"));
  ASSERT_EQ(res.status, 200);
  const json v = json::parse(res.body);
  EXPECT_EQ(v["seat"], "team");
  EXPECT_EQ(v["team"], "Moscow");
  EXPECT_EQ(v["brief"], "You want no US base in Central Asia. Decide whether to object, and when.");
  EXPECT_EQ(v["states"], json::parse(R"([{"code":"RUS","name":"Russia","stance":"none"}])"));
  EXPECT_EQ(v["step"]["title"], "Bishkek receives Washington's request");
  EXPECT_EQ(v["step"]["channel"], "diplomatic note");
  for (const char* secret : {"decision", "debrief", "tally", "teams", "exercise_debrief"}) EXPECT_FALSE(v.contains(secret)) << secret;
  for (const char* secret : {"debrief", "instructor_notes", "branch"}) EXPECT_FALSE(v["step"].contains(secret)) << secret;
  const std::vector<std::string> hidden = {"an objection costs you both", "Let the teams speak", "one objection is a veto",
                                            "needs_no_objection", team(room, "Astana"), facilitator(room)};
  for (const std::string& words : hidden) EXPECT_EQ(res.body.find(words), std::string::npos) << words;
}

TEST_F(Rooms, ATeamCannotSetAnotherTeamsState) {
  const json room = open();
  const std::string astana = team(room, "Astana");
  for (const char* party : {"RUS", "Russia"}) {
    const auto res = post(room, "position", {{"token", astana}, {"party", party}, {"stance", "object"}});
    EXPECT_EQ(res.status, 403);
    EXPECT_EQ(message(res), "the team 'Astana' plays Kazakhstan (KAZ), not Russia (RUS)");
  }
  EXPECT_EQ(view(room, facilitator(room))["decision"]["headline"], "needs_no_objection");
  // its own state, by name
  const auto ok = post(room, "position", {{"token", astana}, {"party", "Kazakhstan"}, {"stance", "consent"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(json::parse(ok.body)["states"][0]["stance"], "consent");
}

TEST_F(Rooms, TheDecisionFollowsTheTeamsPositions) {
  const json room = open();
  const std::string moscow = team(room, "Moscow");
  ASSERT_EQ(post(room, "position", {{"token", moscow}, {"party", "RUS"}, {"stance", "object"}}).status, 200);
  json v = view(room, facilitator(room));
  EXPECT_EQ(v["decision"]["headline"], "vetoed");
  EXPECT_EQ(v["decision"]["vetoed_by"], json::array({"RUS"}));
  EXPECT_EQ(codes(v["tally"][0]["objected"]), std::vector<std::string>{"RUS"});
  EXPECT_EQ(v["teams"][0]["states"][0]["stance"], "object");
  EXPECT_TRUE(v["teams"][0]["states"][0]["set_in_room"]);
  EXPECT_EQ(v["step"]["proposal"],
            "basing — actor United States (USA); host Kyrgyzstan (KGZ); site Manas air base (manas); Russia (RUS) objects");
  // the facilitator may set any state
  ASSERT_EQ(post(room, "position", {{"token", facilitator(room)}, {"party", "ARM"}, {"stance", "abstain"}}).status, 200);
  ASSERT_EQ(post(room, "position", {{"token", moscow}, {"party", "RUS"}, {"stance", "none"}}).status, 200);
  v = view(room, facilitator(room));
  EXPECT_EQ(v["decision"]["headline"], "needs_no_objection");
  EXPECT_EQ(codes(v["tally"][0]["abstained"]), std::vector<std::string>{"ARM"});
  EXPECT_EQ(codes(v["tally"][0]["pending"]), (std::vector<std::string>{"BLR", "KAZ", "RUS", "TJK"}));
}

TEST_F(Rooms, OnlyTheFacilitatorMovesRevealsAndCloses) {
  const json room = open();
  const std::string code = room["code"], moscow = team(room, "Moscow");
  EXPECT_EQ(message(post(room, "advance", {{"token", moscow}, {"choose", "offer"}})), "only the facilitator can advance the exercise");
  EXPECT_EQ(message(post(room, "reveal", {{"token", moscow}})), "only the facilitator can reveal the decision");
  EXPECT_EQ(message(post(room, "back", {{"token", moscow}})), "only the facilitator can go back a step");
  const auto del = call("DELETE", "/v1/rooms/" + code + "?token=" + moscow);
  EXPECT_EQ(del.status, 403);
  EXPECT_EQ(message(del), "only the facilitator can close the room");
  EXPECT_EQ(post(room, "reveal", {{"token", moscow}}).status, 403);
  EXPECT_EQ(view(room, facilitator(room))["step"]["number"], 1);
  const auto closed = call("DELETE", "/v1/rooms/" + code + "?token=" + facilitator(room));
  EXPECT_EQ(closed.status, 200);
  EXPECT_EQ(closed.body, "{\"code\":\"" + code + "\",\"closed\":true}\n");
  const auto gone = call("GET", "/v1/rooms/" + code + "?token=" + facilitator(room));
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(message(gone), "room " + code + " has expired or does not exist");
}

TEST_F(Rooms, RevealShowsTheTeamsTheDecisionAndDebrief) {
  const json room = open();
  const std::string moscow = team(room, "Moscow");
  ASSERT_EQ(post(room, "position", {{"token", moscow}, {"party", "RUS"}, {"stance", "object"}}).status, 200);
  ASSERT_EQ(post(room, "reveal", {{"token", facilitator(room)}}).status, 200);
  json v = view(room, moscow);
  EXPECT_TRUE(v["revealed"]);
  EXPECT_EQ(v["decision"]["headline"], "vetoed");
  EXPECT_EQ(v["decision"]["words"], "VETOED");
  EXPECT_EQ(v["debrief"], "Every other party to the Protocol must be consulted, and one objection is a veto.");
  EXPECT_FALSE(v["step"].contains("instructor_notes"));
  ASSERT_EQ(post(room, "advance", {{"token", facilitator(room)}, {"choose", "no-offer"}}).status, 200);
  v = view(room, moscow);
  EXPECT_FALSE(v["revealed"]);
  EXPECT_FALSE(v.contains("decision"));
}

// A stance is given on a proposal: it holds while the steps put the same one (at a later date
// too) and is dropped when a step puts another (another actor), so that a team's objection to
// one state's base is not counted against another's.
TEST_F(Rooms, AStanceHoldsForTheSameProposalAndIsDroppedForAnother) {
  const json room = open("subject-change");
  const std::string f = facilitator(room);
  ASSERT_EQ(post(room, "position", {{"token", team(room, "Moscow")}, {"party", "RUS"}, {"stance", "object"}}).status, 200);
  EXPECT_EQ(view(room, f)["decision"]["decision"], "vetoed");
  auto res = post(room, "advance", {{"token", f}});
  ASSERT_EQ(res.status, 200) << res.body;
  json v = json::parse(res.body);
  EXPECT_EQ(v["step"]["title"], "Three months on, the same request");
  EXPECT_EQ(v["decision"]["decision"], "vetoed");
  EXPECT_EQ(v["decision"]["vetoed_by"], json::array({"RUS"}));
  res = post(room, "advance", {{"token", f}});
  ASSERT_EQ(res.status, 200) << res.body;
  v = json::parse(res.body);
  EXPECT_EQ(v["step"]["title"], "Beijing asks for the same site");
  EXPECT_EQ(v["decision"]["decision"], "needs_consent");
  EXPECT_EQ(v["decision"]["pending"], json::array({"ARM", "BLR", "KAZ", "RUS", "TJK"}));
  EXPECT_EQ(v["teams"][0]["states"][0], json::parse(R"({"code":"RUS","name":"Russia","stance":"none","set_in_room":false})"));
}

TEST_F(Rooms, DecisionPointsNeedAChoiceAndTheInjectWinsOverARoomStance) {
  const json room = open();
  const std::string f = facilitator(room);
  auto res = post(room, "advance", {{"token", f}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(message(res), "step 1 ends with a decision point (Does Washington offer Moscow something?): send 'choose' with one of "
                          "its options: offer, no-offer");
  res = post(room, "advance", {{"token", f}, {"choose", "ofer"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(message(res), "step 1 has no option 'ofer'; its options are offer, no-offer");
  // Moscow objects, then the inject of the option "offer" says Russia consents: the inject wins.
  ASSERT_EQ(post(room, "position", {{"token", team(room, "Moscow")}, {"party", "RUS"}, {"stance", "object"}}).status, 200);
  res = post(room, "advance", {{"token", f}, {"choose", "offer"}});
  ASSERT_EQ(res.status, 200) << res.body;
  json v = json::parse(res.body);
  EXPECT_EQ(v["step"]["number"], 2);
  EXPECT_EQ(v["step"]["of"], 3);
  EXPECT_EQ(v["step"]["title"], "Moscow is consulted and consents");
  EXPECT_EQ(v["step"]["changes"], json::array({"Russia (RUS) consents"}));
  EXPECT_EQ(v["teams"][0]["states"][0], json::parse(R"({"code":"RUS","name":"Russia","stance":"consent","set_in_room":false})"));
  EXPECT_EQ(v["decision"]["pending"], json::array({"ARM", "BLR", "KAZ", "TJK"}));
  res = post(room, "advance", {{"token", f}, {"choose", "offer"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(message(res), "step 2 has no decision point: advance without 'choose'");
  ASSERT_EQ(post(room, "advance", {{"token", f}}).status, 200);
  res = post(room, "advance", {{"token", f}});
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(message(res), "step 3 is the last step of the exercise: there is no step to advance to");
  v = view(room, f);
  EXPECT_TRUE(v["step"]["last"]);
  EXPECT_EQ(v["decision"]["pending"], json::array({"KAZ"}));
  // back twice: the decision point is open again, and the other option is another path
  ASSERT_EQ(post(room, "back", {{"token", f}}).status, 200);
  ASSERT_EQ(post(room, "back", {{"token", f}}).status, 200);
  res = post(room, "back", {{"token", f}});
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(message(res), "step 1 is the first step of the exercise: there is no step before it");
  res = post(room, "advance", {{"token", f}, {"choose", "no-offer"}});
  ASSERT_EQ(res.status, 200);
  v = json::parse(res.body);
  EXPECT_EQ(v["step"]["title"], "Minsk, Yerevan and Dushanbe agree");
  EXPECT_EQ(v["step"]["number"], 2);
  EXPECT_EQ(v["step"]["of"], 2);
  EXPECT_EQ(v["decision"]["pending"], json::array({"KAZ", "RUS"}));
}

TEST_F(Rooms, AnExerciseWithoutRolesGetsARoomForTheFacilitator) {
  const json room = open("no-roles");
  EXPECT_EQ(room["teams"], json::array());
  ASSERT_EQ(post(room, "position", {{"token", facilitator(room)}, {"party", "Russia"}, {"stance", "object"}}).status, 200);
  EXPECT_EQ(view(room, facilitator(room))["decision"]["headline"], "vetoed");
  // a step that names no positions keeps the room's stances
  const auto res = post(room, "advance", {{"token", facilitator(room)}});
  ASSERT_EQ(res.status, 200) << res.body;
  const json v = json::parse(res.body);
  EXPECT_EQ(v["step"]["title"], "A year later");
  EXPECT_EQ(v["step"]["as_of"], "2027-03-01");
  EXPECT_EQ(v["decision"]["vetoed_by"], json::array({"RUS"}));
}

TEST_F(Rooms, EveryShippedExerciseCanBePlayedToItsEndInARoom) {
  ApiOptions o;
  o.scenario_dirs = {std::string(ACCORD_REPO) + "/scenarios"};
  make_api(o);
  const json list = json::parse(call("GET", "/v1/scenarios").body);
  ASSERT_GE(list["scenarios"].size(), 1u);
  for (const auto& s : list["scenarios"]) {
    SCOPED_TRACE(s["name"].get<std::string>());
    const json room = open(s["name"]);
    if (room.is_null()) continue;
    const std::string f = facilitator(room);
    for (int k = 0; k < 100; ++k) {  // bounded: no shipped path is this long
      const json v = view(room, f);
      EXPECT_EQ(v["step"]["number"], k + 1);
      for (const auto& t : room["teams"]) {
        const json tv = view(room, t["token"]);
        EXPECT_FALSE(tv.contains("decision"));
        for (const auto& state : tv["states"])  // each team may object with each of its states
          EXPECT_EQ(post(room, "position", {{"token", t["token"]}, {"party", state["code"]}, {"stance", "object"}}).status, 200);
      }
      ASSERT_EQ(post(room, "reveal", {{"token", f}}).status, 200);
      if (v["step"]["last"]) break;
      json body = {{"token", f}};
      if (v["step"].contains("branch")) body["choose"] = v["step"]["branch"]["options"][k % 2]["id"];
      const auto res = post(room, "advance", body);
      ASSERT_EQ(res.status, 200) << res.body;
    }
    EXPECT_TRUE(view(room, f)["step"]["last"]);
    EXPECT_EQ(call("DELETE", "/v1/rooms/" + room["code"].get<std::string>() + "?token=" + f).status, 200);
  }
}

TEST_F(Rooms, TheCapRefusesOneRoomTooManyUntilOneCloses) {
  ApiOptions o;
  o.max_rooms = 2;
  make_api(o);
  const json first = open();
  open();
  const auto res = call("POST", "/v1/rooms", R"({"scenario":"manas-2026-live"})");
  EXPECT_EQ(res.status, 503);
  EXPECT_EQ(message(res), "this server already has 2 live rooms, the most it keeps (accord serve --max-rooms); close one "
                          "(DELETE /v1/rooms/CODE) or wait for one to expire");
  ASSERT_EQ(call("DELETE", "/v1/rooms/" + first["code"].get<std::string>() + "?token=" + facilitator(first)).status, 200);
  open();
  o.max_rooms = 0;
  make_api(o);
  const auto none = call("POST", "/v1/rooms", R"({"scenario":"manas-2026-live"})");
  EXPECT_EQ(none.status, 503);
  EXPECT_EQ(message(none), "this server keeps no live rooms (accord serve --max-rooms 0)");
}

TEST_F(Rooms, ARoomExpiresAfterItsLastActivity) {
  ApiOptions o;
  o.max_rooms = 1;
  o.room_ttl = seconds(60);
  make_api(o);
  const json room = open();
  const std::string code = room["code"];
  for (int k = 0; k < 5; ++k) {  // activity every 59 s keeps it
    now_ += seconds(59);
    EXPECT_EQ(view(room, team(room, "Astana"))["expires_in_s"], 60);
  }
  now_ += seconds(60);
  const auto res = call("GET", "/v1/rooms/" + code + "?token=" + facilitator(room));
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(message(res), "room " + code + " has expired or does not exist");
  open();  // the expired room no longer counts against the cap
}

TEST_F(Rooms, UnknownRoomsAndTokensAreRefused) {
  const json room = open();
  const std::string code = room["code"];
  auto res = call("GET", "/v1/rooms/ZZZZZZ?token=" + facilitator(room));
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(message(res), "room ZZZZZZ has expired or does not exist");
  res = call("GET", "/v1/rooms/" + code);
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(message(res), "room " + code + " needs its token: open it with the link the facilitator gave you");
  res = call("GET", "/v1/rooms/" + code + "?token=" + std::string(32, '0'));
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(message(res), "this token does not open room " + code);
  res = call("GET", "/v1/rooms/" + code + "?tokn=x");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(message(res), "unknown query parameter 'tokn'; did you mean 'token'?");
  std::string lower = code;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(call("GET", "/v1/rooms/" + lower + "?token=" + facilitator(room)).status, 200);  // typed in lower case
  res = call("PUT", "/v1/rooms/" + code);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(message(res), "method PUT is not allowed on /v1/rooms/" + code + "; use GET, DELETE");
}

TEST_F(Rooms, BadBodiesAreRefusedWithTheirReason) {
  const json room = open();
  const std::string f = facilitator(room);
  auto res = call("POST", "/v1/rooms", R"({"scenario": })");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(message(res), "malformed JSON: syntax error while parsing value - unexpected '}'; expected '[', '{', or a literal");
  res = call("POST", "/v1/rooms", R"(["manas-2026-live"])");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(message(res), "the body must be a JSON object, e.g. {\"scenario\": \"...\"}");
  res = call("POST", "/v1/rooms", R"({"scenario": "manas-2026-lve"})");
  EXPECT_EQ(res.status, 404);
  EXPECT_EQ(message(res), "no exercise 'manas-2026-lve'; did you mean 'manas-2026-live'? (exercises are named as GET "
                          "/v1/scenarios lists them)");
  // The id inside a file names it too: subject-change.yaml's id is stances-across-steps.
  const json by_id = open("stances-across-steps");
  EXPECT_EQ(view(by_id, facilitator(by_id))["exercise"], "subject-change");
  res = call("POST", "/v1/rooms", "{}");
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(message(res), "the body needs 'scenario': the name of an exercise, as GET /v1/scenarios lists them");
  res = post(room, "position", {{"token", f}, {"party", "RUS"}, {"stanse", "object"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(message(res), "unknown key 'stanse'; did you mean 'stance'?");
  res = post(room, "position", {{"token", f}, {"party", "RUS"}, {"stance", "maybe"}});
  EXPECT_EQ(message(res), "unknown stance 'maybe': expected consent, object, abstain or none");
  res = post(room, "position", {{"token", f}, {"party", "Atlantis"}, {"stance", "object"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(message(res), "unknown party 'Atlantis'");
  res = post(room, "position", {{"token", f}, {"party", "CSTO"}, {"stance", "object"}});
  EXPECT_EQ(message(res), "CSTO is an organization; only states take positions");
  res = post(room, "position", {{"token", f}, {"party", 7}, {"stance", "object"}});
  EXPECT_EQ(message(res), "'party' must be a string");
  res = post(room, "position", {{"token", f}, {"stance", "object"}});
  EXPECT_EQ(message(res), "the body needs 'party': a state, by code or name");
  res = call("POST", "/v1/rooms/" + room["code"].get<std::string>() + "/reveal", "");
  EXPECT_EQ(res.status, 400);
  res = call("POST", "/v1/rooms/" + room["code"].get<std::string>() + "/reveal", std::string(3000, '['));
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(view(room, f)["decision"]["headline"], "needs_no_objection");  // nothing changed
}

TEST_F(Rooms, TheServerTokenOpensRoomsAndRoomTokensOpenTheRoom) {
  ApiOptions o;
  o.token = "server-secret";
  make_api(o);
  auto res = call("POST", "/v1/rooms", R"({"scenario":"manas-2026-live"})");
  EXPECT_EQ(res.status, 401);
  res = call("POST", "/v1/rooms", R"({"scenario":"manas-2026-live"})", "Bearer server-secret");
  ASSERT_EQ(res.status, 201);
  const json room = json::parse(res.body);
  EXPECT_EQ(view(room, team(room, "Moscow"))["team"], "Moscow");  // no Authorization header
  EXPECT_EQ(post(room, "position", {{"token", team(room, "Moscow")}, {"party", "RUS"}, {"stance", "object"}}).status, 200);
  EXPECT_NE(call("GET", "/metrics", "", "Bearer server-secret").body.find("accord_http_requests_total{route=\"/v1/rooms/{code}\",code=\"2xx\"}"),
            std::string::npos);
}

TEST_F(Rooms, ConcurrentTeamsAndPollsKeepTheRoomWhole) {
  const json room = open();
  const std::string code = room["code"], f = facilitator(room), moscow = team(room, "Moscow"), astana = team(room, "Astana");
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int k = 0; k < 4; ++k)
    threads.emplace_back([&, k] {
      for (int i = 0; i < 100; ++i) {
        const bool even = i % 2 == 0;
        ApiResponse res;
        if (k == 0) res = post(room, "position", {{"token", moscow}, {"party", "RUS"}, {"stance", even ? "object" : "consent"}});
        else if (k == 1) res = post(room, "position", {{"token", astana}, {"party", "KAZ"}, {"stance", even ? "abstain" : "none"}});
        else res = call("GET", "/v1/rooms/" + code + "?token=" + (k == 2 ? f : moscow));
        if (res.status != 200 || !json::accept(res.body)) ++failures;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  const json v = view(room, f);
  EXPECT_EQ(v["teams"][0]["states"][0]["stance"], "consent");  // the last of each team's writes
  EXPECT_EQ(v["teams"][1]["states"][0]["stance"], "none");
}

}  // namespace
}  // namespace accord::internal
