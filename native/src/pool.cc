#include "pool.h"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace d2l {

namespace {

class Helper {
 public:
  // Claims the helper for one RunTwoParts call; false when another thread has it.
  bool TryClaim() { return busy_.try_lock(); }
  void Release() { busy_.unlock(); }

  void Start(const std::function<void(int)>* part) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!thread_.joinable()) thread_ = std::thread([this] { Loop(); });
    part_ = part;
    done_ = false;
    cv_.notify_all();
  }

  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return done_; });
  }

 private:
  void Loop() {
    for (;;) {
      const std::function<void(int)>* part;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return part_ != nullptr; });
        part = part_;
      }
      (*part)(1);
      {
        std::lock_guard<std::mutex> lock(mu_);
        part_ = nullptr;
        done_ = true;
      }
      cv_.notify_all();
    }
  }

  std::mutex busy_;
  std::mutex mu_;
  std::condition_variable cv_;
  const std::function<void(int)>* part_ = nullptr;
  bool done_ = true;
  std::thread thread_;
};

// Never destroyed: the helper thread may still be waiting when the process exits.
Helper& TheHelper() {
  static Helper* helper = new Helper();
  return *helper;
}

}  // namespace

void RunTwoParts(bool parallel, const std::function<void(int)>& part) {
  Helper& h = TheHelper();
  if (!parallel || !h.TryClaim()) {
    part(0);
    part(1);
    return;
  }
  h.Start(&part);
  part(0);
  h.Wait();
  h.Release();
}

}  // namespace d2l
