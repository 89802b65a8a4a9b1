//===- ExpectTensor.h - gtest comparison of two tensors ---------*- C++ -*-===//

#ifndef MNV4_TEST_UNIT_INTERP_EXPECTTENSOR_H
#define MNV4_TEST_UNIT_INTERP_EXPECTTENSOR_H

#include "mnv4/Interp/Tensor.h"

#include "gtest/gtest.h"

#include <cmath>

namespace mnv4::interp {

/// Same shape and every element within tol * max(1, |expected|); NaN only
/// where NaN is expected.
inline void expectTensorNear(const Tensor &actual, const Tensor &expected,
                             double tol = 1e-5) {
  ASSERT_EQ(llvm::ArrayRef(actual.shape), llvm::ArrayRef(expected.shape));
  ASSERT_EQ(actual.data.size(), expected.data.size());
  int failures = 0;
  for (size_t i = 0; i < actual.data.size() && failures < 5; ++i) {
    double a = actual.data[i], e = expected.data[i];
    if (std::isnan(e) != std::isnan(a) ||
        (!std::isnan(e) &&
         std::fabs(a - e) > tol * std::fmax(1.0, std::fabs(e)))) {
      ADD_FAILURE() << "element " << i << ": got " << a << ", expected " << e;
      ++failures;
    }
  }
}

} // namespace mnv4::interp

#endif // MNV4_TEST_UNIT_INTERP_EXPECTTENSOR_H
