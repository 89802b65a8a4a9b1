//===- mnv4-opt.cpp - mlir-opt for the mnv4 dialect and passes ------------===//

#include "mnv4/InitAll.h"
#include "mnv4/Targets/Compiler.h"
#include "mnv4/Targets/VulkanCompiler.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  mnv4::registerAllDialects(registry);
  mnv4::registerAllPasses();
  mnv4::targets::registerLoweringPipelines();
  mnv4::targets::registerVulkanPipelines();
  return mlir::asMainReturnCode(mlir::MlirOptMain(
      argc, argv, "mnv4 optimizer driver: the mnv4 dialect and passes\n",
      registry));
}
