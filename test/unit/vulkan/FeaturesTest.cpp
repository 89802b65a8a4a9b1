//===- FeaturesTest.cpp - what an f16-storage program needs of a device ---===//

#include "runtime/vulkan/Features.h"

#include <gtest/gtest.h>

using mnv4::vulkan::F16Support;
using mnv4::vulkan::missingF16Features;

namespace {

TEST(F16Features, AllPresentIsFine) {
  F16Support s{true, true, true};
  EXPECT_EQ(missingF16Features(s, "gpu"), "");
}

TEST(F16Features, NamesMissingStorage) {
  F16Support s{false, true, true};
  EXPECT_EQ(missingF16Features(s, "gpu"),
            "the Vulkan device 'gpu' lacks storageBuffer16BitAccess (16-bit "
            "storage buffers, VK_KHR_16bit_storage), which a --vulkan-fp16 "
            "program needs: run the fp32 program (without --vulkan-fp16) on "
            "it");
}

TEST(F16Features, NamesMissingFloat16) {
  // The feature bit without the extension does not count (Vulkan 1.1).
  for (F16Support s :
       {F16Support{true, false, true}, F16Support{true, true, false}}) {
    std::string message = missingF16Features(s, "gpu");
    EXPECT_NE(message.find("lacks shaderFloat16 "
                           "(VK_KHR_shader_float16_int8), which"),
              std::string::npos)
        << message;
    EXPECT_EQ(message.find("storageBuffer16BitAccess"), std::string::npos);
  }
}

TEST(F16Features, NamesBothWhenBothMissing) {
  std::string message = missingF16Features(F16Support{}, "Mali");
  EXPECT_NE(message.find("'Mali' lacks storageBuffer16BitAccess"),
            std::string::npos);
  EXPECT_NE(message.find(" and shaderFloat16"), std::string::npos);
}

} // namespace
