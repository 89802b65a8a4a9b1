//===- Int8Kernels.h - TFLite's int8 reference kernels ----------*- C++ -*-===//
//
// One function per TFLite int8 op, computing exactly what its reference kernel
// computes (../shared/docs/int8-tflite-edgetpu.md §2). Activations are NHWC.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_INTERP_INT8_INT8KERNELS_H
#define MNV4_LIB_INTERP_INT8_INT8KERNELS_H

#include "TfliteArith.h"

#include "mnv4/Interp/Tensor.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <vector>

namespace mnv4::interp::int8 {

struct QParams {
  float scale = 1.0f;
  int32_t zeroPoint = 0;
};

/// An int8 activation tensor with its per-tensor parameters.
struct QTensor {
  llvm::SmallVector<int64_t, 4> shape;
  std::vector<int8_t> data;
  QParams params;

  QTensor() = default;
  QTensor(llvm::ArrayRef<int64_t> shape, QParams params);
  int64_t numElements() const { return static_cast<int64_t>(data.size()); }
};

/// Symmetric int8 weights: one scale per channel of the quantized dimension,
/// or one for the whole tensor.
struct QWeights {
  llvm::SmallVector<int64_t, 4> shape;
  std::vector<int8_t> data;
  std::vector<float> scales;
  float scale(int64_t c) const {
    return scales.size() == 1 ? scales[0] : scales[c];
  }
};

struct Window {
  int64_t strideH, strideW, padTop, padLeft;
};

/// CONV_2D (filter OHWI) and DEPTHWISE_CONV_2D (filter HWC), per-channel.
QTensor conv2d(const QTensor &in, const QWeights &filter,
               llvm::ArrayRef<int32_t> bias, Window w, int act,
               llvm::ArrayRef<int64_t> outShape, QParams out);
QTensor depthwiseConv2d(const QTensor &in, const QWeights &filter,
                        llvm::ArrayRef<int32_t> bias, Window w, int act,
                        llvm::ArrayRef<int64_t> outShape, QParams out);
/// FULLY_CONNECTED: per-tensor weights use the float32 product of scales.
QTensor fullyConnected(const QTensor &in, const QWeights &weight,
                       llvm::ArrayRef<int32_t> bias,
                       llvm::ArrayRef<int64_t> outShape, QParams out);
QTensor add(const QTensor &lhs, const QTensor &rhs, int act, QParams out);
/// MUL with `rhs` broadcast to `lhs`.
QTensor mul(const QTensor &lhs, const QTensor &rhs, QParams out);
/// MEAN over H and W (TFLite >= 2.13 reference QuantizedMeanOrSum).
QTensor meanHW(const QTensor &in, QParams out);
/// AVERAGE_POOL_2D without padding; keeps the input's parameters.
QTensor avgPool(const QTensor &in, int64_t kernel, int64_t stride,
                llvm::ArrayRef<int64_t> outShape);
/// BATCH_MATMUL with broadcast batch dims.
QTensor batchMatMul(const QTensor &lhs, const QTensor &rhs,
                    llvm::ArrayRef<int64_t> outShape, QParams out);
/// SOFTMAX (beta 1) over the last axis; output 1/256, -128.
QTensor softmax(const QTensor &in, QParams out);
QTensor lut(const QTensor &in, tflite::LutFunction f, QParams out);
QTensor requantize(const QTensor &in, QParams out);
QTensor quantize(const Tensor &in, QParams out);
Tensor dequantize(const QTensor &in);
/// RESHAPE (same bytes) and TRANSPOSE.
QTensor reshape(const QTensor &in, llvm::ArrayRef<int64_t> outShape);
QTensor transpose(const QTensor &in, llvm::ArrayRef<int64_t> perm);

} // namespace mnv4::interp::int8

#endif // MNV4_LIB_INTERP_INT8_INT8KERNELS_H
