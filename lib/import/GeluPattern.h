//===- GeluPattern.h - exact GELU in timm's ONNX exports --------*- C++ -*-===//
//
// torch exports exact GELU as Div(x, sqrt 2) -> Erf -> Add(1) -> Mul(x) ->
// Mul(0.5). The dialect has no erf or division op, so the five nodes are
// matched here, on the ONNX graph, and become one mnv4.activation<gelu>.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_IMPORT_GELUPATTERN_H
#define MNV4_LIB_IMPORT_GELUPATTERN_H

#include "OnnxModel.h"

#include "llvm/ADT/STLFunctionalExtras.h"

namespace mnv4::onnx_import {

/// Node indices that read each value.
using ConsumerMap = llvm::StringMap<llvm::SmallVector<size_t, 2>>;

struct GeluMatch {
  std::string input;               ///< x
  std::string output;              ///< the final Mul's output
  llvm::SmallVector<size_t> nodes; ///< the five nodes, Div first
};

/// Matches the chain starting at the Div node `divIndex`. `constant` returns
/// the host value of a constant name, or null.
std::optional<GeluMatch>
matchGelu(const onnx::GraphProto &graph, size_t divIndex,
          const ConsumerMap &consumers,
          llvm::function_ref<const HostTensor *(llvm::StringRef)> constant);

} // namespace mnv4::onnx_import

#endif // MNV4_LIB_IMPORT_GELUPATTERN_H
