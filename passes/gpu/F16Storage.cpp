//===- F16Storage.cpp - f16 buffers, f32 arithmetic -----------------------===//
//
// The Vulkan target's --vulkan-fp16: every intermediate (the views of the
// arena) and every weight (the constant globals) is stored as f16, while the
// kernels compute in f32: each load from an f16 buffer is extended to f32
// and each store to one truncated. Reductions accumulate in registers
// (mnv4-register-accumulators runs first), so a sum is rounded to f16 once,
// when it is stored. The caller's input and outputs stay f32. The arena keeps
// its f32 plan (each f16 tensor uses the first half of its slot).
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

#include <cmath>
#include <cstring>

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_F16STORAGE
#include "passes/Passes.h.inc"

namespace {

/// IEEE half bits of `f`, rounded to nearest even (as the device converts).
uint16_t halfBits(float f) {
  uint32_t x;
  std::memcpy(&x, &f, 4);
  uint32_t sign = (x >> 16) & 0x8000u, mag = x & 0x7fffffffu;
  if (mag >= 0x7f800000u) // inf, nan
    return sign | (mag > 0x7f800000u ? 0x7e00u : 0x7c00u);
  if (mag >= 0x477ff000u) // rounds past 65504
    return sign | 0x7c00u;
  if (mag < 0x38800000u) { // below 2^-14: a subnormal half (exact scaling)
    float v;
    std::memcpy(&v, &mag, 4);
    return sign | static_cast<uint16_t>(std::nearbyint(v * 16777216.0f));
  }
  uint32_t r = mag - 0x38000000u; // exponent bias 127 -> 15
  r += 0x0fffu + ((r >> 13) & 1u);
  return sign | static_cast<uint16_t>(r >> 13);
}

MemRefType withF16(MemRefType type) {
  return MemRefType::get(type.getShape(), Float16Type::get(type.getContext()),
                         type.getLayout(), type.getMemorySpace());
}

bool isF32MemRef(Type type) {
  auto m = dyn_cast<MemRefType>(type);
  return m && m.getElementType().isF32();
}

struct F16StoragePass : public impl::F16StorageBase<F16StoragePass> {
  /// The f16 twin of the f32 constant global `global`.
  FailureOr<memref::GlobalOp> f16Global(memref::GlobalOp global,
                                        SymbolTable &symbols) {
    auto it = twins.find(global);
    if (it != twins.end())
      return it->second;
    auto type = global.getType();
    std::optional<Attribute> init = global.getInitialValue();
    if (!global.getConstant() || !init)
      return global.emitError("an f32 global that is not a constant cannot "
                              "be stored as f16");
    std::vector<float> values;
    if (auto resource = dyn_cast<DenseResourceElementsAttr>(*init)) {
      AsmResourceBlob *blob = resource.getRawHandle().getBlob();
      if (!blob || blob->getData().size() !=
                       static_cast<size_t>(type.getNumElements()) * 4)
        return global.emitError("a constant whose data is missing");
      values.resize(type.getNumElements());
      std::memcpy(values.data(), blob->getData().data(), values.size() * 4);
    } else if (auto dense = dyn_cast<DenseElementsAttr>(*init)) {
      auto range = dense.getValues<float>();
      values.assign(range.begin(), range.end());
    } else {
      return global.emitError("a constant of an unsupported kind");
    }
    std::vector<uint16_t> halves(values.size());
    for (size_t i = 0; i < values.size(); ++i)
      halves[i] = halfBits(values[i]);
    MemRefType halfType = withF16(type);
    auto tensorType =
        RankedTensorType::get(type.getShape(), halfType.getElementType());
    ArrayRef<char> raw(reinterpret_cast<const char *>(halves.data()),
                       halves.size() * 2);
    auto blob =
        HeapAsmResourceBlob::allocateAndCopyWithAlign(raw, alignof(uint16_t));
    auto attr = DenseResourceElementsAttr::get(
        tensorType, (global.getSymName() + "_f16").str(), std::move(blob));
    OpBuilder b(global);
    auto twin = memref::GlobalOp::create(
        b, global.getLoc(), (global.getSymName() + "_f16").str(),
        b.getStringAttr("private"), halfType, attr, /*constant=*/true,
        global.getAlignmentAttr());
    symbols.insert(twin);
    twins[global] = twin;
    return twin;
  }

  LogicalResult convertFunction(func::FuncOp func, SymbolTable &symbols) {
    IRRewriter rewriter(&getContext());
    // Buffers: the arena's views and the constants become f16, and so does
    // every view of them.
    SmallVector<memref::GetGlobalOp> gets;
    func.walk([&](memref::GetGlobalOp get) {
      if (isF32MemRef(get.getType()))
        gets.push_back(get);
    });
    for (memref::GetGlobalOp get : gets) {
      auto global = symbols.lookup<memref::GlobalOp>(get.getName());
      if (!global)
        return get.emitError("a global that does not exist");
      FailureOr<memref::GlobalOp> twin = f16Global(global, symbols);
      if (failed(twin))
        return failure();
      rewriter.setInsertionPoint(get);
      rewriter.replaceOpWithNewOp<memref::GetGlobalOp>(get, twin->getType(),
                                                       twin->getSymName());
    }
    WalkResult walked = func.walk<WalkOrder::PreOrder>([&](Operation *op) {
      if (auto view = dyn_cast<memref::ViewOp>(op)) {
        if (isF32MemRef(view.getType()))
          view.getResult().setType(withF16(view.getType()));
        return WalkResult::advance();
      }
      if (auto viewLike = dyn_cast<ViewLikeOpInterface>(op)) {
        auto source = dyn_cast<MemRefType>(viewLike.getViewSource().getType());
        if (source && source.getElementType().isF16())
          for (OpResult r : op->getResults())
            if (isF32MemRef(r.getType()))
              r.setType(withF16(cast<MemRefType>(r.getType())));
      }
      return WalkResult::advance();
    });
    if (walked.wasInterrupted())
      return failure();
    // Kernels: f32 arithmetic on f16 memory.
    Type f32 = rewriter.getF32Type(), f16 = rewriter.getF16Type();
    SmallVector<memref::LoadOp> loads;
    SmallVector<memref::StoreOp> stores;
    func.walk([&](Operation *op) {
      if (auto load = dyn_cast<memref::LoadOp>(op))
        loads.push_back(load);
      else if (auto store = dyn_cast<memref::StoreOp>(op))
        stores.push_back(store);
    });
    for (memref::LoadOp load : loads) {
      if (!load.getMemRefType().getElementType().isF16() ||
          load.getType() != f32)
        continue;
      load.getResult().setType(f16);
      rewriter.setInsertionPointAfter(load);
      auto ext =
          arith::ExtFOp::create(rewriter, load.getLoc(), f32, load.getResult());
      rewriter.replaceAllUsesExcept(load.getResult(), ext, ext);
    }
    for (memref::StoreOp store : stores) {
      if (!store.getMemRefType().getElementType().isF16() ||
          store.getValueToStore().getType() != f32)
        continue;
      rewriter.setInsertionPoint(store);
      auto trunc = arith::TruncFOp::create(rewriter, store.getLoc(), f16,
                                           store.getValueToStore());
      store.getValueMutable().assign(trunc);
    }
    // Anything else that uses an f16 buffer as f32 would be wrong.
    WalkResult checked = func.walk([&](Operation *op) {
      if (isa<memref::LoadOp, memref::StoreOp, ViewLikeOpInterface,
              memref::GetGlobalOp>(op))
        return WalkResult::advance();
      for (Value operand : op->getOperands())
        if (auto m = dyn_cast<MemRefType>(operand.getType());
            m && m.getElementType().isF16() && !isa<gpu::LaunchOp>(op)) {
          op->emitError("an op on an f16 buffer that mnv4-gpu-f16-storage "
                        "cannot convert");
          return WalkResult::interrupt();
        }
      return WalkResult::advance();
    });
    return failure(checked.wasInterrupted());
  }

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    for (auto func : llvm::make_early_inc_range(module.getOps<func::FuncOp>()))
      if (!func.isExternal() && failed(convertFunction(func, symbols)))
        return signalPassFailure();
    // The f32 originals are no longer read.
    for (auto [global, twin] : twins)
      if (SymbolTable::symbolKnownUseEmpty(global, module))
        global.erase();
  }

  llvm::DenseMap<memref::GlobalOp, memref::GlobalOp> twins;
};

} // namespace
} // namespace mnv4
