//===- HostTensor.cpp - host tensors and their data movement --------------===//

#include "HostTensor.h"

#include <cmath>

using namespace llvm;

namespace mnv4::onnx_import {

int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    if (__builtin_mul_overflow(n, d, &n))
      return INT64_MAX; // so that every size check of absurd dims fails
  return n;
}

bool fitsOnHost(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0 || (d > 0 && n > kMaxHostElements / d))
      return false;
    n *= d;
  }
  return true;
}

int64_t toInt64Saturating(double x) {
  if (std::isnan(x))
    return 0;
  if (x >= 0x1p63)
    return INT64_MAX;
  if (x < -0x1p63)
    return INT64_MIN;
  return static_cast<int64_t>(x);
}

SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> s(shape.size(), 1);
  for (size_t i = shape.size(); i-- > 1;)
    s[i - 1] = s[i] * shape[i];
  return s;
}

/// A tensor of `kind` and `shape` whose data is still to be filled in.
static HostTensor withShape(HostTensor::Kind kind, ArrayRef<int64_t> shape) {
  HostTensor t;
  t.kind = kind;
  t.shape.assign(shape.begin(), shape.end());
  return t;
}

HostTensor HostTensor::floats(ArrayRef<int64_t> shape,
                              std::vector<float> data) {
  HostTensor t = withShape(Kind::F32, shape);
  t.f32 = std::move(data);
  return t;
}

HostTensor HostTensor::ints(ArrayRef<int64_t> shape,
                            std::vector<int64_t> data) {
  HostTensor t = withShape(Kind::I64, shape);
  t.i64 = std::move(data);
  return t;
}

int64_t HostTensor::numElements() const {
  return isInt() ? static_cast<int64_t>(i64.size())
                 : static_cast<int64_t>(f32.size());
}

double HostTensor::at(int64_t i) const {
  return isInt() ? static_cast<double>(i64[i]) : static_cast<double>(f32[i]);
}

template <typename T>
static std::vector<T> gatherElements(const std::vector<T> &src,
                                     ArrayRef<int64_t> srcIndex) {
  std::vector<T> out;
  out.reserve(srcIndex.size());
  for (int64_t i : srcIndex)
    out.push_back(src[i]);
  return out;
}

HostTensor gather(const HostTensor &src, ArrayRef<int64_t> srcIndex,
                  ArrayRef<int64_t> shape) {
  HostTensor out = withShape(src.kind, shape);
  if (src.isInt())
    out.i64 = gatherElements(src.i64, srcIndex);
  else
    out.f32 = gatherElements(src.f32, srcIndex);
  return out;
}

HostTensor transpose(const HostTensor &in, ArrayRef<int64_t> perm) {
  SmallVector<int64_t> outShape, inStride = stridesOf(in.shape);
  for (int64_t p : perm)
    outShape.push_back(in.shape[p]);
  std::vector<int64_t> index;
  index.reserve(product(outShape));
  forEachIndex(outShape, [&](ArrayRef<int64_t> pos) {
    int64_t src = 0;
    for (size_t i = 0; i < pos.size(); ++i)
      src += pos[i] * inStride[perm[i]];
    index.push_back(src);
  });
  return gather(in, index, outShape);
}

std::string resolveReshape(ArrayRef<int64_t> in, ArrayRef<int64_t> target,
                           bool allowZero, SmallVectorImpl<int64_t> &out) {
  out.clear();
  int64_t inferred = -1, known = 1;
  for (size_t i = 0; i < target.size(); ++i) {
    int64_t d = target[i];
    if (d == 0 && !allowZero) {
      if (i >= in.size())
        return "reshape target copies dimension " + std::to_string(i) +
               " that the input does not have";
      d = in[i];
    }
    if (d == -1) {
      if (inferred >= 0)
        return "reshape target has more than one -1";
      inferred = static_cast<int64_t>(i);
      out.push_back(1);
      continue;
    }
    if (d < 0)
      return "reshape target has a negative dimension " + std::to_string(d);
    out.push_back(d);
    if (__builtin_mul_overflow(known, d, &known))
      return "reshape target's dimensions overflow 64 bits";
  }
  int64_t total = product(in);
  if (inferred >= 0) {
    if (known == 0 || total % known != 0)
      return "reshape of " + std::to_string(total) +
             " elements cannot infer its -1 dimension";
    out[inferred] = total / known;
  }
  if (product(out) != total)
    return "reshape changes the element count from " + std::to_string(total) +
           " to " + std::to_string(product(out));
  return "";
}

std::string unsqueezeShape(ArrayRef<int64_t> in, ArrayRef<int64_t> axes,
                           SmallVectorImpl<int64_t> &out) {
  int64_t rank = static_cast<int64_t>(in.size() + axes.size());
  SmallVector<bool> isNew(rank, false);
  for (int64_t a : axes) {
    if (a < 0)
      a += rank;
    if (a < 0 || a >= rank || isNew[a])
      return "invalid unsqueeze axis " + std::to_string(a);
    isNew[a] = true;
  }
  out.clear();
  size_t next = 0;
  for (int64_t i = 0; i < rank; ++i)
    out.push_back(isNew[i] ? 1 : in[next++]);
  return "";
}

std::string squeezeShape(ArrayRef<int64_t> in, ArrayRef<int64_t> axes,
                         SmallVectorImpl<int64_t> &out) {
  int64_t rank = static_cast<int64_t>(in.size());
  SmallVector<bool> drop(rank, false);
  for (int64_t a : axes) {
    if (a < 0)
      a += rank;
    if (a < 0 || a >= rank || in[a] != 1)
      return "invalid squeeze axis " + std::to_string(a);
    drop[a] = true;
  }
  out.clear();
  for (int64_t i = 0; i < rank; ++i)
    if (axes.empty() ? in[i] != 1 : !drop[i])
      out.push_back(in[i]);
  return "";
}

} // namespace mnv4::onnx_import
