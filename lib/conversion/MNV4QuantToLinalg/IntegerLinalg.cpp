//===- IntegerLinalg.cpp - linalg-on-tensors pieces of int8 ops -----------===//

#include "IntegerLinalg.h"

#include "lib/conversion/MNV4ToLinalg/LinalgBuilders.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;

namespace mnv4::conversion {

namespace {

constexpr llvm::StringLiteral kKernelTag = "mnv4.kernel";

SmallVector<utils::IteratorType> parallel(unsigned n) {
  return SmallVector<utils::IteratorType>(n, utils::IteratorType::parallel);
}

template <typename T>
Value integerConstant(OpBuilder &b, Location loc, ArrayRef<int64_t> shape,
                      ArrayRef<T> values, StringRef name) {
  auto type = RankedTensorType::get(
      shape, b.getIntegerType(static_cast<unsigned>(sizeof(T) * 8)));
  Attribute attr;
  if (values.size() <= 16)
    attr = DenseElementsAttr::get(type, values);
  else
    attr = DenseResourceElementsAttr::get(
        type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign(values));
  return arith::ConstantOp::create(b, loc, type, cast<TypedAttr>(attr));
}

SmallVector<ReassociationIndices> allInOne(size_t rank) {
  ReassociationIndices r;
  for (size_t i = 0; i < rank; ++i)
    r.push_back(i);
  return {r};
}

} // namespace

Value multiplyAddI32(OpBuilder &b, Location loc, Value x, Value y, Value acc) {
  FixedPoint fp(b, loc);
  return fp.add(acc, fp.mul(fp.toI32(x), fp.toI32(y)));
}

ArrayRef<int64_t> shapeOfValue(Value v) {
  return cast<RankedTensorType>(v.getType()).getShape();
}

static Type elementTypeOf(Value v) {
  return cast<RankedTensorType>(v.getType()).getElementType();
}

Value IntegerLinalg::empty(ArrayRef<int64_t> shape, Type element) {
  if (allocHere)
    return bufferization::AllocTensorOp::create(
        b, loc, RankedTensorType::get(shape, element), ValueRange{});
  return tensor::EmptyOp::create(b, loc, shape, element);
}

Value IntegerLinalg::fill(ArrayRef<int64_t> shape, Type element,
                          int64_t value) {
  Value v = arith::ConstantOp::create(b, loc, b.getIntegerAttr(element, value));
  return linalg::FillOp::create(b, loc, v, empty(shape, element)).getResult(0);
}

Value IntegerLinalg::constant(ArrayRef<int64_t> shape, ArrayRef<int8_t> values,
                              StringRef name) {
  return integerConstant(b, loc, shape, values, name);
}

Value IntegerLinalg::constant(ArrayRef<int64_t> shape, ArrayRef<int16_t> values,
                              StringRef name) {
  return integerConstant(b, loc, shape, values, name);
}

Value IntegerLinalg::constant(ArrayRef<int64_t> shape, ArrayRef<int32_t> values,
                              StringRef name) {
  return integerConstant(b, loc, shape, values, name);
}

Value IntegerLinalg::padHW(Value x, ArrayRef<int64_t> pad, int64_t value,
                           int64_t extraChannels) {
  if (llvm::all_of(pad, [](int64_t p) { return p == 0; }) && !extraChannels)
    return x;
  ArrayRef<int64_t> s = shapeOfValue(x);
  Type element = elementTypeOf(x);
  SmallVector<int64_t> out = {s[0], s[1] + pad[0] + pad[2],
                              s[2] + pad[1] + pad[3], s[3] + extraChannels};
  SmallVector<OpFoldResult> low = {b.getIndexAttr(0), b.getIndexAttr(pad[0]),
                                   b.getIndexAttr(pad[1]), b.getIndexAttr(0)};
  SmallVector<OpFoldResult> high = {b.getIndexAttr(0), b.getIndexAttr(pad[2]),
                                    b.getIndexAttr(pad[3]),
                                    b.getIndexAttr(extraChannels)};
  Value padValue =
      arith::ConstantOp::create(b, loc, b.getIntegerAttr(element, value));
  return tensor::PadOp::create(b, loc, RankedTensorType::get(out, element), x,
                               low, high, padValue);
}

Value IntegerLinalg::broadcast(ArrayRef<int64_t> shape, Value perChannel) {
  Value init = empty(shape, elementTypeOf(perChannel));
  SmallVector<AffineMap> maps = {
      broadcastMap(b.getContext(), shapeOfValue(perChannel), shape),
      b.getMultiDimIdentityMap(shape.size())};
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, ValueRange{perChannel},
      ValueRange{init}, maps, parallel(shape.size()),
      [](OpBuilder &nb, Location nloc, ValueRange args) {
        linalg::YieldOp::create(nb, nloc, args[0]);
      });
  op->setAttr(kKernelTag, b.getStringAttr("bias"));
  return op.getResult(0);
}

Value IntegerLinalg::map(ValueRange inputs, Type result, ScalarFn fn,
                         StringRef tag, ArrayRef<int64_t> shape) {
  SmallVector<int64_t> outShape(shape.empty() ? shapeOfValue(inputs[0])
                                              : shape);
  MLIRContext *ctx = b.getContext();
  SmallVector<AffineMap> maps;
  for (Value in : inputs)
    maps.push_back(broadcastMap(ctx, shapeOfValue(in), outShape));
  maps.push_back(b.getMultiDimIdentityMap(outShape.size()));
  Value init = empty(outShape, result);
  auto op = linalg::GenericOp::create(
      b, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
      parallel(outShape.size()),
      [&](OpBuilder &nb, Location nloc, ValueRange args) {
        FixedPoint fp(nb, nloc, 0, highMultiply);
        linalg::YieldOp::create(nb, nloc, fn(fp, args.drop_back()));
      });
  op->setAttr(kKernelTag, b.getStringAttr(tag));
  return op.getResult(0);
}

std::vector<int32_t> foldInputOffset(ArrayRef<int32_t> bias, ArrayRef<int8_t> w,
                                     int64_t taps, int64_t channelStride,
                                     int64_t tapStride, int32_t offset) {
  std::vector<int32_t> folded(bias.size());
  for (size_t c = 0; c < bias.size(); ++c) {
    int64_t sum = 0;
    for (int64_t t = 0; t < taps; ++t)
      sum += w[static_cast<int64_t>(c) * channelStride + t * tapStride];
    folded[c] = static_cast<int32_t>(static_cast<uint32_t>(
        static_cast<int64_t>(bias[c]) - static_cast<int64_t>(offset) * sum));
  }
  return folded;
}

MultiplierValues RequantConstants::values(FixedPoint &fp,
                                          ValueRange perChannel) const {
  if (!uniform)
    return {perChannel[0], perChannel[1], perChannel[2]};
  return {fp.i32(first.m), fp.i32(std::max(first.shift, 0)),
          fp.i32(std::max(-first.shift, 0))};
}

RequantConstants
IntegerLinalg::requantConstants(ArrayRef<tflite::Multiplier> mults,
                                ArrayRef<int64_t> channelShape) {
  RequantConstants r;
  r.first = mults[0];
  r.uniform = llvm::all_of(mults, [&](const tflite::Multiplier &m) {
    return m.m == mults[0].m && m.shift == mults[0].shift;
  });
  if (r.uniform)
    return r;
  std::vector<int32_t> m, left, right;
  for (const tflite::Multiplier &x : mults) {
    m.push_back(x.m);
    left.push_back(std::max(x.shift, 0));
    right.push_back(std::max(-x.shift, 0));
  }
  r.m = constant(channelShape, m, "requant_m");
  r.left = constant(channelShape, left, "requant_left");
  r.right = constant(channelShape, right, "requant_right");
  return r;
}

Value IntegerLinalg::requantize(Value acc, ArrayRef<tflite::Multiplier> mults,
                                ArrayRef<int64_t> channelShape, int32_t zOut,
                                tflite::ClampRange range) {
  return requantize(acc, requantConstants(mults, channelShape), zOut, range);
}

Value IntegerLinalg::requantize(Value acc, const RequantConstants &rc,
                                int32_t zOut, tflite::ClampRange range) {
  SmallVector<Value> inputs = {acc};
  if (!rc.uniform)
    inputs.append({rc.m, rc.left, rc.right});
  return map(
      inputs, b.getI8Type(),
      [&](FixedPoint &fp, ValueRange v) {
        return fp.requantize(v[0], rc.values(fp, v.drop_front()), zOut,
                             range.lo, range.hi);
      },
      "activation");
}

Value IntegerLinalg::channelSlice(Value x, Value offset, int64_t size) {
  ArrayRef<int64_t> s = shapeOfValue(x);
  SmallVector<OpFoldResult> offsets(s.size(), b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes;
  for (int64_t d : s.drop_back())
    sizes.push_back(b.getIndexAttr(d));
  offsets.back() = offset;
  sizes.push_back(b.getIndexAttr(size));
  SmallVector<OpFoldResult> strides(s.size(), b.getIndexAttr(1));
  return tensor::ExtractSliceOp::create(b, loc, x, offsets, sizes, strides);
}

RequantConstants IntegerLinalg::sliceChannels(const RequantConstants &rc,
                                              Value offset, int64_t size) {
  RequantConstants r = rc;
  if (!rc.uniform) {
    r.m = channelSlice(rc.m, offset, size);
    r.left = channelSlice(rc.left, offset, size);
    r.right = channelSlice(rc.right, offset, size);
  }
  return r;
}

Value IntegerLinalg::pointwiseProduct(Value x2, Value packed, Value init) {
  return buildPointwiseProduct(b, loc, x2, packed, init, multiplyAddI32);
}

Value IntegerLinalg::conv(Value xp, Value hwcf, Value init,
                          ArrayRef<int64_t> strides) {
  return buildConvHWCF(b, loc, xp, hwcf, init, strides);
}

Value IntegerLinalg::depthwise(Value xp, Value hwc, Value init,
                               ArrayRef<int64_t> strides) {
  return buildDepthwiseHWC(b, loc, xp, hwc, init, strides);
}

Value IntegerLinalg::reshape(Value x, ArrayRef<int64_t> shape) {
  ArrayRef<int64_t> s = shapeOfValue(x);
  if (s == shape)
    return x;
  Value flat = x;
  if (s.size() != 1)
    flat = tensor::CollapseShapeOp::create(b, loc, x, allInOne(s.size()));
  if (shape.size() == 1)
    return flat;
  return tensor::ExpandShapeOp::create(
      b, loc, RankedTensorType::get(shape, elementTypeOf(x)), flat,
      allInOne(shape.size()));
}

Value IntegerLinalg::transpose(Value x, ArrayRef<int64_t> perm) {
  ArrayRef<int64_t> s = shapeOfValue(x);
  SmallVector<int64_t> out;
  for (int64_t p : perm)
    out.push_back(s[p]);
  return linalg::TransposeOp::create(b, loc, x, empty(out, elementTypeOf(x)),
                                     perm)
      .getResult()[0];
}

} // namespace mnv4::conversion
