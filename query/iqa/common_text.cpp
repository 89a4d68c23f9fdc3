#include "query/iqa/common_text.hpp"

#include "query/iqa/blank_form.hpp"
#include "query/authenticity/declaration_form.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <tuple>

namespace evidex::query {
namespace {

/// One shingle of one suspect: sorted by shingle, the holders of each shingle are a run.
struct Holding {
  std::uint64_t shingle;
  std::uint32_t apprentice;  // number of the apprentice, in order of appearance
  std::uint32_t text;        // number of the distinct text
  std::uint32_t read;        // index into the suspects read
  bool operator<(const Holding& o) const {
    return std::tie(shingle, apprentice, text, read) < std::tie(o.shingle, o.apprentice, o.text, o.read);
  }
};

/// An item fills a template in when at least 1/kFillerFraction of its words are its own, in runs.
constexpr std::size_t kFillerFraction = 4;

/// One suspect as read: its distinct shingles (registered templates' left out) and its words' shingles in order.
struct Read {
  std::size_t item = 0;
  std::size_t apprentice = 0;  // number of the apprentice, in order of appearance
  std::vector<std::uint64_t> in_order;
  std::vector<std::uint64_t> distinct;
  std::size_t words = 0;
  bool blank = false;  // reads as a form left blank (blank_form.hpp)
};

/// Whether the text may hold the form at all: the reader needs a signature label or one of the
/// form's sentences (declaration_form.cpp). Most evidence has neither, and this costs one pass over
/// the text where the reader costs many.
bool may_be_declaration(std::string_view text) {
  static constexpr std::string_view keys[] = {"signature", "signed", "own work", "invalidated", "is current",
                                              "member of staff"};
  std::string lower(text.substr(0, 200000));
  for (char& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return std::any_of(std::begin(keys), std::end(keys),
                     [&](std::string_view k) { return lower.find(k) != std::string::npos; });
}

/// Words of the item's own: in runs of at least kOwnRun words that no shingle of `set` covers.
/// The edits of a copy leave short runs (a changed word uncovers at most the words around it);
/// the answers written into a form are runs of sentences.
constexpr std::size_t kOwnRun = 2 * indexer::k_shingle_words;
std::size_t own_words_in_runs(const Read& r, const indexer::ShingleSet& set) {
  std::vector<bool> covered(r.words, false);
  for (std::size_t i = 0; i < r.in_order.size(); ++i) {
    if (set.contains(r.in_order[i])) {
      std::fill_n(covered.begin() + static_cast<std::ptrdiff_t>(i), indexer::k_shingle_words, true);
    }
  }
  std::size_t own = 0, run = 0;
  for (std::size_t i = 0; i <= covered.size(); ++i) {
    if (i < covered.size() && !covered[i]) {
      ++run;
      continue;
    }
    own += run >= kOwnRun ? run : 0;
    run = 0;
  }
  return own;
}

}  // namespace

SharedText find_shared_text(indexer::Store& store, const std::vector<indexer::ComparableItem>& items,
                            std::vector<std::size_t> suspects, const ItemTextReader& item_text) {
  SharedText out;
  std::sort(suspects.begin(), suspects.end());
  suspects.erase(std::unique(suspects.begin(), suspects.end()), suspects.end());

  indexer::SignatureMaker maker = indexer::signature_maker(store);
  std::vector<Read> reads;
  std::vector<std::string> texts;
  std::vector<Holding> holdings;
  std::unordered_map<std::string, std::size_t> text_ids;
  std::size_t apprentice = 0;
  for (std::size_t k = 0; k < suspects.size(); ++k) {
    const indexer::ComparableItem& item = items[suspects[k]];
    if (k > 0 && items[suspects[k - 1]].apprentice != item.apprentice) {
      ++apprentice;
    }
    if (item.text_hash.empty()) {
      continue;  // no words: nothing to share
    }
    std::string text = item_text(item);
    if (may_be_declaration(text) && read_declaration_form(text).is_form) {
      out.forms.insert(suspects[k]);
      continue;
    }
    Read r;
    r.item = suspects[k];
    r.apprentice = apprentice;
    std::string normalised = indexer::normalise_for_comparison(text);
    auto words = indexer::split_words(normalised);
    r.words = words.size();
    r.blank = reads_as_blank_form(text);
    r.in_order = indexer::shingle_hashes(words);
    r.distinct = r.in_order;
    std::sort(r.distinct.begin(), r.distinct.end());
    r.distinct.erase(std::unique(r.distinct.begin(), r.distinct.end()), r.distinct.end());
    std::erase_if(r.distinct, [&](std::uint64_t s) { return maker.template_shingles().contains(s); });
    auto text_id = static_cast<std::uint32_t>(text_ids.emplace(item.text_hash, text_ids.size()).first->second);
    for (std::uint64_t s : r.distinct) {
      holdings.push_back({s, static_cast<std::uint32_t>(apprentice), text_id, static_cast<std::uint32_t>(reads.size())});
    }
    reads.push_back(std::move(r));
    texts.push_back(std::move(text));
  }
  std::sort(holdings.begin(), holdings.end());
  // Calls f(first, last) for each shingle's run of holdings.
  auto for_each_shingle = [&](auto&& f) {
    for (std::size_t start = 0; start < holdings.size();) {
      std::size_t end = start + 1;
      while (end < holdings.size() && holdings[end].shingle == holdings[start].shingle) {
        ++end;
      }
      f(start, end);
      start = end;
    }
  };

  indexer::ShingleSet common;
  // A blank form's skeleton: no one's work, whether its copies are byte for byte the same or not.
  for_each_shingle([&](std::size_t first, std::size_t last) {
    std::size_t apprentices = 0;
    std::optional<std::uint32_t> last_apprentice;
    for (std::size_t i = first; i < last; ++i) {
      if (reads[holdings[i].read].blank && holdings[i].apprentice != last_apprentice) {
        ++apprentices;
        last_apprentice = holdings[i].apprentice;
      }
    }
    if (apprentices >= k_blank_form_apprentices) {
      common.insert(holdings[first].shingle);
    }
  });

  // Shared widely enough to be a template, or a text copied round a group of apprentices.
  indexer::ShingleSet widespread;
  for_each_shingle([&](std::size_t first, std::size_t last) {
    std::size_t apprentices = 1;
    bool other_text = false;
    for (std::size_t i = first + 1; i < last; ++i) {
      apprentices += holdings[i].apprentice != holdings[i - 1].apprentice;
      other_text = other_text || holdings[i].text != holdings[first].text;
    }
    if (apprentices >= k_template_apprentices && other_text) {
      widespread.insert(holdings[first].shingle);
    }
  });
  // A template is filled in: at least two apprentices' items hold it beside runs of words of their
  // own, a quarter of theirs or more; an edited copy has only the short runs its edits uncover.
  std::vector<bool> filler(reads.size());
  for (std::size_t k = 0; k < reads.size(); ++k) {
    filler[k] = own_words_in_runs(reads[k], widespread) * kFillerFraction >= reads[k].words;
  }
  for_each_shingle([&](std::size_t first, std::size_t last) {
    if (!widespread.contains(holdings[first].shingle)) {
      return;
    }
    std::size_t fillers = 0;
    std::optional<std::uint32_t> last_apprentice;
    for (std::size_t i = first; i < last; ++i) {
      if (filler[holdings[i].read] && holdings[i].apprentice != last_apprentice) {
        ++fillers;
        last_apprentice = holdings[i].apprentice;
      }
    }
    if (fillers >= 2) {
      common.insert(holdings[first].shingle);
    }
  });
  out.template_shingles = common.size();
  if (common.size() == 0) {
    return out;
  }
  for (std::size_t k = 0; k < reads.size(); ++k) {
    const indexer::ComparableItem& item = items[reads[k].item];
    if (std::none_of(reads[k].distinct.begin(), reads[k].distinct.end(),
                     [&](std::uint64_t s) { return common.contains(s); })) {
      continue;
    }
    indexer::Signature sig = maker.make(texts[k], common);
    if (sig.shingles != item.shingles || sig.minhash != item.minhash) {
      out.resigned.emplace(reads[k].item, std::move(sig));
    }
  }
  return out;
}

}  // namespace evidex::query
