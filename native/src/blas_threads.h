// OpenBLAS's thread count is one process-wide setting, but the addon is loaded by every worker
// thread that trains (two trainings run at once by default), so each may call sgemm concurrently.
// Switching that setting around a call is only safe when no other call is inside OpenBLAS, and the
// count the app asked for must not be confused with a switched one. This gate owns both.
#pragma once

namespace d2l {

// The count the app asked for (or OpenBLAS's own count at load): what large products run at and
// what the addon reports, whatever small products switch to meanwhile.
int RequestedBlasThreads();

// Sets the requested count once no product is running; returns what OpenBLAS actually uses (it
// caps requests at its compiled maximum).
int SetRequestedBlasThreads(int n);

// Holds OpenBLAS at one thread (single) or at the requested count for its lifetime. Calls that want
// the count already set run concurrently; a call that wants the other count waits until the calls
// inside have left, and calls arriving after it wait for it, so neither side starves.
class BlasThreadsScope {
 public:
  explicit BlasThreadsScope(bool single);
  ~BlasThreadsScope();
  BlasThreadsScope(const BlasThreadsScope&) = delete;
  BlasThreadsScope& operator=(const BlasThreadsScope&) = delete;
};

}  // namespace d2l
