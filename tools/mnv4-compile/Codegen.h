//===- Codegen.h - mnv4-compile's --target/--cpu/--emit=obj... ---*- C++
//-*-===//

#ifndef MNV4_TOOLS_MNV4_COMPILE_CODEGEN_H
#define MNV4_TOOLS_MNV4_COMPILE_CODEGEN_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

namespace mnv4::compile {

/// The category of --target, --cpu, --name, --input-layout, --no-fusion.
llvm::cl::OptionCategory &codegenCategory();

/// With --print-target: prints the resolved --target/--cpu (one `key: value`
/// per line) and returns the exit code; otherwise nothing.
std::optional<int> printTargetIfAsked(llvm::raw_ostream &os);

/// True for the --emit kinds that run the code generator.
bool isCodegenEmit(llvm::StringRef kind);

/// Compiles `module` for --target/--cpu and writes --emit's artifact to
/// `output` (an object also gets its header beside it, `m.o` -> `m.h`).
/// With `stats` (--stats-json's object of the same module), first adds the
/// compiled code's memory figures to it (docs/stats.md section 4) and prints
/// it to stdout. Returns the exit code; nothing is left behind on failure.
int compileAndWrite(mlir::ModuleOp module, llvm::StringRef modelName,
                    llvm::StringRef emitKind, llvm::StringRef output,
                    llvm::json::Object *stats = nullptr);

} // namespace mnv4::compile

#endif // MNV4_TOOLS_MNV4_COMPILE_CODEGEN_H
