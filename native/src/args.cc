#include "args.h"

#include <cmath>

namespace d2l {

void ThrowRange(Napi::Env env, const std::string& message) {
  Napi::RangeError::New(env, message).ThrowAsJavaScriptException();
}

void ThrowType(Napi::Env env, const std::string& message) {
  Napi::TypeError::New(env, message).ThrowAsJavaScriptException();
}

static std::string Describe(const Napi::Value& v) {
  switch (v.Type()) {
    case napi_undefined: return "undefined";
    case napi_null: return "null";
    case napi_boolean: return "a boolean";
    case napi_number: return "a number";
    case napi_string: return "a string";
    case napi_object: return v.IsTypedArray() ? "a typed array of another type" : "an object";
    default: return "a value of another type";
  }
}

// The type check every reader starts with: false (after throwing "<name> must be <what>, got …")
// when `ok` is false.
static bool NeedType(const Napi::CallbackInfo& info, bool ok, const char* name, const char* what, const Napi::Value& v) {
  if (!ok) ThrowType(info.Env(), std::string(name) + " must be " + what + ", got " + Describe(v));
  return ok;
}

bool CheckCount(const Napi::CallbackInfo& info, const char* fn, const char* args, size_t count) {
  if (info.Length() == count) return true;
  ThrowType(info.Env(), std::string(fn) + " expects " + std::to_string(count) + (count == 1 ? " argument (" : " arguments (") +
                            args + "), got " + std::to_string(info.Length()));
  return false;
}

bool ReadBool(const Napi::CallbackInfo& info, size_t i, const char* name, bool* out) {
  Napi::Value v = info[i];
  if (!NeedType(info, v.IsBoolean(), name, "a boolean", v)) return false;
  *out = v.As<Napi::Boolean>().Value();
  return true;
}

bool ReadFloat(const Napi::CallbackInfo& info, size_t i, const char* name, float* out) {
  Napi::Value v = info[i];
  if (!NeedType(info, v.IsNumber(), name, "a number", v)) return false;
  *out = static_cast<float>(v.As<Napi::Number>().DoubleValue());
  return true;
}

bool ReadInt(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t min, int64_t* out) {
  Napi::Value v = info[i];
  if (!NeedType(info, v.IsNumber(), name, "an integer", v)) return false;
  const double d = v.As<Napi::Number>().DoubleValue();
  const double max = 2147483647.0;
  if (!std::isfinite(d) || std::floor(d) != d || d < static_cast<double>(min) || d > max) {
    ThrowRange(info.Env(), std::string(name) + " must be an integer in [" + std::to_string(min) +
                               ", 2147483647], got " + Napi::Number::New(info.Env(), d).ToString().Utf8Value());
    return false;
  }
  *out = static_cast<int64_t>(d);
  return true;
}

bool ReadFloat32Array(const Napi::CallbackInfo& info, size_t i, const char* name, FloatView* out) {
  Napi::Value v = info[i];
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  // One call both checks the type and yields the element pointer, already advanced by byteOffset,
  // so subarray views are honoured. It fails (without throwing) for anything but a typed array.
  napi_status status = napi_get_typedarray_info(info.Env(), v, &type, &length, &data, nullptr, nullptr);
  if (!NeedType(info, status == napi_ok && type == napi_float32_array, name, "a Float32Array", v)) return false;
  out->data = static_cast<float*>(data);
  out->length = length;
  return true;
}

}  // namespace d2l
