//===- TileAndVectorize.cpp - register tiles, then vectors ----------------===//
//
// The C++ form of the transform schedules measured in
// ../shared/docs/cpu-codegen-notes.md (sections 3 and 4): tile the consumer,
// fuse only the kernel's own bias init and activation into the tile (fusing
// the previous layer would recompute it per panel), step the reduction by
// one, vectorize, hoist the accumulators, lower contractions to outer
// products.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/TileUsingInterface.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Tensor/Transforms/Transforms.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Dialect/Vector/Transforms/LoweringPatterns.h"
#include "mlir/Dialect/Vector/Transforms/VectorRewritePatterns.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "mlir/Transforms/LoopInvariantCodeMotionUtils.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_TILEANDVECTORIZE
#include "passes/Passes.h.inc"

namespace {

constexpr llvm::StringLiteral kKernelTag = "mnv4.kernel";
constexpr llvm::StringLiteral kSplitDim = "mnv4.split_dim";

StringRef kernelKind(Operation *op) {
  if (auto tag = op->getAttrOfType<StringAttr>(kKernelTag))
    return tag.getValue();
  return "";
}

/// The largest of `preferred`, then powers of two below it, that divides
/// `size`.
int64_t dividingTile(int64_t size, int64_t preferred) {
  if (preferred >= size)
    return size;
  if (size % preferred == 0)
    return preferred;
  for (int64_t t = llvm::PowerOf2Ceil(preferred) / 2; t > 1; t /= 2)
    if (t <= preferred && size % t == 0)
      return t;
  return 1;
}

/// The largest divisor of `size` that is at most `atMost`.
int64_t largestDivisor(int64_t size, int64_t atMost) {
  for (int64_t t = std::min(size, atMost); t > 1; --t)
    if (size % t == 0)
      return t;
  return 1;
}

/// Pixels per tile: the table's count, else 8, 6, 4, 2 or 1, whichever
/// divides first.
int64_t rowTile(int64_t size, int64_t preferred) {
  for (int64_t t : {preferred, int64_t(8), int64_t(6), int64_t(4), int64_t(2)})
    if (t <= size && size % t == 0)
      return t;
  return 1;
}

SmallVector<OpFoldResult> indexAttrs(OpBuilder &b, ArrayRef<int64_t> sizes) {
  SmallVector<OpFoldResult> r;
  for (int64_t s : sizes)
    r.push_back(b.getIndexAttr(s));
  return r;
}

/// The elementwise activation that is the only user of `kernel`, if any.
Operation *fusedActivation(Operation *kernel) {
  if (!kernel->hasOneUse())
    return nullptr;
  Operation *user = *kernel->getUsers().begin();
  if (kernelKind(user) != "activation")
    return nullptr;
  return user;
}

struct TileAndVectorizePass : impl::TileAndVectorizeBase<TileAndVectorizePass> {
  using TileAndVectorizeBase::TileAndVectorizeBase;

  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      if (failed(tileKernels(func)))
        return signalPassFailure();
      vectorizeAll(func);
      lowerVectors(func);
    }
  }

  /// Tiles `root` (fusing the producers in `fusable`) with `sizes`; then
  /// tiles the fused kernel's loop `reductionSizes` (if any).
  LogicalResult tileRoot(IRRewriter &rewriter, Operation *root,
                         Operation *kernel, ArrayRef<int64_t> sizes,
                         ArrayRef<int64_t> interchange,
                         ArrayRef<int64_t> kernelSizes,
                         std::optional<int64_t> splitDim = std::nullopt) {
    DenseSet<Operation *> fusable = {kernel};
    for (Value init : cast<linalg::LinalgOp>(kernel).getDpsInits())
      if (Operation *def = init.getDefiningOp())
        if (isa<linalg::LinalgOp>(def))
          fusable.insert(def);
    scf::SCFTilingOptions tiling;
    tiling.setTileSizes(indexAttrs(rewriter, sizes));
    tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
    if (!interchange.empty())
      tiling.setInterchange(interchange);
    scf::SCFTileAndFuseOptions options;
    options.setTilingOptions(tiling);
    options.setFusionControlFn(
        [&](tensor::ExtractSliceOp, OpResult producer, bool)
            -> std::optional<scf::SCFTileAndFuseOptions::ControlFnResult> {
          if (fusable.contains(producer.getOwner()))
            return scf::SCFTileAndFuseOptions::ControlFnResult{};
          return std::nullopt;
        });
    rewriter.setInsertionPoint(root);
    FailureOr<scf::SCFTileAndFuseResult> result =
        scf::tileConsumerAndFuseProducersUsingSCF(
            rewriter, cast<TilingInterface>(root), options);
    if (failed(result))
      return root->emitError("cannot tile this kernel");
    for (OpResult r : root->getResults())
      rewriter.replaceAllUsesWith(r, result->replacements.lookup(r));
    if (splitDim && !result->loops.empty())
      markSplitDim(result->loops.front(), sizes, interchange, *splitDim);
    Operation *tiledKernel = nullptr;
    for (Operation *op : result->tiledAndFusedOps)
      if (kernelKind(op) == kernelKind(kernel))
        tiledKernel = op;
    if (kernelSizes.empty() || !tiledKernel)
      return success();
    scf::SCFTilingOptions inner;
    inner.setTileSizes(indexAttrs(rewriter, kernelSizes));
    rewriter.setInsertionPoint(tiledKernel);
    FailureOr<scf::SCFTilingResult> tiled =
        scf::tileUsingSCF(rewriter, cast<TilingInterface>(tiledKernel), inner);
    if (failed(tiled))
      return tiledKernel->emitError("cannot tile the kernel's reduction");
    rewriter.replaceOp(tiledKernel, tiled->replacements);
    return success();
  }

  /// Tells mnv4-outline-parallel-loops to split `loop` among the threads
  /// along the tiled op's dimension `dim` only (docs/lowering.md).
  static void markSplitDim(LoopLikeOpInterface loop, ArrayRef<int64_t> sizes,
                           ArrayRef<int64_t> interchange, int64_t dim) {
    auto forall = dyn_cast<scf::ForallOp>(loop.getOperation());
    if (!forall)
      return;
    // The forall's dimensions: the tiled ones, in interchanged order.
    int64_t position = 0;
    for (size_t i = 0; i < sizes.size(); ++i) {
      int64_t d = interchange.empty() ? i : interchange[i];
      if (sizes[d] == 0)
        continue;
      if (d == dim) {
        forall->setAttr(
            kSplitDim,
            IntegerAttr::get(IndexType::get(forall.getContext()), position));
        return;
      }
      ++position;
    }
  }

  LogicalResult tilePointwise(IRRewriter &rewriter, linalg::GenericOp mm) {
    Operation *act = fusedActivation(mm);
    Operation *root = act ? act : mm.getOperation();
    SmallVector<int64_t> loops = mm.getStaticLoopRanges(); // m, cb, j, k
    int64_t mr = rowTile(loops[0], pwRows);
    // Fewer pixels than the tile's rows (a matrix-vector product: the head
    // and classifier) take several panels per tile instead, so that the
    // accumulators are independent chains: one panel made every FMA wait for
    // the previous one (classifier 1280->1000: 166 us, FMA latency bound).
    int64_t panels = mr < pwRows ? largestDivisor(loops[1], pwRows / mr) : 1;
    // Threads split the pixels, each running the panels in turn over its
    // own: consecutive kernels then keep their pixels on one core.
    return tileRoot(rewriter, root, mm, {mr, panels, 0}, {1, 0, 2},
                    {0, 0, 0, 1}, /*splitDim=*/0);
  }

  /// conv_2d_nhwc_hwcf and depthwise_conv_2d_nhwc_hwc: loops
  /// (n, oh, ow, c[, kh, kw, ci]).
  LogicalResult tileConvolution(IRRewriter &rewriter, linalg::LinalgOp conv,
                                bool depthwise) {
    Operation *act = fusedActivation(conv);
    Operation *root = act ? act : conv.getOperation();
    SmallVector<int64_t> loops = conv.getStaticLoopRanges();
    int64_t ow = rowTile(loops[2], dwPixels);
    int64_t ch = dividingTile(loops[3], dwChannels);
    SmallVector<int64_t> kernelSizes(loops.size(), 0);
    kernelSizes[4] = 1; // kh: the conv then decomposes to a 1-D one
    // A full conv also steps kw and the input channels by one: each step is
    // a broadcast per pixel times one filter vector, as in a 1x1 GEMM. Kept
    // whole, the unrolled contraction held the filter in registers and
    // spilled it (conv 3x3 s2 32->32 at 112x112: 0.88 -> 0.69 ms).
    if (!depthwise)
      kernelSizes[5] = kernelSizes[6] = 1;
    return tileRoot(rewriter, root, conv, {1, 1, ow, ch}, {0, 1, 3, 2},
                    kernelSizes);
  }

  /// Any other kernel: vectors along the innermost parallel dimension.
  LogicalResult tileGeneric(IRRewriter &rewriter, linalg::LinalgOp op) {
    SmallVector<int64_t> loops = op.getStaticLoopRanges();
    SmallVector<utils::IteratorType> iters = op.getIteratorTypesArray();
    SmallVector<int64_t> sizes(loops.size(), 1);
    // Softmax row reductions run along the contiguous last axis: one vector
    // reduction per row instead of strided gathers across rows.
    auto transpose = dyn_cast<linalg::TransposeOp>(op.getOperation());
    if (transpose) {
      // Vectors along the input's contiguous dimension and, if it differs,
      // the output's: one load per input row and one contiguous store per
      // tile, instead of a gather per output vector (the NCHW input read
      // per pixel as three scalars).
      ArrayRef<int64_t> perm = transpose.getPermutation();
      int64_t last = perm.size() - 1;
      int64_t inner = llvm::find(perm, last) - perm.begin();
      sizes[inner] = dividingTile(loops[inner], vectorWidth);
      sizes[last] = dividingTile(loops[last], vectorWidth);
    } else if (kernelKind(op) == "softmax" &&
               iters.back() == utils::IteratorType::reduction &&
               loops.back() <= 4096) {
      sizes.back() = loops.back();
    } else {
      for (int64_t i = loops.size() - 1; i >= 0; --i)
        if (iters[i] == utils::IteratorType::parallel) {
          sizes[i] = dividingTile(loops[i], vectorWidth);
          break;
        }
    }
    // Parallel dimensions tile as scf.forall (threads take whole tiles), the
    // reduction dimensions inside each tile as scf.for: a forall over a
    // reduction would have threads accumulate into the same element.
    SmallVector<int64_t> parallelSizes(sizes), reductionSizes(sizes.size(), 0);
    bool tileParallel = false, tileReduction = false;
    for (size_t i = 0; i < sizes.size(); ++i) {
      bool partial = sizes[i] < loops[i];
      if (iters[i] == utils::IteratorType::reduction) {
        parallelSizes[i] = 0;
        if (partial)
          reductionSizes[i] = sizes[i];
        tileReduction |= partial;
      } else {
        tileParallel |= partial;
      }
    }
    Operation *current = op.getOperation();
    if (tileParallel) {
      scf::SCFTilingOptions tiling;
      tiling.setTileSizes(indexAttrs(rewriter, parallelSizes));
      tiling.setLoopType(scf::SCFTilingOptions::LoopType::ForallOp);
      rewriter.setInsertionPoint(current);
      FailureOr<scf::SCFTilingResult> tiled =
          scf::tileUsingSCF(rewriter, cast<TilingInterface>(current), tiling);
      if (failed(tiled))
        return op->emitError("cannot tile this kernel");
      rewriter.replaceOp(current, tiled->replacements);
      current = tiled->tiledOps.front();
    }
    if (tileReduction) {
      scf::SCFTilingOptions tiling;
      tiling.setTileSizes(indexAttrs(rewriter, reductionSizes));
      rewriter.setInsertionPoint(current);
      FailureOr<scf::SCFTilingResult> tiled =
          scf::tileUsingSCF(rewriter, cast<TilingInterface>(current), tiling);
      if (failed(tiled))
        return op->emitError("cannot tile this kernel's reduction");
      rewriter.replaceOp(current, tiled->replacements);
    }
    return success();
  }

  LogicalResult tileKernels(func::FuncOp func) {
    IRRewriter rewriter(func.getContext());
    // Kernels first (they take their bias and activation along), then what
    // is left.
    SmallVector<linalg::LinalgOp> kernels, others;
    DenseSet<Operation *> fused;
    func.walk([&](linalg::LinalgOp op) {
      StringRef kind = kernelKind(op);
      if (kind != "pointwise" && kind != "depthwise" && kind != "conv")
        return;
      kernels.push_back(op);
      if (Operation *act = fusedActivation(op))
        fused.insert(act);
      for (Value init : op.getDpsInits())
        if (Operation *def = init.getDefiningOp())
          fused.insert(def);
    });
    // Everything else, wherever it is (block bands included), is tiled for
    // vectors of its innermost parallel dimension.
    func.walk([&](linalg::LinalgOp op) {
      if (op.hasPureTensorSemantics() && !fused.contains(op) &&
          !llvm::is_contained(kernels, op))
        others.push_back(op);
    });
    for (linalg::LinalgOp op : kernels) {
      StringRef kind = kernelKind(op);
      LogicalResult ok =
          kind == "pointwise"
              ? tilePointwise(rewriter, cast<linalg::GenericOp>(op))
              : tileConvolution(rewriter, op, kind == "depthwise");
      if (failed(ok))
        return failure();
    }
    for (linalg::LinalgOp op : others)
      if (failed(tileGeneric(rewriter, op)))
        return failure();
    // Fused bias inits and dead producers go away.
    RewritePatternSet patterns(func.getContext());
    linalg::populateLinalgTilingCanonicalizationPatterns(patterns);
    scf::ForOp::getCanonicalizationPatterns(patterns, func.getContext());
    (void)applyPatternsGreedily(func, std::move(patterns));
    return success();
  }

  void vectorizeAll(func::FuncOp func) {
    IRRewriter rewriter(func.getContext());
    RewritePatternSet decompose(func.getContext());
    linalg::populateDecomposeConvolutionPatterns(decompose);
    (void)applyPatternsGreedily(func, std::move(decompose));

    SmallVector<linalg::LinalgOp> ops;
    func.walk([&](linalg::LinalgOp op) { ops.push_back(op); });
    for (linalg::LinalgOp op : ops) {
      if (failed(linalg::vectorizeOpPrecondition(op)))
        continue;
      rewriter.setInsertionPoint(op);
      FailureOr<linalg::VectorizationResult> result =
          linalg::vectorize(rewriter, op);
      if (failed(result))
        continue;
      if (op->getNumResults())
        rewriter.replaceOp(op, result->replacements);
      else
        rewriter.eraseOp(op);
    }
    MLIRContext *ctx = func.getContext();
    RewritePatternSet patterns(ctx);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorReductionToContractPatterns(patterns);
    vector::populateSinkVectorOpsPatterns(patterns);
    vector::TransferReadOp::getCanonicalizationPatterns(patterns, ctx);
    vector::TransferWriteOp::getCanonicalizationPatterns(patterns, ctx);
    // A reduction tiled to one element per step (pools) is an add, not a
    // reduction per lane.
    vector::MultiDimReductionOp::getCanonicalizationPatterns(patterns, ctx);
    tensor::populateFoldTensorSubsetIntoVectorTransferPatterns(patterns);
    linalg::populateLinalgTilingCanonicalizationPatterns(patterns);
    (void)applyPatternsGreedily(func, std::move(patterns));

    // Accumulators live in registers across the reduction loops.
    SmallVector<LoopLikeOpInterface> loops;
    func.walk([&](LoopLikeOpInterface loop) { loops.push_back(loop); });
    for (LoopLikeOpInterface loop : loops)
      (void)hoistLoopInvariantSubsets(rewriter, loop);
  }

  void lowerVectors(func::FuncOp func) {
    MLIRContext *ctx = func.getContext();
    RewritePatternSet patterns(ctx);
    vector::populateVectorContractLoweringPatterns(
        patterns, vector::VectorContractLowering::OuterProduct);
    vector::populateVectorOuterProductLoweringPatterns(patterns);
    vector::populateVectorTransferPermutationMapLoweringPatterns(patterns);
    vector::populateVectorTransferLoweringPatterns(patterns,
                                                   /*maxTransferRank=*/1);
    vector::populateCastAwayVectorLeadingOneDimPatterns(patterns);
    vector::populateVectorMultiReductionLoweringPatterns(
        patterns, vector::VectorMultiReductionLowering::InnerReduction);
    GreedyRewriteConfig config;
    // Some combinations of these sets never converge (notes §6.5).
    config.setMaxIterations(8);
    (void)applyPatternsGreedily(func, std::move(patterns), config);
  }
};

} // namespace
} // namespace mnv4
