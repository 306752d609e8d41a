#include "core/date.h"

#include <cstdlib>

#include <chrono>
#include <cstdio>
#include <cstring>

namespace accord::internal {

Date date_from_ymd(int y, unsigned m, unsigned d) {
  // Howard Hinnant's days_from_civil.
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::optional<Date> parse_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t n, int& out) {
    out = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      out = out * 10 + (t[i] - '0');
    }
    return true;
  };
  int y, m, d;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  const int dim = kDays[m - 1] + (m == 2 && leap(y) ? 1 : 0);
  if (d > dim) return std::nullopt;
  return date_from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

char* write_date(char* out, Date z) {
  // Howard Hinnant's civil_from_days.
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  if (y < 0 || y > 9999) {
    char buf[32];
    const int n = std::snprintf(buf, sizeof buf, "%d-%02u-%02u", y, m, d);
    std::memcpy(out, buf, static_cast<std::size_t>(n));
    return out + n;
  }
  // Hand-rolled: dates are formatted for every decision in a batch.
  const auto u = static_cast<unsigned>(y);
  const char text[10] = {static_cast<char>('0' + u / 1000), static_cast<char>('0' + u / 100 % 10),
                         static_cast<char>('0' + u / 10 % 10), static_cast<char>('0' + u % 10), '-',
                         static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10), '-',
                         static_cast<char>('0' + d / 10), static_cast<char>('0' + d % 10)};
  std::memcpy(out, text, sizeof text);
  return out + sizeof text;
}

std::string format_date(Date z) {
  char text[kDateTextMax];
  return std::string(text, write_date(text, z));
}

Date today_utc() {
  // A fixed "today" makes examples, exercises and tests reproducible.
  if (const char* fixed = std::getenv("ACCORD_TODAY"); fixed && *fixed)
    if (auto d = parse_date(fixed)) return *d;
  using namespace std::chrono;
  return static_cast<Date>(
      duration_cast<days>(system_clock::now().time_since_epoch()).count());
}

}  // namespace accord::internal
