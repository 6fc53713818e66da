// d2l_blas: the workbench's native backend. Only what measurably pays lives here: sgemm, ReLU and
// its backward (the training step's two big elementwise passes), the convolution's data movement
// around its GEMMs (conv.cc), and the OpenBLAS facts a
// benchmark or status bar reports (core name, thread count).
#include <cblas.h>
#include <napi.h>

#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "args.h"
#include "blas_threads.h"
#include "conv.h"
#include "relu.h"
#include "sgemm.h"

namespace {

Napi::Value CoreName(const Napi::CallbackInfo& info) {
  const char* name = openblas_get_corename();
  return Napi::String::New(info.Env(), name ? name : "unknown");
}

Napi::Value Config(const Napi::CallbackInfo& info) {
  const char* config = openblas_get_config();
  return Napi::String::New(info.Env(), config ? config : "unknown");
}

// The requested count, not OpenBLAS's momentary one: a small product on another worker thread may
// be running at 1 thread right now.
Napi::Value GetThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), d2l::RequestedBlasThreads());
}

// Returns the count OpenBLAS actually uses: it silently caps requests at its compiled maximum.
Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!d2l::CheckCount(info, "openblas_set_num_threads", "n", 1)) return env.Undefined();
  int64_t n;
  if (!d2l::ReadInt(info, 0, "n", 1, &n)) return env.Undefined();
  return Napi::Number::New(env, d2l::SetRequestedBlasThreads(static_cast<int>(n)));
}

// tune_malloc(mmapThresholdBytes, trimThresholdBytes): the caching allocator's process-wide half
// (src/main/engine/backend/caching-allocator.ts). glibc serves large blocks by mmap and unmaps them
// on free, so every fresh multi-MB ArrayBuffer faults in page by page; from the heap, freed blocks
// are reused warm. Returns false where there is no glibc (nothing changed).
Napi::Value TuneMalloc(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!d2l::CheckCount(info, "tune_malloc", "mmapThresholdBytes, trimThresholdBytes", 2)) return env.Undefined();
  int64_t mmap_threshold;
  int64_t trim_threshold;
  if (!d2l::ReadInt(info, 0, "mmapThresholdBytes", 0, &mmap_threshold)) return env.Undefined();
  if (!d2l::ReadInt(info, 1, "trimThresholdBytes", 0, &trim_threshold)) return env.Undefined();
#if defined(__GLIBC__)
  // glibc refuses an M_MMAP_THRESHOLD above 32 MiB on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX): cap it there.
  const int64_t max_mmap = 32 << 20;
  bool ok = mallopt(M_MMAP_THRESHOLD, static_cast<int>(mmap_threshold < max_mmap ? mmap_threshold : max_mmap)) == 1;
  ok = mallopt(M_TRIM_THRESHOLD, static_cast<int>(trim_threshold)) == 1 && ok;
  return Napi::Boolean::New(env, ok);
#else
  return Napi::Boolean::New(env, false);
#endif
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("sgemm", Napi::Function::New(env, d2l::Sgemm, "sgemm"));
  exports.Set("relu", Napi::Function::New(env, d2l::Relu, "relu"));
  exports.Set("relu_backward", Napi::Function::New(env, d2l::ReluBackward, "relu_backward"));
  exports.Set("conv_unfold", Napi::Function::New(env, d2l::ConvUnfold, "conv_unfold"));
  exports.Set("conv_fold", Napi::Function::New(env, d2l::ConvFold, "conv_fold"));
  exports.Set("conv_scatter", Napi::Function::New(env, d2l::ConvScatter, "conv_scatter"));
  exports.Set("conv_gather", Napi::Function::New(env, d2l::ConvGather, "conv_gather"));
  exports.Set("conv_forward", Napi::Function::New(env, d2l::ConvForward, "conv_forward"));
  exports.Set("conv_backward", Napi::Function::New(env, d2l::ConvBackward, "conv_backward"));
  exports.Set("openblas_get_corename", Napi::Function::New(env, CoreName, "openblas_get_corename"));
  exports.Set("openblas_get_config", Napi::Function::New(env, Config, "openblas_get_config"));
  exports.Set("openblas_get_num_threads", Napi::Function::New(env, GetThreads, "openblas_get_num_threads"));
  exports.Set("tune_malloc", Napi::Function::New(env, TuneMalloc, "tune_malloc"));
  exports.Set("openblas_set_num_threads", Napi::Function::New(env, SetThreads, "openblas_set_num_threads"));
  return exports;
}

}  // namespace

NODE_API_MODULE(d2l_blas, Init)
