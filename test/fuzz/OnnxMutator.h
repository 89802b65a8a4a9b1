//===- OnnxMutator.h - structural edits of ONNX models ----------*- C++ -*-===//

#ifndef MNV4_TEST_FUZZ_ONNXMUTATOR_H
#define MNV4_TEST_FUZZ_ONNXMUTATOR_H

#include <onnx/onnx_pb.h>

#include <random>

namespace mnv4::fuzz {

/// Applies one random edit of the kind that breaks importers while keeping
/// the file a valid protobuf: a dimension (value info or initializer), an
/// attribute value, an initializer's size or type, the graph's wiring (inputs
/// renamed to other values, including later ones, nodes dropped, duplicated
/// or swapped), an op type or the opset.
void mutateOnnxModel(onnx::ModelProto &model, std::mt19937_64 &rng);

} // namespace mnv4::fuzz

#endif // MNV4_TEST_FUZZ_ONNXMUTATOR_H
