//===- LinalgBuilders.cpp - linalg-on-tensors pieces of mnv4 ops ----------===//

#include "LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include <cmath>
#include <limits>

using namespace mlir;

namespace mnv4::conversion {

namespace {

constexpr llvm::StringLiteral kKernelTag = "mnv4.kernel";

RankedTensorType f32Tensor(MLIRContext *ctx, ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, Float32Type::get(ctx));
}

SmallVector<utils::IteratorType> parallel(unsigned n) {
  return SmallVector<utils::IteratorType>(n, utils::IteratorType::parallel);
}

/// The scalar activation function of `#mnv4.act`.
Value scalarActivation(OpBuilder &b, Location loc, Value x, Activation act) {
  auto c = [&](double v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v)).getResult();
  };
  switch (act) {
  case Activation::none:
    return x;
  case Activation::relu:
    return arith::MaximumFOp::create(b, loc, x, c(0.0));
  case Activation::relu6:
    return arith::MinimumFOp::create(
        b, loc, arith::MaximumFOp::create(b, loc, x, c(0.0)), c(6.0));
  case Activation::gelu: {
    // Exact GELU: 0.5 x (1 + erf(x / sqrt 2)).
    Value scaled = arith::MulFOp::create(b, loc, x, c(M_SQRT1_2));
    Value erf = math::ErfOp::create(b, loc, scaled);
    Value onePlus = arith::AddFOp::create(b, loc, erf, c(1.0));
    Value half = arith::MulFOp::create(b, loc, x, c(0.5));
    return arith::MulFOp::create(b, loc, half, onePlus);
  }
  case Activation::hardswish: {
    Value shifted = arith::AddFOp::create(b, loc, x, c(3.0));
    Value clamped = arith::MinimumFOp::create(
        b, loc, arith::MaximumFOp::create(b, loc, shifted, c(0.0)), c(6.0));
    Value prod = arith::MulFOp::create(b, loc, x, clamped);
    return arith::DivFOp::create(b, loc, prod, c(6.0));
  }
  }
  return x;
}

/// `exp(x)` for `x <= 0` (softmax's `x - max`) in arithmetic the vectorizer
/// keeps in vectors (math.exp becomes one libm call per element): Cephes'
/// expf, `2^n * e^r` with `x = n ln2 + r`, |r| <= ln2/2, e^r from a
/// polynomial (about 1 ulp); below -87 the result is 0.
Value expNonPositive(OpBuilder &b, Location loc, Value x) {
  auto c = [&](double v) {
    return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(v)).getResult();
  };
  // Plain multiply-add: math.fma and math.floor would become libm calls.
  auto fma = [&](Value a, Value m, Value add) {
    return arith::AddFOp::create(b, loc, arith::MulFOp::create(b, loc, a, m),
                                 add)
        .getResult();
  };
  Value low = c(-87.0);
  Value clamped = arith::MaximumFOp::create(b, loc, x, low);
  // n = round(x / ln2): adding and subtracting 1.5 * 2^23 rounds to an
  // integer.
  Value magic = c(12582912.0);
  Value n = arith::SubFOp::create(
      b, loc, fma(clamped, c(1.44269504088896341), magic), magic);
  Value r = fma(n, c(-0.693359375), clamped);
  r = fma(n, c(2.12194440e-4), r);
  Value p = c(1.9875691500e-4);
  for (double k : {1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2,
                   1.6666665459e-1, 5.0000001201e-1})
    p = fma(p, r, c(k));
  Value r2 = arith::MulFOp::create(b, loc, r, r);
  Value er = arith::AddFOp::create(b, loc, fma(p, r2, r), c(1.0));
  // 2^n from the exponent bits: n >= -126 here.
  Type i32 = b.getI32Type();
  Value bits = arith::ShLIOp::create(
      b, loc,
      arith::AddIOp::create(
          b, loc, arith::FPToSIOp::create(b, loc, i32, n),
          arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(127))),
      arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(23)));
  Value pow2 = arith::BitcastOp::create(b, loc, b.getF32Type(), bits);
  Value y = arith::MulFOp::create(b, loc, er, pow2);
  Value underflow =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLE, x, low);
  return arith::SelectOp::create(b, loc, underflow, c(0.0), y);
}

/// Reassociation grouping all leading dims of a rank-`rank` shape into one.
SmallVector<ReassociationIndices> collapseLeading(int64_t rank) {
  ReassociationIndices lead;
  for (int64_t i = 0; i + 1 < rank; ++i)
    lead.push_back(i);
  return {lead, {rank - 1}};
}

} // namespace

ArrayRef<int64_t> shapeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

std::optional<std::vector<float>> constantValues(Value weight) {
  Attribute attr;
  if (!matchPattern(weight, m_Constant(&attr)))
    return std::nullopt;
  if (auto resource = dyn_cast<DenseF32ResourceElementsAttr>(attr)) {
    std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
    if (!data)
      return std::nullopt;
    return std::vector<float>(data->begin(), data->end());
  }
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    auto values = dense.getValues<float>();
    return std::vector<float>(values.begin(), values.end());
  }
  return std::nullopt;
}

Value LinalgBuilder::empty(ArrayRef<int64_t> shape) {
  if (allocHere)
    return bufferization::AllocTensorOp::create(
        b, loc, f32Tensor(b.getContext(), shape), ValueRange{});
  return tensor::EmptyOp::create(b, loc, shape, b.getF32Type());
}

Value LinalgBuilder::f32(double value) {
  return arith::ConstantOp::create(b, loc, b.getF32FloatAttr(value));
}

Value LinalgBuilder::constant(ArrayRef<int64_t> shape, ArrayRef<float> values,
                              StringRef name) {
  RankedTensorType type = f32Tensor(b.getContext(), shape);
  Attribute attr;
  if (values.size() <= 16) {
    attr = DenseElementsAttr::get(type, values);
  } else {
    // Blob names are made unique by the resource manager.
    attr = DenseF32ResourceElementsAttr::get(
        type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
  }
  return arith::ConstantOp::create(b, loc, type, cast<TypedAttr>(attr));
}

Value LinalgBuilder::padHW(Value x, ArrayRef<int64_t> pad) {
  if (llvm::all_of(pad, [](int64_t p) { return p == 0; }))
    return x;
  ArrayRef<int64_t> s = shapeOf(x);
  SmallVector<int64_t> out = {s[0], s[1] + pad[0] + pad[2],
                              s[2] + pad[1] + pad[3], s[3]};
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(pad[0]),
                                   b.getIndexAttr(pad[1]), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(pad[2]),
                                    b.getIndexAttr(pad[3]), b.getIndexAttr(0)};
  return tensor::PadOp::create(b, loc, f32Tensor(b.getContext(), out), x, low,
                               high, f32(0.0));
}

Value LinalgBuilder::biasInit(ArrayRef<int64_t> shape, Value bias) {
  Value init = empty(shape);
  if (!bias)
    return linalg::FillOp::create(b, loc, f32(0.0), init).getResult(0);
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps = {broadcastMap(ctx, shapeOf(bias), shape),
                                 b.getMultiDimIdentityMap(shape.size())};
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{bias}, ValueRange{init},
      maps, parallel(shape.size()),
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc, args[0]);
      });
  op->setAttr(kKernelTag, b.getStringAttr("bias"));
  return op.getResult(0);
}

Value LinalgBuilder::map(
    ValueRange inputs,
    function_ref<Value(OpBuilder &, Location, ValueRange)> fn, StringRef tag) {
  ArrayRef<int64_t> shape = shapeOf(inputs[0]);
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(broadcastMap(ctx, shapeOf(in), shape));
  maps.push_back(b.getMultiDimIdentityMap(shape.size()));
  Value init = empty(shape);
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
      parallel(shape.size()),
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc, fn(nb, nloc, args.drop_back()));
      });
  op->setAttr(kKernelTag, b.getStringAttr(tag.empty() ? "map" : tag));
  return op.getResult(0);
}

Value LinalgBuilder::activation(Value x, Activation act) {
  if (act == Activation::none)
    return x;
  return map(
      x,
      [act](OpBuilder &nb, Location nloc, ValueRange v) {
        return scalarActivation(nb, nloc, v[0], act);
      },
      "activation");
}

Value LinalgBuilder::add(Value x, Value y) {
  return map(
      {x, y},
      [](OpBuilder &nb, Location nloc, ValueRange v) -> Value {
        return arith::AddFOp::create(nb, nloc, v[0], v[1]);
      },
      "add");
}

Value LinalgBuilder::scaleShift(Value x, Value scale, Value shift) {
  SmallVector<Value> ins = {x, scale};
  if (shift)
    ins.push_back(shift);
  return map(
      ins,
      [](OpBuilder &nb, Location nloc, ValueRange v) -> Value {
        Value r = arith::MulFOp::create(nb, nloc, v[0], v[1]);
        if (v.size() > 2)
          r = arith::AddFOp::create(nb, nloc, r, v[2]);
        return r;
      },
      "scale");
}

int64_t LinalgBuilder::panelWidthFor(int64_t co) const {
  // Output channels in panels of nr: the packed weight is read contiguously
  // by a register tile of nr output channels.
  int64_t nr = 1;
  while (nr * 2 <= opts.panelWidth && co % (nr * 2) == 0)
    nr *= 2;
  return nr;
}

PackedPointwise LinalgBuilder::packPointwise(Value filter, int64_t nr) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> fs = shapeOf(filter);
  int64_t co = fs.front(), ci = fs.back();
  if (!nr)
    nr = panelWidthFor(co);
  if (std::optional<std::vector<float>> w = constantValues(filter)) {
    return {constant({co / nr, ci, nr}, packPanels<float>(*w, co, ci, nr),
                     "packed_1x1"),
            nr};
  }
  // Not a constant: read [Co, ..., Ci] in place through a map.
  Value packed = tensor::CollapseShapeOp::create(b, loc, filter,
                                                 collapseLeading(fs.size()));
  packed = tensor::ExpandShapeOp::create(
      b, loc, f32Tensor(ctx, {co, ci, 1}), packed,
      SmallVector<ReassociationIndices>{{0}, {1, 2}});
  return {packed, 1};
}

Value LinalgBuilder::pointwiseProduct(Value x2, Value packed, Value init) {
  return buildPointwiseProduct(
      b, loc, x2, packed, init,
      [](OpBuilder &nb, Location nloc, Value x, Value w, Value acc) -> Value {
        return arith::AddFOp::create(nb, nloc, acc,
                                     arith::MulFOp::create(nb, nloc, x, w));
      });
}

Value LinalgBuilder::panelBias(Value bias, int64_t nr) {
  int64_t co = shapeOf(bias)[0];
  return tensor::ExpandShapeOp::create(
      b, loc, f32Tensor(b.getContext(), {co / nr, nr}), bias,
      SmallVector<ReassociationIndices>{{0, 1}});
}

Value LinalgBuilder::collapsePixels(Value x) {
  ArrayRef<int64_t> xs = shapeOf(x);
  if (xs.size() == 2)
    return x;
  return tensor::CollapseShapeOp::create(b, loc, x, collapseLeading(xs.size()));
}

Value LinalgBuilder::unpanel(Value y, ArrayRef<int64_t> shape) {
  y = tensor::CollapseShapeOp::create(
      b, loc, y, SmallVector<ReassociationIndices>{{0}, {1, 2}});
  if (shape.size() == 2)
    return y;
  return tensor::ExpandShapeOp::create(b, loc, f32Tensor(b.getContext(), shape),
                                       y, collapseLeading(shape.size()));
}

Value LinalgBuilder::pointwise(Value x, Value filter, Value bias,
                               Activation act) {
  ArrayRef<int64_t> xs = shapeOf(x);
  int64_t co = shapeOf(filter).front();
  Value x2 = collapsePixels(x);
  PackedPointwise w = packPointwise(filter);
  Value init = biasInit({shapeOf(x2)[0], co / w.nr, w.nr},
                        bias ? panelBias(bias, w.nr) : Value());
  Value y = activation(pointwiseProduct(x2, w.packed, init), act);
  SmallVector<int64_t> outShape(xs.drop_back());
  outShape.push_back(co);
  return unpanel(y, outShape);
}

Value LinalgBuilder::conv2d(Value x, Value filter, Value bias,
                            ArrayRef<int64_t> strides, ArrayRef<int64_t> pad,
                            Activation act) {
  ArrayRef<int64_t> fs = shapeOf(filter);
  bool unitStride = llvm::all_of(strides, [](int64_t s) { return s == 1; });
  bool noPad = llvm::all_of(pad, [](int64_t p) { return p == 0; });
  if (fs[1] == 1 && fs[2] == 1 && unitStride && noPad)
    return pointwise(x, filter, bias, act);
  Value xp = padHW(x, pad);
  Value init = biasInit(convOutShape(xp, fs[1], fs[2], fs[0], strides), bias);
  Value hwcf;
  if (std::optional<std::vector<float>> w = constantValues(filter))
    hwcf = constant({fs[1], fs[2], fs[3], fs[0]},
                    packConvFilter(*w, fs, /*tile=*/fs[0]), "conv_hwcf");
  else
    hwcf = transpose(filter, {1, 2, 3, 0});
  return activation(conv2dHWCF(xp, hwcf, init, strides), act);
}

SmallVector<int64_t> convOutShape(Value xp, int64_t kh, int64_t kw, int64_t co,
                                  ArrayRef<int64_t> strides) {
  ArrayRef<int64_t> ps = shapeOf(xp);
  return {ps[0], (ps[1] - kh) / strides[0] + 1, (ps[2] - kw) / strides[1] + 1,
          co};
}

std::vector<float> packConvFilter(ArrayRef<float> ohwi, ArrayRef<int64_t> shape,
                                  int64_t tile) {
  // HWCF filters: the layout whose 2-D convolution decomposes into 1-D ones
  // that the vectorizer handles; [co/tile][kh][kw][ci][tile] keeps each tile
  // of output channels contiguous (tile = co: plain HWCF).
  int64_t co = shape[0], kh = shape[1], kw = shape[2], ci = shape[3];
  std::vector<float> p(ohwi.size());
  for (int64_t o = 0; o < co; ++o)
    for (int64_t i = 0; i < kh; ++i)
      for (int64_t j = 0; j < kw; ++j)
        for (int64_t c = 0; c < ci; ++c)
          p[(((o / tile * kh + i) * kw + j) * ci + c) * tile + o % tile] =
              ohwi[((o * kh + i) * kw + j) * ci + c];
  return p;
}

Value LinalgBuilder::conv2dHWCF(Value xp, Value hwcf, Value init,
                                ArrayRef<int64_t> strides) {
  return buildConvHWCF(b, loc, xp, hwcf, init, strides);
}

Value LinalgBuilder::depthwise(Value x, Value filter, Value bias,
                               ArrayRef<int64_t> strides, ArrayRef<int64_t> pad,
                               Activation act) {
  ArrayRef<int64_t> fs = shapeOf(filter);
  Value xp = padHW(x, pad);
  ArrayRef<int64_t> ps = shapeOf(xp);
  SmallVector<int64_t> out = {ps[0], (ps[1] - fs[0]) / strides[0] + 1,
                              (ps[2] - fs[1]) / strides[1] + 1, ps[3]};
  Value init = biasInit(out, bias);
  return activation(buildDepthwiseHWC(b, loc, xp, filter, init, strides), act);
}

Value LinalgBuilder::blockDepthwise(Value x, Value filter, Value bias,
                                    int64_t stride, Activation act) {
  int64_t k = shapeOf(filter)[0];
  int64_t p = (k - 1) / 2;
  // timm's symmetric padding: extra bottom/right rows that a stride leaves
  // unread are not needed (the conv ignores them).
  return depthwise(x, filter, bias, {stride, stride}, {p, p, p, p}, act);
}

Value LinalgBuilder::globalAvgPool(Value x) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> s = shapeOf(x);
  Value init = linalg::FillOp::create(b, loc, f32(0.0), empty({s[0], s[3]}))
                   .getResult(0);
  AffineExpr n, c, h, w;
  bindDims(ctx, n, c, h, w);
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {n, h, w, c}, ctx),
                                 AffineMap::get(4, 0, {n, c}, ctx)};
  SmallVector<utils::IteratorType> iters = parallel(2);
  iters.append(2, utils::IteratorType::reduction);
  auto sum = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{x}, ValueRange{init}, maps,
      iters, [](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(
            nb, nloc,
            arith::AddFOp::create(nb, nloc, args[0], args[1]).getResult());
      });
  sum->setAttr(kKernelTag, b.getStringAttr("pool"));
  float inv = 1.0f / static_cast<float>(s[1] * s[2]);
  Value mean = map(
      sum.getResult(0),
      [inv](OpBuilder &nb, Location nloc, ValueRange v) -> Value {
        Value c = arith::ConstantOp::create(nb, nloc, nb.getF32FloatAttr(inv));
        return arith::MulFOp::create(nb, nloc, v[0], c);
      },
      "scale");
  return tensor::ExpandShapeOp::create(
      b, loc, f32Tensor(ctx, {s[0], 1, 1, s[3]}), mean,
      SmallVector<ReassociationIndices>{{0, 1, 2}, {3}});
}

Value LinalgBuilder::avgPool(Value x, int64_t kernel, int64_t stride) {
  ArrayRef<int64_t> s = shapeOf(x);
  SmallVector<int64_t> out = {s[0], (s[1] - kernel) / stride + 1,
                              (s[2] - kernel) / stride + 1, s[3]};
  Value init =
      linalg::FillOp::create(b, loc, f32(0.0), empty(out)).getResult(0);
  Value window = empty({kernel, kernel});
  auto sum = linalg::PoolingNhwcSumOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{x, window},
      ValueRange{init}, b.getI64TensorAttr({stride, stride}),
      b.getI64TensorAttr({1, 1}));
  sum->setAttr(kKernelTag, b.getStringAttr("pool"));
  float inv = 1.0f / static_cast<float>(kernel * kernel);
  return map(
      sum.getResult(0),
      [inv](OpBuilder &nb, Location nloc, ValueRange v) -> Value {
        Value c = arith::ConstantOp::create(nb, nloc, nb.getF32FloatAttr(inv));
        return arith::MulFOp::create(nb, nloc, v[0], c);
      },
      "scale");
}

Value LinalgBuilder::blurPool(Value x) {
  int64_t c = shapeOf(x)[3];
  const float taps[3] = {1.0f, 2.0f, 1.0f};
  std::vector<float> filter;
  filter.reserve(9 * c);
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int64_t ch = 0; ch < c; ++ch)
        filter.push_back(taps[i] * taps[j] / 16.0f);
  Value f = constant({3, 3, c}, filter, "blur_filter");
  return depthwise(x, f, Value(), {2, 2}, {1, 1, 1, 1}, Activation::none);
}

Value LinalgBuilder::antialias(Value x, Antialias aa) {
  switch (aa) {
  case Antialias::none:
    return x;
  case Antialias::avg:
    return avgPool(x, 2, 2);
  case Antialias::blur:
    return blurPool(x);
  }
  return x;
}

Value LinalgBuilder::batchMatmul(Value lhs, Value rhs,
                                 ArrayRef<int64_t> resultShape) {
  Value init =
      linalg::FillOp::create(b, loc, f32(0.0), empty(resultShape)).getResult(0);
  return buildBatchMatmul(
      b, loc, lhs, rhs, init,
      [](OpBuilder &nb, Location nloc, Value x, Value y, Value acc) -> Value {
        return arith::AddFOp::create(nb, nloc, acc,
                                     arith::MulFOp::create(nb, nloc, x, y));
      });
}

Value LinalgBuilder::softmax(Value x) {
  ArrayRef<int64_t> s = shapeOf(x);
  unsigned rank = s.size();
  SmallVector<int64_t> rowShape(s.drop_back());
  AffineMap id = b.getMultiDimIdentityMap(rank);
  AffineMap row = id.dropResult(rank - 1);
  SmallVector<utils::IteratorType> reduceIters = parallel(rank - 1);
  reduceIters.push_back(utils::IteratorType::reduction);

  auto reduce = [&](Value in, double init, bool isMax) {
    Value acc =
        linalg::FillOp::create(b, loc, f32(init), empty(rowShape)).getResult(0);
    auto op = linalg::GenericOp::create(
        b, loc, TypeRange{acc.getType()}, ValueRange{in}, ValueRange{acc},
        SmallVector<AffineMap>{id, row}, reduceIters,
        [isMax](OpBuilder &nb, Location nloc, ValueRange args) {
          Value r = isMax
                        ? arith::MaximumFOp::create(nb, nloc, args[0], args[1])
                              .getResult()
                        : arith::AddFOp::create(nb, nloc, args[0], args[1])
                              .getResult();
          linalg::YieldOp::create(nb, nloc, r);
        });
    op->setAttr(kKernelTag, b.getStringAttr("softmax"));
    return op.getResult(0);
  };
  auto rowwise = [&](Value in, Value rowValues, bool isExp) {
    Value init = empty(s);
    auto op = linalg::GenericOp::create(
        b, loc, TypeRange{init.getType()}, ValueRange{in, rowValues},
        ValueRange{init}, SmallVector<AffineMap>{id, row, id}, parallel(rank),
        [isExp, poly = opts.polynomialExp](OpBuilder &nb, Location nloc,
                                           ValueRange args) {
          if (!isExp) {
            linalg::YieldOp::create(
                nb, nloc,
                arith::DivFOp::create(nb, nloc, args[0], args[1]).getResult());
            return;
          }
          Value d = arith::SubFOp::create(nb, nloc, args[0], args[1]);
          linalg::YieldOp::create(
              nb, nloc,
              poly ? expNonPositive(nb, nloc, d)
                   : math::ExpOp::create(nb, nloc, d).getResult());
        });
    op->setAttr(kKernelTag, b.getStringAttr("softmax"));
    return op.getResult(0);
  };
  Value max = reduce(x, -std::numeric_limits<float>::infinity(), true);
  Value e = rowwise(x, max, true);
  Value sum = reduce(e, 0.0, false);
  return rowwise(e, sum, false);
}

Value LinalgBuilder::transpose(Value x, ArrayRef<int64_t> perm) {
  ArrayRef<int64_t> s = shapeOf(x);
  SmallVector<int64_t> out;
  for (int64_t p : perm)
    out.push_back(s[p]);
  return linalg::TransposeOp::create(b, loc, x, empty(out), perm)
      .getResult()[0];
}

Value LinalgBuilder::reshape(Value x, ArrayRef<int64_t> shape) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> s = shapeOf(x);
  if (s == shape)
    return x;
  auto all = [](size_t rank) {
    ReassociationIndices r;
    for (size_t i = 0; i < rank; ++i)
      r.push_back(i);
    return SmallVector<ReassociationIndices>{r};
  };
  Value flat = x;
  if (s.size() != 1)
    flat = tensor::CollapseShapeOp::create(b, loc, x, all(s.size()));
  if (shape.size() == 1)
    return flat;
  return tensor::ExpandShapeOp::create(b, loc, f32Tensor(ctx, shape), flat,
                                       all(shape.size()));
}

/// The map reading an operand of `shape` broadcast (numpy-style) into a
/// loop nest over `outShape`.
AffineMap broadcastMap(MLIRContext *ctx, ArrayRef<int64_t> shape,
                       ArrayRef<int64_t> outShape) {
  unsigned offset = outShape.size() - shape.size();
  SmallVector<AffineExpr> exprs;
  for (auto [i, size] : llvm::enumerate(shape)) {
    if (size == 1 && outShape[offset + i] != 1)
      exprs.push_back(getAffineConstantExpr(0, ctx));
    else
      exprs.push_back(getAffineDimExpr(offset + i, ctx));
  }
  return AffineMap::get(outShape.size(), 0, exprs, ctx);
}

Value buildPointwiseProduct(OpBuilder &b, Location loc, Value x2, Value packed,
                            Value init, MultiplyAdd multiplyAdd) {
  MLIRContext *ctx = b.getContext();
  AffineExpr dm, dcb, dj, dk;
  bindDims(ctx, dm, dcb, dj, dk);
  SmallVector<AffineMap> maps = {AffineMap::get(4, 0, {dm, dk}, ctx),
                                 AffineMap::get(4, 0, {dcb, dk, dj}, ctx),
                                 AffineMap::get(4, 0, {dm, dcb, dj}, ctx)};
  SmallVector<utils::IteratorType> iters = parallel(3);
  iters.push_back(utils::IteratorType::reduction);
  auto mm = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{x2, packed},
      ValueRange{init}, maps, iters,
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(
            nb, nloc, multiplyAdd(nb, nloc, args[0], args[1], args[2]));
      });
  mm->setAttr(kKernelTag, b.getStringAttr("pointwise"));
  return mm.getResult(0);
}

Value buildBatchMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                       Value init, MultiplyAdd multiplyAdd) {
  MLIRContext *ctx = b.getContext();
  ArrayRef<int64_t> ls = shapeOf(lhs), rs = shapeOf(rhs);
  ArrayRef<int64_t> resultShape = shapeOf(init);
  unsigned rank = resultShape.size(); // batch..., n, m; loops add k
  unsigned batch = rank - 2;
  unsigned nDims = rank + 1;
  AffineExpr dn = getAffineDimExpr(batch, ctx);
  AffineExpr dm = getAffineDimExpr(batch + 1, ctx);
  AffineExpr dk = getAffineDimExpr(batch + 2, ctx);
  auto batchExprs = [&](ArrayRef<int64_t> shape) {
    SmallVector<AffineExpr> exprs;
    unsigned own = shape.size() - 2;
    for (unsigned i = 0; i < own; ++i) {
      unsigned d = batch - own + i;
      if (shape[i] == 1 && resultShape[d] != 1)
        exprs.push_back(getAffineConstantExpr(0, ctx));
      else
        exprs.push_back(getAffineDimExpr(d, ctx));
    }
    return exprs;
  };
  SmallVector<AffineExpr> le = batchExprs(ls), re = batchExprs(rs), oe;
  le.append({dn, dk});
  re.append({dk, dm});
  for (unsigned i = 0; i < batch; ++i)
    oe.push_back(getAffineDimExpr(i, ctx));
  oe.append({dn, dm});
  SmallVector<AffineMap> maps = {AffineMap::get(nDims, 0, le, ctx),
                                 AffineMap::get(nDims, 0, re, ctx),
                                 AffineMap::get(nDims, 0, oe, ctx)};
  SmallVector<utils::IteratorType> iters = parallel(rank);
  iters.push_back(utils::IteratorType::reduction);
  auto mm = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{lhs, rhs}, ValueRange{init},
      maps, iters, [&](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(
            nb, nloc, multiplyAdd(nb, nloc, args[0], args[1], args[2]));
      });
  mm->setAttr(kKernelTag, b.getStringAttr("matmul"));
  return mm.getResult(0);
}

Value buildConvHWCF(OpBuilder &b, Location loc, Value xp, Value hwcf,
                    Value init, ArrayRef<int64_t> strides) {
  auto conv = linalg::Conv2DNhwcHwcfOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{xp, hwcf}, ValueRange{init},
      b.getI64TensorAttr(strides), b.getI64TensorAttr({1, 1}));
  conv->setAttr(kKernelTag, b.getStringAttr("conv"));
  return conv.getResult(0);
}

Value buildDepthwiseHWC(OpBuilder &b, Location loc, Value xp, Value hwc,
                        Value init, ArrayRef<int64_t> strides) {
  auto conv = linalg::DepthwiseConv2DNhwcHwcOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{xp, hwc}, ValueRange{init},
      b.getI64TensorAttr(strides), b.getI64TensorAttr({1, 1}));
  conv->setAttr(kKernelTag, b.getStringAttr("depthwise"));
  return conv.getResult(0);
}

} // namespace mnv4::conversion
