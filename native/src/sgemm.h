#pragma once

#include <napi.h>

#include <cstdint>

namespace d2l {

// sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc): row-major
// C = alpha · op(A) · op(B) + beta · C, validated so that no argument can make OpenBLAS read or
// write outside the given Float32Arrays (which may be subarray views).
Napi::Value Sgemm(const Napi::CallbackInfo& info);

// The same product on arguments already checked (shapes, strides, lengths, no aliasing): what
// Sgemm runs after its checks, for native loops that call it many times (conv_forward). Safe to
// call from any thread.
void SgemmChecked(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
                  const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

// Whether SgemmChecked runs this product with its own few-rows kernel (not OpenBLAS).
bool FewRowsApplies(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k);

// That kernel with B's row p at base + offsets[p] (n floats each): the same operations, so the same
// bits, as SgemmChecked on the matrix those rows form. Only where FewRowsApplies said so.
void FewRowsFromOffsets(int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda, const float* base,
                        const int64_t* offsets, float beta, float* c, int64_t ldc);

}  // namespace d2l
