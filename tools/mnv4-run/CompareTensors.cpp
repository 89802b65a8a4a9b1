//===- CompareTensors.cpp - mnv4-run --compare's error figures ------------===//

#include "CompareTensors.h"

#include <algorithm>
#include <cmath>

using mnv4::interp::Tensor;

mnv4::run::TensorErrors mnv4::run::compareTensors(const Tensor &out,
                                                  const Tensor &ref) {
  double maxAbs = 0.0, maxRef = 0.0;
  bool nan = false;
  for (size_t i = 0; i < out.data.size(); ++i) {
    double diff = std::fabs(double(out.data[i]) - double(ref.data[i]));
    nan |= std::isnan(diff);
    maxAbs = std::max(maxAbs, diff);
    maxRef = std::max(maxRef, std::fabs(double(ref.data[i])));
  }
  if (nan)
    return {NAN, NAN};
  double maxRel =
      maxRef > 0.0 ? maxAbs / maxRef : (maxAbs > 0.0 ? INFINITY : 0.0);
  return {maxAbs, maxRel};
}
