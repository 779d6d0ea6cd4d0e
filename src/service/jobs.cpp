#include "service/jobs.hpp"

#include <fmt/format.h>

#include <chrono>

#include "security/digest.hpp"

namespace tidu::service {
namespace {

namespace sql {
constexpr const char* kColumns =
    "id, kind, subject, state, done, total, step, COALESCE(error_code, ''), "
    "COALESCE(error_message, ''), COALESCE(result_name, ''), COALESCE(result_media_type, ''), "
    "COALESCE(result_size, 0), created_at, updated_at, COALESCE(finished_at, '')";
constexpr const char* kInsert =
    "INSERT INTO jobs (id, account_id, kind, subject, state, created_at, updated_at) VALUES ($1, "
    "$2, $3, $4, 'queued', $5, $5)";
constexpr const char* kUnfinished =
    "SELECT COUNT(*) FROM jobs WHERE account_id = $1 AND state IN ('queued', 'running') AND "
    "updated_at >= $2";
constexpr const char* kProgress =
    "UPDATE jobs SET state = 'running', done = $1, total = $2, step = $3, updated_at = $4 WHERE "
    "id = $5";
constexpr const char* kDone =
    "UPDATE jobs SET state = 'done', done = total, step = '', result_sha256 = $1, result_name = "
    "$2, result_media_type = $3, result_size = $4, updated_at = $5, finished_at = $5 WHERE id = $6";
constexpr const char* kFailed =
    "UPDATE jobs SET state = 'failed', error_code = $1, error_message = $2, updated_at = $3, "
    "finished_at = $3 WHERE id = $4";
}  // namespace sql

constexpr auto kProgressEvery = std::chrono::milliseconds(250);

JobView view_of(const storage::Row& r) {
  return JobView{.id = r.get_text(0),
                 .kind = r.get_text(1),
                 .subject = r.get_text(2),
                 .state = r.get_text(3),
                 .done = static_cast<int>(r.get_int(4)),
                 .total = static_cast<int>(r.get_int(5)),
                 .step = r.get_text(6),
                 .error_code = r.get_text(7),
                 .error_message = r.get_text(8),
                 .result_name = r.get_text(9),
                 .result_media_type = r.get_text(10),
                 .result_size = r.get_int(11),
                 .created_at = r.get_text(12),
                 .updated_at = r.get_text(13),
                 .finished_at = r.get_text(14)};
}

}  // namespace

Jobs::Jobs(storage::Pool& pool, FileStore& files, Clock clock, JobLimits limits)
    : pool_(pool), files_(files), clock_(std::move(clock)), limits_(limits) {
  worker_ = std::thread([this] { run(); });
}

Jobs::~Jobs() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
  // Jobs still queued will not run in this process: say so instead of leaving them queued.
  for (const auto& task : queue_) {
    (void)update(sql::kFailed, {"JOB_INTERRUPTED", "服务器已停止，任务未完成：请重新发起",
                                time::format_instant(clock_()), task.id});
  }
}

Result<void> Jobs::update(const std::string& statement, const std::vector<storage::Value>& params) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto done = (*lease)->execute(statement, params);
  if (!done) return std::unexpected(done.error());
  return {};
}

Result<JobView> Jobs::start(const access::Principal& who, const std::string& kind,
                            const std::string& subject, JobWork work) {
  const auto now = clock_();
  const std::string at = time::format_instant(now);
  const std::string fresh = time::format_instant(now - std::chrono::seconds(limits_.stale_seconds));
  const std::string id = new_id("j_");
  {
    auto lease = pool_.acquire();
    if (!lease) return std::unexpected(lease.error());
    auto open = (*lease)->query(sql::kUnfinished, {who.account_id, fresh});
    if (!open) return std::unexpected(open.error());
    if ((*open)[0].get_int(0) >= limits_.per_account) {
      return fail("TOO_MANY_JOBS",
                  fmt::format("您已有 {} 个任务在进行中，请等其完成后再发起", limits_.per_account));
    }
    std::lock_guard lock(mutex_);
    if (unfinished_ >= limits_.queue)
      return fail("TOO_MANY_JOBS", "服务器上排队的任务较多，请稍后再试");
    auto inserted = (*lease)->execute(sql::kInsert, {id, who.account_id, kind, subject, at});
    if (!inserted) return std::unexpected(inserted.error());
    ++unfinished_;
    queue_.push_back(Task{.id = id, .work = std::move(work)});
  }
  wake_.notify_one();
  return get(who, id);
}

void Jobs::run() {
  for (;;) {
    Task task;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    execute(task);
    std::lock_guard lock(mutex_);
    --unfinished_;
  }
}

void Jobs::execute(Task& task) {
  auto last = std::chrono::steady_clock::now() - kProgressEvery;
  const Progress progress = [&](int done, int total, const std::string& step) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last >= kProgressEvery || done >= total) {
      last = now;
      (void)update(sql::kProgress, {std::int64_t{done}, std::int64_t{total}, step,
                                    time::format_instant(clock_()), task.id});
    }
    std::lock_guard lock(mutex_);
    return !stopping_;
  };
  (void)update(sql::kProgress,
               {std::int64_t{0}, std::int64_t{0}, "开始", time::format_instant(clock_()), task.id});
  auto file = task.work(progress);
  const std::string at = time::format_instant(clock_());
  if (!file) {
    (void)update(sql::kFailed, {file.error().code, file.error().message, at, task.id});
    return;
  }
  const std::string sha = security::sha256_hex(file->bytes);
  if (auto put = files_.put(sha, file->bytes); !put) {
    (void)update(sql::kFailed, {put.error().code, put.error().message, at, task.id});
    return;
  }
  (void)update(sql::kDone, {sha, file->name, file->media_type,
                            static_cast<std::int64_t>(file->bytes.size()), at, task.id});
}

Result<JobView> Jobs::get(const access::Principal& who, const std::string& id) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->query(
      fmt::format("SELECT {} FROM jobs WHERE id = $1 AND account_id = $2", sql::kColumns),
      {id, who.account_id});
  if (!rows) return std::unexpected(rows.error());
  if (rows->empty()) return fail("NOT_FOUND", "任务不存在");
  auto job = view_of((*rows)[0]);
  if (job.state == "queued" || job.state == "running") {
    const auto heard = time::parse_instant(job.updated_at);
    if (heard && clock_() - *heard > std::chrono::seconds(limits_.stale_seconds)) {
      job.state = "failed";
      job.error_code = "JOB_INTERRUPTED";
      job.error_message = "任务所在的服务器进程已停止，任务未完成：请重新发起";
    }
  }
  return job;
}

Result<std::vector<JobView>> Jobs::list(const access::Principal& who) {
  auto lease = pool_.acquire();
  if (!lease) return std::unexpected(lease.error());
  auto rows = (*lease)->query(
      fmt::format("SELECT {} FROM jobs WHERE account_id = $1 ORDER BY created_at DESC, id LIMIT 50",
                  sql::kColumns),
      {who.account_id});
  if (!rows) return std::unexpected(rows.error());
  std::vector<JobView> out;
  for (const auto& r : *rows) out.push_back(view_of(r));
  return out;
}

Result<DocumentFile> Jobs::result(const access::Principal& who, const std::string& id) {
  auto job = get(who, id);
  if (!job) return std::unexpected(job.error());
  if (job->state == "failed") return fail("JOB_NOT_READY", "任务未完成：" + job->error_message);
  if (job->state != "done")
    return fail("JOB_NOT_READY",
                fmt::format("任务进行中（{}/{}），完成后再下载", job->done, job->total));
  std::string sha;
  {
    auto lease = pool_.acquire();
    if (!lease) return std::unexpected(lease.error());
    auto rows = (*lease)->query("SELECT result_sha256 FROM jobs WHERE id = $1", {id});
    if (!rows) return std::unexpected(rows.error());
    if (rows->empty()) return fail("NOT_FOUND", "任务不存在");
    sha = (*rows)[0].get_text(0);
  }
  auto bytes = files_.get(sha);
  if (!bytes) return std::unexpected(bytes.error());
  return DocumentFile{
      .name = job->result_name, .media_type = job->result_media_type, .bytes = std::move(*bytes)};
}

}  // namespace tidu::service
