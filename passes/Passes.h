//===- Passes.h - mnv4 passes -----------------------------------*- C++ -*-===//

#ifndef MNV4_PASSES_PASSES_H
#define MNV4_PASSES_PASSES_H

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mnv4 {

#define GEN_PASS_DECL
#include "passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "passes/Passes.h.inc"

} // namespace mnv4

#endif // MNV4_PASSES_PASSES_H
