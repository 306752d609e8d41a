// JsonWriter writes through a cursor into room it makes at the end of the caller's string, and
// gives the string its exact size back when it goes (or at finish()). These tests pin what it
// writes for every kind of piece, across the edge of its room and for pieces far larger than
// it, after text already in the string, and that changing the string behind its back stops
// the program instead of corrupting the output.
#include "report/json_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

#include "core/date.h"
#include "core/utf8.h"

namespace accord::internal {
namespace {

TEST(JsonWriter, WritesEveryKindOfPiece) {
  std::string out = "before ";  // appends after what is there
  {
    JsonWriter w(out);
    w.begin_object().key("id").value("p1").key("n").value(std::int64_t{-42}).key("min").value(INT64_MIN);
    w.key("yes").value(true).key("no").value(false).key("none").null().key("on").date(date_from_ymd(2026, 3, 1));
    w.key(std::string_view("dynamic key")).word("needs_consent").key("esc").value("say \"no\"\\\n\x01");
    w.key("raw").raw(R"({"a":1})").key("list").begin_array().value("a").raw("[]").begin_object().end_object().end_array();
    w.key("parts").begin_string().string_part("x\"").string_part("").string_part("y").end_string();
    w.key("obj").raw_object_start(R"({"id":"c")").key("more").value(std::int64_t{0}).end_object();
    w.raw_members(R"("m":[])");
    w.key("filled").raw_in_place(8, [](char* o) {
      std::memcpy(o, "[1,2]", 5);
      return o + 5;
    });
    w.end_object();
  }
  EXPECT_EQ(out,
            R"(before {"id":"p1","n":-42,"min":-9223372036854775808,"yes":true,"no":false,"none":null,"on":"2026-03-01",)"
            R"("dynamic key":"needs_consent","esc":"say \"no\"\\\n\u0001","raw":{"a":1},"list":["a",[],{}],)"
            R"("parts":"x\"y","obj":{"id":"c","more":0},"m":[],"filled":[1,2]})");
}

TEST(JsonWriter, ShortAndLongPiecesOfEveryLengthAcrossTheEdgeOfItsRoom) {
  // Values of 0 to 40 bytes, over and over: the cursor meets the end of its room at every
  // offset, and every length takes each of the copy's paths.
  std::string got, want = "[";
  {
    JsonWriter w(got);
    w.begin_array();
    for (int round = 0; round < 200; ++round)
      for (std::size_t n = 0; n <= 40; ++n) {
        const std::string s(n, static_cast<char>('a' + n % 26));
        w.value(s).word(s);
        want += (want.size() > 1 ? "," : "") + ('"' + s + "\",\"" + s + '"');
      }
    w.end_array();
  }
  want += ']';
  EXPECT_EQ(got, want);
}

TEST(JsonWriter, PiecesFarLargerThanItsRoomAndEscapesThatGrowThem) {
  std::mt19937_64 rng(7);
  std::string text;
  for (int i = 0; i < 300'000; ++i) text += "ab\"\x01\xff\n"[rng() % 6];  // up to six bytes out for one in
  std::string got = "x";
  {
    JsonWriter w(got);
    w.begin_array().value(text).raw(text.substr(0, 100'000)).end_array();
  }
  std::string want = "x[\"";
  append_json_escaped(want, text);
  want += "\"," + text.substr(0, 100'000) + "]";
  EXPECT_EQ(got, want);
}

TEST(JsonWriter, FinishGivesTheStringBackWhole) {
  std::string out;
  JsonWriter w(out);
  w.begin_object().key("line").value(std::int64_t{3}).end_object();
  w.finish();
  out += '\n';  // the string is the caller's again
  EXPECT_EQ(out, "{\"line\":3}\n");
}

TEST(JsonWriterDeathTest, ChangingTheStringWhileTheWriterHasItStopsTheProgram) {
  EXPECT_DEATH(
      {
        std::string out;
        JsonWriter w(out);
        w.begin_object().end_object();
        out += '\n';  // behind the writer's back: caught when the writer gives the string back
      },
      "accord: internal error: StringCursor: its string was changed while the cursor was writing into it");
  EXPECT_DEATH(
      {
        std::string out;
        JsonWriter w(out);
        w.finish();
        w.begin_object();  // after the string was given back
      },
      "its string was changed");
}

}  // namespace
}  // namespace accord::internal
