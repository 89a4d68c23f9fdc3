#include "query/common_text.hpp"

#include "query/declaration_form.hpp"

#include <algorithm>
#include <string>

namespace evidex::query {
namespace {

/// Who holds a shingle, counted as the suspects are read in apprentice order.
struct Holders {
  std::size_t last_apprentice = 0;  // index of the last apprentice counted, + 1
  std::size_t apprentices = 0;
  std::size_t first_text = 0;  // index of the first text holding it, + 1
  bool other_text = false;
};

}  // namespace

SharedText find_shared_text(indexer::Store& store, const std::vector<indexer::ComparableItem>& items,
                            std::vector<std::size_t> suspects) {
  SharedText out;
  std::sort(suspects.begin(), suspects.end());
  suspects.erase(std::unique(suspects.begin(), suspects.end()), suspects.end());

  indexer::SignatureMaker maker = indexer::signature_maker(store);
  std::vector<std::string> texts(suspects.size());
  std::unordered_map<std::uint64_t, Holders> holders;
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
    texts[k] = store.item_text(item.id);
    if (read_declaration_form(texts[k]).is_form) {
      out.forms.insert(suspects[k]);
      continue;
    }
    std::size_t text_id = text_ids.emplace(item.text_hash, text_ids.size()).first->second;
    std::string normalised = indexer::normalise_for_comparison(texts[k]);
    std::vector<std::uint64_t> shingles = indexer::shingle_hashes(indexer::split_words(normalised));
    std::sort(shingles.begin(), shingles.end());
    shingles.erase(std::unique(shingles.begin(), shingles.end()), shingles.end());
    for (std::uint64_t s : shingles) {
      if (maker.template_shingles().contains(s)) {
        continue;  // a registered or built-in template's: discounted already
      }
      Holders& h = holders[s];
      if (h.last_apprentice != apprentice + 1) {
        h.last_apprentice = apprentice + 1;
        ++h.apprentices;
      }
      if (h.first_text == 0) {
        h.first_text = text_id + 1;
      } else if (h.first_text != text_id + 1) {
        h.other_text = true;
      }
    }
  }

  indexer::ShingleSet common;
  for (const auto& [shingle, h] : holders) {
    if (h.apprentices >= k_template_apprentices && h.other_text) {
      common.insert(shingle);
    }
  }
  out.template_shingles = common.size();
  if (common.size() == 0) {
    return out;
  }
  for (std::size_t k = 0; k < suspects.size(); ++k) {
    if (texts[k].empty() || out.forms.count(suspects[k])) {
      continue;
    }
    indexer::Signature sig = maker.make(texts[k], common);
    if (sig.shingles != items[suspects[k]].shingles || sig.minhash != items[suspects[k]].minhash) {
      out.resigned.emplace(suspects[k], std::move(sig));
    }
  }
  return out;
}

}  // namespace evidex::query
