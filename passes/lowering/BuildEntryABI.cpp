//===- BuildEntryABI.cpp - the model function -> the C entry point --------===//
//
// The C ABI (docs/abi.md) takes the input as timm/ONNX do (NCHW) and writes
// each output into a caller buffer. Writing the results with
// materialize_in_destination into `restrict writable` memref arguments lets
// one-shot bufferization compute them in place: no copy, no returned buffer.
// An elementwise map of the input (an int8 model's quantize) runs before the
// NCHW -> NHWC transpose, on the input as it is.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/IRMapping.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_BUILDENTRYABI
#include "passes/Passes.h.inc"

namespace {

constexpr int64_t kToNHWC[] = {0, 2, 3, 1};
constexpr int64_t kToNCHW[] = {0, 3, 1, 2};

Value transposeTensor(OpBuilder &b, Location loc, Value x,
                      ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  Value init = tensor::EmptyOp::create(b, loc, shape, type.getElementType());
  return linalg::TransposeOp::create(b, loc, x, init, perm).getResult()[0];
}

/// The map that is the only use of an input, if it reads that input alone
/// elementwise (an int8 model's quantize): identity indexing, all parallel,
/// its output only written.
linalg::GenericOp elementwiseOfInput(Value input) {
  if (!input.hasOneUse())
    return {};
  auto map = dyn_cast<linalg::GenericOp>(*input.getUsers().begin());
  if (!map || map.getNumDpsInputs() != 1 || map.getNumDpsInits() != 1 ||
      map.getNumParallelLoops() != map.getNumLoops() ||
      !map.getRegionOutputArgs()[0].use_empty() ||
      !llvm::all_of(map.getIndexingMapsArray(),
                    [](AffineMap m) { return m.isIdentity(); }))
    return {};
  return map;
}

/// `map` applied to the NCHW input `nchw`, its result transposed to NHWC:
/// the same elements, with the map's vectors along W (in NHWC, along the 3
/// channels of an image).
Value mapBeforeTranspose(OpBuilder &b, Location loc, linalg::GenericOp map,
                         Value nchw) {
  auto type = cast<RankedTensorType>(nchw.getType());
  Value init = tensor::EmptyOp::create(
      b, loc, type.getShape(),
      cast<RankedTensorType>(map.getResult(0).getType()).getElementType());
  auto moved = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{nchw}, ValueRange{init},
      map.getIndexingMapsArray(), map.getIteratorTypesArray());
  IRMapping none;
  map.getRegion().cloneInto(&moved.getRegion(), none);
  moved->setDiscardableAttrs(map->getDiscardableAttrDictionary());
  return transposeTensor(b, loc, moved.getResult(0), kToNHWC);
}

SmallVector<int64_t> permuted(ArrayRef<int64_t> shape, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> out;
  for (int64_t p : perm)
    out.push_back(shape[p]);
  return out;
}

struct BuildEntryABIPass : impl::BuildEntryABIBase<BuildEntryABIPass> {
  using BuildEntryABIBase::BuildEntryABIBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    if (inputLayout != "nchw" && inputLayout != "nhwc") {
      module.emitError() << "input-layout must be nchw or nhwc, not '"
                         << inputLayout << "'";
      return signalPassFailure();
    }
    SmallVector<func::FuncOp> publics;
    for (auto f : module.getOps<func::FuncOp>())
      if (f.isPublic() && !f.isExternal())
        publics.push_back(f);
    if (publics.size() != 1) {
      module.emitError() << "expected exactly one public function to compile, "
                            "found "
                         << publics.size();
      return signalPassFailure();
    }
    func::FuncOp model = publics.front();
    FunctionType type = model.getFunctionType();
    bool nchw = inputLayout == "nchw";

    // The ABI's argument types: the input, then one buffer per result.
    SmallVector<Type> argTypes;
    for (Type t : type.getInputs()) {
      auto rt = dyn_cast<RankedTensorType>(t);
      if (!rt || !rt.hasStaticShape()) {
        model.emitError() << "entry argument must be a static tensor, not "
                          << t;
        return signalPassFailure();
      }
      ArrayRef<int64_t> shape = rt.getShape();
      SmallVector<int64_t> abiShape(shape);
      if (nchw && shape.size() == 4)
        abiShape = permuted(shape, kToNCHW);
      argTypes.push_back(MemRefType::get(abiShape, rt.getElementType()));
    }
    for (Type t : type.getResults()) {
      auto rt = dyn_cast<RankedTensorType>(t);
      if (!rt || !rt.hasStaticShape()) {
        model.emitError() << "entry result must be a static tensor, not " << t;
        return signalPassFailure();
      }
      ArrayRef<int64_t> shape = rt.getShape();
      SmallVector<int64_t> abiShape(shape);
      if (shape.size() == 4)
        abiShape = permuted(shape, kToNCHW);
      argTypes.push_back(MemRefType::get(abiShape, rt.getElementType()));
    }

    OpBuilder b(model);
    Location loc = model.getLoc();
    auto entry = func::FuncOp::create(b, loc, name + "_run",
                                      b.getFunctionType(argTypes, {}));
    Block *body = entry.addEntryBlock();
    b.setInsertionPointToStart(body);

    IRMapping mapping;
    SmallPtrSet<Operation *, 1> movedMaps;
    unsigned numInputs = type.getNumInputs();
    for (unsigned i = 0; i < numInputs; ++i) {
      auto memType = cast<MemRefType>(argTypes[i]);
      Value t = bufferization::ToTensorOp::create(
          b, loc, memref::getTensorTypeFromMemRefType(memType),
          body->getArgument(i), /*restrict=*/true);
      bool transpose = nchw && memType.getRank() == 4;
      if (linalg::GenericOp map = elementwiseOfInput(model.getArgument(i));
          map && transpose) {
        mapping.map(map.getResult(0), mapBeforeTranspose(b, loc, map, t));
        movedMaps.insert(map);
        continue;
      }
      if (transpose)
        t = transposeTensor(b, loc, t, kToNHWC);
      mapping.map(model.getArgument(i), t);
    }
    Block &modelBody = model.getBody().front();
    for (Operation &op : modelBody.without_terminator())
      if (!movedMaps.contains(&op))
        b.clone(op, mapping);
    auto ret = cast<func::ReturnOp>(modelBody.getTerminator());
    for (auto [i, result] : llvm::enumerate(ret.getOperands())) {
      Value r = mapping.lookup(result);
      if (cast<RankedTensorType>(r.getType()).getRank() == 4)
        r = transposeTensor(b, loc, r, kToNCHW);
      auto mat = bufferization::MaterializeInDestinationOp::create(
          b, loc, TypeRange{}, r, body->getArgument(numInputs + i));
      mat.setRestrict(true);
      mat.setWritable(true);
    }
    func::ReturnOp::create(b, loc);
    model.erase();
  }
};

} // namespace
} // namespace mnv4
