//===- HessianRounding.h - int8 rounding with error feedback -*- C++ -*-===//
//
// GPTQ/OBQ-style rounding of weights onto a fixed symmetric int8 grid: the
// rows of a weight matrix W [rows x K] that all multiply the same inputs X
// [samples x K] are rounded one column at a time, and each column's rounding
// error is spread over the columns not yet rounded so that W X^T changes as
// little as possible in the least-squares sense, through the inverse of the
// inputs' Gram matrix H = X^T X (Frantar et al., "Optimal Brain Compression",
// 2022; "GPTQ", 2023). The grid (one scale per row) is the caller's, so the
// stored format is TFLite's.
//
//===----------------------------------------------------------------------===//

#ifndef MNV4_QUANT_HESSIANROUNDING_H
#define MNV4_QUANT_HESSIANROUNDING_H

#include "llvm/ADT/ArrayRef.h"

#include <cstdint>
#include <vector>

namespace mnv4::quant {

/// The symmetric Gram matrix X^T X of row vectors of length `k`, accumulated
/// in double; only the lower triangle is kept up to date by add().
class GramMatrix {
public:
  explicit GramMatrix(int64_t k) : k(k), sums(k * k, 0.0), rowBuffer() {}

  int64_t size() const { return k; }
  int64_t rows() const { return count; }

  /// Adds one row x (length k): H += x x^T.
  void add(const float *x);

  /// The full matrix (both triangles), row-major k x k.
  std::vector<double> matrix() const;

private:
  void flush();

  int64_t k, count = 0;
  std::vector<double> sums;
  std::vector<float> rowBuffer; ///< rows not yet folded into `sums`
};

/// Rounds `weights` (`rows` x `k`, row-major) to integers on the grid
/// `scales[r]` (one per row) in [-127, 127], with the error feedback of the
/// Gram matrix `gram` (k x k, from GramMatrix::matrix()): columns are taken
/// in order of decreasing diagonal, and `dampening` x the mean diagonal is
/// added to the diagonal first. Inputs that are always 0 (zero diagonal) do
/// not matter and round to nearest. Fills `stored`; deterministic.
void roundWithHessian(llvm::ArrayRef<float> weights, int64_t rows, int64_t k,
                      llvm::ArrayRef<float> scales, llvm::ArrayRef<double> gram,
                      double dampening, std::vector<int8_t> &stored);

} // namespace mnv4::quant

#endif // MNV4_QUANT_HESSIANROUNDING_H
