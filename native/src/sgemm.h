#pragma once

#include <napi.h>

namespace d2l {

// sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc): row-major
// C = alpha · op(A) · op(B) + beta · C, validated so that no argument can make OpenBLAS read or
// write outside the given Float32Arrays (which may be subarray views).
Napi::Value Sgemm(const Napi::CallbackInfo& info);

}  // namespace d2l
