//===- ObjectEmitter.cpp - LLVM dialect -> machine code
//--------------------===//
//
// LLVM's TargetMachine with the target's CPU and features set explicitly: a
// default ("generic") CPU silently gives SSE2 code (cpu-codegen-notes.md §6).
//
//===----------------------------------------------------------------------===//

#include "ObjectEmitter.h"

#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/Target/TargetOptions.h"

using namespace llvm;

namespace mnv4::targets {

namespace {

/// Sets the target's backend options (process-wide LLVM options).
Error setBackendOptions(const TargetDescription &target) {
  auto &options = cl::getRegisteredOptions();
  for (StringRef option : target.backendOptions) {
    auto [name, value] = option.split('=');
    auto it = options.find(name);
    if (it == options.end() || it->second->addOccurrence(0, name, value))
      return createStringError("LLVM has no backend option " + option.str());
  }
  return Error::success();
}

Expected<std::unique_ptr<TargetMachine>>
createTargetMachine(const TargetDescription &target) {
  if (Error e = setBackendOptions(target))
    return std::move(e);
  std::string error;
  const Target *t = TargetRegistry::lookupTarget(target.triple, error);
  if (!t)
    return createStringError(error);
  TargetOptions options;
  options.LoopAlignment = target.loopAlignment;
  std::unique_ptr<TargetMachine> tm(t->createTargetMachine(
      target.triple, target.cpu, target.features, options, Reloc::PIC_,
      std::nullopt, CodeGenOptLevel::Aggressive));
  if (!tm)
    return createStringError("cannot create a target machine for " +
                             target.triple.str());
  return tm;
}

void optimize(Module &module, TargetMachine &tm) {
  LoopAnalysisManager lam;
  FunctionAnalysisManager fam;
  CGSCCAnalysisManager cgam;
  ModuleAnalysisManager mam;
  PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  pb.buildPerModuleDefaultPipeline(OptimizationLevel::O3).run(module, mam);
}

/// `void <name>_run_packed(void **args)`: the entry point for callers that
/// know the argument count only at run time (mnv4-run); `args` holds the
/// input, the outputs, the arena and the thread pool in the order of
/// `<name>_run`.
Error addPackedEntry(Module &module, StringRef name) {
  Function *run = module.getFunction((name + "_run").str());
  if (!run)
    return createStringError("the entry point " + name + "_run is missing");
  LLVMContext &ctx = module.getContext();
  PointerType *ptr = PointerType::getUnqual(ctx);
  auto *packed = Function::Create(
      FunctionType::get(Type::getVoidTy(ctx), {ptr}, false),
      GlobalValue::ExternalLinkage, name + "_run_packed", module);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", packed));
  SmallVector<Value *> args;
  for (unsigned i = 0; i < run->arg_size(); ++i)
    args.push_back(
        b.CreateLoad(ptr, b.CreateConstGEP1_64(ptr, packed->getArg(0), i)));
  b.CreateCall(run, args);
  b.CreateRetVoid();
  return Error::success();
}

} // namespace

Expected<std::string> emitMachineCode(mlir::ModuleOp module,
                                      const TargetDescription &target,
                                      const CompileOptions &options,
                                      EmitKind kind) {
  mlir::registerBuiltinDialectTranslation(*module.getContext());
  mlir::registerLLVMDialectTranslation(*module.getContext());
  LLVMContext llvmContext;
  std::unique_ptr<Module> llvmModule =
      mlir::translateModuleToLLVMIR(module, llvmContext, options.name);
  if (!llvmModule)
    return createStringError("translation to LLVM IR failed");

  Expected<std::unique_ptr<TargetMachine>> tm = createTargetMachine(target);
  if (!tm)
    return tm.takeError();
  llvmModule->setTargetTriple(target.triple);
  llvmModule->setDataLayout((*tm)->createDataLayout());
  if (Error e = addPackedEntry(*llvmModule, options.name))
    return std::move(e);
  for (Function &f : *llvmModule) {
    if (f.isDeclaration())
      continue;
    f.addFnAttr("target-cpu", target.cpu);
    if (!target.features.empty())
      f.addFnAttr("target-features", target.features);
  }

  // The features the object needs, for the run-time check (docs/abi.md).
  Constant *features =
      ConstantDataArray::getString(llvmContext, target.requiredFeatures);
  new GlobalVariable(*llvmModule, features->getType(), /*isConstant=*/true,
                     GlobalValue::ExternalLinkage, features,
                     options.name + "_cpu_features");

  optimize(*llvmModule, **tm);

  std::string out;
  if (kind == EmitKind::LLVM) {
    raw_string_ostream os(out);
    llvmModule->print(os, nullptr);
    return out;
  }
  SmallVector<char, 0> buffer;
  raw_svector_ostream os(buffer);
  legacy::PassManager codegen;
  CodeGenFileType type = kind == EmitKind::Assembly
                             ? CodeGenFileType::AssemblyFile
                             : CodeGenFileType::ObjectFile;
  if ((*tm)->addPassesToEmitFile(codegen, os, nullptr, type))
    return createStringError("the target cannot emit this file type");
  codegen.run(*llvmModule);
  return std::string(buffer.begin(), buffer.end());
}

} // namespace mnv4::targets
