/** @file
 * @brief Plain text and CSV, in whatever encoding the apprentice's machine wrote them.
 */
#include "indexer/extract/handlers.hpp"
#include "indexer/extract/text_input.hpp"
#include "indexer/util/file_io.hpp"
#include "indexer/util/text_encoding.hpp"

namespace evidex::indexer {
namespace {

class TextExtractor final : public Extractor {
public:
  std::string_view name() const override { return "text"; }
  Extraction extract(const std::filesystem::path& file, ExtractContext& ctx) const override {
    Extraction out;
    out.pages.push_back(decode_unlabelled(read_text_input(file, ctx, out)));
    return out;
  }
};

}  // namespace

std::string read_text_input(const std::filesystem::path& file, const ExtractContext& ctx, Extraction& out) {
  bool cut = false;
  std::string bytes = read_file_prefix(file, ctx.limits.max_text_bytes, ctx.item_path, &cut);
  if (cut) {
    bytes.resize(bytes.size() & ~std::size_t{3});  // whole UTF-16/32 code units
    out.warnings.push_back("limit exceeded: only the first " + std::to_string(ctx.limits.max_text_bytes) +
                           " bytes of text kept");
  }
  return bytes;
}

std::shared_ptr<const Extractor> make_text_extractor() { return std::make_shared<TextExtractor>(); }

}  // namespace evidex::indexer
