//===- OpExecution.cpp - one mnv4 op run with its reference kernel --------===//

#include "InterpreterSupport.h"

#include "mnv4/Interp/Kernels.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

namespace mnv4::interp::detail {

std::string formatShape(llvm::ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << '[';
  llvm::interleave(shape, os, ",");
  os << ']';
  return text;
}

std::string formatType(mlir::Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << type;
  return text;
}

std::string describeOp(mlir::Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "'" << op->getName() << "' at " << op->getLoc();
  return text;
}

namespace {

/// Binds an op's operands to their tensors; absent optional operands are null.
struct Operands {
  ValueLookup lookup;
  const Tensor &operator()(mlir::Value v) const { return lookup(v); }
  const Tensor *optional(mlir::Value v) const {
    return v ? &lookup(v) : nullptr;
  }
};

Stride2 toStride2(llvm::ArrayRef<int64_t> s) { return {s[0], s[1]}; }
Pad4 toPad4(llvm::ArrayRef<int64_t> p) { return {p[0], p[1], p[2], p[3]}; }

Tensor run(Conv2DOp op, const Operands &in) {
  return conv2d(in(op.getInput()), in(op.getFilter()),
                in.optional(op.getBias()), toStride2(op.getStrides()),
                toPad4(op.getPad()), op.getAct());
}

Tensor run(DepthwiseConv2DOp op, const Operands &in) {
  return depthwiseConv2d(in(op.getInput()), in(op.getFilter()),
                         in.optional(op.getBias()), toStride2(op.getStrides()),
                         toPad4(op.getPad()), op.getAct());
}

Tensor run(FullyConnectedOp op, const Operands &in) {
  return fullyConnected(in(op.getInput()), in(op.getWeight()),
                        in.optional(op.getBias()));
}

Tensor run(FusedIBOp op, const Operands &in) {
  FusedIBWeights w{&in(op.getExpandFilter()), &in(op.getExpandBias()),
                   &in(op.getProjectFilter()), &in(op.getProjectBias())};
  return fusedIB(in(op.getInput()), w, static_cast<int64_t>(op.getStride()),
                 op.getAct(), op.getAntialias(), op.getResidual());
}

Tensor run(UIBOp op, const Operands &in) {
  UIBWeights w;
  w.startFilter = in.optional(op.getStartFilter());
  w.startBias = in.optional(op.getStartBias());
  w.expandFilter = &in(op.getExpandFilter());
  w.expandBias = &in(op.getExpandBias());
  w.midFilter = in.optional(op.getMidFilter());
  w.midBias = in.optional(op.getMidBias());
  w.projectFilter = &in(op.getProjectFilter());
  w.projectBias = &in(op.getProjectBias());
  w.layerScale = in.optional(op.getLayerScale());
  return uib(in(op.getInput()), w, static_cast<int64_t>(op.getStride()),
             op.getAct(), op.getAntialias(), op.getResidual());
}

Tensor run(MobileMQAOp op, const Operands &in) {
  MobileMQAWeights w;
  w.normScale = &in(op.getNormScale());
  w.normShift = &in(op.getNormShift());
  w.queryFilter = &in(op.getQueryFilter());
  w.keyDownFilter = in.optional(op.getKeyDownFilter());
  w.keyDownBias = in.optional(op.getKeyDownBias());
  w.valueDownFilter = in.optional(op.getValueDownFilter());
  w.valueDownBias = in.optional(op.getValueDownBias());
  w.keyFilter = &in(op.getKeyFilter());
  w.valueFilter = &in(op.getValueFilter());
  w.outputFilter = &in(op.getOutputFilter());
  w.layerScale = in.optional(op.getLayerScale());
  return mobileMQA(in(op.getInput()), w, static_cast<int64_t>(op.getNumHeads()),
                   static_cast<int64_t>(op.getKvStride()));
}

Tensor run(ActivationOp op, const Operands &in) {
  Tensor t = in(op.getInput());
  applyActivation(t, op.getKind());
  return t;
}

Tensor run(ReshapeOp op, const Operands &in) {
  return reshape(in(op.getInput()), op.getType().getShape());
}

} // namespace

llvm::Expected<Tensor> executeOp(mlir::Operation *op, ValueLookup lookup) {
  if (auto constant = mlir::dyn_cast<ConstOp>(op)) {
    llvm::Expected<Tensor> weight = tensorFromElements(constant.getValue());
    if (!weight)
      return llvm::createStringError("%s: %s", describeOp(op).c_str(),
                                     toString(weight.takeError()).c_str());
    return weight;
  }
  Operands in{lookup};
  using Result = std::optional<Tensor>;
  Result result =
      llvm::TypeSwitch<mlir::Operation *, Result>(op)
          .Case<Conv2DOp, DepthwiseConv2DOp, FullyConnectedOp, FusedIBOp, UIBOp,
                MobileMQAOp, ActivationOp, ReshapeOp>(
              [&](auto op) { return run(op, in); })
          .Case([&](BatchNormOp op) {
            return batchNorm(in(op.getInput()), in(op.getScale()),
                             in(op.getShift()));
          })
          .Case([&](GlobalAvgPoolOp op) {
            return globalAvgPool(in(op.getInput()));
          })
          .Case([&](AvgPool2DOp op) {
            return avgPool2d(in(op.getInput()),
                             static_cast<int64_t>(op.getKernel()),
                             static_cast<int64_t>(op.getStride()));
          })
          .Case([&](BlurPoolOp op) { return blurPool(in(op.getInput())); })
          .Case([&](AddOp op) { return add(in(op.getLhs()), in(op.getRhs())); })
          .Case([&](MulOp op) { return mul(in(op.getLhs()), in(op.getRhs())); })
          .Case([&](MatMulOp op) {
            return matmul(in(op.getLhs()), in(op.getRhs()));
          })
          .Case(
              [&](SoftmaxOp op) { return softmaxLastAxis(in(op.getInput())); })
          .Case([&](TransposeOp op) {
            return transpose(in(op.getInput()), op.getPerm());
          })
          .Case([&](PadOp op) {
            return pad(in(op.getInput()), toPad4(op.getPad()));
          })
          .Default([](mlir::Operation *) { return std::nullopt; });
  if (!result)
    return llvm::createStringError("no reference kernel for op %s",
                                   describeOp(op).c_str());
  return std::move(*result);
}

} // namespace mnv4::interp::detail
