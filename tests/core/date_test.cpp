// Calendar dates: parsing exactly YYYY-MM-DD with real calendar days, formatting, and the
// day-number arithmetic that effective windows and membership intervals rely on.
#include "core/date.h"

#include <gtest/gtest.h>

#include <string>

namespace accord::internal {
namespace {

TEST(Date, EpochIsDayZero) {
  EXPECT_EQ(date_from_ymd(1970, 1, 1), 0);
  EXPECT_EQ(parse_date("1970-01-01"), 0);
  EXPECT_EQ(format_date(0), "1970-01-01");
  EXPECT_EQ(parse_date("1969-12-31"), -1);
  EXPECT_EQ(format_date(-1), "1969-12-31");
}

TEST(Date, KnownDayNumbers) {
  // Independent anchors: 2000-01-01 is day 10957, 2012-12-19 is day 15693.
  EXPECT_EQ(parse_date("2000-01-01"), 10957);
  EXPECT_EQ(parse_date("2012-12-19"), 15693);
  EXPECT_EQ(parse_date("1949-08-24"), date_from_ymd(1949, 8, 24));
}

TEST(Date, LeapYears) {
  EXPECT_TRUE(parse_date("2024-02-29").has_value());
  EXPECT_TRUE(parse_date("2000-02-29").has_value());   // divisible by 400
  EXPECT_FALSE(parse_date("1900-02-29").has_value());  // divisible by 100, not 400
  EXPECT_FALSE(parse_date("2100-02-29").has_value());
  EXPECT_FALSE(parse_date("2023-02-29").has_value());
  EXPECT_EQ(*parse_date("2024-03-01") - *parse_date("2024-02-28"), 2);
  EXPECT_EQ(*parse_date("2023-03-01") - *parse_date("2023-02-28"), 1);
}

TEST(Date, RejectsWhatIsNotExactlyACalendarDay) {
  for (const char* bad : {"", "2023-13-01", "2023-00-10", "2023-04-31", "2023-06-31", "2023-01-32",
                          "2023-01-00", "2023-4-01", "2023-04-1", "20230401", " 2023-04-01",
                          "2023-04-01 ", "2023-04-01x", "2023/04/01", "abcd-ef-gh", "2023-0a-01",
                          "-023-04-01", "2023--4-01"}) {
    EXPECT_FALSE(parse_date(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(Date, LastDayOfEveryMonthIsAccepted) {
  const char* ends[] = {"2023-01-31", "2023-02-28", "2023-03-31", "2023-04-30", "2023-05-31", "2023-06-30",
                        "2023-07-31", "2023-08-31", "2023-09-30", "2023-10-31", "2023-11-30", "2023-12-31"};
  for (const char* s : ends) {
    ASSERT_TRUE(parse_date(s).has_value()) << s;
    EXPECT_EQ(format_date(*parse_date(s)), s);
  }
}

TEST(Date, FormatParseRoundTripOverTwoCenturies) {
  const Date from = *parse_date("1900-01-01"), to = *parse_date("2100-12-31");
  Date prev = from - 1;
  for (Date d = from; d <= to; ++d) {
    const std::string s = format_date(d);
    ASSERT_EQ(s.size(), 10u) << d;
    auto back = parse_date(s);
    ASSERT_TRUE(back.has_value()) << s;
    ASSERT_EQ(*back, d) << s;
    ASSERT_EQ(*back, prev + 1);  // consecutive days are consecutive integers
    prev = *back;
  }
}

TEST(Date, OrderingIsIntegerOrdering) {
  EXPECT_LT(*parse_date("1999-12-31"), *parse_date("2000-01-01"));
  EXPECT_LT(*parse_date("2012-12-18"), *parse_date("2012-12-19"));
  EXPECT_LT(*parse_date("0001-01-01"), *parse_date("9999-12-31"));
}

TEST(Date, SmallYearsArePaddedToFourDigits) {
  EXPECT_EQ(format_date(date_from_ymd(5, 1, 2)), "0005-01-02");
  EXPECT_EQ(parse_date("0005-01-02"), date_from_ymd(5, 1, 2));
}

// Open interval ends must lie beyond every date parse_date accepts, or an open-ended window
// would silently close before a far-future proposal date (regression: kDateMax was 4707-11-28).
TEST(Date, OpenIntervalEndsAreOutsideEveryRealDate) {
  EXPECT_LT(kDateMin, *parse_date("0001-01-01"));
  EXPECT_GT(kDateMax, *parse_date("9999-12-31"));
}

TEST(Date, TodayIsPlausible) {
  const Date t = today_utc();
  EXPECT_GT(t, *parse_date("2024-01-01"));
  EXPECT_LT(t, *parse_date("2200-01-01"));
}

}  // namespace
}  // namespace accord::internal
