//===- Int8IO.cpp - mnv4-run --io=int8: raw int8 input and output ---------===//

#include "Int8IO.h"

#include "TensorFiles.h"

#include "mnv4/Driver/ToolError.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

using namespace llvm;

namespace mnv4::run {

static std::optional<std::pair<float, int32_t>> paramsOf(mlir::Value v) {
  auto t = mlir::dyn_cast<mlir::quant::UniformQuantizedType>(
      mlir::cast<mlir::ShapedType>(v.getType()).getElementType());
  if (!t)
    return std::nullopt;
  return std::make_pair(static_cast<float>(t.getScale()),
                        static_cast<int32_t>(t.getZeroPoint()));
}

std::optional<Int8Edges> getInt8Edges(mlir::func::FuncOp func) {
  std::optional<std::pair<float, int32_t>> in, out;
  if (func.getNumArguments() == 1)
    for (mlir::Operation *user : func.getArgument(0).getUsers())
      if (auto q = mlir::dyn_cast<QuantizeOp>(user))
        in = paramsOf(q.getResult());
  mlir::Operation *ret = func.getBody().front().getTerminator();
  if (ret->getNumOperands() == 1)
    if (auto dq = ret->getOperand(0).getDefiningOp<DequantizeOp>())
      out = paramsOf(dq.getInput());
  if (!in || !out) {
    reportToolError("--io=int8 needs an int8 model (mnv4-compile "
                    "--quantize=int8) with one mnv4.quantize input and one "
                    "mnv4.dequantize result");
    return std::nullopt;
  }
  return Int8Edges{in->first, out->first, in->second, out->second};
}

std::optional<interp::Tensor>
readInt8Input(StringRef path, ArrayRef<int64_t> shape, const Int8Edges &edges) {
  interp::Tensor stored = toFileLayout(interp::Tensor(shape));
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFile(path, /*IsText=*/false);
  if (!buffer) {
    reportToolError(formatv("cannot open input file '{0}': {1}", path,
                            buffer.getError().message()));
    return std::nullopt;
  }
  StringRef bytes = (*buffer)->getBuffer();
  if (bytes.size() != stored.data.size()) {
    std::string described = describeFileTensor(shape);
    reportToolError(
        formatv("input file '{0}' has {1} bytes, expected {2} "
                "(--io=int8: raw int8 {3})",
                path, bytes.size(), stored.data.size(),
                StringRef(described).drop_front(
                    StringRef(described).starts_with("float32 ") ? 8 : 0)));
    return std::nullopt;
  }
  for (size_t i = 0; i < bytes.size(); ++i)
    stored.data[i] =
        static_cast<float>(static_cast<double>(edges.inScale) *
                           (static_cast<int8_t>(bytes[i]) - edges.inZeroPoint));
  return fromFileLayout(std::move(stored));
}

bool writeInt8Output(StringRef path, const interp::Tensor &t,
                     const Int8Edges &edges) {
  interp::Tensor stored = toFileLayout(t);
  std::string bytes(stored.data.size(), '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    float q = std::round(stored.data[i] / edges.outScale) +
              static_cast<float>(edges.outZeroPoint);
    bytes[i] =
        static_cast<char>(static_cast<int8_t>(std::clamp(q, -128.0f, 127.0f)));
  }
  std::error_code ec;
  raw_fd_ostream os(path, ec, sys::fs::OF_None);
  if (!ec) {
    os << bytes;
    os.close();
    ec = os.error();
  }
  if (ec) {
    reportToolError(
        formatv("cannot write output file '{0}': {1}", path, ec.message()));
    return false;
  }
  return true;
}

} // namespace mnv4::run
