//===- ShapeChecks.cpp - shape checks shared by the mnv4 verifiers -------===//

#include "dialects/mnv4/ShapeChecks.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace mnv4::detail {

std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "[";
  llvm::interleaveComma(shape, os);
  os << "]";
  return text;
}

LogicalResult getStaticShape(Operation *op, Value value, StringRef what,
                             int64_t rank, SmallVectorImpl<int64_t> &shape) {
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type || !type.hasStaticShape())
    return op->emitOpError()
           << what << " must have a static shape, got " << value.getType();
  if (rank >= 0 && type.getRank() != rank)
    return op->emitOpError()
           << what << " must have rank " << rank << ", got rank "
           << type.getRank() << " " << formatShape(type.getShape());
  // A zero-sized dimension makes every window and channel computation
  // meaningless, and no network tensor has one.
  if (llvm::is_contained(type.getShape(), 0))
    return op->emitOpError()
           << what << " must not have a zero-sized dimension, got "
           << formatShape(type.getShape());
  shape.assign(type.getShape().begin(), type.getShape().end());
  return success();
}

LogicalResult expectShape(Operation *op, Value value, StringRef what,
                          ArrayRef<int64_t> expected) {
  SmallVector<int64_t> shape;
  // Any rank: a wrong rank reads best as the full expected shape.
  if (failed(getStaticShape(op, value, what, /*rank=*/-1, shape)))
    return failure();
  if (ArrayRef<int64_t>(shape) != expected)
    return op->emitOpError()
           << what << " must have shape " << formatShape(expected) << ", got "
           << formatShape(shape);
  return success();
}

LogicalResult verifyPad4(Operation *op, ArrayRef<int64_t> pad) {
  if (pad.size() == 4 && llvm::all_of(pad, [](int64_t p) { return p >= 0; }))
    return success();
  return op->emitOpError() << "pad must be four non-negative integers [top, "
                              "left, bottom, right], got "
                           << formatShape(pad);
}

int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t padLo, int64_t padHi) {
  int64_t span = in + padLo + padHi - kernel;
  // C++ division truncates towards zero: (-1) / 2 + 1 would claim one window.
  if (span < 0)
    return 0;
  return span / stride + 1;
}

} // namespace mnv4::detail
