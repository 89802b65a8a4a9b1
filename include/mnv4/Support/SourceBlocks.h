//===- SourceBlocks.h - the model blocks that ops come from ------*- C++
//-*-===//
//
// mnv4-decompose-blocks (and so an int8 model, docs/int8.md) replaces every
// block op by primitive ops; their locations keep which block each came
// from, so that per-block tools (mnv4-run --profile) still see the model's
// blocks. The blocks of a function are its runs of consecutive compute ops
// from one source block: one per block op in an fp32 model, one per
// decomposed block in an int8 model.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_SUPPORT_SOURCEBLOCKS_H
#define MNV4_SUPPORT_SOURCEBLOCKS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace mnv4 {

/// The location of the op of block part `name` (the block's name plus a part,
/// what locationName returns) decomposed from a block at `block` of kind
/// `kind` (its --stats-json kind): a NameLoc `name` whose child is
/// `fused<{mnv4.block_kind = kind}>[block]`.
mlir::Location blockPartLoc(mlir::Location block, llvm::StringRef kind,
                            llvm::StringRef name);

/// The block a location made by blockPartLoc records.
struct SourceBlock {
  std::string name, kind;
};
std::optional<SourceBlock> sourceBlockOf(mlir::Location loc);

/// One block of a function: consecutive compute ops (mnv4.const,
/// mnv4.qconst and func.return are not) whose locations record the same
/// source block, or else carry the same nonempty name (a conv and the
/// activation split out of it); each other op is a block of its own.
struct BlockSpan {
  std::string name; ///< empty when the ops have no name
  std::string kind; ///< the source block's, else the first op's stats kind
  int64_t macs = 0; ///< the ops' MACs (mnv4::opStats)
  llvm::SmallVector<mlir::Operation *> ops;
};
/// The blocks of `func`'s body in program order.
std::vector<BlockSpan> blockSpans(mlir::func::FuncOp func);

} // namespace mnv4

#endif // MNV4_SUPPORT_SOURCEBLOCKS_H
