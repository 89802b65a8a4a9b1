//===- Builder.cpp - a zoo model's canonical mnv4 IR ----------------------===//

#include "Builder.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;

namespace mnv4::zoo::detail {

namespace {
class NetworkBuilder {
public:
  NetworkBuilder(MLIRContext &ctx, int64_t batch) : b(&ctx), batch(batch) {}

  /// Emits `layer` on `input` in front of the builder's insertion point.
  Value emitLayer(const LayerSpec &layer, const LayerWeights &w, Value input);

  OpBuilder b;

private:
  int64_t batch;
  /// A `mnv4.const` holding `p` in a new resource blob keyed by `p.key`;
  /// null when `p` is absent.
  Value weight(const Param &p, Location loc);
  RankedTensorType featureMap(int64_t size, int64_t channels) {
    return RankedTensorType::get({batch, size, size, channels}, b.getF32Type());
  }
};
} // namespace

Value NetworkBuilder::weight(const Param &p, Location loc) {
  if (!p.present())
    return nullptr;
  auto type = RankedTensorType::get(p.value.shape, b.getF32Type());
  auto attr = DenseResourceElementsAttr::get(
      type, p.key,
      HeapAsmResourceBlob::allocateAndCopyInferAlign(ArrayRef(p.value.data)));
  return ConstOp::create(b, loc, cast<ElementsAttr>(attr));
}

Value NetworkBuilder::emitLayer(const LayerSpec &layer, const LayerWeights &w,
                                Value input) {
  Location loc = NameLoc::get(b.getStringAttr(layer.name));
  auto out = featureMap(layer.outSize, layer.outChannels);
  auto get = [&](const Param &p) { return weight(p, loc); };
  switch (layer.kind) {
  case LayerKind::Conv: {
    int64_t p = (layer.kernel - 1) / 2;
    Value filter = get(w.filter), bias = get(w.bias);
    return Conv2DOp::create(b, loc, out, input, filter, bias,
                            ArrayRef<int64_t>{layer.stride, layer.stride},
                            ArrayRef<int64_t>{p, p, p, p}, layer.act);
  }
  // Weights are created one statement at a time, in operand order: argument
  // evaluation order is unspecified and the consts must come out the same
  // on every compiler.
  case LayerKind::FusedIB: {
    Value expandFilter = get(w.expandFilter), expandBias = get(w.expandBias);
    Value projectFilter = get(w.projectFilter);
    Value projectBias = get(w.projectBias);
    return FusedIBOp::create(b, loc, out, input, expandFilter, expandBias,
                             projectFilter, projectBias, layer.stride,
                             layer.act, layer.antialias, layer.residual);
  }
  case LayerKind::UIB: {
    Value startFilter = get(w.startFilter), startBias = get(w.startBias);
    Value expandFilter = get(w.expandFilter), expandBias = get(w.expandBias);
    Value midFilter = get(w.midFilter), midBias = get(w.midBias);
    Value projectFilter = get(w.projectFilter);
    Value projectBias = get(w.projectBias);
    Value layerScale = get(w.layerScale);
    return UIBOp::create(b, loc, out, input, startFilter, startBias,
                         expandFilter, expandBias, midFilter, midBias,
                         projectFilter, projectBias, layerScale, layer.stride,
                         layer.act, layer.antialias, layer.residual);
  }
  case LayerKind::MQA: {
    Value normScale = get(w.normScale), normShift = get(w.normShift);
    Value query = get(w.queryFilter);
    Value keyDown = get(w.keyDownFilter), keyDownBias = get(w.keyDownBias);
    Value valueDown = get(w.valueDownFilter);
    Value valueDownBias = get(w.valueDownBias);
    Value key = get(w.keyFilter), value = get(w.valueFilter);
    Value output = get(w.outputFilter), layerScale = get(w.layerScale);
    return MobileMQAOp::create(b, loc, out, input, normScale, normShift, query,
                               keyDown, keyDownBias, valueDown, valueDownBias,
                               key, value, output, layerScale, layer.numHeads,
                               layer.kvStride);
  }
  case LayerKind::GlobalPool:
    return GlobalAvgPoolOp::create(b, loc, out, input);
  case LayerKind::FullyConnected: {
    auto logits =
        RankedTensorType::get({batch, layer.outChannels}, b.getF32Type());
    Value filter = get(w.filter), bias = get(w.bias);
    return FullyConnectedOp::create(b, loc, logits, input, filter, bias);
  }
  }
  llvm_unreachable("unknown layer kind");
}

OwningOpRef<ModuleOp> buildNetwork(MLIRContext &ctx, const NetworkPlan &plan,
                                   Calibrator &calibrator, int64_t batch) {
  ctx.loadDialect<MNV4Dialect, func::FuncDialect>();
  NetworkBuilder builder(ctx, batch);
  OpBuilder &b = builder.b;
  Location loc =
      NameLoc::get(b.getStringAttr("mobilenetv4_" + plan.variant->name));
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  b.setInsertionPointToEnd(module->getBody());

  int64_t r = plan.resolution;
  auto inputType = RankedTensorType::get({batch, r, r, 3}, b.getF32Type());
  auto logitsType = RankedTensorType::get(
      {batch, plan.layers.back().outChannels}, b.getF32Type());
  auto func = func::FuncOp::create(
      b, loc, "main", b.getFunctionType({inputType}, {logitsType}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToEnd(entry);

  Value x = entry->getArgument(0);
  for (const LayerSpec &layer : plan.layers) {
    // The weights die here, once copied into their blobs.
    LayerWeights weights = calibrator.next(layer);
    x = builder.emitLayer(layer, weights, x);
  }
  func::ReturnOp::create(b, loc, x);
  func->setAttr(kOutputNamesAttr, b.getArrayAttr({b.getStringAttr("logits")}));
  return module;
}

} // namespace mnv4::zoo::detail
