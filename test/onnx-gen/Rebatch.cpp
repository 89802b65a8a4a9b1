//===- Rebatch.cpp - an export's dynamic-batch form -----------------------===//

#include "Rebatch.h"

#include "llvm/ADT/StringMap.h"

#include <cstring>

#include <vector>

namespace {

/// The int64 values of a constant tensor (raw_data or int64_data).
std::vector<int64_t> intsOf(const onnx::TensorProto &t) {
  if (t.data_type() != onnx::TensorProto::INT64)
    return {};
  if (!t.has_raw_data())
    return {t.int64_data().begin(), t.int64_data().end()};
  std::vector<int64_t> v(t.raw_data().size() / sizeof(int64_t));
  std::memcpy(v.data(), t.raw_data().data(), v.size() * sizeof(int64_t));
  return v;
}

onnx::NodeProto constantNode(const std::string &out,
                             const std::vector<int64_t> &v, bool scalar) {
  onnx::NodeProto n;
  n.set_op_type("Constant");
  n.set_name(out);
  n.add_output(out);
  onnx::AttributeProto *a = n.add_attribute();
  a->set_name("value");
  a->set_type(onnx::AttributeProto::TENSOR);
  onnx::TensorProto *t = a->mutable_t();
  t->set_data_type(onnx::TensorProto::INT64);
  if (!scalar)
    t->add_dims(v.size());
  for (int64_t x : v)
    t->add_int64_data(x);
  return n;
}

onnx::NodeProto opNode(const std::string &op, const std::string &out,
                       std::initializer_list<std::string> inputs) {
  onnx::NodeProto n;
  n.set_op_type(op);
  n.set_name(out);
  for (const std::string &in : inputs)
    n.add_input(in);
  n.add_output(out);
  return n;
}

void makeBatchDynamic(onnx::ValueInfoProto &v) {
  auto *shape = v.mutable_type()->mutable_tensor_type()->mutable_shape();
  if (shape->dim_size() > 0)
    shape->mutable_dim(0)->set_dim_param("batch");
}

} // namespace

void rebatchModel(onnx::ModelProto &model) {
  onnx::GraphProto &g = *model.mutable_graph();
  llvm::StringMap<std::vector<int64_t>> constants;
  for (const onnx::TensorProto &t : g.initializer())
    constants[t.name()] = intsOf(t);
  for (const onnx::NodeProto &n : g.node())
    if (n.op_type() == "Constant" && n.attribute_size() == 1 &&
        n.attribute(0).has_t())
      constants[n.output(0)] = intsOf(n.attribute(0).t());
  for (onnx::ValueInfoProto &v : *g.mutable_input())
    if (!constants.count(v.name()))
      makeBatchDynamic(v);
  for (onnx::ValueInfoProto &v : *g.mutable_output())
    makeBatchDynamic(v);

  std::vector<onnx::NodeProto> nodes;
  int counter = 0;
  for (onnx::NodeProto n : g.node()) {
    auto it = n.op_type() == "Reshape" && n.input_size() >= 2
                  ? constants.find(n.input(1))
                  : constants.end();
    if (it != constants.end() && it->second.size() >= 2 && it->second[0] == 1) {
      std::string p = "/rebatch_" + std::to_string(counter++) + "/";
      std::vector<int64_t> rest(it->second.begin() + 1, it->second.end());
      nodes.push_back(constantNode(p + "index", {0}, /*scalar=*/true));
      nodes.push_back(constantNode(p + "axes", {0}, false));
      nodes.push_back(constantNode(p + "rest", rest, false));
      nodes.push_back(opNode("Shape", p + "Shape", {n.input(0)}));
      onnx::NodeProto gather =
          opNode("Gather", p + "Gather", {p + "Shape", p + "index"});
      nodes.push_back(gather);
      nodes.push_back(
          opNode("Unsqueeze", p + "Unsqueeze", {p + "Gather", p + "axes"}));
      onnx::NodeProto cat =
          opNode("Concat", p + "Concat", {p + "Unsqueeze", p + "rest"});
      onnx::AttributeProto *axis = cat.add_attribute();
      axis->set_name("axis");
      axis->set_type(onnx::AttributeProto::INT);
      axis->set_i(0);
      nodes.push_back(cat);
      n.set_input(1, p + "Concat");
    }
    nodes.push_back(n);
  }
  g.clear_node();
  for (onnx::NodeProto &n : nodes)
    *g.add_node() = std::move(n);
}
