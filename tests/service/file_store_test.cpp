// Content-addressed attachment storage: on disk (layout, atomic writes, corruption, bad names)
// and in the database on both backends (PostgreSQL cases need TIDU_TEST_PG_URL).
#include "service/file_store.hpp"

#include <stdlib.h>  // mkdtemp

#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "security/digest.hpp"
#include "storage/migrations.hpp"
#include "support/storage.hpp"
#include "support/zip_writer.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using tidu::Result;
using tidu::security::sha256_hex;
using tidu::service::DatabaseFileStore;
using tidu::service::is_content_hash;
using tidu::service::LocalFileStore;
using tidu::test::describe;

/// Every byte value, so nothing is lost to text handling on the way.
std::string binary_content() {
  std::string bytes = tidu::test::minimal_docx();
  for (int i = 0; i < 256; ++i) bytes += static_cast<char>(i);
  return bytes;
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const fs::path& file, const std::string& bytes) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << bytes;
}

/// Hashes that must never become a path or a query: traversal, upper case, wrong length.
const std::vector<std::string> kBadHashes = {"",
                                             "../../../../etc/passwd",
                                             std::string(64, 'A'),
                                             std::string(63, 'a'),
                                             std::string(65, 'a'),
                                             "../" + std::string(61, 'a'),
                                             std::string(62, 'a') + "/x"};

TEST(FileStoreHashTest, AcceptsOnlyLowerCaseSha256Hex) {
  EXPECT_TRUE(is_content_hash(sha256_hex("x")));
  for (const std::string& bad : kBadHashes) EXPECT_FALSE(is_content_hash(bad)) << bad;
}

class LocalFileStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tidu-files-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  fs::path root() const { return dir_ / "files"; }

 private:
  fs::path dir_;
};

TEST_F(LocalFileStoreTest, PutsAndGetsUnderTheTwoLevelLayout) {
  LocalFileStore store(root());
  const std::string bytes = binary_content();
  const std::string hash = sha256_hex(bytes);
  auto before = store.contains(hash);
  ASSERT_TRUE(before) << describe(before.error());
  EXPECT_FALSE(*before);

  auto put = store.put(hash, bytes);
  ASSERT_TRUE(put) << describe(put.error());
  const fs::path expected = root() / hash.substr(0, 2) / hash.substr(2, 2) / hash;
  EXPECT_EQ(store.path_of(hash), expected);
  EXPECT_EQ(read_file(expected), bytes);
  EXPECT_TRUE(*store.contains(hash));
  auto got = store.get(hash);
  ASSERT_TRUE(got) << describe(got.error());
  EXPECT_EQ(*got, bytes);
}

TEST_F(LocalFileStoreTest, PuttingTheSameContentAgainIsANoOp) {
  LocalFileStore store(root());
  const std::string hash = sha256_hex("营业执照");
  ASSERT_TRUE(store.put(hash, "营业执照"));
  ASSERT_TRUE(store.put(hash, "营业执照"));
  EXPECT_EQ(*store.get(hash), "营业执照");
  const fs::path folder = store.path_of(hash).parent_path();
  EXPECT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 1)
      << "no temporary files left behind";
}

TEST_F(LocalFileStoreTest, StoresEmptyContent) {
  LocalFileStore store(root());
  const std::string hash = sha256_hex("");
  ASSERT_TRUE(store.put(hash, ""));
  EXPECT_EQ(*store.get(hash), "");
}

TEST_F(LocalFileStoreTest, ReportsMissingContent) {
  LocalFileStore store(root());
  auto got = store.get(sha256_hex("never stored"));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, "FILE_NOT_FOUND");
  EXPECT_THAT(got.error().message, HasSubstr("重新上传"));
}

TEST_F(LocalFileStoreTest, RefusesContentThatDoesNotMatchItsHash) {
  LocalFileStore store(root());
  auto put = store.put(sha256_hex("a"), "b");
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, "FILE_HASH_MISMATCH");
  EXPECT_FALSE(fs::exists(root()));
}

TEST_F(LocalFileStoreTest, RefusesNamesThatAreNotHashes) {
  LocalFileStore store(root());
  for (const std::string& bad : kBadHashes) {
    EXPECT_EQ(store.put(bad, "x").error().code, "FILE_HASH_INVALID") << bad;
    EXPECT_EQ(store.get(bad).error().code, "FILE_HASH_INVALID") << bad;
    EXPECT_EQ(store.contains(bad).error().code, "FILE_HASH_INVALID") << bad;
  }
}

TEST_F(LocalFileStoreTest, DetectsCorruptContentOnRead) {
  LocalFileStore store(root());
  const std::string hash = sha256_hex("原始内容");
  ASSERT_TRUE(store.put(hash, "原始内容"));
  write_file(store.path_of(hash), "篡改内容");  // same length, other bytes
  auto got = store.get(hash);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, "FILE_CORRUPT");
  EXPECT_THAT(got.error().message, HasSubstr("损坏"));
  EXPECT_THAT(got.error().detail, HasSubstr(hash));
}

TEST_F(LocalFileStoreTest, PutReplacesATruncatedFile) {
  LocalFileStore store(root());
  const std::string bytes = binary_content();
  const std::string hash = sha256_hex(bytes);
  ASSERT_TRUE(store.put(hash, bytes));
  write_file(store.path_of(hash), bytes.substr(0, 10));
  EXPECT_EQ(store.get(hash).error().code, "FILE_CORRUPT");
  ASSERT_TRUE(store.put(hash, bytes));
  EXPECT_EQ(*store.get(hash), bytes);
}

TEST_F(LocalFileStoreTest, ReportsADiskFailure) {
  write_file(root(), "a file where the folder should be");
  LocalFileStore store(root());
  const std::string hash = sha256_hex("x");
  auto put = store.put(hash, "x");
  ASSERT_FALSE(put);
  EXPECT_EQ(put.error().code, "FILE_STORE_FAILED");
  EXPECT_THAT(put.error().message, HasSubstr("稍后重试"));
  EXPECT_THAT(put.error().detail, HasSubstr(root().string()));
}

TEST_F(LocalFileStoreTest, ConcurrentPutsOfTheSameContentAllSucceed) {
  LocalFileStore store(root());
  const std::string bytes = binary_content();
  const std::string hash = sha256_hex(bytes);
  std::vector<std::thread> threads;
  std::vector<int> ok(8, 0);
  for (std::size_t i = 0; i < ok.size(); ++i) {
    threads.emplace_back([&, i] { ok[i] = store.put(hash, bytes) ? 1 : 0; });
  }
  for (auto& thread : threads) thread.join();
  for (const int each : ok) EXPECT_EQ(each, 1);
  EXPECT_EQ(*store.get(hash), bytes);
}

class DatabaseFileStoreTest : public tidu::test::MigratedBackendTest {
 protected:
  /// A store running every call on the test's connection.
  DatabaseFileStore store() {
    return DatabaseFileStore(
        [this](const std::function<Result<void>(tidu::storage::Database&)>& run) {
          return run(db());
        });
  }
};

INSTANTIATE_TEST_SUITE_P(Storage, DatabaseFileStoreTest, tidu::test::all_backends(),
                         tidu::test::backend_name);

TEST_P(DatabaseFileStoreTest, PutsAndGetsBinaryContent) {
  auto files = store();
  const std::string bytes = binary_content();
  const std::string hash = sha256_hex(bytes);
  EXPECT_FALSE(*files.contains(hash));
  auto put = files.put(hash, bytes);
  ASSERT_TRUE(put) << describe(put.error());
  EXPECT_TRUE(*files.contains(hash));
  auto got = files.get(hash);
  ASSERT_TRUE(got) << describe(got.error());
  EXPECT_EQ(*got, bytes);
}

TEST_P(DatabaseFileStoreTest, PuttingTheSameContentAgainIsANoOp) {
  auto files = store();
  const std::string hash = sha256_hex("设备清单");
  ASSERT_TRUE(files.put(hash, "设备清单"));
  auto again = files.put(hash, "设备清单");
  ASSERT_TRUE(again) << describe(again.error());
  auto rows = db().query("SELECT COUNT(*) FROM file_blobs");
  ASSERT_TRUE(rows) << describe(rows.error());
  EXPECT_EQ(rows->front().get_int(0), 1);
  EXPECT_EQ(*files.get(hash), "设备清单");
}

TEST_P(DatabaseFileStoreTest, ReportsMissingContent) {
  auto files = store();
  auto got = files.get(sha256_hex("never stored"));
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, "FILE_NOT_FOUND");
}

TEST_P(DatabaseFileStoreTest, RefusesBadNamesAndMismatchedContent) {
  auto files = store();
  for (const std::string& bad : kBadHashes) {
    EXPECT_EQ(files.put(bad, "x").error().code, "FILE_HASH_INVALID") << bad;
    EXPECT_EQ(files.get(bad).error().code, "FILE_HASH_INVALID") << bad;
    EXPECT_EQ(files.contains(bad).error().code, "FILE_HASH_INVALID") << bad;
  }
  EXPECT_EQ(files.put(sha256_hex("a"), "b").error().code, "FILE_HASH_MISMATCH");
}

TEST_P(DatabaseFileStoreTest, DetectsCorruptContentOnRead) {
  auto files = store();
  const std::string hash = sha256_hex("原始内容");
  ASSERT_TRUE(files.put(hash, "原始内容"));
  // Valid base64 of other bytes, then text that is not base64 at all.
  for (const char* stored : {"56+h5pS55YaF5a65", "not base64!"}) {
    auto changed =
        db().execute("UPDATE file_blobs SET content_base64 = $1 WHERE sha256 = $2", {stored, hash});
    ASSERT_TRUE(changed) << describe(changed.error());
    auto got = files.get(hash);
    ASSERT_FALSE(got) << stored;
    EXPECT_EQ(got.error().code, "FILE_CORRUPT") << stored;
  }
}

TEST_P(DatabaseFileStoreTest, PassesOnDatabaseErrors) {
  DatabaseFileStore unavailable([](const std::function<Result<void>(tidu::storage::Database&)>&) {
    return Result<void>(tidu::fail("DB_BUSY", "数据库繁忙，请稍后重试"));
  });
  const std::string hash = sha256_hex("x");
  EXPECT_EQ(unavailable.put(hash, "x").error().code, "DB_BUSY");
  EXPECT_EQ(unavailable.get(hash).error().code, "DB_BUSY");
  EXPECT_EQ(unavailable.contains(hash).error().code, "DB_BUSY");
}

}  // namespace
