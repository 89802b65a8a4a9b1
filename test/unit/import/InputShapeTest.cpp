//===- InputShapeTest.cpp - fixing the graph input's dimensions -----------===//

#include "lib/import/OnnxModel.h"

#include <gtest/gtest.h>
#include <variant>

using namespace mnv4::onnx_import;
using mnv4::InputShapeOptions;

namespace {

/// A float32 graph input "x" with dims given as values (> 0) or dim_params
/// (strings); an empty string is a dimension with neither.
onnx::ValueInfoProto input(std::vector<std::variant<int64_t, std::string>> d) {
  onnx::ValueInfoProto v;
  v.set_name("x");
  auto *t = v.mutable_type()->mutable_tensor_type();
  t->set_elem_type(onnx::TensorProto::FLOAT);
  auto *shape = t->mutable_shape();
  for (auto &dim : d) {
    auto *p = shape->add_dim();
    if (auto *value = std::get_if<int64_t>(&dim))
      p->set_dim_value(*value);
    else if (!std::get<std::string>(dim).empty())
      p->set_dim_param(std::get<std::string>(dim));
  }
  return v;
}

using Shape = llvm::SmallVector<int64_t>;

Shape resolved(const onnx::ValueInfoProto &v, const InputShapeOptions &o) {
  Shape s;
  EXPECT_EQ(resolveInputShape(v, o, s), "");
  return s;
}

std::string error(const onnx::ValueInfoProto &v, const InputShapeOptions &o) {
  Shape s;
  return resolveInputShape(v, o, s);
}

InputShapeOptions flags(int64_t batch, int64_t resolution,
                        llvm::SmallVector<int64_t, 4> shape = {}) {
  InputShapeOptions o;
  o.batch = batch;
  o.resolution = resolution;
  o.shape = shape;
  return o;
}

TEST(InputShape, StaticShapesAndMatchingFlags) {
  auto v = input({int64_t(1), int64_t(3), int64_t(224), int64_t(224)});
  EXPECT_EQ(resolved(v, {}), (Shape{1, 3, 224, 224}));
  EXPECT_EQ(resolved(v, flags(1, 224)), (Shape{1, 3, 224, 224}));
  EXPECT_EQ(resolved(v, flags(0, 0, {1, 3, 224, 224})),
            (Shape{1, 3, 224, 224}));
}

TEST(InputShape, DynamicDimsTakeTheFlags) {
  auto batch = input({"batch", int64_t(3), int64_t(32), int64_t(32)});
  EXPECT_EQ(resolved(batch, {}), (Shape{1, 3, 32, 32})); // default 1
  EXPECT_EQ(resolved(batch, flags(4, 0)), (Shape{4, 3, 32, 32}));
  auto all = input({"N", std::string(), "H", "W"});
  EXPECT_EQ(resolved(all, flags(0, 0, {2, 1, 64, 48})), (Shape{2, 1, 64, 48}));
  auto size = input({"N", int64_t(3), "H", "W"});
  EXPECT_EQ(resolved(size, flags(2, 96)), (Shape{2, 3, 96, 96}));
}

TEST(InputShape, ErrorsNameTheDimensionAndTheFlag) {
  auto size = input({"N", int64_t(3), "height", "width"});
  EXPECT_EQ(error(size, {}),
            "graph input 'x' has a dynamic height (dimension 2) 'height'; "
            "pass --resolution=R or --input-shape=N,C,H,W to fix it");
  auto channels = input({int64_t(1), "C", int64_t(8), int64_t(8)});
  EXPECT_EQ(error(channels, flags(1, 8)),
            "graph input 'x' has a dynamic channel count (dimension 1) 'C'; "
            "pass --input-shape=N,C,H,W to fix it");
  auto fixed = input({int64_t(1), int64_t(3), int64_t(8), int64_t(8)});
  EXPECT_EQ(error(fixed, flags(2, 0)),
            "--batch asks for batch 2, but graph input 'x' has a static batch "
            "(dimension 0) of 1");
  EXPECT_EQ(error(fixed, flags(0, 0, {1, 1, 8, 8})),
            "--input-shape asks for channel count 1, but graph input 'x' has "
            "a static channel count (dimension 1) of 3");
  EXPECT_NE(error(input({int64_t(1), int64_t(3), int64_t(8)}), {}), "");
  EXPECT_NE(error(input({int64_t(0), int64_t(3), int64_t(8), int64_t(8)}), {}),
            "");
}

} // namespace
