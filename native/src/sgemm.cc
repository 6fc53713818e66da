#include "sgemm.h"

#include <cblas.h>
#include <immintrin.h>

#include <algorithm>
#include <cstdlib>
#include <cmath>
#include <cstdint>
#include <string>

#include "args.h"
#include "blas_threads.h"

namespace d2l {

namespace {

constexpr size_t kArgCount = 13;

// Products below this many multiply-adds (about a 256³ product, ≈ 0.15 ms on one core here) run on
// one OpenBLAS thread. Splitting them costs more than it gains: waking and joining the second
// thread is tens of microseconds, and on a busy machine a sibling thread that is not scheduled
// stalls the call for a whole time slice. LeNet's convolution runs as hundreds of such products
// per step (L2-sized chunks): at 2 threads its epoch took 1.3× longer than at 1 (bench, issue 19).
// Above it, the thread count the app set (blas_threads.h) applies.
constexpr int64_t kSingleThreadBelow = int64_t{1} << 24;

// Elements a row-major rows×cols matrix with row stride ld spans: the last row need not be padded.
int64_t Span(int64_t rows, int64_t cols, int64_t ld) {
  if (rows == 0 || cols == 0) return 0;
  return (rows - 1) * ld + cols;
}

std::string Shape(int64_t rows, int64_t cols) {
  return std::to_string(rows) + "x" + std::to_string(cols);
}

// Checks one stored operand: its row stride covers a row, and the array holds every element.
bool CheckOperand(Napi::Env env, const char* name, const char* ld_name, const FloatView& view,
                  int64_t rows, int64_t cols, int64_t ld, const char* how) {
  const int64_t min_ld = std::max<int64_t>(1, cols);
  if (ld < min_ld) {
    ThrowRange(env, std::string(ld_name) + " must be >= " + std::to_string(min_ld) + " for " + name +
                        " stored " + how + " as " + Shape(rows, cols) + ", got " + std::to_string(ld));
    return false;
  }
  const int64_t need = Span(rows, cols, ld);
  if (static_cast<int64_t>(view.length) < need) {
    ThrowRange(env, std::string(name) + " is too short: " + Shape(rows, cols) + " with " + ld_name + "=" +
                        std::to_string(ld) + " needs " + std::to_string(need) + " elements, got " +
                        std::to_string(view.length));
    return false;
  }
  return true;
}

// BLAS output must not alias its inputs; a silent wrong answer is worse than an error.
bool Overlaps(const float* x, int64_t x_len, const float* y, int64_t y_len) {
  if (x_len == 0 || y_len == 0) return false;
  return x < y + y_len && y < x + x_len;
}

// Products that are a few long dot products (m·n ≤ kFewDots outputs, k ≥ kLongDots): a convolution's
// weight gradient over a chunk (25 × 6 outputs, k = 4480 for LeNet's first layer) or its bias
// gradient (a row sum). OpenBLAS packs both operands for them and reaches ≈ 20 GFLOPS here; reading
// each row once with AVX2 FMAs is several times faster.
constexpr int64_t kFewDots = 256;
constexpr int64_t kLongDots = 512;

// C[i][o] = alpha · Σ_j A[i][j]·B[o][j] + beta · C[i][o] with A rows (m × k, stride lda) and B rows
// (n × k, stride ldb) contiguous. Two rows of A against four of B at a time: eight accumulators.
__attribute__((target("avx2,fma")))
void FewDotsAvx2(int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda, const float* b,
                 int64_t ldb, float beta, float* c, int64_t ldc) {
  for (int64_t i = 0; i < m; i += 2) {
    const int64_t rows = std::min<int64_t>(2, m - i);
    const float* ar[2] = {a + i * lda, a + (i + rows - 1) * lda};
    for (int64_t o = 0; o < n; o += 4) {
      const int64_t cols = std::min<int64_t>(4, n - o);
      const float* br[4];
      for (int64_t q = 0; q < 4; q++) br[q] = b + (o + std::min<int64_t>(q, cols - 1)) * ldb;
      __m256 acc[2][4];
      for (auto& r : acc) for (auto& v : r) v = _mm256_setzero_ps();
      int64_t j = 0;
      for (; j + 8 <= k; j += 8) {
        const __m256 x0 = _mm256_loadu_ps(ar[0] + j);
        const __m256 x1 = _mm256_loadu_ps(ar[1] + j);
        for (int64_t q = 0; q < 4; q++) {
          const __m256 y = _mm256_loadu_ps(br[q] + j);
          acc[0][q] = _mm256_fmadd_ps(x0, y, acc[0][q]);
          acc[1][q] = _mm256_fmadd_ps(x1, y, acc[1][q]);
        }
      }
      for (int64_t r = 0; r < rows; r++) {
        for (int64_t q = 0; q < cols; q++) {
          alignas(32) float lanes[8];
          _mm256_store_ps(lanes, acc[r][q]);
          float sum = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5])) + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]));
          for (int64_t t = j; t < k; t++) sum += ar[r][t] * br[q][t];
          float* out = c + (i + r) * ldc + o + q;
          // BLAS semantics: with beta = 0, C is not read (it may hold NaN).
          *out = beta == 0.0f ? alpha * sum : alpha * sum + beta * *out;
        }
      }
    }
  }
}

// Products with few rows and a long row-major B: a convolution's forward, W · cols, with O = 6 or
// 16 rows, K = 25 or 150, and hundreds to thousands of columns. OpenBLAS packs both operands for
// them and reaches 20–45 GFLOPS here (1 thread); streaming B's rows into a 6 × 16 block of
// accumulators reaches 40–95 (measured with the kernel below, CPU time, loaded machine). Each
// output is its k products summed in order with fused multiply-adds: deterministic, and not
// OpenBLAS's blocking, so results differ from it in the last bits (as any two BLAS do). Row
// vectors (m = 1: axpy, column sums) and short k stay with OpenBLAS.
constexpr int64_t kFewRows = 16;
constexpr int64_t kFewRowsMinK = 8;
constexpr int64_t kLongRows = 256;

// out = alpha · acc (+ beta · out unless beta is 0: then C is not read, as BLAS specifies).
__attribute__((target("avx2,fma"), always_inline)) inline
void StoreScaled(float* out, __m256 acc, __m256 va, __m256 vb, float beta) {
  __m256 r = _mm256_mul_ps(va, acc);
  if (beta != 0.0f) r = _mm256_add_ps(r, _mm256_mul_ps(vb, _mm256_loadu_ps(out)));
  _mm256_storeu_ps(out, r);
}

// B's rows as a stride (an ordinary matrix) or as offsets from a base (a convolution's unfolded
// rows read straight from the padded image: the wide layout's row of a tap is one contiguous run).
struct StridedRows {
  const float* b;
  int64_t ldb;
  const float* operator()(int64_t p) const { return b + p * ldb; }
};
struct OffsetRows {
  const float* base;
  const int64_t* offsets;
  const float* operator()(int64_t p) const { return base + offsets[p]; }
};

template <int R, class Rows>
__attribute__((target("avx2,fma")))
void FewRowsBlock(int64_t i, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
                  const Rows& rows, float beta, float* c, int64_t ldc) {
  const __m256 va = _mm256_set1_ps(alpha);
  const __m256 vb = _mm256_set1_ps(beta);
  int64_t j = 0;
  for (; j + 16 <= n; j += 16) {
    __m256 acc[R][2];
    for (int r = 0; r < R; r++) acc[r][0] = acc[r][1] = _mm256_setzero_ps();
    for (int64_t p = 0; p < k; p++) {
      const __m256 b0 = _mm256_loadu_ps(rows(p) + j);
      const __m256 b1 = _mm256_loadu_ps(rows(p) + j + 8);
      for (int r = 0; r < R; r++) {
        const __m256 x = _mm256_broadcast_ss(a + (i + r) * lda + p);
        acc[r][0] = _mm256_fmadd_ps(x, b0, acc[r][0]);
        acc[r][1] = _mm256_fmadd_ps(x, b1, acc[r][1]);
      }
    }
    for (int r = 0; r < R; r++) {
      StoreScaled(c + (i + r) * ldc + j, acc[r][0], va, vb, beta);
      StoreScaled(c + (i + r) * ldc + j + 8, acc[r][1], va, vb, beta);
    }
  }
  for (; j + 8 <= n; j += 8) {
    __m256 acc[R];
    for (int r = 0; r < R; r++) acc[r] = _mm256_setzero_ps();
    for (int64_t p = 0; p < k; p++) {
      const __m256 b0 = _mm256_loadu_ps(rows(p) + j);
      for (int r = 0; r < R; r++) acc[r] = _mm256_fmadd_ps(_mm256_broadcast_ss(a + (i + r) * lda + p), b0, acc[r]);
    }
    for (int r = 0; r < R; r++) StoreScaled(c + (i + r) * ldc + j, acc[r], va, vb, beta);
  }
  for (; j < n; j++) {
    for (int r = 0; r < R; r++) {
      float acc = 0.0f;
      for (int64_t p = 0; p < k; p++) acc = std::fma(a[(i + r) * lda + p], rows(p)[j], acc);
      float* out = c + (i + r) * ldc + j;
      *out = beta == 0.0f ? alpha * acc : alpha * acc + beta * *out;
    }
  }
}

// C = alpha · A · B + beta · C, all row-major and untransposed.
template <class Rows>
__attribute__((target("avx2,fma")))
void FewRowsAvx2(int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
                 const Rows& b, float beta, float* c, int64_t ldc) {
  int64_t i = 0;
  for (; i + 6 <= m; i += 6) FewRowsBlock<6>(i, n, k, alpha, a, lda, b, beta, c, ldc);
  switch (m - i) {
    case 5: FewRowsBlock<5>(i, n, k, alpha, a, lda, b, beta, c, ldc); break;
    case 4: FewRowsBlock<4>(i, n, k, alpha, a, lda, b, beta, c, ldc); break;
    case 3: FewRowsBlock<3>(i, n, k, alpha, a, lda, b, beta, c, ldc); break;
    case 2: FewRowsBlock<2>(i, n, k, alpha, a, lda, b, beta, c, ldc); break;
    case 1: FewRowsBlock<1>(i, n, k, alpha, a, lda, b, beta, c, ldc); break;
    default: break;
  }
}

bool HasAvx2Fma() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}

// D2L_NATIVE_FEW_ROWS=0 sends these products to OpenBLAS (for comparing the two).
bool FewRowsEnabled() {
  static const bool on = [] {
    const char* v = std::getenv("D2L_NATIVE_FEW_ROWS");
    return v == nullptr || std::string(v) != "0";
  }();
  return on;
}

}  // namespace

bool FewRowsApplies(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k) {
  return !trans_a && !trans_b && m >= 2 && m <= kFewRows && k >= kFewRowsMinK && n >= kLongRows &&
         m * n * k < kSingleThreadBelow && FewRowsEnabled() && HasAvx2Fma();
}

void FewRowsFromOffsets(int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda, const float* base,
                        const int64_t* offsets, float beta, float* c, int64_t ldc) {
  FewRowsAvx2(m, n, k, alpha, a, lda, OffsetRows{base, offsets}, beta, c, ldc);
}

void SgemmChecked(bool trans_a, bool trans_b, int64_t m, int64_t n, int64_t k, float alpha, const float* a, int64_t lda,
                  const float* b, int64_t ldb, float beta, float* c, int64_t ldc) {
  if (m == 0 || n == 0) return;
  // Row-contiguous operands: A untransposed, B transposed (its rows are op(B)'s columns) or a
  // single column with unit stride.
  const bool rows_contiguous = !trans_a && (trans_b || (n == 1 && ldb == 1));
  if (rows_contiguous && m * n <= kFewDots && k >= kLongDots && HasAvx2Fma()) {
    FewDotsAvx2(m, n, k, alpha, a, lda, b, trans_b ? ldb : k, beta, c, ldc);
    return;
  }
  if (FewRowsApplies(trans_a, trans_b, m, n, k)) {
    FewRowsAvx2(m, n, k, alpha, a, lda, StridedRows{b, ldb}, beta, c, ldc);
    return;
  }
  // Worker threads call in concurrently (one per training): the gate switches the process-wide
  // count only while no other product is inside OpenBLAS, and large products get the count the app
  // asked for, never a count another thread switched to.
  BlasThreadsScope scope(m * n * k < kSingleThreadBelow);
  cblas_sgemm(CblasRowMajor, trans_a ? CblasTrans : CblasNoTrans, trans_b ? CblasTrans : CblasNoTrans,
              static_cast<blasint>(m), static_cast<blasint>(n), static_cast<blasint>(k), alpha, a,
              static_cast<blasint>(lda), b, static_cast<blasint>(ldb), beta, c,
              static_cast<blasint>(ldc));
}

Napi::Value Sgemm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckCount(info, "sgemm", "transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc", kArgCount)) return env.Undefined();
  bool trans_a, trans_b;
  int64_t m, n, k, lda, ldb, ldc;
  float alpha, beta;
  FloatView a, b, c;
  if (!ReadBool(info, 0, "transA", &trans_a) || !ReadBool(info, 1, "transB", &trans_b) ||
      !ReadInt(info, 2, "m", 0, &m) || !ReadInt(info, 3, "n", 0, &n) || !ReadInt(info, 4, "k", 0, &k) ||
      !ReadFloat(info, 5, "alpha", &alpha) || !ReadFloat32Array(info, 6, "a", &a) ||
      !ReadInt(info, 7, "lda", 1, &lda) || !ReadFloat32Array(info, 8, "b", &b) ||
      !ReadInt(info, 9, "ldb", 1, &ldb) || !ReadFloat(info, 10, "beta", &beta) ||
      !ReadFloat32Array(info, 11, "c", &c) || !ReadInt(info, 12, "ldc", 1, &ldc)) {
    return env.Undefined();
  }
  // Stored shapes: op(A) is m×k, so A itself is k×m when transposed; likewise op(B) is k×n.
  const int64_t a_rows = trans_a ? k : m, a_cols = trans_a ? m : k;
  const int64_t b_rows = trans_b ? n : k, b_cols = trans_b ? k : n;
  if (!CheckOperand(env, "a", "lda", a, a_rows, a_cols, lda, trans_a ? "transposed" : "untransposed") ||
      !CheckOperand(env, "b", "ldb", b, b_rows, b_cols, ldb, trans_b ? "transposed" : "untransposed") ||
      !CheckOperand(env, "c", "ldc", c, m, n, ldc, "row-major")) {
    return env.Undefined();
  }
  const int64_t c_span = Span(m, n, ldc);
  if (Overlaps(c.data, c_span, a.data, Span(a_rows, a_cols, lda))) {
    ThrowRange(env, "c must not overlap a (the output would be read while it is written)");
    return env.Undefined();
  }
  if (Overlaps(c.data, c_span, b.data, Span(b_rows, b_cols, ldb))) {
    ThrowRange(env, "c must not overlap b (the output would be read while it is written)");
    return env.Undefined();
  }
  SgemmChecked(trans_a, trans_b, m, n, k, alpha, a.data, lda, b.data, ldb, beta, c.data, ldc);
  return env.Undefined();
}

}  // namespace d2l
