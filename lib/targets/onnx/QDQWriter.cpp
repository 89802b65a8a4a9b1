//===- QDQWriter.cpp - int8 mnv4 IR as a QDQ ONNX model -------------------===//
//
// The int8 IR is NHWC; ONNX's Conv and pools are NCHW. Each int8 value is
// kept in the layout its producer wrote it in, and a Transpose of the int8
// tensor is added the first time a consumer needs the other one (a chain of
// convs stays NCHW; attention reshapes read NHWC), so the graph has no
// transposes a conv chain would not need.
//
//===----------------------------------------------------------------------===//

#include "mnv4/Targets/QDQWriter.h"

#include "dialects/mnv4/MNV4Ops.h"
#include "mnv4/Support/LocationName.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/FormatVariadic.h"

#include <map>
#include <onnx/onnx_pb.h>

namespace mnv4::onnx {

namespace mq = mlir::quant;
using llvm::createStringError;
using llvm::Error;
using llvm::Expected;

namespace {

/// Opset 20: the first with Gelu.
constexpr int64_t kOpset = 20;

enum class Layout { Logical, NCHW };

llvm::ArrayRef<int64_t> shapeOf(mlir::Value v) {
  return mlir::cast<mlir::ShapedType>(v.getType()).getShape();
}

mlir::Type elementOf(mlir::Value v) {
  return mlir::cast<mlir::ShapedType>(v.getType()).getElementType();
}

std::string describe(mlir::Operation *op) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "'" << op->getName() << "' at " << op->getLoc();
  return text;
}

/// An NHWC shape as NCHW.
std::vector<int64_t> toNCHW(llvm::ArrayRef<int64_t> s) {
  return {s[0], s[3], s[1], s[2]};
}

class Writer {
public:
  Expected<std::string> write(mlir::func::FuncOp func);

private:
  /// An int8 value: its quantization parameters and its int8 tensor per
  /// layout, made when first needed.
  struct Value {
    std::string scale, zeroPoint;
    Layout native = Layout::Logical;
    int64_t rank = 0;
    std::map<Layout, std::string> quantized;
  };

  ::onnx::GraphProto *graph = nullptr;
  std::map<std::string, int> nameCount;
  llvm::DenseMap<mlir::Value, Value> values;

  std::string fresh(llvm::StringRef base) {
    std::string name = base.empty() ? "t" : base.str();
    int &n = nameCount[name];
    return n++ ? name + "_" + std::to_string(n - 1) : name;
  }

  ::onnx::NodeProto *node(llvm::StringRef type,
                          llvm::ArrayRef<std::string> inputs,
                          llvm::ArrayRef<std::string> outputs,
                          llvm::StringRef name = "") {
    ::onnx::NodeProto *n = graph->add_node();
    n->set_op_type(type.str());
    n->set_name(fresh(name.empty() ? type : name));
    for (const std::string &i : inputs)
      n->add_input(i);
    for (const std::string &o : outputs)
      n->add_output(o);
    return n;
  }

  static void setInts(::onnx::NodeProto *n, llvm::StringRef name,
                      llvm::ArrayRef<int64_t> ints) {
    ::onnx::AttributeProto *a = n->add_attribute();
    a->set_name(name.str());
    a->set_type(::onnx::AttributeProto::INTS);
    for (int64_t i : ints)
      a->add_ints(i);
  }

  static void setInt(::onnx::NodeProto *n, llvm::StringRef name, int64_t i) {
    ::onnx::AttributeProto *a = n->add_attribute();
    a->set_name(name.str());
    a->set_type(::onnx::AttributeProto::INT);
    a->set_i(i);
  }

  static void setFloat(::onnx::NodeProto *n, llvm::StringRef name, float f) {
    ::onnx::AttributeProto *a = n->add_attribute();
    a->set_name(name.str());
    a->set_type(::onnx::AttributeProto::FLOAT);
    a->set_f(f);
  }

  /// An initializer of `type` with `bytes` (little-endian, as ONNX stores
  /// raw data).
  std::string initializer(llvm::StringRef base, int type,
                          llvm::ArrayRef<int64_t> dims,
                          llvm::ArrayRef<char> bytes) {
    ::onnx::TensorProto *t = graph->add_initializer();
    std::string name = fresh(base);
    t->set_name(name);
    t->set_data_type(type);
    for (int64_t d : dims)
      t->add_dims(d);
    t->set_raw_data(std::string(bytes.begin(), bytes.end()));
    return name;
  }

  template <typename T>
  std::string initializer(llvm::StringRef base, int type,
                          llvm::ArrayRef<int64_t> dims,
                          llvm::ArrayRef<T> values) {
    return initializer(
        base, type, dims,
        llvm::ArrayRef<char>(reinterpret_cast<const char *>(values.data()),
                             values.size() * sizeof(T)));
  }

  std::string shapeInitializer(llvm::StringRef base,
                               llvm::ArrayRef<int64_t> shape) {
    return initializer<int64_t>(base, ::onnx::TensorProto::INT64,
                                {static_cast<int64_t>(shape.size())}, shape);
  }

  /// The scale and zero point initializers of a per-tensor activation type.
  std::pair<std::string, std::string> params(mq::UniformQuantizedType t,
                                             llvm::StringRef base) {
    float scale = static_cast<float>(t.getScale());
    int8_t zero = static_cast<int8_t>(t.getZeroPoint());
    return {initializer<float>(base.str() + "_scale",
                               ::onnx::TensorProto::FLOAT, {}, {scale}),
            initializer<int8_t>(base.str() + "_zero_point",
                                ::onnx::TensorProto::INT8, {}, {zero})};
  }

  /// Records `v` as quantized by a QuantizeLinear of the float tensor
  /// `floatName` (in `layout`).
  Error quantizeInto(mlir::Value v, const std::string &floatName, Layout layout,
                     llvm::StringRef base) {
    auto t = mlir::dyn_cast<mq::UniformQuantizedType>(elementOf(v));
    if (!t)
      return createStringError("an activation is not per-tensor int8");
    Value info;
    std::tie(info.scale, info.zeroPoint) = params(t, base);
    info.native = layout;
    info.rank = static_cast<int64_t>(shapeOf(v).size());
    std::string q = fresh(base.str() + "_q");
    node("QuantizeLinear", {floatName, info.scale, info.zeroPoint}, {q},
         base.str() + "_quantize");
    info.quantized[layout] = q;
    values[v] = info;
    return Error::success();
  }

  /// Records `v` as the int8 tensor `q` in `layout`, sharing the parameters
  /// of `like` (a reshape or transpose of it).
  void alias(mlir::Value v, mlir::Value like, const std::string &q,
             Layout layout) {
    Value info = values[like];
    info.native = layout;
    info.rank = static_cast<int64_t>(shapeOf(v).size());
    info.quantized = {{layout, q}};
    values[v] = info;
  }

  /// The int8 tensor of `v` in `layout`.
  Expected<std::string> quantized(mlir::Value v, Layout layout) {
    auto it = values.find(v);
    if (it == values.end())
      return createStringError("an int8 value has no producer the writer "
                               "knows");
    Value &info = it->second;
    if (info.rank != 4)
      layout = Layout::Logical;
    if (auto q = info.quantized.find(layout); q != info.quantized.end())
      return q->second;
    const std::string &from = info.quantized.at(info.native);
    std::string to = fresh(from + (layout == Layout::NCHW ? "_nchw" : "_nhwc"));
    ::onnx::NodeProto *t = node("Transpose", {from}, {to});
    setInts(t, "perm",
            layout == Layout::NCHW ? llvm::ArrayRef<int64_t>{0, 3, 1, 2}
                                   : llvm::ArrayRef<int64_t>{0, 2, 3, 1});
    info.quantized[layout] = to;
    return to;
  }

  /// The float tensor of `v` in `layout` for one consumer: a
  /// DequantizeLinear of its int8 tensor of its own, as QDQ models have them
  /// (ONNX Runtime fuses an op with its input DequantizeLinear only when no
  /// other op reads that one: a shared one left 13 of conv_small's 46 convs
  /// in float).
  Expected<std::string> dequantized(mlir::Value v, Layout layout) {
    Expected<std::string> q = quantized(v, layout);
    if (!q)
      return q.takeError();
    const Value &info = values[v];
    std::string d = fresh(*q + "_dq");
    node("DequantizeLinear", {*q, info.scale, info.zeroPoint}, {d});
    return d;
  }

  /// A weight or bias (mnv4.qconst) as an initializer of its stored integers
  /// with `dims` (its own shape when empty) and a DequantizeLinear; per-axis
  /// types dequantize along `axis`.
  Expected<std::string> constant(mlir::Value v, llvm::StringRef base,
                                 llvm::ArrayRef<int64_t> dims = {},
                                 llvm::ArrayRef<int64_t> perm = {},
                                 int64_t axis = 0);

  Expected<std::string> convolution(mlir::Operation *op, mlir::Value input,
                                    mlir::Value filter, mlir::Value bias,
                                    llvm::ArrayRef<int64_t> strides,
                                    llvm::ArrayRef<int64_t> pad,
                                    QActivation act, bool depthwise);

  /// The fused activation of an int8 op on the float tensor `x`.
  std::string activation(const std::string &x, QActivation act) {
    if (act == QActivation::none)
      return x;
    std::string y = fresh(x + "_act");
    if (act == QActivation::relu) {
      node("Relu", {x}, {y});
      return y;
    }
    std::string lo =
        initializer<float>("relu6_min", ::onnx::TensorProto::FLOAT, {}, {0.0f});
    std::string hi =
        initializer<float>("relu6_max", ::onnx::TensorProto::FLOAT, {}, {6.0f});
    node("Clip", {x, lo, hi}, {y});
    return y;
  }

  Error emit(mlir::Operation *op, llvm::ArrayRef<std::string> outputNames);
};

Expected<std::string> Writer::constant(mlir::Value v, llvm::StringRef base,
                                       llvm::ArrayRef<int64_t> dims,
                                       llvm::ArrayRef<int64_t> perm,
                                       int64_t axis) {
  auto c = v.getDefiningOp<QConstOp>();
  if (!c)
    return createStringError("a weight is not an mnv4.qconst");
  auto element = mlir::cast<mq::QuantizedType>(elementOf(v));
  unsigned width = element.getStorageTypeIntegralWidth() / 8;
  llvm::ArrayRef<int64_t> shape = shapeOf(v);
  int64_t count = c.getValue().getNumElements();
  Expected<std::vector<uint8_t>> raw = c.readStoredBytes();
  if (!raw)
    return raw.takeError();
  std::vector<uint8_t> bytes = std::move(*raw);
  std::vector<int64_t> outDims(dims.empty() ? shape : dims);
  if (!perm.empty()) {
    // Stored element i of the permuted tensor comes from the source index
    // whose coordinates, permuted, are i's.
    std::vector<int64_t> permShape;
    for (int64_t p : perm)
      permShape.push_back(shape[p]);
    std::vector<int64_t> srcStrides(shape.size(), 1);
    for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
      srcStrides[d] = srcStrides[d + 1] * shape[d + 1];
    std::vector<uint8_t> permuted(bytes.size());
    std::vector<int64_t> index(perm.size(), 0);
    for (int64_t i = 0; i < count; ++i) {
      int64_t src = 0;
      for (size_t d = 0; d < perm.size(); ++d)
        src += index[d] * srcStrides[perm[d]];
      std::copy_n(bytes.begin() + src * width, width,
                  permuted.begin() + i * width);
      for (int64_t d = static_cast<int64_t>(perm.size()) - 1; d >= 0; --d) {
        if (++index[d] < permShape[d])
          break;
        index[d] = 0;
      }
    }
    bytes = std::move(permuted);
    if (dims.empty())
      outDims = permShape;
  }
  bool int32 = width == 4;
  std::string stored = initializer(
      base, int32 ? ::onnx::TensorProto::INT32 : ::onnx::TensorProto::INT8,
      outDims, llvm::ArrayRef<uint8_t>(bytes));
  std::string scale, zero;
  if (auto t = mlir::dyn_cast<mq::UniformQuantizedType>(element)) {
    scale =
        initializer<float>(base.str() + "_scale", ::onnx::TensorProto::FLOAT,
                           {}, {static_cast<float>(t.getScale())});
    if (int32)
      zero = initializer<int32_t>(base.str() + "_zero_point",
                                  ::onnx::TensorProto::INT32, {},
                                  {static_cast<int32_t>(t.getZeroPoint())});
    else
      zero = initializer<int8_t>(base.str() + "_zero_point",
                                 ::onnx::TensorProto::INT8, {},
                                 {static_cast<int8_t>(t.getZeroPoint())});
  } else if (auto t =
                 mlir::dyn_cast<mq::UniformQuantizedPerAxisType>(element)) {
    std::vector<float> scales(t.getScales().begin(), t.getScales().end());
    int64_t n = static_cast<int64_t>(scales.size());
    scale = initializer<float>(base.str() + "_scale",
                               ::onnx::TensorProto::FLOAT, {n}, scales);
    if (int32)
      zero = initializer<int32_t>(base.str() + "_zero_point",
                                  ::onnx::TensorProto::INT32, {n},
                                  std::vector<int32_t>(n, 0));
    else
      zero = initializer<int8_t>(base.str() + "_zero_point",
                                 ::onnx::TensorProto::INT8, {n},
                                 std::vector<int8_t>(n, 0));
  } else {
    return createStringError("a weight has an unsupported quantized type");
  }
  std::string d = fresh(base.str() + "_dq");
  ::onnx::NodeProto *n = node("DequantizeLinear", {stored, scale, zero}, {d});
  if (mlir::isa<mq::UniformQuantizedPerAxisType>(element))
    setInt(n, "axis", axis);
  return d;
}

Expected<std::string> Writer::convolution(mlir::Operation *op,
                                          mlir::Value input, mlir::Value filter,
                                          mlir::Value bias,
                                          llvm::ArrayRef<int64_t> strides,
                                          llvm::ArrayRef<int64_t> pad,
                                          QActivation act, bool depthwise) {
  std::string base = locationName(op->getLoc(), "conv");
  Expected<std::string> x = dequantized(input, Layout::NCHW);
  if (!x)
    return x.takeError();
  llvm::ArrayRef<int64_t> fs = shapeOf(filter);
  // OHWI -> OIHW; a depthwise HWC filter -> [C, 1, kh, kw].
  Expected<std::string> w =
      depthwise ? constant(filter, base + "_weight", {fs[2], 1, fs[0], fs[1]},
                           {2, 0, 1})
                : constant(filter, base + "_weight", {}, {0, 3, 1, 2});
  if (!w)
    return w.takeError();
  Expected<std::string> b = constant(bias, base + "_bias");
  if (!b)
    return b.takeError();
  std::string y = fresh(base + "_out");
  ::onnx::NodeProto *n = node("Conv", {*x, *w, *b}, {y}, base);
  int64_t kh = depthwise ? fs[0] : fs[1], kw = depthwise ? fs[1] : fs[2];
  setInts(n, "kernel_shape", {kh, kw});
  setInts(n, "strides", strides);
  // mnv4's [top, left, bottom, right] is ONNX's [x1_begin, x2_begin,
  // x1_end, x2_end].
  setInts(n, "pads", pad);
  if (depthwise)
    setInt(n, "group", fs[2]);
  return activation(y, act);
}

Error Writer::emit(mlir::Operation *op,
                   llvm::ArrayRef<std::string> outputNames) {
  std::string base = locationName(op->getLoc(), op->getName().stripDialect());
  // An op whose float result in `layout` is quantized to its own result.
  auto produce = [&](Expected<std::string> y, Layout layout) -> Error {
    if (!y)
      return y.takeError();
    return quantizeInto(op->getResult(0), *y, layout, base);
  };
  auto binary = [&](llvm::StringRef type, mlir::Value lhs, mlir::Value rhs,
                    QActivation act) -> Error {
    // NCHW when the operands are already there (a constant [C] goes either
    // way); else as the IR has them.
    auto inNCHW = [&](mlir::Value v) {
      if (v.getDefiningOp<QConstOp>())
        return shapeOf(v).size() == 1;
      auto it = values.find(v);
      return shapeOf(v).size() == 4 && it != values.end() &&
             it->second.native == Layout::NCHW;
    };
    Layout layout = inNCHW(lhs) && inNCHW(rhs) ? Layout::NCHW : Layout::Logical;
    Expected<std::string> a = dequantized(lhs, layout);
    if (!a)
      return a.takeError();
    auto rhsTensor = [&]() -> Expected<std::string> {
      if (!rhs.getDefiningOp<QConstOp>())
        return dequantized(rhs, layout);
      // A layer scale [C]: broadcast over channels, [C, 1, 1] in NCHW.
      if (layout == Layout::NCHW && shapeOf(rhs).size() == 1)
        return constant(rhs, base + "_" + type.lower(),
                        {shapeOf(rhs).back(), 1, 1});
      return constant(rhs, base + "_" + type.lower());
    };
    Expected<std::string> b = rhsTensor();
    if (!b)
      return b.takeError();
    std::string y = fresh(base + "_out");
    node(type, {*a, *b}, {y}, base);
    return produce(activation(y, act), layout);
  };
  auto unary = [&](llvm::StringRef type, mlir::Value input,
                   Layout layout) -> Expected<std::string> {
    Expected<std::string> x = dequantized(input, layout);
    if (!x)
      return x.takeError();
    std::string y = fresh(base + "_out");
    node(type, {*x}, {y}, base);
    return y;
  };

  return llvm::TypeSwitch<mlir::Operation *, Error>(op)
      .Case([&](QConstOp) { return Error::success(); })
      .Case([&](QuantizeOp q) -> Error {
        mlir::Value in = q.getInput();
        if (!mlir::isa<mq::QuantizedType>(elementOf(in))) {
          // The model's float input: NCHW, as the timm export takes it.
          auto arg = mlir::dyn_cast<mlir::BlockArgument>(in);
          if (!arg || shapeOf(in).size() != 4)
            return createStringError("a float quantize input is not a 4-D "
                                     "function argument");
          return quantizeInto(q.getResult(), "input", Layout::NCHW, "input");
        }
        return produce(dequantized(in, values[in].native), values[in].native);
      })
      .Case([&](DequantizeOp d) -> Error {
        if (!d->hasOneUse() ||
            !mlir::isa<mlir::func::ReturnOp>(*d->getUsers().begin()))
          return createStringError("a dequantize feeds more than the result");
        Expected<std::string> x = dequantized(d.getInput(), Layout::Logical);
        if (!x)
          return x.takeError();
        unsigned index = d->getUses().begin()->getOperandNumber();
        node("Identity", {*x}, {outputNames[index]});
        return Error::success();
      })
      .Case([&](QConv2DOp c) {
        return produce(convolution(op, c.getInput(), c.getFilter(), c.getBias(),
                                   c.getStrides(), c.getPad(), c.getAct(),
                                   /*depthwise=*/false),
                       Layout::NCHW);
      })
      .Case([&](QDepthwiseConv2DOp c) {
        return produce(convolution(op, c.getInput(), c.getFilter(), c.getBias(),
                                   c.getStrides(), c.getPad(), c.getAct(),
                                   /*depthwise=*/true),
                       Layout::NCHW);
      })
      .Case([&](QFullyConnectedOp fc) -> Error {
        mlir::Value in = fc.getInput();
        int64_t features = shapeOf(in).back();
        if (shapeOf(in).size() == 4 &&
            (shapeOf(in)[1] != 1 || shapeOf(in)[2] != 1))
          return createStringError("a fully connected input is not [N, 1, 1, "
                                   "C]");
        // [N, 1, 1, C] and [N, C, 1, 1] hold the same bytes: reshape the int8
        // tensor, then dequantize it for the Gemm.
        Expected<std::string> q = quantized(in, values[in].native);
        if (!q)
          return q.takeError();
        std::string flat = fresh(base + "_flat");
        node(
            "Reshape",
            {*q, shapeInitializer(base + "_shape", {shapeOf(in)[0], features})},
            {flat});
        std::string x = fresh(flat + "_dq");
        node("DequantizeLinear", {flat, values[in].scale, values[in].zeroPoint},
             {x});
        Expected<std::string> w = constant(fc.getWeight(), base + "_weight");
        if (!w)
          return w.takeError();
        Expected<std::string> b = constant(fc.getBias(), base + "_bias");
        if (!b)
          return b.takeError();
        std::string y = fresh(base + "_out");
        setInt(node("Gemm", {x, *w, *b}, {y}, base), "transB", 1);
        return produce(y, Layout::Logical);
      })
      .Case([&](QAddOp a) {
        return binary("Add", a.getLhs(), a.getRhs(), a.getAct());
      })
      .Case([&](QMulOp m) {
        return binary("Mul", m.getLhs(), m.getRhs(), QActivation::none);
      })
      .Case([&](QMeanOp m) {
        return produce(unary("GlobalAveragePool", m.getInput(), Layout::NCHW),
                       Layout::NCHW);
      })
      .Case([&](QAvgPool2DOp p) -> Error {
        Expected<std::string> y =
            unary("AveragePool", p.getInput(), Layout::NCHW);
        if (!y)
          return y.takeError();
        ::onnx::NodeProto *n = graph->mutable_node(graph->node_size() - 1);
        setInts(n, "kernel_shape",
                {static_cast<int64_t>(p.getKernel()),
                 static_cast<int64_t>(p.getKernel())});
        setInts(n, "strides",
                {static_cast<int64_t>(p.getStride()),
                 static_cast<int64_t>(p.getStride())});
        return produce(*y, Layout::NCHW);
      })
      .Case([&](QBatchMatMulOp m) -> Error {
        Expected<std::string> a = dequantized(m.getLhs(), Layout::Logical);
        if (!a)
          return a.takeError();
        Expected<std::string> b = dequantized(m.getRhs(), Layout::Logical);
        if (!b)
          return b.takeError();
        std::string y = fresh(base + "_out");
        node("MatMul", {*a, *b}, {y}, base);
        return produce(y, Layout::Logical);
      })
      .Case([&](QSoftmaxOp s) -> Error {
        Expected<std::string> y =
            unary("Softmax", s.getInput(), Layout::Logical);
        if (!y)
          return y.takeError();
        setInt(graph->mutable_node(graph->node_size() - 1), "axis", -1);
        return produce(*y, Layout::Logical);
      })
      .Case([&](QLutOp l) -> Error {
        bool gelu = l.getKind() == QLut::gelu;
        return produce(
            unary(gelu ? "Gelu" : "Sigmoid", l.getInput(), Layout::Logical),
            Layout::Logical);
      })
      .Case([&](QReshapeOp r) -> Error {
        Expected<std::string> q = quantized(r.getInput(), Layout::Logical);
        if (!q)
          return q.takeError();
        std::string y = fresh(base + "_reshaped");
        node("Reshape",
             {*q, shapeInitializer(base + "_shape", shapeOf(r.getResult()))},
             {y}, base);
        alias(r.getResult(), r.getInput(), y, Layout::Logical);
        return Error::success();
      })
      .Case([&](QTransposeOp t) -> Error {
        Expected<std::string> q = quantized(t.getInput(), Layout::Logical);
        if (!q)
          return q.takeError();
        std::string y = fresh(base + "_transposed");
        setInts(node("Transpose", {*q}, {y}, base), "perm", t.getPerm());
        alias(t.getResult(), t.getInput(), y, Layout::Logical);
        return Error::success();
      })
      .Default([&](mlir::Operation *) {
        return createStringError(
            llvm::formatv("{0} has no QDQ ONNX form", describe(op)).str());
      });
}

Expected<std::string> Writer::write(mlir::func::FuncOp func) {
  if (func.getNumArguments() != 1)
    return createStringError("a QDQ model takes one input");
  ::onnx::ModelProto model;
  model.set_ir_version(9);
  model.set_producer_name("mnv4");
  model.set_doc_string("int8 QDQ model written by mnv4-compile "
                       "--emit=onnx-qdq (docs/onnx-qdq.md)");
  ::onnx::OperatorSetIdProto *opset = model.add_opset_import();
  opset->set_domain("");
  opset->set_version(kOpset);
  graph = model.mutable_graph();
  graph->set_name(func.getSymName().str());

  auto addValueInfo = [](::onnx::ValueInfoProto *info, const std::string &name,
                         llvm::ArrayRef<int64_t> shape) {
    info->set_name(name);
    ::onnx::TypeProto_Tensor *t = info->mutable_type()->mutable_tensor_type();
    t->set_elem_type(::onnx::TensorProto::FLOAT);
    for (int64_t d : shape)
      t->mutable_shape()->add_dim()->set_dim_value(d);
  };
  mlir::Value input = func.getArgument(0);
  if (shapeOf(input).size() != 4 || !elementOf(input).isF32())
    return createStringError("a QDQ model's input is a float NHWC tensor");
  addValueInfo(graph->add_input(), "input", toNCHW(shapeOf(input)));
  nameCount["input"] = 1;

  std::vector<std::string> outputNames;
  auto names = func->getAttrOfType<mlir::ArrayAttr>("mnv4.output_names");
  for (unsigned i = 0; i < func.getNumResults(); ++i) {
    std::string name = "output" + std::to_string(i);
    if (names && i < names.size())
      if (auto s = mlir::dyn_cast<mlir::StringAttr>(names[i]))
        name = s.str();
    outputNames.push_back(fresh(name));
    auto type =
        mlir::dyn_cast<mlir::RankedTensorType>(func.getResultTypes()[i]);
    if (!type || !type.getElementType().isF32())
      return createStringError("a QDQ model's results are float tensors");
    addValueInfo(graph->add_output(), outputNames.back(), type.getShape());
  }
  for (mlir::Operation &op : func.getBody().front().without_terminator())
    if (Error e = emit(&op, outputNames))
      return createStringError(
          llvm::formatv("{0}: {1}", describe(&op), llvm::toString(std::move(e)))
              .str());
  for (mlir::Value r : func.getBody().front().getTerminator()->getOperands())
    if (!r.getDefiningOp<DequantizeOp>())
      return createStringError("a result is not an mnv4.dequantize");
  std::string bytes;
  if (!model.SerializeToString(&bytes))
    return createStringError("the ONNX model does not serialize (over 2 GiB?)");
  return bytes;
}

} // namespace

Expected<std::string> writeQDQ(mlir::func::FuncOp func) {
  return Writer().write(func);
}

} // namespace mnv4::onnx
