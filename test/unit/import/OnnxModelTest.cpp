//===- OnnxModelTest.cpp - tensor decoding and module names ---------------===//

#include "lib/import/OnnxModel.h"
#include "lib/import/GraphToMNV4.h"

#include <cstring>
#include <gtest/gtest.h>

using namespace mnv4::onnx_import;

namespace {

TEST(ModuleName, FromTimmNodeNames) {
  EXPECT_EQ(moduleNameOf("/blocks/blocks.2/blocks.2.4/attn/MatMul"),
            "blocks.2.4");
  EXPECT_EQ(moduleNameOf("/blocks/blocks.1/blocks.1.0/dw_mid/conv/Conv"),
            "blocks.1.0");
  EXPECT_EQ(moduleNameOf("/blocks/blocks.3/blocks.3.15/layer_scale/Mul"),
            "blocks.3.15");
  EXPECT_EQ(moduleNameOf("/conv_stem/Conv"), "conv_stem");
  EXPECT_EQ(moduleNameOf("/global_pool/pool/GlobalAveragePool"), "global_pool");
  EXPECT_EQ(moduleNameOf("/classifier/Gemm"), "classifier");
  EXPECT_EQ(moduleNameOf("Identity_12"), "Identity_12");
  EXPECT_EQ(moduleNameOf(""), "");
}

onnx::TensorProto floatTensor(std::vector<int64_t> dims) {
  onnx::TensorProto t;
  t.set_name("w");
  t.set_data_type(onnx::TensorProto::FLOAT);
  for (int64_t d : dims)
    t.add_dims(d);
  return t;
}

TEST(DecodeTensor, RawAndTypedData) {
  std::vector<float> values = {1.5f, -2.0f, 0.25f, 8.0f};
  onnx::TensorProto raw = floatTensor({2, 2});
  raw.set_raw_data(std::string(reinterpret_cast<const char *>(values.data()),
                               values.size() * sizeof(float)));
  HostTensor a;
  ASSERT_EQ(decodeTensor(raw, a), "");
  EXPECT_EQ(a.f32, values);
  EXPECT_EQ(a.shape, (llvm::SmallVector<int64_t>{2, 2}));

  onnx::TensorProto typed = floatTensor({4});
  for (float v : values)
    typed.add_float_data(v);
  HostTensor b;
  ASSERT_EQ(decodeTensor(typed, b), "");
  EXPECT_EQ(b.f32, values);

  onnx::TensorProto i32;
  i32.set_data_type(onnx::TensorProto::INT32);
  i32.add_dims(2);
  i32.add_int32_data(-3);
  i32.add_int32_data(7);
  HostTensor c;
  ASSERT_EQ(decodeTensor(i32, c), "");
  EXPECT_EQ(c.i64, (std::vector<int64_t>{-3, 7}));

  onnx::TensorProto scalar = floatTensor({});
  scalar.add_float_data(0.125f);
  HostTensor d;
  ASSERT_EQ(decodeTensor(scalar, d), "");
  EXPECT_TRUE(d.shape.empty());
  EXPECT_EQ(d.numElements(), 1);
}

TEST(DecodeTensor, Errors) {
  onnx::TensorProto shortRaw = floatTensor({3});
  shortRaw.set_raw_data(std::string(8, '\0'));
  HostTensor t;
  EXPECT_NE(decodeTensor(shortRaw, t).find("holds 2 values"),
            std::string::npos);

  onnx::TensorProto external = floatTensor({1});
  external.set_data_location(onnx::TensorProto::EXTERNAL);
  EXPECT_NE(decodeTensor(external, t).find("external data"), std::string::npos);

  onnx::TensorProto f16 = floatTensor({1});
  f16.set_data_type(onnx::TensorProto::FLOAT16);
  EXPECT_NE(decodeTensor(f16, t).find("element type 10"), std::string::npos);

  onnx::TensorProto negative = floatTensor({-1});
  EXPECT_NE(decodeTensor(negative, t).find("negative"), std::string::npos);
}

} // namespace
