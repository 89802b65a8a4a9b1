//===- Interpreter.cpp - fp32 reference execution of mnv4 IR --------------===//
//
// Walks @main's single block in order, binding every SSA value to a Tensor.
// Weights are materialised when their mnv4.const is reached and every tensor
// is dropped right after its last use, so peak memory stays near the largest
// few live activations plus one block's weights.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Interp/Interpreter.h"

#include "InterpreterSupport.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "llvm/ADT/DenseMap.h"

namespace mnv4::interp {

using namespace detail;
using llvm::createStringError;

/// Whether `actual` fits `type`: same rank, equal static dims.
static bool shapeMatches(llvm::ArrayRef<int64_t> actual, mlir::Type type) {
  auto ranked = mlir::dyn_cast<mlir::RankedTensorType>(type);
  if (!ranked || ranked.getRank() != static_cast<int64_t>(actual.size()))
    return false;
  for (auto [dim, size] : llvm::zip(ranked.getShape(), actual))
    if (!mlir::ShapedType::isDynamic(dim) && dim != size)
      return false;
  return true;
}

/// The op after which each value is never read again.
static llvm::DenseMap<mlir::Value, mlir::Operation *>
lastUses(mlir::Block &body) {
  llvm::DenseMap<mlir::Value, mlir::Operation *> last;
  for (mlir::Operation &op : body)
    for (mlir::Value operand : op.getOperands())
      last[operand] = &op;
  return last;
}

llvm::Expected<std::vector<Tensor>>
runFunction(mlir::func::FuncOp func, llvm::ArrayRef<Tensor> inputs,
            llvm::function_ref<void(mlir::Operation &)> afterOp,
            ValueObserver observe) {
  if (func.isExternal())
    return createStringError("function '%s' has no body",
                             func.getSymName().str().c_str());
  mlir::Block &body = func.getBody().front();
  if (inputs.size() != body.getNumArguments())
    return createStringError("function '%s' takes %u inputs, got %zu",
                             func.getSymName().str().c_str(),
                             body.getNumArguments(), inputs.size());

  llvm::DenseMap<mlir::Value, Tensor> values;
  for (auto [arg, input] : llvm::zip(body.getArguments(), inputs)) {
    if (!shapeMatches(input.shape, arg.getType()))
      return createStringError("input #%u has shape %s but the function "
                               "expects %s",
                               arg.getArgNumber(),
                               formatShape(input.shape).c_str(),
                               formatType(arg.getType()).c_str());
    values[arg] = input;
    if (observe)
      observe(arg, values[arg]);
  }
  auto lookup = [&](mlir::Value v) -> const Tensor & { return values.at(v); };
  llvm::DenseMap<mlir::Value, mlir::Operation *> last = lastUses(body);

  for (mlir::Operation &op : body) {
    if (auto ret = mlir::dyn_cast<mlir::func::ReturnOp>(op)) {
      std::vector<Tensor> results;
      for (mlir::Value v : ret.getOperands())
        results.push_back(values.at(v));
      return results;
    }
    if (op.getNumResults() != 1 || op.getNumRegions() != 0)
      return createStringError("cannot execute op %s", describeOp(&op).c_str());

    llvm::Expected<Tensor> result = executeOp(&op, lookup);
    if (!result)
      return result.takeError();
    mlir::Value out = op.getResult(0);
    if (!shapeMatches(result->shape, out.getType()))
      return createStringError("op %s computed shape %s but its result type "
                               "is %s",
                               describeOp(&op).c_str(),
                               formatShape(result->shape).c_str(),
                               formatType(out.getType()).c_str());
    if (observe)
      observe(out, *result);
    values[out] = std::move(*result);
    if (afterOp)
      afterOp(op);

    for (mlir::Value operand : op.getOperands())
      if (last.lookup(operand) == &op)
        values.erase(operand);
    if (out.use_empty())
      values.erase(out);
  }
  return createStringError("function '%s' has no func.return",
                           func.getSymName().str().c_str());
}

llvm::Expected<Tensor>
runOp(mlir::Operation *op,
      llvm::function_ref<const Tensor &(mlir::Value)> lookup) {
  return executeOp(op, lookup);
}

} // namespace mnv4::interp
