// Where the bank holidays come from: a file, so that a new proclamation needs no new evidex.
#include "query/calendar.hpp"

#include "mapping/standard/standard.hpp"

#include <cstdlib>

namespace evidex::query {

const BankHolidays& shipped_bank_holidays() {
  static const BankHolidays holidays = [] {
    if (const char* env = std::getenv("EVIDEX_BANK_HOLIDAYS"); env && *env) {
      return BankHolidays::from_file(env);
    }
    // Shipped beside the standards: <data>/standards/ and <data>/bank-holidays.json.
    return BankHolidays::from_file(mapping::standard_dirs().back().parent_path() / "bank-holidays.json");
  }();
  return holidays;
}

}  // namespace evidex::query
