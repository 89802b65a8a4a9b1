//===- Compiler.cpp - run the pipeline, collect the artifacts -------------===//

#include "mnv4/Targets/Compiler.h"

#include "ObjectEmitter.h"

#include "dialects/mnv4/MNV4Dialect.h"
#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace mnv4::targets {

namespace {

std::vector<int64_t> abiShape(Type type, bool toNCHW) {
  auto rt = cast<RankedTensorType>(type);
  std::vector<int64_t> shape(rt.getShape().begin(), rt.getShape().end());
  if (toNCHW && shape.size() == 4)
    shape = {shape[0], shape[3], shape[1], shape[2]};
  return shape;
}

/// MLIR 22's memref.global lowering reads the initial value of a rank-0
/// global with getSplatValue, which a dense_resource blob does not provide (a
/// fatal error, e.g. on the scalar constants of generic, unraised IR): scalar
/// weights become dense literals first.
void inlineScalarWeights(ModuleOp module) {
  module.walk([](ConstOp op) {
    auto blob = dyn_cast<DenseResourceElementsAttr>(op.getValue());
    auto type = cast<RankedTensorType>(op.getType());
    if (!blob || type.getRank() != 0 || !blob.getRawHandle().getBlob())
      return;
    ArrayRef<char> bytes = blob.getRawHandle().getBlob()->getData();
    if (bytes.size() * 8 == type.getElementTypeBitWidth())
      op.setValueAttr(DenseElementsAttr::getFromRawBuffer(type, bytes));
  });
}

/// A float model: mnv4 ops and no quantized tensor (integer-only IR without
/// mnv4 ops, as in test/hexagon, is neither).
bool isFloatModel(ModuleOp module) {
  bool mnv4Op = false, quantized = false;
  module.walk([&](Operation *op) {
    mnv4Op |= isa<MNV4Dialect>(op->getDialect());
    quantized |= isa<QuantizeOp, QConstOp>(op);
  });
  return mnv4Op && !quantized;
}

} // namespace

llvm::Expected<EntrySignature> entrySignature(ModuleOp module,
                                              const CompileOptions &options) {
  func::FuncOp entry;
  for (auto f : module.getOps<func::FuncOp>())
    if (f.isPublic() && !f.isExternal()) {
      if (entry)
        return llvm::createStringError(
            "the module has more than one public function to compile");
      entry = f;
    }
  if (!entry)
    return llvm::createStringError("the module has no function to compile");
  EntrySignature sig;
  for (Type t : entry.getFunctionType().getInputs()) {
    auto rt = dyn_cast<RankedTensorType>(t);
    if (!rt || !rt.hasStaticShape())
      return llvm::createStringError("the entry function takes a tensor "
                                     "without a static shape");
    sig.inputs.push_back(abiShape(t, options.inputLayout == "nchw"));
  }
  for (Type t : entry.getFunctionType().getResults()) {
    auto rt = dyn_cast<RankedTensorType>(t);
    if (!rt || !rt.hasStaticShape())
      return llvm::createStringError("the entry function returns a tensor "
                                     "without a static shape");
    sig.outputs.push_back(abiShape(t, /*toNCHW=*/true));
  }
  return sig;
}

llvm::Expected<CompiledModel> compileModule(ModuleOp module,
                                            const TargetDescription &desc,
                                            const CompileOptions &options,
                                            EmitKind kind) {
  // An int8 model's kernels may need more (AVX-512 VNNI): its object checks
  // for that too.
  TargetDescription target = desc;
  bool int8 = module
                  .walk([](Operation *op) {
                    return isa<QuantizeOp, DequantizeOp>(op)
                               ? WalkResult::interrupt()
                               : WalkResult::advance();
                  })
                  .wasInterrupted();
  if (int8 && !target.int8RequiredFeatures.empty())
    target.requiredFeatures += (target.requiredFeatures.empty() ? "" : ",") +
                               target.int8RequiredFeatures;
  if (target.int8Only && isFloatModel(module))
    return llvm::createStringError(llvm::formatv(
        "--target={0} runs int8 models only, and this model computes in "
        "float32: quantize it first (--quantize=int8, docs/int8.md)",
        target.name));
  CompiledModel model;
  llvm::Expected<EntrySignature> sig = entrySignature(module, options);
  if (!sig)
    return sig.takeError();
  model.signature = std::move(*sig);

  inlineScalarWeights(module);
  PassManager pm = PassManager::on<ModuleOp>(module.getContext());
  if (kind == EmitKind::Linalg)
    buildLinalgPipeline(pm, target, options);
  else
    buildLLVMPipeline(pm, target, options);
  // Diagnostics (e.g. an op without a lowering) print as `file:line:col:
  // error: ...` with the source line, reading the model file on demand as
  // the parser's diagnostics do; the returned error says which step failed.
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler handler(sourceMgr, module.getContext());
  if (failed(pm.run(module)))
    return llvm::createStringError("lowering the model failed");

  if (auto arena = module->getAttrOfType<IntegerAttr>("mnv4.arena_bytes")) {
    model.arenaBytes = arena.getInt();
    module->removeAttr("mnv4.arena_bytes");
  }
  if (auto scratch = module->getAttrOfType<DenseI64ArrayAttr>(
          "mnv4.block_scratch_bytes")) {
    model.blockScratchBytes.assign(scratch.asArrayRef().begin(),
                                   scratch.asArrayRef().end());
    module->removeAttr("mnv4.block_scratch_bytes");
  }
  if (kind == EmitKind::Linalg) {
    llvm::raw_string_ostream os(model.code);
    OpPrintingFlags flags;
    flags.elideLargeResourceString(64);
    module.print(os, flags);
    return model;
  }
  llvm::Expected<std::string> code =
      emitMachineCode(module, target, options, kind);
  if (!code)
    return code.takeError();
  model.code = std::move(*code);
  return model;
}

namespace {

std::string shapeText(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

} // namespace

std::string writeHeader(const CompileOptions &options,
                        const TargetDescription &target,
                        const CompiledModel &model) {
  std::string upper = llvm::StringRef(options.name).upper();
  std::string guard = upper + "_H";
  std::string s;
  llvm::raw_string_ostream os(s);
  os << "/* Generated by mnv4-compile. The C ABI is described in mnv4's "
        "docs/abi.md. */\n";
  os << llvm::formatv("/* target {0}, cpu {1} */\n", target.name, target.cpu);
  os << "#ifndef " << guard << "\n#define " << guard << "\n\n";
  os << "#include <stddef.h>\n\n#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
  os << llvm::formatv("/* Bytes of the arena each concurrent call needs "
                      "(64-byte aligned). */\n#define {0}_ARENA_BYTES {1}\n",
                      upper, model.arenaBytes);
  const std::vector<int64_t> &in = model.signature.inputs.front();
  os << llvm::formatv("/* Input: float32 {0} {1}. */\n#define {2}_INPUT_SIZE "
                      "{3}\n",
                      options.inputLayout == "nchw" ? "NCHW" : "NHWC",
                      shapeText(in), upper, elementCount(in));
  os << llvm::formatv("#define {0}_NUM_OUTPUTS {1}\n", upper,
                      model.signature.outputs.size());
  for (auto [i, out] : llvm::enumerate(model.signature.outputs))
    os << llvm::formatv("/* Output {0}: float32 {1}{2}. */\n#define "
                        "{3}_OUTPUT{0}_SIZE {4}\n",
                        i, shapeText(out), out.size() == 4 ? " NCHW" : "",
                        upper, elementCount(out));
  os << "/* The runtime's thread pool (runtime/ThreadPool.h); NULL runs on the "
        "calling thread. */\nstruct mnv4_thread_pool;\n";
  os << "\n/* Runs one inference. Allocates nothing; reentrant with distinct "
        "arenas. */\n";
  os << "void " << options.name << "_run(const float *input";
  for (size_t i = 0; i < model.signature.outputs.size(); ++i)
    os << ", float *output" << i;
  os << ", void *arena, struct mnv4_thread_pool *pool);\n";
  os << "/* The same with its arguments in an array, in the order above. */\n";
  os << "void " << options.name << "_run_packed(void **args);\n\n";
  os << "/* The CPU features the code needs, comma separated (for "
        "mnv4_cpu_supports). */\n";
  os << "extern const char " << options.name << "_cpu_features[];\n";
  os << "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
  return s;
}

} // namespace mnv4::targets
