/** @file
 * @brief Images, audio and video: no text, only what libmagic's description says about them
 * (dimensions). The bytes stay in the store; an assessor opens them there.
 */
#include "indexer/extract/handlers.hpp"
#include "indexer/util/text_encoding.hpp"

#include <regex>

namespace evidex::indexer {
namespace {

class MediaExtractor final : public Extractor {
public:
  std::string_view name() const override { return "media"; }
  Extraction extract(const std::filesystem::path&, ExtractContext& ctx) const override {
    Extraction out;
    std::string description = sanitize_utf8(ctx.description);
    out.meta["description"] = description;
    // "PNG image data, 640 x 480, ..." or JPEG's "..., density 72x72, ..., 640x480, ...": the
    // pixel size is the last "W x H" that is not a density.
    static const std::regex size_re(R"((density\s+)?(\d{1,6})\s*x\s*(\d{1,6}))");
    for (auto it = std::sregex_iterator(description.begin(), description.end(), size_re);
         it != std::sregex_iterator(); ++it) {
      if (!(*it)[1].matched) {
        out.meta["width"] = (*it)[2].str();
        out.meta["height"] = (*it)[3].str();
      }
    }
    return out;
  }
};

}  // namespace

std::shared_ptr<const Extractor> make_media_extractor() { return std::make_shared<MediaExtractor>(); }

}  // namespace evidex::indexer
