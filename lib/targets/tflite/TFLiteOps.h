//===- TFLiteOps.h - TFLite builtin ops: versions and runtimes --*- C++ -*-===//
//
// The int8 op versions and minimum runtime versions of the TFLite ops mnv4
// writes (../shared/docs/int8-tflite-edgetpu.md §3.4, from TFLite's
// op_version.cc and runtime_version.cc).
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_TARGETS_TFLITE_TFLITEOPS_H
#define MNV4_LIB_TARGETS_TFLITE_TFLITEOPS_H

#include "schema_generated.h"

#include <string>
#include <tuple>

namespace mnv4::tflite {

struct RuntimeVersion {
  int major, minor, patch;
  bool operator<(const RuntimeVersion &o) const {
    return std::tie(major, minor, patch) < std::tie(o.major, o.minor, o.patch);
  }
  std::string str() const {
    return std::to_string(major) + "." + std::to_string(minor) + "." +
           std::to_string(patch);
  }
};

struct OpInfo {
  ::tflite::BuiltinOperator code;
  int32_t version;
  RuntimeVersion minRuntime;
};

/// The op's int8 version (or `version` when given) and its minimum runtime.
OpInfo opInfo(::tflite::BuiltinOperator code, int32_t version = 0);

/// The float32 form of an op: version 1 and the runtime that first ran it
/// (TFLite's runtime_version.cc).
OpInfo floatOpInfo(::tflite::BuiltinOperator code);

} // namespace mnv4::tflite

#endif // MNV4_LIB_TARGETS_TFLITE_TFLITEOPS_H
