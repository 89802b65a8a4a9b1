//===- Stats.cpp - count params, weights and MACs per block ---------------===//
//
// One entry per compute op, in network order. The formulas are those of
// section 2.8 of mnv4-architectures.md; docs/stats.md is the contract.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Support/Stats.h"
#include "mnv4/Support/LocationName.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mnv4;
using llvm::json::Array;
using llvm::json::Object;

namespace {

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<ShapedType>(v.getType()).getShape();
}

int64_t numel(Value v) {
  if (!v)
    return 0;
  int64_t n = 1;
  for (int64_t d : shapeOf(v))
    n *= d;
  return n;
}

bool isWeight(Value v) { return v && v.getDefiningOp<ConstOp>(); }

/// Numbers stored in the IR for `op`: its mnv4.const operands.
int64_t storedWeights(Operation *op) {
  int64_t n = 0;
  for (Value v : op->getOperands())
    if (isWeight(v))
      n += numel(v);
  return n;
}

/// A conv with a bias operand stands for conv + folded BatchNorm: the BN's
/// weight and bias are trainable (2 per channel), its running stats are not.
/// A conv without bias had no BN (the MQA projections).
int64_t convWithBNParams(Value filter, Value bias) {
  return numel(filter) + 2 * numel(bias);
}

/// Output size of a (k-1)/2-padded conv with stride `s`: ceil(in / s).
int64_t stridedSize(int64_t in, int64_t s) { return (in + s - 1) / s; }

/// Dimensions as a JSON array; a dynamic dimension is -1.
Array shapeArray(ArrayRef<int64_t> dims) {
  Array a;
  for (int64_t d : dims)
    a.push_back(ShapedType::isDynamic(d) ? int64_t(-1) : d);
  return a;
}

/// [H, W] of an NHWC value.
Array spatialSize(Value v) {
  ArrayRef<int64_t> s = shapeOf(v);
  return shapeArray({s[1], s[2]});
}

/// The "input_size" and "output_size" attributes of a spatial op.
void addSpatialSizes(Object &a, Value input, Value output) {
  a["input_size"] = spatialSize(input);
  a["output_size"] = spatialSize(output);
}

/// N * H * W of an NHWC value: the positions a conv computes.
int64_t pixels(Value v) {
  ArrayRef<int64_t> s = shapeOf(v);
  return s[0] * s[1] * s[2];
}

/// UIB sub-form from its optional depthwise convs.
StringRef uibForm(bool hasStart, bool hasMid) {
  if (hasStart)
    return hasMid ? "XDW" : "CNX";
  return hasMid ? "IB" : "FFN";
}

/// Per-channel constants (layer scales) are trainable; a one-element
/// constant is a fixed scale (e.g. attention's kd^-0.5), not a parameter.
int64_t constantParams(Operation *op) {
  int64_t n = 0;
  for (Value v : op->getOperands())
    if (isWeight(v) && numel(v) > 1)
      n += numel(v);
  return n;
}

/// Counts a conv or depthwise conv: every filter element is one MAC per
/// output position.
template <typename ConvOp>
void countConv(ConvOp conv, StringRef kind, int64_t inChannels,
               int64_t outChannels, ArrayRef<int64_t> kernel, BlockStats &b) {
  b.kind = kind.str();
  b.params = convWithBNParams(conv.getFilter(), conv.getBias());
  b.macs = numel(conv.getFilter()) * pixels(conv.getOutput());
  Object &a = b.attrs;
  a["in_channels"] = inChannels;
  a["out_channels"] = outChannels;
  a["kernel"] = shapeArray(kernel);
  a["strides"] = shapeArray(conv.getStrides());
  a["pad"] = shapeArray(conv.getPad());
  a["bias"] = static_cast<bool>(conv.getBias());
  a["act"] = stringifyActivation(conv.getAct());
  addSpatialSizes(a, conv.getInput(), conv.getOutput());
}

/// MACs of the part an inverted bottleneck runs at its output size: the blur
/// pool of the `blur` variants (3x3 depthwise) and the 1x1 projection.
int64_t outputStageMacs(Antialias aa, int64_t expanded, int64_t outChannels,
                        int64_t outPixels) {
  return (aa == Antialias::blur ? 9 * expanded * outPixels : 0) +
         expanded * outChannels * outPixels;
}

/// The attributes fused_ib and uib share.
template <typename BlockOp>
void addInvertedBottleneckAttrs(Object &a, BlockOp op) {
  a["in_channels"] = shapeOf(op.getInput())[3];
  a["out_channels"] = shapeOf(op.getOutput())[3];
  a["expanded_channels"] = static_cast<int64_t>(op.getExpandedChannels());
  a["stride"] = static_cast<int64_t>(op.getStride());
  a["act"] = stringifyActivation(op.getAct());
  a["antialias"] = stringifyAntialias(op.getAntialias());
  a["residual"] = op.getResidual();
  addSpatialSizes(a, op.getInput(), op.getOutput());
}

/// add, mul, softmax, reshape and ops of other dialects: no MACs; only
/// per-channel constants (layer scales) are parameters.
void countOther(Operation *op, BlockStats &b) {
  StringRef dialect =
      op->getDialect() ? op->getDialect()->getNamespace() : StringRef();
  b.kind = dialect == "mnv4" ? op->getName().stripDialect().str()
                             : op->getName().getStringRef().str();
  b.params = constantParams(op);
  if (op->getNumResults() == 1)
    if (auto type = dyn_cast<ShapedType>(op->getResult(0).getType());
        type && type.hasRank())
      b.attrs["shape"] = shapeArray(type.getShape());
}

/// Fills `b` for one op; returns false for ops that are not counted.
bool countOp(Operation *op, BlockStats &b) {
  Object &a = b.attrs;
  return llvm::TypeSwitch<Operation *, bool>(op)
      .Case<ConstOp, func::ReturnOp>([](auto) { return false; })
      .Case([&](Conv2DOp conv) {
        ArrayRef<int64_t> f = shapeOf(conv.getFilter()); // [Cout, kh, kw, Cin]
        countConv(conv, "conv", f[3], f[0], {f[1], f[2]}, b);
        return true;
      })
      .Case([&](DepthwiseConv2DOp conv) {
        ArrayRef<int64_t> f = shapeOf(conv.getFilter()); // [kh, kw, C]
        countConv(conv, "depthwise_conv", f[2], f[2], {f[0], f[1]}, b);
        return true;
      })
      .Case([&](FullyConnectedOp fc) {
        ArrayRef<int64_t> w = shapeOf(fc.getWeight());
        b.kind = "fully_connected";
        // A real bias (the classifier Linear's), not a folded BatchNorm.
        b.params = numel(fc.getWeight()) + numel(fc.getBias());
        b.macs = w[0] * w[1] * shapeOf(fc.getOutput())[0];
        a["in_channels"] = w[1];
        a["out_channels"] = w[0];
        a["bias"] = static_cast<bool>(fc.getBias());
        return true;
      })
      .Case([&](FusedIBOp fib) {
        ArrayRef<int64_t> in = shapeOf(fib.getInput());
        ArrayRef<int64_t> out = shapeOf(fib.getOutput());
        int64_t k = fib.getKernel(), mid = fib.getExpandedChannels();
        int64_t cout = out[3], stride = fib.getStride();
        Antialias aa = fib.getAntialias();
        // With anti-aliasing the expand conv runs at stride 1 and the pool
        // downsamples.
        int64_t convStride = aa == Antialias::none ? stride : 1;
        int64_t he = stridedSize(in[1], convStride);
        int64_t we = stridedSize(in[2], convStride);
        b.kind = "fused_ib";
        b.params =
            convWithBNParams(fib.getExpandFilter(), fib.getExpandBias()) +
            convWithBNParams(fib.getProjectFilter(), fib.getProjectBias());
        b.macs = k * k * in[3] * mid * in[0] * he * we +
                 outputStageMacs(aa, mid, cout, pixels(fib.getOutput()));
        addInvertedBottleneckAttrs(a, fib);
        a["kernel"] = k;
        return true;
      })
      .Case([&](UIBOp uib) {
        ArrayRef<int64_t> in = shapeOf(uib.getInput());
        ArrayRef<int64_t> out = shapeOf(uib.getOutput());
        int64_t ks = uib.getStartKernel(), km = uib.getMidKernel();
        int64_t mid = uib.getExpandedChannels(), cout = out[3];
        int64_t stride = uib.getStride(), n = in[0];
        Antialias aa = uib.getAntialias();
        // The stride sits on the middle dw conv, or on the start one when
        // there is no middle conv; anti-aliasing moves it to the pool.
        int64_t startStride = km ? 1 : stride;
        int64_t midStride = aa == Antialias::none ? stride : 1;
        int64_t h1 = stridedSize(in[1], startStride);
        int64_t w1 = stridedSize(in[2], startStride);
        int64_t h2 = stridedSize(h1, midStride);
        int64_t w2 = stridedSize(w1, midStride);
        b.kind = "uib";
        b.params =
            convWithBNParams(uib.getStartFilter(), uib.getStartBias()) +
            convWithBNParams(uib.getExpandFilter(), uib.getExpandBias()) +
            convWithBNParams(uib.getMidFilter(), uib.getMidBias()) +
            convWithBNParams(uib.getProjectFilter(), uib.getProjectBias()) +
            numel(uib.getLayerScale());
        b.macs = ks * ks * in[3] * n * h1 * w1 + in[3] * mid * n * h1 * w1 +
                 km * km * mid * n * h2 * w2 +
                 outputStageMacs(aa, mid, cout, pixels(uib.getOutput()));
        addInvertedBottleneckAttrs(a, uib);
        a["start_kernel"] = ks;
        a["mid_kernel"] = km;
        a["form"] = uibForm(ks, km);
        a["layer_scale"] = static_cast<bool>(uib.getLayerScale());
        return true;
      })
      .Case([&](MobileMQAOp mqa) {
        ArrayRef<int64_t> in = shapeOf(mqa.getInput());
        int64_t n = in[0], c = in[3], heads = mqa.getNumHeads();
        int64_t kd = mqa.getKeyDim(), vd = mqa.getValueDim();
        int64_t kv = mqa.getKvStride();
        Value keyDown = mqa.getKeyDownFilter();
        int64_t kvKernel = keyDown ? shapeOf(keyDown)[0] : 0;
        int64_t queries = in[1] * in[2];
        int64_t keys = stridedSize(in[1], kv) * stridedSize(in[2], kv);
        int64_t attention = n * heads * queries * keys * (kd + vd);
        b.kind = "mqa";
        b.params =
            numel(mqa.getNormScale()) + numel(mqa.getNormShift()) +
            numel(mqa.getQueryFilter()) +
            convWithBNParams(keyDown, mqa.getKeyDownBias()) +
            convWithBNParams(mqa.getValueDownFilter(), mqa.getValueDownBias()) +
            numel(mqa.getKeyFilter()) + numel(mqa.getValueFilter()) +
            numel(mqa.getOutputFilter()) + numel(mqa.getLayerScale());
        b.macs =
            n * (c * heads * kd * queries + 2 * kvKernel * kvKernel * c * keys +
                 c * (kd + vd) * keys + heads * vd * c * queries) +
            attention;
        a["in_channels"] = c;
        a["out_channels"] = c;
        a["heads"] = heads;
        a["key_dim"] = kd;
        a["value_dim"] = vd;
        a["kv_stride"] = kv;
        a["kv_kernel"] = kvKernel;
        a["stride"] = 1;
        a["layer_scale"] = static_cast<bool>(mqa.getLayerScale());
        a["residual"] = true;
        a["queries"] = queries;
        a["keys"] = keys;
        a["attention_macs"] = attention;
        addSpatialSizes(a, mqa.getInput(), mqa.getOutput());
        return true;
      })
      .Case([&](BatchNormOp bn) {
        b.kind = "batch_norm";
        b.params = numel(bn.getScale()) + numel(bn.getShift());
        a["channels"] = shapeOf(bn.getInput()).back();
        a["shape"] = shapeArray(shapeOf(bn.getInput()));
        return true;
      })
      .Case([&](GlobalAvgPoolOp pool) {
        b.kind = "global_avg_pool";
        a["in_channels"] = shapeOf(pool.getInput())[3];
        a["out_channels"] = shapeOf(pool.getInput())[3];
        a["input_size"] = spatialSize(pool.getInput());
        return true;
      })
      .Case([&](AvgPool2DOp pool) {
        b.kind = "avg_pool";
        a["channels"] = shapeOf(pool.getInput())[3];
        a["kernel"] = pool.getKernel();
        a["stride"] = pool.getStride();
        addSpatialSizes(a, pool.getInput(), pool.getOutput());
        return true;
      })
      .Case([&](BlurPoolOp pool) {
        b.kind = "blur_pool";
        // A 3x3 depthwise filter per output element.
        b.macs = 9 * numel(pool.getOutput());
        a["channels"] = shapeOf(pool.getOutput())[3];
        addSpatialSizes(a, pool.getInput(), pool.getOutput());
        return true;
      })
      .Case([&](ActivationOp act) {
        b.kind = "activation";
        a["act"] = stringifyActivation(act.getKind());
        a["shape"] = shapeArray(shapeOf(act.getOutput()));
        return true;
      })
      .Case([&](MatMulOp mm) {
        ArrayRef<int64_t> lhs = shapeOf(mm.getLhs());
        b.kind = "matmul";
        b.params = constantParams(op);
        b.macs = numel(mm.getOutput()) * lhs.back();
        a["lhs_shape"] = shapeArray(lhs);
        a["rhs_shape"] = shapeArray(shapeOf(mm.getRhs()));
        a["shape"] = shapeArray(shapeOf(mm.getOutput()));
        return true;
      })
      .Case([&](TransposeOp t) {
        b.kind = "transpose";
        a["perm"] = shapeArray(t.getPerm());
        a["shape"] = shapeArray(shapeOf(t.getOutput()));
        return true;
      })
      .Case([&](PadOp pad) {
        b.kind = "pad";
        a["pad"] = shapeArray(pad.getPad());
        a["shape"] = shapeArray(shapeOf(pad.getOutput()));
        return true;
      })
      // int8 ops (docs/int8.md): the MACs of their fp32 counterparts; kind,
      // params and attributes as the ops without a case below.
      .Case<QConv2DOp, QDepthwiseConv2DOp>([&](auto conv) {
        countOther(conv.getOperation(), b);
        b.macs = numel(conv.getFilter()) * pixels(conv.getOutput());
        return true;
      })
      .Case([&](QFullyConnectedOp fc) {
        countOther(fc.getOperation(), b);
        b.macs = numel(fc.getOutput()) * shapeOf(fc.getWeight())[1];
        return true;
      })
      .Case([&](QBatchMatMulOp mm) {
        countOther(mm.getOperation(), b);
        b.macs = numel(mm.getOutput()) * shapeOf(mm.getLhs()).back();
        return true;
      })
      .Default([&](Operation *other) {
        countOther(other, b);
        return true;
      });
}

} // namespace

std::optional<BlockStats> mnv4::opStats(Operation *op) {
  BlockStats block;
  if (!countOp(op, block))
    return std::nullopt;
  std::string name = locationName(op->getLoc());
  if (!name.empty())
    block.attrs["name"] = name;
  block.weights = storedWeights(op);
  return block;
}

ModelStats mnv4::computeStats(func::FuncOp func) {
  ModelStats stats;
  func.getBody().walk<WalkOrder::PreOrder>([&](Operation *op) {
    std::optional<BlockStats> block = opStats(op);
    if (!block)
      return;
    stats.params += block->params;
    stats.weights += block->weights;
    stats.macs += block->macs;
    stats.blocks.push_back(std::move(*block));
  });
  return stats;
}
