//===- OutlineParallelLoops.cpp - tile loops onto the thread pool ---------===//
//
// The runtime's pool (runtime/ThreadPool.h) takes a C function and a context
// pointer, so each parallel tile loop becomes a function of its own whose
// context is a small array of 64-bit slots. Only what cannot be recomputed
// travels through it: the entry's buffers and loop-carried scalars. Views,
// constants and globals are rebuilt inside, so the body keeps the static
// offsets and shapes the vector code was generated for.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_OUTLINEPARALLELLOOPS
#include "passes/Passes.h.inc"

namespace {

constexpr llvm::StringLiteral kParallelFor = "mnv4_parallel_for";
constexpr llvm::StringLiteral kSplitDim = "mnv4.split_dim";

/// How a value used inside a forall but defined outside reaches the body.
enum class Capture { Pointer, Scalar, Recompute };

/// What the body of one forall needs from outside, in a deterministic order:
/// `slots` travel through the context array, `recomputed` ops are cloned
/// (operands first).
struct Captures {
  SmallVector<Value> slots;
  DenseMap<Value, Capture> kind;
  SetVector<Operation *> recomputed;
};

bool isScalar(Type t) {
  return t.isIndex() || (t.isIntOrFloat() && t.getIntOrFloatBitWidth() <= 64);
}

bool isEntryBuffer(Value v, func::FuncOp entry) {
  auto arg = dyn_cast<BlockArgument>(v);
  auto type = dyn_cast<MemRefType>(v.getType());
  return arg && arg.getOwner() == &entry.getBody().front() && type &&
         type.hasStaticShape() && type.getLayout().isIdentity();
}

/// Classifies `v` (and, for recomputed ops, their operands). Fails for
/// anything the body cannot get: a buffer that is not an entry argument, an
/// op with effects.
LogicalResult capture(Value v, func::FuncOp entry, Captures &c) {
  if (c.kind.count(v))
    return success();
  Operation *def = v.getDefiningOp();
  bool pure = def && def->getNumRegions() == 0 && isMemoryEffectFree(def);
  if (pure &&
      (def->hasTrait<OpTrait::ConstantLike>() || !isScalar(v.getType()))) {
    for (Value operand : def->getOperands())
      if (failed(capture(operand, entry, c)))
        return failure();
    c.recomputed.insert(def);
    c.kind[v] = Capture::Recompute;
    for (Value r : def->getResults())
      c.kind[r] = Capture::Recompute;
    return success();
  }
  if (isEntryBuffer(v, entry)) {
    c.kind[v] = Capture::Pointer;
  } else if (isScalar(v.getType())) {
    c.kind[v] = Capture::Scalar;
  } else {
    return failure();
  }
  c.slots.push_back(v);
  return success();
}

/// Everything `forall`'s body uses from outside, or failure.
FailureOr<Captures> collectCaptures(scf::ForallOp forall, func::FuncOp entry) {
  Captures c;
  bool ok = true;
  forall.getBody()->walk([&](Operation *op) {
    if (isa<memref::AllocOp, memref::AllocaOp, memref::ViewOp>(op)) {
      ok = false; // a buffer per iteration would be shared by the threads
      return WalkResult::interrupt();
    }
    for (Value operand : op->getOperands()) {
      Region *home = operand.getParentRegion();
      if (forall.getRegion().isAncestor(home))
        continue;
      if (failed(capture(operand, entry, c))) {
        ok = false;
        return WalkResult::interrupt();
      }
    }
    return WalkResult::advance();
  });
  if (!ok)
    return failure();
  return c;
}

/// Static trip counts of the forall's dimensions, or failure.
FailureOr<SmallVector<int64_t>> tripCounts(scf::ForallOp forall) {
  SmallVector<int64_t> trips;
  auto lbs = forall.getStaticLowerBound(), ubs = forall.getStaticUpperBound(),
       steps = forall.getStaticStep();
  for (auto [lb, ub, step] : llvm::zip(lbs, ubs, steps)) {
    if (ShapedType::isDynamic(lb) || ShapedType::isDynamic(ub) ||
        ShapedType::isDynamic(step) || step <= 0)
      return failure();
    trips.push_back(ub > lb ? (ub - lb + step - 1) / step : 0);
  }
  return trips;
}

/// The 64-bit slot value of `v` at the call site.
Value toSlot(OpBuilder &b, Location loc, Value v) {
  Type i64 = b.getI64Type();
  if (isa<MemRefType>(v.getType()))
    v = memref::ExtractAlignedPointerAsIndexOp::create(b, loc, v);
  Type t = v.getType();
  if (t.isIndex())
    return arith::IndexCastOp::create(b, loc, i64, v);
  if (auto f = dyn_cast<FloatType>(t))
    v = arith::BitcastOp::create(b, loc, b.getIntegerType(f.getWidth()), v);
  if (v.getType().getIntOrFloatBitWidth() < 64)
    v = arith::ExtUIOp::create(b, loc, i64, v);
  return v;
}

/// `slot` (an i64 loaded from the context) back as a value of `type`.
Value fromSlot(OpBuilder &b, Location loc, Value slot, Type type) {
  MLIRContext *ctx = b.getContext();
  if (auto memref = dyn_cast<MemRefType>(type)) {
    auto ptrType = LLVM::LLVMPointerType::get(ctx);
    Type i64 = b.getI64Type();
    Value ptr = LLVM::IntToPtrOp::create(b, loc, ptrType, slot);
    int64_t rank = memref.getRank();
    SmallVector<Type> fields = {ptrType, ptrType, i64};
    if (rank > 0) {
      fields.push_back(LLVM::LLVMArrayType::get(i64, rank));
      fields.push_back(LLVM::LLVMArrayType::get(i64, rank));
    }
    auto descType = LLVM::LLVMStructType::getLiteral(ctx, fields);
    auto constant = [&](int64_t x) -> Value {
      return LLVM::ConstantOp::create(b, loc, i64, b.getI64IntegerAttr(x));
    };
    Value desc = LLVM::PoisonOp::create(b, loc, descType);
    desc = LLVM::InsertValueOp::create(b, loc, desc, ptr, ArrayRef<int64_t>{0});
    desc = LLVM::InsertValueOp::create(b, loc, desc, ptr, ArrayRef<int64_t>{1});
    desc = LLVM::InsertValueOp::create(b, loc, desc, constant(0),
                                       ArrayRef<int64_t>{2});
    int64_t stride = 1;
    for (int64_t d = rank - 1; d >= 0; --d) {
      desc = LLVM::InsertValueOp::create(b, loc, desc,
                                         constant(memref.getDimSize(d)),
                                         ArrayRef<int64_t>{3, d});
      desc = LLVM::InsertValueOp::create(b, loc, desc, constant(stride),
                                         ArrayRef<int64_t>{4, d});
      stride *= memref.getDimSize(d);
    }
    return UnrealizedConversionCastOp::create(b, loc, TypeRange{type}, desc)
        .getResult(0);
  }
  if (type.isIndex())
    return arith::IndexCastOp::create(b, loc, type, slot);
  unsigned width = type.getIntOrFloatBitWidth();
  if (width < 64)
    slot = arith::TruncIOp::create(b, loc, b.getIntegerType(width), slot);
  if (isa<FloatType>(type))
    slot = arith::BitcastOp::create(b, loc, type, slot);
  return slot;
}

Value slotAddress(OpBuilder &b, Location loc, Value ctx, int64_t i) {
  return LLVM::GEPOp::create(b, loc, LLVM::LLVMPointerType::get(b.getContext()),
                             b.getI64Type(), ctx,
                             ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(i)});
}

struct OutlineParallelLoopsPass
    : impl::OutlineParallelLoopsBase<OutlineParallelLoopsPass> {
  using OutlineParallelLoopsBase::OutlineParallelLoopsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> entries;
    for (auto func : module.getOps<func::FuncOp>())
      if (!func.isExternal())
        entries.push_back(func);
    for (func::FuncOp entry : entries)
      if (failed(outlineAll(module, entry)))
        return signalPassFailure();
  }

  /// The function type of outlined bodies: (ctx, begin, end) -> ().
  FunctionType bodyType() {
    MLIRContext *ctx = &getContext();
    Type i64 = IntegerType::get(ctx, 64);
    return FunctionType::get(ctx, {LLVM::LLVMPointerType::get(ctx), i64, i64},
                             {});
  }

  func::FuncOp parallelForDecl(ModuleOp module) {
    if (auto f = module.lookupSymbol<func::FuncOp>(kParallelFor))
      return f;
    MLIRContext *ctx = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    OpBuilder b = OpBuilder::atBlockBegin(module.getBody());
    auto decl = func::FuncOp::create(
        b, module.getLoc(), kParallelFor,
        FunctionType::get(
            ctx, {ptr, bodyType(), ptr, IntegerType::get(ctx, 64)}, {}));
    decl.setPrivate();
    return decl;
  }

  LogicalResult outlineAll(ModuleOp module, func::FuncOp entry) {
    MLIRContext *ctx = &getContext();
    auto ptr = LLVM::LLVMPointerType::get(ctx);
    unsigned poolIndex = entry.getNumArguments();
    if (failed(entry.insertArgument(poolIndex, ptr, {}, entry.getLoc())))
      return failure();
    Value pool = entry.getArgument(poolIndex);

    SmallVector<scf::ForallOp> outermost;
    entry.walk<WalkOrder::PreOrder>([&](scf::ForallOp forall) {
      outermost.push_back(forall);
      return WalkResult::skip();
    });
    for (auto [k, forall] : llvm::enumerate(outermost))
      outline(module, entry, forall, pool, k);

    // What could not be outlined, and foralls nested in outlined bodies, run
    // as loops.
    SmallVector<scf::ForallOp> rest;
    module.walk([&](scf::ForallOp forall) { rest.push_back(forall); });
    IRRewriter rewriter(ctx);
    for (scf::ForallOp forall : llvm::reverse(rest)) {
      rewriter.setInsertionPoint(forall);
      if (failed(scf::forallToForLoop(rewriter, forall)))
        return forall.emitError("cannot lower this parallel loop");
    }
    return success();
  }

  void outline(ModuleOp module, func::FuncOp entry, scf::ForallOp forall,
               Value pool, size_t k) {
    FailureOr<Captures> captures = collectCaptures(forall, entry);
    FailureOr<SmallVector<int64_t>> trips = tripCounts(forall);
    if (failed(captures) || failed(trips) || !forall.getOutputs().empty())
      return;
    // The threads split the loop's whole iteration space, linearized (the
    // last dimension fastest): splitting one dimension balances badly when
    // it has few iterations (3 weight panels on 2 threads). A loop marked
    // `mnv4.split_dim` (a pointwise kernel's pixels) is split along that
    // dimension only, each thread running all of the others over its part
    // in their order: the panels stay the outer loop.
    int64_t total = 1;
    for (int64_t t : *trips)
      total *= t;
    std::optional<int64_t> split;
    if (auto attr = forall->getAttrOfType<IntegerAttr>(kSplitDim))
      if (attr.getInt() >= 0 &&
          attr.getInt() < static_cast<int64_t>(trips->size()) &&
          (*trips)[attr.getInt()] > 1)
        split = attr.getInt();

    MLIRContext *ctx = &getContext();
    Location loc = forall.getLoc();
    Type i64 = IntegerType::get(ctx, 64);
    auto ptr = LLVM::LLVMPointerType::get(ctx);

    // The body function.
    OpBuilder mb = OpBuilder::atBlockEnd(module.getBody());
    std::string name =
        (entry.getSymName() + "_parallel_" + std::to_string(k)).str();
    auto body = func::FuncOp::create(mb, loc, name, bodyType());
    body.setPrivate();
    OpBuilder b = OpBuilder::atBlockBegin(body.addEntryBlock());
    Value ctxArg = body.getArgument(0);
    IRMapping map;
    for (auto [i, v] : llvm::enumerate(captures->slots)) {
      Value slot =
          LLVM::LoadOp::create(b, loc, i64, slotAddress(b, loc, ctxArg, i));
      map.map(v, fromSlot(b, loc, slot, v.getType()));
    }
    // capture() adds an op after the producers of its operands.
    for (Operation *op : captures->recomputed)
      b.clone(*op, map);

    auto index = [&](int64_t x) -> Value {
      return arith::ConstantIndexOp::create(b, loc, x);
    };
    SmallVector<int64_t> lbs(forall.getStaticLowerBound()),
        steps(forall.getStaticStep());
    SmallVector<Value> ivs(lbs.size());
    Value begin = arith::IndexCastOp::create(b, loc, b.getIndexType(),
                                             body.getArgument(1));
    Value end = arith::IndexCastOp::create(b, loc, b.getIndexType(),
                                           body.getArgument(2));
    // With a split dimension, `linear` runs over the other dimensions and
    // an inner loop over the thread's part of the split one.
    Value splitIv;
    int64_t outerTotal = split ? total / (*trips)[*split] : total;
    auto outer = split ? scf::ForOp::create(b, loc, index(0), index(outerTotal),
                                            index(1))
                       : scf::ForOp::create(b, loc, begin, end, index(1));
    b.setInsertionPointToStart(outer.getBody());
    Value linear = outer.getInductionVar();
    if (split) {
      auto inner = scf::ForOp::create(b, loc, begin, end, index(1));
      b.setInsertionPointToStart(inner.getBody());
      splitIv = inner.getInductionVar();
    }
    int64_t stride = outerTotal;
    for (size_t d = 0; d < lbs.size(); ++d) {
      int64_t trip = (*trips)[d];
      if (split && static_cast<int64_t>(d) == *split) {
        Value i = splitIv;
        if (steps[d] != 1)
          i = arith::MulIOp::create(b, loc, i, index(steps[d]));
        if (lbs[d] != 0)
          i = arith::AddIOp::create(b, loc, i, index(lbs[d]));
        ivs[d] = i;
        continue;
      }
      stride /= std::max<int64_t>(trip, 1);
      Value i = linear;
      if (stride > 1)
        i = arith::DivUIOp::create(b, loc, i, index(stride));
      if (d > 0 && trip > 1)
        i = arith::RemUIOp::create(b, loc, i, index(trip));
      if (trip <= 1)
        i = index(0);
      if (steps[d] != 1)
        i = arith::MulIOp::create(b, loc, i, index(steps[d]));
      if (lbs[d] != 0)
        i = arith::AddIOp::create(b, loc, i, index(lbs[d]));
      ivs[d] = i;
    }
    for (auto [iv, v] : llvm::zip(forall.getInductionVars(), ivs))
      map.map(iv, v);
    for (Operation &op : forall.getBody()->without_terminator())
      b.clone(op, map);
    b.setInsertionPointToEnd(&body.getBody().front());
    func::ReturnOp::create(b, loc);

    // The call: fill the context on the entry's stack, hand it to the pool.
    OpBuilder eb = OpBuilder::atBlockBegin(&entry.getBody().front());
    Value slots = LLVM::ConstantOp::create(
        eb, loc, i64,
        eb.getI64IntegerAttr(std::max<int64_t>(1, captures->slots.size())));
    Value ctxArray = LLVM::AllocaOp::create(eb, loc, ptr, i64, slots);
    OpBuilder cb(forall);
    for (auto [i, v] : llvm::enumerate(captures->slots))
      LLVM::StoreOp::create(cb, loc, toSlot(cb, loc, v),
                            slotAddress(cb, loc, ctxArray, i));
    Value fn =
        func::ConstantOp::create(cb, loc, bodyType(), SymbolRefAttr::get(body));
    Value n = arith::ConstantOp::create(
        cb, loc, cb.getI64IntegerAttr(split ? (*trips)[*split] : total));
    func::CallOp::create(cb, loc, parallelForDecl(module),
                         ValueRange{pool, fn, ctxArray, n});
    forall.erase();
  }
};

} // namespace
} // namespace mnv4
