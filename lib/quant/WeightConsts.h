//===- WeightConsts.h - reading and replacing mnv4.const weights -*- C++
//-*-===//
//
// Private to lib/quant: the passes over fp32 weights before quantization
// (channel equalization, weight optimization) read and rewrite mnv4.const
// values in place.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_LIB_QUANT_WEIGHTCONSTS_H
#define MNV4_LIB_QUANT_WEIGHTCONSTS_H

#include "dialects/mnv4/MNV4Ops.h"

#include <vector>

namespace mnv4::quant {

/// The f32 values of a const (dense or a loaded dense_resource blob); empty
/// when they cannot be read.
std::vector<float> constValues(ConstOp c);

/// Replaces a const's values (same shape) by a dense_resource blob under
/// its old blob name, or `name` when it had none.
void setConstValues(ConstOp c, llvm::ArrayRef<float> values,
                    llvm::StringRef name = "weights");

} // namespace mnv4::quant

#endif // MNV4_LIB_QUANT_WEIGHTCONSTS_H
