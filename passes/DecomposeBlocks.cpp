//===- DecomposeBlocks.cpp - block ops -> primitive f32 ops ---------------===//
//
// Rewrites every fused_ib, uib and mqa (and the batch_norm and blur_pool they
// may leave) into the primitive ops that TFLite has one op for: conv2d,
// depthwise_conv2d, add, mul, avg_pool2d, reshape, transpose, matmul, softmax
// and activation. Activations other than relu/relu6 are split out of the
// convs, so every value the quantizer gives a range to is one TFLite tensor.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"
#include "passes/RaiseUtils.h"

#include "mnv4/Support/SourceBlocks.h"
#include "mnv4/Support/Stats.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_DECOMPOSEBLOCKS
#include "passes/Passes.h.inc"

namespace {

/// Whether TFLite can fuse `act` into a conv or an add.
bool isFusable(Activation act) {
  return act == Activation::none || act == Activation::relu ||
         act == Activation::relu6;
}

/// Builds the primitive ops of one block in front of it; every op is located
/// at the block's timm name plus a suffix naming its part, and records the
/// block (its location and kind: mnv4::blockPartLoc).
class Decomposer {
public:
  Decomposer(Operation *block)
      : b(block), base(blockName(block)),
        blockLoc(isa<NameLoc>(block->getLoc())
                     ? block->getLoc()
                     : NameLoc::get(b.getStringAttr(base), block->getLoc())),
        blockKind(opStats(block)->kind) {}

  Location loc(StringRef part) {
    return blockPartLoc(blockLoc, blockKind, base + "." + part.str());
  }

  RankedTensorType map(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, b.getF32Type());
  }

  /// A conv (filter OHWI) with symmetric padding (k-1)/2; an activation that
  /// cannot be fused becomes an activation op of its own.
  Value conv(StringRef part, Value x, Value filter, Value bias, int64_t stride,
             Activation act) {
    ArrayRef<int64_t> in = shapeOf(x), f = shapeOf(filter);
    int64_t p = (f[1] - 1) / 2;
    auto type =
        map({in[0], outSize(in[1], stride), outSize(in[2], stride), f[0]});
    Value y = Conv2DOp::create(
        b, loc(part), type, x, filter, bias, ArrayRef<int64_t>{stride, stride},
        ArrayRef<int64_t>{p, p, p, p}, isFusable(act) ? act : Activation::none);
    return activate(part, y, act);
  }

  /// A depthwise conv (filter HWC) with symmetric padding (k-1)/2.
  Value depthwise(StringRef part, Value x, Value filter, Value bias,
                  int64_t stride, Activation act) {
    ArrayRef<int64_t> in = shapeOf(x), f = shapeOf(filter);
    int64_t p = (f[0] - 1) / 2;
    auto type =
        map({in[0], outSize(in[1], stride), outSize(in[2], stride), in[3]});
    Value y = DepthwiseConv2DOp::create(
        b, loc(part), type, x, filter, bias, ArrayRef<int64_t>{stride, stride},
        ArrayRef<int64_t>{p, p, p, p}, isFusable(act) ? act : Activation::none);
    return activate(part, y, act);
  }

  Value activate(StringRef part, Value y, Activation act) {
    if (isFusable(act))
      return y;
    return ActivationOp::create(b, loc((part + ".act").str()), y, act);
  }

  /// The anti-aliasing downsampling after a stride-1 conv.
  Value antialias(Value x, Antialias aa) {
    ArrayRef<int64_t> in = shapeOf(x);
    if (aa == Antialias::avg)
      return AvgPool2DOp::create(
          b, loc("pool"), map({in[0], in[1] / 2, in[2] / 2, in[3]}), x, 2, 2);
    if (aa == Antialias::none)
      return x;
    // timm's BlurPool2d: [1,2,1] x [1,2,1] / 16 on every channel.
    static constexpr float kTaps[3] = {1, 2, 1};
    SmallVector<float> filter;
    for (float ty : kTaps)
      for (float tx : kTaps)
        filter.append(in[3], ty * tx / 16);
    Value f = constant("blur", {3, 3, in[3]}, filter);
    return depthwise("blur", x, f, nullptr, 2, Activation::none);
  }

  Value constant(StringRef part, ArrayRef<int64_t> shape,
                 ArrayRef<float> data) {
    auto attr = DenseResourceElementsAttr::get(
        map(shape), base + "." + part.str(),
        HeapAsmResourceBlob::allocateAndCopyInferAlign(data));
    return ConstOp::create(b, loc(part), cast<ElementsAttr>(attr));
  }

  Value add(StringRef part, Value x, Value y) {
    return AddOp::create(b, loc(part), x, y);
  }

  Value mul(StringRef part, Value x, Value scale) {
    return MulOp::create(b, loc(part), x.getType(), x, scale);
  }

  Value reshape(StringRef part, Value x, ArrayRef<int64_t> shape) {
    return ReshapeOp::create(b, loc(part), map(shape), x);
  }

  Value transpose(StringRef part, Value x, ArrayRef<int64_t> perm) {
    ArrayRef<int64_t> in = shapeOf(x);
    SmallVector<int64_t> out;
    for (int64_t p : perm)
      out.push_back(in[p]);
    return TransposeOp::create(b, loc(part), map(out), x, perm);
  }

  Value matmul(StringRef part, Value x, Value y) {
    ArrayRef<int64_t> l = shapeOf(x), r = shapeOf(y);
    SmallVector<int64_t> out(l.begin(), l.end());
    out.back() = r.back();
    return MatMulOp::create(b, loc(part), map(out), x, y);
  }

  OpBuilder b;
  std::string base;
  Location blockLoc;
  std::string blockKind;

private:
  static int64_t outSize(int64_t in, int64_t stride) {
    return (in + stride - 1) / stride;
  }
  static std::string blockName(Operation *op) {
    if (auto name = dyn_cast<NameLoc>(op->getLoc()))
      return name.getName().str();
    return op->getName().stripDialect().str();
  }
};

Value decompose(FusedIBOp op) {
  Decomposer d(op);
  bool aa = op.getAntialias() != Antialias::none;
  Value t = d.conv("conv_exp", op.getInput(), op.getExpandFilter(),
                   op.getExpandBias(), aa ? 1 : op.getStride(), op.getAct());
  t = d.antialias(t, op.getAntialias());
  Value y = d.conv("conv_pwl", t, op.getProjectFilter(), op.getProjectBias(), 1,
                   Activation::none);
  return op.getResidual() ? d.add("add", op.getInput(), y) : y;
}

Value decompose(UIBOp op) {
  Decomposer d(op);
  bool mid = static_cast<bool>(op.getMidFilter());
  bool aa = op.getAntialias() != Antialias::none;
  Value x = op.getInput();
  if (op.getStartFilter())
    x = d.depthwise("dw_start", x, op.getStartFilter(), op.getStartBias(),
                    mid ? 1 : op.getStride(), Activation::none);
  x = d.conv("pw_exp", x, op.getExpandFilter(), op.getExpandBias(), 1,
             op.getAct());
  if (mid)
    x = d.depthwise("dw_mid", x, op.getMidFilter(), op.getMidBias(),
                    aa ? 1 : op.getStride(), op.getAct());
  x = d.antialias(x, op.getAntialias());
  Value y = d.conv("pw_proj", x, op.getProjectFilter(), op.getProjectBias(), 1,
                   Activation::none);
  if (op.getLayerScale())
    y = d.mul("layer_scale", y, op.getLayerScale());
  return op.getResidual() ? d.add("add", op.getInput(), y) : y;
}

/// The pre-norm affine map as a 1x1 depthwise conv (filter = scale).
FailureOr<Value> normAsDepthwise(Decomposer &d, Operation *op, Value x,
                                 Value scale, Value shift) {
  int64_t c = shapeOf(x).back();
  std::optional<SmallVector<float>> s = getConstFloats(scale);
  if (!s)
    return op->emitOpError("norm scale must be an mnv4.const to decompose");
  Value filter = d.constant("norm.scale", {1, 1, c}, *s);
  return d.depthwise("norm", x, filter, shift, 1, Activation::none);
}

FailureOr<Value> decompose(MobileMQAOp op) {
  Decomposer d(op);
  ArrayRef<int64_t> in = shapeOf(op.getInput());
  int64_t n = in[0], h = in[1], w = in[2];
  int64_t heads = op.getNumHeads(), kd = op.getKeyDim(), vd = op.getValueDim();
  std::optional<SmallVector<float>> query = getConstFloats(op.getQueryFilter());
  if (!query)
    return op.emitOpError("query filter must be an mnv4.const to decompose");
  FailureOr<Value> norm = normAsDepthwise(d, op, op.getInput(),
                                          op.getNormScale(), op.getNormShift());
  if (failed(norm))
    return failure();
  Value xn = *norm;
  // q * kd^-0.5 folded into the query filter.
  float scale = 1.0f / std::sqrt(static_cast<float>(kd));
  for (float &v : *query)
    v *= scale;
  Value qf = d.constant("query.scaled", shapeOf(op.getQueryFilter()), *query);
  Value q = d.conv("query", xn, qf, nullptr, 1, Activation::none);
  Value xk = xn, xv = xn;
  if (op.getKvStride() > 1) {
    xk = d.depthwise("key_down", xn, op.getKeyDownFilter(), op.getKeyDownBias(),
                     op.getKvStride(), Activation::none);
    xv = d.depthwise("value_down", xn, op.getValueDownFilter(),
                     op.getValueDownBias(), op.getKvStride(), Activation::none);
  }
  Value k = d.conv("key", xk, op.getKeyFilter(), nullptr, 1, Activation::none);
  Value v =
      d.conv("value", xv, op.getValueFilter(), nullptr, 1, Activation::none);
  int64_t m = shapeOf(k)[1] * shapeOf(k)[2];
  q = d.transpose("query.heads",
                  d.reshape("query.split", q, {n, h * w, heads, kd}),
                  {0, 2, 1, 3});
  k = d.transpose("key.t", d.reshape("key.flat", k, {n, 1, m, kd}),
                  {0, 1, 3, 2});
  v = d.reshape("value.flat", v, {n, 1, m, vd});
  Value scores = d.matmul("attn.scores", q, k);
  Value attn = SoftmaxOp::create(d.b, d.loc("attn.softmax"), scores);
  Value o = d.matmul("attn.out", attn, v);
  o = d.reshape("attn.merge", d.transpose("attn.heads", o, {0, 2, 1, 3}),
                {n, h, w, heads * vd});
  Value y =
      d.conv("output", o, op.getOutputFilter(), nullptr, 1, Activation::none);
  if (op.getLayerScale())
    y = d.mul("layer_scale", y, op.getLayerScale());
  return d.add("add", op.getInput(), y);
}

FailureOr<Value> decompose(BatchNormOp op) {
  Decomposer d(op);
  return normAsDepthwise(d, op, op.getInput(), op.getScale(), op.getShift());
}

Value decompose(BlurPoolOp op) {
  Decomposer d(op);
  return d.antialias(op.getInput(), Antialias::blur);
}

/// conv{act} with an act TFLite cannot fuse -> conv{none} + activation.
template <typename ConvOp> void splitActivation(ConvOp op) {
  if (isFusable(op.getAct()))
    return;
  OpBuilder b(op->getContext());
  b.setInsertionPointAfter(op);
  Activation act = op.getAct();
  op.setAct(Activation::none);
  auto split = ActivationOp::create(b, op.getLoc(), op.getOutput(), act);
  op.getOutput().replaceAllUsesExcept(split, split);
}

struct DecomposeBlocksPass : impl::DecomposeBlocksBase<DecomposeBlocksPass> {
  void runOnOperation() override {
    SmallVector<Operation *> blocks;
    getOperation().walk([&](Operation *op) {
      if (isa<FusedIBOp, UIBOp, MobileMQAOp, BatchNormOp, BlurPoolOp>(op))
        blocks.push_back(op);
    });
    for (Operation *op : blocks) {
      FailureOr<Value> result =
          TypeSwitch<Operation *, FailureOr<Value>>(op)
              .Case([](FusedIBOp o) { return decompose(o); })
              .Case([](UIBOp o) { return decompose(o); })
              .Case([](MobileMQAOp o) { return decompose(o); })
              .Case([](BatchNormOp o) { return decompose(o); })
              .Case([](BlurPoolOp o) { return decompose(o); });
      if (failed(result))
        return signalPassFailure();
      op->getResult(0).replaceAllUsesWith(*result);
      op->erase();
    }
    getOperation().walk([](Conv2DOp op) { splitActivation(op); });
    getOperation().walk([](DepthwiseConv2DOp op) { splitActivation(op); });
  }
};

} // namespace
} // namespace mnv4
