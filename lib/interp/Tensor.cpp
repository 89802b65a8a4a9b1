//===- Tensor.cpp - the reference interpreter's dense fp32 tensor ---------===//

#include "mnv4/Interp/Tensor.h"

#include "KernelSupport.h"

#include <cassert>

namespace mnv4::interp {

Tensor::Tensor(llvm::ArrayRef<int64_t> shape, float fill)
    : shape(shape.begin(), shape.end()),
      data(static_cast<size_t>(detail::numElementsOf(shape)), fill) {}

Tensor::Tensor(llvm::ArrayRef<int64_t> shape, std::vector<float> data)
    : shape(shape.begin(), shape.end()), data(std::move(data)) {
  assert(static_cast<int64_t>(this->data.size()) ==
             detail::numElementsOf(shape) &&
         "data size does not match the shape");
}

} // namespace mnv4::interp
