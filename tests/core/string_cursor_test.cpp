// StringCursor writes at the end of a string through room it makes there; the string holds
// exactly what was written once the cursor closes. JsonWriter's tests (tests/report) cover the
// pieces it copies; these cover what the summary's sentences use: cutting back, writing in
// place, dates, and reopening.
#include "core/string_cursor.h"

#include <gtest/gtest.h>

#include <string>

namespace accord::internal {
namespace {

TEST(StringCursor, AppendsAfterWhatIsThereAndGivesTheExactSizeBack) {
  std::string s = "Under Article 7: ";
  {
    StringCursor c(s);
    EXPECT_EQ(c.size(), 17u);
    c += "needs";
    c += ' ';
    const std::size_t before = c.size();
    c += "nothing at all";
    c.truncate(before);  // a piece taken back, as a sentence left empty is
    c += "consent on ";
    c.date(date_from_ymd(2026, 3, 1));
    c.room(3);
    char* o = c.at();
    *o++ = '.';
    c.advance_to(o);
    EXPECT_EQ(std::string_view(c.data(), c.size()), "Under Article 7: needs consent on 2026-03-01.");
  }
  EXPECT_EQ(s, "Under Article 7: needs consent on 2026-03-01.");
  EXPECT_EQ(s.size(), 45u);
}

TEST(StringCursor, ReopensAndGrowsFarBeyondItsFirstRoom) {
  std::string s;
  StringCursor c;
  for (int round = 0; round < 3; ++round) {
    c.open(s);
    for (int i = 0; i < 10'000; ++i) c += "Armenia, ";
    c.close();
  }
  EXPECT_EQ(s.size(), 3u * 10'000 * 9);
  EXPECT_EQ(s.substr(0, 18), "Armenia, Armenia, ");
}

TEST(StringCursorDeathTest, ChangingTheStringBehindItsBackStopsTheProgram) {
  EXPECT_DEATH(
      {
        std::string s;
        StringCursor c(s);
        c += "x";
        s.clear();  // behind the cursor's back
        c.close();
      },
      "accord: internal error: StringCursor: its string was changed while the cursor was writing into it");
}

}  // namespace
}  // namespace accord::internal
