//===- QDQEmit.cpp - mnv4-compile --emit=onnx-qdq -------------------------===//

#include "QDQEmit.h"

#include "mnv4/Driver/ModelLoader.h"
#include "mnv4/Driver/ToolError.h"
#include "mnv4/Targets/QDQWriter.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

namespace mnv4::compile {

int emitQDQ(mlir::ModuleOp module, StringRef output, bool int8) {
  if (output.empty() || output == "-")
    return reportToolError("--emit=onnx-qdq writes binary data: name the "
                           "output with -o FILE");
  if (!int8)
    return reportToolError("--emit=onnx-qdq writes an int8 model, but this "
                           "model computes in float32: add --quantize=int8");
  mlir::func::FuncOp entry = getEntryFunction(module);
  if (!entry)
    return 1;
  Expected<std::string> bytes = onnx::writeQDQ(entry);
  if (!bytes)
    return reportToolError("cannot write the QDQ ONNX model: " +
                           toString(bytes.takeError()));
  // writeToOutput writes a temporary file and renames it.
  if (Error error = writeToOutput(output, [&](raw_ostream &os) {
        os << *bytes;
        return Error::success();
      }))
    return reportWriteError(output, std::move(error));
  return 0;
}

} // namespace mnv4::compile
