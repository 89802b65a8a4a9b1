//===- SpirvEntryABI.cpp - what convert-gpu-to-spirv needs to know --------===//
//
// convert-gpu-to-spirv lowers only kernels that carry a
// `spirv.entry_point_abi` (their workgroup size) inside a module that names
// its SPIR-V target environment. Outlining records the launch's block size as
// `known_block_size`; this pass turns it into the entry ABI.
//
//===----------------------------------------------------------------------===//

#include "passes/Passes.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVAttributes.h"
#include "mlir/Dialect/SPIRV/IR/SPIRVDialect.h"
#include "mlir/Dialect/SPIRV/IR/TargetAndABI.h"

using namespace mlir;

namespace mnv4 {
#define GEN_PASS_DEF_SPIRVENTRYABI
#include "passes/Passes.h.inc"

namespace {

struct SpirvEntryABIPass : public impl::SpirvEntryABIBase<SpirvEntryABIPass> {
  using SpirvEntryABIBase::SpirvEntryABIBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    MLIRContext *ctx = &getContext();
    // Vulkan 1.1: SPIR-V 1.3 with the Shader capability and storage buffers;
    // f16 buffers need 16-bit storage and, for the conversions, Float16.
    SmallVector<spirv::Capability> caps{spirv::Capability::Shader};
    SmallVector<spirv::Extension> exts{
        spirv::Extension::SPV_KHR_storage_buffer_storage_class};
    if (f16Storage) {
      caps.append({spirv::Capability::Float16,
                   spirv::Capability::StorageBuffer16BitAccess});
      exts.push_back(spirv::Extension::SPV_KHR_16bit_storage);
    }
    auto triple =
        spirv::VerCapExtAttr::get(spirv::Version::V_1_3, caps, exts, ctx);
    module->setAttr(spirv::getTargetEnvAttrName(),
                    spirv::TargetEnvAttr::get(
                        triple, spirv::getDefaultResourceLimits(ctx),
                        spirv::ClientAPI::Vulkan, spirv::Vendor::Unknown,
                        spirv::DeviceType::Unknown,
                        spirv::TargetEnvAttr::kUnknownDeviceID));
    WalkResult result = module.walk([&](gpu::GPUFuncOp func) {
      if (!func.isKernel())
        return WalkResult::advance();
      std::optional<ArrayRef<int32_t>> size = func.getKnownBlockSize();
      if (!size || size->size() != 3) {
        func.emitError("a kernel without a known workgroup size cannot be "
                       "given a SPIR-V entry point");
        return WalkResult::interrupt();
      }
      func->setAttr(spirv::getEntryPointABIAttrName(),
                    spirv::getEntryPointABIAttr(ctx, *size));
      return WalkResult::advance();
    });
    if (result.wasInterrupted())
      signalPassFailure();
  }
};

} // namespace
} // namespace mnv4
