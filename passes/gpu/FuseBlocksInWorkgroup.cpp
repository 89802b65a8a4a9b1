//===- FuseBlocksInWorkgroup.cpp - an inverted bottleneck in one launch ---===//
//
// A UIB lowers (unfused, as the Vulkan target lowers it) to an expansion
// (bias, 1x1 conv, activation into the expanded buffer E), optionally a
// depthwise conv (zero-padded copy P of E, bias, depthwise, activation into
// D) and a projection (bias, 1x1 conv into Y). This pass replaces that chain
// by one gpu.launch: a workgroup per output tile, the expanded channels in
// slices that fit workgroup memory; per slice the workgroup expands the
// tile and its halo into workgroup memory, filters it there, and accumulates
// the projection into Y. E, P and D never exist in global memory.
//
// Each element is computed by the chain's own linalg ops (their bodies and
// indexing maps are evaluated point by point), so any activation or layout
// the lowering chose is kept; only where E, P and D are read changes.
//
//===----------------------------------------------------------------------===//

#include "FuseParallelNests.h"
#include "passes/Passes.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVAttributes.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVEnums.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"

#include <functional>

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_FUSEBLOCKSINWORKGROUP
#include "passes/Passes.h.inc"

namespace {

constexpr int64_t kMaxGroups = 65535; // Vulkan's guaranteed minimum
constexpr int64_t kMaxTile = 8;       // output rows and columns per workgroup

StringRef tagOf(Operation *op) {
  if (auto tag = op->getAttrOfType<StringAttr>("mnv4.kernel"))
    return tag.getValue();
  return "";
}

Value bufferOf(Value v) { return kernelfusion::viewedBuffer(v); }

/// A linalg op this pass can evaluate one output element at a time: one
/// output, written at its first loop dimensions (all parallel), the other
/// dimensions reductions, static sizes, identity-layout memrefs.
bool isPointwiseEvaluable(linalg::LinalgOp op) {
  if (!op || !op.hasPureBufferSemantics() || op.getNumDpsInits() != 1)
    return false;
  auto out = dyn_cast<MemRefType>(op.getDpsInitOperand(0)->get().getType());
  if (!out || !out.hasStaticShape() || !out.getLayout().isIdentity())
    return false;
  int64_t rank = out.getRank();
  AffineMap outMap = op.getMatchingIndexingMap(op.getDpsInitOperand(0));
  if (outMap !=
      AffineMap::getMultiDimIdentityMap(op.getNumLoops(), op.getContext())
          .getMajorSubMap(rank))
    return false;
  for (auto [i, type] : llvm::enumerate(op.getIteratorTypesArray()))
    if ((type == utils::IteratorType::parallel) != (int64_t(i) < rank))
      return false;
  for (int64_t r : op.getStaticLoopRanges())
    if (ShapedType::isDynamic(r))
      return false;
  for (OpOperand *in : op.getDpsInputOperands()) {
    auto type = dyn_cast<MemRefType>(in->get().getType());
    if (type && (!type.hasStaticShape() || !type.getLayout().isIdentity()))
      return false;
  }
  return true;
}

/// The expanded, padded and filtered buffers of a chain, read from
/// workgroup memory: `index(b, root, linear)` is the workgroup-memory index
/// of element `linear` of `root`.
struct Redirect {
  DenseMap<Value, Value> shared; // buffer root -> workgroup memref
  std::function<Value(OpBuilder &, Value root, Value linear)> index;
  DenseMap<Value, Value> known; // buffer root -> the element just computed
};

Value cIdx(OpBuilder &b, Location loc, int64_t v) {
  return arith::ConstantIndexOp::create(b, loc, v);
}

/// Row-major linear index of `indices` in a static shape.
Value linearize(OpBuilder &b, Location loc, ValueRange indices,
                ArrayRef<int64_t> shape) {
  Value linear = cIdx(b, loc, 0);
  for (auto [index, size] : llvm::zip(indices, shape))
    linear = arith::AddIOp::create(
        b, loc, arith::MulIOp::create(b, loc, linear, cIdx(b, loc, size)),
        index);
  return linear;
}

/// Indices of element `linear` of a row-major static shape.
SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value linear,
                               ArrayRef<int64_t> shape) {
  SmallVector<Value> indices(shape.size());
  for (int64_t d = shape.size() - 1; d >= 0; --d) {
    Value size = cIdx(b, loc, shape[d]);
    indices[d] = d == 0
                     ? linear
                     : arith::RemUIOp::create(b, loc, linear, size).getResult();
    if (d > 0)
      linear = arith::DivUIOp::create(b, loc, linear, size);
  }
  return indices;
}

Value loadElement(OpBuilder &b, Location loc, Value memref, ValueRange indices,
                  const Redirect &redirect) {
  Value root = bufferOf(memref);
  if (Value value = redirect.known.lookup(root))
    return value;
  auto it = redirect.shared.find(root);
  if (it == redirect.shared.end())
    return memref::LoadOp::create(b, loc, memref, indices);
  auto type = cast<MemRefType>(memref.getType());
  Value linear = linearize(b, loc, indices, type.getShape());
  return memref::LoadOp::create(b, loc, it->second,
                                ValueRange{redirect.index(b, root, linear)});
}

/// The value `op` leaves in the output element at `outIndices` when the
/// element held `acc` before it ran: its reductions (reduction dimension
/// `restrictDim` only over [restrictLo, restrictHi)) with its body inlined.
Value evaluate(OpBuilder &b, Location loc, linalg::LinalgOp op,
               ValueRange outIndices, Value acc, const Redirect &redirect,
               int64_t restrictDim = -1, Value restrictLo = {},
               Value restrictHi = {}) {
  SmallVector<int64_t> ranges = op.getStaticLoopRanges();
  Value outBuffer = bufferOf(op.getDpsInitOperand(0)->get());
  std::function<Value(OpBuilder &, SmallVector<Value> &, Value)> body =
      [&](OpBuilder &nb, SmallVector<Value> &ivs, Value current) -> Value {
    int64_t dim = ivs.size();
    if (dim < int64_t(ranges.size())) {
      Value lo = cIdx(nb, loc, 0), hi = cIdx(nb, loc, ranges[dim]);
      if (dim == restrictDim) {
        lo = restrictLo;
        hi = restrictHi;
      }
      auto loop = scf::ForOp::create(nb, loc, lo, hi, cIdx(nb, loc, 1),
                                     ValueRange{current});
      OpBuilder ib = OpBuilder::atBlockBegin(loop.getBody());
      ivs.push_back(loop.getInductionVar());
      Value next = body(ib, ivs, loop.getRegionIterArgs()[0]);
      ivs.pop_back();
      scf::YieldOp::create(ib, loc, next);
      return loop.getResult(0);
    }
    IRMapping map;
    Block *block = op.getBlock();
    for (OpOperand *in : op.getDpsInputOperands()) {
      Value arg = block->getArgument(in->getOperandNumber());
      if (!isa<MemRefType>(in->get().getType())) {
        map.map(arg, in->get());
        continue;
      }
      if (bufferOf(in->get()) == outBuffer) {
        map.map(arg, current);
        continue;
      }
      AffineMap indexing = op.getMatchingIndexingMap(in);
      SmallVector<Value> indices;
      for (unsigned r = 0; r < indexing.getNumResults(); ++r)
        indices.push_back(affine::AffineApplyOp::create(
            nb, loc, indexing.getSubMap({r}), ivs));
      map.map(arg, loadElement(nb, loc, in->get(), indices, redirect));
    }
    map.map(block->getArgument(op.getNumDpsInputs()), current);
    for (Operation &inner : block->without_terminator())
      nb.clone(inner, map);
    return map.lookupOrDefault(block->getTerminator()->getOperand(0));
  };
  SmallVector<Value> ivs(outIndices.begin(), outIndices.end());
  return body(b, ivs, acc);
}

/// Output indices of `op` for element `linear` of its output buffer.
SmallVector<Value> outputIndices(OpBuilder &b, Location loc,
                                 linalg::LinalgOp op, Value linear) {
  auto type = cast<MemRefType>(op.getDpsInitOperand(0)->get().getType());
  return delinearize(b, loc, linear, type.getShape());
}

/// A stage: bias init, the main kernel, an optional activation, all writing
/// one buffer.
struct Stage {
  SmallVector<linalg::LinalgOp> ops;
  Value buffer;
};

/// The chain of one block, as matched.
struct Chain {
  Stage expand, mid, project;
  SmallVector<Operation *> ops;              // every op the launch replaces
  Value padded;                              // P (mid only)
  int64_t n = 1, h = 1, w = 1, channels = 0; // E (mid: [n, h, w, C])
  int64_t pad = 0, kernel = 1, stride = 1, ho = 1, wo = 1;
  int64_t pixels = 0; // no mid: E is [pixels, C]
  int64_t outChannels = 0;
  /// Elementwise ops of the block on the projection (layer scale, residual
  /// add), run on each output element after the last slice.
  SmallVector<linalg::LinalgOp> epilogue;
};

struct FuseBlocksInWorkgroupPass
    : public impl::FuseBlocksInWorkgroupBase<FuseBlocksInWorkgroupPass> {
  using FuseBlocksInWorkgroupBase::FuseBlocksInWorkgroupBase;

  /// Matches bias, `main` and an optional activation at `ops[i]`.
  static bool matchStage(ArrayRef<Operation *> ops, size_t &i, StringRef main,
                         Stage &stage) {
    if (i + 1 >= ops.size() || tagOf(ops[i]) != "bias" ||
        tagOf(ops[i + 1]) != main)
      return false;
    auto bias = dyn_cast<linalg::LinalgOp>(ops[i]);
    auto kernel = dyn_cast<linalg::LinalgOp>(ops[i + 1]);
    if (!isPointwiseEvaluable(bias) || !isPointwiseEvaluable(kernel))
      return false;
    stage.buffer = bufferOf(bias.getDpsInitOperand(0)->get());
    if (bufferOf(kernel.getDpsInitOperand(0)->get()) != stage.buffer)
      return false;
    stage.ops = {bias, kernel};
    i += 2;
    if (i < ops.size() && tagOf(ops[i]) == "activation") {
      auto act = dyn_cast<linalg::LinalgOp>(ops[i]);
      if (isPointwiseEvaluable(act) &&
          bufferOf(act.getDpsInitOperand(0)->get()) == stage.buffer) {
        stage.ops.push_back(act);
        ++i;
      }
    }
    return true;
  }

  /// The launch reads what the chain reads while it writes the output: the
  /// output must not share a buffer with any of it. (E, P and D may be
  /// reused by other blocks' tensors: bufferization gives a buffer to
  /// several tensors whose lifetimes do not overlap.)
  static bool outputIsSeparate(Chain &c) {
    for (Value internal : {c.expand.buffer, c.padded, c.mid.buffer})
      if (internal && !internal.getDefiningOp<memref::AllocOp>())
        return false;
    // Each output (the projection's, each epilogue op's) is written only by
    // its ops and read only by the epilogue ops after them (from the value
    // just computed, not from memory).
    SmallVector<SmallVector<Operation *>> writers = {
        {c.project.ops[0], c.project.ops[1]}};
    for (linalg::LinalgOp op : c.epilogue)
      writers.push_back({op});
    for (auto [k, own] : llvm::enumerate(writers)) {
      auto writer = cast<linalg::LinalgOp>(own.back());
      Value out = bufferOf(writer.getDpsInitOperand(0)->get());
      for (Value internal : {c.expand.buffer, c.padded, c.mid.buffer})
        if (internal == out)
          return false;
      for (Operation *op : c.ops) {
        if (llvm::is_contained(own, op))
          continue;
        // Epilogue op j is writer j + 1: a later one reads this output.
        auto *later = llvm::find(c.epilogue, dyn_cast<linalg::LinalgOp>(op));
        bool reader = later != c.epilogue.end() &&
                      size_t(later - c.epilogue.begin()) + 1 > k;
        for (OpOperand &operand : op->getOpOperands()) {
          if (!isa<MemRefType>(operand.get().getType()) ||
              bufferOf(operand.get()) != out)
            continue;
          if (!reader || !later->isDpsInput(&operand))
            return false;
        }
      }
    }
    return true;
  }

  static bool isZeroFill(Operation *op, Value &buffer) {
    auto map = dyn_cast<linalg::MapOp>(op);
    if (!map || map.getInputs().size() != 0)
      return false;
    auto yield = cast<linalg::YieldOp>(map.getMapper().front().getTerminator());
    if (!matchPattern(yield.getOperand(0), m_AnyZeroFloat()))
      return false;
    buffer = bufferOf(map.getInit());
    return true;
  }

  /// The block chain starting at `ops[i]`, if there is one.
  static std::optional<Chain> match(ArrayRef<Operation *> ops, size_t i) {
    Chain c;
    size_t start = i;
    if (!matchStage(ops, i, "pointwise", c.expand))
      return std::nullopt;
    // The depthwise conv: P = pad(E) (a zero fill and a copy), D = dw(P).
    Value padded;
    if (i + 1 < ops.size() && isZeroFill(ops[i], padded)) {
      auto copy = dyn_cast<memref::CopyOp>(ops[i + 1]);
      if (!copy || bufferOf(copy.getSource()) != c.expand.buffer)
        return std::nullopt;
      auto sub = copy.getTarget().getDefiningOp<memref::SubViewOp>();
      auto src = cast<MemRefType>(copy.getSource().getType());
      auto pt = dyn_cast<MemRefType>(padded.getType());
      if (!sub || bufferOf(sub.getSource()) != padded || src.getRank() != 4 ||
          !pt || pt.getRank() != 4 || !sub.hasUnitStride())
        return std::nullopt;
      ArrayRef<int64_t> off = sub.getStaticOffsets();
      if (off.size() != 4 || off[0] != 0 || off[3] != 0 || off[1] != off[2] ||
          ShapedType::isDynamic(off[1]))
        return std::nullopt;
      c.pad = off[1];
      c.n = src.getDimSize(0);
      c.h = src.getDimSize(1);
      c.w = src.getDimSize(2);
      c.channels = src.getDimSize(3);
      if (pt.getShape() !=
          ArrayRef<int64_t>{c.n, c.h + 2 * c.pad, c.w + 2 * c.pad, c.channels})
        return std::nullopt;
      c.padded = padded;
      i += 2;
      if (!matchStage(ops, i, "depthwise", c.mid))
        return std::nullopt;
      auto dw = dyn_cast<linalg::DepthwiseConv2DNhwcHwcOp>(
          c.mid.ops[1].getOperation());
      if (!dw || bufferOf(dw.getInputs()[0]) != padded ||
          !llvm::all_of(dw.getDilations(),
                        [](const APInt &d) { return d == 1; }))
        return std::nullopt;
      auto strides = llvm::to_vector(dw.getStrides().getValues<int64_t>());
      auto filter = cast<MemRefType>(dw.getInputs()[1].getType());
      auto out = cast<MemRefType>(dw.getOutputs()[0].getType());
      if (strides[0] != strides[1] ||
          filter.getDimSize(0) != filter.getDimSize(1))
        return std::nullopt;
      c.stride = strides[0];
      c.kernel = filter.getDimSize(0);
      c.ho = out.getDimSize(1);
      c.wo = out.getDimSize(2);
    }
    // A projection has no activation: it accumulates over the slices.
    if (!matchStage(ops, i, "pointwise", c.project) ||
        c.project.ops.size() != 2)
      return std::nullopt;
    Value source = c.mid.buffer ? c.mid.buffer : c.expand.buffer;
    auto projectOp = c.project.ops[1];
    if (bufferOf(projectOp.getDpsInputOperand(0)->get()) != source)
      return std::nullopt;
    Value result = bufferOf(projectOp.getDpsInitOperand(0)->get());
    int64_t resultElems =
        cast<MemRefType>(projectOp.getDpsInitOperand(0)->get().getType())
            .getNumElements();
    while (i < ops.size() && ops[i]->getLoc() == ops[start]->getLoc() &&
           (tagOf(ops[i]) == "add" || tagOf(ops[i]) == "scale")) {
      auto op = dyn_cast<linalg::LinalgOp>(ops[i]);
      if (!isPointwiseEvaluable(op) || op.getNumReductionLoops() != 0 ||
          cast<MemRefType>(op.getDpsInitOperand(0)->get().getType())
                  .getNumElements() != resultElems ||
          !llvm::any_of(op.getDpsInputOperands(), [&](OpOperand *in) {
            return bufferOf(in->get()) == result;
          }))
        break;
      Value out = bufferOf(op.getDpsInitOperand(0)->get());
      if (llvm::any_of(op.getDpsInputOperands(), [&](OpOperand *in) {
            return bufferOf(in->get()) == out;
          }))
        break;
      c.epilogue.push_back(op);
      result = out;
      ++i;
    }
    c.ops.assign(ops.begin() + start, ops.begin() + i);
    // One block's ops (its location), not a layer and the next one.
    if (llvm::any_of(c.ops, [&](Operation *op) {
          return op->getLoc() != ops[start]->getLoc();
        }))
      return std::nullopt;
    // An epilogue op writing a buffer the launch reads (an in-place residual
    // add, or one into the buffer of the expansion's input) stays a
    // dispatch of its own.
    while (!outputIsSeparate(c) && !c.epilogue.empty()) {
      c.epilogue.pop_back();
      c.ops.pop_back();
    }
    if (!outputIsSeparate(c))
      return std::nullopt;
    int64_t expandedElems =
        cast<MemRefType>(c.expand.buffer.getType()).getNumElements();
    int64_t outElems =
        cast<MemRefType>(c.project.ops[1].getDpsInitOperand(0)->get().getType())
            .getNumElements();
    if (!c.mid.buffer) {
      // E is [pixels, C]: its channels are the projection's reduction.
      c.channels = projectOp.getStaticLoopRanges().back();
      c.pixels = expandedElems / c.channels;
      c.outChannels = outElems / c.pixels;
    } else {
      c.outChannels = outElems / (c.n * c.ho * c.wo);
    }
    if (projectOp.getStaticLoopRanges().back() != c.channels ||
        projectOp.getNumLoops() - projectOp.getNumParallelLoops() != 1)
      return std::nullopt;
    return c;
  }

  /// Largest divisor of `channels` whose slice of `perChannel` floats fits.
  int64_t sliceOf(int64_t channels, int64_t perChannel, int64_t fixed) const {
    int64_t floats = sharedMemoryBytes / 4 - fixed;
    for (int64_t s = channels; s >= 1; --s)
      if (channels % s == 0 && s * perChannel <= floats)
        return s;
    return 0;
  }

  /// The launch replacing `c`, or failure when no tile fits workgroup
  /// memory (the chain then stays as it is).
  LogicalResult fuse(IRRewriter &rewriter, Chain &c);

  void runOnOperation() override {
    if (workgroupSize <= 0 || sharedMemoryBytes < 0) {
      getOperation().emitError("workgroup-size must be positive and "
                               "shared-memory-bytes not negative");
      return signalPassFailure();
    }
    if (sharedMemoryBytes == 0)
      return;
    IRRewriter rewriter(&getContext());
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isExternal())
        continue;
      SmallVector<Operation *> ops;
      for (Operation &op : func.getBody().front())
        if (!kernelfusion::isBufferBookkeeping(&op) &&
            !isa<memref::AllocOp>(op))
          ops.push_back(&op);
      for (size_t i = 0; i < ops.size(); ++i) {
        std::optional<Chain> chain = match(ops, i);
        if (!chain || failed(fuse(rewriter, *chain)))
          continue;
        i += chain->ops.size() - 1;
      }
      // The expanded, padded and filtered buffers are now unused.
      bool erased = true;
      while (erased) {
        erased = false;
        for (Operation &op : llvm::make_early_inc_range(func.getBody().front()))
          if (isa<memref::AllocOp, memref::SubViewOp, memref::ExpandShapeOp,
                  memref::CollapseShapeOp, memref::CastOp>(op) &&
              op.use_empty()) {
            rewriter.eraseOp(&op);
            erased = true;
          }
      }
    }
  }
};

LogicalResult FuseBlocksInWorkgroupPass::fuse(IRRewriter &rewriter, Chain &c) {
  bool mid = static_cast<bool>(c.mid.buffer);
  // The tile: output rows x columns (mid) or pixels, and its input window;
  // the largest whose slice fits workgroup memory and whose loops stay
  // under the iteration budget.
  int64_t th = 1, tw = 1, tp = 1, er = 1, ec = 1, slice = 0;
  int64_t inChannels = c.expand.ops[1].getStaticLoopRanges().back();
  auto rounds = [&](int64_t n) {
    return (n + workgroupSize - 1) / workgroupSize;
  };
  // Loop iterations one invocation runs (an upper bound: the reduction
  // loops not unrolled).
  auto iterations = [&](int64_t eTile, int64_t pixels, int64_t s) {
    int64_t perSlice = 1 + rounds(eTile * s) * (1 + inChannels) +
                       rounds(pixels * c.outChannels) * (1 + s);
    if (mid)
      perSlice += rounds(pixels * s) * (1 + c.kernel + c.kernel * c.kernel);
    return c.channels / s * perSlice;
  };
  auto fits = [&](int64_t eTile, int64_t pixels) {
    slice =
        sliceOf(c.channels, eTile + (mid ? pixels : 0), pixels * c.outChannels);
    return slice && (maxLoopIterations == 0 ||
                     iterations(eTile, pixels, slice) <= maxLoopIterations);
  };
  bool found = false;
  if (mid) {
    for (int64_t t = kMaxTile; t >= 1 && !found; t /= 2) {
      th = std::min(c.ho, t);
      tw = std::min(c.wo, t);
      er = (th - 1) * c.stride + c.kernel;
      ec = (tw - 1) * c.stride + c.kernel;
      found = fits(er * ec, th * tw);
    }
  } else {
    for (int64_t t = kMaxTile * kMaxTile; t >= 1 && !found; t /= 2) {
      tp = std::min(c.pixels, t);
      found = fits(tp, tp);
    }
  }
  if (!found)
    return failure();
  int64_t tilesH = (c.ho + th - 1) / th, tilesW = (c.wo + tw - 1) / tw;
  int64_t groups = mid ? c.n * tilesH * tilesW : (c.pixels + tp - 1) / tp;
  if (groups > kMaxGroups)
    return failure();

  Operation *first = c.ops.front();
  Location loc = c.project.ops[1]->getLoc();
  MLIRContext *ctx = first->getContext();
  rewriter.setInsertionPoint(c.ops.back());
  // Workgroup memory as upstream's SPIR-V conversion takes it: an alloc in
  // the Workgroup storage class becomes a module-scope variable.
  auto workgroup =
      spirv::StorageClassAttr::get(ctx, spirv::StorageClass::Workgroup);
  Type f32 = rewriter.getF32Type();
  auto sharedType = [&](int64_t n) {
    return MemRefType::get({n}, f32, MemRefLayoutAttrInterface{}, workgroup);
  };
  int64_t eTile = mid ? er * ec : tp;
  OpBuilder &b = rewriter;
  auto idx = [&](int64_t v) { return cIdx(b, loc, v); };
  Value one = idx(1);
  auto launch = gpu::LaunchOp::create(b, loc, idx(groups), one, one,
                                      idx(workgroupSize), one, one);
  Block &body = launch.getBody().front();
  b.setInsertionPointToStart(&body);
  Value sharedE = memref::AllocOp::create(b, loc, sharedType(eTile * slice));
  int64_t pixelsPerTile = mid ? th * tw : tp;
  Value sharedY = memref::AllocOp::create(
      b, loc, sharedType(pixelsPerTile * c.outChannels));
  Value sharedD =
      mid ? memref::AllocOp::create(b, loc, sharedType(th * tw * slice))
                .getResult()
          : Value();
  Value tid = launch.getThreadIds().x;
  Value group = launch.getBlockIds().x;
  Value wg = idx(workgroupSize);

  // The tile's origin: image n, output row/column (mid), or first pixel.
  Value n, oh0, ow0, pix0;
  if (mid) {
    SmallVector<Value> t = delinearize(b, loc, group, {c.n, tilesH, tilesW});
    n = t[0];
    oh0 = arith::MulIOp::create(b, loc, t[1], idx(th));
    ow0 = arith::MulIOp::create(b, loc, t[2], idx(tw));
  } else {
    pix0 = arith::MulIOp::create(b, loc, group, idx(tp));
  }

  // for (i = tid; i < count; i += workgroup size) { fn(i) }
  auto forEachInvocation = [&](int64_t count,
                               function_ref<void(OpBuilder &, Value)> fn) {
    // Every invocation runs the same trip count (uniform control flow
    // around the workgroup's barriers); the last round is guarded.
    int64_t rounds = (count + workgroupSize - 1) / workgroupSize;
    auto loop = scf::ForOp::create(b, loc, idx(0), idx(rounds), idx(1));
    OpBuilder ib = OpBuilder::atBlockBegin(loop.getBody());
    ib.setInsertionPoint(loop.getBody()->getTerminator());
    Value i = arith::AddIOp::create(
        ib, loc, arith::MulIOp::create(ib, loc, loop.getInductionVar(), wg),
        tid);
    if (count % workgroupSize == 0) {
      fn(ib, i);
      return;
    }
    auto guard = scf::IfOp::create(
        ib, loc,
        arith::CmpIOp::create(ib, loc, arith::CmpIPredicate::ult, i,
                              cIdx(ib, loc, count)),
        /*withElseRegion=*/false);
    OpBuilder gb = OpBuilder::atBlockBegin(guard.thenBlock());
    gb.setInsertionPoint(guard.thenBlock()->getTerminator());
    fn(gb, i);
  };
  auto ifThen = [&](OpBuilder &ob, Value cond,
                    function_ref<void(OpBuilder &)> fn) {
    auto guard = scf::IfOp::create(ob, loc, cond, /*withElseRegion=*/false);
    OpBuilder tb = OpBuilder::atBlockBegin(guard.thenBlock());
    tb.setInsertionPoint(guard.thenBlock()->getTerminator());
    fn(tb);
  };
  auto lt = [&](OpBuilder &ob, Value a, int64_t v) -> Value {
    return arith::CmpIOp::create(ob, loc, arith::CmpIPredicate::ult, a,
                                 cIdx(ob, loc, v));
  };
  auto andI = [&](OpBuilder &ob, Value a, Value v) -> Value {
    return arith::AndIOp::create(ob, loc, a, v);
  };
  auto add = [&](OpBuilder &ob, Value a, Value v) -> Value {
    return arith::AddIOp::create(ob, loc, a, v);
  };
  auto mul = [&](OpBuilder &ob, Value a, int64_t v) -> Value {
    return arith::MulIOp::create(ob, loc, a, cIdx(ob, loc, v));
  };
  // Runs the ops of `stage` on the element at `linear` of its buffer.
  auto runStage = [&](OpBuilder &ob, Stage &stage, Value linear, Value acc,
                      const Redirect &r, size_t from = 0, int64_t dim = -1,
                      Value lo = {}, Value hi = {}) {
    for (size_t k = from; k < stage.ops.size(); ++k) {
      linalg::LinalgOp op = stage.ops[k];
      SmallVector<Value> at = outputIndices(ob, loc, op, linear);
      acc = evaluate(ob, loc, op, at, acc, r, k == 1 ? dim : -1, lo, hi);
    }
    return acc;
  };

  Value zero = arith::ConstantOp::create(b, loc, b.getF32FloatAttr(0));
  Redirect none;
  Redirect r;
  // Padded-image row/column of the tile window's first element.
  Value ph0 = mid ? mul(b, oh0, c.stride) : Value();
  Value pw0 = mid ? mul(b, ow0, c.stride) : Value();
  Value c0; // the slice's first channel, set inside the slice loop
  r.index = [&](OpBuilder &ob, Value root, Value linear) -> Value {
    if (mid && root == c.padded) {
      SmallVector<Value> p = delinearize(
          ob, loc, linear, {c.n, c.h + 2 * c.pad, c.w + 2 * c.pad, c.channels});
      Value row = arith::SubIOp::create(ob, loc, p[1], ph0);
      Value col = arith::SubIOp::create(ob, loc, p[2], pw0);
      return add(ob, mul(ob, add(ob, mul(ob, row, ec), col), slice),
                 arith::SubIOp::create(ob, loc, p[3], c0));
    }
    if (mid) { // D
      SmallVector<Value> p =
          delinearize(ob, loc, linear, {c.n, c.ho, c.wo, c.channels});
      Value row = arith::SubIOp::create(ob, loc, p[1], oh0);
      Value col = arith::SubIOp::create(ob, loc, p[2], ow0);
      return add(ob, mul(ob, add(ob, mul(ob, row, tw), col), slice),
                 arith::SubIOp::create(ob, loc, p[3], c0));
    }
    SmallVector<Value> p = delinearize(ob, loc, linear, {c.pixels, c.channels});
    return add(ob, mul(ob, arith::SubIOp::create(ob, loc, p[0], pix0), slice),
               arith::SubIOp::create(ob, loc, p[1], c0));
  };

  int64_t slices = c.channels / slice;
  auto sliceLoop = scf::ForOp::create(b, loc, idx(0), idx(slices), one);
  OpBuilder::InsertionGuard guard(b);
  b.setInsertionPoint(sliceLoop.getBody()->getTerminator());
  Value s = sliceLoop.getInductionVar();
  c0 = mul(b, s, slice);

  // 1. The expanded tile (with its halo) into workgroup memory; zero where
  //    the window leaves the image (the depthwise conv's padding).
  forEachInvocation(eTile * slice, [&](OpBuilder &ob, Value i) {
    SmallVector<Value> t = delinearize(ob, loc, i, {eTile, slice});
    Value ch = add(ob, c0, t[1]);
    Value inside, linear;
    if (mid) {
      SmallVector<Value> rc = delinearize(ob, loc, t[0], {er, ec});
      Value a = add(ob, ph0, rc[0]), bb = add(ob, pw0, rc[1]);
      Value pad = cIdx(ob, loc, c.pad);
      Value hIn = arith::SubIOp::create(ob, loc, a, pad);
      Value wIn = arith::SubIOp::create(ob, loc, bb, pad);
      // Unsigned compares: a row above the image wraps to a huge index.
      inside = andI(ob, lt(ob, hIn, c.h), lt(ob, wIn, c.w));
      linear = linearize(ob, loc, ValueRange{n, hIn, wIn, ch},
                         {c.n, c.h, c.w, c.channels});
    } else {
      Value pix = add(ob, pix0, t[0]);
      inside = lt(ob, pix, c.pixels);
      linear = linearize(ob, loc, ValueRange{pix, ch}, {c.pixels, c.channels});
    }
    auto sel = scf::IfOp::create(ob, loc, TypeRange{f32}, inside,
                                 /*withElseRegion=*/true);
    OpBuilder tb = OpBuilder::atBlockBegin(sel.thenBlock());
    Value v = runStage(tb, c.expand, linear, zero, none);
    scf::YieldOp::create(tb, loc, v);
    OpBuilder eb = OpBuilder::atBlockBegin(sel.elseBlock());
    scf::YieldOp::create(eb, loc, zero);
    memref::StoreOp::create(ob, loc, sel.getResult(0), sharedE, ValueRange{i});
  });
  // The tag on an op no canonicalization folds (a one-slice loop is).
  gpu::BarrierOp::create(b, loc)->setAttr(
      "mnv4.kernel",
      b.getStringAttr(mid ? "expand+depthwise+project" : "expand+project"));
  if (mid) {
    // 2. The depthwise conv of the slice, from and into workgroup memory.
    r.shared[c.padded] = sharedE;
    forEachInvocation(th * tw * slice, [&](OpBuilder &ob, Value i) {
      SmallVector<Value> t = delinearize(ob, loc, i, {th, tw, slice});
      Value oh = add(ob, oh0, t[0]), ow = add(ob, ow0, t[1]);
      Value inside = andI(ob, lt(ob, oh, c.ho), lt(ob, ow, c.wo));
      auto sel = scf::IfOp::create(ob, loc, TypeRange{f32}, inside,
                                   /*withElseRegion=*/true);
      OpBuilder tb = OpBuilder::atBlockBegin(sel.thenBlock());
      Value linear =
          linearize(tb, loc, ValueRange{n, oh, ow, add(tb, c0, t[2])},
                    {c.n, c.ho, c.wo, c.channels});
      scf::YieldOp::create(tb, loc, runStage(tb, c.mid, linear, zero, r));
      OpBuilder eb = OpBuilder::atBlockBegin(sel.elseBlock());
      scf::YieldOp::create(eb, loc, zero);
      memref::StoreOp::create(ob, loc, sel.getResult(0), sharedD,
                              ValueRange{i});
    });
    gpu::BarrierOp::create(b, loc);
    r.shared.erase(c.padded);
    r.shared[c.mid.buffer] = sharedD;
  } else {
    r.shared[c.expand.buffer] = sharedE;
  }
  // 3. The projection, accumulated over the slices in the output buffer
  //    (each invocation owns the same output elements in every slice).
  Value out = c.project.ops[1].getDpsInitOperand(0)->get();
  forEachInvocation(pixelsPerTile * c.outChannels, [&](OpBuilder &ob, Value i) {
    SmallVector<Value> t =
        delinearize(ob, loc, i, {pixelsPerTile, c.outChannels});
    Value inside, pixel;
    if (mid) {
      SmallVector<Value> rc = delinearize(ob, loc, t[0], {th, tw});
      Value oh = add(ob, oh0, rc[0]), ow = add(ob, ow0, rc[1]);
      inside = andI(ob, lt(ob, oh, c.ho), lt(ob, ow, c.wo));
      pixel = linearize(ob, loc, ValueRange{n, oh, ow}, {c.n, c.ho, c.wo});
    } else {
      pixel = add(ob, pix0, t[0]);
      inside = lt(ob, pixel, c.pixels);
    }
    ifThen(ob, inside, [&](OpBuilder &tb) {
      Value linear = add(tb, mul(tb, pixel, c.outChannels), t[1]);
      SmallVector<Value> at = outputIndices(tb, loc, c.project.ops[0], linear);
      Value firstSlice = arith::CmpIOp::create(
          tb, loc, arith::CmpIPredicate::eq, s, cIdx(tb, loc, 0));
      // The bias in the first slice, the partial sum after it.
      auto init = scf::IfOp::create(tb, loc, TypeRange{f32}, firstSlice,
                                    /*withElseRegion=*/true);
      OpBuilder fb = OpBuilder::atBlockBegin(init.thenBlock());
      scf::YieldOp::create(fb, loc,
                           evaluate(fb, loc, c.project.ops[0], at, zero, none));
      OpBuilder lb = OpBuilder::atBlockBegin(init.elseBlock());
      Value partial = memref::LoadOp::create(lb, loc, sharedY, ValueRange{i});
      scf::YieldOp::create(lb, loc, partial);
      Value hi = add(tb, c0, cIdx(tb, loc, slice));
      Value v = runStage(tb, c.project, linear, init.getResult(0), r, 1,
                         c.project.ops[1].getNumLoops() - 1, c0, hi);
      memref::StoreOp::create(tb, loc, v, sharedY, ValueRange{i});
      // After the last slice: the output, then the layer scale and the
      // residual add, each reading the element just computed.
      Value lastSlice = arith::CmpIOp::create(tb, loc, arith::CmpIPredicate::eq,
                                              s, cIdx(tb, loc, slices - 1));
      ifThen(tb, lastSlice, [&](OpBuilder &eb) {
        SmallVector<Value> outAt =
            outputIndices(eb, loc, c.project.ops[1], linear);
        memref::StoreOp::create(eb, loc, v, out, outAt);
        Redirect chained;
        Value value = v;
        Value root = bufferOf(out);
        for (linalg::LinalgOp op : c.epilogue) {
          chained.known[root] = value;
          SmallVector<Value> at = outputIndices(eb, loc, op, linear);
          value = evaluate(eb, loc, op, at, zero, chained);
          Value target = op.getDpsInitOperand(0)->get();
          memref::StoreOp::create(eb, loc, value, target, at);
          root = bufferOf(target);
        }
      });
    });
  });
  // Without a depthwise conv the projection reads E: every invocation is
  // done with it before the next slice overwrites it. (With one, the next
  // slice's first barrier orders this projection before D is overwritten.)
  if (!mid)
    gpu::BarrierOp::create(b, loc);
  b.setInsertionPointAfter(sliceLoop);
  gpu::TerminatorOp::create(b, loc);

  for (Operation *op : llvm::reverse(c.ops))
    rewriter.eraseOp(op);
  kernelfusion::sinkConstants(rewriter, launch);
  return success();
}

} // namespace
} // namespace mnv4
