//===- FuseParallelNests.h - one kernel from elementwise-chained loops -*- C++
//-*-===//
//
// Helpers of mnv4-map-kernels-to-gpu (passes/gpu/MapKernelsToGPU.cpp) and
// mnv4-fuse-blocks-in-workgroup (passes/gpu/FuseBlocksInWorkgroup.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_PASSES_GPU_FUSEPARALLELNESTS_H
#define MNV4_PASSES_GPU_FUSEPARALLELNESTS_H

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/Block.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/DenseMap.h"

#include <string>

namespace mnv4::kernelfusion {

/// Ops that may stay on the host: they only name bytes of a buffer.
bool isBufferBookkeeping(mlir::Operation *op);

/// The buffer `v` is a view of (through subviews, reshapes, casts and the
/// arena's views), or `v` itself.
mlir::Value viewedBuffer(mlir::Value v);

/// Clones the constants a launch uses into it, so that only buffers become
/// kernel arguments (descriptor bindings).
void sinkConstants(mlir::RewriterBase &rewriter, mlir::gpu::LaunchOp launchOp);

/// Merges each top-level scf.parallel of `block` into the next one when both
/// have the same iteration space, only buffer views lie between them, and
/// every pair of their accesses that may touch the same bytes (at least one a
/// store) is to the same buffer at exactly the loop's point: then one
/// invocation can run both bodies in turn for its point (bias init ->
/// convolution -> activation). `tags` (the kernels' roles, by nest) are
/// joined with '+'. Returns the number of nests merged away.
unsigned
fuseParallelNests(mlir::Block &block,
                  llvm::DenseMap<mlir::Operation *, std::string> &tags);

} // namespace mnv4::kernelfusion

#endif // MNV4_PASSES_GPU_FUSEPARALLELNESTS_H
