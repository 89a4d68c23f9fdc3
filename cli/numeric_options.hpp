/** @file
 * @brief Validators for numeric options. CLI11 (2.1) reads "-1" into an unsigned option as
 * 2^64 - 1, clamps values past it, and takes "0x10" and "010" as hexadecimal and octal; a value
 * out of range must be a usage error that names the option, never a different request run quietly.
 * The validators see the text before CLI11 converts it, so they work for unsigned targets too.
 */
#pragma once

#include <CLI/CLI.hpp>

#include <cstdint>

namespace evidex::cli {

/// A decimal whole number from `min` to `max`, digits only (no sign, no "0x", no exponent).
CLI::Validator whole_number(std::uint64_t min, std::uint64_t max);

/// A finite decimal number from 0 (included when `zero_allowed`, else excluded) to 1 included.
CLI::Validator share(bool zero_allowed);

}  // namespace evidex::cli
