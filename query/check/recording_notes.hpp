/** @file
 * @brief Which recordings of a showcase have their time-tag notes: the EPA guidance wants every
 * audio or video recording accompanied by notes that say what happens when. Notes are found by
 * name (once criteria lists, dates, numbering and words such as "time tags" are set aside), by a
 * shared evidence number, by naming the recording's file, or in the same e-mail.
 */
#pragma once

#include "indexer/store/store.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace evidex::query {

/// One position in a recording read from text ("01:05", "[1:05]", "1m05s", "00:01:05.5").
struct TimeStamp {
  double seconds = 0;
  /// Written in a form a clock time never takes (brackets, "1m30s", a fraction, "00:"/"0:"
  /// hours or minutes), so it is a stamp even when it does not start near the beginning.
  bool unambiguous = false;
};

/// Every stamp in text, in the order written. Clock times that say so ("10:30 am", "14:00 hrs")
/// are left out; one that does not is read as a stamp, and looks_time_tagged() judges the set.
std::vector<TimeStamp> read_time_stamps(std::string_view text);

/// Whether text reads as time-tag notes: at least k_min_time_tags stamps in a row that go
/// forwards (a start/end table repeats a stamp), beginning near the start of a recording
/// (k_near_start_seconds) or written as stamps. A diary's clock times ("09:15, 09:40, 10:05")
/// begin far from 0:00 when read as minutes, which is how they are told apart.
bool looks_time_tagged(std::string_view text);

/// How many stamps make notes: one time in a text is an appointment, not a log.
constexpr std::size_t k_min_time_tags = 3;
/// The first stamp of a recording's notes comes within its first two minutes.
constexpr double k_near_start_seconds = 120;

/// The words a recording and its notes share once the parts that tell them apart are dropped:
/// extension, anything in brackets, criteria references, dates, a numbering prefix ("06 "),
/// separators, and words such as recording, time tags, timestamps, notes, log, transcript.
/// "Call recording - X (10S1 10S3).wav" and "Call recording - X - time tags.docx" give "call x".
std::string recording_name_key(std::string_view file_name);

/// True for audio and video items, and for items whose content could not be placed but whose name
/// says audio or video (a damaged recording still needs its notes).
bool is_recording(const indexer::ItemRecord& item);

/// The recordings among items that no notes item accompanies. item_text gives an item's
/// extracted text (it is asked only for items that may be notes).
std::vector<const indexer::ItemRecord*> recordings_without_notes(
    const std::vector<indexer::ItemRecord>& items, const std::function<std::string(std::int64_t)>& item_text);

}  // namespace evidex::query
