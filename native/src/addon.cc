// d2l_blas: the workbench's native backend. Only what measurably pays lives here: sgemm, ReLU and
// its backward (the training step's two big elementwise passes), and the OpenBLAS facts a
// benchmark or status bar reports (core name, thread count).
#include <cblas.h>
#include <napi.h>

#include <string>

#include "args.h"
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

Napi::Value GetThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), openblas_get_num_threads());
}

// Returns the count OpenBLAS actually uses: it silently caps requests at its compiled maximum.
Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() != 1) {
    d2l::ThrowType(env, "openblas_set_num_threads expects 1 argument (n), got " + std::to_string(info.Length()));
    return env.Undefined();
  }
  int64_t n;
  if (!d2l::ReadInt(info, 0, "n", 1, &n)) return env.Undefined();
  openblas_set_num_threads(static_cast<int>(n));
  return Napi::Number::New(env, openblas_get_num_threads());
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("sgemm", Napi::Function::New(env, d2l::Sgemm, "sgemm"));
  exports.Set("relu", Napi::Function::New(env, d2l::Relu, "relu"));
  exports.Set("relu_backward", Napi::Function::New(env, d2l::ReluBackward, "relu_backward"));
  exports.Set("openblas_get_corename", Napi::Function::New(env, CoreName, "openblas_get_corename"));
  exports.Set("openblas_get_config", Napi::Function::New(env, Config, "openblas_get_config"));
  exports.Set("openblas_get_num_threads", Napi::Function::New(env, GetThreads, "openblas_get_num_threads"));
  exports.Set("openblas_set_num_threads", Napi::Function::New(env, SetThreads, "openblas_set_num_threads"));
  return exports;
}

}  // namespace

NODE_API_MODULE(d2l_blas, Init)
