// query/check/recording_notes.cpp: reading time stamps, telling time-tag notes from clock times, and
// pairing a recording with its notes by name.
#include "query/check/recording_notes.hpp"

#include <catch2/catch.hpp>

#include <map>

using namespace evidex::query;
using evidex::indexer::ItemRecord;

namespace {

std::vector<double> seconds(const std::string& text) {
  std::vector<double> out;
  for (const auto& s : read_time_stamps(text)) {
    out.push_back(s.seconds);
  }
  return out;
}

ItemRecord item(std::int64_t id, std::string path, std::string type, std::optional<std::int64_t> parent = {}) {
  ItemRecord r;
  r.id = id;
  r.path = std::move(path);
  r.type = std::move(type);
  r.parent = parent;
  return r;
}

std::vector<std::string> untagged(const std::vector<ItemRecord>& items, const std::map<std::int64_t, std::string>& text) {
  std::vector<std::string> out;
  for (const auto* r : recordings_without_notes(items, [&](std::int64_t id) {
         auto it = text.find(id);
         return it == text.end() ? std::string() : it->second;
       })) {
    out.push_back(r->path);
  }
  return out;
}

const std::string k_table = "Time\tWhat happens\tCriteria\n00:00\tgreeting\t10S1\n01:05\tcomplaint\t10S3\n03:55\tclose\t10S1\n";

}  // namespace

TEST_CASE("recording notes: every written form of a stamp is read", "[recordings]") {
  CHECK(seconds("00:00\tgreeting\n01:05\tcomplaint\n03:55\tclose") == std::vector<double>{0, 65, 235});
  CHECK(seconds("[00:12] open (1:40) rule 1:02:03 end") == std::vector<double>{12, 100, 3723});
  CHECK(seconds("00:01:30.5 start; 00:02:10,250 next") == std::vector<double>{90.5, 130.25});
  CHECK(seconds("1m30s greeting, 1 min 45 s refund, 2 mins 5 secs close, 1h 2m 3s end") ==
        std::vector<double>{90, 105, 125, 3723});
  // Clock times that say so, dates, ratios and versions are not stamps.
  CHECK(seconds("we met at 10:30 am and 2:15pm, ended 17:00 hrs") == std::vector<double>{});
  CHECK(seconds("on 10.03.2026 version 1.2.3, score 3:1") == std::vector<double>{});
  auto stamps = read_time_stamps("[05:10] a 00:07 b 12:30 c 1m5s d");
  REQUIRE(stamps.size() == 4);
  CHECK(stamps[0].unambiguous);
  CHECK(stamps[1].unambiguous);
  CHECK_FALSE(stamps[2].unambiguous);
  CHECK(stamps[3].unambiguous);
}

TEST_CASE("recording notes: time tags start near 0:00, a diary's clock times do not", "[recordings]") {
  CHECK(looks_time_tagged(k_table));
  CHECK(looks_time_tagged("0:45 hello\n1:30 issue\n2:15 fix\n"));
  CHECK(looks_time_tagged("Start\tEnd\n00:00\t00:45\n00:45\t01:30\n01:30\t02:10\n"));
  // A log that picks up mid-call, written as stamps.
  CHECK(looks_time_tagged("[05:10] issue [06:20] fix [07:45] close"));
  // A clock time before the stamps does not spoil them.
  CHECK(looks_time_tagged("Call on 10 Feb at 14:30.\n00:00 greeting\n01:05 complaint\n03:55 close\n"));
  CHECK_FALSE(looks_time_tagged("At 10:30 we met."));
  CHECK_FALSE(looks_time_tagged("At 10:30 I met the manager. At 11:15 I rang back. At 14:00 we agreed a refund."));
  CHECK_FALSE(looks_time_tagged("09:00 arrive\n09:30 briefing\n12:00 lunch\n"));
  CHECK_FALSE(looks_time_tagged("00:00 start\n01:05 middle\n"));  // two stamps are not a log
  CHECK_FALSE(looks_time_tagged("03:55 then 01:05 then 00:10"));  // going backwards
}

TEST_CASE("recording notes: a recording and its notes share a name key", "[recordings]") {
  CHECK(recording_name_key("Call recording - X (10S1 10S3).wav") == "call x");
  CHECK(recording_name_key("Call recording - X - time tags.docx") == "call x");
  CHECK(recording_name_key("06 Sales call 2026-02-10.mp3") == "sales call");
  CHECK(recording_name_key("06 Sales call - timestamps.txt") == "sales call");
  CHECK(recording_name_key("Showcase/Team_huddle_10.03.26 [12S1-12S7].m4a") == "team huddle");
  CHECK(recording_name_key("Team huddle – time-stamped notes, 10th March 2026.odt") == "team huddle");
  CHECK(recording_name_key("Complaint call 10 Feb 2026 transcript (2.K1, 12S3).pdf") == "complaint call");
  CHECK(recording_name_key("Video - Timings & log.mov") == "");
}

TEST_CASE("recording notes: audio and video items, and damaged ones named as recordings", "[recordings]") {
  CHECK(is_recording(item(1, "a.wav", "audio")));
  CHECK(is_recording(item(1, "a.mov", "video")));
  ItemRecord damaged = item(1, "Call.m4a", "unknown");
  damaged.name_mime = "audio/mp4";
  CHECK(is_recording(damaged));
  ItemRecord text = item(1, "Call.mp3", "text");
  text.name_mime = "audio/mpeg";
  CHECK_FALSE(is_recording(text));
  CHECK_FALSE(is_recording(item(1, "Call.docx", "docx")));
}

TEST_CASE("recording notes: which recordings have notes", "[recordings]") {
  std::vector<ItemRecord> items{
      item(1, "Showcase/Call recording - X (10S1 10S3).wav", "audio"),
      item(2, "Showcase/Call recording - X - time tags.docx", "docx"),
      item(3, "Showcase/06 Sales call.mp3", "audio"),
      item(4, "Showcase/06 Log.txt", "text"),
      item(5, "Showcase/Complaint call.wav", "audio"),
      item(6, "Showcase/Complaint call - notes.docx", "docx"),
      item(7, "Showcase/Recording 3.m4a", "audio"),
      item(8, "Showcase/Supervisor log.txt", "text"),
      item(9, "Showcase/Follow-up.eml", "eml"),
      item(10, "Showcase/Follow-up.eml/voicemail.wav", "audio", 9),
      item(11, "Showcase/Lone clip.mp4", "video"),
      item(12, "Other/Demo.mov", "video"),
      item(13, "Other/Time tags.txt", "text"),
      item(14, "Archive.zip", "zip"),
      item(15, "Archive.zip/Unrelated.wav", "audio", 14),
      item(16, "Archive.zip/Notes about something else.txt", "text", 14),
  };
  std::map<std::int64_t, std::string> text{
      {2, k_table},
      {4, "[00:10] hello [00:50] issue [02:00] close"},
      {6, "At 10:30 I met the manager. At 11:15 I rang back. At 14:00 we agreed a refund."},
      {8, "Notes for Recording 3.m4a\n0:05 start\n0:40 question\n1:20 answer\n"},
      {9, "Here is the call.\n00:00 intro\n00:40 outcome\n02:10 close\n"},
      {13, "00:00 a\n00:30 b\n01:10 c\n"},
      {16, "00:00 a\n00:30 b\n01:10 c\n"},
  };
  CHECK(untagged(items, text) ==
        std::vector<std::string>{"Showcase/Complaint call.wav", "Showcase/Lone clip.mp4", "Archive.zip/Unrelated.wav"});
}
