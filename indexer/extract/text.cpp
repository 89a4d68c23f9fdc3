/** @file
 * @brief Plain text and CSV, in whatever encoding the apprentice's machine wrote them.
 */
#include "indexer/extract/handlers.hpp"
#include "indexer/util/file_io.hpp"
#include "indexer/util/text_encoding.hpp"

namespace evidex::indexer {
namespace {

class TextExtractor final : public Extractor {
public:
  std::string_view name() const override { return "text"; }
  Extraction extract(const std::filesystem::path& file, ExtractContext& ctx) const override {
    std::string bytes = read_file_capped(file, ctx.limits.max_text_bytes, ctx.item_path);
    Extraction out;
    out.pages.push_back(decode_unlabelled(bytes));
    return out;
  }
};

}  // namespace

std::shared_ptr<const Extractor> make_text_extractor() { return std::make_shared<TextExtractor>(); }

}  // namespace evidex::indexer
