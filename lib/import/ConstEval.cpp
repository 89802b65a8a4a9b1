//===- ConstEval.cpp - host evaluation of constant ONNX subgraphs ---------===//
//
// The exporter leaves small int64 subgraphs unfolded (the blur pool's pad
// amounts, dynamic-batch reshape targets), and reshapes or transposes
// constants; with static shapes all of them are constants.
//
//===----------------------------------------------------------------------===//

#include "ConstEval.h"
#include "ConstEvalOps.h"
#include "OnnxModel.h"

#include "llvm/ADT/StringSwitch.h"

using namespace llvm;

namespace mnv4::onnx_import {
namespace {

using Inputs = ConstInputs;

std::vector<int64_t> asInts(const HostTensor &t) {
  if (t.isInt())
    return t.i64;
  std::vector<int64_t> v;
  for (float f : t.f32)
    v.push_back(toInt64Saturating(f));
  return v;
}

int64_t normaliseAxis(int64_t axis, int64_t rank) {
  return axis < 0 ? axis + rank : axis;
}

/// `in`'s data under a new shape, or `err` when the shape is invalid.
std::string reshapedTo(const HostTensor &in, ArrayRef<int64_t> shape,
                       const std::string &err, HostTensor &out) {
  if (!err.empty())
    return err;
  out = in;
  out.shape.assign(shape.begin(), shape.end());
  return "";
}

std::string evalReshape(const onnx::NodeProto &node, Inputs in,
                        HostTensor &out) {
  SmallVector<int64_t> shape;
  std::string err = resolveReshape(in[0]->shape, asInts(*in[1]),
                                   getIntAttr(node, "allowzero", 0), shape);
  return reshapedTo(*in[0], shape, err, out);
}

std::string evalUnsqueeze(const onnx::NodeProto &, Inputs in, HostTensor &out) {
  SmallVector<int64_t> shape;
  std::string err = unsqueezeShape(in[0]->shape, asInts(*in[1]), shape);
  return reshapedTo(*in[0], shape, err, out);
}

std::string evalSqueeze(const onnx::NodeProto &, Inputs in, HostTensor &out) {
  SmallVector<int64_t> shape;
  std::vector<int64_t> axes;
  if (in.size() > 1 && in[1])
    axes = asInts(*in[1]);
  std::string err = squeezeShape(in[0]->shape, axes, shape);
  return reshapedTo(*in[0], shape, err, out);
}

std::string evalTranspose(const onnx::NodeProto &node, Inputs in,
                          HostTensor &out) {
  SmallVector<int64_t> perm;
  std::string err = getTransposePerm(node, in[0]->shape.size(), perm);
  if (!err.empty())
    return err;
  out = transpose(*in[0], perm);
  return "";
}

std::string evalConcat(const onnx::NodeProto &node, Inputs in,
                       HostTensor &out) {
  int64_t rank = in[0]->shape.size();
  int64_t axis = normaliseAxis(getIntAttr(node, "axis", 0), rank);
  if (axis < 0 || axis >= rank)
    return "concat axis out of range";
  SmallVector<int64_t> shape(in[0]->shape.begin(), in[0]->shape.end());
  shape[axis] = 0;
  for (const HostTensor *t : in) {
    if (t->kind != in[0]->kind || static_cast<int64_t>(t->shape.size()) != rank)
      return "concat inputs differ in type or rank";
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis && t->shape[d] != in[0]->shape[d])
        return "concat inputs differ in a dimension other than the axis";
    shape[axis] += t->shape[axis];
  }
  out.kind = in[0]->kind;
  out.shape = shape;
  out.f32.clear();
  out.i64.clear();
  // Rows of the outer dims, each the inner block of every input in turn.
  int64_t outer = product(ArrayRef<int64_t>(shape).take_front(axis));
  for (int64_t o = 0; o < outer; ++o)
    for (const HostTensor *t : in) {
      int64_t block = product(ArrayRef<int64_t>(t->shape).drop_front(axis));
      if (t->isInt())
        out.i64.insert(out.i64.end(), t->i64.begin() + o * block,
                       t->i64.begin() + (o + 1) * block);
      else
        out.f32.insert(out.f32.end(), t->f32.begin() + o * block,
                       t->f32.begin() + (o + 1) * block);
    }
  return "";
}

std::string evalSlice(const onnx::NodeProto &, Inputs in, HostTensor &out) {
  const HostTensor &data = *in[0];
  int64_t rank = data.shape.size();
  std::vector<int64_t> starts = asInts(*in[1]), ends = asInts(*in[2]);
  std::vector<int64_t> axes, steps;
  if (in.size() > 3 && in[3])
    axes = asInts(*in[3]);
  else
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (in.size() > 4 && in[4])
    steps = asInts(*in[4]);
  else
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return "slice starts/ends/axes/steps differ in length";
  SmallVector<int64_t> first(rank, 0), step(rank, 1), count(data.shape);
  for (size_t i = 0; i < starts.size(); ++i) {
    int64_t a = normaliseAxis(axes[i], rank);
    if (a < 0 || a >= rank || steps[i] == 0)
      return "invalid slice axis or step";
    int64_t dim = data.shape[a], s = starts[i], e = ends[i], st = steps[i];
    if (s < 0)
      s += dim;
    if (e < 0)
      e += dim;
    if (st > 0) {
      s = std::clamp<int64_t>(s, 0, dim);
      e = std::clamp<int64_t>(e, 0, dim);
      // Forms that cannot overflow for any step: 0 <= e - s <= dim.
      count[a] = e > s ? (e - s - 1) / st + 1 : 0;
    } else {
      s = std::clamp<int64_t>(s, 0, dim - 1);
      e = std::clamp<int64_t>(e, -1, dim - 1);
      int64_t down = st == INT64_MIN ? INT64_MAX : -st; // -INT64_MIN overflows
      count[a] = s > e ? (s - e - 1) / down + 1 : 0;
    }
    first[a] = s;
    step[a] = st;
  }
  SmallVector<int64_t> stride = stridesOf(data.shape);
  std::vector<int64_t> index;
  forEachIndex(count, [&](ArrayRef<int64_t> pos) {
    int64_t src = 0;
    for (int64_t i = 0; i < rank; ++i)
      src += (first[i] + pos[i] * step[i]) * stride[i];
    index.push_back(src);
  });
  out = gather(data, index, count);
  return "";
}

std::string evalGather(const onnx::NodeProto &node, Inputs in,
                       HostTensor &out) {
  const HostTensor &data = *in[0];
  int64_t rank = data.shape.size();
  int64_t axis = normaliseAxis(getIntAttr(node, "axis", 0), rank);
  if (axis < 0 || axis >= rank)
    return "gather axis out of range";
  std::vector<int64_t> idx = asInts(*in[1]);
  SmallVector<int64_t> shape(data.shape.begin(), data.shape.begin() + axis);
  shape.append(in[1]->shape.begin(), in[1]->shape.end());
  shape.append(data.shape.begin() + axis + 1, data.shape.end());
  int64_t outer = product(ArrayRef<int64_t>(data.shape).take_front(axis));
  int64_t inner = product(ArrayRef<int64_t>(data.shape).drop_front(axis + 1));
  int64_t dim = data.shape[axis];
  if (!fitsOnHost(shape))
    return "gather result too large to evaluate on the host";
  std::vector<int64_t> index;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t j : idx) {
      if (j < 0)
        j += dim;
      if (j < 0 || j >= dim)
        return "gather index out of range";
      for (int64_t k = 0; k < inner; ++k)
        index.push_back((o * dim + j) * inner + k);
    }
  out = gather(data, index, shape);
  return "";
}

std::string evalCast(const onnx::NodeProto &node, Inputs in, HostTensor &out) {
  int64_t to = getIntAttr(node, "to", 0);
  const HostTensor &src = *in[0];
  if (to == onnx::TensorProto::INT64) {
    out = HostTensor::ints(src.shape, asInts(src));
    return "";
  }
  if (to == onnx::TensorProto::FLOAT) {
    std::vector<float> v;
    for (int64_t i = 0; i < src.numElements(); ++i)
      v.push_back(static_cast<float>(src.at(i)));
    out = HostTensor::floats(src.shape, std::move(v));
    return "";
  }
  return "cast to element type " + std::to_string(to) +
         " is not supported (float32 and int64 only)";
}

std::string evalConstantOfShape(const onnx::NodeProto &node, Inputs in,
                                HostTensor &out) {
  std::vector<int64_t> shape = asInts(*in[0]);
  if (!fitsOnHost(shape))
    return "ConstantOfShape shape is negative or too large";
  HostTensor fill = HostTensor::floats({}, {0.0f});
  if (const onnx::AttributeProto *a = findAttr(node, "value")) {
    std::string err = decodeTensor(a->t(), fill);
    if (!err.empty())
      return err;
    if (fill.numElements() != 1)
      return "ConstantOfShape value must have one element";
  }
  int64_t n = product(shape);
  if (fill.isInt())
    out = HostTensor::ints(shape, std::vector<int64_t>(n, fill.i64[0]));
  else
    out = HostTensor::floats(shape, std::vector<float>(n, fill.f32[0]));
  return "";
}

} // namespace

bool evaluateConstantNode(const onnx::NodeProto &node, Inputs inputs,
                          HostTensor &result, std::string &error) {
  using Eval = std::string (*)(const onnx::NodeProto &, Inputs, HostTensor &);
  Eval eval =
      StringSwitch<Eval>(node.op_type())
          .Case("Reshape", evalReshape)
          .Case("Transpose", evalTranspose)
          .Case("Unsqueeze", evalUnsqueeze)
          .Case("Squeeze", evalSqueeze)
          .Case("Concat", evalConcat)
          .Case("Slice", evalSlice)
          .Case("Gather", evalGather)
          .Case("Cast", evalCast)
          .Case("ConstantOfShape", evalConstantOfShape)
          .Cases({"Add", "Sub", "Mul", "Div", "Pow", "Mod", "Min", "Max",
                  "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual",
                  "And", "Or", "Xor"},
                 evalBinary)
          .Cases({"Neg", "Abs", "Floor", "Ceil", "Sqrt", "Not"}, evalUnary)
          .Case("Where", evalWhere)
          .Case("Expand", evalExpand)
          .Case("Range", evalRange)
          .Default(nullptr);
  if (!eval)
    return false;
  static const StringMap<unsigned> minInputs = {
      {"Reshape", 2},       {"Unsqueeze", 2}, {"Slice", 3},       {"Gather", 2},
      {"Add", 2},           {"Sub", 2},       {"Mul", 2},         {"Div", 2},
      {"Pow", 2},           {"Mod", 2},       {"Equal", 2},       {"Less", 2},
      {"Greater", 2},       {"And", 2},       {"LessOrEqual", 2}, {"Or", 2},
      {"Xor", 2},           {"Where", 3},     {"Expand", 2},      {"Range", 3},
      {"GreaterOrEqual", 2}};
  auto it = minInputs.find(node.op_type());
  unsigned need = it == minInputs.end() ? 1 : it->second;
  if (inputs.size() < need ||
      llvm::any_of(inputs.take_front(need), [](auto *t) { return !t; })) {
    error = "expects at least " + std::to_string(need) + " inputs";
    return true;
  }
  error = eval(node, inputs, result);
  return true;
}

} // namespace mnv4::onnx_import
