//===- MNV4ToLinalg.cpp - all mnv4 op lowerings ---------------------------===//

#include "LoweringPattern.h"

namespace mnv4::conversion {

void populateMNV4ToLinalgPatterns(mlir::RewritePatternSet &patterns,
                                  const LoweringOptions &options) {
  populatePrimitiveOpLowerings(patterns, options);
  populateGenericOpLowerings(patterns, options);
  populateInvertedBottleneckLowerings(patterns, options);
  populateMobileMQALowering(patterns, options);
}

} // namespace mnv4::conversion
