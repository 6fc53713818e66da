// ReLU and its backward over Float32Arrays. In JavaScript each is a scalar loop of about 1.3 ns per
// element (90 µs for a 256×256 activation, twice per training step); here the compiler vectorises
// it. Header-only so the addon's source list (binding.gyp) stays as it is.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

#include "args.h"

namespace d2l {

namespace relu_detail {

// Reads `count` Float32Array arguments and n, and checks every array holds n elements.
inline bool ReadArrays(const Napi::CallbackInfo& info, const char* fn, const char* const* names, size_t count,
                       FloatView* views, int64_t* n) {
  Napi::Env env = info.Env();
  if (info.Length() != count + 1) {
    ThrowType(env, std::string(fn) + " expects " + std::to_string(count + 1) + " arguments, got " +
                       std::to_string(info.Length()));
    return false;
  }
  for (size_t i = 0; i < count; i++) {
    if (!ReadFloat32Array(info, i, names[i], &views[i])) return false;
  }
  if (!ReadInt(info, count, "n", 0, n)) return false;
  for (size_t i = 0; i < count; i++) {
    if (static_cast<int64_t>(views[i].length) < *n) {
      ThrowRange(env, std::string(fn) + ": " + names[i] + " has " + std::to_string(views[i].length) +
                          " elements, fewer than n = " + std::to_string(*n));
      return false;
    }
  }
  return true;
}

}  // namespace relu_detail

// relu(x, y, n): y[i] = x[i] <= 0 ? +0 : x[i] for i < n (NaN passes through and -0 becomes +0, as
// in the TypeScript kernel). y may be x itself: each element is read before it is written, so
// ivdep is safe.
inline Napi::Value Relu(const Napi::CallbackInfo& info) {
  static const char* const kNames[] = {"x", "y"};
  FloatView v[2];
  int64_t n;
  if (!relu_detail::ReadArrays(info, "relu", kNames, 2, v, &n)) return info.Env().Undefined();
  const float* x = v[0].data;
  float* y = v[1].data;
#pragma GCC ivdep
  for (int64_t i = 0; i < n; i++) {
    const float xi = x[i];
    y[i] = xi <= 0.0f ? 0.0f : xi;
  }
  return info.Env().Undefined();
}

// relu_backward(g, y, d, n): d[i] = y[i] <= 0 ? 0 : g[i], from ReLU's output y (PyTorch's
// threshold_backward: a NaN output passes the gradient). d may be g or y.
inline Napi::Value ReluBackward(const Napi::CallbackInfo& info) {
  static const char* const kNames[] = {"g", "y", "d"};
  FloatView v[3];
  int64_t n;
  if (!relu_detail::ReadArrays(info, "relu_backward", kNames, 3, v, &n)) return info.Env().Undefined();
  const float* g = v[0].data;
  const float* y = v[1].data;
  float* d = v[2].data;
  // Both loads happen unconditionally: a load only on one side of the select is a branch the
  // compiler may not vectorise (and mispredicts half the time on random signs: 35× slower).
#pragma GCC ivdep
  for (int64_t i = 0; i < n; i++) {
    const float gi = g[i], yi = y[i];
    d[i] = yi <= 0.0f ? 0.0f : gi;
  }
  return info.Env().Undefined();
}

}  // namespace d2l
