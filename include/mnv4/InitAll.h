//===- InitAll.h - register the mnv4 dialect, passes and what they need ---===//

#ifndef MNV4_INITALL_H
#define MNV4_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace mnv4 {

/// The mnv4 dialect plus every upstream dialect and extension the project
/// lowers through.
void registerAllDialects(mlir::DialectRegistry &registry);

/// The mnv4 passes plus every upstream pass.
void registerAllPasses();

} // namespace mnv4

#endif // MNV4_INITALL_H
