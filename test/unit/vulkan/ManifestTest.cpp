//===- ManifestTest.cpp - the manifest's storage and shared fields --------===//

#include "runtime/vulkan/Program.h"

#include <gtest/gtest.h>

using namespace mnv4::vulkan;

namespace {

Manifest smallManifest() {
  Manifest m;
  m.input = {1, 3, 32, 32};
  m.outputs = {{1, 1000}};
  m.arenaBytes = 1024;
  m.weightsBytes = 512;
  Dispatch d;
  d.module = "k.spv";
  d.entry = "k";
  d.kernel = "conv";
  d.label = "stem";
  Binding b;
  b.range = 256;
  b.reads = true;
  d.bindings.push_back(b);
  m.dispatches.push_back(d);
  return m;
}

TEST(Manifest, StorageRoundTrips) {
  for (bool f16 : {false, true}) {
    Manifest m = smallManifest();
    m.f16Storage = f16;
    std::string text = writeManifest(m);
    EXPECT_EQ(text.find("storage f16") != std::string::npos, f16);
    Manifest back;
    std::string error;
    ASSERT_TRUE(parseManifest(text, back, error)) << error;
    EXPECT_EQ(back.f16Storage, f16);
  }
}

TEST(Manifest, RejectsUnknownStorage) {
  std::string text = writeManifest(smallManifest());
  text.insert(text.find("dispatch"), "storage bf16\n");
  Manifest back;
  std::string error;
  EXPECT_FALSE(parseManifest(text, back, error));
  EXPECT_NE(error.find("storage must be f32 or f16, not 'bf16'"),
            std::string::npos)
      << error;
}

TEST(Manifest, SharedBytesRoundTrip) {
  for (uint32_t shared : {0u, 13312u}) {
    Manifest m = smallManifest();
    m.dispatches[0].sharedBytes = shared;
    std::string text = writeManifest(m);
    EXPECT_EQ(text.find(" shared ") != std::string::npos, shared != 0);
    Manifest back;
    std::string error;
    ASSERT_TRUE(parseManifest(text, back, error)) << error;
    EXPECT_EQ(back.dispatches[0].sharedBytes, shared);
  }
}

TEST(Manifest, RejectsBadSharedBytes) {
  for (const char *field : {" shared 0", " shared 2000000", " local 64"}) {
    std::string text = writeManifest(smallManifest());
    text.insert(text.find("\n", text.find("dispatch")), field);
    Manifest back;
    std::string error;
    EXPECT_FALSE(parseManifest(text, back, error)) << field;
    EXPECT_NE(error.find("expected 'shared BYTES' (1 to 1048576) after the "
                         "bindings"),
              std::string::npos)
        << error;
  }
}

} // namespace
