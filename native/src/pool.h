// One helper thread, created on first use and kept for the process, so a native loop can use the
// second core (this machine has two) without creating a thread per call.
#pragma once

#include <functional>

namespace d2l {

// Runs part(0) on the calling thread and part(1) on the helper at the same time, and returns when
// both are done. When the helper is busy (another worker thread's training has it) or `parallel`
// is false, runs part(0) then part(1) on the calling thread. Callers must give the same results
// either way: the parts may not depend on which thread runs them or in which order.
void RunTwoParts(bool parallel, const std::function<void(int)>& part);

}  // namespace d2l
