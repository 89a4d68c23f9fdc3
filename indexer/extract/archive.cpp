/** @file
 * @brief Archives (zip, tar and its compressed forms, 7z, rar, cab, cpio, lzh, iso) and lone
 * compressed files, through libarchive.
 *
 * This is the front door for untrusted uploads. Member names never touch the filesystem: they only
 * become Child::name, and every member is written to ctx.next_child_file(). Every byte written is
 * counted against the per-item limit, the bundle budget and the expansion ratio while it is
 * streamed, so a bomb is stopped after a few MiB, not after it filled the disk.
 */
#include "indexer/extract/children.hpp"
#include "indexer/extract/handlers.hpp"
#include "indexer/extract/os_litter.hpp"
#include "indexer/util/c_handle.hpp"
#include "indexer/util/errors.hpp"
#include "indexer/util/text_encoding.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <locale.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <map>
#include <new>
#include <set>
#include <system_error>
#include <vector>

namespace evidex::indexer {
namespace {

namespace fs = std::filesystem;

using ArchivePtr = std::unique_ptr<archive, CFree<archive_read_free>>;

/// Read size for the file, and the most a hole in a sparse member is filled with at once: members
/// are streamed block by block, never held whole in memory.
constexpr std::size_t k_block_size = 64 * 1024;

/// Compressed bytes granted to every ratio computation on top of what was really consumed. The
/// readers consume input in blocks, so a small, legitimately very compressible member (a log
/// file) would otherwise show a ratio its size does not justify.
constexpr std::uint64_t k_ratio_slack_bytes = 64 * 1024;

/// How many headers in a row libarchive may reject before we stop trusting the archive: a
/// damaged directory can otherwise yield an endless run of ARCHIVE_FAILED/ARCHIVE_RETRY.
constexpr int k_max_bad_headers = 100;

std::string error_text(archive* a) {
  const char* s = archive_error_string(a);
  return s && *s ? std::string(s) : std::string("unknown libarchive error");
}

bool mentions(std::string_view text, std::string_view word) {
  auto it = std::search(text.begin(), text.end(), word.begin(), word.end(),
                        [](char x, char y) { return std::tolower(static_cast<unsigned char>(x)) == y; });
  return it != text.end();
}

bool mentions_encryption(std::string_view msg) {
  return mentions(msg, "encrypt") || mentions(msg, "password") || mentions(msg, "decrypt");
}

/// Whether every non-ASCII character of valid UTF-8 text is Japanese/Chinese script (kana, CJK
/// ideographs, full-width forms), and there is at least one.
bool only_cjk_beyond_ascii(std::string_view text) {
  bool any = false;
  for (std::size_t i = 0; i < text.size();) {
    auto b = static_cast<unsigned char>(text[i]);
    if (b < 0x80) {
      ++i;
      continue;
    }
    int len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    char32_t cp = b & (len == 4 ? 0x07 : len == 3 ? 0x0F : 0x1F);
    for (int k = 1; k < len && i + k < text.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    i += len;
    bool cjk = (cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xFF01 && cp <= 0xFF5E);
    if (!cjk) {
      return false;
    }
    any = true;
  }
  return any;
}

/// The charset of an archive's non-UTF-8 names, from a sample of them ('\n'-joined: a single short
/// name is too little for uchardet).
std::string guess_name_charset(std::string_view sample, bool zip) {
  std::string guess = guess_charset(sample);
  if (!zip) {
    return guess;
  }
  std::string lower = guess;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  // A Mac code page is never what a Windows zipper wrote (macOS writes UTF-8 and says so), but
  // uchardet offers MAC-CENTRALEUROPE for CP437 names such as "Große Übung".
  bool western_windows = lower.rfind("windows-125", 0) == 0 && lower != "windows-1251" && lower != "windows-1253" &&
                         lower != "windows-1255" && lower != "windows-1256";
  bool western_iso = lower.rfind("iso-8859-", 0) == 0 && lower != "iso-8859-5" && lower != "iso-8859-6" &&
                     lower != "iso-8859-7" && lower != "iso-8859-8";
  bool western = lower.empty() || lower.rfind("mac", 0) == 0 || western_windows || western_iso;
  if (!western) {
    return guess;
  }
  // Zips made on Windows hold names in the OEM code page (CP437 by the zip spec; CP850 agrees on
  // the accented letters), which uchardet takes for windows-125x. Japanese Windows writes
  // Shift-JIS, which uchardet seldom spots in a few short names.
  if (auto sjis = convert_to_utf8(sample, "SHIFT_JIS"); sjis && only_cjk_beyond_ascii(*sjis)) {
    return "SHIFT_JIS";
  }
  return "CP437";
}

/// Valid UTF-8 from a name's bytes: UTF-8 as it is, anything else from charset.
std::string decode_name_bytes(std::string_view raw, const std::string& charset) {
  if (is_valid_utf8(raw)) {
    return printable_utf8(raw);
  }
  if (auto converted = convert_to_utf8(raw, charset)) {
    return printable_utf8(*converted);
  }
  return printable_utf8(raw);
}

/// What the first bytes of the file say.
struct Sniffed {
  /// The one outer compression filter, ARCHIVE_FILTER_NONE when there is none.
  int filter = ARCHIVE_FILTER_NONE;
  /// The one archive format to try, 0 for all of them.
  int format = 0;
};

/// The compression around the archive, recognised by its magic number. We set the one outer
/// filter ourselves (archive_read_append_filter) instead of letting libarchive bid: its bidding
/// stacks filter after filter, and a crafted chain of gzip headers kept bsdtar busy for minutes.
/// One layer per level is enough: a compressed file inside the result is a child, and the
/// pipeline's depth limit bounds that recursion.
/// A RAR or 7z signature at offset 0 is authoritative too: otherwise a zip stored inside a RAR
/// makes libarchive's zip reader (which looks for the zip directory at the END of the file) win
/// the bidding, and the RAR's own members are lost (libarchive issue 2249).
Sniffed sniff(const fs::path& file) {
  unsigned char h[8] = {};
  std::size_t n = 0;
  if (FilePtr f{std::fopen(file.c_str(), "rb")}) {
    n = std::fread(h, 1, sizeof h, f.get());
  }
  auto starts = [&](const char* magic, std::size_t len) {
    return n >= len && std::memcmp(h, magic, len) == 0;
  };
  Sniffed out;
  if (starts("\x1F\x8B", 2)) {
    out.filter = ARCHIVE_FILTER_GZIP;
  } else if (starts("\x1F\x9D", 2)) {
    out.filter = ARCHIVE_FILTER_COMPRESS;
  } else if (starts("BZh", 3) && n >= 4 && h[3] >= '1' && h[3] <= '9') {
    out.filter = ARCHIVE_FILTER_BZIP2;
  } else if (starts("\xFD" "7zXZ\0", 6)) {
    out.filter = ARCHIVE_FILTER_XZ;
  } else if (starts("\x28\xB5\x2F\xFD", 4)) {
    out.filter = ARCHIVE_FILTER_ZSTD;
  } else if (starts("LZIP", 4)) {
    out.filter = ARCHIVE_FILTER_LZIP;
  } else if (starts("\x04\x22\x4D\x18", 4)) {
    out.filter = ARCHIVE_FILTER_LZ4;
  } else if (starts("\x5D\x00\x00", 3) && n >= 5 && (h[3] != 0 || h[4] != 0)) {
    // .lzma has no magic: properties byte 0x5D and a dictionary size.
    out.filter = ARCHIVE_FILTER_LZMA;
  } else if (starts("Rar!\x1A\x07\x01\x00", 8)) {
    out.format = ARCHIVE_FORMAT_RAR_V5;
  } else if (starts("Rar!\x1A\x07\x00", 7)) {
    out.format = ARCHIVE_FORMAT_RAR;
  } else if (starts("7z\xBC\xAF\x27\x1C", 6)) {
    out.format = ARCHIVE_FORMAT_7ZIP;
  }
  return out;
}

/// Opens the file with every archive format libarchive has except mtree and raw: an mtree "archive"
/// is a list of paths that libarchive then opens ON THIS MACHINE as member data (it would hand us
/// /etc/passwd), and raw accepts anything. With raw=true, only raw: the lone compressed file.
/// Null when no format recognises the data.
ArchivePtr open_archive(const fs::path& file, const Sniffed& sniffed, bool raw, const std::string& item_path) {
  ArchivePtr a{archive_read_new()};
  if (!a) {
    throw std::bad_alloc();
  }
  if (raw) {
    archive_read_support_format_raw(a.get());
  } else if (sniffed.format == ARCHIVE_FORMAT_RAR_V5) {
    archive_read_support_format_rar5(a.get());
  } else if (sniffed.format == ARCHIVE_FORMAT_RAR) {
    archive_read_support_format_rar(a.get());
  } else if (sniffed.format == ARCHIVE_FORMAT_7ZIP) {
    archive_read_support_format_7zip(a.get());
  } else {
    for (auto support : {archive_read_support_format_7zip, archive_read_support_format_ar,
                         archive_read_support_format_cab, archive_read_support_format_cpio,
                         archive_read_support_format_empty, archive_read_support_format_iso9660,
                         archive_read_support_format_lha, archive_read_support_format_rar,
                         archive_read_support_format_rar5, archive_read_support_format_tar,
                         archive_read_support_format_warc, archive_read_support_format_xar,
                         archive_read_support_format_zip}) {
      support(a.get());
    }
  }
  if (sniffed.filter == ARCHIVE_FILTER_COMPRESS) {
    // libarchive's compress (.Z) filter reads its header the moment it is appended, before the file
    // is open, through a null upstream: SIGSEGV on every .Z. It bids alone instead, which can only
    // stack compress on compress, each layer a real LZW stream.
    archive_read_support_filter_compress(a.get());
  } else if (sniffed.filter != ARCHIVE_FILTER_NONE &&
             archive_read_append_filter(a.get(), sniffed.filter) != ARCHIVE_OK) {
    throw ItemError(item_path, "corrupt archive: " + error_text(a.get()));
  }
  if (archive_read_open_filename(a.get(), file.c_str(), k_block_size) != ARCHIVE_OK) {
    std::string msg = error_text(a.get());
    if (mentions_encryption(msg)) {
      throw ItemError(item_path, "encrypted archive: password required");
    }
    return {};
  }
  return a;
}

/// The name of the one member of a lone compressed file: the file's own name minus the
/// compression suffix ("notes.txt.gz" -> "notes.txt").
std::string raw_member_name(const std::string& item_path) {
  std::string base = item_path.substr(item_path.find_last_of('/') + 1);
  auto dot = base.find_last_of('.');
  if (dot == std::string::npos || dot == 0) {
    return base.empty() ? std::string("data") : base;
  }
  std::string ext = base.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  std::string stem = base.substr(0, dot);
  for (const char* tar_like : {"tgz", "taz", "tbz", "tbz2", "tb2", "txz", "tzst", "tlz"}) {
    if (ext == tar_like) {
      return stem + ".tar";
    }
  }
  for (const char* suffix : {"gz", "gzip", "z", "bz2", "bz", "xz", "zst", "zstd", "lz", "lz4", "lzma"}) {
    if (ext == suffix) {
      return stem;
    }
  }
  return base;
}

const char* special_kind(mode_t type) {
  switch (type) {
  case AE_IFCHR:
    return "character device";
  case AE_IFBLK:
    return "block device";
  case AE_IFIFO:
    return "named pipe (FIFO)";
  case AE_IFSOCK:
    return "socket";
  default:
    return "special file";
  }
}

/// What the RAR5 headers say about encryption. libarchive 3.6 does not flag RAR5 encrypted members
/// (it fails on their data with "Unsupported block header size"), so we read the block headers
/// ourselves: a file header whose extra area holds a record of type 1 is encrypted, and a block of
/// type 4 means the headers themselves are.
struct Rar5Encryption {
  bool headers_encrypted = false;
  std::set<std::string> encrypted_names;
};

Rar5Encryption scan_rar5_encryption(const fs::path& file) {
  constexpr std::uint64_t k_max_header = 2 << 20;  // the RAR5 format's own limit
  constexpr int k_max_blocks = 100000;
  Rar5Encryption out;
  FilePtr f{std::fopen(file.c_str(), "rb")};
  if (!f || std::fseek(f.get(), 8, SEEK_SET) != 0) {
    return out;
  }
  // Variable-length integers: 7 bits per byte, high bit set on all but the last.
  auto vint_from = [](const std::string& buf, std::size_t& pos, std::uint64_t& value) {
    value = 0;
    for (int shift = 0; pos < buf.size() && shift < 64; shift += 7) {
      auto b = static_cast<unsigned char>(buf[pos++]);
      value |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) {
        return true;
      }
    }
    return false;
  };
  for (int block = 0; block < k_max_blocks; ++block) {
    unsigned char head[4 + 3];
    std::size_t got = std::fread(head, 1, sizeof head, f.get());
    if (got < 5) {
      break;
    }
    std::string size_bytes(reinterpret_cast<char*>(head) + 4, got - 4);
    std::size_t pos = 0;
    std::uint64_t header_size = 0;
    if (!vint_from(size_bytes, pos, header_size) || header_size == 0 || header_size > k_max_header) {
      break;
    }
    // Back to the start of the header proper, then read all of it.
    if (std::fseek(f.get(), static_cast<long>(pos) - static_cast<long>(got - 4), SEEK_CUR) != 0) {
      break;
    }
    std::string h(header_size, '\0');
    if (std::fread(h.data(), 1, h.size(), f.get()) != h.size()) {
      break;
    }
    std::size_t p = 0;
    std::uint64_t type = 0, flags = 0, extra_size = 0, data_size = 0;
    if (!vint_from(h, p, type) || !vint_from(h, p, flags) || ((flags & 1) && !vint_from(h, p, extra_size)) ||
        ((flags & 2) && !vint_from(h, p, data_size))) {
      break;
    }
    if (type == 4) {
      out.headers_encrypted = true;
      break;
    }
    if (type == 2 && extra_size > 0 && extra_size <= h.size()) {
      std::uint64_t file_flags = 0, unpacked = 0, attributes = 0, compression = 0, host = 0, name_len = 0;
      if (vint_from(h, p, file_flags) && vint_from(h, p, unpacked) && vint_from(h, p, attributes)) {
        p += (file_flags & 2) ? 4 : 0;
        p += (file_flags & 4) ? 4 : 0;
        if (vint_from(h, p, compression) && vint_from(h, p, host) && vint_from(h, p, name_len) &&
            p + name_len <= h.size()) {
          std::string name = h.substr(p, name_len);
          for (std::size_t e = h.size() - extra_size; e < h.size();) {
            std::uint64_t record_size = 0, record_type = 0;
            std::size_t start = e;
            if (!vint_from(h, e, record_size)) {
              break;
            }
            std::size_t next = e + record_size;
            if (!vint_from(h, e, record_type) || next > h.size() || next <= start) {
              break;
            }
            if (record_type == 1) {
              out.encrypted_names.insert(name);
            }
            e = next;
          }
        }
      }
    }
    if (type == 5 || data_size > static_cast<std::uint64_t>(LONG_MAX) ||
        std::fseek(f.get(), static_cast<long>(data_size), SEEK_CUR) != 0) {
      break;
    }
  }
  return out;
}

/// Makes this thread's locale C.UTF-8 while it lives. libarchive converts member names through the
/// current locale: in the C locale it drops UTF-8 names it cannot represent and mangles legacy ones.
/// Under UTF-8 it hands UTF-8 names over as they are and legacy bytes unchanged, which we decode.
class Utf8ThreadLocale {
public:
  Utf8ThreadLocale() : m_locale(newlocale(LC_ALL_MASK, "C.UTF-8", static_cast<locale_t>(nullptr))) {
    if (m_locale) {
      m_previous = uselocale(m_locale);
    }
  }
  ~Utf8ThreadLocale() {
    if (m_locale) {
      uselocale(m_previous);
      freelocale(m_locale);
    }
  }
  Utf8ThreadLocale(const Utf8ThreadLocale&) = delete;
  Utf8ThreadLocale& operator=(const Utf8ThreadLocale&) = delete;

private:
  locale_t m_locale;
  locale_t m_previous = static_cast<locale_t>(nullptr);
};

/// One pass over one archive. Its ChildWriter holds the running totals the limits are checked
/// against; the walk adds the expansion ratio, which only it can measure.
class ArchiveWalk {
public:
  ArchiveWalk(archive* a, const fs::path& file, ExtractContext& ctx, Extraction& out, bool raw,
              const Sniffed& sniffed, std::set<std::string> encrypted_names)
      : m_a(a), m_file(file), m_ctx(ctx), m_out(out), m_raw(raw), m_sniffed(sniffed), m_filter(sniffed.filter),
        m_encrypted_names(std::move(encrypted_names)), m_children(ctx, out, "member") {
    m_children.set_write_check([this](std::uint64_t written) { return ratio_error(written); });
  }

  /// Reads every entry until the end, a limit, or an error that ends the archive (fatal() then
  /// says which).
  void run();

  const std::string& fatal() const { return m_fatal; }
  bool listed_nothing() const { return m_entries_seen == 0; }
  /// Operating-system files skipped (is_os_litter), and the first of them for the message.
  std::uint64_t litter() const { return m_litter; }
  const std::string& first_litter() const { return m_first_litter; }
  /// Damaged headers libarchive skipped over (ARCHIVE_RETRY): entries that may be lost.
  std::uint64_t damaged_headers() const { return m_damaged_headers; }

private:
  enum class Flow { go_on, stop };

  Flow process(archive_entry* entry, const std::string& header_error);
  Flow stream(const std::string& name);
  Flow hard_link(archive_entry* entry, const std::string& name);
  Flow copy_member(const std::string& name, fs::path from);
  void warn(std::string message);
  std::string ratio_error(std::uint64_t member_bytes) const;
  std::uint64_t consumed_since(la_int64_t start) const;
  bool skipping_is_cheap() const;
  std::string decode_name(const char* utf8, const char* raw);
  std::string legacy_charset(std::string_view first_name);

  archive* m_a;
  const fs::path& m_file;
  std::string m_charset;
  ExtractContext& m_ctx;
  Extraction& m_out;
  bool m_raw;
  Sniffed m_sniffed;
  int m_filter;
  /// Members known to be encrypted where libarchive cannot tell (RAR5).
  std::set<std::string> m_encrypted_names;
  std::uint64_t m_entries_seen = 0;
  std::string m_fatal;
  ChildWriter m_children;
  /// Compressed bytes consumed when the current member started.
  la_int64_t m_member_start = 0;
  std::uint64_t m_litter = 0;
  std::string m_first_litter;
  std::uint64_t m_damaged_headers = 0;
  /// Where the members extracted so far were written, by their (cleaned) name in the archive: a
  /// hard link to one of them is a second name for its bytes.
  std::map<std::string, fs::path> m_extracted;
  /// The symbolic links seen so far, by their (cleaned) name, with their target as written.
  std::map<std::string, std::string> m_links;

  /// The reason a member is refused because its path runs through an earlier symbolic link, empty
  /// when it does not.
  std::string through_link_error(const std::string& name) const;
};

/// Whether a symbolic link named link (cleaned, '/'-separated) with this target resolves outside the
/// bundle: an absolute target, or one whose ".." components climb above the bundle's top.
bool link_leaves_bundle(std::string_view link, std::string_view target) {
  if (target.empty()) {
    return false;
  }
  if (target.front() == '/' || target.front() == '\\' ||
      (target.size() >= 2 && target[1] == ':' && std::isalpha(static_cast<unsigned char>(target[0])))) {
    return true;
  }
  // The link's own directory is where its target starts from.
  long depth = static_cast<long>(std::count(link.begin(), link.end(), '/'));
  std::string_view rest = target;
  while (!rest.empty()) {
    auto slash = rest.find_first_of("/\\");
    std::string_view part = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (part == "..") {
      if (--depth < 0) {
        return true;
      }
    } else if (!part.empty() && part != ".") {
      ++depth;
    }
  }
  return false;
}

/// An archiver that extracts "shared -> /tmp" and then "shared/planted.txt" writes the second
/// member through the link, wherever it points: the member's place in the bundle is not where its
/// name says. Links are never followed here, so such a member is refused with the link it runs
/// through.
std::string ArchiveWalk::through_link_error(const std::string& name) const {
  if (m_links.empty()) {
    return {};
  }
  for (auto slash = name.find('/'); slash != std::string::npos; slash = name.find('/', slash + 1)) {
    auto it = m_links.find(name.substr(0, slash));
    if (it == m_links.end()) {
      continue;
    }
    std::string where = link_leaves_bundle(it->first, it->second) ? ", which points outside the bundle"
                                                                   : ", which is not followed";
    return "unsafe entry: path runs through the symbolic link " + quoted_name(it->first) + " to " +
           quoted_name(it->second) + where + "; not extracted";
  }
  return {};
}

/// libarchive hands us names as UTF-8 where the archive says so (and our locale is UTF-8), and as
/// the archive's bytes otherwise.
std::string ArchiveWalk::decode_name(const char* utf8, const char* raw) {
  if (utf8 && is_valid_utf8(utf8)) {
    return printable_utf8(utf8);
  }
  if (!raw) {
    return {};
  }
  if (is_valid_utf8(raw)) {
    return printable_utf8(raw);
  }
  return decode_name_bytes(raw, legacy_charset(raw));
}

/// One charset for all the legacy names of an archive, guessed from as many of them as a cheap
/// second pass over the headers gives (a plain zip or tar: skipping data is a seek).
std::string ArchiveWalk::legacy_charset(std::string_view first_name) {
  if (!m_charset.empty()) {
    return m_charset;
  }
  constexpr std::size_t k_max_sample = 64 * 1024;
  constexpr int k_max_headers = 5000;
  std::string sample(first_name);
  if (skipping_is_cheap()) {
    try {
      ArchivePtr again = open_archive(m_file, m_sniffed, false, m_ctx.item_path);
      archive_entry* entry = nullptr;
      int headers = 0;
      while (again && sample.size() < k_max_sample && ++headers < k_max_headers &&
             archive_read_next_header(again.get(), &entry) == ARCHIVE_OK) {
        const char* raw = archive_entry_pathname(entry);
        if (raw && !is_valid_utf8(raw) && first_name != raw) {
          sample += '\n';
          sample += raw;
        }
      }
    } catch (const ItemError&) {
      // The main pass reports what is wrong with the archive; the sample is only smaller.
    }
  }
  bool zip = (archive_format(m_a) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP;
  m_charset = guess_name_charset(sample, zip);
  return m_charset;
}

void ArchiveWalk::warn(std::string message) {
  if (std::find(m_out.warnings.begin(), m_out.warnings.end(), message) == m_out.warnings.end()) {
    m_out.warnings.push_back(std::move(message));
  }
}

bool ArchiveWalk::skipping_is_cheap() const {
  // Past a member we stopped, libarchive must skip the rest of it: a seek in a plain zip or tar,
  // but decompressing all of it in a compressed stream or a solid block (7z, rar, cab, lha).
  if (m_filter != ARCHIVE_FILTER_NONE) {
    return false;
  }
  switch (archive_format(m_a) & ARCHIVE_FORMAT_BASE_MASK) {
  case ARCHIVE_FORMAT_ZIP:
  case ARCHIVE_FORMAT_TAR:
  case ARCHIVE_FORMAT_CPIO:
  case ARCHIVE_FORMAT_ISO9660:
  case ARCHIVE_FORMAT_AR:
    return true;
  default:
    return false;
  }
}

std::uint64_t ArchiveWalk::consumed_since(la_int64_t start) const {
  la_int64_t now = archive_filter_bytes(m_a, -1);
  return static_cast<std::uint64_t>(std::max<la_int64_t>(0, now - start));
}

/// The expansion ratio, of this member and of the whole archive so far: many small members of
/// zeros, each under the grace size, add up to a bomb too.
std::string ArchiveWalk::ratio_error(std::uint64_t member_bytes) const {
  const Limits& limits = m_ctx.limits;
  std::uint64_t archive_bytes = m_out.expanded_bytes + member_bytes;
  if (member_bytes <= limits.ratio_grace_bytes && archive_bytes <= limits.ratio_grace_bytes) {
    return {};
  }
  std::uint64_t member_in = consumed_since(m_member_start) + k_ratio_slack_bytes;
  std::uint64_t archive_in = consumed_since(0) + k_ratio_slack_bytes;
  double member_ratio = static_cast<double>(member_bytes) / static_cast<double>(member_in);
  double archive_ratio = static_cast<double>(archive_bytes) / static_cast<double>(archive_in);
  if ((member_bytes > limits.ratio_grace_bytes && member_ratio > limits.max_ratio) ||
      (archive_bytes > limits.ratio_grace_bytes && archive_ratio > limits.max_ratio)) {
    return "limit exceeded: expansion ratio over " + std::to_string(static_cast<long long>(limits.max_ratio)) +
           ":1 (" + human_bytes(member_bytes) + " written from " + human_bytes(consumed_since(m_member_start)) +
           " of compressed data); looks like a decompression bomb";
  }
  return {};
}

void ArchiveWalk::run() {
  int bad_headers = 0;
  for (;;) {
    archive_entry* entry = nullptr;
    int r = archive_read_next_header(m_a, &entry);
    if (r == ARCHIVE_EOF) {
      return;
    }
    if (r == ARCHIVE_FATAL || ((r == ARCHIVE_RETRY || r == ARCHIVE_FAILED) && ++bad_headers > k_max_bad_headers)) {
      m_fatal = error_text(m_a);
      return;
    }
    if (r == ARCHIVE_RETRY) {
      ++m_damaged_headers;
      continue;
    }
    if (m_entries_seen == 0) {
      if (const char* format = archive_format_name(m_a)) {
        m_out.meta["format"] = format;
      }
      if (m_filter != ARCHIVE_FILTER_NONE) {
        m_out.meta["compression"] = archive_filter_name(m_a, 0);
      }
    }
    ++m_entries_seen;
    std::string header_error;
    if (r == ARCHIVE_WARN) {
      std::string msg = error_text(m_a);
      // We decode names ourselves; libarchive's complaint about the locale is noise.
      if (!mentions(msg, "be converted")) {
        warn("archive warning: " + msg);
      }
    } else if (r == ARCHIVE_FAILED) {
      header_error = error_text(m_a);
    } else {
      bad_headers = 0;
    }
    if (process(entry, header_error) == Flow::stop) {
      return;
    }
  }
}

ArchiveWalk::Flow ArchiveWalk::process(archive_entry* entry, const std::string& header_error) {
  mode_t type = archive_entry_filetype(entry);
  std::string original = m_raw ? raw_member_name(m_ctx.item_path)
                               : decode_name(archive_entry_pathname_utf8(entry), archive_entry_pathname(entry));
  // The raw name too: "Icon\r" is only recognisable before its control character is marked.
  const char* raw_name = archive_entry_pathname(entry);
  if (type != AE_IFDIR && !m_raw && (is_os_litter(original) || (raw_name && is_os_litter(raw_name)))) {
    if (m_litter++ == 0) {
      m_first_litter = original;
    }
    return Flow::go_on;
  }
  // The cleaned name keeps the item findable where it claimed to be ("../../x/evil.sh" is listed
  // as "x/evil.sh", with the reason quoting the original).
  SafeName clean = clean_child_name(original);
  std::string name = clean.name.empty() ? "unnamed-entry-" + std::to_string(m_entries_seen) : clean.name;
  if (type == AE_IFDIR) {
    // A directory is no item: its files come as entries of their own, each judged on its name.
    // One that tries to leave the bundle is still reported, so that no refused entry goes unsaid.
    if (clean.climbed || clean.absolute) {
      std::string what = clean.climbed ? "directory " + quoted_name(original) + " leaves the bundle"
                                       : "directory with absolute path " + quoted_name(original);
      std::string error = "unsafe entry: " + what + "; not extracted";
      return m_children.add_error(name, error) ? Flow::go_on : Flow::stop;
    }
    return Flow::go_on;
  }

  std::string error;
  if (clean.climbed) {
    error = "unsafe entry: path " + quoted_name(original) + " leaves the bundle; not extracted";
  } else if (clean.absolute) {
    error = "unsafe entry: absolute path " + quoted_name(original) + "; not extracted";
  } else if (std::string through = through_link_error(name); !through.empty()) {
    error = std::move(through);
  } else if (type == AE_IFLNK || archive_entry_symlink(entry) || archive_entry_symlink_utf8(entry)) {
    std::string target = decode_name(archive_entry_symlink_utf8(entry), archive_entry_symlink(entry));
    m_links[name] = target;
    error = "unsafe entry: symbolic link to " + quoted_name(target) + "; not followed";
  } else if (archive_entry_hardlink(entry) || archive_entry_hardlink_utf8(entry)) {
    return hard_link(entry, name);
  } else if (type != AE_IFREG && type != 0) {
    error = std::string("unsafe entry: ") + special_kind(type) + "; not extracted";
  } else if (archive_entry_is_encrypted(entry) || mentions_encryption(header_error) ||
             m_encrypted_names.count(original)) {
    error = "encrypted archive entry: password required";
  } else if (!header_error.empty()) {
    error = "corrupt archive entry: " + header_error;
  }
  if (!error.empty()) {
    return m_children.add_error(name, error) ? Flow::go_on : Flow::stop;
  }
  return stream(name);
}

/// Copies the current entry's data to a child, block by block; the writer checks every limit
/// before each block is written, and leaves no file behind for a member it stopped.
ArchiveWalk::Flow ArchiveWalk::stream(const std::string& name) {
  m_member_start = archive_filter_bytes(m_a, -1);
  Flow flow = Flow::go_on;
  bool accepted = m_children.add(name, [&](const ChunkSink& sink) -> std::string {
    std::uint64_t written = 0;
    auto emit = [&](const char* data, std::uint64_t len) {
      if (!sink(std::string_view(data, len))) {
        return false;
      }
      written += len;
      return true;
    };
    // Sparse members (tar) come as blocks at offsets; the holes between them are zeros, and they
    // count against the limits like any other byte (a sparse "file" of 1 TB is a bomb too).
    static const std::vector<char> zeros(k_block_size, 0);
    auto fill_to = [&](la_int64_t offset) {
      while (offset > 0 && written < static_cast<std::uint64_t>(offset)) {
        std::uint64_t len = std::min<std::uint64_t>(zeros.size(), static_cast<std::uint64_t>(offset) - written);
        if (!emit(zeros.data(), len)) {
          return false;
        }
      }
      return true;
    };

    int warnings_here = 0;
    for (;;) {
      const void* block = nullptr;
      size_t size = 0;
      la_int64_t offset = 0;
      int r = archive_read_data_block(m_a, &block, &size, &offset);
      if (r == ARCHIVE_EOF) {
        fill_to(offset);
        return {};
      }
      if (r == ARCHIVE_WARN) {
        // libarchive has the data but doubts it (a bad CRC, a wrong size): keep it, and say so.
        warn("archive warning: " + quoted_name(name) + ": " + error_text(m_a));
        if (++warnings_here > 16) {
          return {};
        }
      } else if (r != ARCHIVE_OK) {
        std::string msg = error_text(m_a);
        if (r == ARCHIVE_FATAL) {
          warn("corrupt archive: " + msg + " (in " + quoted_name(name) + "); the rest of the archive was not read");
          flow = Flow::stop;
        }
        if (mentions_encryption(msg)) {
          return "encrypted archive entry: password required";
        }
        if ((mentions(msg, "unsupported") || mentions(msg, "not supported")) &&
            (mentions(msg, "compression") || mentions(msg, "method") || mentions(msg, "filter"))) {
          return "unsupported format: " + msg;
        }
        return "corrupt archive entry: " + msg;
      }
      if (block && size > 0) {
        if (!fill_to(offset) || !emit(static_cast<const char*>(block), size)) {
          return {};
        }
      }
    }
  });
  if (!accepted) {
    return Flow::stop;
  }
  const Child& child = m_out.children.back();
  if (child.error.empty()) {
    m_extracted[name] = child.file;
  }
  if (flow == Flow::go_on && child.error.rfind("limit exceeded", 0) == 0 && !skipping_is_cheap()) {
    warn(child.error + " in " + quoted_name(name) +
         "; the rest of the archive was not read, because skipping past this member means decompressing "
         "all of it");
    flow = Flow::stop;
  }
  return flow;
}

/// A hard link is a second name for a member's bytes. When the entry carries those bytes itself
/// (a pax or cpio archive may put them on the link), they are read like any member's; when it
/// names a member extracted earlier, that member's bytes are copied; a link to anything else
/// (outside the bundle, or to no member) is refused with the reason.
ArchiveWalk::Flow ArchiveWalk::hard_link(archive_entry* entry, const std::string& name) {
  std::string target = decode_name(archive_entry_hardlink_utf8(entry), archive_entry_hardlink(entry));
  if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > 0) {
    return stream(name);
  }
  SafeName clean = clean_child_name(target);
  if (!clean.climbed && !clean.absolute) {
    if (auto it = m_extracted.find(clean.name); it != m_extracted.end()) {
      return copy_member(name, it->second);
    }
  }
  std::string why = clean.climbed || clean.absolute ? "it points outside the bundle"
                                                    : "no member of that name comes before it";
  std::string error = "unsafe entry: hard link to " + quoted_name(target) + " (" + why + "); not followed";
  return m_children.add_error(name, error) ? Flow::go_on : Flow::stop;
}

/// A second child with the bytes of a member already written, checked against every limit like
/// any member: a thousand links to one large file are a bomb too.
ArchiveWalk::Flow ArchiveWalk::copy_member(const std::string& name, fs::path from) {
  m_member_start = archive_filter_bytes(m_a, -1);
  bool accepted = m_children.add(name, [&](const ChunkSink& sink) -> std::string {
    FilePtr in{std::fopen(from.c_str(), "rb")};
    if (!in) {
      return "unreadable: the member this hard link names could not be read again";
    }
    std::vector<char> block(k_block_size);
    for (std::size_t n; (n = std::fread(block.data(), 1, block.size(), in.get())) > 0;) {
      if (!sink(std::string_view(block.data(), n))) {
        return {};
      }
    }
    return {};
  });
  if (!accepted) {
    return Flow::stop;
  }
  if (const Child& child = m_out.children.back(); child.error.empty()) {
    m_extracted[name] = child.file;
  }
  return Flow::go_on;
}

class ArchiveExtractor final : public Extractor {
public:
  std::string_view name() const override { return "archive"; }

  Extraction extract(const fs::path& file, ExtractContext& ctx) const override {
    Utf8ThreadLocale utf8_names;
    Sniffed sniffed = sniff(file);
    bool raw = false;
    ArchivePtr a = open_archive(file, sniffed, false, ctx.item_path);
    if (!a) {
      // No archive format inside the compression: a lone compressed file, one member.
      if (sniffed.filter != ARCHIVE_FILTER_NONE) {
        raw = true;
        a = open_archive(file, sniffed, true, ctx.item_path);
      }
      if (!a) {
        throw ItemError(ctx.item_path, "corrupt archive: not a readable archive (unrecognized archive format)");
      }
    }
    Rar5Encryption rar5;
    if (sniffed.format == ARCHIVE_FORMAT_RAR_V5) {
      rar5 = scan_rar5_encryption(file);
      if (rar5.headers_encrypted) {
        throw ItemError(ctx.item_path, "encrypted archive: password required");
      }
    }
    Extraction out;
    ArchiveWalk walk(a.get(), file, ctx, out, raw, sniffed, std::move(rar5.encrypted_names));
    walk.run();
    if (!walk.fatal().empty()) {
      const std::string& msg = walk.fatal();
      bool encrypted = mentions_encryption(msg) || archive_read_has_encrypted_entries(a.get()) > 0;
      if (out.children.empty()) {
        throw ItemError(ctx.item_path, encrypted ? "encrypted archive: password required" : "corrupt archive: " + msg);
      }
      out.warnings.push_back(encrypted ? "encrypted archive: password required to read the rest (" + msg + ")"
                                       : "corrupt archive: " + msg + "; entries after this point were not read");
    }
    if ((archive_format(a.get()) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_EMPTY && out.children.empty()) {
      throw ItemError(ctx.item_path, "empty file: no archive data");
    }
    if (walk.litter() > 0) {
      out.warnings.push_back(os_litter_warning(walk.litter(), quoted_name(walk.first_litter())));
    }
    if (walk.damaged_headers() > 0) {
      out.warnings.push_back("corrupt archive: skipped " + std::to_string(walk.damaged_headers()) +
                             " damaged entry header" + (walk.damaged_headers() == 1 ? "" : "s") +
                             "; whatever they held was not read");
    }
    if (walk.listed_nothing() && walk.fatal().empty()) {
      out.warnings.push_back("empty archive: it lists no entries");
    }
    return out;
  }
};

}  // namespace

std::shared_ptr<const Extractor> make_archive_extractor() { return std::make_shared<ArchiveExtractor>(); }

}  // namespace evidex::indexer
