//===- TFLiteOps.cpp - TFLite builtin ops: versions and runtimes ----------===//

#include "TFLiteOps.h"

namespace mnv4::tflite {

using namespace ::tflite;

OpInfo opInfo(BuiltinOperator code, int32_t version) {
  constexpr RuntimeVersion r1_5{1, 5, 0}, r1_14{1, 14, 0}, r1_15{1, 15, 0},
      r2_3{2, 3, 0}, r2_9{2, 9, 0};
  OpInfo info{code, 2, r1_14};
  switch (code) {
  case BuiltinOperator_CONV_2D:
  case BuiltinOperator_DEPTHWISE_CONV_2D:
    info.version = 3;
    break;
  case BuiltinOperator_FULLY_CONNECTED:
    info.version = 4;
    break;
  case BuiltinOperator_RESHAPE:
    info = {code, 1, r1_5};
    break;
  case BuiltinOperator_QUANTIZE:
    info.version = 1;
    break;
  case BuiltinOperator_BATCH_MATMUL:
    info.minRuntime = r2_3;
    break;
  case BuiltinOperator_GELU:
    info.minRuntime = r2_9;
    break;
  default:
    break;
  }
  if (code == BuiltinOperator_MUL && version == 3)
    info.minRuntime = r1_15;
  if (version)
    info.version = version;
  return info;
}

OpInfo floatOpInfo(BuiltinOperator code) {
  constexpr RuntimeVersion r1_5{1, 5, 0}, r1_6{1, 6, 0}, r1_15{1, 15, 0},
      r2_3{2, 3, 0}, r2_9{2, 9, 0};
  switch (code) {
  case BuiltinOperator_MEAN:
  case BuiltinOperator_TRANSPOSE:
    return {code, 1, r1_6};
  case BuiltinOperator_HARD_SWISH:
    return {code, 1, r1_15};
  case BuiltinOperator_BATCH_MATMUL:
    return {code, 1, r2_3};
  case BuiltinOperator_GELU:
    return {code, 1, r2_9};
  default:
    return {code, 1, r1_5};
  }
}

} // namespace mnv4::tflite
