// The data movement around a convolution's GEMMs (src/main/engine/ops/conv.ts describes the
// scheme): unfolding a chunk of images (im2col), folding the column gradient back (col2im), and
// moving the GEMM's result into NCHW with the bias and a fused activation, or the output gradient
// back into the GEMM's layout. In JavaScript these loops cost about twice LeNet's GEMMs; here they
// compile to vector code. Every arithmetic step mirrors the TypeScript kernels operation for
// operation (in double where JavaScript computes in double) so both backends give the same bits.
#include "conv.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "args.h"
#include "blas_threads.h"
#include "pool.h"
#include "sgemm.h"

namespace d2l {

namespace {

// The plan the engine passes: C, H, W, O, KH, KW, sh, sw, ph, pw, B (images per chunk) and wide
// (1: the wide stride-1 layout). The rest is derived here, never trusted from the caller.
constexpr size_t kGeomLength = 12;

struct Geom {
  int64_t C, H, W, O, KH, KW, sh, sw, ph, pw, B;
  int64_t OH, OW, K, Hp, Wp, Wc, Pc, srcAt;
  bool wide;
};

// Sizes of the sigmoid's exponent table (ops/unary.ts): EXP_STEPS entries per factor of 2 up to
// EXP_LIMIT. The table itself comes from JavaScript so both sides multiply by the same values.
constexpr double kExpLimit = 104;
constexpr double kExpSteps = 32;
constexpr double kLn2 = 0.6931471805599453;  // Math.LN2
constexpr double kRoundMagic = 6755399441055744.0;

bool ReadGeom(const Napi::CallbackInfo& info, size_t i, Geom* g) {
  Napi::Env env = info.Env();
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  napi_status status = napi_get_typedarray_info(env, info[i], &type, &length, &data, nullptr, nullptr);
  if (status != napi_ok || type != napi_int32_array || length != kGeomLength) {
    ThrowType(env, "geom must be an Int32Array of 12 values (C, H, W, O, KH, KW, sh, sw, ph, pw, B, wide)");
    return false;
  }
  const int32_t* v = static_cast<const int32_t*>(data);
  g->C = v[0]; g->H = v[1]; g->W = v[2]; g->O = v[3]; g->KH = v[4]; g->KW = v[5];
  g->sh = v[6]; g->sw = v[7]; g->ph = v[8]; g->pw = v[9]; g->B = v[10];
  if (v[11] != 0 && v[11] != 1) {
    ThrowRange(env, "geom: wide must be 0 or 1, got " + std::to_string(v[11]));
    return false;
  }
  g->wide = v[11] == 1;
  if (g->wide && (g->sh != 1 || g->sw != 1)) {
    ThrowRange(env, "geom: the wide layout needs stride 1, got stride (" + std::to_string(g->sh) + ", " + std::to_string(g->sw) + ")");
    return false;
  }
  if (g->C < 1 || g->H < 0 || g->W < 0 || g->O < 1 || g->KH < 1 || g->KW < 1 || g->sh < 1 || g->sw < 1 ||
      g->ph < 0 || g->pw < 0 || g->B < 1) {
    ThrowRange(env, "geom: C, O, KH, KW, sh, sw and B must be >= 1 and H, W, ph, pw >= 0");
    return false;
  }
  g->Hp = g->H + 2 * g->ph;
  g->Wp = g->W + 2 * g->pw;
  if (g->Hp < g->KH || g->Wp < g->KW) {
    ThrowRange(env, "geom: the kernel is larger than the padded input");
    return false;
  }
  g->OH = (g->Hp - g->KH) / g->sh + 1;
  g->OW = (g->Wp - g->KW) / g->sw + 1;
  g->K = g->C * g->KH * g->KW;
  g->Wc = g->wide ? g->Wp : g->OW;
  g->Pc = g->OH * g->Wc;
  g->srcAt = g->K * g->B * g->Pc;
  return true;
}

// n0 and b (the chunk's first image and its image count, b <= B).
bool ReadChunk(const Napi::CallbackInfo& info, size_t i, const Geom& g, int64_t* n0, int64_t* b) {
  if (!ReadInt(info, i, "n0", 0, n0) || !ReadInt(info, i + 1, "b", 1, b)) return false;
  if (*b > g.B) {
    ThrowRange(info.Env(), "b must be in [1, " + std::to_string(g.B) + "] (images per chunk), got " + std::to_string(*b));
    return false;
  }
  return true;
}

bool NeedLength(Napi::Env env, const char* fn, const char* name, const FloatView& v, int64_t need) {
  if (static_cast<int64_t>(v.length) >= need) return true;
  ThrowRange(env, std::string(fn) + ": " + name + " has " + std::to_string(v.length) + " elements, needs at least " +
                      std::to_string(need));
  return false;
}

// [lo, hi): output positions whose tap at offset `tap` (input index o·stride + tap) is inside the
// input (window.ts validRange).
void ValidRange(int64_t count, int64_t size, int64_t stride, int64_t tap, int64_t* lo, int64_t* hi) {
  int64_t l = tap >= 0 ? 0 : (-tap + stride - 1) / stride;
  int64_t h = size - 1 - tap < 0 ? 0 : (size - 1 - tap) / stride + 1;
  l = std::min(l, count);
  *lo = l;
  *hi = std::max(std::min(h, count), l);
}

// Images [n0, n0 + b) of x, zero-padded to (b, C, Hp, Wp), into staged.
void StageWide(const float* x, float* staged, const Geom& g, int64_t n0, int64_t b) {
  const int64_t C = g.C, H = g.H, W = g.W, Hp = g.Hp, Wp = g.Wp, ph = g.ph, pw = g.pw;
  const int64_t plane = Hp * Wp;
  for (int64_t q = 0; q < b * C; q++) {
    const float* src = x + (n0 * C + q) * H * W;
    float* dst = staged + q * plane;
    std::fill(dst, dst + ph * Wp, 0.0f);
    for (int64_t h = 0; h < H; h++) {
      float* r = dst + (h + ph) * Wp;
      std::fill(r, r + pw, 0.0f);
      std::memcpy(r + pw, src + h * W, sizeof(float) * W);
      std::fill(r + pw + W, r + Wp, 0.0f);
    }
    std::fill(dst + (ph + H) * Wp, dst + plane, 0.0f);
  }
}

void UnfoldWide(const float* x, float* work, const Geom& g, int64_t n0, int64_t b, bool clean_wrap) {
  const int64_t C = g.C, Wp = g.Wp, plane = g.Hp * Wp;
  float* staged = work + g.srcAt;
  StageWide(x, staged, g, n0, b);
  const int64_t OH = g.OH, OW = g.OW, Pc = g.Pc;
  const int64_t L = (OH - 1) * Wp + OW;
  const int64_t bPc = b * Pc;
  int64_t row = 0;
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < g.KH; ki++) {
      for (int64_t kj = 0; kj < g.KW; kj++, row++) {
        for (int64_t i = 0; i < b; i++) {
          const float* s = staged + (i * C + c) * plane + ki * Wp + kj;
          float* d = work + row * bPc + i * Pc;
          std::memcpy(d, s, sizeof(float) * L);
          std::fill(d + L, d + Pc, 0.0f);
          if (clean_wrap && Wp > OW) {
            for (int64_t oh = 0; oh < OH - 1; oh++) std::fill(d + oh * Wp + OW, d + oh * Wp + Wp, 0.0f);
          }
        }
      }
    }
  }
}

void UnfoldStrided(const float* x, float* cols, const Geom& g, int64_t n0, int64_t b) {
  const int64_t C = g.C, H = g.H, W = g.W, OH = g.OH, OW = g.OW, sh = g.sh, sw = g.sw;
  const int64_t P = OH * OW, bP = b * P, HW = H * W;
  int64_t row = 0;
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < g.KH; ki++) {
      int64_t ohLo, ohHi;
      ValidRange(OH, H, sh, ki - g.ph, &ohLo, &ohHi);
      for (int64_t kj = 0; kj < g.KW; kj++, row++) {
        int64_t owLo, owHi;
        ValidRange(OW, W, sw, kj - g.pw, &owLo, &owHi);
        for (int64_t i = 0; i < b; i++) {
          // May point before x (negative tap): only offsets inside the valid ranges are read.
          const int64_t src = ((n0 + i) * C + c) * HW + (ki - g.ph) * W + (kj - g.pw);
          float* dst = cols + row * bP + i * P;
          std::fill(dst, dst + ohLo * OW, 0.0f);
          for (int64_t oh = ohLo; oh < ohHi; oh++) {
            float* d = dst + oh * OW;
            const int64_t s = src + oh * sh * W;
            std::fill(d, d + owLo, 0.0f);
            for (int64_t ow = owLo; ow < owHi; ow++) d[ow] = x[s + ow * sw];
            std::fill(d + owHi, d + OW, 0.0f);
          }
          std::fill(dst + ohHi * OW, dst + OH * OW, 0.0f);
        }
      }
    }
  }
}

// The sigmoid of ops/unary.ts (sigmoidRange) over y[0, n) in place, step by step in double. Written
// without branches so it vectorises (gathering from the table); built for AVX-512 and AVX2 too,
// chosen at load (the same IEEE operations in every build: -ffp-contract=off, so the same bits).
// A NaN's table index is irrelevant (the NaN reaches y through r), so it is taken at 0 safely.
__attribute__((target_clones("avx512f", "avx2", "default")))
void SigmoidInPlace(float* __restrict y, int64_t n, const double* __restrict table, int32_t offset) {
  constexpr double inv_step = kExpSteps / kLn2;
  constexpr double step = kLn2 / kExpSteps;
  for (int64_t i = 0; i < n; i++) {
    double t = -static_cast<double>(y[i]);
    t = t > kExpLimit ? kExpLimit : t < -kExpLimit ? -kExpLimit : t;
    const double k = (t * inv_step + kRoundMagic) - kRoundMagic;
    const double r = t - k * step;
    const int32_t at = static_cast<int32_t>(t != t ? 0.0 : k) + offset;
    const double e = table[at] * (1 + r * (1 + r * (0.5 + r * (1.0 / 6))));
    y[i] = static_cast<float>(1 / (1 + e));
  }
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void FoldCore(const float* dc, float* dx, const Geom& g, int64_t n0, int64_t b) {
  const int64_t C = g.C, H = g.H, W = g.W, OH = g.OH, OW = g.OW, sh = g.sh, sw = g.sw, Wc = g.Wc, Pc = g.Pc;
  const int64_t bPc = b * Pc, HW = H * W;
  int64_t row = 0;
  for (int64_t c = 0; c < C; c++) {
    for (int64_t ki = 0; ki < g.KH; ki++) {
      int64_t ohLo, ohHi;
      ValidRange(OH, H, sh, ki - g.ph, &ohLo, &ohHi);
      for (int64_t kj = 0; kj < g.KW; kj++, row++) {
        int64_t owLo, owHi;
        ValidRange(OW, W, sw, kj - g.pw, &owLo, &owHi);
        for (int64_t i = 0; i < b; i++) {
          const int64_t dst = ((n0 + i) * C + c) * HW + (ki - g.ph) * W + (kj - g.pw);
          const float* src = dc + row * bPc + i * Pc;
          for (int64_t oh = ohLo; oh < ohHi; oh++) {
            const float* s = src + oh * Wc;
            float* d = dx + dst + oh * sh * W;
            if (sw == 1) {
#pragma GCC ivdep
              for (int64_t ow = owLo; ow < owHi; ow++) d[ow] += s[ow];
            } else {
              for (int64_t ow = owLo; ow < owHi; ow++) d[ow * sw] += s[ow];
            }
          }
        }
      }
    }
  }
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void ScatterCore(const float* mat, float* y, const float* bias, const Geom& g, int64_t n0, int64_t b, int64_t act,
                 const double* table, int32_t offset, float* pooled) {
  const int64_t O = g.O, OH = g.OH, OW = g.OW, Wc = g.Wc, Pc = g.Pc, P = OH * OW, bPc = b * Pc;
  const int64_t OH2 = OH / 2, OW2 = OW / 2;
  for (int64_t i = 0; i < b; i++) {
    for (int64_t o = 0; o < O; o++) {
      const float* src = mat + o * bPc + i * Pc;
      float* dst = y + ((n0 + i) * O + o) * P;
      const double bo = bias == nullptr ? 0 : static_cast<double>(bias[o]);
      for (int64_t oh = 0; oh < OH; oh++) {
        const float* s = src + oh * Wc;
        float* d = dst + oh * OW;
        if (act == 2) {
          for (int64_t ow = 0; ow < OW; ow++) {
            const double v = static_cast<double>(s[ow]) + bo;
            d[ow] = static_cast<float>(v > 0 || v != v ? v : 0);
          }
        } else {
          for (int64_t ow = 0; ow < OW; ow++) d[ow] = static_cast<float>(static_cast<double>(s[ow]) + bo);
        }
      }
      if (act == 1) SigmoidInPlace(dst, P, table, offset);
      if (pooled != nullptr) {
        // The TypeScript poolChunk's sum order, in double, divided by 4.
        float* out = pooled + ((n0 + i) * O + o) * OH2 * OW2;
        for (int64_t r = 0; r < OH2; r++) {
          const float* r0 = dst + 2 * r * OW;
          const float* r1 = r0 + OW;
          for (int64_t c = 0; c < OW2; c++) {
            const double sum = static_cast<double>(r0[2 * c]) + r0[2 * c + 1] + r1[2 * c] + r1[2 * c + 1];
            out[r * OW2 + c] = static_cast<float>(sum / 4);
          }
        }
      }
    }
  }
}

__attribute__((target_clones("avx512f", "avx2", "default")))
void GatherCore(const float* gy, const float* y, float* gm, const Geom& g, int64_t n0, int64_t b, int64_t act, bool pooled) {
  const int64_t O = g.O, OH = g.OH, OW = g.OW, Wc = g.Wc, Pc = g.Pc, P = OH * OW, bPc = b * Pc;
  const int64_t OH2 = OH / 2, OW2 = OW / 2, P2 = OH2 * OW2;
  for (int64_t i = 0; i < b; i++) {
    for (int64_t o = 0; o < O; o++) {
      float* dst = gm + o * bPc + i * Pc;
      const int64_t q = (n0 + i) * O + o;
      const float* ys = y + q * P;
      for (int64_t oh = 0; oh < OH; oh++) {
        float* d = dst + oh * Wc;
        const float* v = ys + oh * OW;
        if (!pooled) {
          const float* gs = gy + q * P + oh * OW;
          if (act == 1) {
            for (int64_t ow = 0; ow < OW; ow++) {
              const double t = v[ow];
              d[ow] = static_cast<float>(static_cast<double>(gs[ow]) * t * (1 - t));
            }
          } else if (act == 2) {
            for (int64_t ow = 0; ow < OW; ow++) d[ow] = v[ow] <= 0 ? 0.0f : gs[ow];
          } else {
            std::memcpy(d, gs, sizeof(float) * OW);
          }
        } else if (oh >= 2 * OH2) {
          // A leftover row gets no pooled gradient: 0 times the derivative (NaN where y is NaN).
          for (int64_t ow = 0; ow < OW; ow++) d[ow] = act == 1 ? static_cast<float>(0 * static_cast<double>(v[ow])) : 0.0f;
        } else {
          const float* gp = gy + q * P2 + (oh >> 1) * OW2;
          for (int64_t j = 0; j < OW2; j++) {
            const double s = static_cast<double>(gp[j]) * 0.25;
            const double v0 = v[2 * j], v1 = v[2 * j + 1];
            if (act == 1) {
              d[2 * j] = static_cast<float>(s * v0 * (1 - v0));
              d[2 * j + 1] = static_cast<float>(s * v1 * (1 - v1));
            } else if (act == 2) {
              d[2 * j] = static_cast<float>(v0 <= 0 ? 0 : s);
              d[2 * j + 1] = static_cast<float>(v1 <= 0 ? 0 : s);
            } else {
              d[2 * j] = static_cast<float>(s);
              d[2 * j + 1] = static_cast<float>(s);
            }
          }
          if (OW > 2 * OW2) d[OW - 1] = act == 1 ? static_cast<float>(0 * static_cast<double>(v[OW - 1])) : 0.0f;
        }
        std::fill(d + OW, d + Wc, 0.0f);
      }
    }
  }
}


// Per-thread scratch for the whole-pass kernels: the calling JavaScript thread and the pool's helper
// each unfold and multiply into their own, grown on demand and kept (no allocation per step).
struct Scratch {
  std::vector<float> work, mat, ones;
};

Scratch& ThreadScratch() {
  thread_local Scratch s;
  return s;
}

float* Grow(std::vector<float>& v, int64_t n, float fill = 0.0f) {
  if (static_cast<int64_t>(v.size()) < n) v.resize(static_cast<size_t>(n), fill);
  return v.data();
}

int64_t WorkLength(const Geom& g) { return g.srcAt + (g.wide ? g.B * g.C * g.Hp * g.Wp : 0); }

void Unfold(const float* x, float* work, const Geom& g, int64_t n0, int64_t b, bool clean_wrap) {
  if (g.wide) UnfoldWide(x, work, g, n0, b, clean_wrap);
  else UnfoldStrided(x, work, g, n0, b);
}

// An optional array: empty means "none" (nullptr); otherwise it must hold `need` elements.
bool Optional(Napi::Env env, const char* fn, const char* name, const FloatView& v, int64_t need, float** out) {
  if (v.length == 0) {
    *out = nullptr;
    return true;
  }
  *out = v.data;
  return NeedLength(env, fn, name, v, need);
}

bool ReadExpTable(Napi::Env env, const Napi::Value& value, const double** table, int32_t* offset) {
  const int64_t off = static_cast<int64_t>(std::ceil(kExpLimit * kExpSteps / kLn2)) + 1;
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array || static_cast<int64_t>(length) != 2 * off + 1) {
    ThrowType(env, "expTable must be the sigmoid's Float64Array of " + std::to_string(2 * off + 1) + " values");
    return false;
  }
  *table = static_cast<const double*>(data);
  *offset = static_cast<int32_t>(off);
  return true;
}

}  // namespace

// conv_unfold(x, work, geom, n0, b, cleanWrap): images [n0, n0 + b) of x unfolded into the start
// of work (K × b·Pc); the wide layout stages the padded images in work after the unfolded block.
Napi::Value ConvUnfold(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckCount(info, "conv_unfold", "x, work, geom, n0, b, cleanWrap", 6)) return env.Undefined();
  FloatView x, work;
  Geom g;
  int64_t n0, b;
  bool clean_wrap;
  if (!ReadFloat32Array(info, 0, "x", &x) || !ReadFloat32Array(info, 1, "work", &work) || !ReadGeom(info, 2, &g) ||
      !ReadChunk(info, 3, g, &n0, &b) || !ReadBool(info, 5, "cleanWrap", &clean_wrap)) {
    return env.Undefined();
  }
  const int64_t work_need = g.wide ? g.srcAt + b * g.C * g.Hp * g.Wp : g.K * b * g.Pc;
  if (!NeedLength(env, "conv_unfold", "x", x, (n0 + b) * g.C * g.H * g.W) ||
      !NeedLength(env, "conv_unfold", "work", work, work_need)) {
    return env.Undefined();
  }
  if (g.wide) UnfoldWide(x.data, work.data, g, n0, b, clean_wrap);
  else UnfoldStrided(x.data, work.data, g, n0, b);
  return env.Undefined();
}

// conv_fold(dcols, dx, geom, n0, b): col2im, adds each valid entry of dcols (K × b·Pc) into dx.
// The loop order (and so each element's order of additions) is the TypeScript fold's.
Napi::Value ConvFold(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckCount(info, "conv_fold", "dcols, dx, geom, n0, b", 5)) return env.Undefined();
  FloatView dcols, dxv;
  Geom g;
  int64_t n0, b;
  if (!ReadFloat32Array(info, 0, "dcols", &dcols) || !ReadFloat32Array(info, 1, "dx", &dxv) || !ReadGeom(info, 2, &g) ||
      !ReadChunk(info, 3, g, &n0, &b)) {
    return env.Undefined();
  }
  if (!NeedLength(env, "conv_fold", "dcols", dcols, g.K * b * g.Pc) ||
      !NeedLength(env, "conv_fold", "dx", dxv, (n0 + b) * g.C * g.H * g.W)) {
    return env.Undefined();
  }
  FoldCore(dcols.data, dxv.data, g, n0, b);
  return env.Undefined();
}

// conv_scatter(mat, y, bias, geom, n0, b, act, expTable, pooled): the chunk's GEMM result
// (O × b·Pc) into NCHW y with the bias (an empty array: none) and the activation (0 none, 1 sigmoid,
// 2 relu); then, unless `pooled` is empty, avg_pool2d(2, 2) of each finished plane into pooled
// (N, O, ⌊OH/2⌋, ⌊OW/2⌋), read while the plane is in cache.
Napi::Value ConvScatter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckCount(info, "conv_scatter", "mat, y, bias, geom, n0, b, act, expTable, pooled", 9)) return env.Undefined();
  FloatView mat, yv, bias, pooled;
  Geom g;
  int64_t n0, b, act;
  if (!ReadFloat32Array(info, 0, "mat", &mat) || !ReadFloat32Array(info, 1, "y", &yv) ||
      !ReadFloat32Array(info, 2, "bias", &bias) || !ReadGeom(info, 3, &g) || !ReadChunk(info, 4, g, &n0, &b) ||
      !ReadInt(info, 6, "act", 0, &act) || !ReadFloat32Array(info, 8, "pooled", &pooled)) {
    return env.Undefined();
  }
  if (act > 2) {
    ThrowRange(env, "act must be 0 (none), 1 (sigmoid) or 2 (relu), got " + std::to_string(act));
    return env.Undefined();
  }
  const int64_t OH2 = g.OH / 2, OW2 = g.OW / 2;
  if (pooled.length != 0 && !NeedLength(env, "conv_scatter", "pooled", pooled, (n0 + b) * g.O * OH2 * OW2)) {
    return env.Undefined();
  }
  const int64_t offset = static_cast<int64_t>(std::ceil(kExpLimit * kExpSteps / kLn2)) + 1;
  napi_typedarray_type type;
  size_t table_length = 0;
  void* table_data = nullptr;
  if (napi_get_typedarray_info(env, info[7], &type, &table_length, &table_data, nullptr, nullptr) != napi_ok ||
      type != napi_float64_array || static_cast<int64_t>(table_length) != 2 * offset + 1) {
    ThrowType(env, "expTable must be the sigmoid's Float64Array of " + std::to_string(2 * offset + 1) + " values");
    return env.Undefined();
  }
  const int64_t O = g.O, OH = g.OH, OW = g.OW, Wc = g.Wc, Pc = g.Pc, P = OH * OW, bPc = b * Pc;
  if (!NeedLength(env, "conv_scatter", "mat", mat, O * bPc) ||
      !NeedLength(env, "conv_scatter", "y", yv, (n0 + b) * O * P)) {
    return env.Undefined();
  }
  if (bias.length != 0 && !NeedLength(env, "conv_scatter", "bias", bias, O)) return env.Undefined();
  ScatterCore(mat.data, yv.data, bias.length == 0 ? nullptr : bias.data, g, n0, b, act,
              static_cast<const double*>(table_data), static_cast<int32_t>(offset), pooled.length == 0 ? nullptr : pooled.data);
  return env.Undefined();
}

// conv_gather(gy, y, gm, geom, n0, b, act, pooled): the output gradient of images [n0, n0 + b) as
// one O × b·Pc matrix (zeros in the wide layout's discarded columns) times the activation's
// derivative read from its output y. With `pooled`, gy is the gradient after avg_pool2d(2, 2).
Napi::Value ConvGather(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckCount(info, "conv_gather", "gy, y, gm, geom, n0, b, act, pooled", 8)) return env.Undefined();
  FloatView gyv, yv, gmv;
  Geom g;
  int64_t n0, b, act;
  bool pooled;
  if (!ReadFloat32Array(info, 0, "gy", &gyv) || !ReadFloat32Array(info, 1, "y", &yv) ||
      !ReadFloat32Array(info, 2, "gm", &gmv) || !ReadGeom(info, 3, &g) || !ReadChunk(info, 4, g, &n0, &b) ||
      !ReadInt(info, 6, "act", 0, &act) || !ReadBool(info, 7, "pooled", &pooled)) {
    return env.Undefined();
  }
  if (act > 2) {
    ThrowRange(env, "act must be 0 (none), 1 (sigmoid) or 2 (relu), got " + std::to_string(act));
    return env.Undefined();
  }
  const int64_t O = g.O, OH = g.OH, OW = g.OW, Wc = g.Wc, Pc = g.Pc, P = OH * OW, bPc = b * Pc;
  const int64_t OH2 = OH / 2, OW2 = OW / 2, P2 = OH2 * OW2;
  if (!NeedLength(env, "conv_gather", "gy", gyv, (n0 + b) * O * (pooled ? P2 : P)) ||
      !NeedLength(env, "conv_gather", "y", yv, (n0 + b) * O * P) ||
      !NeedLength(env, "conv_gather", "gm", gmv, O * bPc)) {
    return env.Undefined();
  }
  GatherCore(gyv.data, yv.data, gmv.data, g, n0, b, act, pooled);
  return env.Undefined();
}


// conv_forward(x, w, bias, y, pooled, geom, N, act, expTable): the whole forward pass of
// ops/conv.ts's chunk loop (unfold, W·cols, scatter with bias, activation and optional pooling) for
// images [0, N). Chunks write disjoint images and each is computed exactly as the loop computes it,
// so they are shared between this thread and the pool's helper (when the app allows more than one
// OpenBLAS thread) with the same bits as one thread.
Napi::Value ConvForward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckCount(info, "conv_forward", "x, w, bias, y, pooled, geom, N, act, expTable", 9)) return env.Undefined();
  FloatView xv, wv, biasv, yv, pooledv;
  Geom g;
  int64_t N, act;
  if (!ReadFloat32Array(info, 0, "x", &xv) || !ReadFloat32Array(info, 1, "w", &wv) ||
      !ReadFloat32Array(info, 2, "bias", &biasv) || !ReadFloat32Array(info, 3, "y", &yv) ||
      !ReadFloat32Array(info, 4, "pooled", &pooledv) || !ReadGeom(info, 5, &g) || !ReadInt(info, 6, "N", 0, &N) ||
      !ReadInt(info, 7, "act", 0, &act)) {
    return env.Undefined();
  }
  if (act > 2) {
    ThrowRange(env, "act must be 0 (none), 1 (sigmoid) or 2 (relu), got " + std::to_string(act));
    return env.Undefined();
  }
  const double* table;
  int32_t offset;
  if (!ReadExpTable(env, info[8], &table, &offset)) return env.Undefined();
  const int64_t O = g.O, K = g.K, B = g.B, Pc = g.Pc, P = g.OH * g.OW;
  float* bias;
  float* pooled;
  if (!NeedLength(env, "conv_forward", "x", xv, N * g.C * g.H * g.W) || !NeedLength(env, "conv_forward", "w", wv, O * K) ||
      !NeedLength(env, "conv_forward", "y", yv, N * O * P) || !Optional(env, "conv_forward", "bias", biasv, O, &bias) ||
      !Optional(env, "conv_forward", "pooled", pooledv, N * O * (g.OH / 2) * (g.OW / 2), &pooled)) {
    return env.Undefined();
  }
  const float* x = xv.data;
  const float* w = wv.data;
  float* y = yv.data;
  const int64_t chunks = (N + B - 1) / B;
  // Where the few-rows kernel takes the product, it reads each tap's unfolded row straight from the
  // staged padded image (in the wide layout that row is one contiguous run): the same operations
  // on the same values as on the unfolded copy, without making it. Columns past the last valid
  // output (zeros in the copy) are left unwritten: scatter never reads them.
  const int64_t plane = g.Hp * g.Wp, valid = (g.OH - 1) * g.Wp + g.OW;
  std::vector<int64_t> taps;
  if (g.wide) {
    for (int64_t c = 0; c < g.C; c++)
      for (int64_t ki = 0; ki < g.KH; ki++)
        for (int64_t kj = 0; kj < g.KW; kj++) taps.push_back(c * plane + ki * g.Wp + kj);
  }
  std::atomic<int64_t> next{0};
  RunTwoParts(chunks > 1 && RequestedBlasThreads() > 1, [&](int) {
    Scratch& s = ThreadScratch();
    float* work = Grow(s.work, WorkLength(g));
    float* mat = Grow(s.mat, O * B * Pc);
    for (int64_t j = next.fetch_add(1); j < chunks; j = next.fetch_add(1)) {
      const int64_t n0 = j * B, b = std::min(B, N - n0), bPc = b * Pc;
      if (g.wide && FewRowsApplies(false, false, O, bPc, K)) {
        float* staged = work + g.srcAt;
        StageWide(x, staged, g, n0, b);
        for (int64_t i = 0; i < b; i++) {
          FewRowsFromOffsets(O, valid, K, 1, w, K, staged + i * g.C * plane, taps.data(), 0, mat + i * Pc, bPc);
        }
      } else {
        Unfold(x, work, g, n0, b, false);
        SgemmChecked(false, false, O, bPc, K, 1, w, K, work, bPc, 0, mat, bPc);
      }
      ScatterCore(mat, y, bias, g, n0, b, act, table, offset, pooled);
    }
  });
  return env.Undefined();
}

// conv_backward(gy, y, x, w, dwT, db, dx, geom, N, act, pooled): the backward chunk loop of
// ops/conv.ts. The weight and bias gradients sum over chunks in order (one thread: the summation
// order is the loop's), while the input gradient (W^T·dY folded back, disjoint images per chunk)
// runs on the pool's helper at the same time; each side gathers the output gradient for itself.
// dwT (K x O), db and dx are empty when not wanted; dx is accumulated into, dwT and db overwritten.
Napi::Value ConvBackward(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckCount(info, "conv_backward", "gy, y, x, w, dwT, db, dx, geom, N, act, pooled", 11)) return env.Undefined();
  FloatView gyv, yv, xv, wv, dwv, dbv, dxv;
  Geom g;
  int64_t N, act;
  bool pooled;
  if (!ReadFloat32Array(info, 0, "gy", &gyv) || !ReadFloat32Array(info, 1, "y", &yv) ||
      !ReadFloat32Array(info, 2, "x", &xv) || !ReadFloat32Array(info, 3, "w", &wv) ||
      !ReadFloat32Array(info, 4, "dwT", &dwv) || !ReadFloat32Array(info, 5, "db", &dbv) ||
      !ReadFloat32Array(info, 6, "dx", &dxv) || !ReadGeom(info, 7, &g) || !ReadInt(info, 8, "N", 0, &N) ||
      !ReadInt(info, 9, "act", 0, &act) || !ReadBool(info, 10, "pooled", &pooled)) {
    return env.Undefined();
  }
  if (act > 2) {
    ThrowRange(env, "act must be 0 (none), 1 (sigmoid) or 2 (relu), got " + std::to_string(act));
    return env.Undefined();
  }
  const int64_t O = g.O, K = g.K, B = g.B, Pc = g.Pc, P = g.OH * g.OW, P2 = (g.OH / 2) * (g.OW / 2);
  const int64_t x_len = N * g.C * g.H * g.W;
  float* dwT;
  float* db;
  float* dx;
  if (!NeedLength(env, "conv_backward", "gy", gyv, N * O * (pooled ? P2 : P)) ||
      !NeedLength(env, "conv_backward", "y", yv, N * O * P) || !NeedLength(env, "conv_backward", "x", xv, x_len) ||
      !NeedLength(env, "conv_backward", "w", wv, O * K) || !Optional(env, "conv_backward", "dwT", dwv, K * O, &dwT) ||
      !Optional(env, "conv_backward", "db", dbv, O, &db) || !Optional(env, "conv_backward", "dx", dxv, x_len, &dx)) {
    return env.Undefined();
  }
  const float* gy = gyv.data;
  const float* y = yv.data;
  const float* x = xv.data;
  const float* w = wv.data;
  const bool sums = dwT != nullptr || db != nullptr;
  RunTwoParts(sums && dx != nullptr && RequestedBlasThreads() > 1, [&](int part) {
    if (part == 0 ? !sums : dx == nullptr) return;
    Scratch& s = ThreadScratch();
    float* gm = Grow(s.mat, O * B * Pc);
    float* work = Grow(s.work, WorkLength(g));
    const float* ones = part == 0 && db != nullptr ? Grow(s.ones, B * Pc, 1.0f) : nullptr;
    for (int64_t n0 = 0; n0 < N; n0 += B) {
      const int64_t b = std::min(B, N - n0), bPc = b * Pc;
      GatherCore(gy, y, gm, g, n0, b, act, pooled);
      if (part == 0) {
        const float first = n0 == 0 ? 0.0f : 1.0f;
        if (db != nullptr) SgemmChecked(false, false, O, 1, bPc, 1, gm, bPc, ones, 1, first, db, 1);
        if (dwT != nullptr) {
          Unfold(x, work, g, n0, b, true);
          SgemmChecked(false, true, K, O, bPc, 1, work, bPc, gm, bPc, first, dwT, O);
        }
      } else {
        SgemmChecked(true, false, K, bPc, O, 1, w, K, gm, bPc, 0, work, bPc);
        FoldCore(work, dx, g, n0, b);
      }
    }
  });
  return env.Undefined();
}

}  // namespace d2l
