#include "indexer/extract/handlers.hpp"
#include "tests/support/test_support.hpp"

#include <catch2/catch.hpp>

using namespace evidex::indexer;
using evidex::test::TempDir;

TEST_CASE("media: no text, dimensions and description from libmagic", "[media]") {
  auto media = make_media_extractor();
  TempDir scratch;
  ExtractContext ctx;
  ctx.scratch_dir = scratch.path();
  ctx.item_path = "photo.jpg";
  ctx.description =
      "JPEG image data, JFIF standard 1.01, resolution (DPI), density 72x72, segment length 16, baseline, "
      "precision 8, 640x480, components 3";
  auto x = media->extract(scratch / "photo.jpg", ctx);
  CHECK(x.pages.empty());
  CHECK(x.meta.at("width") == "640");
  CHECK(x.meta.at("height") == "480");
  CHECK(x.meta.at("description") == ctx.description);

  ctx.description = "PNG image data, 1920 x 1080, 8-bit/color RGBA, non-interlaced";
  x = media->extract(scratch / "p.png", ctx);
  CHECK(x.meta.at("width") == "1920");
  CHECK(x.meta.at("height") == "1080");

  ctx.description = "Audio file with ID3 version 2.4.0, contains: MPEG ADTS, layer III, v1, 128 kbps, 44.1 kHz";
  x = media->extract(scratch / "a.mp3", ctx);
  CHECK(x.meta.count("width") == 0);
  CHECK(x.meta.at("description") == ctx.description);
  CHECK(std::string(default_registry().find("video/mp4")->name()) == "media");
  CHECK(std::string(default_registry().find("application/x-7z-compressed")->name()) == "archive");
  CHECK(std::string(default_registry().find("image/png")->name()) == "media");
}
