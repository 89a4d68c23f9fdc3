#include "query/check/recording_notes.hpp"

#include "query/listing/item_kind.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

namespace evidex::query {
namespace {

/// Notes longer than this are read only this far: the stamps of a log start at its top.
constexpr std::size_t k_max_notes_chars = 50000;

std::string ascii_lower(std::string_view s) {
  std::string out{s};
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

std::string file_name(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string folder(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string without_extension(const std::string& name) {
  auto dot = name.rfind('.');
  if (dot == std::string::npos || dot == 0 || name.size() - dot > 6) {
    return name;
  }
  return name.substr(0, dot);
}

double to_double(const std::ssub_match& m) { return m.matched ? std::stod(m.str()) : 0.0; }

struct Found {
  std::size_t position;
  TimeStamp stamp;
};

/// "01:05", "1:05:30", "[00:01:30.5]", "(3:55)"; a trailing "am", "pm", "hrs" or "o'clock" makes
/// it a clock time, which is left out.
void colon_stamps(const std::string& text, std::vector<Found>& out) {
  static const std::regex stamp(
      R"((^|[^0-9:.,])([\[(]?)([0-9]{1,3}):([0-5][0-9])(:([0-5][0-9]))?([.,]([0-9]{1,3}))?(?![0-9]|:[0-9]))"
      R"(([ \t]*(am|pm|a\.m|p\.m|hrs|hours|o'clock|uhr)\b)?)",
      std::regex::icase);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), stamp); it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    if (m[9].matched) {
      continue;
    }
    TimeStamp s;
    double first = to_double(m[3]), second = to_double(m[4]);
    if (m[5].matched) {
      s.seconds = first * 3600 + second * 60 + to_double(m[6]);
    } else {
      s.seconds = first * 60 + second;
    }
    if (m[8].matched) {
      s.seconds += std::stod("0." + m[8].str());
    }
    bool zero_lead = m[3].str().find_first_not_of('0') == std::string::npos;
    s.unambiguous = m[2].length() > 0 || m[7].matched || zero_lead;
    out.push_back({static_cast<std::size_t>(m.position(3)), s});
  }
}

/// "1m30s", "1 min 30 s", "2 mins 5 secs", "1h 2m 3s".
void unit_stamps(const std::string& text, std::vector<Found>& out) {
  static const std::regex stamp(
      R"(\b(([0-9]{1,2})[ \t]*h(ours?|rs?)?[ \t]*)?)"
      R"(([0-9]{1,3})[ \t]*m(in(ute)?s?)?[ \t]*([0-9]{1,2})[ \t]*s(ec(ond)?s?)?\b)",
      std::regex::icase);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), stamp); it != std::sregex_iterator(); ++it) {
    const auto& m = *it;
    TimeStamp s;
    s.seconds = to_double(m[2]) * 3600 + to_double(m[4]) * 60 + to_double(m[7]);
    s.unambiguous = true;
    out.push_back({static_cast<std::size_t>(m.position(0)), s});
  }
}

std::vector<std::string> tokens(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string t; in >> t;) {
    out.push_back(t);
  }
  return out;
}

/// Words that say what a file is rather than what it records.
const std::set<std::string>& kind_words() {
  static const std::set<std::string> words{
      "time",       "times",     "tag",        "tags",       "tagged",     "timetag",   "timetags",
      "timetagged", "stamp",     "stamps",     "stamped",    "timestamp",  "timestamps", "timestamped",
      "timecode",   "timecodes", "note",       "notes",      "log",        "logs",      "transcript",
      "transcripts", "transcription", "timing",  "timings",    "recording",  "recordings", "recorded",
      "audio",      "video",     "clip",       "ksb",        "ksbs",       "criteria",  "with",
      "and",        "for",       "of",         "the",        "to",         "by"};
  return words;
}

/// A name split into its evidence number ("06", "e06") and its key.
struct NameParts {
  std::string number;
  std::string key;
};

NameParts name_parts(std::string_view name_in) {
  std::string name = ascii_lower(without_extension(file_name(std::string(name_in))));
  // '_' separates words in file names, but regex counts it as a word character.
  std::replace(name.begin(), name.end(), '_', ' ');
  // En and em dashes separate like hyphens.
  for (const char* dash : {"\xE2\x80\x93", "\xE2\x80\x94"}) {
    for (auto at = name.find(dash); at != std::string::npos; at = name.find(dash)) {
      name.replace(at, 3, "-");
    }
  }
  static const std::string month = "(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*";
  static const std::vector<std::regex> dropped{
      std::regex(R"(\([^)]*\)|\[[^\]]*\]|\{[^}]*\})"),
      // Dates: 2026-02-10, 10.02.26, 10/2/2026, 20260210, 10th Feb 2026, February 10 2026.
      std::regex(R"(\b(19|20)[0-9]{2}[-_. /][0-9]{1,2}[-_. /][0-9]{1,2}\b)"),
      std::regex(R"(\b[0-9]{1,2}[-_. /][0-9]{1,2}[-_. /]([0-9]{4}|[0-9]{2})\b)"),
      std::regex(R"(\b(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])\b)"),
      std::regex(R"(\b[0-9]{1,2}(st|nd|rd|th)?[-_ ]*)" + month + R"(([-_ ,]*(19|20)[0-9]{2})?\b)"),
      std::regex(R"(\b)" + month + R"([-_ ]*[0-9]{1,2}(st|nd|rd|th)?\b([-_ ,]*(19|20)[0-9]{2}\b)?)"),
      std::regex(R"(\b)" + month + R"([-_ ]+(19|20)[0-9]{2}\b)"),
      std::regex(R"(\b(19|20)[0-9]{2}\b)"),
      // Criteria: 10S1, 10 S1, 2.K1, 12S1-12S7, 12S1-7, and a bare K1 or S3.
      std::regex(R"(\b[0-9]{1,2}[ .]?[ksb][0-9]{1,2}([ ]*-[ ]*([0-9]{1,2}[ .]?[ksb])?[0-9]{1,2}\b)?)"),
      std::regex(R"(\b[ksb][0-9]{1,2}\b)"),
  };
  for (const auto& r : dropped) {
    name = std::regex_replace(name, r, " ");
  }
  for (auto& c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalnum(u)) {
      c = ' ';
    }
  }
  NameParts out;
  auto words = tokens(name);
  static const std::regex numbering(R"((e|ev)?[0-9]{1,3}[a-z]?)");
  if (!words.empty() && std::regex_match(words.front(), numbering)) {
    out.number = words.front();
    // "e06" and "06" are the same evidence number.
    out.number.erase(0, out.number.find_first_of("0123456789"));
    out.number.erase(0, std::min(out.number.find_first_not_of('0'), out.number.size() - 1));
    words.erase(words.begin());
  }
  for (const auto& w : words) {
    if (!kind_words().count(w)) {
      out.key += (out.key.empty() ? "" : " ") + w;
    }
  }
  return out;
}

/// Every word of the shorter key is in the longer one ("call x" and "call x sam").
bool keys_match(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) {
    return false;
  }
  if (a == b) {
    return true;
  }
  auto ta = tokens(a), tb = tokens(b);
  const auto& small = ta.size() <= tb.size() ? ta : tb;
  const auto& large = ta.size() <= tb.size() ? tb : ta;
  return std::all_of(small.begin(), small.end(),
                     [&](const std::string& t) { return std::find(large.begin(), large.end(), t) != large.end(); });
}

struct Notes {
  const indexer::ItemRecord* item;
  NameParts name;
  std::string text;  // lower case
};

}  // namespace

std::vector<TimeStamp> read_time_stamps(std::string_view text_in) {
  std::string text{text_in.substr(0, k_max_notes_chars)};
  std::vector<Found> found;
  colon_stamps(text, found);
  unit_stamps(text, found);
  std::stable_sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.position < b.position; });
  std::vector<TimeStamp> out;
  out.reserve(found.size());
  for (const auto& f : found) {
    out.push_back(f.stamp);
  }
  return out;
}

bool looks_time_tagged(std::string_view text) {
  // std::regex costs about 10 ms per 50 KB: a text without enough places where a stamp could
  // start ("1:0", "1m", "1 min") is not searched.
  text = text.substr(0, k_max_notes_chars);
  std::size_t candidates = 0;
  for (std::size_t i = 0; i + 1 < text.size() && candidates < k_min_time_tags; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) {
      continue;
    }
    std::size_t j = i + 1;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) {
      ++j;
    }
    bool colon = j == i + 1 && j + 1 < text.size() && text[j] == ':' &&
                 std::isdigit(static_cast<unsigned char>(text[j + 1]));
    if (colon || (j < text.size() && (text[j] == 'm' || text[j] == 'M'))) {
      ++candidates;
    }
  }
  if (candidates < k_min_time_tags) {
    return false;
  }
  auto stamps = read_time_stamps(text);
  // Runs of stamps that never go backwards: the notes of one recording.
  std::size_t start = 0;
  for (std::size_t i = 1; i <= stamps.size(); ++i) {
    if (i < stamps.size() && stamps[i].seconds >= stamps[i - 1].seconds) {
      continue;
    }
    std::size_t length = i - start;
    if (length >= k_min_time_tags) {
      auto unambiguous = static_cast<std::size_t>(std::count_if(
          stamps.begin() + static_cast<std::ptrdiff_t>(start), stamps.begin() + static_cast<std::ptrdiff_t>(i),
          [](const TimeStamp& s) { return s.unambiguous; }));
      if (stamps[start].seconds <= k_near_start_seconds || 2 * unambiguous >= length) {
        return true;
      }
    }
    start = i;
  }
  return false;
}

std::string recording_name_key(std::string_view file_name) { return name_parts(file_name).key; }

bool is_recording(const indexer::ItemRecord& item) { return item_kind(item) == ItemKind::recording; }

std::vector<const indexer::ItemRecord*> recordings_without_notes(
    const std::vector<indexer::ItemRecord>& items, const std::function<std::string(std::int64_t)>& item_text) {
  // Reading every text for time stamps is the expensive part: not for a portfolio without recordings.
  if (std::none_of(items.begin(), items.end(), [](const indexer::ItemRecord& item) { return is_recording(item); })) {
    return {};
  }
  std::vector<Notes> notes;
  std::map<std::string, int> recordings_in_folder;
  for (const auto& item : items) {
    if (is_recording(item)) {
      ++recordings_in_folder[folder(item.path)];
      continue;
    }
    if (!item.error.empty()) {
      continue;
    }
    std::string text = item_text(item.id);
    text.resize(std::min(text.size(), k_max_notes_chars));
    if (looks_time_tagged(text)) {
      notes.push_back({&item, name_parts(item.path), ascii_lower(text)});
    }
  }

  std::map<std::int64_t, const indexer::ItemRecord*> by_id;
  for (const auto& item : items) {
    by_id[item.id] = &item;
  }
  // The e-mail a recording is attached to, if it is: notes in that message belong with it. (A
  // folder or archive is no such bond: its members are paired by name.)
  auto message_of = [&](const indexer::ItemRecord& item) -> std::optional<std::int64_t> {
    if (!item.parent || !by_id.count(*item.parent)) {
      return std::nullopt;
    }
    return item_kind(*by_id[*item.parent]) == ItemKind::mail ? item.parent : std::nullopt;
  };

  std::vector<const indexer::ItemRecord*> out;
  for (const auto& item : items) {
    if (!is_recording(item)) {
      continue;
    }
    auto message = message_of(item);
    NameParts name = name_parts(item.path);
    std::string full = ascii_lower(file_name(item.path));
    std::string stem = without_extension(full);
    bool tagged = std::any_of(notes.begin(), notes.end(), [&](const Notes& n) {
      // In the same e-mail: its body, or another attachment.
      bool same_message = message && (n.item->id == *message || n.item->parent == message);
      // A notes file named only "Time tags" beside the one recording of its folder.
      bool lone_pair = n.name.key.empty() && n.name.number.empty() && folder(n.item->path) == folder(item.path) &&
                       recordings_in_folder[folder(item.path)] == 1;
      bool names_file = n.text.find(full) != std::string::npos ||
                        (stem.size() >= 6 && n.text.find(stem) != std::string::npos);
      return same_message || lone_pair || names_file || keys_match(name.key, n.name.key) ||
             (!name.number.empty() && name.number == n.name.number);
    });
    if (!tagged) {
      out.push_back(&item);
    }
  }
  return out;
}

}  // namespace evidex::query
