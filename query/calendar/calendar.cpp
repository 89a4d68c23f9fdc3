#include "query/calendar/calendar.hpp"

#include "indexer/util/errors.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <fstream>
#include <sstream>

namespace evidex::query {

using namespace std::chrono;

namespace {

sys_days to_days(const Day& d) { return sys_days{d}; }
Day from_days(sys_days d) { return Day{d}; }

// Anonymous Gregorian algorithm (Meeus/Jones/Butcher) for Easter Sunday.
Day easter_sunday(int y) {
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
  return Day{year{y}, std::chrono::month{static_cast<unsigned>(month)}, std::chrono::day{static_cast<unsigned>(day)}};
}

Day first_weekday(int y, unsigned m, weekday wd) {
  return Day{year_month_weekday{year{y}, month{m}, wd[1]}};
}

Day last_weekday(int y, unsigned m, weekday wd) {
  return Day{year_month_weekday_last{year{y}, month{m}, weekday_last{wd}}};
}

bool weekend(const Day& d) {
  weekday wd{to_days(d)};
  return wd == Saturday || wd == Sunday;
}

}  // namespace

std::optional<Day> parse_iso_day(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  int y = 0;
  unsigned m = 0, d = 0;
  auto ok = [](std::string_view s, auto& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
  };
  if (!ok(text.substr(0, 4), y) || !ok(text.substr(5, 2), m) || !ok(text.substr(8, 2), d)) {
    return std::nullopt;
  }
  Day day{year{y}, month{m}, std::chrono::day{d}};
  if (!day.ok() || (text.size() > 10 && text[10] != 'T' && text[10] != ' ')) {
    return std::nullopt;
  }
  return day;
}

std::string iso(const Day& d) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buffer;
}

std::set<Day> bank_holidays_by_rule(int y) {
  std::set<Day> out;
  // A fixed-date holiday that falls at a weekend is replaced by the next working day.
  auto add_substituted = [&](Day d) {
    while (weekend(d) || out.count(d)) {
      d = from_days(to_days(d) + days{1});
    }
    out.insert(d);
  };
  add_substituted(Day{year{y}, January, day{1}});
  Day easter = easter_sunday(y);
  out.insert(from_days(to_days(easter) - days{2}));  // Good Friday
  out.insert(from_days(to_days(easter) + days{1}));  // Easter Monday
  // Early May: first Monday, moved to Friday 8 May in 2020 (VE Day 75).
  out.insert(y == 2020 ? Day{year{2020}, May, day{8}} : first_weekday(y, 5, Monday));
  // Spring: last Monday of May, moved to Thursday 2 June in 2022 (Platinum Jubilee, with Friday 3 June).
  if (y == 2022) {
    out.insert(Day{year{2022}, June, day{2}});
    out.insert(Day{year{2022}, June, day{3}});
  } else {
    out.insert(last_weekday(y, 5, Monday));
  }
  out.insert(last_weekday(y, 8, Monday));  // Summer
  if (y == 2022) {
    out.insert(Day{year{2022}, September, day{19}});  // State funeral of Queen Elizabeth II
  }
  if (y == 2023) {
    out.insert(Day{year{2023}, May, day{8}});  // Coronation of King Charles III
  }
  // Christmas and Boxing Day: substitutes after both.
  Day christmas{year{y}, December, day{25}};
  Day boxing{year{y}, December, day{26}};
  std::set<Day> pending{christmas, boxing};
  for (const Day& d : pending) {
    if (!weekend(d)) {
      out.insert(d);
    }
  }
  for (const Day& d : pending) {
    if (weekend(d)) {
      add_substituted(Day{year{y}, December, day{27}});
    }
  }
  return out;
}

BankHolidays BankHolidays::from_json(std::string_view text, const std::string& source) {
  auto fail = [&source](const std::string& why) {
    return InputError("bank holidays: " + source + ": " + why +
                      " (expected the shape of https://www.gov.uk/bank-holidays.json)");
  };
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) {
    throw fail("not JSON");
  }
  auto division = doc.is_object() ? doc.find("england-and-wales") : doc.end();
  if (!doc.is_object() || division == doc.end() || !division->is_object() || !division->contains("events") ||
      !division->at("events").is_array()) {
    throw fail("no \"england-and-wales\" events");
  }
  BankHolidays out;
  out.m_source = source;
  for (const auto& event : division->at("events")) {
    auto date = event.is_object() && event.contains("date") && event.at("date").is_string()
                    ? parse_iso_day(event.at("date").get<std::string>())
                    : std::nullopt;
    if (!date || event.at("date").get<std::string>().size() != 10) {
      throw fail("an event without a date (YYYY-MM-DD): " + event.dump());
    }
    out.m_published[static_cast<int>(date->year())].insert(*date);
  }
  if (out.m_published.empty()) {
    throw fail("no events");
  }
  return out;
}

BankHolidays BankHolidays::from_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  if (!(in && text << in.rdbuf())) {
    throw InputError("bank holidays: " + file.string() + ": cannot be read");
  }
  return from_json(text.str(), file.string());
}

std::set<Day> BankHolidays::of_year(int year) const {
  auto it = m_published.find(year);
  return it != m_published.end() ? it->second : bank_holidays_by_rule(year);
}

std::optional<std::pair<int, int>> BankHolidays::published_years() const {
  if (m_published.empty()) {
    return std::nullopt;
  }
  return std::pair{m_published.begin()->first, m_published.rbegin()->first};
}

bool is_working_day(const Day& d, const BankHolidays& holidays) {
  return !weekend(d) && !holidays.of_year(static_cast<int>(d.year())).count(d);
}

Day working_days_before(const Day& d, int n, const BankHolidays& holidays) {
  sys_days at = to_days(d);
  while (n > 0) {
    at -= days{1};
    if (is_working_day(from_days(at), holidays)) {
      --n;
    }
  }
  return from_days(at);
}

}  // namespace evidex::query
