//===- SourceBlocks.cpp - the model blocks that ops come from -------------===//

#include "mnv4/Support/SourceBlocks.h"
#include "mnv4/Support/LocationName.h"
#include "mnv4/Support/Stats.h"

#include "dialects/mnv4/MNV4Ops.h"

#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kKindKey = "mnv4.block_kind";

} // namespace

Location mnv4::blockPartLoc(Location block, StringRef kind, StringRef name) {
  MLIRContext *ctx = block.getContext();
  auto metadata =
      DictionaryAttr::get(ctx, {NamedAttribute(StringAttr::get(ctx, kKindKey),
                                               StringAttr::get(ctx, kind))});
  Location source = FusedLoc::get({block}, metadata, ctx);
  return NameLoc::get(StringAttr::get(ctx, name), source);
}

std::optional<mnv4::SourceBlock> mnv4::sourceBlockOf(Location loc) {
  auto named = dyn_cast<NameLoc>(loc);
  if (!named)
    return std::nullopt;
  auto fused = dyn_cast<FusedLoc>(named.getChildLoc());
  if (!fused || fused.getLocations().size() != 1)
    return std::nullopt;
  auto metadata = dyn_cast_or_null<DictionaryAttr>(fused.getMetadata());
  StringAttr kind =
      metadata ? metadata.getAs<StringAttr>(kKindKey) : StringAttr();
  if (!kind)
    return std::nullopt;
  return SourceBlock{locationName(fused.getLocations().front()),
                     kind.getValue().str()};
}

std::vector<mnv4::BlockSpan> mnv4::blockSpans(func::FuncOp func) {
  std::vector<BlockSpan> spans;
  bool lastHasSource = false;
  for (Operation &op : func.getBody().front()) {
    if (isa<QConstOp>(op))
      continue;
    std::optional<BlockStats> stats = opStats(&op);
    if (!stats)
      continue;
    std::optional<SourceBlock> source = sourceBlockOf(op.getLoc());
    std::string name = source ? source->name : locationName(op.getLoc());
    bool joins = !spans.empty() && !name.empty() && spans.back().name == name &&
                 lastHasSource == !!source;
    if (!joins) {
      BlockSpan span;
      span.name = name;
      span.kind = source ? source->kind : stats->kind;
      spans.push_back(std::move(span));
    }
    lastHasSource = source.has_value();
    spans.back().macs += stats->macs;
    spans.back().ops.push_back(&op);
  }
  return spans;
}
