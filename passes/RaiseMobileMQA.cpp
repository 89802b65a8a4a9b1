//===- RaiseMobileMQA.cpp - the Mobile MQA chain --------------------------===//
//
// After import and layout cleanup the timm MQA block (§4.3 of the
// architecture notes) is, in NHWC:
//
//   xn = batch_norm(x)
//   q  = transpose<0,1,3,2>(reshape<B,h,kd,N>(transpose<0,3,1,2>(conv(xn))))
//   k  = transpose<0,1,3,2>(reshape<B,1,M,kd>(transpose<0,2,1>(
//          reshape<B,kd,M>(transpose<0,3,1,2>(conv([dw](xn)))))))
//   v  = reshape<B,1,M,vd>(transpose<0,2,1>(reshape<B,vd,M>(
//          transpose<0,3,1,2>(conv([dw](xn))))))
//   o  = reshape<B,H,W,h*vd>(transpose<0,2,1,3>(
//          matmul(softmax(matmul(mul(q, kd^-0.5), k)), v)))
//   out = add(mul(conv(o), layer_scale), x)
//
// (B the batch, N = H*W). Every transpose permutation and reshape shape is
// checked, including the batch, so a match has
// exactly mnv4.mqa's semantics. Matching on MLIR rather than on the ONNX
// graph lets the chain be checked after the NCHW->NHWC conversion, where
// the layout ops that remain are the ones listed above.
//
//===----------------------------------------------------------------------===//

#include "passes/RaiseUtils.h"

#include "passes/Passes.h"
#include "passes/PatternSetPass.h"
#include "passes/Raising.h"

#include <cmath>

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_RAISEMOBILEMQA
#include "passes/Passes.h.inc"

namespace {

/// `v` = transpose(input, perm); returns the input.
Value throughTranspose(Value v, ArrayRef<int64_t> perm) {
  auto t = v ? v.getDefiningOp<TransposeOp>() : TransposeOp();
  return t && t.getPerm() == perm ? t.getInput() : Value();
}

/// `v` = reshape(input) with result shape `shape`; returns the input.
Value throughReshape(Value v, ArrayRef<int64_t> shape) {
  auto r = v ? v.getDefiningOp<ReshapeOp>() : ReshapeOp();
  return r && shapeOf(r.getOutput()) == shape ? r.getInput() : Value();
}

/// A bias-free 1x1 projection with no activation.
Conv2DOp projection(Value v) {
  auto conv = v ? v.getDefiningOp<Conv2DOp>() : Conv2DOp();
  if (!conv || conv.getBias() || conv.getAct() != Activation::none ||
      !isPointwise(conv))
    return {};
  return conv;
}

/// The K or V branch: conv(xn) or conv(dw3x3(xn)); heads of one key/value.
struct KVBranch {
  Conv2DOp proj;
  DepthwiseConv2DOp down; ///< null when kv_stride = 1
  int64_t stride = 1;
};

/// Walks from a [B,1,M,d] tensor back to its projection conv.
std::optional<KVBranch> matchKV(Value v, int64_t batch) {
  auto r2 = v ? v.getDefiningOp<ReshapeOp>() : ReshapeOp();
  if (!r2)
    return std::nullopt;
  ArrayRef<int64_t> s = shapeOf(r2.getOutput()); // [B,1,M,d]
  if (s.size() != 4 || s[0] != batch || s[1] != 1)
    return std::nullopt;
  int64_t m = s[2], d = s[3];
  Value t = throughTranspose(r2.getInput(), {0, 2, 1});
  t = throughTranspose(throughReshape(t, {batch, d, m}), {0, 3, 1, 2});
  KVBranch kv;
  kv.proj = projection(t);
  if (!kv.proj || shapeOf(kv.proj.getOutput())[3] != d)
    return std::nullopt;
  ArrayRef<int64_t> ps = shapeOf(kv.proj.getOutput());
  if (ps[1] * ps[2] != m)
    return std::nullopt;
  if (auto dw = kv.proj.getInput().getDefiningOp<DepthwiseConv2DOp>()) {
    // The kv downsampling is a 3x3 depthwise conv without activation.
    int64_t st = blockDepthwiseStride(dw);
    if (shapeOf(dw.getFilter())[0] != 3 || dw.getAct() != Activation::none ||
        st < 1)
      return std::nullopt;
    kv.down = dw;
    kv.stride = st;
  }
  return kv;
}

struct RaiseMobileMQA : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (int side = 0; side < 2; ++side)
      if (succeeded(match(add, add->getOperand(side), add->getOperand(1 - side),
                          rewriter)))
        return success();
    return failure();
  }

private:
  LogicalResult match(AddOp add, Value branch, Value x,
                      PatternRewriter &rewriter) const {
    ArrayRef<int64_t> xs = shapeOf(x);
    if (xs.size() != 4)
      return failure();
    int64_t batch = xs[0], h = xs[1], w = xs[2], n = h * w;
    Value layerScale;
    if (auto mul = branch.getDefiningOp<MulOp>()) {
      if (!isLayerScaleMul(mul)) // [C]; the add keeps x's shape
        return failure();
      layerScale = mul.getRhs();
      branch = mul.getLhs();
    }
    Conv2DOp out = projection(branch);
    if (!out)
      return failure();
    // o = reshape<B,H,W,h*vd>(transpose<0,2,1,3>(A @ V))
    int64_t hv = shapeOf(out.getInput())[3];
    Value o = throughReshape(out.getInput(), {batch, h, w, hv});
    o = throughTranspose(o, {0, 2, 1, 3});
    auto av = o ? o.getDefiningOp<MatMulOp>() : MatMulOp();
    if (!av)
      return failure();
    auto softmax = av.getLhs().getDefiningOp<SoftmaxOp>();
    auto qk =
        softmax ? softmax.getInput().getDefiningOp<MatMulOp>() : MatMulOp();
    auto scale = qk ? qk.getLhs().getDefiningOp<MulOp>() : MulOp();
    if (!scale)
      return failure();
    // q = transpose<0,1,3,2>(reshape<B,heads,kd,N>(transpose<0,3,1,2>(conv)))
    auto qr = scale.getLhs().getDefiningOp<TransposeOp>();
    if (!qr || qr.getPerm() != ArrayRef<int64_t>{0, 1, 3, 2})
      return failure();
    ArrayRef<int64_t> qs = shapeOf(qr.getOutput()); // [B,heads,N,kd]
    if (qs.size() != 4 || qs[0] != batch || qs[2] != n)
      return failure();
    int64_t heads = qs[1], kd = qs[3];
    Conv2DOp query = projection(throughTranspose(
        throughReshape(qr.getInput(), {batch, heads, kd, n}), {0, 3, 1, 2}));
    auto norm =
        query ? query.getInput().getDefiningOp<BatchNormOp>() : BatchNormOp();
    if (!norm || norm.getInput() != x)
      return failure();
    auto s = getConstFloats(scale.getRhs());
    if (!s || s->size() != 1 ||
        std::fabs((*s)[0] - 1.0 / std::sqrt(double(kd))) >
            1e-6 / std::sqrt(double(kd)))
      return failure();
    // k = transpose<0,1,3,2>([B,1,M,kd]); v = [B,1,M,vd]
    auto key = matchKV(throughTranspose(qk.getRhs(), {0, 1, 3, 2}), batch);
    auto value = matchKV(av.getRhs(), batch);
    if (!key || !value || key->stride != value->stride ||
        !!key->down != !!value->down || shapeOf(key->proj.getOutput())[3] != kd)
      return failure();
    Value xn = norm.getOutput();
    auto kvInput = [&](KVBranch b) {
      return b.down ? b.down.getInput() : b.proj.getInput();
    };
    if (kvInput(*key) != xn || kvInput(*value) != xn ||
        hv != heads * shapeOf(value->proj.getOutput())[3])
      return failure();

    rewriter.setInsertionPoint(add);
    auto mqa =
        MobileMQAOp::create(rewriter, add.getLoc(), add.getType(), x,
                            norm.getScale(), norm.getShift(), query.getFilter(),
                            key->down ? key->down.getFilter() : Value(),
                            key->down ? key->down.getBias() : Value(),
                            value->down ? value->down.getFilter() : Value(),
                            value->down ? value->down.getBias() : Value(),
                            key->proj.getFilter(), value->proj.getFilter(),
                            out.getFilter(), layerScale, heads, key->stride);
    rewriter.replaceOp(add, mqa.getOutput());
    return success();
  }
};

} // namespace

void populateMobileMQAPatterns(RewritePatternSet &patterns) {
  patterns.add<RaiseMobileMQA>(patterns.getContext());
}

namespace {
struct RaiseMobileMQAPass
    : PatternSetPass<impl::RaiseMobileMQABase<RaiseMobileMQAPass>,
                     populateMobileMQAPatterns> {};
} // namespace

} // namespace mnv4
