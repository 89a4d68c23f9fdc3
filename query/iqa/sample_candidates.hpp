/** @file
 * @brief The candidates of the IQA sample (query/iqa/sample.hpp), made from a store: one per
 * apprentice, with what the CAMERA dimensions need and the risk flags that raise their chance of
 * being moderated.
 *
 * Risk flags derived here, in words a quality assurer reads in the sample's reasons:
 * - "distinction-ready verdict (grade boundary)": the coverage verdict of the methods the
 *   apprentice submits evidence for (rule "submitted_evidence"; every method when none says so);
 * - "N items could not be read: PATH, ...": items whose extraction failed, so that what the
 *   assessor saw may not be what evidex indexed;
 * - "cross-apprentice near copy with A17 (2 items)": one flag per kind of duplicate (exact,
 *   same-text, near) that the apprentice's items share with other apprentices' (query/iqa/duplicates.hpp,
 *   default threshold, templates cut out): an authenticity risk. Copies within one bundle are not;
 * - "declaration missing", "declaration incomplete (FIELDS missing)", "declaration name mismatch
 *   ('NAME' on the form, 'NAME' registered)": query/authenticity/declaration.hpp, without an assessment date.
 * The assessor-level flag ("few assessments") is added by draw_sample, which sees the strata.
 *
 * Methods are the standard's methods with evidence: those assessing at least one criterion that
 * a counting tag (explicit, map or manual, on a readable item) covers. A criterion assessed by two
 * methods counts for both. Evidence types are the items' types (items.type: "pdf", "docx",
 * "audio"). The store does not record where an assessment took place, so location stays empty
 * (reported as unknown).
 */
#pragma once

#include "indexer/store/store.hpp"
#include "mapping/standard/standard.hpp"
#include "query/iqa/sample.hpp"

#include <vector>

namespace evidex::query {

/// Every apprentice in the store, in id order. Throws InputError when an apprentice's standard is
/// not in the library (naming the apprentice).
std::vector<SampleCandidate> collect_candidates(indexer::Store& store, const mapping::StandardLibrary& library);

}  // namespace evidex::query
