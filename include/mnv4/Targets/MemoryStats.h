//===- MemoryStats.h - arena and scratch figures of a compile ---*- C++ -*-===//
//
// What --stats-json adds when the model is compiled (mnv4-compile --emit=obj|
// asm|llvm|linalg, mnv4-run --engine=compiled): the arena the entry point
// needs and, per block, the bytes of its own tile buffers beside the size of
// the expanded tensor that fusion keeps out of memory. Contract:
// docs/stats.md section 4.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_TARGETS_MEMORYSTATS_H
#define MNV4_TARGETS_MEMORYSTATS_H

#include "mnv4/Targets/Compiler.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/Support/JSON.h"

#include <optional>
#include <vector>

namespace mnv4::targets {

/// Per block of computeStats(func), in order: the bytes of the float32
/// expanded tensor of a uib or fused_ib (the expand conv's output), nullopt
/// for other blocks. Call before compiling (it reads mnv4 ops).
std::vector<std::optional<int64_t>>
expandedTensorBytes(mlir::func::FuncOp func);

/// Adds "arena_bytes" to --stats-json's object and, to every block,
/// "scratch_bytes" (0 without a tile loop); to each uib/fused_ib also
/// "expanded_bytes" and "fused". `model` must come from a compile to
/// machine code (not EmitKind::Linalg).
void addMemoryStats(llvm::json::Object &stats,
                    llvm::ArrayRef<std::optional<int64_t>> expandedBytes,
                    const CompiledModel &model);

} // namespace mnv4::targets

#endif // MNV4_TARGETS_MEMORYSTATS_H
