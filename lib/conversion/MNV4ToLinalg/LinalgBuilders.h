//===- LinalgBuilders.h - linalg-on-tensors pieces of mnv4 ops --*- C++ -*-===//
//
// The building blocks every mnv4 op lowers to: convolutions, pointwise
// matmuls on packed weights, pools and elementwise maps, all on NHWC tensors.
// Block ops (UIB, FusedIB, Mobile MQA) are compositions of these, so each
// piece has one definition shared by primitive and block lowerings.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_CONVERSION_MNV4TOLINALG_LINALGBUILDERS_H
#define MNV4_CONVERSION_MNV4TOLINALG_LINALGBUILDERS_H

#include "mnv4/Conversion/MNV4ToLinalg.h"

#include "dialects/mnv4/MNV4Dialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/STLFunctionalExtras.h"

#include <optional>
#include <vector>

namespace mnv4::conversion {

/// A 1x1 weight in output-channel panels: `[Co/nr][Ci][nr]` (`nr` = 1 for a
/// weight that is not a constant, read in place).
struct PackedPointwise {
  mlir::Value packed;
  int64_t nr = 1;
};

/// Builds linalg/tensor/arith/math IR at one location.
class LinalgBuilder {
public:
  LinalgBuilder(mlir::OpBuilder &b, mlir::Location loc,
                const LoweringOptions &options)
      : b(b), loc(loc), opts(options) {}

  mlir::OpBuilder &builder() { return b; }
  const LoweringOptions &options() const { return opts; }
  mlir::Location location() { return loc; }

  /// A new tensor of `shape`: tensor.empty, or in a tile loop's body
  /// (`allocateHere`) a bufferization.alloc_tensor, whose buffer is
  /// allocated where it is created (CSE would merge a tensor.empty with an
  /// equal one outside the loop).
  mlir::Value empty(llvm::ArrayRef<int64_t> shape);
  void allocateHere() { allocHere = true; }
  mlir::Value f32(double value);
  /// An f32 constant tensor (a dense_resource blob when large).
  mlir::Value constant(llvm::ArrayRef<int64_t> shape,
                       llvm::ArrayRef<float> values, llvm::StringRef name);

  /// Zero pads H and W of an NHWC tensor by `[top, left, bottom, right]`.
  mlir::Value padHW(mlir::Value x, llvm::ArrayRef<int64_t> pad);
  /// `[N, H, W, C]` (or any shape ending in C) filled with `bias[c]`, or 0.
  mlir::Value biasInit(llvm::ArrayRef<int64_t> shape, mlir::Value bias);
  /// Elementwise `act(x)`; `x` itself for `none`.
  mlir::Value activation(mlir::Value x, Activation act);

  /// `fn(x0, x1, ...)` elementwise over the shape of `inputs[0]`. An input of
  /// lower rank is broadcast numpy-style (aligned on the trailing dims, size-1
  /// dims broadcast).
  mlir::Value
  map(mlir::ValueRange inputs,
      llvm::function_ref<mlir::Value(mlir::OpBuilder &, mlir::Location,
                                     mlir::ValueRange)>
          fn,
      llvm::StringRef tag = "");
  mlir::Value add(mlir::Value x, mlir::Value y);
  /// `x * scale[c] (+ shift[c])` over the last axis.
  mlir::Value scaleShift(mlir::Value x, mlir::Value scale, mlir::Value shift);

  /// Full convolution, OHWI filter, optional bias; dispatches 1x1 stride-1
  /// unpadded convolutions to `pointwise`.
  mlir::Value conv2d(mlir::Value x, mlir::Value filter, mlir::Value bias,
                     llvm::ArrayRef<int64_t> strides,
                     llvm::ArrayRef<int64_t> pad, Activation act);
  /// 1x1 convolution as a matmul on panel-packed weights; `x` is
  /// `[..., Ci]`, `filter` is `[Co, 1, 1, Ci]` or `[Co, Ci]`.
  mlir::Value pointwise(mlir::Value x, mlir::Value filter, mlir::Value bias,
                        Activation act);
  /// The pieces of `pointwise`: the weight packed into panels (a constant,
  /// at compile time); `init[m, cb, j] += x2[m, k] * packed[cb, k, j]`
  /// (tagged `pointwise`); a `[Co]` bias as `[Co/nr, nr]`; `[..., C]` as
  /// `[M, C]`; `[M, Co/nr, nr]` back to `shape`.
  /// `nr` (a power of two dividing Co) overrides the panel width.
  PackedPointwise packPointwise(mlir::Value filter, int64_t nr = 0);
  /// The panel width of a constant 1x1 weight with `co` output channels.
  int64_t panelWidthFor(int64_t co) const;
  mlir::Value pointwiseProduct(mlir::Value x2, mlir::Value packed,
                               mlir::Value init);
  mlir::Value panelBias(mlir::Value bias, int64_t nr);
  mlir::Value collapsePixels(mlir::Value x);
  mlir::Value unpanel(mlir::Value y, llvm::ArrayRef<int64_t> shape);
  /// `init + conv_2d_nhwc_hwcf(xp, hwcf)` on an already padded input
  /// (`init`: the bias broadcast to `convOutShape`).
  mlir::Value conv2dHWCF(mlir::Value xp, mlir::Value hwcf, mlir::Value init,
                         llvm::ArrayRef<int64_t> strides);
  /// Depthwise convolution, HWC filter.
  mlir::Value depthwise(mlir::Value x, mlir::Value filter, mlir::Value bias,
                        llvm::ArrayRef<int64_t> strides,
                        llvm::ArrayRef<int64_t> pad, Activation act);
  /// `act(dw_kxk(x) + bias)` with symmetric padding (k-1)/2, as in blocks.
  mlir::Value blockDepthwise(mlir::Value x, mlir::Value filter,
                             mlir::Value bias, int64_t stride, Activation act);
  /// `[N, H, W, C] -> [N, 1, 1, C]` mean.
  mlir::Value globalAvgPool(mlir::Value x);
  /// Unpadded floor-mode average pool.
  mlir::Value avgPool(mlir::Value x, int64_t kernel, int64_t stride);
  /// timm's BlurPool2d (blurpc): fixed binomial 3x3, stride 2, pad 1.
  mlir::Value blurPool(mlir::Value x);
  /// Anti-aliased downsampling of a block (identity for `none`).
  mlir::Value antialias(mlir::Value x, Antialias aa);
  /// `[.., n, k] x [.., k, m]` with numpy-broadcast batch dims.
  mlir::Value batchMatmul(mlir::Value lhs, mlir::Value rhs,
                          llvm::ArrayRef<int64_t> resultShape);
  /// Softmax over the last axis.
  mlir::Value softmax(mlir::Value x);
  mlir::Value transpose(mlir::Value x, llvm::ArrayRef<int64_t> perm);
  mlir::Value reshape(mlir::Value x, llvm::ArrayRef<int64_t> shape);

private:
  mlir::OpBuilder &b;
  mlir::Location loc;
  const LoweringOptions &opts;
  bool allocHere = false;
};

/// The f32 values of a weight operand defined by `mnv4.const` (or
/// `arith.constant`), row-major; nullopt when it is not a constant.
std::optional<std::vector<float>> constantValues(mlir::Value weight);

/// An OHWI conv filter of `shape` as `[Co/tile][KH][KW][Ci][tile]`: HWCF
/// per tile of `tile` output channels (`tile` = Co: plain HWCF).
std::vector<float> packConvFilter(llvm::ArrayRef<float> ohwi,
                                  llvm::ArrayRef<int64_t> shape, int64_t tile);

/// The NHWC output shape of a `kh x kw` conv with `co` filters on the padded
/// input `xp`.
llvm::SmallVector<int64_t> convOutShape(mlir::Value xp, int64_t kh, int64_t kw,
                                        int64_t co,
                                        llvm::ArrayRef<int64_t> strides);

/// Shape of a ranked tensor value.
llvm::ArrayRef<int64_t> shapeOf(mlir::Value v);

/// The map reading an operand of `shape` broadcast (numpy-style) into a
/// loop nest over `outShape`.
mlir::AffineMap broadcastMap(mlir::MLIRContext *ctx,
                             llvm::ArrayRef<int64_t> shape,
                             llvm::ArrayRef<int64_t> outShape);

/// `acc + x * y` in the element types of a contraction (f32, or i8 x i8
/// into i32).
using MultiplyAdd = llvm::function_ref<mlir::Value(
    mlir::OpBuilder &, mlir::Location, mlir::Value x, mlir::Value y,
    mlir::Value acc)>;

/// The contractions shared by the fp32 and int8 lowerings:
/// `init[m, cb, j] += x2[m, k] * packed[cb, k, j]` (tagged `pointwise`) and
/// `init[.., n, m] += lhs[.., n, k] * rhs[.., k, m]` with numpy-broadcast
/// batch dims (tagged `matmul`).
mlir::Value buildPointwiseProduct(mlir::OpBuilder &b, mlir::Location loc,
                                  mlir::Value x2, mlir::Value packed,
                                  mlir::Value init, MultiplyAdd multiplyAdd);
mlir::Value buildBatchMatmul(mlir::OpBuilder &b, mlir::Location loc,
                             mlir::Value lhs, mlir::Value rhs, mlir::Value init,
                             MultiplyAdd multiplyAdd);

/// `init + conv(xp, hwcf)` (tagged `conv`) and `init + depthwise(xp, hwc)`
/// (tagged `depthwise`) on an already padded NHWC input, any element types.
mlir::Value buildConvHWCF(mlir::OpBuilder &b, mlir::Location loc,
                          mlir::Value xp, mlir::Value hwcf, mlir::Value init,
                          llvm::ArrayRef<int64_t> strides);
mlir::Value buildDepthwiseHWC(mlir::OpBuilder &b, mlir::Location loc,
                              mlir::Value xp, mlir::Value hwc, mlir::Value init,
                              llvm::ArrayRef<int64_t> strides);

/// A row-major `[Co][Ci]` 1x1 weight in output-channel panels
/// `[Co/nr][Ci][nr]`, for any element type.
template <typename T>
std::vector<T> packPanels(llvm::ArrayRef<T> w, int64_t co, int64_t ci,
                          int64_t nr) {
  std::vector<T> p(w.size());
  for (int64_t cb = 0; cb < co / nr; ++cb)
    for (int64_t k = 0; k < ci; ++k)
      for (int64_t j = 0; j < nr; ++j)
        p[(cb * ci + k) * nr + j] = w[(cb * nr + j) * ci + k];
  return p;
}

} // namespace mnv4::conversion

#endif // MNV4_CONVERSION_MNV4TOLINALG_LINALGBUILDERS_H
