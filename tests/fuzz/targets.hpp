/** @file
 * @brief The body of every fuzz harness. Each libFuzzer executable (fuzz_<harness>.cpp) hands its
 * input to one of these, and the [fuzz-regressions] test hands every file of fixtures/fuzz/<harness>/
 * to the same function, so an input that once crashed stays tested in the ordinary suite.
 *
 * A target feeds the bytes to the code under test as evidex does, then checks what the code
 * promises about its result (valid UTF-8, spans that are in the text, dates that are real days, child
 * names that stay inside the bundle). A broken promise throws BrokenPromise: libFuzzer reports the
 * uncaught exception as a crash, the regression test as a failure naming the promise.
 */
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::fuzz {

class BrokenPromise : public std::logic_error {
public:
  using std::logic_error::logic_error;
};

using Target = std::function<void(const std::uint8_t* data, std::size_t size)>;

struct Harness {
  std::string name;  // "refs", "extract_pdf": the executable is fuzz_<name>, its fixtures fixtures/fuzz/<name>/
  Target run;
};

/// Text-level targets (text_targets.cpp).
void run_refs(const std::uint8_t* data, std::size_t size);          // mapping/refs find_references
void run_evidence_map(const std::uint8_t* data, std::size_t size);  // mapping/evidence_map read_evidence_maps
void run_rtf_text(const std::uint8_t* data, std::size_t size);      // indexer/extract rtf_to_text
void run_declaration(const std::uint8_t* data, std::size_t size);   // query/declaration_form and its checks
void run_dates(const std::uint8_t* data, std::size_t size);         // query/dates

/// One extraction handler (extract_targets.cpp) by its short name ("pdf", "ooxml"): the bytes as a
/// file, detected and extracted as a worker does it (run_extraction), with only that handler
/// installed. Throws std::invalid_argument for a name that is not one of extract_handlers().
void run_extract(std::string_view handler, const std::uint8_t* data, std::size_t size);
/// The in-process handlers, by short name.
const std::vector<std::string>& extract_handlers();

/// Every harness: the text-level ones, then "extract_<handler>" for each handler.
const std::vector<Harness>& harnesses();

/// Throws BrokenPromise(what) unless ok.
inline void promise(bool ok, std::string_view what) {
  if (!ok) {
    throw BrokenPromise(std::string(what));
  }
}

}  // namespace evidex::fuzz
