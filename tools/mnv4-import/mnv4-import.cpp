//===- mnv4-import.cpp - print the mnv4 IR of a timm ONNX export ----------===//
//
// mnv4-import model.onnx [-o out.mlir] [--raise=false]
//             [--batch=N --resolution=R | --input-shape=N,C,H,W]
//
//===----------------------------------------------------------------------===//

#include "mnv4/Driver/InputShapeFlags.h"
#include "mnv4/Driver/ToolError.h"
#include "mnv4/Import/OnnxImporter.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                                      cl::desc("<model.onnx>"));
static cl::opt<std::string> outputPath("o", cl::desc("output file"),
                                       cl::value_desc("filename"),
                                       cl::init("-"));
static cl::opt<bool>
    raise("raise", cl::init(true),
          cl::desc("raise timm's patterns to mnv4 blocks (default on)"));
static mnv4::InputShapeFlags shapeFlags(cl::getGeneralCategory());

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  mlir::registerAsmPrinterCLOptions();
  mlir::registerMLIRContextCLOptions();
  cl::ParseCommandLineOptions(argc, argv,
                              "import a timm MobileNetV4 ONNX export\n");
  mlir::MLIRContext ctx;
  // MLIR's default handler prints "error: <file>: ..." like the other
  // mnv4 tools.
  mnv4::OnnxImportOptions options;
  options.raise = raise;
  std::optional<mnv4::InputShapeOptions> input = shapeFlags.parse();
  if (!input)
    return 1;
  options.input = *input;
  auto module = mnv4::importOnnxFile(ctx, inputPath, options);
  if (!module)
    return 1;
  if (Error e = writeToOutput(outputPath, [&](raw_ostream &os) {
        module->print(os);
        os << "\n";
        return Error::success();
      }))
    return mnv4::reportWriteError(outputPath, std::move(e));
  return 0;
}
