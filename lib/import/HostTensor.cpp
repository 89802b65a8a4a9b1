//===- HostTensor.cpp - host tensors and their data movement --------------===//

#include "HostTensor.h"

using namespace llvm;

namespace mnv4::onnx_import {

int64_t product(ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

HostTensor HostTensor::floats(ArrayRef<int64_t> shape,
                              std::vector<float> data) {
  HostTensor t;
  t.kind = Kind::F32;
  t.shape.assign(shape.begin(), shape.end());
  t.f32 = std::move(data);
  return t;
}

HostTensor HostTensor::ints(ArrayRef<int64_t> shape,
                            std::vector<int64_t> data) {
  HostTensor t;
  t.kind = Kind::I64;
  t.shape.assign(shape.begin(), shape.end());
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

HostTensor gather(const HostTensor &src, ArrayRef<int64_t> srcIndex,
                  ArrayRef<int64_t> shape) {
  HostTensor out;
  out.kind = src.kind;
  out.shape.assign(shape.begin(), shape.end());
  if (src.isInt()) {
    out.i64.reserve(srcIndex.size());
    for (int64_t i : srcIndex)
      out.i64.push_back(src.i64[i]);
  } else {
    out.f32.reserve(srcIndex.size());
    for (int64_t i : srcIndex)
      out.f32.push_back(src.f32[i]);
  }
  return out;
}

HostTensor transpose(const HostTensor &in, ArrayRef<int64_t> perm) {
  size_t rank = in.shape.size();
  SmallVector<int64_t> outShape, inStride(rank, 1);
  for (size_t i = rank; i-- > 1;)
    inStride[i - 1] = inStride[i] * in.shape[i];
  for (int64_t p : perm)
    outShape.push_back(in.shape[p]);
  int64_t n = product(outShape);
  std::vector<int64_t> index;
  index.reserve(n);
  SmallVector<int64_t> pos(rank, 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t src = 0;
    for (size_t i = 0; i < rank; ++i)
      src += pos[i] * inStride[perm[i]];
    index.push_back(src);
    for (size_t i = rank; i-- > 0;) {
      if (++pos[i] < outShape[i])
        break;
      pos[i] = 0;
    }
  }
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
    known *= d;
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

} // namespace mnv4::onnx_import
