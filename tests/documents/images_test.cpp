// Pictures in the text of the 申报书: a scenario instance's `images` (a PNG and a JPEG) placed
// after its description with captions "图N …", embedded in the PDF (pdfimages; the JPEG as it is)
// and in the DOCX (word/media, converted by LibreOffice headless), unreadable ones as captioned
// placeholders; the page with the pictures is kept as a PNG artefact.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "declaration/json_io.hpp"
#include "declaration/sample.hpp"
#include "documents/declaration_layout.hpp"
#include "documents/docx.hpp"
#include "documents/image_info.hpp"
#include "documents/pdf.hpp"
#include "documents/sample_images.hpp"
#include "documents/tools.hpp"
#include "support/world.hpp"

namespace {

namespace docs = tidu::test::documents;
using tidu::declaration::Attachment;
using tidu::documents::Image;
using tidu::documents::ImageFile;
using tidu::documents::ImageFiles;

constexpr const char* kHash = "7e51a4f3886b1e0c9d2a7f4e3b5c6d7e8f90a1b2c3d4e5f60718293a4b9d0c2b";
constexpr const char* kRound = "fj-2025-advanced";

/// The Fujian sample with a PNG and a JPEG in its first scenario instance and no other pictures.
nlohmann::json declaration_with_pictures() {
  auto d = tidu::declaration::make_sample(tidu::test::policy(kRound), 1);
  for (auto& s : d.scenarios) s.images.clear();
  d.scenarios.at(0).images = {"att-image-0", "att-photo"};
  d.attachments.push_back(Attachment{.id = "att-photo",
                                     .kind = "scenario_image",
                                     .name = "车间现场照片.jpg",
                                     .sha256 = std::string(64, 'd'),
                                     .media_type = "image/jpeg",
                                     .size = 905});
  return tidu::declaration::to_json(d);
}

ImageFiles picture_files() {
  return {
      {"att-image-0", ImageFile{.bytes = docs::sample_png(640, 400), .media_type = "image/png"}},
      {"att-photo", ImageFile{.bytes = docs::sample_jpeg(), .media_type = "image/jpeg"}}};
}

tidu::documents::Document layout(const nlohmann::json& content, const ImageFiles& files) {
  return tidu::documents::layout_declaration(tidu::test::policy(kRound), content,
                                             {.sha256 = kHash, .number = 1, .submitted_at = ""},
                                             files);
}

std::vector<const Image*> images_of(const tidu::documents::Document& doc) {
  std::vector<const Image*> out;
  for (const auto& b : doc.blocks) {
    if (const auto* i = std::get_if<Image>(&b)) out.push_back(i);
  }
  return out;
}

/// pdfimages -list rows: page number and encoding ("image", "jpeg", …) of each image.
struct ListedImage {
  int page = 0;
  std::string type;
  std::string encoding;
};
std::vector<ListedImage> listed_images(const std::filesystem::path& pdf) {
  const auto r = tidu::test::run_command("pdfimages -list " + docs::quoted(pdf) + " 2>&1");
  std::vector<ListedImage> out;
  std::istringstream lines(r.out);
  std::string line;
  int n = 0;
  while (std::getline(lines, line)) {
    if (++n <= 2 || line.empty()) continue;
    std::istringstream words(line);
    ListedImage i;
    std::string skip;
    words >> i.page >> skip >> i.type >> skip >> skip >> skip >> skip >> skip >> i.encoding;
    if (i.type != "smask") out.push_back(i);
  }
  return out;
}

TEST(DocImages, PixelSizesAreReadFromPngAndJpegHeaders) {
  const auto png = tidu::documents::image_pixel_size(docs::sample_png(640, 400), "image/png");
  ASSERT_TRUE(png);
  EXPECT_EQ(png->width, 640);
  EXPECT_EQ(png->height, 400);
  const auto jpeg = tidu::documents::image_pixel_size(docs::sample_jpeg(), "image/jpeg");
  ASSERT_TRUE(jpeg);
  EXPECT_EQ(jpeg->width, 48);
  EXPECT_EQ(jpeg->height, 32);
  EXPECT_FALSE(tidu::documents::image_pixel_size(docs::sample_jpeg(), "image/png"));
  EXPECT_FALSE(tidu::documents::image_pixel_size("not a picture at all", "image/jpeg"));
  EXPECT_FALSE(
      tidu::documents::image_pixel_size(docs::sample_png(8, 8).substr(0, 20), "image/png"));
}

TEST(DocImages, PlacedImagesAreTheInstancesPicturesOnceEachWithinTheLimits) {
  auto content = declaration_with_pictures();
  content["scenarios"][1]["images"] = {"att-photo", "att-business_licence", "att-nowhere"};
  const auto refs = tidu::documents::placed_images(tidu::test::policy(kRound), content);
  ASSERT_EQ(refs.size(), 2U) << "the PDF licence and the unknown id are no pictures";
  EXPECT_EQ(refs[0].id, "att-image-0");
  EXPECT_EQ(refs[1].id, "att-photo");
  EXPECT_EQ(refs[1].media_type, "image/jpeg");

  for (int i = 0; i < 30; ++i) {
    content["attachments"].push_back({{"id", "p" + std::to_string(i)},
                                      {"kind", "scenario_image"},
                                      {"name", "p.png"},
                                      {"sha256", std::string(64, 'e')},
                                      {"media_type", "image/png"},
                                      {"size", 100}});
    content["scenarios"][2]["images"].push_back("p" + std::to_string(i));
  }
  EXPECT_EQ(tidu::documents::placed_images(tidu::test::policy(kRound), content).size(),
            static_cast<std::size_t>(tidu::declaration::kMaxImages));
}

TEST(DocImages, TheLayoutPutsThePicturesAfterTheDescriptionWithNumberedCaptions) {
  const auto content = declaration_with_pictures();
  const auto doc = layout(content, picture_files());
  const auto images = images_of(doc);
  ASSERT_EQ(images.size(), 2U) << "placed once, after the first item that may have pictures";
  EXPECT_EQ(images[0]->caption, "图1 场景1配图");
  EXPECT_EQ(images[1]->caption, "图2 车间现场照片");
  EXPECT_TRUE(images[0]->usable());
  EXPECT_EQ(images[0]->media_type, "image/png");
  EXPECT_EQ(images[0]->width, 640);
  EXPECT_TRUE(images[1]->usable());
  EXPECT_EQ(images[1]->media_type, "image/jpeg");
  // Right before the pictures: the first paragraph of the instance's description.
  const std::string description = content["scenarios"][0]["description"];
  for (std::size_t i = 1; i < doc.blocks.size(); ++i) {
    if (!std::holds_alternative<Image>(doc.blocks[i])) continue;
    const auto* before = std::get_if<tidu::documents::Paragraph>(&doc.blocks[i - 1]);
    ASSERT_NE(before, nullptr);
    EXPECT_TRUE(description.ends_with(before->text)) << before->text;
    break;
  }
}

TEST(DocImages, AnUnreadableOrMissingPictureBecomesACaptionedPlaceholder) {
  auto files = picture_files();
  files["att-image-0"].bytes = "\x89PNG\r\n\x1a\n but nothing after the signature";
  files.erase("att-photo");
  const auto doc = layout(declaration_with_pictures(), files);
  const auto images = images_of(doc);
  ASSERT_EQ(images.size(), 2U);
  for (const auto* i : images) EXPECT_FALSE(i->usable());
  EXPECT_EQ(images[0]->placeholder, "（图片无法显示：场景1配图.png）");
  EXPECT_EQ(images[1]->placeholder, "（图片无法显示：车间现场照片.jpg）");

  // A PNG whose header is fine but whose data is not: Cairo refuses it while drawing.
  auto broken = doc;
  for (auto& b : broken.blocks) {
    if (auto* i = std::get_if<Image>(&b); i != nullptr && i->caption.starts_with("图1")) {
      i->bytes = docs::sample_png(64, 64).substr(0, 40);
      i->media_type = "image/png";
      i->width = 64;
      i->height = 64;
    }
  }
  const auto dir = docs::artefacts() / "images";
  std::filesystem::create_directories(dir);
  const auto pdf = tidu::documents::render_pdf(broken);
  ASSERT_TRUE(pdf) << pdf.error().message;
  docs::write_file(dir / "placeholders.pdf", *pdf);
  EXPECT_TRUE(listed_images(dir / "placeholders.pdf").empty());
  const auto flat = docs::squeezed(docs::pdf_text(dir / "placeholders.pdf").out);
  EXPECT_TRUE(docs::has_text(flat, "（图片无法显示：场景1配图.png）"));
  EXPECT_TRUE(docs::has_text(flat, "（图片无法显示：车间现场照片.jpg）"));
  EXPECT_TRUE(docs::has_text(flat, "图2车间现场照片"));
  const auto docx = tidu::documents::render_docx(doc);
  ASSERT_TRUE(docx) << docx.error().message;
  EXPECT_EQ(docx->find("word/media/"), std::string::npos);
}

TEST(DocImages, ThePdfEmbedsBothPicturesWithTheirCaptions) {
  const auto doc = layout(declaration_with_pictures(), picture_files());
  const auto pdf = tidu::documents::render_pdf(doc);
  ASSERT_TRUE(pdf) << pdf.error().message;
  const auto dir = docs::artefacts() / "images";
  std::filesystem::create_directories(dir);
  const auto path = dir / "fj-2025-advanced-pictures.pdf";
  docs::write_file(path, *pdf);
  const auto listed = listed_images(path);
  ASSERT_EQ(listed.size(), 2U) << docs::read_file(path).size() << " bytes";
  EXPECT_EQ(listed[0].encoding, "image") << "the PNG, decoded and re-compressed";
  EXPECT_EQ(listed[1].encoding, "jpeg") << "the JPEG embedded as it is (DCTDecode)";
  const auto flat = docs::squeezed(docs::pdf_text(path).out);
  EXPECT_TRUE(docs::has_text(flat, "图1场景1配图"));
  EXPECT_TRUE(docs::has_text(flat, "图2车间现场照片"));
  const auto page = listed[0].page;
  const auto png = dir / "fj-2025-advanced-pictures-page.png";
  std::filesystem::remove(png);
  tidu::test::run_command(fmt::format("pdftoppm -f {0} -l {0} -r 70 -png -singlefile {1} {2} 2>&1",
                                      page, docs::quoted(path),
                                      docs::quoted(dir / "fj-2025-advanced-pictures-page")));
  EXPECT_TRUE(std::filesystem::exists(png));
}

TEST(DocImages, TheDocxCarriesThePicturesAndLibreOfficeConvertsIt) {
  const auto doc = layout(declaration_with_pictures(), picture_files());
  const auto docx = tidu::documents::render_docx(doc);
  ASSERT_TRUE(docx) << docx.error().message;
  const auto dir = docs::artefacts() / "images";
  std::filesystem::create_directories(dir);
  const auto path = dir / "fj-2025-advanced-pictures-word.docx";
  docs::write_file(path, *docx);
  const auto listing = tidu::test::run_command("unzip -l " + docs::quoted(path) + " 2>&1").out;
  EXPECT_NE(listing.find("word/media/image1.png"), std::string::npos) << listing;
  EXPECT_NE(listing.find("word/media/image2.jpeg"), std::string::npos) << listing;
  const auto rels =
      tidu::test::run_command("unzip -p " + docs::quoted(path) + " word/_rels/document.xml.rels")
          .out;
  EXPECT_NE(rels.find(R"(Target="media/image2.jpeg")"), std::string::npos) << rels;
  const auto types =
      tidu::test::run_command("unzip -p " + docs::quoted(path) + R"( '\[Content_Types\].xml')").out;
  EXPECT_NE(types.find(R"(Extension="jpeg" ContentType="image/jpeg")"), std::string::npos);
  const auto xml =
      tidu::test::run_command("unzip -p " + docs::quoted(path) + " word/document.xml").out;
  // The PNG is 640 × 400 across the 156 mm text width (36 000 EMU a millimetre), aspect kept.
  const auto at = xml.find(R"(<wp:extent cx=")");
  ASSERT_NE(at, std::string::npos);
  const double cx = std::stod(xml.substr(at + 15));
  const double cy = std::stod(xml.substr(xml.find("cy=\"", at) + 4));
  EXPECT_NEAR(cx / 36000, 156, 0.5);
  EXPECT_NEAR(cy / cx, 400.0 / 640.0, 0.001);

  const auto pdf = dir / "fj-2025-advanced-pictures-word.pdf";
  std::filesystem::remove(pdf);
  const auto converted = docs::convert_to_pdf({path}, dir);
  ASSERT_EQ(converted.code, 0) << converted.out;
  ASSERT_TRUE(std::filesystem::exists(pdf)) << converted.out;
  const auto listed = listed_images(pdf);
  ASSERT_GE(listed.size(), 2U) << "LibreOffice kept the pictures";
  const auto flat = docs::squeezed(docs::pdf_text(pdf).out);
  EXPECT_TRUE(docs::has_text(flat, "图1场景1配图"));
  EXPECT_TRUE(docs::has_text(flat, "图2车间现场照片"));
  const auto png = dir / "fj-2025-advanced-pictures-word-page.png";
  std::filesystem::remove(png);
  tidu::test::run_command(fmt::format("pdftoppm -f {0} -l {0} -r 70 -png -singlefile {1} {2} 2>&1",
                                      listed[0].page, docs::quoted(pdf),
                                      docs::quoted(dir / "fj-2025-advanced-pictures-word-page")));
  EXPECT_TRUE(std::filesystem::exists(png));
}

}  // namespace
