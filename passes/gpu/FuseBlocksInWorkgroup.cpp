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
// Two more forms join the launch: an ExtraDW or ConvNeXt block's start
// depthwise conv (into S, read by the expansion), computed for the tile's
// window into workgroup memory before the slices; and a FusedIB block, whose
// expansion is a full kxk conv. The zero-padded copy of the block's input
// that either reads is not made: its loads read the input, zero outside it.
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

/// A zero-padded copy of `source` (a zero fill, then a copy into the
/// interior): [n, h + 2 pad, w + 2 pad, c] around [n, h, w, c].
struct Padding {
  Value padded, source;
  Operation *fill = nullptr, *copy = nullptr;
  int64_t n = 1, h = 1, w = 1, c = 1, pad = 0;
};

/// The expanded, padded and filtered buffers of a chain, read from
/// workgroup memory: `index(b, root, coords)` is the workgroup-memory index
/// of the element of `root` at `coords` (in its shape; the last one is the
/// channel).
struct Redirect {
  DenseMap<Value, Value> shared; // buffer root -> workgroup memref
  /// Padded buffer root -> the padding; its loads read the source.
  DenseMap<Value, Padding> padded;
  std::function<Value(OpBuilder &, Value root, ArrayRef<Value> coords)> index;
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
  auto type = cast<MemRefType>(memref.getType());
  auto pad = redirect.padded.find(root);
  if (pad != redirect.padded.end()) {
    const Padding &p = pad->second;
    SmallVector<int64_t> shape = {p.n, p.h + 2 * p.pad, p.w + 2 * p.pad, p.c};
    SmallVector<Value> at(indices.begin(), indices.end());
    if (type.getShape() != ArrayRef<int64_t>(shape)) // a view of the buffer
      at = delinearize(b, loc, linearize(b, loc, indices, type.getShape()),
                       shape);
    Value padSize = cIdx(b, loc, p.pad);
    at[1] = arith::SubIOp::create(b, loc, at[1], padSize);
    at[2] = arith::SubIOp::create(b, loc, at[2], padSize);
    // Unsigned compares: a row above the image wraps to a huge index.
    Value inside = arith::AndIOp::create(
        b, loc,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, at[1],
                              cIdx(b, loc, p.h)),
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, at[2],
                              cIdx(b, loc, p.w)));
    Type element = type.getElementType();
    auto sel = scf::IfOp::create(b, loc, TypeRange{element}, inside,
                                 /*withElseRegion=*/true);
    OpBuilder tb = OpBuilder::atBlockBegin(sel.thenBlock());
    scf::YieldOp::create(
        tb, loc, memref::LoadOp::create(tb, loc, p.source, at).getResult());
    OpBuilder eb = OpBuilder::atBlockBegin(sel.elseBlock());
    scf::YieldOp::create(
        eb, loc,
        arith::ConstantOp::create(eb, loc, eb.getZeroAttr(element))
            .getResult());
    return sel.getResult(0);
  }
  auto it = redirect.shared.find(root);
  if (it == redirect.shared.end())
    return memref::LoadOp::create(b, loc, memref, indices);
  // The element's coordinates in the root. Through a view that keeps the
  // channels innermost (a [pixels, C] collapse), the pixel's are computed
  // apart from the channel, so that a loop over channels (a 1x1 conv's
  // reduction) leaves them loop-invariant, without divisions in it.
  ArrayRef<int64_t> shape = type.getShape();
  ArrayRef<int64_t> rootShape = cast<MemRefType>(root.getType()).getShape();
  SmallVector<Value> coords(indices.begin(), indices.end());
  if (shape == rootShape) {
  } else if (shape.back() == rootShape.back()) {
    Value pixel = linearize(b, loc, indices.drop_back(), shape.drop_back());
    coords = delinearize(b, loc, pixel, rootShape.drop_back());
    coords.push_back(indices.back());
  } else {
    coords = delinearize(b, loc, linearize(b, loc, indices, shape), rootShape);
  }
  return memref::LoadOp::create(b, loc, it->second,
                                ValueRange{redirect.index(b, root, coords)});
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
  Stage start, expand, mid, project;
  /// The block input's zero padding the start depthwise conv or the FusedIB
  /// expansion reads (not made: read through `Redirect::padded`).
  Padding input;
  int64_t inChannels = 0;                    // S's channels (start only)
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
    SmallVector<Value> internals = {c.start.buffer, c.input.padded,
                                    c.expand.buffer, c.padded, c.mid.buffer};
    for (Value internal : internals)
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
      for (Value internal : internals)
        if (internal && internal == out)
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

  /// A zero fill of a buffer and a copy into its interior at `ops[i]`
  /// (advances `i` past them).
  static bool matchPadding(ArrayRef<Operation *> ops, size_t &i, Padding &p) {
    if (i + 1 >= ops.size() || !isZeroFill(ops[i], p.padded))
      return false;
    auto copy = dyn_cast<memref::CopyOp>(ops[i + 1]);
    if (!copy)
      return false;
    auto sub = copy.getTarget().getDefiningOp<memref::SubViewOp>();
    auto src = cast<MemRefType>(copy.getSource().getType());
    auto pt = dyn_cast<MemRefType>(p.padded.getType());
    if (!sub || bufferOf(sub.getSource()) != p.padded || src.getRank() != 4 ||
        !src.hasStaticShape() || !pt || pt.getRank() != 4 ||
        !sub.hasUnitStride())
      return false;
    ArrayRef<int64_t> off = sub.getStaticOffsets();
    if (off.size() != 4 || off[0] != 0 || off[3] != 0 || off[1] != off[2] ||
        ShapedType::isDynamic(off[1]))
      return false;
    p.pad = off[1];
    p.n = src.getDimSize(0);
    p.h = src.getDimSize(1);
    p.w = src.getDimSize(2);
    p.c = src.getDimSize(3);
    if (pt.getShape() !=
        ArrayRef<int64_t>{p.n, p.h + 2 * p.pad, p.w + 2 * p.pad, p.c})
      return false;
    p.source = copy.getSource();
    p.fill = ops[i];
    p.copy = copy;
    i += 2;
    return true;
  }

  /// Kernel size and stride of a square, undilated conv reading `input`.
  template <typename ConvOp>
  static bool matchConv(linalg::LinalgOp op, Value input, int64_t &kernel,
                        int64_t &stride) {
    auto conv = dyn_cast<ConvOp>(op.getOperation());
    if (!conv || bufferOf(conv.getInputs()[0]) != input ||
        !llvm::all_of(conv.getDilations(),
                      [](const APInt &d) { return d == 1; }))
      return false;
    auto strides =
        llvm::to_vector(conv.getStrides().template getValues<int64_t>());
    auto filter = cast<MemRefType>(conv.getInputs()[1].getType());
    if (strides[0] != strides[1] ||
        filter.getDimSize(0) != filter.getDimSize(1))
      return false;
    stride = strides[0];
    kernel = filter.getDimSize(0);
    return true;
  }

  /// The block chain starting at `ops[i]`, if there is one.
  static std::optional<Chain> match(ArrayRef<Operation *> ops, size_t i) {
    Chain c;
    size_t start = i;
    int64_t kernel, stride;
    // The block's input zero-padded for its first kernel: the start
    // depthwise conv (ExtraDW, ConvNeXt) or a full conv (FusedIB).
    if (matchPadding(ops, i, c.input)) {
      if (matchStage(ops, i, "depthwise", c.start)) {
        if (!matchConv<linalg::DepthwiseConv2DNhwcHwcOp>(
                c.start.ops[1], c.input.padded, kernel, stride))
          return std::nullopt;
        auto s = cast<MemRefType>(c.start.buffer.getType());
        if (s.getRank() != 4)
          return std::nullopt;
        c.inChannels = s.getDimSize(3);
        if (!matchStage(ops, i, "pointwise", c.expand) ||
            bufferOf(c.expand.ops[1].getDpsInputOperand(0)->get()) !=
                c.start.buffer)
          return std::nullopt;
      } else if (!matchStage(ops, i, "conv", c.expand) ||
                 !matchConv<linalg::Conv2DNhwcHwcfOp>(
                     c.expand.ops[1], c.input.padded, kernel, stride)) {
        return std::nullopt;
      }
    } else if (!matchStage(ops, i, "pointwise", c.expand)) {
      return std::nullopt;
    }
    // The depthwise conv: P = pad(E) (a zero fill and a copy), D = dw(P)
    // (not after a FusedIB's full conv).
    Padding mid;
    if (matchPadding(ops, i, mid)) {
      if (bufferOf(mid.source) != c.expand.buffer ||
          tagOf(c.expand.ops[1]) != "pointwise")
        return std::nullopt;
      c.pad = mid.pad;
      c.n = mid.n;
      c.h = mid.h;
      c.w = mid.w;
      c.channels = mid.c;
      c.padded = mid.padded;
      if (!matchStage(ops, i, "depthwise", c.mid) ||
          !matchConv<linalg::DepthwiseConv2DNhwcHwcOp>(c.mid.ops[1], c.padded,
                                                       c.kernel, c.stride))
        return std::nullopt;
      auto out =
          cast<MemRefType>(c.mid.ops[1].getDpsInitOperand(0)->get().getType());
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

  /// Loop iterations one element of `stage` runs: each op's reduction
  /// loops, every level counted (lavapipe counts each iteration of each).
  static int64_t stageIterations(Stage &stage) {
    int64_t total = 1;
    for (linalg::LinalgOp op : stage.ops) {
      SmallVector<int64_t> ranges = op.getStaticLoopRanges();
      int64_t product = 1;
      for (size_t d = op.getNumParallelLoops(); d < ranges.size(); ++d) {
        product *= ranges[d];
        total += product;
      }
    }
    return total;
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
  bool start = static_cast<bool>(c.start.buffer);
  if (start) {
    // S has E's pixels: the expansion is a 1x1 conv.
    auto st = cast<MemRefType>(c.start.buffer.getType());
    if (mid ? st.getShape() != ArrayRef<int64_t>{c.n, c.h, c.w, c.inChannels}
            : st.getNumElements() != c.pixels * c.inChannels)
      return failure();
  }
  int64_t th = 1, tw = 1, tp = 1, er = 1, ec = 1, slice = 0;
  auto rounds = [&](int64_t n) {
    return (n + workgroupSize - 1) / workgroupSize;
  };
  // Loop iterations one invocation runs (an upper bound: the reduction
  // loops not unrolled): the start depthwise conv once, then per slice the
  // expansion, the middle depthwise conv and the projection's share.
  auto iterations = [&](int64_t eTile, int64_t pixels, int64_t s,
                        bool withStart) {
    int64_t perSlice = 1 + rounds(eTile * s) * stageIterations(c.expand) +
                       rounds(pixels * c.outChannels) * (1 + s);
    if (mid)
      perSlice += rounds(pixels * s) * stageIterations(c.mid);
    int64_t once =
        withStart ? 1 + rounds(eTile * c.inChannels) * stageIterations(c.start)
                  : 0;
    return once + c.channels / s * perSlice;
  };
  auto fits = [&](int64_t eTile, int64_t pixels, bool withStart) {
    slice = sliceOf(c.channels, eTile + (mid ? pixels : 0),
                    pixels * c.outChannels +
                        (withStart ? eTile * c.inChannels : 0));
    return slice &&
           (maxLoopIterations == 0 ||
            iterations(eTile, pixels, slice, withStart) <= maxLoopIterations);
  };
  // The largest tile that fits: its output pixels, 0 if none does.
  auto chooseTile = [&](bool withStart) -> int64_t {
    if (mid) {
      for (int64_t t = kMaxTile; t >= 1; t /= 2) {
        th = std::min(c.ho, t);
        tw = std::min(c.wo, t);
        er = (th - 1) * c.stride + c.kernel;
        ec = (tw - 1) * c.stride + c.kernel;
        if (fits(er * ec, th * tw, withStart))
          return th * tw;
      }
      return 0;
    }
    for (int64_t t = kMaxTile * kMaxTile; t >= 1; t /= 2) {
      tp = std::min(c.pixels, t);
      if (fits(tp, tp, withStart))
        return tp;
    }
    return 0;
  };
  // The start depthwise conv joins only if the tile stays as large as
  // without it: a smaller tile repeats more of the expansion for its halo
  // (a 2x2 tile of a 3x3 block expands 4x4 pixels per 4 outputs, 4x the
  // work, where 8x8 expands 1.56x), which costs more than the three
  // dispatches saved (lavapipe: conv_small's blocks.3.1 at 224 took 3.8x
  // as long at 1x1 tiles as at 4x4).
  if (start && chooseTile(true) < chooseTile(false))
    return failure();
  bool found = chooseTile(start) != 0;
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
  Value sharedS =
      start ? memref::AllocOp::create(b, loc, sharedType(eTile * c.inChannels))
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
  // shared[i] = inside ? value : 0
  auto storeIfInside = [&](OpBuilder &ob, Value inside,
                           function_ref<Value(OpBuilder &)> value, Value shared,
                           Value i) {
    auto sel = scf::IfOp::create(ob, loc, TypeRange{f32}, inside,
                                 /*withElseRegion=*/true);
    OpBuilder tb = OpBuilder::atBlockBegin(sel.thenBlock());
    scf::YieldOp::create(tb, loc, value(tb));
    OpBuilder eb = OpBuilder::atBlockBegin(sel.elseBlock());
    scf::YieldOp::create(eb, loc, zero);
    memref::StoreOp::create(ob, loc, sel.getResult(0), shared, ValueRange{i});
  };
  Redirect none;
  Redirect r;
  // The block's first kernel reads its input, not a padded copy.
  Redirect in;
  if (c.input.padded)
    in.padded[c.input.padded] = c.input;
  // Padded-image row/column of the tile window's first element.
  Value ph0 = mid ? mul(b, oh0, c.stride) : Value();
  Value pw0 = mid ? mul(b, ow0, c.stride) : Value();
  Value c0; // the slice's first channel, set inside the slice loop
  r.index = [&](OpBuilder &ob, Value root, ArrayRef<Value> p) -> Value {
    auto sub = [&](Value a, Value v) -> Value {
      return arith::SubIOp::create(ob, loc, a, v);
    };
    // Without a depthwise conv: the element's pixel in the tile and its
    // channel (E may be stored in 1x1 weight-panel layout, [pixels, C/nr,
    // nr]: the channel is then its last two coordinates).
    auto pixelAndChannel = [&](int64_t channels) -> std::pair<Value, Value> {
      ArrayRef<int64_t> shape = cast<MemRefType>(root.getType()).getShape();
      size_t k = shape.size();
      for (int64_t inner = 1; k > 0 && inner < channels;)
        inner *= shape[--k];
      return {
          sub(linearize(ob, loc, p.take_front(k), shape.take_front(k)), pix0),
          linearize(ob, loc, p.drop_front(k), shape.drop_front(k))};
    };
    if (start && root == c.start.buffer) {
      // S at the E window's pixels (mid: rows and columns of the padded E
      // window; else the tile's pixels), all channels.
      if (!mid) {
        auto [pixel, channel] = pixelAndChannel(c.inChannels);
        return add(ob, mul(ob, pixel, c.inChannels), channel);
      }
      Value pad = cIdx(ob, loc, c.pad);
      Value row = sub(add(ob, p[1], pad), ph0);
      Value col = sub(add(ob, p[2], pad), pw0);
      return add(ob, mul(ob, add(ob, mul(ob, row, ec), col), c.inChannels),
                 p[3]);
    }
    if (mid && root == c.padded) {
      Value row = sub(p[1], ph0), col = sub(p[2], pw0);
      return add(ob, mul(ob, add(ob, mul(ob, row, ec), col), slice),
                 sub(p[3], c0));
    }
    if (mid) { // D
      Value row = sub(p[1], oh0), col = sub(p[2], ow0);
      return add(ob, mul(ob, add(ob, mul(ob, row, tw), col), slice),
                 sub(p[3], c0));
    }
    auto [pixel, channel] = pixelAndChannel(c.channels);
    return add(ob, mul(ob, pixel, slice), sub(channel, c0));
  };

  // 0. The start depthwise conv at the E window's pixels, all channels,
  //    into workgroup memory (where the window leaves the image E is zero:
  //    S is not read there).
  if (start) {
    forEachInvocation(eTile * c.inChannels, [&](OpBuilder &ob, Value i) {
      SmallVector<Value> t = delinearize(ob, loc, i, {eTile, c.inChannels});
      Value inside, linear;
      if (mid) {
        SmallVector<Value> rc = delinearize(ob, loc, t[0], {er, ec});
        Value pad = cIdx(ob, loc, c.pad);
        Value hS = arith::SubIOp::create(ob, loc, add(ob, ph0, rc[0]), pad);
        Value wS = arith::SubIOp::create(ob, loc, add(ob, pw0, rc[1]), pad);
        inside = andI(ob, lt(ob, hS, c.h), lt(ob, wS, c.w));
        linear = linearize(ob, loc, ValueRange{n, hS, wS, t[1]},
                           {c.n, c.h, c.w, c.inChannels});
      } else {
        Value pix = add(ob, pix0, t[0]);
        inside = lt(ob, pix, c.pixels);
        linear =
            linearize(ob, loc, ValueRange{pix, t[1]}, {c.pixels, c.inChannels});
      }
      storeIfInside(
          ob, inside,
          [&](OpBuilder &tb) {
            return runStage(tb, c.start, linear, zero, in);
          },
          sharedS, i);
    });
    gpu::BarrierOp::create(b, loc);
    in.shared[c.start.buffer] = sharedS;
    in.index = r.index;
  }

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
    storeIfInside(
        ob, inside,
        [&](OpBuilder &tb) { return runStage(tb, c.expand, linear, zero, in); },
        sharedE, i);
  });
  // The tag on an op no canonicalization folds (a one-slice loop is).
  std::string tag = tagOf(c.expand.ops[1]) == "conv" ? "conv+project"
                    : mid ? "expand+depthwise+project"
                          : "expand+project";
  gpu::BarrierOp::create(b, loc)->setAttr(
      "mnv4.kernel", b.getStringAttr(start ? "depthwise+" + tag : tag));
  if (mid) {
    // 2. The depthwise conv of the slice, from and into workgroup memory.
    r.shared[c.padded] = sharedE;
    forEachInvocation(th * tw * slice, [&](OpBuilder &ob, Value i) {
      SmallVector<Value> t = delinearize(ob, loc, i, {th, tw, slice});
      Value oh = add(ob, oh0, t[0]), ow = add(ob, ow0, t[1]);
      Value inside = andI(ob, lt(ob, oh, c.ho), lt(ob, ow, c.wo));
      storeIfInside(
          ob, inside,
          [&](OpBuilder &tb) {
            Value linear =
                linearize(tb, loc, ValueRange{n, oh, ow, add(tb, c0, t[2])},
                          {c.n, c.ho, c.wo, c.channels});
            return runStage(tb, c.mid, linear, zero, r);
          },
          sharedD, i);
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
