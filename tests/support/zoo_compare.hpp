/** @file
 * @brief Compares what evidex says about one showcase of the zoo (fixtures/showcases/) with its label.
 *
 * The label format is documented in fixtures/showcases/README.md. Each function returns the
 * mismatches it found, one short sentence each that names the item, criterion or code concerned;
 * an empty vector means the output agrees with the label.
 */
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace evidex::test::zoo {

using Mismatches = std::vector<std::string>;

/// `label["items"]` against `evidex items --format json`.
Mismatches compare_items(const nlohmann::json& label, const nlohmann::json& items);

/// `label["coverage"]` against `evidex coverage --format json` (nothing to compare when it is null).
Mismatches compare_coverage(const nlohmann::json& label, const nlohmann::json& coverage);

/// `label["declaration"]` against `evidex declaration --format json`.
Mismatches compare_declaration(const nlohmann::json& label, const nlohmann::json& declaration);

/// `label["check"]` against `evidex check --format json` and its exit code (1 when not ready).
Mismatches compare_check(const nlohmann::json& label, const nlohmann::json& check, int exit_code);

/// `label["duplicates"]` against `evidex duplicates --apprentice ID --format json`.
Mismatches compare_duplicates(const nlohmann::json& label, const nlohmann::json& duplicates);

}  // namespace evidex::test::zoo
