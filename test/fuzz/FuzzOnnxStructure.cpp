//===- FuzzOnnxStructure.cpp - ONNX import fed structurally mutated models ===//
//
// A custom libFuzzer mutator: inputs that parse as an ONNX ModelProto get
// one to three structural edits (OnnxMutator.h) and are serialized again, so
// the fuzzer explores shapes, attributes, initializer sizes and wiring of
// valid exports instead of protobuf framing; others get libFuzzer's byte
// mutations. Each input then goes through the .onnx loader as in
// mnv4-onnx-fuzz.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"
#include "OnnxMutator.h"

#include <cstring>

extern "C" size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t maxSize);

extern "C" size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size,
                                          size_t maxSize, unsigned int seed) {
  onnx::ModelProto model;
  if (size > INT32_MAX || !model.ParseFromArray(data, static_cast<int>(size)))
    return LLVMFuzzerMutate(data, size, maxSize);
  std::mt19937_64 rng(seed);
  for (unsigned edits = 1 + rng() % 3; edits > 0; --edits)
    mnv4::fuzz::mutateOnnxModel(model, rng);
  std::string bytes;
  if (!model.SerializeToString(&bytes) || bytes.size() > maxSize)
    return LLVMFuzzerMutate(data, size, maxSize);
  std::memcpy(data, bytes.data(), bytes.size());
  return bytes.size();
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  mnv4::fuzz::loadAndExercise(mnv4::fuzz::asStringRef(data, size), ".onnx");
  return 0;
}
