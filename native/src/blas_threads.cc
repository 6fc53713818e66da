#include "blas_threads.h"

#include <cblas.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

namespace d2l {

namespace {

// One per process: the shared library is loaded once however many worker threads require it.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  // What openblas_set_num_threads was last given (by us: nothing else in the process calls it).
  int current;
  // Products inside OpenBLAS right now, all at `current` threads.
  int active = 0;
  // Callers waiting for `active` to reach 0 to change `current`: arrivals that would join the
  // current count queue behind them instead, so a stream of small products cannot starve a large one.
  int switching = 0;
  std::atomic<int> requested;

  Gate() : current(openblas_get_num_threads()), requested(current) {}

  // One wait for a caller that has to change the count while products are inside. mu is held.
  void WaitToSwitch(std::unique_lock<std::mutex>& lock) {
    switching++;
    cv.wait(lock);
    switching--;
  }
};

Gate& TheGate() {
  static Gate gate;  // thread-safe initialisation; reads OpenBLAS's initial count once
  return gate;
}

}  // namespace

int RequestedBlasThreads() { return TheGate().requested.load(std::memory_order_relaxed); }

int SetRequestedBlasThreads(int n) {
  Gate& g = TheGate();
  std::unique_lock<std::mutex> lock(g.mu);
  while (g.active > 0) g.WaitToSwitch(lock);
  openblas_set_num_threads(n);
  g.current = openblas_get_num_threads();
  g.requested.store(g.current, std::memory_order_relaxed);
  lock.unlock();
  g.cv.notify_all();  // callers queued behind this switch
  return g.current;
}

// The count is switched lazily: it stays where the last product left it, so a run of small
// products (a convolution's chunks) costs no switch at all, and OpenBLAS is never told a new count
// while any thread is inside it.
BlasThreadsScope::BlasThreadsScope(bool single) {
  Gate& g = TheGate();
  std::unique_lock<std::mutex> lock(g.mu);
  for (;;) {
    // Read under the lock each time: setThreads may have changed it while this caller waited.
    const int want = single ? 1 : g.requested.load(std::memory_order_relaxed);
    if (g.current == want) {
      if (g.switching == 0) break;
      g.cv.wait(lock);  // a switch is queued: let the products inside drain and it go first
    } else if (g.active == 0) {
      openblas_set_num_threads(want);
      g.current = want;
      break;
    } else {
      g.WaitToSwitch(lock);
    }
  }
  g.active++;
}

BlasThreadsScope::~BlasThreadsScope() {
  Gate& g = TheGate();
  std::unique_lock<std::mutex> lock(g.mu);
  if (--g.active == 0) {
    lock.unlock();
    g.cv.notify_all();
  }
}

}  // namespace d2l
