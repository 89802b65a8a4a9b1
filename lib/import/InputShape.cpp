//===- InputShape.cpp - fix the graph input's dimensions ------------------===//
//
// timm's onnx_export writes a dynamic batch (and, with --dynamic-size,
// dynamic H and W); the user fixes them at compile time, and the rest of the
// compiler sees static shapes only.
//
//===----------------------------------------------------------------------===//

#include "OnnxModel.h"

using namespace llvm;

namespace mnv4::onnx_import {

static const char *const kDimNames[4] = {"batch", "channel count", "height",
                                         "width"};

/// The flag that sets dimension `i`, and its value (0: not given).
static std::pair<std::string, int64_t> flagFor(const InputShapeOptions &options,
                                               int i) {
  if (!options.shape.empty())
    return {"--input-shape", options.shape[i]};
  if (i == 0)
    return {"--batch", options.batch};
  if (i >= 2)
    return {"--resolution", options.resolution};
  return {"--input-shape", 0};
}

/// What to pass to fix dimension `i`.
static std::string flagHint(int i) {
  if (i == 0)
    return "--batch=N or --input-shape=N,C,H,W";
  if (i >= 2)
    return "--resolution=R or --input-shape=N,C,H,W";
  return "--input-shape=N,C,H,W";
}

std::string resolveInputShape(const onnx::ValueInfoProto &v,
                              const InputShapeOptions &options,
                              SmallVectorImpl<int64_t> &shape) {
  std::string what = "graph input '" + v.name() + "'";
  const onnx::TypeProto::Tensor *type = nullptr;
  if (std::string err = floatTensorType(v, what, type); !err.empty())
    return err;
  const onnx::TypeProto::Tensor &t = *type;
  if (!t.has_shape())
    return what + " has no shape; pass --input-shape=N,C,H,W";
  if (t.shape().dim_size() != 4)
    return what + " has rank " + std::to_string(t.shape().dim_size()) +
           "; an NCHW image [N,C,H,W] is expected";
  if (!options.shape.empty() && options.shape.size() != 4)
    return "--input-shape must have four dimensions N,C,H,W";
  shape.clear();
  for (int i = 0; i < 4; ++i) {
    const onnx::TensorShapeProto::Dimension &d = t.shape().dim(i);
    auto [flag, value] = flagFor(options, i);
    std::string dim =
        std::string(kDimNames[i]) + " (dimension " + std::to_string(i) + ")";
    if (d.has_dim_value()) {
      if (d.dim_value() < 1)
        return what + " has " + dim + " " + std::to_string(d.dim_value()) +
               "; dimensions must be positive";
      if (value && value != d.dim_value())
        return flag + " asks for " + kDimNames[i] + " " +
               std::to_string(value) + ", but " + what + " has a static " +
               dim + " of " + std::to_string(d.dim_value());
      shape.push_back(d.dim_value());
      continue;
    }
    if (value) {
      shape.push_back(value);
      continue;
    }
    if (i == 0) { // a dynamic batch defaults to 1
      shape.push_back(1);
      continue;
    }
    std::string param = d.has_dim_param() ? " '" + d.dim_param() + "'" : "";
    return what + " has a dynamic " + dim + param + "; pass " + flagHint(i) +
           " to fix it";
  }
  return "";
}

} // namespace mnv4::onnx_import
