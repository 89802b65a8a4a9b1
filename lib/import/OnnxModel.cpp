//===- OnnxModel.cpp - read and validate an ONNX file ---------------------===//

#include "OnnxModel.h"

#include "llvm/Support/MemoryBuffer.h"
#include <cstring>

using namespace llvm;

namespace mnv4::onnx_import {

template <typename T>
static std::vector<T> fromRaw(const std::string &raw, int64_t n) {
  std::vector<T> v(n);
  if (n > 0) // an empty vector's data() may be null, which memcpy must not get
    std::memcpy(v.data(), raw.data(), n * sizeof(T)); // little-endian hosts
  return v;
}

/// The `n` elements of `t`, from raw_data (little-endian `T`) or from its
/// typed field `typed`; an error message when the count does not match.
template <typename T, typename Field>
static std::string readElements(const onnx::TensorProto &t, const Field &typed,
                                int64_t n, const std::string &what,
                                std::vector<T> &out) {
  bool raw = t.has_raw_data();
  int64_t got = raw ? static_cast<int64_t>(t.raw_data().size() / sizeof(T))
                    : static_cast<int64_t>(typed.size());
  if (raw ? t.raw_data().size() != n * sizeof(T) : got != n)
    return what + " holds " + std::to_string(got) + " values but its shape " +
           "needs " + std::to_string(n);
  out = raw ? fromRaw<T>(t.raw_data(), n)
            : std::vector<T>(typed.begin(), typed.end());
  return "";
}

std::string decodeTensor(const onnx::TensorProto &t, HostTensor &out) {
  std::string what = "tensor '" + t.name() + "'";
  if (t.data_location() == onnx::TensorProto::EXTERNAL)
    return what + " uses external data, which is not supported (weights "
                  "must be stored inside the .onnx file)";
  SmallVector<int64_t> shape(t.dims().begin(), t.dims().end());
  if (llvm::any_of(shape, [](int64_t d) { return d < 0; }))
    return what + " has a negative dimension";
  int64_t n = product(shape);
  switch (t.data_type()) {
  case onnx::TensorProto::FLOAT: {
    std::vector<float> v;
    if (std::string err = readElements(t, t.float_data(), n, what, v);
        !err.empty())
      return err;
    out = HostTensor::floats(shape, std::move(v));
    return "";
  }
  case onnx::TensorProto::INT64: {
    std::vector<int64_t> v;
    if (std::string err = readElements(t, t.int64_data(), n, what, v);
        !err.empty())
      return err;
    out = HostTensor::ints(shape, std::move(v));
    return "";
  }
  case onnx::TensorProto::INT32: {
    std::vector<int32_t> v;
    if (std::string err = readElements(t, t.int32_data(), n, what, v);
        !err.empty())
      return err;
    out = HostTensor::ints(shape, std::vector<int64_t>(v.begin(), v.end()));
    return "";
  }
  default:
    return what + " has element type " + std::to_string(t.data_type()) +
           "; only float32 and int64 (int32 for shapes) are supported";
  }
}

std::string floatTensorType(const onnx::ValueInfoProto &v,
                            const std::string &what,
                            const onnx::TypeProto::Tensor *&type) {
  if (!v.type().has_tensor_type())
    return what + " is not a tensor";
  type = &v.type().tensor_type();
  if (type->elem_type() != onnx::TensorProto::FLOAT)
    return what + " has element type " + std::to_string(type->elem_type()) +
           "; only float32 is supported";
  return "";
}

/// Checks a graph output's element type and records its declared shape.
static std::string readOutput(const onnx::ValueInfoProto &v, GraphOutput &out) {
  out.name = v.name();
  const onnx::TypeProto::Tensor *t = nullptr;
  if (std::string err =
          floatTensorType(v, "graph output '" + v.name() + "'", t);
      !err.empty())
    return err;
  out.hasShape = t->has_shape();
  for (const onnx::TensorShapeProto::Dimension &d : t->shape().dim())
    out.declaredShape.push_back(d.has_dim_value() ? d.dim_value() : -1);
  return "";
}

/// Every dimension of the graph input within kMaxDim.
static std::string checkInputDims(StringRef name, ArrayRef<int64_t> shape) {
  for (int64_t d : shape)
    if (d < 1 || d > kMaxDim)
      return ("graph input '" + name + "' has dimension " + Twine(d) +
              "; dimensions from 1 to " + Twine(kMaxDim) + " are supported")
          .str();
  return "";
}

static bool isDefaultDomain(StringRef domain) {
  return domain.empty() || domain == "ai.onnx";
}

std::string loadOnnxModel(StringRef path, const InputShapeOptions &shape,
                          OnnxModel &model) {
  auto buffer = MemoryBuffer::getFile(path, /*IsText=*/false,
                                      /*RequiresNullTerminator=*/false);
  if (!buffer)
    return "cannot read the file: " + buffer.getError().message();
  StringRef bytes = (*buffer)->getBuffer();
  if (bytes.size() > static_cast<size_t>(INT32_MAX) ||
      !model.proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return "not a valid ONNX model (protobuf parse failed: truncated or "
           "corrupt file?)";
  if (!model.proto.has_graph() || model.proto.graph().node_size() == 0)
    return "the graph has no nodes (not an ONNX model?)";

  bool found = false;
  for (const onnx::OperatorSetIdProto &o : model.proto.opset_import())
    if (isDefaultDomain(o.domain())) {
      found = true;
      model.opset = o.version();
    }
  if (!found)
    return "the model imports no opset of the default ONNX domain";
  if (model.opset < kMinOpset || model.opset > kMaxOpset)
    return "opset " + std::to_string(model.opset) +
           " of the default domain is not supported (supported: " +
           std::to_string(kMinOpset) + ".." + std::to_string(kMaxOpset) + ")";

  if (std::string err = loadExternalData(path, *model.proto.mutable_graph());
      !err.empty())
    return err;
  const onnx::GraphProto &g = model.proto.graph();
  for (const onnx::TensorProto &t : g.initializer()) {
    HostTensor h;
    std::string err = decodeTensor(t, h);
    if (!err.empty())
      return "initializer: " + err;
    model.initializers[t.name()] = std::move(h);
  }
  for (const onnx::NodeProto &n : g.node())
    if (!isDefaultDomain(n.domain()))
      return describeNode(n) + " is in domain '" + n.domain() +
             "'; only the default ONNX domain is supported";

  SmallVector<const onnx::ValueInfoProto *> inputs;
  for (const onnx::ValueInfoProto &v : g.input())
    if (!model.initializers.count(v.name()))
      inputs.push_back(&v);
  if (inputs.size() != 1)
    return "the graph has " + std::to_string(inputs.size()) +
           " inputs; exactly one image input is supported";
  if (g.output_size() == 0)
    return "the graph has no outputs";
  for (const onnx::ValueInfoProto &v : g.output()) {
    model.outputs.emplace_back();
    if (std::string err = readOutput(v, model.outputs.back()); !err.empty())
      return err;
  }
  if (std::string err = resolveInputShape(*inputs[0], shape, model.inputShape);
      !err.empty())
    return err;
  if (std::string err = checkInputDims(inputs[0]->name(), model.inputShape);
      !err.empty())
    return err;
  model.inputName = inputs[0]->name();
  return "";
}

} // namespace mnv4::onnx_import
