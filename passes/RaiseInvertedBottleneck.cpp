//===- RaiseInvertedBottleneck.cpp - UIB and FusedIB chains ---------------===//
//
// Matched backwards from the projection (a 1x1 conv with bias and no
// activation, which only projections are):
//
//   UIB:     [dw_start{none}] -> pw_exp{act} -> [dw_mid{act} -> [aa pool]]
//            -> pw_proj -> [mul layer_scale] -> [add shortcut]
//   FusedIB: conv_exp kxk{act} -> [aa pool] -> conv_pwl -> [add shortcut]
//
//===----------------------------------------------------------------------===//

#include "passes/RaiseUtils.h"

#include "passes/Passes.h"
#include "passes/PatternSetPass.h"
#include "passes/Raising.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_RAISEINVERTEDBOTTLENECK
#include "passes/Passes.h.inc"

namespace {

/// The anti-aliasing pool in front of the projection, if any; `x` moves to
/// its input.
Antialias matchAntialias(Value &x) {
  if (auto avg = x.getDefiningOp<AvgPool2DOp>()) {
    if (avg.getKernel() == 2 && avg.getStride() == 2) {
      x = avg.getInput();
      return Antialias::avg;
    }
  } else if (auto blur = x.getDefiningOp<BlurPoolOp>()) {
    x = blur.getInput();
    return Antialias::blur;
  }
  return Antialias::none;
}

/// What follows the projection: an optional layer scale Mul by a [C]
/// constant and an optional residual Add of the block input.
struct Tail {
  Operation *last;
  Value layerScale;
  bool residual = false;
};

Tail matchTail(Operation *proj, Value blockInput, bool allowLayerScale) {
  Tail t{proj, Value(), false};
  Value y = proj->getResult(0);
  if (allowLayerScale && y.hasOneUse())
    if (auto mul = dyn_cast<MulOp>(*y.user_begin()))
      if (mul.getLhs() == y && isLayerScaleMul(mul)) {
        t.last = mul;
        t.layerScale = mul.getRhs();
        y = mul.getOutput();
      }
  if (y.hasOneUse())
    if (auto add = dyn_cast<AddOp>(*y.user_begin())) {
      Value other = add.getLhs() == y ? add.getRhs() : add.getLhs();
      if (other == blockInput) {
        t.last = add;
        t.residual = true;
      }
    }
  return t;
}

struct RaiseInvertedBottleneck : OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(Conv2DOp proj,
                                PatternRewriter &rewriter) const override {
    if (!isPointwise(proj) || !proj.getBias() ||
        proj.getAct() != Activation::none)
      return failure();
    Value x = proj.getInput();
    Antialias aa = matchAntialias(x);
    auto mid = x.getDefiningOp<DepthwiseConv2DOp>();
    int64_t midStride = mid ? blockDepthwiseStride(mid) : 0;
    if (mid && (midStride == 0 || mid.getAct() == Activation::none))
      return failure();
    if (mid)
      x = mid.getInput();
    auto expand = x.getDefiningOp<Conv2DOp>();
    if (!expand || !expand.getBias() || expand.getAct() == Activation::none ||
        (mid && mid.getAct() != expand.getAct()))
      return failure();
    ArrayRef<int64_t> ef = shapeOf(expand.getFilter());
    int64_t expandStride =
        ef[1] == ef[2]
            ? blockConvStride(expand.getStrides(), expand.getPad(), ef[1])
            : 0;
    if (expandStride == 0 || (aa != Antialias::none && !mid && ef[1] == 1))
      return failure();
    if (ef[1] == 1)
      return raiseUIB(proj, expand, mid, midStride, aa, rewriter);
    if (mid)
      return failure();
    return raiseFusedIB(proj, expand, expandStride, aa, rewriter);
  }

private:
  LogicalResult raiseUIB(Conv2DOp proj, Conv2DOp expand, DepthwiseConv2DOp mid,
                         int64_t midStride, Antialias aa,
                         PatternRewriter &rewriter) const {
    if (!isPointwise(expand))
      return failure();
    Value input = expand.getInput();
    auto start = input.getDefiningOp<DepthwiseConv2DOp>();
    int64_t startStride = start ? blockDepthwiseStride(start) : 0;
    if (start && (startStride == 0 || start.getAct() != Activation::none))
      start = {};
    if (start)
      input = start.getInput();
    int64_t stride = 1;
    if (aa != Antialias::none) {
      if (midStride != 1 || (start && startStride != 1))
        return failure();
      stride = 2;
    } else if (mid) {
      if (start && startStride != 1)
        return failure();
      stride = midStride;
    } else if (start) {
      stride = startStride; // timm's fallback: no mid dw, stride on start
    }
    Tail tail = matchTail(proj, input, /*allowLayerScale=*/true);
    rewriter.setInsertionPoint(tail.last);
    auto uib = UIBOp::create(
        rewriter, proj.getLoc(), tail.last->getResult(0).getType(), input,
        start ? start.getFilter() : Value(), start ? start.getBias() : Value(),
        expand.getFilter(), expand.getBias(), mid ? mid.getFilter() : Value(),
        mid ? mid.getBias() : Value(), proj.getFilter(), proj.getBias(),
        tail.layerScale, stride, expand.getAct(), aa, tail.residual);
    rewriter.replaceOp(tail.last, uib.getOutput());
    return success();
  }

  LogicalResult raiseFusedIB(Conv2DOp proj, Conv2DOp expand,
                             int64_t expandStride, Antialias aa,
                             PatternRewriter &rewriter) const {
    if (aa != Antialias::none && expandStride != 1)
      return failure();
    int64_t stride = aa != Antialias::none ? 2 : expandStride;
    Tail tail = matchTail(proj, expand.getInput(), /*allowLayerScale=*/false);
    rewriter.setInsertionPoint(tail.last);
    auto fib = FusedIBOp::create(
        rewriter, proj.getLoc(), tail.last->getResult(0).getType(),
        expand.getInput(), expand.getFilter(), expand.getBias(),
        proj.getFilter(), proj.getBias(), stride, expand.getAct(), aa,
        tail.residual);
    rewriter.replaceOp(tail.last, fib.getOutput());
    return success();
  }
};

} // namespace

void populateInvertedBottleneckPatterns(RewritePatternSet &patterns) {
  patterns.add<RaiseInvertedBottleneck>(patterns.getContext());
}

namespace {
struct RaiseInvertedBottleneckPass
    : PatternSetPass<
          impl::RaiseInvertedBottleneckBase<RaiseInvertedBottleneckPass>,
          populateInvertedBottleneckPatterns> {};
} // namespace

} // namespace mnv4
