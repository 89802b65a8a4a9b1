//===- Rebatch.h - an export's dynamic-batch form -------------*- C++ -*-===//

#ifndef MNV4_TEST_ONNXGEN_REBATCH_H
#define MNV4_TEST_ONNXGEN_REBATCH_H

#include <onnx/onnx_pb.h>

/// Turns a static batch-1 export into what torch writes with a dynamic batch
/// axis (architecture notes §4.8): dim 0 of the graph input and outputs
/// becomes "batch", and every Reshape whose constant target starts with the
/// baked-in batch 1 gets Shape -> Gather(0) -> Unsqueeze -> Concat instead.
void rebatchModel(onnx::ModelProto &model);

#endif // MNV4_TEST_ONNXGEN_REBATCH_H
