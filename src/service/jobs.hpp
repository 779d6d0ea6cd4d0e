#pragma once
// Background jobs: long work (the city's bundle of a recommendation list) started by a request,
// run on the process's job thread, its progress kept in the database so that any server process
// can report it, and its file kept in the content-addressed store until the owner fetches it.
// Only the account that started a job sees it.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "access/principal.hpp"
#include "core/error.hpp"
#include "service/common.hpp"
#include "service/documents.hpp"
#include "service/file_store.hpp"
#include "storage/pool.hpp"

namespace tidu::service {

/// The work of a job: makes one file.
using JobWork = std::function<Result<DocumentFile>(const Progress&)>;

struct JobView {
  std::string id;
  std::string kind;
  std::string subject;
  std::string state;  ///< queued, running, done, failed
  int done = 0;
  int total = 0;
  std::string step;
  std::string error_code;
  std::string error_message;
  std::string result_name;
  std::string result_media_type;
  std::int64_t result_size = 0;
  std::string created_at;
  std::string updated_at;
  std::string finished_at;
};

struct JobLimits {
  int per_account = 2;      ///< unfinished jobs an account may have at once
  int queue = 16;           ///< unfinished jobs of this process
  int stale_seconds = 300;  ///< a queued or running job not heard of for this long was lost
};

class Jobs {
 public:
  Jobs(storage::Pool& pool, FileStore& files, Clock clock, JobLimits limits = {});
  ~Jobs();
  Jobs(const Jobs&) = delete;
  Jobs& operator=(const Jobs&) = delete;

  /// Records the job and queues it. TOO_MANY_JOBS when the account or the process has too many
  /// unfinished jobs.
  Result<JobView> start(const access::Principal& who, const std::string& kind,
                        const std::string& subject, JobWork work);
  /// The job as its owner sees it (NOT_FOUND for anyone else).
  Result<JobView> get(const access::Principal& who, const std::string& id);
  /// The owner's jobs, newest first (at most 50).
  Result<std::vector<JobView>> list(const access::Principal& who);
  /// The finished job's file. JOB_NOT_READY while it runs or when it failed.
  Result<DocumentFile> result(const access::Principal& who, const std::string& id);

 private:
  struct Task {
    std::string id;
    JobWork work;
  };
  void run();
  void execute(Task& task);
  Result<void> update(const std::string& sql, const std::vector<storage::Value>& params);

  storage::Pool& pool_;
  FileStore& files_;
  Clock clock_;
  JobLimits limits_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Task> queue_;
  int unfinished_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace tidu::service
