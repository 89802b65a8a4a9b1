//===- ConstEvalElementwise.cpp - broadcasting host ops on constants ------===//
//
// Shape arithmetic as exporters write it: elementwise ops with numpy
// broadcasting (Add .. Max, comparisons, logic, Where), unary ops, Expand and
// Range. Booleans are held as int64 0/1.
//
//===----------------------------------------------------------------------===//

#include "ConstEvalOps.h"

#include "llvm/ADT/StringSwitch.h"

#include <cmath>

using namespace llvm;

namespace mnv4::onnx_import {
namespace {

/// The broadcast of `shapes` (numpy rules); false when they do not broadcast.
bool broadcastShapes(ArrayRef<const HostTensor *> ts,
                     SmallVectorImpl<int64_t> &out) {
  size_t rank = 0;
  for (const HostTensor *t : ts)
    rank = std::max(rank, t->shape.size());
  out.assign(rank, 1);
  for (const HostTensor *t : ts)
    for (size_t i = 0; i < t->shape.size(); ++i) {
      int64_t d = t->shape[t->shape.size() - 1 - i];
      int64_t &o = out[rank - 1 - i];
      if (d == o || d == 1)
        continue;
      if (o != 1)
        return false;
      o = d;
    }
  return true;
}

/// The element of `t` at broadcast position `pos` of an `outRank` result.
int64_t sourceIndex(const HostTensor &t, ArrayRef<int64_t> pos) {
  int64_t index = 0, lead = pos.size() - t.shape.size();
  for (size_t i = 0; i < t.shape.size(); ++i)
    index = index * t.shape[i] + (t.shape[i] == 1 ? 0 : pos[lead + i]);
  return index;
}

/// Calls fn(out position index, source index of each input) over the
/// broadcast shape.
template <typename Fn>
std::string forEachBroadcast(ArrayRef<const HostTensor *> ts,
                             SmallVectorImpl<int64_t> &shape, Fn fn) {
  if (!broadcastShapes(ts, shape))
    return "operand shapes do not broadcast";
  if (!fitsOnHost(shape))
    return "result too large to evaluate on the host";
  SmallVector<int64_t, 3> src(ts.size());
  forEachIndex(shape, [&](ArrayRef<int64_t> pos) {
    for (size_t k = 0; k < ts.size(); ++k)
      src[k] = sourceIndex(*ts[k], pos);
    fn(ArrayRef<int64_t>(src));
  });
  return "";
}

template <typename T> T pythonMod(T x, T y) {
  if (y == 0)
    return 0;
  if constexpr (std::is_integral_v<T>) {
    T r = x % y;
    return r != 0 && ((r < 0) != (y < 0)) ? r + y : r;
  } else {
    return std::fmod(x, y);
  }
}

/// The binary op `op` on two values of one kind; comparisons give 0/1.
template <typename T> T applyBinary(StringRef op, T x, T y) {
  if constexpr (std::is_integral_v<T>) {
    // int64 arithmetic wraps around as numpy's does: C++'s signed overflow
    // (and INT64_MIN / -1) would be undefined.
    using U = std::make_unsigned_t<T>;
    if (op == "Add")
      return static_cast<T>(U(x) + U(y));
    if (op == "Sub")
      return static_cast<T>(U(x) - U(y));
    if (op == "Mul")
      return static_cast<T>(U(x) * U(y));
    if (y == -1 && (op == "Div" || op == "Mod"))
      return op == "Div" ? static_cast<T>(U(0) - U(x)) : 0;
    if (op == "Pow")
      return toInt64Saturating(std::pow(double(x), double(y)));
  }
  if (op == "Add")
    return x + y;
  if (op == "Sub")
    return x - y;
  if (op == "Mul")
    return x * y;
  if (op == "Div")
    return y == 0 ? 0 : x / y;
  if (op == "Pow")
    return static_cast<T>(std::pow(double(x), double(y)));
  if (op == "Mod")
    return pythonMod(x, y);
  if (op == "Min")
    return std::min(x, y);
  if (op == "Max")
    return std::max(x, y);
  if (op == "Equal")
    return x == y;
  if (op == "Less")
    return x < y;
  if (op == "Greater")
    return x > y;
  if (op == "LessOrEqual")
    return x <= y;
  if (op == "GreaterOrEqual")
    return x >= y;
  if (op == "And")
    return x && y;
  if (op == "Or")
    return x || y;
  return (x != 0) != (y != 0); // Xor
}

bool isComparison(StringRef op) {
  return is_contained({"Equal", "Less", "Greater", "LessOrEqual",
                       "GreaterOrEqual", "And", "Or", "Xor"},
                      op);
}

std::string binary(StringRef op, const HostTensor &a, const HostTensor &b,
                   HostTensor &out) {
  if (a.kind != b.kind)
    return "operands differ in element type";
  HostTensor r;
  r.kind = a.kind;
  std::string err =
      forEachBroadcast({&a, &b}, r.shape, [&](ArrayRef<int64_t> i) {
        if (a.isInt())
          r.i64.push_back(applyBinary(op, a.i64[i[0]], b.i64[i[1]]));
        else
          r.f32.push_back(applyBinary(op, a.f32[i[0]], b.f32[i[1]]));
      });
  if (!err.empty())
    return err;
  if (isComparison(op) && !r.isInt()) { // bool results as int64
    r.i64.assign(r.f32.begin(), r.f32.end());
    r.f32.clear();
    r.kind = HostTensor::Kind::I64;
  }
  out = std::move(r);
  return "";
}

} // namespace

std::string evalBinary(const onnx::NodeProto &node, ConstInputs in,
                       HostTensor &out) {
  // Min and Max are variadic: fold left to right.
  HostTensor acc = *in[0];
  for (size_t i = 1; i < in.size(); ++i) {
    if (!in[i])
      return "an input is missing";
    HostTensor next;
    if (std::string err = binary(node.op_type(), acc, *in[i], next);
        !err.empty())
      return err;
    acc = std::move(next);
  }
  out = std::move(acc);
  return "";
}

std::string evalUnary(const onnx::NodeProto &node, ConstInputs in,
                      HostTensor &out) {
  StringRef op = node.op_type();
  out = *in[0];
  auto apply = [&](double x) -> double {
    if (op == "Neg")
      return -x;
    if (op == "Abs")
      return std::fabs(x);
    if (op == "Floor")
      return std::floor(x);
    if (op == "Ceil")
      return std::ceil(x);
    if (op == "Sqrt")
      return std::sqrt(x);
    return x == 0; // Not
  };
  for (int64_t &v : out.i64)
    v = toInt64Saturating(apply(double(v)));
  for (float &v : out.f32)
    v = static_cast<float>(apply(v));
  return "";
}

std::string evalWhere(const onnx::NodeProto &, ConstInputs in,
                      HostTensor &out) {
  const HostTensor &c = *in[0], &x = *in[1], &y = *in[2];
  if (x.kind != y.kind)
    return "operands differ in element type";
  HostTensor r;
  r.kind = x.kind;
  std::string err =
      forEachBroadcast({&c, &x, &y}, r.shape, [&](ArrayRef<int64_t> i) {
        bool take = c.at(i[0]) != 0;
        if (x.isInt())
          r.i64.push_back(take ? x.i64[i[1]] : y.i64[i[2]]);
        else
          r.f32.push_back(take ? x.f32[i[1]] : y.f32[i[2]]);
      });
  if (err.empty())
    out = std::move(r);
  return err;
}

std::string evalExpand(const onnx::NodeProto &, ConstInputs in,
                       HostTensor &out) {
  if (!in[1]->isInt())
    return "Expand's shape must be int64";
  if (!fitsOnHost(in[1]->i64))
    return "Expand's shape is negative or too large";
  // Only the target's shape takes part in the broadcast: no data.
  HostTensor target;
  target.shape.assign(in[1]->i64.begin(), in[1]->i64.end());
  HostTensor r;
  r.kind = in[0]->kind;
  std::string err =
      forEachBroadcast({in[0], &target}, r.shape, [&](ArrayRef<int64_t> i) {
        if (in[0]->isInt())
          r.i64.push_back(in[0]->i64[i[0]]);
        else
          r.f32.push_back(in[0]->f32[i[0]]);
      });
  if (err.empty())
    out = std::move(r);
  return err;
}

std::string evalRange(const onnx::NodeProto &, ConstInputs in,
                      HostTensor &out) {
  if (in[0]->numElements() != 1 || in[1]->numElements() != 1 ||
      in[2]->numElements() != 1 || in[0]->kind != in[1]->kind ||
      in[0]->kind != in[2]->kind)
    return "Range takes three scalars of one type";
  double start = in[0]->at(0), limit = in[1]->at(0), delta = in[2]->at(0);
  if (delta == 0)
    return "Range's delta is 0";
  double count = std::ceil((limit - start) / delta);
  if (std::isnan(count))
    return "Range's element count is not a number";
  count = std::max(count, 0.0);
  if (count > kMaxHostElements)
    return "Range too large to evaluate on the host";
  int64_t n = static_cast<int64_t>(count);
  if (in[0]->isInt()) {
    std::vector<int64_t> v;
    uint64_t first = in[0]->i64[0], step = in[2]->i64[0];
    for (int64_t i = 0; i < n; ++i) // wraps around as numpy's does
      v.push_back(static_cast<int64_t>(first + uint64_t(i) * step));
    out = HostTensor::ints({n}, std::move(v));
  } else {
    std::vector<float> v;
    for (int64_t i = 0; i < n; ++i)
      v.push_back(static_cast<float>(start + i * delta));
    out = HostTensor::floats({n}, std::move(v));
  }
  return "";
}

} // namespace mnv4::onnx_import
