//===- FuzzModelFile.cpp - bytes as a MODEL file of one kind --------------===//
//
// Built once per reader: MNV4_FUZZ_SUFFIX is ".onnx" (import, raise,
// verify), ".mlir" or ".mlirbc" (parse with every dialect, verify). Either
// way the loaded module goes through what the tools do with it.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mnv4::fuzz::loadAndExercise(mnv4::fuzz::asStringRef(data, size),
                              MNV4_FUZZ_SUFFIX);
  return 0;
}
