// The web UI's files served from "/": files, app routes to index.html, no way out of the root.
#include "http/static_site.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>  // mkdtemp

#include <filesystem>
#include <fstream>

namespace {

namespace fs = std::filesystem;
using tidu::http::Request;
using tidu::http::StaticSite;

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

std::string header(const tidu::http::Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return {};
}

class StaticSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tidu-web-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    base_ = pattern;
    write(base_ / "dist" / "index.html", "<html>首页</html>");
    write(base_ / "dist" / "assets" / "index-3f2a.js", "console.log(1)");
    write(base_ / "dist" / "favicon.svg", "<svg/>");
    write(base_ / "secret.txt", "outside");
    fs::create_symlink(base_ / "secret.txt", base_ / "dist" / "link.txt");
  }
  void TearDown() override { fs::remove_all(base_); }

  static Request get(std::string path) {
    Request r;
    r.method = "GET";
    r.path = std::move(path);
    return r;
  }

  fs::path base_;
};

TEST_F(StaticSiteTest, ServesIndexForRootAndForAppRoutes) {
  const StaticSite site(base_ / "dist");
  ASSERT_TRUE(site.built());
  for (const char* path : {"/", "/declarations/d-1", "/review/queue"}) {
    const auto r = site.serve(get(path));
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, "<html>首页</html>") << path;
    EXPECT_EQ(header(r, "Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(header(r, "Cache-Control"), "no-cache");
    EXPECT_NE(header(r, "Content-Security-Policy").find("default-src 'self'"), std::string::npos);
  }
}

TEST_F(StaticSiteTest, ServesHashedAssetsAsImmutableAndOtherFilesByType) {
  const StaticSite site(base_ / "dist");
  const auto js = site.serve(get("/assets/index-3f2a.js"));
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(header(js, "Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(header(js, "Cache-Control"), "public, max-age=31536000, immutable");
  const auto svg = site.serve(get("/favicon.svg"));
  EXPECT_EQ(svg.status, 200);
  EXPECT_EQ(header(svg, "Content-Type"), "image/svg+xml");
}

TEST_F(StaticSiteTest, MissingAssetIs404NotTheIndex) {
  const StaticSite site(base_ / "dist");
  EXPECT_EQ(site.serve(get("/assets/gone-1234.js")).status, 404);
}

TEST_F(StaticSiteTest, NeverReadsOutsideTheRoot) {
  const StaticSite site(base_ / "dist");
  for (const char* path :
       {"/../secret.txt", "/assets/../../secret.txt", "/link.txt", "/%2e%2e/secret.txt"}) {
    const auto r = site.serve(get(path));
    EXPECT_NE(r.body, "outside") << path;
    EXPECT_EQ(r.status, 404) << path;
  }
  // An absolute-looking path stays under the root: here it is an app route, so the index.
  const auto passwd = site.serve(get("//etc/passwd"));
  EXPECT_EQ(passwd.body, "<html>首页</html>");
}

TEST_F(StaticSiteTest, HeadHasNoBodyAndOtherMethodsAre405) {
  const StaticSite site(base_ / "dist");
  Request head = get("/");
  head.method = "HEAD";
  const auto h = site.serve(head);
  EXPECT_EQ(h.status, 200);
  EXPECT_TRUE(h.body.empty());
  Request post = get("/");
  post.method = "POST";
  const auto p = site.serve(post);
  EXPECT_EQ(p.status, 405);
  EXPECT_EQ(header(p, "Allow"), "GET, HEAD");
}

TEST_F(StaticSiteTest, WithoutABuiltUiEveryPageSaysHowToBuildIt) {
  for (const fs::path& root : {fs::path{}, base_ / "nowhere"}) {
    const StaticSite site(root);
    EXPECT_FALSE(site.built());
    const auto r = site.serve(get("/declarations"));
    EXPECT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("网页界面尚未构建"), std::string::npos);
    EXPECT_NE(r.body.find("scripts/run"), std::string::npos);
  }
}

}  // namespace
