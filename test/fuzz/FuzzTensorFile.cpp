//===- FuzzTensorFile.cpp - mnv4-run's tensor files and --compare ---------===//
//
// Input: byte 0 picks the rank (1..4), the next `rank` bytes the dims
// (1..16), the rest is the file. A file that reads must write back and read
// again bit for bit, and compare to itself with zero error unless it holds a
// NaN or an infinity.
//
//===----------------------------------------------------------------------===//

#include "FuzzSupport.h"

#include "tools/mnv4-run/CompareTensors.h"
#include "tools/mnv4-run/TensorFiles.h"

#include "llvm/ADT/SmallVector.h"

#include <cmath>
#include <cstring>
#include <unistd.h>

using mnv4::interp::Tensor;

namespace {

bool bitIdentical(const Tensor &a, const Tensor &b) {
  return a.shape == b.shape && a.data.size() == b.data.size() &&
         std::memcmp(a.data.data(), b.data.data(),
                     a.data.size() * sizeof(float)) == 0;
}

void checkRoundTrip(const Tensor &t, const std::string &path) {
  std::string copy = path + ".out";
  if (!mnv4::run::writeTensorFile(copy, t))
    __builtin_trap();
  std::optional<Tensor> back =
      mnv4::run::readTensorFile("reference", copy, t.shape);
  ::unlink(copy.c_str());
  if (!back || !bitIdentical(t, *back))
    __builtin_trap();
}

void checkSelfCompare(const Tensor &t) {
  mnv4::run::TensorErrors errors = mnv4::run::compareTensors(t, t);
  bool finite = llvm::all_of(t.data, [](float v) { return std::isfinite(v); });
  if (finite ? errors.maxAbs != 0.0 || errors.maxRel != 0.0
             : !std::isnan(errors.maxAbs))
    __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1)
    return 0;
  size_t rank = (data[0] & 3) + 1;
  if (size < 1 + rank)
    return 0;
  llvm::SmallVector<int64_t, 4> shape;
  for (size_t i = 0; i < rank; ++i)
    shape.push_back((data[1 + i] & 15) + 1);
  std::string path = mnv4::fuzz::writeScratchFile(
      mnv4::fuzz::asStringRef(data + 1 + rank, size - 1 - rank), ".bin");
  std::optional<Tensor> t = mnv4::run::readTensorFile("reference", path, shape);
  if (!t)
    return 0;
  // Rank-4 files are NCHW and tensors NHWC: the shapes differ by layout.
  checkRoundTrip(*t, path);
  checkSelfCompare(*t);
  return 0;
}
