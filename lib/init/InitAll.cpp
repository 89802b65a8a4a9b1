//===- InitAll.cpp - register the mnv4 dialect, passes and upstream ones --===//

#include "mnv4/InitAll.h"

#include "dialects/mnv4/MNV4Dialect.h"
#include "passes/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"

void mnv4::registerAllDialects(mlir::DialectRegistry &registry) {
  registry.insert<mnv4::MNV4Dialect>();
  // Declarations only in MLIR 22; the bodies live in libMLIR.so.
  mlir::registerAllDialects(registry);
  mlir::registerAllExtensions(registry);
}

void mnv4::registerAllPasses() {
  mlir::registerAllPasses();
  mnv4::registerMNV4Passes();
}
