// Inferred tags measured on the hand-labelled set in fixtures/tagging/labelled/: documents that
// name no criterion, labelled with the ST0072 showcase criteria they evidence before the tagger
// existed. The figures are printed; `evidex_bench_tagging` prints them for other settings.
#include "tests/support/labelled_set.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

#include <iomanip>
#include <iostream>

using namespace evidex;

namespace {

test::Evaluation evaluate_defaults() {
  test::TempDir dir;
  test::ingest_labelled_set(dir / "store");
  auto all = test::evaluate_inference(dir / "store", mapping::InferenceOptions{}, [](const std::string&) { return true; });
  std::cout << std::fixed << std::setprecision(3) << "inferred tags on " << all.documents
            << " labelled documents: precision " << all.precision() << ", recall " << all.recall() << " ("
            << all.true_positives << " right, " << all.false_positives << " wrong, " << all.false_negatives
            << " missed)\n";
  return all;
}

}  // namespace

// What the defaults reach today (precision 0.78, recall 0.43): a change that makes them worse fails.
TEST_CASE("inferred tags keep their measured precision and recall on the labelled set", "[inferred]") {
  auto all = evaluate_defaults();
  REQUIRE(all.documents >= 50);
  CHECK(all.precision() >= 0.75);
  CHECK(all.recall() >= 0.40);
}

// The aim (precision 0.8 at recall 0.6) is not reached by word matching alone: a known failure,
// which Catch2 reports if it ever starts passing.
TEST_CASE("inferred tags reach precision 0.8 at recall 0.6 on the labelled set", "[inferred][!shouldfail]") {
  auto all = evaluate_defaults();
  CHECK(all.precision() >= 0.8);
  CHECK(all.recall() >= 0.6);
}

// Today 3 wrong suggestions over the 8 documents that evidence nothing (rotas, notices).
TEST_CASE("documents about nothing in the standard get few inferred tags", "[inferred]") {
  test::TempDir dir;
  test::ingest_labelled_set(dir / "store");
  const auto labels = test::read_labels(test::fixture("tagging/labelled/labels.tsv"));
  auto distractors = test::evaluate_inference(dir / "store", {}, [&](const std::string& name) {
    return labels.at(name).empty();
  });
  REQUIRE(distractors.documents >= 5);
  std::cout << "inferred tags on " << distractors.documents << " documents that evidence nothing: "
            << distractors.false_positives << "\n";
  CHECK(distractors.false_positives <= 3);
}
