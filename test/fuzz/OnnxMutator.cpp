//===- OnnxMutator.cpp - structural edits of ONNX models ------------------===//

#include "OnnxMutator.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

using Rng = std::mt19937_64;

namespace {

template <typename T> const T &pick(const std::vector<T> &values, Rng &rng) {
  return values[std::uniform_int_distribution<size_t>(0,
                                                      values.size() - 1)(rng)];
}

int pickIndex(int size, Rng &rng) {
  return std::uniform_int_distribution<int>(0, size - 1)(rng);
}

int64_t interestingInt(Rng &rng) {
  static const std::vector<int64_t> values = {
      -2,
      -1,
      0,
      1,
      2,
      3,
      4,
      5,
      7,
      8,
      16,
      255,
      1 << 16,
      INT32_MAX,
      int64_t(1) << 32,
      int64_t(1) << 40,
      std::numeric_limits<int64_t>::max(),
      std::numeric_limits<int64_t>::min()};
  return pick(values, rng);
}

float interestingFloat(Rng &rng) {
  static const std::vector<float> values = {
      0.0f,
      -0.0f,
      1.0f,
      -1.0f,
      0.5f,
      1e-30f,
      1e30f,
      std::numeric_limits<float>::infinity(),
      std::numeric_limits<float>::quiet_NaN()};
  return pick(values, rng);
}

/// Every name a node input may refer to: graph inputs, initializers and
/// every node output (later ones too: that makes cycles), plus names that
/// exist nowhere.
std::vector<std::string> valueNames(const onnx::GraphProto &g) {
  std::vector<std::string> names = {"", "missing"};
  for (const onnx::ValueInfoProto &v : g.input())
    names.push_back(v.name());
  for (const onnx::TensorProto &t : g.initializer())
    names.push_back(t.name());
  for (const onnx::NodeProto &n : g.node())
    for (const std::string &o : n.output())
      names.push_back(o);
  return names;
}

void mutateDim(onnx::TensorShapeProto::Dimension &d, Rng &rng) {
  if (rng() % 8 == 0)
    d.set_dim_param("N");
  else
    d.set_dim_value(interestingInt(rng));
}

void mutateShape(onnx::GraphProto &g, Rng &rng) {
  std::vector<onnx::TensorShapeProto *> shapes;
  for (auto *infos :
       {g.mutable_input(), g.mutable_output(), g.mutable_value_info()})
    for (onnx::ValueInfoProto &v : *infos)
      if (v.type().has_tensor_type())
        shapes.push_back(
            v.mutable_type()->mutable_tensor_type()->mutable_shape());
  if (shapes.empty())
    return;
  onnx::TensorShapeProto &shape = *pick(shapes, rng);
  switch (rng() % 3) {
  case 0:
    shape.add_dim()->set_dim_value(interestingInt(rng));
    return;
  case 1:
    if (shape.dim_size() > 0) {
      shape.mutable_dim()->RemoveLast();
      return;
    }
    [[fallthrough]];
  default:
    if (shape.dim_size() > 0)
      mutateDim(*shape.mutable_dim(pickIndex(shape.dim_size(), rng)), rng);
  }
}

void mutateTensor(onnx::TensorProto &t, Rng &rng) {
  switch (rng() % 7) {
  case 0:
    if (t.dims_size() > 0) {
      t.set_dims(pickIndex(t.dims_size(), rng), interestingInt(rng));
      return;
    }
    [[fallthrough]];
  case 1:
    t.add_dims(interestingInt(rng) & 7);
    return;
  case 2:
    t.mutable_raw_data()->resize(t.raw_data().size() / 2);
    return;
  case 3:
    t.mutable_raw_data()->append(std::string(1 + rng() % 64, '\x7f'));
    return;
  case 4: {
    static const std::vector<int> types = {0, 1, 2, 6, 7, 9, 10, 11, 16, 99};
    t.set_data_type(pick(types, rng));
    return;
  }
  case 5:
    t.add_float_data(interestingFloat(rng));
    return;
  default:
    t.set_data_location(onnx::TensorProto::EXTERNAL);
  }
}

void mutateAttribute(onnx::AttributeProto &a, Rng &rng) {
  if (a.has_t()) {
    mutateTensor(*a.mutable_t(), rng);
    return;
  }
  switch (rng() % 5) {
  case 0:
    if (a.ints_size() > 0) {
      a.set_ints(pickIndex(a.ints_size(), rng), interestingInt(rng));
      return;
    }
    [[fallthrough]];
  case 1:
    a.add_ints(interestingInt(rng));
    return;
  case 2:
    a.set_i(interestingInt(rng));
    return;
  case 3:
    if (a.floats_size() > 0)
      a.set_floats(pickIndex(a.floats_size(), rng), interestingFloat(rng));
    else
      a.set_f(interestingFloat(rng));
    return;
  default:
    if (a.ints_size() > 0)
      a.mutable_ints()->RemoveLast();
    else
      a.set_type(static_cast<onnx::AttributeProto::AttributeType>(rng() % 12));
  }
}

void mutateNodeAttributes(onnx::NodeProto &n, Rng &rng) {
  if (n.attribute_size() == 0 || rng() % 8 == 0) {
    static const std::vector<std::string> names = {
        "axis",   "axes",    "perm",      "group",    "kernel_shape", "pads",
        "mode",   "value",   "keepdims",  "alpha",    "epsilon",      "to",
        "transB", "strides", "dilations", "allowzero"};
    onnx::AttributeProto *a = n.add_attribute();
    a->set_name(pick(names, rng));
    a->set_type(onnx::AttributeProto::INTS);
    a->add_ints(interestingInt(rng));
    return;
  }
  int i = pickIndex(n.attribute_size(), rng);
  if (rng() % 8 == 0)
    n.mutable_attribute()->DeleteSubrange(i, 1);
  else
    mutateAttribute(*n.mutable_attribute(i), rng);
}

void mutateWiring(onnx::GraphProto &g, Rng &rng) {
  int i = pickIndex(g.node_size(), rng);
  onnx::NodeProto &n = *g.mutable_node(i);
  switch (rng() % 6) {
  case 0:
  case 1:
    if (n.input_size() > 0) {
      n.set_input(pickIndex(n.input_size(), rng), pick(valueNames(g), rng));
      return;
    }
    [[fallthrough]];
  case 2:
    if (n.output_size() > 0) {
      n.set_output(pickIndex(n.output_size(), rng), pick(valueNames(g), rng));
      return;
    }
    [[fallthrough]];
  case 3:
    g.mutable_node()->SwapElements(i, pickIndex(g.node_size(), rng));
    return;
  case 4:
    if (g.node_size() > 1) {
      g.mutable_node()->DeleteSubrange(i, 1);
      return;
    }
    [[fallthrough]];
  default: {
    onnx::NodeProto copy = n; // add_node may move `n`
    *g.add_node() = std::move(copy);
  }
  }
}

void mutateOpType(onnx::NodeProto &n, Rng &rng) {
  static const std::vector<std::string> ops = {"Relu",
                                               "Conv",
                                               "Add",
                                               "Mul",
                                               "Reshape",
                                               "Transpose",
                                               "MatMul",
                                               "Identity",
                                               "Pad",
                                               "Softmax",
                                               "Gemm",
                                               "Flatten",
                                               "Unsqueeze",
                                               "Squeeze",
                                               "Slice",
                                               "Concat",
                                               "Cast",
                                               "ConstantOfShape",
                                               "Shape",
                                               "Gather",
                                               "AveragePool",
                                               "GlobalAveragePool",
                                               "BatchNormalization",
                                               "Div",
                                               "Erf",
                                               "Sub",
                                               "Constant",
                                               "Expand",
                                               "Split",
                                               "If",
                                               "Loop",
                                               "HardSwish",
                                               "Clip"};
  if (rng() % 8 == 0)
    n.set_domain("com.microsoft");
  else
    n.set_op_type(pick(ops, rng));
}

} // namespace

void mnv4::fuzz::mutateOnnxModel(onnx::ModelProto &model, Rng &rng) {
  onnx::GraphProto &g = *model.mutable_graph();
  switch (rng() % 8) {
  case 0:
    mutateShape(g, rng);
    return;
  case 1:
  case 2:
    if (g.initializer_size() > 0) {
      mutateTensor(*g.mutable_initializer(pickIndex(g.initializer_size(), rng)),
                   rng);
      return;
    }
    [[fallthrough]];
  case 3:
  case 4:
    if (g.node_size() > 0) {
      mutateNodeAttributes(*g.mutable_node(pickIndex(g.node_size(), rng)), rng);
      return;
    }
    [[fallthrough]];
  case 5:
    if (g.node_size() > 0) {
      mutateWiring(g, rng);
      return;
    }
    [[fallthrough]];
  case 6:
    if (g.node_size() > 0) {
      mutateOpType(*g.mutable_node(pickIndex(g.node_size(), rng)), rng);
      return;
    }
    [[fallthrough]];
  default:
    if (model.opset_import_size() > 0)
      model.mutable_opset_import(0)->set_version(rng() % 24);
  }
}
