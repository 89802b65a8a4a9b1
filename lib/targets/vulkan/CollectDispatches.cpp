//===- CollectDispatches.cpp - the host function as a dispatch list -------===//
//
// After the GPU pipeline the host function is a straight list of
// gpu.launch_func ops over views of four buffers (input, outputs, the arena,
// constant globals). Each launch becomes a manifest dispatch whose bindings
// are byte ranges of those buffers; the globals are packed into the weights
// blob.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Targets/VulkanCompiler.h"

#include "mnv4/Support/LocationName.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/Support/FormatVariadic.h"

using namespace mlir;

namespace mnv4::targets {

namespace {

llvm::Error errorAt(Operation *op, const llvm::Twine &message) {
  std::string loc;
  llvm::raw_string_ostream os(loc);
  op->getLoc().print(os);
  return llvm::createStringError(message + " (at " + loc + ")");
}

std::optional<uint64_t> constantIndex(Value v) {
  if (auto c = v.getDefiningOp<arith::ConstantIndexOp>())
    return c.value();
  return std::nullopt;
}

/// Bytes a memref of this type spans from its base pointer.
std::optional<uint64_t> spanBytes(MemRefType type) {
  SmallVector<int64_t> strides;
  int64_t offset;
  if (!type.hasStaticShape() ||
      failed(type.getStridesAndOffset(strides, offset)) ||
      ShapedType::isDynamic(offset) ||
      llvm::any_of(strides, ShapedType::isDynamic))
    return std::nullopt;
  int64_t last = offset;
  for (auto [size, stride] : llvm::zip(type.getShape(), strides))
    last += (size - 1) * stride;
  return static_cast<uint64_t>(last + 1) * (type.getElementTypeBitWidth() / 8);
}

struct Collector {
  explicit Collector(vulkan::Program &program) : program(program) {}
  vulkan::Program &program;
  unsigned numOutputs = 0;
  Value arena;
  llvm::StringMap<uint64_t> weightOffsets;

  llvm::Expected<uint64_t> addWeights(memref::GetGlobalOp get) {
    auto it = weightOffsets.find(get.getName());
    if (it != weightOffsets.end())
      return it->second;
    auto global = SymbolTable::lookupNearestSymbolFrom<memref::GlobalOp>(
        get, get.getNameAttr());
    if (!global || !global.getConstant() || !global.getInitialValue())
      return errorAt(get, "a kernel reads a global that is not a constant");
    auto type = global.getType();
    Type element = type.getElementType();
    if (!element.isF32() && !element.isF16())
      return errorAt(get, "a constant that is not float32 or float16");
    uint64_t elementBytes = element.getIntOrFloatBitWidth() / 8;
    ArrayRef<char> bytes;
    std::vector<char> splat;
    Attribute init = *global.getInitialValue();
    if (auto resource = dyn_cast<DenseResourceElementsAttr>(init)) {
      AsmResourceBlob *blob = resource.getRawHandle().getBlob();
      if (!blob)
        return errorAt(get, "a constant whose data is missing");
      bytes = blob->getData();
    } else if (auto dense = dyn_cast<DenseElementsAttr>(init)) {
      if (dense.isSplat() && element.isF32()) {
        float v = dense.getSplatValue<float>();
        splat.resize(type.getNumElements() * sizeof(float));
        for (int64_t i = 0; i < type.getNumElements(); ++i)
          std::memcpy(&splat[i * sizeof(float)], &v, sizeof(float));
        bytes = splat;
      } else {
        bytes = dense.getRawData();
      }
    } else {
      return errorAt(get, "a constant of an unsupported kind");
    }
    if (bytes.size() != type.getNumElements() * elementBytes)
      return errorAt(get, "a constant whose data does not match its type");
    std::vector<uint8_t> &blob = program.weights;
    uint64_t offset = (blob.size() + vulkan::kBufferAlignment - 1) /
                      vulkan::kBufferAlignment * vulkan::kBufferAlignment;
    blob.resize(offset);
    blob.insert(blob.end(), bytes.begin(), bytes.end());
    weightOffsets[get.getName()] = offset;
    return offset;
  }

  /// The buffer and byte offset a kernel argument's base pointer is at.
  llvm::Expected<vulkan::Binding> resolve(Value value, Operation *user) {
    while (Operation *def = value.getDefiningOp()) {
      if (auto sv = dyn_cast<memref::SubViewOp>(def))
        value = sv.getSource();
      else if (auto ex = dyn_cast<memref::ExpandShapeOp>(def))
        value = ex.getSrc();
      else if (auto co = dyn_cast<memref::CollapseShapeOp>(def))
        value = co.getSrc();
      else if (auto cast = dyn_cast<memref::CastOp>(def))
        value = cast.getSource();
      else
        break;
    }
    vulkan::Binding binding;
    if (auto arg = dyn_cast<BlockArgument>(value)) {
      unsigned index = arg.getArgNumber();
      if (value == arena)
        binding.buffer = vulkan::BufferKind::Arena;
      else if (index == 0)
        binding.buffer = vulkan::BufferKind::Input;
      else {
        binding.buffer = vulkan::BufferKind::Output;
        binding.output = index - 1;
      }
      return binding;
    }
    if (auto view = value.getDefiningOp<memref::ViewOp>()) {
      std::optional<uint64_t> shift = constantIndex(view.getByteShift());
      if (view.getSource() != arena || !shift)
        return errorAt(user, "a kernel buffer that is not a fixed view of "
                             "the arena");
      binding.buffer = vulkan::BufferKind::Arena;
      binding.offset = *shift;
      return binding;
    }
    if (auto get = value.getDefiningOp<memref::GetGlobalOp>()) {
      llvm::Expected<uint64_t> offset = addWeights(get);
      if (!offset)
        return offset.takeError();
      binding.buffer = vulkan::BufferKind::Weights;
      binding.offset = *offset;
      return binding;
    }
    return errorAt(user, "a kernel buffer of unknown origin");
  }

  llvm::Error addDispatch(gpu::LaunchFuncOp launch) {
    auto kernel = SymbolTable::lookupNearestSymbolFrom<gpu::GPUFuncOp>(
        launch, launch.getKernel());
    if (!kernel)
      return errorAt(launch, "a launch of an unknown kernel");
    vulkan::Dispatch d;
    d.module = launch.getKernelModuleName().str() + ".spv";
    d.entry = launch.getKernelName().str();
    d.label = locationName(launch.getLoc());
    uint64_t shared = 0;
    kernel.walk([&](Operation *op) {
      if (auto tag = op->getAttrOfType<StringAttr>("mnv4.kernel"))
        d.kernel = tag.str();
      // Workgroup memory: the allocs outside the default (buffer) space.
      if (auto alloc = dyn_cast<memref::AllocOp>(op))
        if (alloc.getType().getMemorySpace())
          shared += spanBytes(alloc.getType()).value_or(0);
    });
    d.sharedBytes = static_cast<uint32_t>(shared);
    Value grid[3] = {launch.getGridSizeX(), launch.getGridSizeY(),
                     launch.getGridSizeZ()};
    Value block[3] = {launch.getBlockSizeX(), launch.getBlockSizeY(),
                      launch.getBlockSizeZ()};
    for (int i = 0; i < 3; ++i) {
      std::optional<uint64_t> g = constantIndex(grid[i]),
                              b = constantIndex(block[i]);
      if (!g || !b)
        return errorAt(launch, "a launch without static sizes");
      d.groups[i] = static_cast<uint32_t>(*g);
      d.workgroup[i] = static_cast<uint32_t>(*b);
    }
    for (auto [i, operand] : llvm::enumerate(launch.getKernelOperands())) {
      auto type = dyn_cast<MemRefType>(operand.getType());
      std::optional<uint64_t> span = type ? spanBytes(type) : std::nullopt;
      if (!span)
        return errorAt(launch, "a kernel argument that is not a static "
                               "buffer");
      llvm::Expected<vulkan::Binding> binding = resolve(operand, launch);
      if (!binding)
        return binding.takeError();
      binding->range = *span;
      for (Operation *user : kernel.getArgument(i).getUsers()) {
        if (isa<memref::LoadOp>(user))
          binding->reads = true;
        else if (isa<memref::StoreOp>(user))
          binding->writes = true;
        else
          binding->reads = binding->writes = true;
      }
      if (!binding->reads && !binding->writes)
        binding->reads = true;
      d.bindings.push_back(*binding);
    }
    program.manifest.dispatches.push_back(std::move(d));
    return llvm::Error::success();
  }
};

} // namespace

llvm::Error collectDispatches(ModuleOp module, vulkan::Program &program) {
  func::FuncOp host;
  for (auto f : module.getOps<func::FuncOp>())
    if (f.isPublic() && !f.isExternal())
      host = f;
  if (!host)
    return llvm::createStringError("the lowered module has no host function");
  Collector c(program);
  unsigned numArgs = host.getNumArguments();
  if (auto bytes = module->getAttrOfType<IntegerAttr>("mnv4.arena_bytes")) {
    program.manifest.arenaBytes = bytes.getInt();
    c.arena = host.getArgument(numArgs - 1);
  }
  for (auto launch : host.getOps<gpu::LaunchFuncOp>())
    if (llvm::Error e = c.addDispatch(launch))
      return e;
  program.manifest.weightsBytes = program.weights.size();
  return llvm::Error::success();
}

} // namespace mnv4::targets
