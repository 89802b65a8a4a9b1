//===- Pipeline.cpp - the shared CPU lowering pipeline --------------------===//
//
// One pipeline for every CPU target; the TargetDescription supplies the
// numbers (panel width, tiles). The upstream part follows
// ../shared/docs/toolchain.md section 6, with bare-pointer memref arguments so
// the entry point is a plain C function.
//
//===----------------------------------------------------------------------===//

#include "mnv4/InitAll.h"
#include "mnv4/Targets/Compiler.h"

#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace mnv4::targets {

void addPipeline(OpPassManager &pm, StringRef text) {
  if (failed(parsePassPipeline(text, pm, llvm::errs())))
    llvm::report_fatal_error("mnv4: malformed built-in pass pipeline");
}

void buildLinalgPipeline(OpPassManager &pm, const TargetDescription &target,
                         const CompileOptions &options) {
  if (options.profile)
    addPipeline(pm, "mnv4-insert-profile-probes");
  // int8 ops first (a no-op on fp32 models), then the fp32 ops, then the
  // passes both share.
  // Hexagon keeps TFLite's division in the generic high multiply
  // (QuantLoweringOptions::srdhmDivision).
  addPipeline(pm, llvm::formatv(
                      "mnv4-lower-quant-to-linalg{{panel-width={0} "
                      "rows={1} dot-product={2} fuse-blocks={3} "
                      "srdhm-division={4} fuse-min-bytes={5}}",
                      target.int8Pointwise.cols, target.int8Pointwise.rows,
                      target.int8DotProduct, options.fuse ? 1 : 0,
                      target.name == "hexagon" ? 1 : 0, target.int8FuseMinBytes)
                      .str());
  addPipeline(pm, llvm::formatv("mnv4-lower-to-linalg{{panel-width={0} "
                                "fuse-blocks={3}},"
                                "mnv4-build-entry-abi{{name={1} "
                                "input-layout={2}},canonicalize,cse",
                                target.pointwise.cols, options.name,
                                options.inputLayout, options.fuse ? 1 : 0)
                      .str());
}

void buildLLVMPipeline(OpPassManager &pm, const TargetDescription &target,
                       const CompileOptions &options) {
  buildLinalgPipeline(pm, target, options);
  addPipeline(pm, llvm::formatv("mnv4-tile-and-vectorize{{pw-rows={0} "
                                "dw-pixels={1} dw-channels={2} "
                                "vector-width={3}},mnv4-approximate-erf,"
                                "mnv4-high-multiply-to-instruction{{"
                                "instruction={4}},canonicalize,cse",
                                target.pointwise.rows, target.depthwise.rows,
                                target.depthwise.cols, target.vectorBits / 32,
                                target.int8HighMultiply)
                      .str());
  addPipeline(
      pm,
      // After the last CSE: CSE would merge the bordered buffers of two pads
      // of one shape into one, and bufferization would copy it.
      "mnv4-pad-into-producer,eliminate-empty-tensors,"
      "one-shot-bufferize{bufferize-function-boundaries "
      "function-boundary-type-conversion=identity-layout-map},"
      "canonicalize,cse,mnv4-copies-to-linalg,mnv4-plan-arena,"
      "mnv4-outline-parallel-loops,"
      "convert-vector-to-scf{full-unroll=true},"
      "convert-linalg-to-loops,expand-strided-metadata,lower-affine,"
      // math-to-llvm first: libm would unroll the erf polynomial's vector
      // math.fma into scalar fmaf calls; what is left (exp) goes to libm.
      "convert-scf-to-cf,convert-math-to-llvm,convert-math-to-libm,"
      "convert-vector-to-llvm,finalize-memref-to-llvm,convert-arith-to-llvm,"
      "convert-cf-to-llvm,"
      "convert-func-to-llvm{use-bare-ptr-memref-call-conv=1},"
      "convert-index-to-llvm,convert-ub-to-llvm,reconcile-unrealized-casts");
}

namespace {

struct LowerToLLVMOptions : public PassPipelineOptions<LowerToLLVMOptions> {
  Option<std::string> target{*this, "target",
                             llvm::cl::desc("x86_64, aarch64 or hexagon"),
                             llvm::cl::init("x86_64")};
  Option<std::string> cpu{*this, "cpu",
                          llvm::cl::desc("LLVM CPU name, or host"),
                          llvm::cl::init("host")};
  Option<std::string> name{*this, "name",
                           llvm::cl::desc("symbol prefix of the entry point"),
                           llvm::cl::init("model")};
};

/// Registers `arg` as a pipeline with LowerToLLVMOptions; a bad target or
/// CPU is a pipeline parse error (mnv4-opt prints it and exits 1).
template <void (*Build)(OpPassManager &, const TargetDescription &,
                        const CompileOptions &)>
void registerTargetPipeline(StringRef arg, StringRef description) {
  registerPassPipeline(
      arg, description,
      [](OpPassManager &pm, StringRef text,
         function_ref<LogicalResult(const Twine &)> errorHandler) {
        LowerToLLVMOptions opts;
        if (failed(opts.parseFromString(text)))
          return failure();
        llvm::Expected<TargetDescription> target =
            resolveTarget(opts.target, opts.cpu);
        if (!target)
          return errorHandler(llvm::toString(target.takeError()));
        CompileOptions options;
        options.name = opts.name;
        Build(pm, *target, options);
        return success();
      },
      [](function_ref<void(const detail::PassOptions &)> optHandler) {
        optHandler(LowerToLLVMOptions());
      });
}

} // namespace

void registerLoweringPipelines() {
  registerTargetPipeline<buildLLVMPipeline>(
      "mnv4-lower-to-llvm",
      "mnv4 blocks -> LLVM dialect for a CPU target (the pipeline of "
      "mnv4-compile --emit=obj)");
  registerTargetPipeline<buildLinalgPipeline>(
      "mnv4-lower-to-linalg-pipeline",
      "mnv4 blocks -> linalg on tensors with the C entry point (what "
      "mnv4-compile --emit=linalg prints)");
}

} // namespace mnv4::targets
