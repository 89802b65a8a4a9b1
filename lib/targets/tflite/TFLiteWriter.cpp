//===- TFLiteWriter.cpp - int8 mnv4 IR as a .tflite flatbuffer ------------===//

#include "mnv4/Targets/TFLiteWriter.h"

#include "TFLiteOps.h"

#include "dialects/mnv4/MNV4Ops.h"
#include "mnv4/Quant/QuantParams.h"
#include "mnv4/Support/LocationName.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <map>

namespace mnv4::tflite {

using namespace ::tflite;
using flatbuffers::Offset;
using llvm::createStringError;
namespace mq = mlir::quant;

namespace {

llvm::ArrayRef<int64_t> shapeOf(mlir::Value v) {
  return mlir::cast<mlir::ShapedType>(v.getType()).getShape();
}

/// What a .tflite file can hold, checked before anything is built (a splat
/// weight expands to its full size): at most 2 GiB (a flatbuffer's limit) of
/// weights, and int32 dimensions.
llvm::Error checkTFLiteLimits(mlir::func::FuncOp func) {
  constexpr uint64_t kMaxBytes = FLATBUFFERS_MAX_BUFFER_SIZE;
  uint64_t weightBytes = 0;
  std::string error;
  auto where = [](mlir::Operation *op) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "'" << op->getName() << "' at " << op->getLoc();
    return text;
  };
  auto checkDims = [&](mlir::Type type, const std::string &what) {
    auto shaped = mlir::dyn_cast<mlir::ShapedType>(type);
    for (int64_t d : shaped &&shaped.hasRank() ? shaped.getShape()
                                               : llvm::ArrayRef<int64_t>())
      if (d > INT32_MAX) {
        error = llvm::formatv("{0} has a dimension of {1}; TFLite's "
                              "dimensions are 32-bit",
                              what, d);
        return false;
      }
    return true;
  };
  for (auto [i, type] : llvm::enumerate(func.getArgumentTypes()))
    if (!checkDims(type, "input #" + std::to_string(i)))
      return createStringError(error);
  func.walk([&](mlir::Operation *op) {
    for (mlir::Type type : op->getResultTypes())
      if (!checkDims(type, where(op)))
        return mlir::WalkResult::interrupt();
    auto c = mlir::dyn_cast<QConstOp>(op);
    auto element =
        c ? mlir::dyn_cast<mq::QuantizedType>(c.getType().getElementType())
          : nullptr;
    if (!element || !c.getType().hasStaticShape())
      return mlir::WalkResult::advance();
    uint64_t bytes = element.getStorageTypeIntegralWidth() / 8;
    for (int64_t d : c.getType().getShape())
      if (__builtin_mul_overflow(bytes, static_cast<uint64_t>(d), &bytes))
        bytes = UINT64_MAX;
    weightBytes = bytes > kMaxBytes ? bytes : weightBytes + bytes;
    if (weightBytes > kMaxBytes) {
      error = llvm::formatv("the weights take more than {0} bytes (at {1}): "
                            "more than a .tflite file can hold",
                            kMaxBytes, where(op));
      return mlir::WalkResult::interrupt();
    }
    return mlir::WalkResult::advance();
  });
  if (!error.empty())
    return createStringError(error);
  return llvm::Error::success();
}

/// TFLite's SAME padding of one dimension (padding.h): the extra row goes
/// after.
class Writer {
public:
  llvm::Expected<std::string> write(mlir::func::FuncOp func,
                                    const TFLiteWriteOptions &options);

private:
  int32_t addBuffer(llvm::ArrayRef<uint8_t> bytes) {
    std::vector<uint8_t> data(bytes.begin(), bytes.end());
    buffers.push_back(CreateBufferDirect(fbb, &data));
    return static_cast<int32_t>(buffers.size() - 1);
  }

  std::string uniqueName(std::string name) {
    if (name.empty())
      name = "tensor";
    std::string candidate = name;
    for (int i = 1; !names.insert(candidate).second; ++i)
      candidate = name + "_" + std::to_string(i);
    return candidate;
  }

  Offset<QuantizationParameters> quantization(mlir::Type element,
                                              int32_t axisOverride = -1) {
    std::vector<float> scales;
    std::vector<int64_t> zeros;
    int32_t axis = 0;
    if (auto t = mlir::dyn_cast<mq::UniformQuantizedType>(element)) {
      scales.push_back(static_cast<float>(t.getScale()));
      zeros.push_back(t.getZeroPoint());
    } else if (auto t =
                   mlir::dyn_cast<mq::UniformQuantizedPerAxisType>(element)) {
      for (double s : t.getScales())
        scales.push_back(static_cast<float>(s));
      zeros.assign(t.getZeroPoints().begin(), t.getZeroPoints().end());
      axis = axisOverride >= 0 ? axisOverride : t.getQuantizedDimension();
    } else {
      return 0;
    }
    return CreateQuantizationParametersDirect(fbb, nullptr, nullptr, &scales,
                                              &zeros, QuantizationDetails_NONE,
                                              0, axis);
  }

  static TensorType tensorType(mlir::Type element) {
    if (auto q = mlir::dyn_cast<mq::QuantizedType>(element))
      return q.getStorageTypeIntegralWidth() == 32 ? TensorType_INT32
                                                   : TensorType_INT8;
    if (element.isInteger(32))
      return TensorType_INT32;
    return TensorType_FLOAT32;
  }

  int32_t addTensor(llvm::ArrayRef<int64_t> shape, mlir::Type element,
                    const std::string &name, int32_t buffer = 0,
                    int32_t axisOverride = -1) {
    std::vector<int32_t> dims(shape.begin(), shape.end());
    tensors.push_back(CreateTensor(
        fbb, fbb.CreateVector(dims), tensorType(element),
        static_cast<uint32_t>(buffer), fbb.CreateString(uniqueName(name)),
        quantization(element, axisOverride)));
    return static_cast<int32_t>(tensors.size() - 1);
  }

  /// The tensor of an activation value, created on first use.
  int32_t tensorOf(mlir::Value v) {
    auto it = valueTensors.find(v);
    if (it != valueTensors.end())
      return it->second;
    std::string name;
    if (auto arg = mlir::dyn_cast<mlir::BlockArgument>(v))
      name = "input";
    else
      name = locationName(v.getDefiningOp()->getLoc());
    int32_t index = addTensor(shapeOf(v), elementOf(v), name);
    valueTensors[v] = index;
    return index;
  }

  static mlir::Type elementOf(mlir::Value v) {
    return mlir::cast<mlir::ShapedType>(v.getType()).getElementType();
  }

  static bool isQuantized(mlir::Value v) {
    return mlir::isa<mq::QuantizedType>(elementOf(v));
  }

  /// A constant tensor holding an mnv4.qconst's stored integers or an
  /// mnv4.const's float32 values.
  llvm::Expected<int32_t> constTensor(mlir::Value v, const std::string &name,
                                      llvm::ArrayRef<int64_t> shape = {},
                                      int32_t axisOverride = -1) {
    std::vector<uint8_t> bytes;
    if (auto c = v.getDefiningOp<QConstOp>()) {
      llvm::Expected<std::vector<uint8_t>> stored = c.readStoredBytes();
      if (!stored)
        return stored.takeError();
      bytes = std::move(*stored);
    } else if (auto c = v.getDefiningOp<ConstOp>()) {
      mlir::ElementsAttr attr = c.getValue();
      if (auto resource =
              mlir::dyn_cast<mlir::DenseResourceElementsAttr>(attr)) {
        mlir::AsmResourceBlob *blob = resource.getRawHandle().getBlob();
        if (!blob)
          return createStringError(
              "the weight blob '%s' has no data",
              resource.getRawHandle().getKey().str().c_str());
        bytes.assign(blob->getData().begin(), blob->getData().end());
      } else if (auto dense = mlir::dyn_cast<mlir::DenseFPElementsAttr>(attr)) {
        for (float x : dense.getValues<float>()) {
          const auto *raw = reinterpret_cast<const uint8_t *>(&x);
          bytes.insert(bytes.end(), raw, raw + 4);
        }
      } else {
        return createStringError("unsupported weight attribute");
      }
    } else {
      return createStringError("a weight is not an mnv4.qconst or mnv4.const");
    }
    int32_t buffer = addBuffer(bytes);
    return addTensor(shape.empty() ? shapeOf(v) : shape, elementOf(v), name,
                     buffer, axisOverride);
  }

  /// A float32 constant of zeros (the bias of a conv that has none).
  int32_t zeroTensor(int64_t size, const std::string &name) {
    std::vector<uint8_t> bytes(size * 4, 0);
    return addTensor({size}, mlir::Float32Type::get(context), name,
                     addBuffer(bytes));
  }

  int32_t int32Tensor(llvm::ArrayRef<int32_t> values,
                      llvm::ArrayRef<int64_t> shape, const std::string &name) {
    llvm::ArrayRef<uint8_t> bytes(
        reinterpret_cast<const uint8_t *>(values.data()), values.size() * 4);
    int32_t buffer = addBuffer(bytes);
    return addTensor(shape, mlir::IntegerType::get(context, 32), name, buffer);
  }

  /// PAD's [4, 2] paddings of an NHWC tensor from mnv4's [top, left,
  /// bottom, right].
  int32_t paddingsTensor(llvm::ArrayRef<int64_t> p, const std::string &name) {
    std::vector<int32_t> paddings = {0,
                                     0,
                                     static_cast<int32_t>(p[0]),
                                     static_cast<int32_t>(p[2]),
                                     static_cast<int32_t>(p[1]),
                                     static_cast<int32_t>(p[3]),
                                     0,
                                     0};
    return int32Tensor(paddings, {4, 2}, name + ".paddings");
  }

  void addOp(OpInfo info, llvm::ArrayRef<int32_t> inputs,
             llvm::ArrayRef<int32_t> outputs,
             BuiltinOptions optionsType = BuiltinOptions_NONE,
             Offset<void> options = 0) {
    auto key = std::make_pair(static_cast<int32_t>(info.code), info.version);
    auto [it, inserted] =
        opcodeIndex.try_emplace(key, static_cast<uint32_t>(opcodes.size()));
    if (inserted) {
      opcodes.push_back(CreateOperatorCode(
          fbb, static_cast<int8_t>(std::min<int32_t>(info.code, 127)), 0,
          info.version, info.code));
      minRuntime = std::max(minRuntime, info.minRuntime);
    }
    operators.push_back(CreateOperator(
        fbb, it->second,
        fbb.CreateVector(std::vector<int32_t>(inputs.begin(), inputs.end())),
        fbb.CreateVector(std::vector<int32_t>(outputs.begin(), outputs.end())),
        optionsType, options));
  }

  llvm::Error emit(mlir::Operation *op);
  template <typename ConvOp> llvm::Error emitConv(ConvOp op, bool depthwise);

  mlir::MLIRContext *context = nullptr;
  flatbuffers::FlatBufferBuilder fbb;
  std::vector<Offset<Tensor>> tensors;
  std::vector<Offset<Buffer>> buffers;
  std::vector<Offset<Operator>> operators;
  std::vector<Offset<OperatorCode>> opcodes;
  std::map<std::pair<int32_t, int32_t>, uint32_t> opcodeIndex;
  llvm::DenseMap<mlir::Value, int32_t> valueTensors;
  llvm::StringSet<> names;
  RuntimeVersion minRuntime{1, 5, 0};
};

ActivationFunctionType fusedActivation(QActivation act) {
  return act == QActivation::relu    ? ActivationFunctionType_RELU
         : act == QActivation::relu6 ? ActivationFunctionType_RELU6
                                     : ActivationFunctionType_NONE;
}

/// The fused activation of a float32 conv; GELU and hard-swish have none
/// (mnv4-decompose-blocks splits them out).
std::optional<ActivationFunctionType> fusedActivation(Activation act) {
  switch (act) {
  case Activation::none:
    return ActivationFunctionType_NONE;
  case Activation::relu:
    return ActivationFunctionType_RELU;
  case Activation::relu6:
    return ActivationFunctionType_RELU6;
  default:
    return std::nullopt;
  }
}

/// The conv's fused activation, int8 or float32.
std::optional<ActivationFunctionType> convActivation(mlir::Operation *op) {
  if (auto c = mlir::dyn_cast<QConv2DOp>(op))
    return fusedActivation(c.getAct());
  if (auto c = mlir::dyn_cast<QDepthwiseConv2DOp>(op))
    return fusedActivation(c.getAct());
  if (auto c = mlir::dyn_cast<Conv2DOp>(op))
    return fusedActivation(c.getAct());
  return fusedActivation(mlir::cast<DepthwiseConv2DOp>(op).getAct());
}

template <typename ConvOp>
llvm::Error Writer::emitConv(ConvOp op, bool depthwise) {
  std::string name = locationName(op.getLoc());
  llvm::ArrayRef<int64_t> in = shapeOf(op.getInput()),
                          f = shapeOf(op.getFilter());
  int64_t kh = depthwise ? f[0] : f[1], kw = depthwise ? f[1] : f[2];
  llvm::ArrayRef<int64_t> s = op.getStrides(), p = op.getPad();
  int32_t input = tensorOf(op.getInput());
  // TFLite has SAME and VALID; PyTorch's symmetric padding of a strided conv
  // over an even size differs from SAME and becomes an explicit PAD (which
  // pads with the input zero point, as the int8 conv's own padding does; the
  // quantizer gives such inputs zero point 0, for Arm NN's PAD).
  Padding padding = Padding_VALID;
  bool zero = llvm::all_of(p, [](int64_t x) { return x == 0; });
  if (!zero && !quant::needsExplicitPad(in, kh, kw, s, p)) {
    padding = Padding_SAME;
  } else if (!zero) {
    int32_t pads = paddingsTensor(p, name);
    llvm::SmallVector<int64_t> padded{in[0], in[1] + p[0] + p[2],
                                      in[2] + p[1] + p[3], in[3]};
    int32_t out = addTensor(padded, elementOf(op.getInput()), name + ".pad");
    addOp(isQuantized(op.getInput()) ? opInfo(BuiltinOperator_PAD)
                                     : floatOpInfo(BuiltinOperator_PAD),
          {input, pads}, {out}, BuiltinOptions_PadOptions,
          CreatePadOptions(fbb).Union());
    input = out;
  }
  llvm::Expected<int32_t> filter =
      depthwise ? constTensor(op.getFilter(), name + ".weight",
                              {1, f[0], f[1], f[2]}, /*axisOverride=*/3)
                : constTensor(op.getFilter(), name + ".weight");
  if (!filter)
    return filter.takeError();
  llvm::Expected<int32_t> bias =
      op.getBias() ? constTensor(op.getBias(), name + ".bias")
                   : zeroTensor(f[depthwise ? 2 : 0], name + ".bias");
  if (!bias)
    return bias.takeError();
  int32_t output = tensorOf(op.getOutput());
  std::optional<ActivationFunctionType> act = convActivation(op);
  if (!act)
    return createStringError(
        "'%s' at %s fuses an activation TFLite cannot fuse",
        op->getName().getStringRef().str().c_str(), name.c_str());
  bool f32 = !isQuantized(op.getOutput());
  auto info = [&](BuiltinOperator code) {
    return f32 ? floatOpInfo(code) : opInfo(code);
  };
  if (depthwise)
    addOp(info(BuiltinOperator_DEPTHWISE_CONV_2D), {input, *filter, *bias},
          {output}, BuiltinOptions_DepthwiseConv2DOptions,
          CreateDepthwiseConv2DOptions(fbb, padding, static_cast<int32_t>(s[1]),
                                       static_cast<int32_t>(s[0]), 1, *act)
              .Union());
  else
    addOp(info(BuiltinOperator_CONV_2D), {input, *filter, *bias}, {output},
          BuiltinOptions_Conv2DOptions,
          CreateConv2DOptions(fbb, padding, static_cast<int32_t>(s[1]),
                              static_cast<int32_t>(s[0]), *act)
              .Union());
  return llvm::Error::success();
}

llvm::Error Writer::emit(mlir::Operation *op) {
  // float32 ops are version 1; DEQUANTIZE has a float result but is int8.
  bool f32 = op->getNumResults() == 1 && !isQuantized(op->getResult(0)) &&
             !mlir::isa<DequantizeOp>(op);
  auto info = [&](BuiltinOperator code, int32_t version = 0) {
    return f32 ? floatOpInfo(code) : opInfo(code, version);
  };
  auto simple = [&](BuiltinOperator code, llvm::ArrayRef<mlir::Value> ins,
                    BuiltinOptions type = BuiltinOptions_NONE,
                    Offset<void> options = 0) {
    llvm::SmallVector<int32_t> inputs;
    for (mlir::Value v : ins)
      inputs.push_back(tensorOf(v));
    addOp(info(code), inputs, {tensorOf(op->getResult(0))}, type, options);
    return llvm::Error::success();
  };
  std::string name = locationName(op->getLoc());
  auto fullyConnected = [&](mlir::Value in, mlir::Value weight,
                            mlir::Value bias, mlir::Value out) -> llvm::Error {
    int32_t input = tensorOf(in);
    llvm::Expected<int32_t> w = constTensor(weight, name + ".weight");
    if (!w)
      return w.takeError();
    llvm::Expected<int32_t> b =
        bias ? constTensor(bias, name + ".bias")
             : zeroTensor(shapeOf(weight)[0], name + ".bias");
    if (!b)
      return b.takeError();
    addOp(info(BuiltinOperator_FULLY_CONNECTED), {input, *w, *b},
          {tensorOf(out)}, BuiltinOptions_FullyConnectedOptions,
          CreateFullyConnectedOptions(fbb).Union());
    return llvm::Error::success();
  };
  auto mean = [&](mlir::Value in, mlir::Value out) {
    int32_t axes = int32Tensor({1, 2}, {2}, name + ".axes");
    addOp(info(BuiltinOperator_MEAN), {tensorOf(in), axes}, {tensorOf(out)},
          BuiltinOptions_ReducerOptions,
          CreateReducerOptions(fbb, /*keep_dims=*/true).Union());
    return llvm::Error::success();
  };
  auto avgPool = [&](mlir::Value in, int64_t kernel, int64_t stride) {
    int32_t k = static_cast<int32_t>(kernel), s = static_cast<int32_t>(stride);
    return simple(BuiltinOperator_AVERAGE_POOL_2D, {in},
                  BuiltinOptions_Pool2DOptions,
                  CreatePool2DOptions(fbb, Padding_VALID, s, s, k, k).Union());
  };
  auto reshape = [&](mlir::Value in, mlir::Value out) {
    llvm::ArrayRef<int64_t> to = shapeOf(out);
    std::vector<int32_t> dims(to.begin(), to.end());
    int32_t shape =
        int32Tensor(dims, {static_cast<int64_t>(dims.size())}, name + ".shape");
    addOp(info(BuiltinOperator_RESHAPE), {tensorOf(in), shape}, {tensorOf(out)},
          BuiltinOptions_ReshapeOptions,
          CreateReshapeOptions(fbb, fbb.CreateVector(dims)).Union());
    return llvm::Error::success();
  };
  auto transpose = [&](mlir::Value in, mlir::Value out,
                       llvm::ArrayRef<int64_t> order) {
    std::vector<int32_t> perm(order.begin(), order.end());
    int32_t permTensor =
        int32Tensor(perm, {static_cast<int64_t>(perm.size())}, name + ".perm");
    addOp(info(BuiltinOperator_TRANSPOSE), {tensorOf(in), permTensor},
          {tensorOf(out)}, BuiltinOptions_TransposeOptions,
          CreateTransposeOptions(fbb).Union());
    return llvm::Error::success();
  };
  auto batchMatMul = [&](mlir::Value lhs, mlir::Value rhs) {
    return simple(BuiltinOperator_BATCH_MATMUL, {lhs, rhs},
                  BuiltinOptions_BatchMatMulOptions,
                  CreateBatchMatMulOptions(fbb).Union());
  };
  auto softmax = [&](mlir::Value in) {
    return simple(BuiltinOperator_SOFTMAX, {in}, BuiltinOptions_SoftmaxOptions,
                  CreateSoftmaxOptions(fbb, 1.0f).Union());
  };
  auto gelu = [&](mlir::Value in) {
    return simple(BuiltinOperator_GELU, {in}, BuiltinOptions_GeluOptions,
                  CreateGeluOptions(fbb, /*approximate=*/false).Union());
  };
  // MUL's rhs: an activation, or a layer scale constant.
  auto mulInputs =
      [&](mlir::Value lhs,
          mlir::Value rhs) -> llvm::Expected<llvm::SmallVector<int32_t>> {
    llvm::SmallVector<int32_t> inputs{tensorOf(lhs)};
    if (!rhs.getDefiningOp<QConstOp>() && !rhs.getDefiningOp<ConstOp>()) {
      inputs.push_back(tensorOf(rhs));
      return inputs;
    }
    llvm::Expected<int32_t> scale = constTensor(rhs, name + ".scale");
    if (!scale)
      return scale.takeError();
    inputs.push_back(*scale);
    return inputs;
  };
  auto unsupported = [&](mlir::Operation *other) {
    std::string text;
    llvm::raw_string_ostream os(text);
    os << "'" << other->getName() << "' at " << other->getLoc()
       << " has no TFLite form";
    return createStringError(text.c_str());
  };
  return llvm::TypeSwitch<mlir::Operation *, llvm::Error>(op)
      .Case([&](QuantizeOp o) {
        return simple(BuiltinOperator_QUANTIZE, {o.getInput()},
                      BuiltinOptions_QuantizeOptions,
                      CreateQuantizeOptions(fbb).Union());
      })
      .Case([&](DequantizeOp o) {
        return simple(BuiltinOperator_DEQUANTIZE, {o.getInput()},
                      BuiltinOptions_DequantizeOptions,
                      CreateDequantizeOptions(fbb).Union());
      })
      .Case([&](QConv2DOp o) { return emitConv(o, false); })
      .Case([&](QDepthwiseConv2DOp o) { return emitConv(o, true); })
      .Case([&](Conv2DOp o) { return emitConv(o, false); })
      .Case([&](DepthwiseConv2DOp o) { return emitConv(o, true); })
      .Case([&](QFullyConnectedOp o) {
        return fullyConnected(o.getInput(), o.getWeight(), o.getBias(),
                              o.getOutput());
      })
      .Case([&](FullyConnectedOp o) {
        return fullyConnected(o.getInput(), o.getWeight(), o.getBias(),
                              o.getOutput());
      })
      .Case([&](QAddOp o) {
        return simple(
            BuiltinOperator_ADD, {o.getLhs(), o.getRhs()},
            BuiltinOptions_AddOptions,
            CreateAddOptions(fbb, fusedActivation(o.getAct())).Union());
      })
      .Case([&](AddOp o) {
        return simple(BuiltinOperator_ADD, {o.getLhs(), o.getRhs()},
                      BuiltinOptions_AddOptions, CreateAddOptions(fbb).Union());
      })
      .Case([&](QMulOp o) -> llvm::Error {
        llvm::Expected<llvm::SmallVector<int32_t>> inputs =
            mulInputs(o.getLhs(), o.getRhs());
        if (!inputs)
          return inputs.takeError();
        auto scaleOf = [&](mlir::Value v) {
          return static_cast<float>(
              mlir::cast<mq::UniformQuantizedType>(elementOf(v)).getScale());
        };
        // Version 3 when the output multiplier needs a left shift.
        float ratio =
            scaleOf(o.getLhs()) * scaleOf(o.getRhs()) / scaleOf(o.getOutput());
        addOp(opInfo(BuiltinOperator_MUL, ratio >= 1.0f ? 3 : 2), *inputs,
              {tensorOf(o.getOutput())}, BuiltinOptions_MulOptions,
              CreateMulOptions(fbb).Union());
        return llvm::Error::success();
      })
      .Case([&](MulOp o) -> llvm::Error {
        llvm::Expected<llvm::SmallVector<int32_t>> inputs =
            mulInputs(o.getLhs(), o.getRhs());
        if (!inputs)
          return inputs.takeError();
        addOp(floatOpInfo(BuiltinOperator_MUL), *inputs,
              {tensorOf(o.getOutput())}, BuiltinOptions_MulOptions,
              CreateMulOptions(fbb).Union());
        return llvm::Error::success();
      })
      .Case([&](QMeanOp o) { return mean(o.getInput(), o.getOutput()); })
      .Case(
          [&](GlobalAvgPoolOp o) { return mean(o.getInput(), o.getOutput()); })
      .Case([&](QAvgPool2DOp o) {
        return avgPool(o.getInput(), o.getKernel(), o.getStride());
      })
      .Case([&](AvgPool2DOp o) {
        return avgPool(o.getInput(), o.getKernel(), o.getStride());
      })
      .Case(
          [&](QBatchMatMulOp o) { return batchMatMul(o.getLhs(), o.getRhs()); })
      .Case([&](MatMulOp o) { return batchMatMul(o.getLhs(), o.getRhs()); })
      .Case([&](QSoftmaxOp o) { return softmax(o.getInput()); })
      .Case([&](SoftmaxOp o) { return softmax(o.getInput()); })
      .Case([&](QLutOp o) {
        if (o.getKind() == QLut::logistic)
          return simple(BuiltinOperator_LOGISTIC, {o.getInput()});
        return gelu(o.getInput());
      })
      .Case([&](ActivationOp o) -> llvm::Error {
        switch (o.getKind()) {
        case Activation::none:
          valueTensors[o.getOutput()] = tensorOf(o.getInput());
          return llvm::Error::success();
        case Activation::relu:
          return simple(BuiltinOperator_RELU, {o.getInput()});
        case Activation::relu6:
          return simple(BuiltinOperator_RELU6, {o.getInput()});
        case Activation::gelu:
          return gelu(o.getInput());
        case Activation::hardswish:
          return simple(BuiltinOperator_HARD_SWISH, {o.getInput()},
                        BuiltinOptions_HardSwishOptions,
                        CreateHardSwishOptions(fbb).Union());
        }
        return unsupported(o);
      })
      .Case([&](QReshapeOp o) { return reshape(o.getInput(), o.getOutput()); })
      .Case([&](ReshapeOp o) { return reshape(o.getInput(), o.getOutput()); })
      .Case([&](QTransposeOp o) {
        return transpose(o.getInput(), o.getOutput(), o.getPerm());
      })
      .Case([&](TransposeOp o) {
        return transpose(o.getInput(), o.getOutput(), o.getPerm());
      })
      .Case([&](PadOp o) {
        int32_t pads = paddingsTensor(o.getPad(), name);
        addOp(floatOpInfo(BuiltinOperator_PAD), {tensorOf(o.getInput()), pads},
              {tensorOf(o.getOutput())}, BuiltinOptions_PadOptions,
              CreatePadOptions(fbb).Union());
        return llvm::Error::success();
      })
      .Default(unsupported);
}

llvm::Expected<std::string> Writer::write(mlir::func::FuncOp func,
                                          const TFLiteWriteOptions &options) {
  context = func.getContext();
  bool float32 = true;
  func.walk([&](QuantizeOp) { float32 = false; });
  buffers.push_back(CreateBuffer(fbb)); // buffer 0: empty
  mlir::Block &body = func.getBody().front();
  std::vector<int32_t> inputs, outputs;
  // --io=int8: the QUANTIZE of an input and the DEQUANTIZE of a result are
  // left out; the model reads and writes their int8 sides.
  auto edgeQuantize = [&](mlir::Operation &op) {
    auto q = mlir::dyn_cast<QuantizeOp>(op);
    return options.int8IO && q && mlir::isa<mlir::BlockArgument>(q.getInput());
  };
  auto edgeDequantize = [&](mlir::Operation &op) {
    auto dq = mlir::dyn_cast<DequantizeOp>(op);
    return options.int8IO && dq &&
           llvm::all_of(dq->getUsers(), [](mlir::Operation *user) {
             return mlir::isa<mlir::func::ReturnOp>(user);
           });
  };
  for (mlir::BlockArgument arg : body.getArguments()) {
    mlir::Value in = arg;
    for (mlir::Operation *user : arg.getUsers())
      if (edgeQuantize(*user))
        in = user->getResult(0);
    inputs.push_back(tensorOf(in));
  }
  for (mlir::Operation &op : body) {
    if (auto ret = mlir::dyn_cast<mlir::func::ReturnOp>(op)) {
      for (mlir::Value v : ret.getOperands())
        outputs.push_back(v.getDefiningOp() &&
                                  edgeDequantize(*v.getDefiningOp())
                              ? tensorOf(v.getDefiningOp()->getOperand(0))
                              : tensorOf(v));
      continue;
    }
    if (mlir::isa<QConstOp, ConstOp>(op) || edgeQuantize(op) ||
        edgeDequantize(op))
      continue; // read by their users, or left out (--io=int8)
    if (llvm::Error error = emit(&op))
      return std::move(error);
  }
  if (options.everyOpOutput)
    for (mlir::Operation &op : body)
      if (!mlir::isa<QConstOp, ConstOp, DequantizeOp, mlir::func::ReturnOp>(op))
        outputs.push_back(tensorOf(op.getResult(0)));
  if (!options.operatorOrder.empty()) {
    if (options.operatorOrder.size() != operators.size())
      return createStringError("the operator order names %zu operators, the "
                               "model has %zu",
                               options.operatorOrder.size(), operators.size());
    std::vector<Offset<Operator>> ordered;
    for (int i : options.operatorOrder) {
      if (i < 0 || static_cast<size_t>(i) >= operators.size())
        return createStringError("operator order index %d out of range", i);
      ordered.push_back(operators[static_cast<size_t>(i)]);
    }
    operators = std::move(ordered);
  }
  std::string version = minRuntime.str();
  std::vector<uint8_t> padded(16, 0);
  std::copy(version.begin(), version.end(), padded.begin());
  int32_t metadataBuffer = addBuffer(padded);
  auto metadata = CreateMetadata(fbb, fbb.CreateString("min_runtime_version"),
                                 static_cast<uint32_t>(metadataBuffer));
  auto subgraph =
      CreateSubGraph(fbb, fbb.CreateVector(tensors), fbb.CreateVector(inputs),
                     fbb.CreateVector(outputs), fbb.CreateVector(operators),
                     fbb.CreateString(func.getSymName().str()));
  auto model =
      CreateModel(fbb, /*version=*/3, fbb.CreateVector(opcodes),
                  fbb.CreateVector(std::vector<Offset<SubGraph>>{subgraph}),
                  fbb.CreateString(float32 ? "mnv4 fp32"
                                           : "mnv4 int8 (TFLite int8 scheme)"),
                  fbb.CreateVector(buffers), 0,
                  fbb.CreateVector(std::vector<Offset<Metadata>>{metadata}));
  FinishModelBuffer(fbb, model);
  flatbuffers::Verifier verifier(fbb.GetBufferPointer(), fbb.GetSize());
  if (!VerifyModelBuffer(verifier))
    return createStringError("the written TFLite flatbuffer does not verify");
  return std::string(reinterpret_cast<const char *>(fbb.GetBufferPointer()),
                     fbb.GetSize());
}

} // namespace

llvm::Expected<std::string> writeTFLite(mlir::func::FuncOp func,
                                        const TFLiteWriteOptions &options) {
  if (func.isExternal())
    return createStringError("function has no body");
  if (llvm::Error error = checkTFLiteLimits(func))
    return std::move(error);
  return Writer().write(func, options);
}

} // namespace mnv4::tflite
