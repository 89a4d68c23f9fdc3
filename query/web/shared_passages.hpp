/** @file
 * @brief The passages two texts share, for showing near copies side by side: runs of at least
 * k_shared_run words (compared case-insensitively, punctuation ignored) that occur in both.
 */
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace evidex::web {

inline constexpr std::size_t k_shared_run = 8;

/// Byte ranges [begin, end) of `text` covered by a run of words that `other` holds too, in order,
/// overlapping runs merged.
std::vector<std::pair<std::size_t, std::size_t>> shared_ranges(std::string_view text, std::string_view other);

/// `text` escaped for HTML, the ranges in <mark>.
std::string mark_ranges_html(std::string_view text, const std::vector<std::pair<std::size_t, std::size_t>>& ranges);

}  // namespace evidex::web
