//===- CompareTensors.h - mnv4-run --compare's error figures ----*- C++ -*-===//

#ifndef MNV4_TOOLS_MNV4_RUN_COMPARETENSORS_H
#define MNV4_TOOLS_MNV4_RUN_COMPARETENSORS_H

#include "mnv4/Interp/Tensor.h"

namespace mnv4::run {

/// max |out - ref| and that over max |ref|; NaN when either holds a NaN.
struct TensorErrors {
  double maxAbs = 0.0, maxRel = 0.0;
};

/// The errors of `out` against `ref`, two tensors of the same shape.
TensorErrors compareTensors(const interp::Tensor &out,
                            const interp::Tensor &ref);

} // namespace mnv4::run

#endif // MNV4_TOOLS_MNV4_RUN_COMPARETENSORS_H
