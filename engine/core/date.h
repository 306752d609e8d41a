// Calendar dates as day numbers. A Date is the number of days since 1970-01-01
// (proleptic Gregorian), so comparing dates is comparing integers on the hot path.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace accord::internal {

using Date = std::int32_t;

// Open interval ends: below 0000-01-01 and above 9999-12-31, the range parse_date accepts.
inline constexpr Date kDateMin = -1'000'000;
inline constexpr Date kDateMax = 3'000'000;

Date date_from_ymd(int y, unsigned m, unsigned d);
// Parses exactly "YYYY-MM-DD" with a real calendar day; nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date d);
// The same, written at `out`, which has room for kDateTextMax bytes; returns where it ended.
inline constexpr std::size_t kDateTextMax = 16;  // "-5000000-12-31" at the most
char* write_date(char* out, Date d);
// Today (UTC), or the date in $ACCORD_TODAY when it is set (reproducible examples and tests).
Date today_utc();

}  // namespace accord::internal
