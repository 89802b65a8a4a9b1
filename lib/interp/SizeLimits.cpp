//===- SizeLimits.cpp - the largest tensors the interpreter allocates -----===//

#include "mnv4/Interp/SizeLimits.h"

#include "InterpreterSupport.h"

#include "mlir/IR/BuiltinTypes.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

std::optional<int64_t>
mnv4::interp::elementCount(llvm::ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    if (d < 0 || __builtin_mul_overflow(n, d, &n))
      return std::nullopt;
  return n;
}

namespace {

/// A message when `type` is a tensor over the limit; `what` names the value.
std::optional<std::string> checkType(Type type, const llvm::Twine &what,
                                     int64_t maxElements) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return std::nullopt;
  std::optional<int64_t> n = mnv4::interp::elementCount(tensor.getShape());
  if (n && *n <= maxElements)
    return std::nullopt;
  std::string count = n ? std::to_string(*n) : "more than 2^63";
  return llvm::formatv("{0} has type {1} of {2} elements, more than the "
                       "limit of {3} (--max-tensor-elements)",
                       what, mnv4::interp::detail::formatType(type), count,
                       maxElements)
      .str();
}

/// The first tensor of `func` over the limit.
std::optional<std::string> findOversizedTensor(func::FuncOp func,
                                               int64_t maxElements) {
  FunctionType type = func.getFunctionType();
  for (auto [i, input] : llvm::enumerate(type.getInputs()))
    if (auto message =
            checkType(input, "input #" + llvm::Twine(i), maxElements))
      return message;
  for (auto [i, result] : llvm::enumerate(type.getResults()))
    if (auto message =
            checkType(result, "result #" + llvm::Twine(i), maxElements))
      return message;
  std::optional<std::string> found;
  func.walk([&](Operation *op) {
    for (Type result : op->getResultTypes())
      if ((found = checkType(result, mnv4::interp::detail::describeOp(op),
                             maxElements)))
        return WalkResult::interrupt();
    return WalkResult::advance();
  });
  return found;
}

} // namespace

llvm::Error mnv4::interp::checkTensorSizes(func::FuncOp func,
                                           int64_t maxElements) {
  if (std::optional<std::string> message =
          findOversizedTensor(func, maxElements))
    return llvm::createStringError(*message);
  return llvm::Error::success();
}
