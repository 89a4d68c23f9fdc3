/** @file
 * @brief Apprenticeship standards as data: criteria, modules, assessment methods and grading rules,
 * loaded at run time from JSON files (comments allowed) in the standards folders. Nothing in the
 * code is specific to one standard; a new standard is a new file. The file format is described in
 * mapping/standards/README.md.
 */
#pragma once

#include "indexer/util/errors.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::mapping {

/// A standards file that cannot be used. what() names the file, then the line or the key, then the
/// problem: "ST0072.json: modules[3].criteria[1].methods: unknown method 'showcse'".
class DataFileError : public InputError {
public:
  using InputError::InputError;
};

/// How the standard's references are written. `module`: <module><type><number>, as ST0072's "2K1";
/// `plain`: <type><number>, as ST0071's "K1" (its KSBs are grouped by area, not numbered modules).
enum class RefForm { module, plain };

struct Criterion {
  std::string ref;          // canonical: "2K1", "12S7", "K1"
  int module = 0;           // 0 for plain references
  char type = 'K';          // 'K', 'S' or 'B'
  int number = 0;
  std::string text;         // the criterion as the standard words it
  bool distinction = false; // a distinction criterion ("DC") in at least one method
  std::vector<std::string> methods;  // ids of the methods that assess it
  /// Methods in which it is a distinction criterion (usually all of `methods`).
  std::vector<std::string> distinction_methods;
  std::string delivery;     // the delivery content: what evidence for it looks like
  std::vector<std::string> evidence_terms;  // words its evidence typically uses (for inferred tags)
  std::size_t module_index = 0;      // into Standard::modules

  /// Whether it is a distinction criterion when assessed by this method ("all": in any method).
  bool distinction_in(std::string_view method) const;
};

struct Module {
  int number = 0;           // 0 when the standard groups by named area
  std::string title;
  std::string summary;
  std::vector<std::size_t> criteria;  // into Standard::criteria, in file order
};

struct Method {
  std::string id;           // "showcase", "observation", "discussion", "project"
  std::string title;
  std::optional<int> weighting_percent;
  /// Distinction criteria needed on top of every pass criterion; nullopt when the method's
  /// distinction is graded against descriptors rather than by counting criteria.
  std::optional<int> distinction_required;
  std::string grading;      // the grading rule in the source's words
  nlohmann::json rules;     // method-specific facts (report deadline, portfolio size, word count)
};

struct Standard {
  std::string id;           // "ST0072"
  std::string title;
  int level = 0;
  std::string source;
  RefForm form = RefForm::module;
  std::vector<std::string> notes;
  std::vector<Method> methods;
  std::vector<Module> modules;
  std::vector<Criterion> criteria;  // file order
  std::filesystem::path file;

  /// The criterion with this canonical reference, or nullptr.
  const Criterion* find(std::string_view ref) const;
  const Method* method(std::string_view id) const;
  /// Criteria assessed by the method, in file order; every criterion for "all".
  std::vector<const Criterion*> criteria_for(std::string_view method_id) const;
  /// Criteria of the methods the apprentice submits evidence for (rule "submitted_evidence"),
  /// or all of them when no method says so: what inferred tags may suggest.
  std::vector<const Criterion*> criteria_with_submitted_evidence() const;
};

/// Reads and validates one file. Throws DataFileError.
Standard load_standard(const std::filesystem::path& file);

/// Every standard in the given folders; a standard id found twice is taken from the earlier
/// folder, so a user's folder can override the shipped one.
class StandardLibrary {
public:
  explicit StandardLibrary(std::vector<std::filesystem::path> dirs);
  const std::vector<Standard>& all() const { return m_standards; }
  /// nullptr when unknown.
  const Standard* find(std::string_view id) const;
  /// As find(), but throws InputError naming the known standards.
  const Standard& get(std::string_view id) const;

private:
  std::vector<Standard> m_standards;
};

/// Where standards are looked for: `extra` (--standards) first, then $EVIDEX_STANDARDS, then the
/// folder shipped with evidex.
std::vector<std::filesystem::path> standard_dirs(const std::filesystem::path& extra = {});

}  // namespace evidex::mapping
