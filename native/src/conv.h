// The convolution's data-movement kernels (conv.cc), exported by addon.cc.
#pragma once

#include <napi.h>

namespace d2l {

Napi::Value ConvUnfold(const Napi::CallbackInfo& info);
Napi::Value ConvFold(const Napi::CallbackInfo& info);
Napi::Value ConvScatter(const Napi::CallbackInfo& info);
Napi::Value ConvGather(const Napi::CallbackInfo& info);
Napi::Value ConvForward(const Napi::CallbackInfo& info);
Napi::Value ConvBackward(const Napi::CallbackInfo& info);

}  // namespace d2l
