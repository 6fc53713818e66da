// Argument checks shared by the exported functions. Every check throws a JS error that names the
// argument and the allowed range, so a bad call from the engine never reads outside an array.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

namespace d2l {

// Throws a TypeError/RangeError on the JS side; callers return immediately when these fail.
// `fn expects <count> arguments (<args>), got …` unless the call passed exactly `count`.
bool CheckCount(const Napi::CallbackInfo& info, const char* fn, const char* args, size_t count);
bool ReadBool(const Napi::CallbackInfo& info, size_t i, const char* name, bool* out);
bool ReadFloat(const Napi::CallbackInfo& info, size_t i, const char* name, float* out);
// An integer in [min, 2^31 - 1] (cblas dimensions are 32-bit here).
bool ReadInt(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t min, int64_t* out);

struct FloatView {
  float* data;
  size_t length;  // elements
};
bool ReadFloat32Array(const Napi::CallbackInfo& info, size_t i, const char* name, FloatView* out);

void ThrowRange(Napi::Env env, const std::string& message);
void ThrowType(Napi::Env env, const std::string& message);

}  // namespace d2l
