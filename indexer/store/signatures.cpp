#include "indexer/store/signatures.hpp"

#include "indexer/store/templates.hpp"
#include "indexer/util/sha256.hpp"
#include "indexer/util/test_hooks.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <limits>

namespace evidex::indexer {
namespace {

// --- Hashing ------------------------------------------------------------------------------------
// Fixed functions (no std::hash, no library randomness): a stored signature must mean the same on
// every machine and in every build.

constexpr std::uint64_t mix64(std::uint64_t z) {  // splitmix64's finaliser
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t word_hash(std::string_view word) {  // FNV-1a, then mixed
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : word) {
    h = (h ^ c) * 0x100000001b3ULL;
  }
  return mix64(h);
}

// MinHash function i maps a shingle hash s to the high 32 bits of a[i] * s + b[i] (mod 2^64), with
// a[i] odd: multiply-shift, a universal family; s is already well mixed.
struct MinHashFunctions {
  std::array<std::uint64_t, k_minhash_size> a{};
  std::array<std::uint64_t, k_minhash_size> b{};
  MinHashFunctions() {
    std::uint64_t state = 0x65766964657821ULL;  // "evidex!"
    auto next = [&state] { return mix64(state += 0x9e3779b97f4a7c15ULL); };
    for (std::size_t i = 0; i < k_minhash_size; ++i) {
      a[i] = next() | 1;
      b[i] = next();
      a_low[i] = static_cast<std::uint32_t>(a[i]);
      a_high[i] = static_cast<std::uint32_t>(a[i] >> 32);
      b_low[i] = static_cast<std::uint32_t>(b[i]);
      b_high[i] = static_cast<std::uint32_t>(b[i] >> 32);
    }
  }
  // The same numbers in 32-bit halves, for the vectorised minhash().
  std::array<std::uint32_t, k_minhash_size> a_low{};
  std::array<std::uint32_t, k_minhash_size> a_high{};
  std::array<std::uint32_t, k_minhash_size> b_low{};
  std::array<std::uint32_t, k_minhash_size> b_high{};
};

const MinHashFunctions& minhash_functions() {
  static const MinHashFunctions functions;
  return functions;
}

// --- Normalisation ------------------------------------------------------------------------------

bool is_word_category(utf8proc_category_t category) {
  return category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_NO;  // letters, marks, digits
}

bool is_apostrophe(utf8proc_int32_t cp) {
  return cp == '\'' || cp == 0x2019 /* right single quotation mark */ || cp == 0x02BC /* modifier apostrophe */;
}

void append_utf8(std::string& out, utf8proc_int32_t cp) {
  std::array<utf8proc_uint8_t, 4> bytes{};
  auto n = utf8proc_encode_char(cp, bytes.data());
  out.append(reinterpret_cast<const char*>(bytes.data()), static_cast<std::size_t>(n));
}

}  // namespace

std::string normalise_for_comparison(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space_pending = false;  // a separator was seen since the last word character
  auto word_char = [&](auto append) {
    if (space_pending && !out.empty()) {
      out += ' ';
    }
    space_pending = false;
    append();
  };
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  std::array<utf8proc_int32_t, 32> buffer{};
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = bytes[i];
    if (c < 0x80) {  // ASCII: the common case, without utf8proc
      ++i;
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        word_char([&] { out += static_cast<char>(c); });
      } else if (c >= 'A' && c <= 'Z') {
        word_char([&] { out += static_cast<char>(c - 'A' + 'a'); });
      } else if (c != '\'') {
        space_pending = true;
      }
      continue;
    }
    utf8proc_int32_t cp = 0;
    auto n = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
    if (n <= 0) {
      ++i;
      space_pending = true;
      continue;
    }
    i += static_cast<std::size_t>(n);
    if (is_apostrophe(cp)) {
      continue;
    }
    int boundclass = 0;
    // IGNORE drops default-ignorable code points (soft hyphens, zero-width spaces): they join.
    auto options = static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                                  UTF8PROC_IGNORE);
    auto count = utf8proc_decompose_char(cp, buffer.data(), static_cast<utf8proc_ssize_t>(buffer.size()), options,
                                         &boundclass);
    if (count < 0 || count > static_cast<utf8proc_ssize_t>(buffer.size())) {
      space_pending = true;  // no code point decomposes this far; treat as a separator
      continue;
    }
    for (utf8proc_ssize_t k = 0; k < count; ++k) {
      utf8proc_int32_t d = buffer[static_cast<std::size_t>(k)];
      if (is_apostrophe(d)) {
        continue;
      }
      if (is_word_category(utf8proc_category(d))) {
        if (d < 0x80) {
          word_char([&] { out += static_cast<char>(d); });
        } else {
          word_char([&] { append_utf8(out, d); });
        }
      } else {
        space_pending = true;
      }
    }
  }
  return out;
}

std::vector<std::string_view> split_words(std::string_view normalised) {
  std::vector<std::string_view> words;
  std::size_t start = 0;
  while (start < normalised.size()) {
    std::size_t end = normalised.find(' ', start);
    if (end == std::string_view::npos) {
      end = normalised.size();
    }
    if (end > start) {
      words.push_back(normalised.substr(start, end - start));
    }
    start = end + 1;
  }
  return words;
}

std::vector<std::uint64_t> shingle_hashes(const std::vector<std::string_view>& words) {
  std::vector<std::uint64_t> out;
  if (words.size() < k_shingle_words) {
    return out;
  }
  std::vector<std::uint64_t> hashes(words.size());
  std::transform(words.begin(), words.end(), hashes.begin(), word_hash);
  out.reserve(words.size() - k_shingle_words + 1);
  for (std::size_t i = 0; i + k_shingle_words <= hashes.size(); ++i) {
    std::uint64_t h = 0x73686e676c65ULL;  // "shngle"
    for (std::size_t j = 0; j < k_shingle_words; ++j) {
      h = mix64(h ^ hashes[i + j]);  // order matters: "a b c d" is not "b a c d"
    }
    out.push_back(h);
  }
  return out;
}

// The high half of a * s + b (mod 2^64) from 32-bit halves: a_low * s_low + b_low cannot overflow
// 64 bits, and the cross terms only reach the high half (mod 2^32). The same number as the 64-bit
// product, in operations the compiler vectorises (there is no 64-bit vector multiply before
// AVX-512); the AVX2 clone does eight functions at a time where the CPU has it.
__attribute__((target_clones("avx2", "default")))
static void minhash_into(const MinHashFunctions& f, const std::uint64_t* shingles, std::size_t count,
                  std::uint32_t* __restrict mins) {
  for (std::size_t n = 0; n < count; ++n) {
    const auto s_low = static_cast<std::uint32_t>(shingles[n]);
    const auto s_high = static_cast<std::uint32_t>(shingles[n] >> 32);
    for (std::size_t i = 0; i < k_minhash_size; ++i) {
      const std::uint64_t low = static_cast<std::uint64_t>(f.a_low[i]) * s_low + f.b_low[i];
      const std::uint32_t v = static_cast<std::uint32_t>(low >> 32) + f.a_low[i] * s_high + f.a_high[i] * s_low + f.b_high[i];
      mins[i] = v < mins[i] ? v : mins[i];
    }
  }
}

std::vector<std::uint32_t> minhash(const std::vector<std::uint64_t>& shingles) {
  std::vector<std::uint32_t> mins(k_minhash_size, std::numeric_limits<std::uint32_t>::max());
  minhash_into(minhash_functions(), shingles.data(), shingles.size(), mins.data());
  return mins;
}

double estimate_similarity(const std::uint32_t* a, const std::uint32_t* b) {
  std::size_t equal = 0;
  for (std::size_t i = 0; i < k_minhash_size; ++i) {
    equal += a[i] == b[i];
  }
  return static_cast<double>(equal) / static_cast<double>(k_minhash_size);
}

double estimate_similarity(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  if (a.size() != k_minhash_size || b.size() != k_minhash_size) {
    return 0;
  }
  return estimate_similarity(a.data(), b.data());
}

double jaccard(std::vector<std::uint64_t> a, std::vector<std::uint64_t> b) {
  for (auto* v : {&a, &b}) {
    std::sort(v->begin(), v->end());
    v->erase(std::unique(v->begin(), v->end()), v->end());
  }
  std::vector<std::uint64_t> common;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(common));
  std::size_t all = a.size() + b.size() - common.size();
  return all == 0 ? 0.0 : static_cast<double>(common.size()) / static_cast<double>(all);
}

// --- ShingleSet ---------------------------------------------------------------------------------

void ShingleSet::insert(std::uint64_t shingle) {
  if (shingle == 0) {
    shingle = 1;
  }
  if ((m_size + 1) * 2 > m_slots.size()) {
    grow();
  }
  std::size_t mask = m_slots.size() - 1;
  for (std::size_t i = shingle & mask;; i = (i + 1) & mask) {
    if (m_slots[i] == shingle) {
      return;
    }
    if (m_slots[i] == 0) {
      m_slots[i] = shingle;
      ++m_size;
      return;
    }
  }
}

bool ShingleSet::contains(std::uint64_t shingle) const {
  if (m_size == 0) {
    return false;
  }
  if (shingle == 0) {
    shingle = 1;
  }
  std::size_t mask = m_slots.size() - 1;
  for (std::size_t i = shingle & mask;; i = (i + 1) & mask) {
    if (m_slots[i] == shingle) {
      return true;
    }
    if (m_slots[i] == 0) {
      return false;
    }
  }
}

void ShingleSet::grow() {
  std::vector<std::uint64_t> old = std::move(m_slots);
  m_slots.assign(std::max<std::size_t>(64, old.size() * 2), 0);
  m_size = 0;
  for (std::uint64_t s : old) {
    if (s != 0) {
      insert(s);
    }
  }
}

// --- Signatures ---------------------------------------------------------------------------------

SignatureMaker::SignatureMaker(const std::vector<std::string>& template_texts) {
  for (const auto& text : template_texts) {
    std::string normalised = normalise_for_comparison(text);
    for (std::uint64_t s : shingle_hashes(split_words(normalised))) {
      m_templates.insert(s);
    }
  }
}

Signature SignatureMaker::make(std::string_view text) const {
  static const ShingleSet none;
  return make(text, none);
}

Signature SignatureMaker::make(std::string_view text, const ShingleSet& common) const {
  Signature sig;
  std::string normalised = normalise_for_comparison(text);
  if (normalised.empty()) {
    return sig;
  }
  sig.text_hash = sha256_hex(normalised);
  auto words = split_words(normalised);
  sig.words = static_cast<std::uint32_t>(words.size());
  std::vector<std::uint64_t> shingles = shingle_hashes(words);
  // A word belongs to a template when a template shingle covers it; the rest is the item's own.
  std::vector<bool> covered(words.size(), false);
  std::vector<std::uint64_t> own;
  own.reserve(shingles.size());
  for (std::size_t i = 0; i < shingles.size(); ++i) {
    if (m_templates.contains(shingles[i]) || common.contains(shingles[i])) {
      std::fill_n(covered.begin() + static_cast<std::ptrdiff_t>(i), k_shingle_words, true);
    } else {
      own.push_back(shingles[i]);
    }
  }
  sig.own_words = static_cast<std::uint32_t>(std::count(covered.begin(), covered.end(), false));
  std::sort(own.begin(), own.end());
  own.erase(std::unique(own.begin(), own.end()), own.end());
  sig.shingles = static_cast<std::uint32_t>(own.size());
  if (sig.own_words >= k_min_own_words && sig.shingles >= k_min_shingles &&
      sig.own_words * k_own_words_fraction >= sig.words) {
    sig.minhash = minhash(own);
  }
  return sig;
}

SignatureMaker signature_maker(Store& store) {
  std::vector<std::string> texts;
  for (const auto& t : templates(store)) {
    texts.push_back(t.text);
  }
  return SignatureMaker(texts);
}

std::string encode_minhash(const std::vector<std::uint32_t>& values) {
  std::string blob;
  blob.reserve(values.size() * 4);
  for (std::uint32_t v : values) {
    for (int shift = 0; shift < 32; shift += 8) {
      blob += static_cast<char>((v >> shift) & 0xff);
    }
  }
  return blob;
}

std::vector<std::uint32_t> decode_minhash(std::string_view blob) {
  std::vector<std::uint32_t> values;
  if (blob.size() != k_minhash_size * 4) {
    return values;
  }
  values.resize(k_minhash_size);
  const auto* b = reinterpret_cast<const unsigned char*>(blob.data());
  for (std::size_t i = 0; i < k_minhash_size; ++i) {
    values[i] = static_cast<std::uint32_t>(b[4 * i]) | static_cast<std::uint32_t>(b[4 * i + 1]) << 8 |
                static_cast<std::uint32_t>(b[4 * i + 2]) << 16 | static_cast<std::uint32_t>(b[4 * i + 3]) << 24;
  }
  return values;
}

// --- In the store -------------------------------------------------------------------------------

std::size_t missing_signatures(Store& store) {
  Stmt s = store.db().prepare(
      "SELECT COUNT(*) FROM items i WHERE NOT EXISTS (SELECT 1 FROM signatures s WHERE s.item = i.id)");
  s.step();
  return static_cast<std::size_t>(s.integer(0));
}

std::size_t update_signatures(Store& store) {
  std::vector<std::int64_t> missing;
  {
    Stmt s = store.db().prepare(
        "SELECT i.id FROM items i WHERE NOT EXISTS (SELECT 1 FROM signatures s WHERE s.item = i.id) ORDER BY i.id");
    while (s.step()) {
      missing.push_back(s.integer(0));
    }
  }
  if (missing.empty()) {
    return 0;
  }
  SignatureMaker maker = signature_maker(store);
  Transaction t(store.db());
  Stmt insert = store.db().prepare(
      "INSERT OR REPLACE INTO signatures(item, text_hash, shingles, minhash) VALUES(?, ?, ?, ?)");
  for (std::int64_t id : missing) {
    Signature sig = maker.make(store.item_text(id));
    insert.bind(1, id).bind(2, sig.text_hash).bind(3, static_cast<std::int64_t>(sig.shingles));
    insert.bind_blob(4, encode_minhash(sig.minhash));
    insert.run();
  }
  test_kill_point("uncommitted-signatures");
  t.commit();
  test_kill_point("signatures-committed");
  return missing.size();
}

void clear_signatures(Store& store) { store.db().exec("DELETE FROM signatures"); }

std::vector<ComparableItem> comparable_items(Store& store) {
  std::vector<ComparableItem> out;
  Stmt s = store.db().prepare(
      "SELECT i.id, i.parent, b.apprentice, i.path, i.sha256, i.bytes, i.words, "
      "s.item IS NOT NULL, s.text_hash, s.shingles, s.minhash "
      "FROM items i JOIN bundles b ON i.bundle = b.id LEFT JOIN signatures s ON s.item = i.id "
      "ORDER BY b.apprentice, i.path");
  std::optional<SignatureMaker> maker;  // only when some signature is missing
  while (s.step()) {
    ComparableItem item;
    item.id = s.integer(0);
    if (!s.is_null(1)) {
      item.parent = s.integer(1);
    }
    item.apprentice = s.text(2);
    item.path = s.text(3);
    item.sha256 = s.text(4);
    item.bytes = static_cast<std::uint64_t>(s.integer(5));
    item.words = static_cast<std::uint64_t>(s.integer(6));
    if (s.integer(7) != 0) {
      item.text_hash = s.text(8);
      item.shingles = static_cast<std::uint32_t>(s.integer(9));
      item.minhash = decode_minhash(s.blob(10));
    } else {
      if (!maker) {
        maker.emplace(signature_maker(store));
      }
      Signature sig = maker->make(store.item_text(item.id));
      item.text_hash = std::move(sig.text_hash);
      item.shingles = sig.shingles;
      item.minhash = std::move(sig.minhash);
    }
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace evidex::indexer
