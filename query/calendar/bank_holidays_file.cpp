// Where the bank holidays come from: a file, so that a new proclamation needs no new evidex.
#include "query/calendar/calendar.hpp"

#include "indexer/util/errors.hpp"
#include "mapping/standard/data_dir.hpp"

#include <cstdlib>

namespace evidex::query {

const BankHolidays& shipped_bank_holidays() {
  static const BankHolidays holidays = [] {
    if (const char* env = std::getenv("EVIDEX_BANK_HOLIDAYS"); env && *env) {
      return BankHolidays::from_file(env);
    }
    // Shipped beside the standards: <data>/standards/ and <data>/bank-holidays.json.
    try {
      return BankHolidays::from_file(mapping::shipped_data_candidate() / "bank-holidays.json");
    } catch (const InputError& e) {
      throw InputError(std::string(e.what()) +
                       "; reinstall evidex, or set EVIDEX_BANK_HOLIDAYS to a copy of https://www.gov.uk/bank-holidays.json");
    }
  }();
  return holidays;
}

}  // namespace evidex::query
