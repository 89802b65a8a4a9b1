//===- ChannelEqualization.h - equal channel ranges before int8 -*- C++ -*-===//
//
// Cross-layer equalization of activation ranges (Nagel et al. 2019,
// "Data-Free Quantization", §4.1, applied to activations): where a conv or
// depthwise conv with no activation or relu feeds only another conv or
// depthwise conv (directly or through a global average pool), its output
// channel c can be divided by s_c > 0 and the consumer's input channel c
// multiplied by s_c without changing what the fp32 model computes (relu and
// the mean commute with a positive scale). TFLite quantizes activations per
// tensor, so the step of a tensor is set by its widest channel; with s_c =
// r_c / max r (r_c: channel c's largest magnitude on the calibration
// inputs) every channel spans the whole int8 range, and the rounding noise
// the consumer sees falls from max r^2 sum_c |W_c|^2 to sum_c r_c^2 |W_c|^2.
// Weights stay per channel on the producer side, where the scaling does not
// change their rounding.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_QUANT_CHANNELEQUALIZATION_H
#define MNV4_QUANT_CHANNELEQUALIZATION_H

#include "mnv4/Interp/Tensor.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/Error.h"

namespace mnv4::quant {

/// Rescales every such producer/consumer pair of the decomposed fp32 `func`
/// in place from the channel ranges it computes on `samples`; returns the
/// number of pairs. Fails with the interpreter's message.
llvm::Expected<size_t> equalizeChannels(mlir::func::FuncOp func,
                                        llvm::ArrayRef<interp::Tensor> samples);

} // namespace mnv4::quant

#endif // MNV4_QUANT_CHANNELEQUALIZATION_H
