//===- QuantizeInt8.cpp - calibrated f32 ops -> int8 ops ------------------===//
//
// Runs after mnv4-decompose-blocks and the calibration: every f32 value has
// a range (`mnv4.range`), every op has one int8 counterpart. Parameters follow
// TFLite's converter (mnv4/Quant/QuantParams.h); the function keeps its f32
// signature through mnv4.quantize / mnv4.dequantize at the edges.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/RaiseUtils.h"

#include "dialects/mnv4/MNV4Ops.h"
#include "mnv4/Quant/Calibration.h"
#include "mnv4/Quant/QuantParams.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using mnv4::quant::ActivationParams;

namespace mnv4 {
#define GEN_PASS_DEF_QUANTIZEINT8
#include "passes/Passes.h.inc"

namespace {

constexpr unsigned kSigned = mlir::quant::QuantizationFlags::Signed;

/// The timm name of an op's location, for blob keys.
std::string locName(Operation *op) {
  if (auto name = dyn_cast<NameLoc>(op->getLoc()))
    return name.getName().str();
  return op->getName().stripDialect().str();
}

class Quantizer {
public:
  Quantizer(func::FuncOp func, bool perChannelFC, bool padZeroPoint0)
      : func(func), b(func.getContext()), perChannelFC(perChannelFC),
        padZeroPoint0(padZeroPoint0) {}

  LogicalResult run();

private:
  /// The int8 parameters of a calibrated f32 value.
  FailureOr<ActivationParams> params(Value v, Operation *user) {
    DenseF32ArrayAttr range;
    if (auto arg = dyn_cast<BlockArgument>(v))
      range = func.getArgAttrOfType<DenseF32ArrayAttr>(arg.getArgNumber(),
                                                       quant::kRangeAttrName);
    else
      range = v.getDefiningOp()->getAttrOfType<DenseF32ArrayAttr>(
          quant::kRangeAttrName);
    if (!range || range.size() != 2)
      return user->emitOpError()
             << "has no calibrated range (" << quant::kRangeAttrName
             << " = array<f32: min, max>) to quantize it";
    if (padZeroPoint0 && feedsExplicitPad(v))
      return quant::zeroCenteredParams(range[0], range[1]);
    return quant::activationParams(range[0], range[1]);
  }

  /// Whether `v` is the input of a conv whose TFLite form needs an explicit
  /// PAD (quant::needsExplicitPad): it then gets zero point 0.
  static bool feedsExplicitPad(Value v) {
    auto shape = [](Value x) {
      return cast<ShapedType>(x.getType()).getShape();
    };
    for (OpOperand &use : v.getUses()) {
      if (use.getOperandNumber() != 0)
        continue;
      if (auto conv = dyn_cast<Conv2DOp>(use.getOwner())) {
        ArrayRef<int64_t> f = shape(conv.getFilter());
        if (quant::needsExplicitPad(shape(v), f[1], f[2], conv.getStrides(),
                                    conv.getPad()))
          return true;
      }
      if (auto conv = dyn_cast<DepthwiseConv2DOp>(use.getOwner())) {
        ArrayRef<int64_t> f = shape(conv.getFilter());
        if (quant::needsExplicitPad(shape(v), f[0], f[1], conv.getStrides(),
                                    conv.getPad()))
          return true;
      }
    }
    return false;
  }

  Type activationType(ActivationParams p) {
    return mlir::quant::UniformQuantizedType::get(kSigned, b.getI8Type(),
                                                  b.getF32Type(), p.scale,
                                                  p.zeroPoint, -128, 127);
  }

  RankedTensorType like(Value v, Type element) {
    return RankedTensorType::get(cast<ShapedType>(v.getType()).getShape(),
                                 element);
  }

  /// The int8 type of an op's f32 result from its range.
  FailureOr<RankedTensorType> resultType(Operation *op) {
    FailureOr<ActivationParams> p = params(op->getResult(0), op);
    if (failed(p))
      return failure();
    return like(op->getResult(0), activationType(*p));
  }

  static ActivationParams paramsOf(Value quantized) {
    auto t = cast<mlir::quant::UniformQuantizedType>(
        cast<ShapedType>(quantized.getType()).getElementType());
    return {static_cast<float>(t.getScale()),
            static_cast<int32_t>(t.getZeroPoint())};
  }

  template <typename T>
  Value qconst(Location loc, StringRef key, ArrayRef<int64_t> shape,
               Type storage, ArrayRef<T> data, Type quantized) {
    auto attr = DenseResourceElementsAttr::get(
        RankedTensorType::get(shape, storage), key,
        HeapAsmResourceBlob::allocateAndCopyInferAlign(data));
    return QConstOp::create(b, loc, RankedTensorType::get(shape, quantized),
                            cast<ElementsAttr>(attr));
  }

  /// Symmetric int8 weights, per channel on `axis` (or per tensor when
  /// `axis` < 0) and their int32 bias.
  FailureOr<std::pair<Value, Value>> weightsAndBias(Operation *op, Value filter,
                                                    Value bias, int64_t axis,
                                                    float inputScale) {
    std::optional<SmallVector<float>> w = getConstFloats(filter);
    if (!w)
      return op->emitOpError("weights must be an mnv4.const to quantize");
    ArrayRef<int64_t> shape = shapeOf(filter);
    std::vector<int8_t> stored;
    std::vector<float> scales;
    if (axis >= 0) {
      scales = quant::quantizeWeights(*w, shape, axis, stored);
    } else {
      SmallVector<int64_t> flat{static_cast<int64_t>(w->size())};
      scales = quant::quantizeWeights(*w, flat, 0, stored);
      float s = quant::symmetricScale(*w);
      scales.assign(1, s);
      for (auto [i, v] : llvm::enumerate(*w))
        stored[i] = quant::quantizeWeight(v, s);
    }
    int64_t channels = shape[axis >= 0 ? axis : 0];
    if (failed(keepFixedScales(op, filter, *w, shape, axis, scales, stored)))
      return failure();
    SmallVector<float> b32(channels, 0.0f);
    if (bias) {
      std::optional<SmallVector<float>> bv = getConstFloats(bias);
      if (!bv)
        return op->emitOpError("bias must be an mnv4.const to quantize");
      b32 = *bv;
    }
    SmallVector<double> wScales, bScales;
    std::vector<int32_t> bStored(channels);
    for (int64_t c = 0; c < channels; ++c) {
      float sw = scales[axis >= 0 ? c : 0];
      float sb = quant::biasScale(inputScale, sw);
      bStored[c] = quant::quantizeBias(b32[c], sb);
      if (axis >= 0 || c == 0) {
        wScales.push_back(sw);
        bScales.push_back(sb);
      }
    }
    Type wType, bType;
    if (axis >= 0) {
      SmallVector<int64_t> zeros(wScales.size(), 0);
      wType = mlir::quant::UniformQuantizedPerAxisType::get(
          kSigned, b.getI8Type(), b.getF32Type(), wScales, zeros, axis, -127,
          127);
      bType = mlir::quant::UniformQuantizedPerAxisType::get(
          kSigned, b.getI32Type(), b.getF32Type(), bScales, zeros, 0,
          std::numeric_limits<int32_t>::min(),
          std::numeric_limits<int32_t>::max());
    } else {
      wType = mlir::quant::UniformQuantizedType::get(
          kSigned, b.getI8Type(), b.getF32Type(), wScales[0], 0, -127, 127);
      bType = mlir::quant::UniformQuantizedType::get(
          kSigned, b.getI32Type(), b.getF32Type(), bScales[0], 0,
          std::numeric_limits<int32_t>::min(),
          std::numeric_limits<int32_t>::max());
    }
    std::string name = locName(op);
    Value qw = qconst(op->getLoc(), name + ".weight", shape, b.getI8Type(),
                      ArrayRef<int8_t>(stored), wType);
    Value qb = qconst(op->getLoc(), name + ".bias", {channels}, b.getI32Type(),
                      ArrayRef<int32_t>(bStored), bType);
    return std::make_pair(qw, qb);
  }

  /// Weights whose const carries kWeightScalesAttrName (put on that grid by
  /// quant::optimizeInt8Weights) keep those scales.
  LogicalResult keepFixedScales(Operation *op, Value filter, ArrayRef<float> w,
                                ArrayRef<int64_t> shape, int64_t axis,
                                std::vector<float> &scales,
                                std::vector<int8_t> &stored) {
    auto fixed = filter.getDefiningOp()->getAttrOfType<DenseF32ArrayAttr>(
        quant::kWeightScalesAttrName);
    if (!fixed)
      return success();
    if (fixed.size() != static_cast<int64_t>(scales.size()))
      return op->emitOpError()
             << "weights have " << fixed.size() << " fixed scales ("
             << quant::kWeightScalesAttrName << "), expected " << scales.size();
    scales.assign(fixed.asArrayRef().begin(), fixed.asArrayRef().end());
    quant::ChannelOf channel(shape, axis);
    for (size_t i = 0; i < w.size(); ++i)
      stored[i] = quant::quantizeWeight(w[i], scales[channel(i)]);
    return success();
  }

  /// A constant operand used as an activation (a layer scale of MUL):
  /// asymmetric per-tensor over its own range.
  FailureOr<Value> constActivation(Operation *op, Value c) {
    std::optional<SmallVector<float>> data = getConstFloats(c);
    if (!data)
      return op->emitOpError("constant operand must be an mnv4.const");
    auto [lo, hi] = std::minmax_element(data->begin(), data->end());
    ActivationParams p = quant::activationParams(*lo, *hi);
    std::vector<int8_t> stored;
    for (float v : *data)
      stored.push_back(quant::quantizeToInt8(v, p));
    return qconst(op->getLoc(), locName(op) + ".scale", shapeOf(c),
                  b.getI8Type(), ArrayRef<int8_t>(stored), activationType(p));
  }

  static QActivation fusedActivation(Activation act) {
    return act == Activation::relu    ? QActivation::relu
           : act == Activation::relu6 ? QActivation::relu6
                                      : QActivation::none;
  }

  FailureOr<Value> convert(Operation *op);
  template <typename ConvOp, typename QConvOp>
  FailureOr<Value> convertConv(ConvOp op, int64_t axis);

  func::FuncOp func;
  OpBuilder b;
  bool perChannelFC, padZeroPoint0;
  DenseMap<Value, Value> quantized;
};

template <typename ConvOp, typename QConvOp>
FailureOr<Value> Quantizer::convertConv(ConvOp op, int64_t axis) {
  Value in = quantized.lookup(op.getInput());
  FailureOr<RankedTensorType> type = resultType(op);
  if (failed(type))
    return failure();
  auto wb = weightsAndBias(op, op.getFilter(), op.getBias(), axis,
                           paramsOf(in).scale);
  if (failed(wb))
    return failure();
  return QConvOp::create(b, op.getLoc(), *type, in, wb->first, wb->second,
                         op.getStrides(), op.getPad(),
                         fusedActivation(op.getAct()))
      .getResult();
}

FailureOr<Value> Quantizer::convert(Operation *op) {
  auto q = [&](Value v) { return quantized.lookup(v); };
  auto sameParams = [&](Value in, Value out) {
    return like(out, cast<ShapedType>(q(in).getType()).getElementType());
  };
  return TypeSwitch<Operation *, FailureOr<Value>>(op)
      .Case([&](Conv2DOp o) { return convertConv<Conv2DOp, QConv2DOp>(o, 0); })
      .Case([&](DepthwiseConv2DOp o) {
        return convertConv<DepthwiseConv2DOp, QDepthwiseConv2DOp>(o, 2);
      })
      .Case([&](FullyConnectedOp o) -> FailureOr<Value> {
        FailureOr<RankedTensorType> type = resultType(o);
        if (failed(type))
          return failure();
        Value in = q(o.getInput());
        auto wb = weightsAndBias(o, o.getWeight(), o.getBias(),
                                 perChannelFC ? 0 : -1, paramsOf(in).scale);
        if (failed(wb))
          return failure();
        return QFullyConnectedOp::create(b, o.getLoc(), *type, in, wb->first,
                                         wb->second)
            .getResult();
      })
      .Case([&](AddOp o) -> FailureOr<Value> {
        FailureOr<RankedTensorType> type = resultType(o);
        if (failed(type))
          return failure();
        return QAddOp::create(b, o.getLoc(), *type, q(o.getLhs()),
                              q(o.getRhs()), QActivation::none)
            .getResult();
      })
      .Case([&](MulOp o) -> FailureOr<Value> {
        FailureOr<RankedTensorType> type = resultType(o);
        if (failed(type))
          return failure();
        FailureOr<Value> rhs = isConst(o.getRhs())
                                   ? constActivation(o, o.getRhs())
                                   : q(o.getRhs());
        if (failed(rhs))
          return failure();
        return QMulOp::create(b, o.getLoc(), *type, q(o.getLhs()), *rhs)
            .getResult();
      })
      .Case([&](GlobalAvgPoolOp o) -> FailureOr<Value> {
        FailureOr<RankedTensorType> type = resultType(o);
        if (failed(type))
          return failure();
        return QMeanOp::create(b, o.getLoc(), *type, q(o.getInput()))
            .getResult();
      })
      .Case([&](AvgPool2DOp o) -> FailureOr<Value> {
        return QAvgPool2DOp::create(
                   b, o.getLoc(), sameParams(o.getInput(), o.getOutput()),
                   q(o.getInput()), o.getKernel(), o.getStride())
            .getResult();
      })
      .Case([&](MatMulOp o) -> FailureOr<Value> {
        FailureOr<RankedTensorType> type = resultType(o);
        if (failed(type))
          return failure();
        return QBatchMatMulOp::create(b, o.getLoc(), *type, q(o.getLhs()),
                                      q(o.getRhs()))
            .getResult();
      })
      .Case([&](SoftmaxOp o) -> FailureOr<Value> {
        auto type = like(o.getOutput(), activationType({1.0f / 256, -128}));
        return QSoftmaxOp::create(b, o.getLoc(), type, q(o.getInput()))
            .getResult();
      })
      .Case([&](ReshapeOp o) -> FailureOr<Value> {
        return QReshapeOp::create(b, o.getLoc(),
                                  sameParams(o.getInput(), o.getOutput()),
                                  q(o.getInput()))
            .getResult();
      })
      .Case([&](TransposeOp o) -> FailureOr<Value> {
        return QTransposeOp::create(b, o.getLoc(),
                                    sameParams(o.getInput(), o.getOutput()),
                                    q(o.getInput()), o.getPerm())
            .getResult();
      })
      .Case([&](ActivationOp o) -> FailureOr<Value> {
        if (o.getKind() == Activation::none)
          return q(o.getInput());
        if (o.getKind() != Activation::gelu)
          return o.emitOpError()
                 << "has no int8 form: a standalone "
                 << stringifyActivation(o.getKind())
                 << " activation (TFLite fuses relu/relu6 into the conv)";
        FailureOr<RankedTensorType> type = resultType(o);
        if (failed(type))
          return failure();
        return QLutOp::create(b, o.getLoc(), *type, q(o.getInput()), QLut::gelu)
            .getResult();
      })
      .Default([&](Operation *other) -> FailureOr<Value> {
        return other->emitOpError(
            "has no int8 form (run mnv4-decompose-blocks first; see "
            "docs/int8.md for the ops that quantize)");
      });
}

LogicalResult Quantizer::run() {
  if (func.isExternal())
    return success();
  Block &body = func.getBody().front();
  b.setInsertionPointToStart(&body);
  for (BlockArgument arg : body.getArguments()) {
    FailureOr<ActivationParams> p = params(arg, func);
    if (failed(p))
      return failure();
    quantized[arg] =
        QuantizeOp::create(b, arg.getLoc(), like(arg, activationType(*p)), arg);
    func.removeArgAttr(arg.getArgNumber(), quant::kRangeAttrName);
  }
  SmallVector<Operation *> f32Ops;
  for (Operation &op : llvm::make_early_inc_range(body)) {
    if (isa<QuantizeOp>(op))
      continue;
    b.setInsertionPoint(&op);
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      for (OpOperand &operand : ret->getOpOperands()) {
        Value v = quantized.lookup(operand.get());
        operand.set(
            DequantizeOp::create(b, ret.getLoc(), operand.get().getType(), v));
      }
      continue;
    }
    f32Ops.push_back(&op);
    if (isa<ConstOp>(op))
      continue;
    FailureOr<Value> result = convert(&op);
    if (failed(result))
      return failure();
    quantized[op.getResult(0)] = *result;
  }
  for (Operation *op : llvm::reverse(f32Ops))
    op->erase();
  return success();
}

struct QuantizeInt8Pass : impl::QuantizeInt8Base<QuantizeInt8Pass> {
  using Base::Base;
  void runOnOperation() override {
    for (auto func : getOperation().getOps<func::FuncOp>())
      if (failed(Quantizer(func, perChannelFC, padZeroPoint0).run()))
        return signalPassFailure();
  }
};

} // namespace
} // namespace mnv4
